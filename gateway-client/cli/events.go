package cli

import (
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
the listener reconnects from its checkpoint, with back-off.`

func (a *App) followCommand() *cobra.Command {
	var flags followFlags
	cmd := &cobra.Command{
		Use:   "follow",
		Short: "Follow the chaincode's events, resuming after restarts from a checkpoint file",
		Long:  followLong,
		Example: `  judicial --identity auditor events follow --checkpoint events.checkpoint
  judicial --identity auditor events follow --checkpoint cms.checkpoint --webhook http://127.0.0.1:8099/judicial --metrics 127.0.0.1:9471
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
	checkpoint, webhook, metrics string
	start                        uint64
	count                        int
}

func (f *followFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.checkpoint, "checkpoint", "", "checkpoint file (created if missing)")
	cmd.Flags().StringVar(&f.webhook, "webhook", "", "POST each event as JSON to this URL, with an Idempotency-Key header; a transaction is checkpointed once its events are delivered")
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
	var deliver func(listener.Event) error
	if f.webhook != "" {
		deliver = listener.MeteredWebhook(ctx, f.webhook, l.Metrics)
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
