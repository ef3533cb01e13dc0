package cli

import (
	"fmt"
	"io"

	cc "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/spf13/cobra"
)

// Evidence records by number: read one and its versions, and mark one
// revoked or superseded.

func (a *App) showCommand() *cobra.Command {
	return &cobra.Command{
		Use: "show NUMBER", Short: "Show an evidence record", Args: cobra.ExactArgs(1),
		Example: "  judicial --identity auditor evidence show EV0123456789ABCDEF0123456789ABCDEF",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				r, err := e.Show(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				return a.emit(r, func(w io.Writer) { a.printRecord(w, r) })
			})
		},
	}
}

func (a *App) printRecord(w io.Writer, r *cc.Record) {
	fmt.Fprintf(w, "number:     %s\nkind:       %s\ndigest:     %s:%s\nstatus:     %s\n", r.Number, r.Kind, r.Algorithm, r.Digest, r.Status)
	for _, kv := range [][2]string{{"case:", r.CaseNumber}, {"media type:", r.MediaType}, {"location:", r.Location}, {"batch:", treeSize(r)}} {
		if kv[1] != "" {
			fmt.Fprintf(w, "%-11s %s\n", kv[0], kv[1])
		}
	}
	fmt.Fprintf(w, "depositor:  %s (%s)\nanchored:   %s\ntx:         %s\n", r.Depositor, r.Depositor.Role, a.when(r.AnchoredAt), r.TxID)
	if s := r.StatusNote; s != nil {
		fmt.Fprintf(w, "%s by %s at %s: %s", s.Status, s.By, a.when(s.At), s.Reason)
		if s.SupersededBy != "" {
			fmt.Fprintf(w, " (by %s)", s.SupersededBy)
		}
		fmt.Fprintln(w)
	}
}

func treeSize(r *cc.Record) string {
	if r.TreeSize == 0 {
		return ""
	}
	return fmt.Sprintf("%d leaves", r.TreeSize)
}

func (a *App) historyCommand() *cobra.Command {
	return &cobra.Command{
		Use: "history NUMBER", Short: "Show every version of an evidence record, oldest first", Args: cobra.ExactArgs(1),
		Example: "  judicial --identity auditor evidence history EV0123456789ABCDEF0123456789ABCDEF",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				h, err := e.History(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				return a.emit(h, func(w io.Writer) {
					for i, v := range h {
						fmt.Fprintf(w, "version %d: %s tx %s — status %s\n", i+1, a.when(v.Timestamp), v.TxID, v.Record.Status)
					}
				})
			})
		},
	}
}

func (a *App) markCommand(action string) *cobra.Command {
	var reason, by string
	cmd := &cobra.Command{
		Use:   action + " NUMBER",
		Short: "Mark a record " + map[string]string{"revoke": "revoked", "supersede": "superseded by a newer one"}[action] + " (court judges and clerks); nothing is deleted",
		Args:  cobra.ExactArgs(1),
		Example: map[string]string{
			"revoke":    `  judicial --identity judge1 evidence revoke EV0123456789ABCDEF0123456789ABCDEF --reason "forged, see ruling (2026)京0491民初1号"`,
			"supersede": `  judicial --identity clerk1 evidence supersede EV0123456789ABCDEF0123456789ABCDEF --by EVFEDCBA9876543210FEDCBA9876543210 --reason "corrected copy"`,
		}[action],
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				var r *cc.Record
				var tx *gateway.Result
				var err error
				if action == "revoke" {
					r, tx, err = e.Revoke(cmd.Context(), args[0], reason)
				} else {
					r, tx, err = e.Supersede(cmd.Context(), args[0], by, reason)
				}
				if err != nil {
					return err
				}
				res := &evidence.Anchored{Record: r, Transaction: tx}
				return a.emit(res, func(w io.Writer) {
					a.printRecord(w, res.Record)
					fmt.Fprintf(w, "committed in block %d\n", res.Transaction.Block)
				})
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why (required)")
	if action == "supersede" {
		cmd.Flags().StringVar(&by, "by", "", "evidence number of the newer record (required)")
	}
	return cmd
}
