package cli

import (
	"context"
	"fmt"
	"io"

	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/gateway-client/enforcement"
	"github.com/courtchain/judicial/gateway-client/judicial"
	"github.com/spf13/cobra"
)

func (a *App) enforcementCommand() *cobra.Command {
	const example = "'(2026)J执0A1B2C3D4E号'"
	enf := func(c *judicial.Client) *enforcement.Client { return enforcement.New(c) }
	group := &cobra.Command{Use: "enforcement", Short: "Enforcement cases: operations log, measures, property clues, settlements, distribution"}
	measure := &cobra.Command{Use: "measure", Short: "Freezes, seizures and deductions: an officer requests, a judge approves, the bank executes"}
	measure.AddCommand(
		a.opCommand(op{use: "request CASE KIND TARGET AMOUNT DOCUMENT", short: "Request a freeze, seizure or deduction (enforcement officers; TARGET and DOCUMENT are digests)", args: 5,
			example: "  judicial --identity officer1 enforcement measure request " + example + " deduction <sha256 of the account> 50000 <sha256 of the request>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				amount, err := number("AMOUNT", args[3])
				if err != nil {
					return nil, nil, err
				}
				return submitted(enf(c).RequestMeasure(ctx, args[0], args[1], args[2], amount, args[4]))
			}}),
		a.opCommand(op{use: "approve CASE MEASURE DOCUMENT", short: "Approve a requested measure (judges other than the requester)", args: 3,
			example: "  judicial --identity judge1 enforcement measure approve " + example + " M1 <sha256 of the ruling>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).ApproveMeasure(ctx, args[0], args[1], args[2]))
			}}),
		a.opCommand(op{use: "reject CASE MEASURE REASON", short: "Reject a requested measure (judges)", args: 3,
			example: "  judicial --identity judge1 enforcement measure reject " + example + ` M1 "disproportionate"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).RejectMeasure(ctx, args[0], args[1], args[2]))
			}}),
		a.opCommand(op{use: "confirm CASE MEASURE EXECUTED PROOF", short: "Confirm the bank executed an approved measure (bank officers of its bank)", args: 4,
			example: "  judicial --org CreditMSP --identity bank1 enforcement measure confirm " + example + " M1 50000 <sha256 of the receipt>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				executed, err := number("EXECUTED", args[2])
				if err != nil {
					return nil, nil, err
				}
				return submitted(enf(c).ConfirmMeasure(ctx, args[0], args[1], executed, args[3]))
			}}),
		a.opCommand(op{use: "show CASE MEASURE", short: "Show a measure", args: 2,
			example: "  judicial --org CreditMSP --identity bank1 enforcement measure show " + example + " M1",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(enf(c).Measure(ctx, args[0], args[1]))
			}}),
	)
	clue := &cobra.Command{Use: "clue", Short: "Property clues reported by banks"}
	clue.AddCommand(
		a.opCommand(op{use: "report DEBTOR KIND DESCRIPTION VALUE", short: "Report a property clue: resumes the debtor's terminated cases and asks this bank to freeze (bank officers; KIND deposit|real_estate|vehicle|securities|receivable|other)", args: 4,
			example: "  judicial --org CreditMSP --identity bank1 enforcement clue report <debtor pseudonym> deposit <sha256 of the particulars> 60000",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				value, err := number("VALUE", args[3])
				if err != nil {
					return nil, nil, err
				}
				return submitted(enf(c).ReportPropertyClue(ctx, args[0], args[1], args[2], value))
			}}),
		a.opCommand(op{use: "show ID", short: "Show a clue", args: 1,
			example: "  judicial --identity auditor enforcement clue show CL0011223344556677889900",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(enf(c).Clue(ctx, args[0]))
			}}),
	)
	group.AddCommand(
		a.opCommand(op{use: "open REQUEST", short: "File an enforcement case on a creditor's application (clerks; JSON: basis{type,id}, document, creditors, debtors, amount, claims, evidence)", args: 1,
			example: "  judicial --identity clerk1 enforcement open @case.json",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				var req enforcementapi.OpenRequest
				if err := request(args[0], &req); err != nil {
					return nil, nil, err
				}
				return submitted(enf(c).Open(ctx, req))
			}}),
		a.opCommand(op{use: "show CASE", short: "Show an enforcement case", args: 1,
			example: "  judicial --identity auditor enforcement show " + example,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(enf(c).Case(ctx, args[0]))
			}}),
		a.opCommand(op{use: "activate CASE DOCUMENT", short: "Issue the enforcement notice: filed → active (officers, judges)", args: 2,
			example: "  judicial --identity officer1 enforcement activate " + example + " <sha256 of the notice>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).Activate(ctx, args[0], args[1]))
			}}),
		a.opCommand(op{use: "log CASE KIND DOCUMENT NOTE", short: "Log an investigation, valuation, auction, interview, credit_punishment or archiving (officers)", args: 4,
			example: "  judicial --identity officer1 enforcement log " + example + ` investigation <sha256 of the report> "online inquiry: no deposits"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).LogOperation(ctx, args[0], args[1], args[2], args[3]))
			}}),
		a.opCommand(op{use: "terminate CASE REASON DOCUMENT", short: "Terminate the current procedure for lack of property (judges)", args: 3,
			example: "  judicial --identity judge1 enforcement terminate " + example + ` "no property after investigation" <sha256 of the ruling>`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).Terminate(ctx, args[0], args[1], args[2]))
			}}),
		a.opCommand(op{use: "resume CASE REASON DOCUMENT", short: "Resume a terminated or settled case on the creditor's application (judges)", args: 3,
			example: "  judicial --identity judge1 enforcement resume " + example + ` "creditor found a vehicle" <sha256 of the application>`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).Resume(ctx, args[0], args[1], args[2]))
			}}),
		a.opCommand(op{use: "settle CASE REQUEST", short: "Record an enforcement settlement (officers, judges; JSON: document, instalments[{amount,due}])", args: 2,
			example: "  judicial --identity officer1 enforcement settle " + example + ` '{"document":"<sha256>","instalments":[{"amount":50000,"due":"2027-01-31T00:00:00Z"}]}'`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				var req enforcementapi.SettlementRequest
				if err := request(args[1], &req); err != nil {
					return nil, nil, err
				}
				return submitted(enf(c).Settle(ctx, args[0], req))
			}}),
		a.opCommand(op{use: "collect CASE AMOUNT PROOF NOTE", short: "Record money a bank moved under an approved measure of the case (bank officers of that bank); concludes the case when the amount due is reached", args: 4,
			example: "  judicial --org CreditMSP --identity bank1 enforcement collect " + example + ` 50000 <sha256 of the transfer> "deducted under M2"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				amount, err := number("AMOUNT", args[1])
				if err != nil {
					return nil, nil, err
				}
				return submitted(enf(c).RecordCollection(ctx, args[0], amount, args[2], args[3]))
			}}),
		a.opCommand(op{use: "report-collection CASE AMOUNT PROOF NOTE", short: "Report money paid that no bank under a measure saw (officers, clerks); it counts once another person confirms it", args: 4,
			example: "  judicial --identity clerk1 enforcement report-collection " + example + ` 50000 <sha256 of the receipt> "paid at the court's counter"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				amount, err := number("AMOUNT", args[1])
				if err != nil {
					return nil, nil, err
				}
				return submitted(enf(c).ReportCollection(ctx, args[0], amount, args[2], args[3]))
			}}),
		a.opCommand(op{use: "confirm-collection CASE REPORT", short: "Confirm a reported collection (judges, clerks; never who reported it); may conclude the case", args: 2,
			example: "  judicial --identity judge1 enforcement confirm-collection " + example + " R1",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).ConfirmCollection(ctx, args[0], args[1]))
			}}),
		a.opCommand(op{use: "distribute CASE AMOUNT DOCUMENT", short: "Distribute collected money among the creditors (officers)", args: 3,
			example: "  judicial --identity officer1 enforcement distribute " + example + " 50000 <sha256 of the plan>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				amount, err := number("AMOUNT", args[1])
				if err != nil {
					return nil, nil, err
				}
				return submitted(enf(c).Distribute(ctx, args[0], amount, args[2]))
			}}),
		a.opCommand(op{use: "policy CASE", short: "Show which orgs must endorse any change of the case (its key-level policy)", args: 1,
			example: "  judicial --identity auditor enforcement policy " + example,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(enf(c).KeyPolicy(ctx, args[0]))
			}}),
		a.opsCommand(), measure, clue,
	)
	return group
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
				e := enforcement.New(cl)
				ops, bookmark, err := collect(&paging, func(opts ...judicial.PageOption) ([]enforcementapi.Operation, string, error) {
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
