package cli

import (
	"fmt"
	"io"
	"strconv"

	"github.com/courtchain/judicial/chaincode/enforcement"
	"github.com/courtchain/judicial/gateway-client/judicial"
	"github.com/spf13/cobra"
)

func (a *App) enforcementCommand() *cobra.Command {
	const example = "'(2026)J执0A1B2C3D4E号'"
	enf := &cobra.Command{Use: "enforcement", Short: "Enforcement cases: operations log, measures, property clues, settlements, distribution"}
	measure := &cobra.Command{Use: "measure", Short: "Freezes, seizures and deductions: an officer requests, a judge approves, the bank executes"}
	measure.AddCommand(
		a.callCommand(call{use: "request CASE KIND TARGET AMOUNT DOCUMENT", short: "Request a freeze, seizure or deduction (enforcement officers; TARGET and DOCUMENT are digests)", function: "enforcement:RequestMeasure", args: 5, submit: true,
			example: "  judicial --identity officer1 enforcement measure request " + example + " deduction <sha256 of the account> 50000 <sha256 of the request>"}),
		a.callCommand(call{use: "approve CASE MEASURE DOCUMENT", short: "Approve a requested measure (judges other than the requester)", function: "enforcement:ApproveMeasure", args: 3, submit: true,
			example: "  judicial --identity judge1 enforcement measure approve " + example + " M1 <sha256 of the ruling>"}),
		a.callCommand(call{use: "reject CASE MEASURE REASON", short: "Reject a requested measure (judges)", function: "enforcement:RejectMeasure", args: 3, submit: true,
			example: "  judicial --identity judge1 enforcement measure reject " + example + ` M1 "disproportionate"`}),
		a.callCommand(call{use: "confirm CASE MEASURE EXECUTED PROOF", short: "Confirm the bank executed an approved measure (bank officers of its bank)", function: "enforcement:ConfirmMeasure", args: 4, submit: true,
			example: "  judicial --org CreditMSP --identity bank1 enforcement measure confirm " + example + " M1 50000 <sha256 of the receipt>"}),
		a.callCommand(call{use: "show CASE MEASURE", short: "Show a measure", function: "enforcement:GetMeasure", args: 2,
			example: "  judicial --org CreditMSP --identity bank1 enforcement measure show " + example + " M1"}),
	)
	clue := &cobra.Command{Use: "clue", Short: "Property clues reported by banks"}
	clue.AddCommand(
		a.callCommand(call{use: "report DEBTOR KIND DESCRIPTION VALUE", short: "Report a property clue: resumes the debtor's terminated cases and asks this bank to freeze (bank officers; KIND deposit|real_estate|vehicle|securities|receivable|other)", function: "enforcement:ReportPropertyClue", args: 4, submit: true,
			example: "  judicial --org CreditMSP --identity bank1 enforcement clue report <debtor pseudonym> deposit <sha256 of the particulars> 60000"}),
		a.callCommand(call{use: "show ID", short: "Show a clue", function: "enforcement:GetClue", args: 1,
			example: "  judicial --identity auditor enforcement clue show CL0011223344556677889900"}),
	)
	enf.AddCommand(
		a.callCommand(call{use: "open REQUEST", short: "File an enforcement case on a creditor's application (clerks; JSON: basis{type,id}, document, creditors, debtors, amount, claims, evidence)", function: "enforcement:OpenCase", args: 1, submit: true, request: true,
			example: "  judicial --identity clerk1 enforcement open @case.json"}),
		a.callCommand(call{use: "show CASE", short: "Show an enforcement case", function: "enforcement:GetCase", args: 1,
			example: "  judicial --identity auditor enforcement show " + example}),
		a.callCommand(call{use: "activate CASE DOCUMENT", short: "Issue the enforcement notice: filed → active (officers, judges)", function: "enforcement:Activate", args: 2, submit: true,
			example: "  judicial --identity officer1 enforcement activate " + example + " <sha256 of the notice>"}),
		a.callCommand(call{use: "log CASE KIND DOCUMENT NOTE", short: "Log an investigation, valuation, auction, interview, credit_punishment or archiving (officers)", function: "enforcement:LogOperation", args: 4, submit: true,
			example: "  judicial --identity officer1 enforcement log " + example + ` investigation <sha256 of the report> "online inquiry: no deposits"`}),
		a.callCommand(call{use: "terminate CASE REASON DOCUMENT", short: "Terminate the current procedure for lack of property (judges)", function: "enforcement:Terminate", args: 3, submit: true,
			example: "  judicial --identity judge1 enforcement terminate " + example + ` "no property after investigation" <sha256 of the ruling>`}),
		a.callCommand(call{use: "resume CASE REASON DOCUMENT", short: "Resume a terminated or settled case on the creditor's application (judges)", function: "enforcement:Resume", args: 3, submit: true,
			example: "  judicial --identity judge1 enforcement resume " + example + ` "creditor found a vehicle" <sha256 of the application>`}),
		a.callCommand(call{use: "settle CASE REQUEST", short: "Record an enforcement settlement (officers, judges; JSON: document, instalments[{amount,due}])", function: "enforcement:Settle", args: 2, submit: true, request: true,
			example: "  judicial --identity officer1 enforcement settle " + example + ` '{"document":"<sha256>","instalments":[{"amount":50000,"due":"2027-01-31T00:00:00Z"}]}'`}),
		a.callCommand(call{use: "collect CASE AMOUNT PROOF NOTE", short: "Record money collected (officers, bank officers); concludes the case when the amount due is reached", function: "enforcement:RecordCollection", args: 4, submit: true,
			example: "  judicial --org CreditMSP --identity bank1 enforcement collect " + example + ` 50000 <sha256 of the transfer> "paid by the debtor"`}),
		a.callCommand(call{use: "distribute CASE AMOUNT DOCUMENT", short: "Distribute collected money among the creditors (officers)", function: "enforcement:Distribute", args: 3, submit: true,
			example: "  judicial --identity officer1 enforcement distribute " + example + " 50000 <sha256 of the plan>"}),
		a.callCommand(call{use: "policy CASE", short: "Show which orgs must endorse any change of the case (its key-level policy)", function: "enforcement:KeyPolicy", args: 1,
			example: "  judicial --identity auditor enforcement policy " + example}),
		a.opsCommand(), measure, clue,
	)
	return enf
}

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
			return a.withClient(func(cl *judicial.Client) error {
				ops, bookmark, err := collect(&paging, func(bookmark string) ([]byte, error) {
					if byCase {
						return cl.Evaluate(cmd.Context(), "enforcement:Operations", args[0], strconv.Itoa(paging.pageSize), bookmark)
					}
					return cl.Evaluate(cmd.Context(), "enforcement:OperationsByKind", kind, from, to, strconv.Itoa(paging.pageSize), bookmark)
				}, func(p *enforcement.OperationPage) ([]enforcement.Operation, string) { return p.Operations, p.Bookmark })
				if err != nil {
					return err
				}
				return a.emit(map[string]any{"operations": ops, "bookmark": bookmark}, func(w io.Writer) {
					for _, op := range ops {
						step := op.Kind
						if op.Step != "" {
							step += "/" + op.Step + " " + op.Measure
						}
						fmt.Fprintf(w, "%s  #%-3d %-26s %-28s %s", op.At, op.Seq, op.Case, step, op.Officer)
						if op.Amount != 0 {
							fmt.Fprintf(w, "  %d fen", op.Amount)
						}
						if op.Note != "" {
							fmt.Fprintf(w, "  %s", op.Note)
						}
						fmt.Fprintln(w)
					}
					if bookmark != "" {
						fmt.Fprintf(w, "more: --bookmark %q\n", bookmark)
					}
				})
			})
		},
	}
	paging.register(cmd, "entries")
	cmd.Flags().StringVar(&kind, "kind", "", "list this kind of operation across cases")
	cmd.Flags().StringVar(&from, "from", "", "with --kind: start of the time range (RFC 3339, inclusive)")
	cmd.Flags().StringVar(&to, "to", "", "with --kind: end of the time range (RFC 3339, exclusive)")
	return cmd
}
