package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/gateway-client/deadline"
	"github.com/courtchain/judicial/gateway-client/enforcement"
	"github.com/courtchain/judicial/gateway-client/judicial"
	"github.com/courtchain/judicial/gateway-client/keeper"
	"github.com/courtchain/judicial/gateway-client/listener"
	"github.com/courtchain/judicial/gateway-client/mediation"
	"github.com/spf13/cobra"
)

func (a *App) mediationCommands() []*cobra.Command {
	med := func(c *judicial.Client) *mediation.Client { return mediation.New(c) }
	filing := &cobra.Command{Use: "filing", Short: "Case filings: submit, docket, reject (docketed automatically when review ends)"}
	filing.AddCommand(
		a.opCommand(op{use: "submit REQUEST", short: "Submit a filing (JSON: claimants, respondents, claim, materials, amount)", args: 1,
			example: `  judicial --identity clerk1 filing submit '{"claimants":["<pseudonym>"],"respondents":["<pseudonym>"],"claim":"<sha256>","amount":500000}'`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				var req mediationapi.FilingRequest
				if err := request(args[0], &req); err != nil {
					return nil, nil, err
				}
				return submitted(med(c).SubmitFiling(ctx, req))
			}}),
		a.opCommand(op{use: "docket ID", short: "Docket a filing and open its trial case (clerks)", args: 1,
			example: "  judicial --identity clerk1 filing docket FL20261124-0011223344556677",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(med(c).Docket(ctx, args[0]))
			}}),
		a.opCommand(op{use: "reject ID REASON", short: "Reject a filing with a reason (clerks, judges)", args: 2,
			example: `  judicial --identity clerk1 filing reject FL20261124-0011223344556677 "outside this court's jurisdiction"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(med(c).Reject(ctx, args[0], args[1]))
			}}),
		a.opCommand(op{use: "show ID", short: "Show a filing", args: 1,
			example: "  judicial --identity auditor filing show FL20261124-0011223344556677",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(med(c).Filing(ctx, args[0]))
			}}),
	)
	agreement := &cobra.Command{Use: "agreement", Short: "Mediation agreements: register, judicial confirmation, performance, breach, enforcement on application"}
	agreement.AddCommand(
		a.opCommand(op{use: "register REQUEST", short: "Register an agreement (mediators; JSON: digest, effectiveAt, evidence, obligations); judicial confirmation is the court's, applied for afterwards", args: 1,
			example: `  judicial --org MediationMSP --identity mediator1 agreement register @agreement.json
  # agreement.json: {"digest":"<sha256>","effectiveAt":"2026-01-05T10:00:00+08:00",
  #   "obligations":[{"debtor":"<pseudonym>","creditor":"<pseudonym>","amount":1200000,"due":"2026-03-01T00:00:00+08:00"}]}`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				var req mediationapi.AgreementRequest
				if err := request(args[0], &req); err != nil {
					return nil, nil, err
				}
				return submitted(med(c).RegisterAgreement(ctx, req))
			}}),
		a.opCommand(op{use: "apply-confirmation ID DOCUMENT", short: "Record the parties' joint application for judicial confirmation, with its digest, within 30 days of the agreement taking effect (clerks; CPL 2023 art. 205)", args: 2,
			example: "  judicial --identity clerk1 agreement apply-confirmation MA20261124-… <sha256 of the application>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(med(c).ApplyForConfirmation(ctx, args[0], args[1]))
			}}),
		a.opCommand(op{use: "confirm-judicially ID REQUEST", short: "Record the ruling that confirms an agreement (judges; JSON: rulingNumber, rulingDate, document, preAuthorization)", args: 2,
			example: `  judicial --identity judge1 agreement confirm-judicially MA20261124-… '{"rulingNumber":"(2026)京0491民特12号","rulingDate":"2026-11-30","document":"<sha256 of the ruling>"}'`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				var req mediationapi.ConfirmationRequest
				if err := request(args[1], &req); err != nil {
					return nil, nil, err
				}
				return submitted(med(c).ConfirmAgreement(ctx, args[0], req))
			}}),
		a.opCommand(op{use: "reject-confirmation ID REASON", short: "Record the ruling that refuses confirmation, with its reason (judges): a breach then goes to a filing", args: 2,
			example: `  judicial --identity judge1 agreement reject-confirmation MA20261124-… "the agreement disposes of a third party's property"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(med(c).RejectConfirmation(ctx, args[0], args[1]))
			}}),
		a.opCommand(op{use: "pre-authorise ID DOCUMENT", short: "Record the creditor's application for enforcement made in advance (clerks): a later breach of the confirmed agreement opens its case at once", args: 2,
			example: "  judicial --identity clerk1 agreement pre-authorise MA20261124-… <sha256 of the creditor's application>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(med(c).PreAuthorise(ctx, args[0], args[1]))
			}}),
		a.opCommand(op{use: "apply-enforcement BREACH DOCUMENT", short: "File the creditor's application for enforcement of a breach of a confirmed agreement (clerks): the case carries what the breach covers, nothing else", args: 2,
			example: `  judicial --identity clerk1 agreement apply-enforcement MA20261124-… <sha256 of the application>
  judicial --identity clerk1 agreement apply-enforcement MA20261124-…/2 <sha256 of the application>   # a later breach`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				id, _, _ := strings.Cut(args[0], "/")
				ag, err := med(c).Agreement(ctx, id)
				if err != nil {
					return nil, nil, err
				}
				req, err := mediation.ApplicationFor(ag, args[0], args[1])
				if err != nil {
					return nil, nil, err
				}
				return submitted(enforcement.New(c).Open(ctx, req))
			}}),
		a.opCommand(op{use: "report ID OBLIGATION AMOUNT PROOF", short: "Report a payment with the digest of its proof", args: 4,
			example: "  judicial --org MediationMSP --identity mediator1 agreement report MA20261124-… 0 50000 <sha256 of the transfer slip>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				obligation, err := index("OBLIGATION", args[1])
				if err != nil {
					return nil, nil, err
				}
				amount, err := number("AMOUNT", args[2])
				if err != nil {
					return nil, nil, err
				}
				return submitted(med(c).ReportPerformance(ctx, args[0], obligation, amount, args[3]))
			}}),
		a.opCommand(op{use: "confirm ID OBLIGATION REPORT", short: "Confirm a reported payment (bank officers, clerks; never who reported it)", args: 3,
			example: "  judicial --org CreditMSP --identity bank1 agreement confirm MA20261124-… 0 0",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				obligation, err := index("OBLIGATION", args[1])
				if err != nil {
					return nil, nil, err
				}
				report, err := index("REPORT", args[2])
				if err != nil {
					return nil, nil, err
				}
				return submitted(med(c).ConfirmPerformance(ctx, args[0], obligation, report))
			}}),
		a.opCommand(op{use: "breach ID OBLIGATION REASON", short: "Report that a due obligation is unperformed (clerks, mediators): the breach goes on at once to enforcement, an application or a filing", args: 3,
			example: `  judicial --identity clerk1 agreement breach MA20261124-… 0 "creditor reports no payment"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				obligation, err := index("OBLIGATION", args[1])
				if err != nil {
					return nil, nil, err
				}
				return submitted(med(c).ReportBreach(ctx, args[0], obligation, args[2]))
			}}),
		a.opCommand(op{use: "show ID", short: "Show an agreement", args: 1,
			example: "  judicial --identity auditor agreement show MA20261124-…",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(med(c).Agreement(ctx, args[0]))
			}}),
	)
	judgment := &cobra.Command{Use: "judgment", Short: "Judgments and their performance deadlines"}
	judgment.AddCommand(
		a.opCommand(op{use: "record REQUEST", short: "Record a judgment (judges; JSON: id, digest, debtors, creditors, amount, effectiveAt, deadline (optional), preAuthorized)", args: 1,
			example: "  judicial --identity judge1 judgment record @judgment.json",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				var req mediationapi.JudgmentRequest
				if err := request(args[0], &req); err != nil {
					return nil, nil, err
				}
				return submitted(med(c).RecordJudgment(ctx, req))
			}}),
		a.opCommand(op{use: "report ID AMOUNT PROOF", short: "Report a payment on a judgment with the digest of its proof (clerks, bank officers); it counts once confirmed", args: 3,
			example: "  judicial --identity clerk1 judgment report '(2026)J0491民初7号' 900000 <sha256 of the transfer slip>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				amount, err := number("AMOUNT", args[1])
				if err != nil {
					return nil, nil, err
				}
				return submitted(med(c).ReportJudgmentPayment(ctx, args[0], amount, args[2]))
			}}),
		a.opCommand(op{use: "confirm ID REPORT", short: "Confirm a reported payment on a judgment (bank officers, clerks; never who reported it)", args: 2,
			example: "  judicial --org CreditMSP --identity bank1 judgment confirm '(2026)J0491民初7号' 0",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				report, err := index("REPORT", args[1])
				if err != nil {
					return nil, nil, err
				}
				return submitted(med(c).ConfirmJudgmentPayment(ctx, args[0], report))
			}}),
		a.opCommand(op{use: "show ID", short: "Show a judgment", args: 1,
			example: "  judicial --identity auditor judgment show '(2026)J0491民初7号'",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(med(c).Judgment(ctx, args[0]))
			}}),
	)
	caseCmd := &cobra.Command{Use: "case", Short: "Cases opened by filings and triggers"}
	caseCmd.AddCommand(a.opCommand(op{use: "show NUMBER", short: "Show a case", args: 1,
		example: "  judicial --identity auditor case show '(2026)J执0A1B2C3D4E号'",
		run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
			return queried(med(c).Case(ctx, args[0]))
		}}))
	dl := &cobra.Command{Use: "deadline", Short: "The deadline index: what is due, sweeps and single triggers"}
	dl.AddCommand(
		a.opCommand(op{use: "due FROM MAX", short: `List due items (FROM "" for the start)`, args: 2,
			example: `  judicial --identity auditor deadline due "" 50`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				max, err := index("MAX", args[1])
				if err != nil {
					return nil, nil, err
				}
				return queried(deadline.New(c).Due(ctx, args[0], max))
			}}),
		a.opCommand(op{use: "sweep FROM TO MAX", short: "Process at most MAX due items from FROM up to TO (court judges and clerks; \"\" for open ends)", args: 3,
			example: `  judicial --identity clerk1 deadline sweep "" "" 100`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				max, err := index("MAX", args[2])
				if err != nil {
					return nil, nil, err
				}
				return submitted(deadline.New(c).Sweep(ctx, args[0], args[1], max))
			}}),
		a.opCommand(op{use: "set-aside FROM MAX", short: `List items sweeps set aside because processing them failed, with the reasons (FROM "" for the start)`, args: 2,
			example: `  judicial --identity auditor deadline set-aside "" 50`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				max, err := index("MAX", args[1])
				if err != nil {
					return nil, nil, err
				}
				return queried(deadline.New(c).SetAside(ctx, args[0], max))
			}}),
		a.opCommand(op{use: "trigger KIND ID", short: "Process one overdue item now (kinds: filing, obligation, judgment, instalment, listing)", args: 2,
			example: "  judicial --org MediationMSP --identity mediator1 deadline trigger obligation MA20261124-…#0",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(deadline.New(c).Trigger(ctx, args[0], args[1]))
			}}),
	)
	return []*cobra.Command{filing, agreement, judgment, caseCmd, dl, a.keeperCommand(), a.eventsCommand()}
}

func (a *App) keeperCommand() *cobra.Command {
	k := &keeper.Keeper{}
	var status string
	var once bool
	run := &cobra.Command{
		Use:   "run",
		Short: "Submit sweeps of due deadlines until stopped (run it with a court clerk or judge)",
		Example: `  judicial --identity clerk1 keeper run --interval 5s --status 127.0.0.1:9470
  curl http://127.0.0.1:9470/status
  curl http://127.0.0.1:9470/metrics   # Prometheus (docs/reliability.md, Metrics)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// A service manager stops the keeper with SIGTERM: it ends
			// the same way as on Ctrl-C, between rounds or in one, and
			// what that round did not commit the next one sweeps.
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return a.withClient(func(c *judicial.Client) error {
				k.Ledger, k.Log = deadline.New(c), slog.New(slog.NewTextHandler(a.Err, nil))
				if once {
					n, txs, err := k.Round(ctx)
					if err != nil {
						return err
					}
					return a.emit(map[string]int{"processed": n, "transactions": txs}, func(w io.Writer) {
						fmt.Fprintf(w, "processed %d due items in %d transactions\n", n, txs)
					})
				}
				if status != "" {
					reg := newRegistry()
					k.Metrics = keeper.NewMetrics(reg)
					stop, err := serve("status", status, statusHandler(reg, func() any { return k.Status() }))
					if err != nil {
						return err
					}
					defer stop()
				}
				k.Log.Info("keeper started", "as", c.MSPID()+"/"+c.Identity(), "peer", c.Peer().Endpoint, "batch", k.Batch, "parallel", k.Parallel, "interval", k.Interval)
				return k.Run(ctx)
			})
		},
	}
	run.Flags().IntVar(&k.Batch, "batch", keeper.DefaultBatch, "most items per sweep transaction (halved while the channel's sweep.maxItems refuses it)")
	run.Flags().IntVar(&k.Parallel, "parallel", keeper.DefaultParallel, "sweep transactions in flight at once")
	run.Flags().DurationVar(&k.Interval, "interval", 5*time.Second, "pause between rounds when nothing is due")
	run.Flags().DurationVar(&k.Backoff.Max, "max-backoff", time.Minute, "longest pause after rounds that failed in a row (the pause starts at about 1s and doubles)")
	run.Flags().StringVar(&status, "status", "", "serve progress as JSON on this address, and Prometheus metrics on its /metrics (e.g. 127.0.0.1:9470)")
	run.Flags().BoolVar(&once, "once", false, "run one round and exit")
	keeperCmd := &cobra.Command{Use: "keeper", Short: "The deadline keeper"}
	keeperCmd.AddCommand(run)
	return keeperCmd
}

