package cli

import (
	"fmt"
	"io"

	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/gateway-client/enforcement"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/spf13/cobra"
)

// The enforcement contract's functions are commands of their own
// (functions.go); this one follows the log's pages for them.

// opsCommand pages through a case's log, or one kind of operation across
// cases in a time range.
func (a *App) opsCommand() *cobra.Command {
	var paging pagedFlags
	var kind, from, to string
	cmd := &cobra.Command{
		Use:   "ops [CASE]",
		Short: "Read a case's operations log in order, or (with --kind, --from, --to) one kind across all cases",
		Example: `  judicial --identity auditor enforcement ops '(2026)J执0A1B2C3D4E号' --all
  judicial --identity auditor enforcement ops --kind freeze --from 2026-01-01T00:00:00Z --to 2027-01-01T00:00:00Z --page-size 50`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			byCase := len(args) == 1
			if byCase == (kind != "") {
				return fmt.Errorf("give either a case number or --kind with --from and --to")
			}
			return a.withClient(func(cl *gateway.Client) error {
				e := enforcement.New(cl)
				ops, bookmark, err := collect(&paging, func(opts ...gateway.PageOption) ([]enforcementapi.Operation, string, error) {
					var page *enforcementapi.OperationPage
					var err error
					if byCase {
						page, err = e.Operations(cmd.Context(), args[0], opts...)
					} else {
						page, err = e.OperationsByKind(cmd.Context(), kind, from, to, opts...)
					}
					if err != nil {
						return nil, "", err
					}
					return page.Operations, page.Bookmark, nil
				})
				if err != nil {
					return err
				}
				return a.emit(map[string]any{"operations": ops, "bookmark": bookmark}, func(w io.Writer) {
					for _, op := range ops {
						a.printOperation(w, op)
					}
					printBookmark(w, bookmark)
				})
			})
		},
	}
	calls(cmd, enforcementapi.Operations.Function, enforcementapi.OperationsByKind.Function)
	paging.register(cmd, "entries")
	cmd.Flags().StringVar(&kind, "kind", "", "list this kind of operation across cases")
	cmd.Flags().StringVar(&from, "from", "", "with --kind: start of the time range (RFC 3339, inclusive)")
	cmd.Flags().StringVar(&to, "to", "", "with --kind: end of the time range (RFC 3339, exclusive)")
	return cmd
}

// printOperation prints one entry of the log on a line.
func (a *App) printOperation(w io.Writer, op enforcementapi.Operation) {
	step := op.Kind
	if op.Step != "" {
		step += "/" + op.Step + " " + op.Measure
	}
	fmt.Fprintf(w, "%s  #%-3d %-26s %-28s %s", a.when(op.At), op.Seq, op.Case, step, op.Officer)
	if op.Amount != 0 {
		fmt.Fprintf(w, "  %d fen", op.Amount)
	}
	if op.Note != "" {
		fmt.Fprintf(w, "  %s", op.Note)
	}
	fmt.Fprintln(w)
}
