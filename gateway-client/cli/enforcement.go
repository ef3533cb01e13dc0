package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"

	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/gateway-client/enforcement"
	"github.com/courtchain/judicial/gateway-client/judicial"
	"github.com/spf13/cobra"
)

func (a *App) enforcementCommand() *cobra.Command {
	const example = "'(2026)J执0A1B2C3D4E号'"
	enf := func(c *judicial.Client) *enforcement.Client { return enforcement.New(c) }
	group := &cobra.Command{Use: "enforcement", Short: "Enforcement cases: operations log, measures, termination and resumption, property clues, settlements, distribution"}
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
		a.opCommand(op{use: "report DEBTOR KIND DESCRIPTION VALUE", short: "Report a property clue: a terminated case of the debtor is resumed as a case of its own when VALUE covers what is outstanding (less becomes an officer's task), an active one gets a freeze request to this bank (bank officers; KIND deposit|real_estate|vehicle|securities|receivable|other)", args: 4,
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
	inquiry := &cobra.Command{Use: "inquiry", Short: "The court's network inquiry every 6 months for 5 years after a termination, and the banks' answers"}
	inquiry.AddCommand(
		a.opCommand(op{use: "schedule CASE", short: "Show a terminated case's inquiry rounds and whether each is still in the deadline index", args: 1,
			example: "  judicial --identity judge1 enforcement inquiry schedule " + example,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(enf(c).Inquiries(ctx, args[0]))
			}}),
		a.opCommand(op{use: "answer CASE REQUEST", short: "Answer the inquiry round that fell due (bank officers; JSON: channel, found, value in fen, description digest): covering property resumes the case with a freeze request to this bank, less becomes an officer's task", args: 2,
			example: "  judicial --org CreditMSP --identity bank1 enforcement inquiry answer " + example + ` '{"channel":"online_bank","found":true,"value":1200000,"description":"<sha256 of the answer>"}'`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				var req enforcementapi.InquiryAnswer
				if err := request(args[1], &req); err != nil {
					return nil, nil, err
				}
				return submitted(enf(c).AnswerInquiry(ctx, args[0], req))
			}}),
	)
	resumption := &cobra.Command{Use: "resumption", Short: "Resumption of a terminated case: the creditor's application and its verification, officers' tasks"}
	resumption.AddCommand(
		a.opCommand(op{use: "apply CASE REQUEST", short: "Record a creditor's application to resume a terminated case with the property found (clerks; JSON: document, property{kind,description,value}); no time limit", args: 2,
			example: "  judicial --identity clerk1 enforcement resumption apply " + example + ` '{"document":"<sha256 of the application>","property":{"kind":"vehicle","description":"<sha256>","value":0}}'`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				var req enforcementapi.ResumptionApplication
				if err := request(args[1], &req); err != nil {
					return nil, nil, err
				}
				return submitted(enf(c).ApplyResumption(ctx, args[0], req))
			}}),
		a.opCommand(op{use: "verify CASE APPLICATION VERIFIED DOCUMENT", short: "Record whether the property a creditor reported is verified (enforcement officers; VERIFIED true|false): verified dockets the resumption case", args: 4,
			example: "  judicial --identity officer1 enforcement resumption verify " + example + " P1 true <sha256 of the verification record>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				verified, err := strconv.ParseBool(args[2])
				if err != nil {
					return nil, nil, fmt.Errorf("VERIFIED %q: true or false", args[2])
				}
				return submitted(enf(c).VerifyProperty(ctx, args[0], args[1], verified, args[3]))
			}}),
		a.opCommand(op{use: "decide-task CASE TASK DECISION REASON", short: "Decide a task a property report raised in a terminated case (enforcement officers; DECISION resume|no_resumption, the latter with a REASON)", args: 4,
			example: "  judicial --identity officer1 enforcement resumption decide-task " + example + ` T1 no_resumption "20,000 fen do not pay for an auction"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).DecideTask(ctx, args[0], args[1], args[2], args[3]))
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
		a.opCommand(op{use: "log CASE KIND DOCUMENT NOTE", short: "Log an investigation, valuation, auction, interview, credit_punishment, archiving, or a step termination asks for: report_order, restriction_order, listing, no_listing_grounds, debtor_search, debtor_not_missing (officers)", args: 4,
			example: "  judicial --identity officer1 enforcement log " + example + ` report_order <sha256 of the order> "order to report property served"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).LogOperation(ctx, args[0], args[1], args[2], args[3]))
			}}),
		a.opCommand(op{use: "search CASE CHANNEL DOCUMENT NOTE", short: "Log a property search through one channel of parameter enforcement.searchChannels (officers); termination needs one through each", args: 4,
			example: "  judicial --identity officer1 enforcement search " + example + ` online_bank <sha256 of the inquiry result> "no deposits"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).LogSearch(ctx, args[0], args[1], args[2], args[3]))
			}}),
		a.opCommand(op{use: "terminate CASE REASON DOCUMENT", short: "Terminate the current procedure for lack of property once the log shows the five conditions of the 2016 Provisions, art. 1 (judges); schedules the court's inquiries", args: 3,
			example: "  judicial --identity judge1 enforcement terminate " + example + ` "no property after investigation" <sha256 of the ruling>`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).Terminate(ctx, args[0], args[1], args[2]))
			}}),
		a.opCommand(op{use: "resume CASE REASON DOCUMENT", short: "Resume a terminated case, or a settled one whose settlement is not performed, on the creditor's application (judges): dockets a resumption case (执恢) of its own", args: 3,
			example: "  judicial --identity judge1 enforcement resume " + example + ` "creditor found a vehicle" <sha256 of the application>`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).Resume(ctx, args[0], args[1], args[2]))
			}}),
		a.opCommand(op{use: "suspend CASE GROUND DOCUMENT", short: "Suspend enforcement for a retrial or the debtor's bankruptcy (judges; GROUND retrial|bankruptcy); the debtors' listings are removed", args: 3,
			example: "  judicial --identity judge1 enforcement suspend " + example + " bankruptcy <sha256 of the ruling>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).Suspend(ctx, args[0], args[1], args[2]))
			}}),
		a.opCommand(op{use: "end-suspension CASE DOCUMENT", short: "End a suspension: the case is active again (judges)", args: 2,
			example: "  judicial --identity judge1 enforcement end-suspension " + example + " <sha256 of the ruling>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).EndSuspension(ctx, args[0], args[1]))
			}}),
		a.opCommand(op{use: "not-enforce CASE DOCUMENT REASON", short: "Record the ruling not to enforce the document (judges); final, the debtors' listings are removed", args: 3,
			example: "  judicial --identity judge1 enforcement not-enforce " + example + ` <sha256 of the ruling> "the award exceeded the arbitration agreement"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).RuleNotToEnforce(ctx, args[0], args[1], args[2]))
			}}),
		a.opCommand(op{use: "finally-terminate CASE GROUND DOCUMENT", short: "Terminate enforcement (终结执行) on a ground of CPL 2023 art. 268 (judges; GROUND application_withdrawn|document_revoked|debtor_died_without_estate|maintenance_creditor_died|debtor_destitute|other); final", args: 3,
			example: "  judicial --identity judge1 enforcement finally-terminate " + example + " application_withdrawn <sha256 of the ruling>",
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(enf(c).FinallyTerminate(ctx, args[0], args[1], args[2]))
			}}),
		a.opCommand(op{use: "settle CASE REQUEST", short: "Record an enforcement settlement (officers, judges; JSON: document, instalments[{amount,due}], preAuthorised and authorisation, the digest of the creditor's application to resume on a missed instalment)", args: 2,
			example: "  judicial --identity officer1 enforcement settle " + example + ` '{"document":"<sha256>","instalments":[{"amount":50000,"due":"2027-01-31T00:00:00Z"}],"preAuthorised":true,"authorisation":"<sha256>"}'`,
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
		a.opsCommand(), measure, clue, inquiry, resumption,
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
						fmt.Fprintf(w, "%s  #%-3d %-26s %-28s %s", a.when(op.At), op.Seq, op.Case, step, op.Officer)
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
