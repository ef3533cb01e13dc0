package cli

import (
	"fmt"

	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/keeper"
	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/spf13/cobra"
)

func (a *App) loadSweepCommand() *cobra.Command {
	var cfg load.SweepConfig
	var judge string
	cmd := &cobra.Command{
		Use:   "sweep",
		Short: "Make N filings fall due at once and time the keeper sweeping them",
		Long: `Sets filing.reviewDays to 0 (as --judge; restored to 7 afterwards; only
chaincode servers with test periods accept 0),
submits --items filings as the command's identity (a clerk), waits until
they are due, then runs keeper rounds until none is left, and reports items
per second, sweep transactions and how many had to be retried for a
conflict.`,
		Example: "  judicial --identity clerk1 load sweep --items 10000",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			j, err := a.connectAs(a.Org, judge)
			if err != nil {
				return fmt.Errorf("--judge: %w", err)
			}
			defer j.Close()
			return a.withClient(func(c *gateway.Client) error {
				return a.emitLine(load.Sweep(cmd.Context(), j, c, cfg, a.Err))
			})
		},
	}
	cmd.Flags().IntVar(&cfg.Items, "items", 10000, "filings to make due")
	cmd.Flags().IntVar(&cfg.Clients, "clients", 64, "concurrent submitters of the filings")
	cmd.Flags().IntVar(&cfg.Batch, "batch", keeper.DefaultBatch, "most items per sweep transaction")
	cmd.Flags().IntVar(&cfg.Parallel, "parallel", keeper.DefaultParallel, "sweep transactions in flight at once")
	cmd.Flags().StringVar(&judge, "judge", "judge1", "court identity that sets the review period")
	return cmd
}
