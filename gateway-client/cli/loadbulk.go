package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	cc "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/spf13/cobra"
)

func (a *App) loadBulkCommand() *cobra.Command {
	var n, parallel int
	var kind string
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
			if n < 1 {
				return fmt.Errorf("--records must be at least 1, got %d", n)
			}
			items := make([]cc.BulkItem, n)
			for i := range items {
				items[i] = cc.BulkItem{Digest: randomDigest(), Size: 1}
			}
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				start := time.Now()
				bulks, err := e.AnchorMany(cmd.Context(), api.SHA256, kind, items, parallel, func(done int) { a.progress("anchored", done, n) })
				elapsed := time.Since(start)
				anchored := 0
				for _, b := range bulks {
					anchored += len(b.Numbers) - len(b.Existing)
				}
				out := map[string]any{"records": anchored, "transactions": len(bulks), "parallel": parallel,
					"seconds": elapsed.Seconds(), "recordsPerSecond": float64(anchored) / elapsed.Seconds()}
				if err != nil {
					return fmt.Errorf("after %d records in %s: %w", anchored, elapsed.Round(time.Millisecond), err)
				}
				return a.emit(out, func(w io.Writer) {
					fmt.Fprintf(w, "%d records in %d transactions (%d in flight) in %s: %.0f records/s\n",
						anchored, len(bulks), parallel, elapsed.Round(time.Millisecond), float64(anchored)/elapsed.Seconds())
				})
			})
		},
	}
	cmd.Flags().IntVar(&n, "records", 100000, "records to anchor")
	cmd.Flags().IntVar(&parallel, "parallel", 8, "bulk transactions in flight at once")
	cmd.Flags().StringVar(&kind, "kind", cc.KindCaseFile, "kind of the records")
	return cmd
}
