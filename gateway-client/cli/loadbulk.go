package cli

import (
	"fmt"

	cc "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/spf13/cobra"
)

func (a *App) loadBulkCommand() *cobra.Command {
	var cfg load.BulkConfig
	cmd := &cobra.Command{
		Use:   "bulk",
		Short: "Anchor N random digests as individual records in bulk transactions and report records per second",
		Long: `Anchors --records random digests, each its own record with its own evidence
number, in transactions of 1,000 (evidence:AnchorBulk), --parallel of them in
flight, and times it end to end: endorsement, ordering and commit on every
peer the gateway waits for. Also the way to fill a ledger for a scale test.`,
		Example: "  judicial --identity clerk1 load bulk --records 100000 --parallel 8",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Records < 1 {
				return fmt.Errorf("--records must be at least 1, got %d", cfg.Records)
			}
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				return a.emitLine(load.Bulk(cmd.Context(), e, cfg, func(done int) { a.progress("anchored", done, cfg.Records) }))
			})
		},
	}
	cmd.Flags().IntVar(&cfg.Records, "records", 100000, "records to anchor")
	cmd.Flags().IntVar(&cfg.Parallel, "parallel", 8, "bulk transactions in flight at once")
	cmd.Flags().StringVar(&cfg.Kind, "kind", cc.KindCaseFile, "kind of the records")
	return cmd
}