func (a *App) eventsCommand() *cobra.Command {
	var checkpoint, webhook, metrics string
	var start uint64
	var count int
	follow := &cobra.Command{
		Use:   "follow",
		Short: "Follow the chaincode's events, resuming after restarts from a checkpoint file",
		Long: `Follow prints each transaction's events, and with --webhook posts each event
to a URL, checkpointing after each transaction is handled. Delivery is at least
once: an event delivered just before a crash is delivered again after the
restart, with the same Idempotency-Key header ("<block>:<txid>:<index>", also in
the body), which a receiver uses to drop the repeat. When the event stream ends
the listener reconnects from its checkpoint, with back-off.`,
		Example: `  judicial --identity auditor events follow --checkpoint events.checkpoint
  judicial --identity auditor events follow --checkpoint cms.checkpoint --webhook http://127.0.0.1:8099/judicial --metrics 127.0.0.1:9471
  curl http://127.0.0.1:9471/metrics   # Prometheus (docs/reliability.md, Metrics)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if checkpoint == "" {
				return errors.New("--checkpoint is required: it is how a restart resumes without losing events")
			}
			// Stopped by SIGTERM as by Ctrl-C: an event being delivered
			// is not checkpointed, and comes again after the restart.
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return a.withClient(func(c *judicial.Client) error {
				ctx, cancel := context.WithCancel(ctx)
				defer cancel()
				// The source asks the client for its network at each
				// connection: one on another gateway peer if it failed over.
				l := &listener.Listener{Source: listener.Chaincode(c.Network, c.Chaincode()), File: checkpoint, StartBlock: start,
					Log: slog.New(slog.NewTextHandler(a.Err, nil))}
				if metrics != "" {
					reg := newRegistry()
					l.Metrics, l.Height = listener.NewMetrics(reg), c.Height
					stop, err := serve("metrics", metrics, statusHandler(reg, nil))
					if err != nil {
						return err
					}
					defer stop()
				}
				var deliver func(listener.Event) error
				if webhook != "" {
					deliver = listener.MeteredWebhook(ctx, webhook, l.Metrics)
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
					if seen++; count > 0 && seen >= count {
						cancel()
					}
					return nil
				})
			})
		},
	}
	follow.Flags().StringVar(&checkpoint, "checkpoint", "", "checkpoint file (created if missing)")
	follow.Flags().StringVar(&webhook, "webhook", "", "POST each event as JSON to this URL, with an Idempotency-Key header; a transaction is checkpointed once its events are delivered")
	follow.Flags().Uint64Var(&start, "start-block", 0, "block to start from when the checkpoint is new")
	follow.Flags().StringVar(&metrics, "metrics", "", "serve Prometheus metrics on this address's /metrics (e.g. 127.0.0.1:9471); the ledger height for the lag is read every 15s")
	follow.Flags().IntVar(&count, "count", 0, "stop after this many events (0: follow until stopped)")
	events := &cobra.Command{Use: "events", Short: "Chaincode events"}
	events.AddCommand(follow)
	return events
}
