package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/listener"
	"github.com/spf13/cobra"
)

// A court's case system follows the chaincode's events as a listener
// with a checkpoint, and a webhook it posts each event to.

func (a *App) eventsCommand() *cobra.Command {
	events := &cobra.Command{Use: "events", Short: "Chaincode events"}
	events.AddCommand(a.followCommand())
	return events
}

const followLong = `Follow prints each transaction's events, and with --webhook posts each event
to a URL, checkpointing after each transaction is handled. Delivery is at least
once: an event delivered just before a crash is delivered again after the
restart, with the same Idempotency-Key header ("<block>:<txid>:<index>", also in
the body), which a receiver uses to drop the repeat. When the event stream ends
the listener reconnects from its checkpoint, with back-off.

Every delivery is signed: a Judicial-Signature header "t=UNIX,v1=HEX", the
HMAC-SHA256 of "UNIX.BODY" under the secret in --webhook-secret-file (32
bytes or more, readable by its owner only), which the receiver checks
before it believes anything. The URL is https, or http to this host only;
redirects are not followed. A delivery the receiver refuses for good (a 4xx
other than 408 and 429, or a redirect) is written to --dead-letter and the
events after it go on; other failures are retried.`

func (a *App) followCommand() *cobra.Command {
	var flags followFlags
	cmd := &cobra.Command{
		Use:   "follow",
		Short: "Follow the chaincode's events, resuming after restarts from a checkpoint file",
		Long:  followLong,
		Example: `  judicial --identity auditor events follow --checkpoint events.checkpoint
  judicial --identity auditor events follow --checkpoint cms.checkpoint --webhook http://127.0.0.1:8099/judicial \
      --webhook-secret-file cms.secret --metrics 127.0.0.1:9471
  curl http://127.0.0.1:9471/metrics   # Prometheus (docs/reliability.md, Metrics)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if flags.checkpoint == "" {
				return errors.New("--checkpoint is required: it is how a restart resumes without losing events")
			}
			// Stopped by SIGTERM as by Ctrl-C: an event being delivered
			// is not checkpointed, and comes again after the restart.
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return a.withClient(func(c *gateway.Client) error { return a.follow(ctx, c, flags) })
		},
	}
	flags.register(cmd)
	return cmd
}

// followFlags are events follow's flags: where to resume from, where to
// deliver, where to serve metrics, when to stop.
type followFlags struct {
	checkpoint, webhook, secretFile, deadLetter, metrics string
	start                                                uint64
	count                                                int
}

func (f *followFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.checkpoint, "checkpoint", "", "checkpoint file (created if missing)")
	cmd.Flags().StringVar(&f.webhook, "webhook", "", "POST each event as signed JSON to this URL (https, or http to this host), with an Idempotency-Key header; a transaction is checkpointed once its events are delivered")
	cmd.Flags().StringVar(&f.secretFile, "webhook-secret-file", os.Getenv("JUDICIAL_WEBHOOK_SECRET_FILE"), "file of the secret the deliveries are signed with (32 bytes or more, mode 0600; env JUDICIAL_WEBHOOK_SECRET_FILE)")
	cmd.Flags().StringVar(&f.deadLetter, "dead-letter", "", "file the deliveries the receiver refuses for good are written to (default: the checkpoint's name with .dead-letter.jsonl)")
	cmd.Flags().Uint64Var(&f.start, "start-block", 0, "block to start from when the checkpoint is new")
	cmd.Flags().StringVar(&f.metrics, "metrics", "", "serve Prometheus metrics on this address's /metrics (e.g. 127.0.0.1:9471); the ledger height for the lag is read every 15s")
	cmd.Flags().IntVar(&f.count, "count", 0, "stop after this many events (0: follow until stopped)")
}

// follow runs the listener until ctx ends or --count events are handled:
// each event delivered to the webhook, if any, then printed as a JSON line.
func (a *App) follow(ctx context.Context, c *gateway.Client, f followFlags) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The source asks the client for its network at each
	// connection: one on another gateway peer if it failed over.
	l := &listener.Listener{Source: listener.Chaincode(c.Network, c.Chaincode()), File: f.checkpoint, StartBlock: f.start,
		Log: slog.New(slog.NewTextHandler(a.Err, nil))}
	if f.metrics != "" {
		reg := newRegistry()
		l.Metrics, l.Height = listener.NewMetrics(reg), c.Height
		stop, err := serve("metrics", f.metrics, statusHandler(reg, nil))
		if err != nil {
			return err
		}
		defer stop()
	}
	deliver, err := f.webhookFor(ctx, l.Metrics)
	if err != nil {
		return err
	}
	seen := 0
	return l.Run(ctx, func(e listener.Event) error {
		if deliver != nil {
			if err := deliver(e); err != nil {
				return err
			}
		}
		line, _ := json.Marshal(e)
		fmt.Fprintln(a.Out, string(line))
		if seen++; f.count > 0 && seen >= f.count {
			cancel()
		}
		return nil
	})
}

// webhookFor is the webhook the flags name, nil without --webhook.
func (f followFlags) webhookFor(ctx context.Context, m *listener.Metrics) (func(listener.Event) error, error) {
	if f.webhook == "" {
		return nil, nil
	}
	if f.secretFile == "" {
		return nil, errors.New("--webhook-secret-file is required with --webhook: every delivery is signed, and the receiver checks the signature")
	}
	info, err := os.Stat(f.secretFile)
	if err != nil {
		return nil, fmt.Errorf("--webhook-secret-file: %w", err)
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("--webhook-secret-file %s is readable by others (mode %s): chmod 600 it", f.secretFile, info.Mode().Perm())
	}
	secret, err := os.ReadFile(f.secretFile)
	if err != nil {
		return nil, fmt.Errorf("--webhook-secret-file: %w", err)
	}
	deadLetter := f.deadLetter
	if deadLetter == "" {
		deadLetter = f.checkpoint + ".dead-letter.jsonl"
	}
	deliver, err := listener.NewWebhook(ctx, listener.WebhookConfig{URL: f.webhook, Secret: bytes.TrimSpace(secret), DeadLetter: deadLetter, Metrics: m})
	if err != nil {
		return nil, fmt.Errorf("--webhook: %w", err)
	}
	return deliver, nil
}
