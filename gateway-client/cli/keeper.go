package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/courtchain/judicial/gateway-client/deadline"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/keeper"
	"github.com/spf13/cobra"
)

// The keeper submits sweeps of the deadline index, so that cases move on
// by themselves (Opinions items 13-16): chaincode cannot wake itself.

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
			return a.withClient(func(c *gateway.Client) error {
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
