//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/calendar"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/stretchr/testify/require"
)

// resumptionNumber is the form of a resumption case's own number (执恢).
var resumptionNumber = regexp.MustCompile(`^\(\d{4}\)J执恢[0-9A-F]{10}号$`)

// allowTermination lets cases end for lack of property at once, which
// the test network's chaincode servers allow (test periods; a court's
// never do); the law's 3 months are restored afterwards.
func allowTermination(t *testing.T) {
	judge := as(t, "CourtMSP", "judge1")
	_, _, err := gateway.Submit(ctx(t), judge, systemapi.SetParameter, gateway.WithArgs(systemapi.EnforcementTerminationMonths, "0"))
	require.NoError(t, err)
	t.Cleanup(func() {
		gateway.Submit(context.Background(), judge, systemapi.SetParameter, gateway.WithArgs(systemapi.EnforcementTerminationMonths, "3"))
	})
}

// allowInquiries makes every round of the court's inquiry after a
// termination due at once (test periods again); the law's 6 months are
// restored afterwards.
func allowInquiries(t *testing.T) {
	judge := as(t, "CourtMSP", "judge1")
	_, res, err := gateway.Submit(ctx(t), judge, systemapi.SetParameter, gateway.WithArgs(systemapi.EnforcementInquiryMonths, "0"))
	require.NoError(t, err)
	synced(t, res.Block)
	t.Cleanup(func() {
		gateway.Submit(context.Background(), judge, systemapi.SetParameter, gateway.WithArgs(systemapi.EnforcementInquiryMonths, "6"))
	})
}

// openCase files and activates an enforcement case of amount fen for a
// fresh creditor against debtor.
func openCase(t *testing.T, debtor string, amount int64) string {
	t.Helper()
	req, _ := json.Marshal(enforcementapi.OpenRequest{Basis: cases.Origin{Type: "notarial", ID: "N-" + pseudo(t)[:24]},
		Document: pseudo(t), Creditors: []string{pseudo(t)}, Debtors: []string{debtor}, Amount: amount})
	cs, _ := submitJSON(t, as(t, "CourtMSP", "clerk1"), enforcementapi.OpenCase, string(req))
	submitJSON(t, as(t, "CourtMSP", "officer1"), enforcementapi.Activate, cs.Number, pseudo(t))
	return cs.Number
}

// logTerminationConditions logs what the five conditions of termination
// for lack of property (2016 Provisions, art. 1) ask of an active case's
// log, the notice being Activate's: the order to report property, the
// restriction order, the finding that no ground for listing exists, a
// search through every channel the court defines, the debtor not
// missing.
func logTerminationConditions(t *testing.T, number string) {
	t.Helper()
	officer := as(t, "CourtMSP", "officer1")
	for _, kind := range []string{enforcementapi.OpReportOrder, enforcementapi.OpRestrictionOrder, enforcementapi.OpNoListingGrounds, enforcementapi.OpDebtorNotMissing} {
		submitJSON(t, officer, enforcementapi.LogOperation, number, kind, pseudo(t), "")
	}
	channels := evaluateJSON(t, officer, systemapi.GetParameter, systemapi.EnforcementSearchChannels)
	for _, ch := range strings.Split(channels.Value, ",") {
		submitJSON(t, officer, enforcementapi.LogSearch, number, ch, pseudo(t), "nothing found")
	}
}

// terminated opens a case of amount fen against debtor, logs the five
// conditions and has a judge terminate it for lack of property.
func terminated(t *testing.T, debtor string, amount int64) *enforcementapi.Case {
	t.Helper()
	allowTermination(t)
	n := openCase(t, debtor, amount)
	logTerminationConditions(t, n)
	cs, _ := submitJSON(t, as(t, "CourtMSP", "judge1"), enforcementapi.Terminate, n, "no property found after investigation", pseudo(t))
	require.Equal(t, cases.Terminated, cs.State)
	return cs
}

// breachToEnforcement registers an agreement of two obligations due in a
// moment, has the court confirm it with the creditor's application made
// in advance, and lets the keeper open its enforcement case.
func breachToEnforcement(t *testing.T, debtor string) *enforcementapi.Case {
	due := soon(25 * time.Second)
	a := register(t, mediationapi.AgreementRequest{Digest: pseudo(t), Obligations: []mediationapi.ObligationRequest{
		{Debtor: debtor, Creditor: pseudo(t), Amount: 120000, Due: due},
		{Debtor: debtor, Creditor: pseudo(t), Amount: 80000, Due: due},
	}})
	confirmAgreement(t, a.ID, true)
	got := breached(t, a.ID)
	require.Equal(t, cases.Enforcement, got.Breach.CaseKind)
	return evaluateJSON(t, as(t, "CourtMSP", "auditor"), enforcementapi.GetCase, got.Breach.CaseNumber)
}

// The whole loop: a mediation breach opens an enforcement case; it may
// not end for lack of property until the log shows the five conditions;
// it ends; a bank reports a clue worth what is outstanding and the case
// is resumed as a case of its own number, with a freeze request to that
// bank, while the original stays terminated; a judge approves, the bank
// freezes and then deducts; the money is distributed; the resumption
// case concludes.
func TestEnforcementFromBreachToConclusion(t *testing.T) {
	allowTermination(t)
	debtor := pseudo(t)
	cs := breachToEnforcement(t, debtor)
	n := cs.Number
	require.Equal(t, cases.Filed, cs.State)
	require.EqualValues(t, 200000, cs.AmountDue)
	require.Len(t, cs.Claims, 2)

	officer, judge, bank := as(t, "CourtMSP", "officer1"), as(t, "CourtMSP", "judge1"), as(t, "CreditMSP", "bank1")
	submitJSON(t, officer, enforcementapi.Activate, n, pseudo(t))
	_, _, err := gateway.Submit(ctx(t), judge, enforcementapi.Terminate, gateway.WithArgs(n, "no property", pseudo(t)))
	require.ErrorContains(t, err, "may not end for lack of property: 4 of the 5 conditions of the 2016 SPC Provisions, art. 1, are unmet")
	require.ErrorContains(t, err, "art. 1(1)")
	require.ErrorContains(t, err, "art. 1(2)")
	require.ErrorContains(t, err, "art. 1(3)")
	require.ErrorContains(t, err, "art. 1(5)")
	logTerminationConditions(t, n)
	submitJSON(t, judge, enforcementapi.Terminate, n, "no property found after investigation", pseudo(t))

	clue, res := submitJSON(t, bank, enforcementapi.ReportPropertyClue, debtor, "deposit", pseudo(t), "200000")
	require.False(t, clue.Duplicate)
	require.Len(t, clue.Cases, 1)
	r := clue.Cases[0].Resumption
	require.Regexp(t, resumptionNumber, r)
	require.Equal(t, enforcementapi.ClueOutcome{Case: n, Result: "resumed as " + r + "; freeze M1 requested from CreditMSP", Measure: "M1", Resumption: r}, clue.Cases[0])
	synced(t, res.Block)
	again, _ := submitJSON(t, bank, enforcementapi.ReportPropertyClue, debtor, "deposit", clue.Clue.Description, "200000")
	require.True(t, again.Duplicate, "the same clue again changes nothing")
	_, _, err = gateway.Submit(ctx(t), bank, enforcementapi.ReportPropertyClue, gateway.WithArgs(pseudo(t), "deposit", pseudo(t), "0"))
	require.ErrorContains(t, err, "no open enforcement case names this debtor")

	court := as(t, "CourtMSP", "auditor")
	original := evaluateJSON(t, court, enforcementapi.GetCase, n)
	require.Equal(t, cases.Terminated, original.State, "the original stays terminated")
	require.Equal(t, []string{r}, original.ResumedAs)
	resumed := evaluateJSON(t, court, enforcementapi.GetCase, r)
	require.Equal(t, cases.Active, resumed.State)
	require.Equal(t, n, resumed.Resumes)
	require.EqualValues(t, 200000, resumed.AmountDue)

	_, _, err = gateway.Submit(ctx(t), bank, enforcementapi.ConfirmMeasure, gateway.WithArgs(r, "M1", "200000", pseudo(t)))
	require.ErrorContains(t, err, "a bank executes only an approved measure")
	_, approved := submitJSON(t, judge, enforcementapi.ApproveMeasure, r, "M1", pseudo(t))
	synced(t, approved.Block) // the bank's peer endorses what the court's committed
	frozen, _ := submitJSON(t, bank, enforcementapi.ConfirmMeasure, r, "M1", "200000", pseudo(t))
	require.Equal(t, enforcementapi.Executed, frozen.Measure.State)

	d, _ := submitJSON(t, officer, enforcementapi.RequestMeasure, r, enforcementapi.OpDeduction, pseudo(t), "200000", pseudo(t))
	_, _, err = gateway.Submit(ctx(t), officer, enforcementapi.ApproveMeasure, gateway.WithArgs(r, d.Measure.ID, pseudo(t)))
	require.ErrorContains(t, err, "access denied: enforcement:ApproveMeasure needs role judge")
	_, approved = submitJSON(t, judge, enforcementapi.ApproveMeasure, r, d.Measure.ID, pseudo(t))
	synced(t, approved.Block)
	done, _ := submitJSON(t, bank, enforcementapi.ConfirmMeasure, r, d.Measure.ID, "200000", pseudo(t))
	require.Equal(t, cases.Concluded, done.Case.State)
	require.Equal(t, "amount due collected in full", done.Case.ConcludedHow)

	_, _, err = gateway.Submit(ctx(t), officer, enforcementapi.Distribute, gateway.WithArgs(r, "200001", pseudo(t)))
	require.ErrorContains(t, err, "more than the 200000 fen collected and not yet distributed")
	dist, res := submitJSON(t, officer, enforcementapi.Distribute, r, "200000", pseudo(t))
	var sum int64
	for _, s := range dist.Operation.Shares {
		sum += s.Amount
	}
	require.EqualValues(t, 200000, sum)
	synced(t, res.Block)

	// Every step is in the logs, in order, read back a page at a time.
	kinds := func(number string) []string {
		var out []string
		bookmark := ""
		for {
			page := evaluateJSON(t, court, enforcementapi.Operations, number, "4", bookmark)
			for _, op := range page.Operations {
				k := op.Kind
				if op.Step != "" {
					k += "/" + op.Step
				}
				out = append(out, k)
			}
			if bookmark = page.Bookmark; bookmark == "" {
				return out
			}
		}
	}
	require.Equal(t, []string{"notice", "report_order", "restriction_order", "no_listing_grounds", "debtor_not_missing",
		"search", "search", "search", "search", "termination", "property_clue", "resumption/resumed_as"}, kinds(n))
	require.Equal(t, []string{"resumption/docketed", "freeze/requested", "freeze/approved", "freeze/executed",
		"deduction/requested", "deduction/approved", "deduction/executed", "conclusion", "distribution"}, kinds(r))

	out, code := cli(t, t.TempDir(), "--identity", "auditor", "enforcement", "ops", r, "--all", "--page-size", "5")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "docketed as the resumption of "+n)
	require.Contains(t, out, "property clue "+clue.Clue.ID)
}

// A resumption is docketed under its own number, linked both ways; the
// original stays terminated and leaves the debtor index; the resumption
// case needs its own searches before it may be terminated again.
func TestResumptionIsDocketedUnderItsOwnNumber(t *testing.T) {
	debtor := pseudo(t)
	original := terminated(t, debtor, 70000)
	judge := as(t, "CourtMSP", "judge1")
	res, _ := submitJSON(t, judge, enforcementapi.Resume, original.Number, "the creditor applies: a vehicle was found", pseudo(t))
	r := res.Resumption
	require.Regexp(t, resumptionNumber, r.Number)
	require.NotEqual(t, original.Number, r.Number)
	require.Equal(t, cases.Origin{Type: cases.ResumptionOrigin, ID: original.Number}, r.Origin)
	require.Equal(t, original.Number, r.Resumes)
	require.Equal(t, cases.Active, r.State)
	require.EqualValues(t, 70000, r.AmountDue)

	court := as(t, "CourtMSP", "auditor")
	o := evaluateJSON(t, court, enforcementapi.GetCase, original.Number)
	require.Equal(t, cases.Terminated, o.State)
	require.Equal(t, []string{r.Number}, o.ResumedAs)
	_, _, err := gateway.Submit(ctx(t), judge, enforcementapi.Resume, gateway.WithArgs(original.Number, "again", pseudo(t)))
	require.ErrorContains(t, err, "was resumed as "+r.Number)

	// A clue about the debtor now reaches the resumption case only.
	clue, _ := submitJSON(t, as(t, "CreditMSP", "bank1"), enforcementapi.ReportPropertyClue, debtor, "vehicle", pseudo(t), "0")
	require.Len(t, clue.Cases, 1)
	require.Equal(t, r.Number, clue.Cases[0].Case)
	require.Equal(t, "logged; freeze M1 requested from CreditMSP", clue.Cases[0].Result)

	_, _, err = gateway.Submit(ctx(t), judge, enforcementapi.Terminate, gateway.WithArgs(r.Number, "no property", pseudo(t)))
	require.ErrorContains(t, err, "2 of the 5 conditions")
	require.ErrorContains(t, err, "art. 1(3)")
	require.ErrorContains(t, err, "art. 1(5)")
	require.NotContains(t, err.Error(), "art. 1(1)", "the notice and the orders of the matter carry over")
}

// The court's inquiry after termination: every 6 calendar months for 5
// years, ten items in the deadline index, read through enforcement:
// Inquiries and the CLI.
func TestInquiriesAreScheduledEverySixMonths(t *testing.T) {
	cs := terminated(t, pseudo(t), 40000)
	at, err := time.Parse(time.RFC3339Nano, cs.StateSince)
	require.NoError(t, err)
	schedule := evaluateJSON(t, as(t, "CourtMSP", "judge1"), enforcementapi.Inquiries, cs.Number)
	require.Len(t, schedule, 10)
	for i, in := range schedule {
		require.Equal(t, i+1, in.Round)
		require.Equal(t, calendar.AddMonths(at, 6*(i+1)).Format(time.RFC3339Nano), in.Due, "round %d", in.Round)
		require.Equal(t, enforcementapi.InquiryScheduled, in.State)
		require.True(t, in.Indexed, "round %d is in the deadline index", in.Round)
		require.Contains(t, in.Key, "|"+enforcementapi.KindInquiry+"|"+cs.Number+"#"+strconv.Itoa(in.Round))
	}
	_, _, err = gateway.Submit(ctx(t), as(t, "CreditMSP", "bank1"), enforcementapi.AnswerInquiry, gateway.WithArgs(cs.Number, `{"channel":"online_bank","found":false,"value":0,"description":"`+pseudo(t)+`"}`))
	require.ErrorContains(t, err, "no inquiry round of case "+cs.Number+" has fallen due yet (round 1 is due at "+schedule[0].Due+")")

	out, code := cli(t, t.TempDir(), "--identity", "judge1", "enforcement", "inquiry", "schedule", cs.Number)
	require.Equal(t, 0, code, out)
	require.Equal(t, 10, strings.Count(out, `"indexed": true`), out)
}

// The banks' answers to the court's inquiry (2016 Provisions art. 9
// para. 2; Opinions item 16): property worth less than what is
// outstanding becomes an officer's task; property that covers it
// resumes the case in the same transaction, as a case of its own with a
// freeze request to the answering bank.
func TestInquiryAnswersResumeOrRaiseTasks(t *testing.T) {
	allowInquiries(t)
	cs := terminated(t, pseudo(t), 90000)
	n := cs.Number
	court, bank := as(t, "CourtMSP", "auditor"), as(t, "CreditMSP", "bank1")
	// Every round falls due at once on the test network, one a sweep:
	// once the keeper has seen them all, nothing else writes the case.
	keepUntil(t, newKeeper(t), func() bool {
		for _, in := range evaluateJSON(t, court, enforcementapi.Inquiries, n) {
			if in.State != enforcementapi.InquiryDue {
				return false
			}
		}
		return true
	})
	page := evaluateJSON(t, court, enforcementapi.Operations, n, "200", "")
	due := 0
	for _, op := range page.Operations {
		if op.Kind == enforcementapi.OpInquiry && op.Step == enforcementapi.InquiryDue {
			require.True(t, op.Officer.Auto)
			due++
		}
	}
	require.Equal(t, 10, due)

	answer := func(a enforcementapi.InquiryAnswer) *enforcementapi.ResumptionResult {
		b, _ := json.Marshal(a)
		res, _ := submitJSON(t, bank, enforcementapi.AnswerInquiry, n, string(b))
		return res
	}
	nothing := answer(enforcementapi.InquiryAnswer{Channel: "securities", Description: pseudo(t)})
	require.Equal(t, "nothing found; logged", nothing.Result)
	partial := answer(enforcementapi.InquiryAnswer{Channel: "vehicles", Found: true, Value: 30000, Description: pseudo(t)})
	require.Equal(t, "T1", partial.Task)
	require.Nil(t, partial.Resumption)
	require.Equal(t, cases.Terminated, partial.Case.State)
	require.Len(t, partial.Case.Tasks, 1)
	require.EqualValues(t, 90000, partial.Case.Tasks[0].Outstanding)
	decided, _ := submitJSON(t, as(t, "CourtMSP", "officer1"), enforcementapi.DecideTask, n, "T1",
		enforcementapi.DecideNoResumption, "a car worth 300 yuan does not pay for an auction")
	require.Nil(t, decided.Resumption)
	require.Empty(t, decided.Case.Tasks)

	b, _ := json.Marshal(enforcementapi.InquiryAnswer{Channel: "online_bank", Found: true, Value: 95000, Description: pseudo(t)})
	start := time.Now()
	covering, res, err := gateway.Submit(ctx(t), bank, enforcementapi.AnswerInquiry, gateway.WithArgs(n, string(b)))
	require.NoError(t, err)
	r := covering.Resumption
	require.NotNil(t, r)
	synced(t, res.Block)
	resumed := evaluateJSON(t, court, enforcementapi.GetCase, r.Number)
	t.Logf("from the bank's answer to the resumed case %s on every peer: %v", resumed.Number, time.Since(start))
	require.Regexp(t, resumptionNumber, resumed.Number)
	require.Equal(t, cases.Active, resumed.State)
	require.Equal(t, n, resumed.Resumes)
	require.Equal(t, "resumed as "+r.Number+"; freeze M1 requested from CreditMSP", covering.Result)
	m := evaluateJSON(t, bank, enforcementapi.GetMeasure, r.Number, covering.Measure)
	require.Equal(t, enforcementapi.Requested, m.State)
	require.True(t, m.RequestedBy.Auto, "requested by the contract")
	require.Equal(t, "CreditMSP", m.Bank)
	require.EqualValues(t, 90000, m.Amount, "what is outstanding")
	o := evaluateJSON(t, court, enforcementapi.GetCase, n)
	require.Equal(t, cases.Terminated, o.State)
	require.Equal(t, []string{r.Number}, o.ResumedAs)
}

// The creditor's report of property (2016 Provisions art. 9 para. 1): a
// clerk records the application, an officer verifies the property, and
// the case is resumed as a case of its own.
func TestCreditorsReportResumesAfterVerification(t *testing.T) {
	cs := terminated(t, pseudo(t), 60000)
	n := cs.Number
	req, _ := json.Marshal(enforcementapi.ResumptionApplication{Document: pseudo(t),
		Property: enforcementapi.PropertyReport{Kind: "real_estate", Description: pseudo(t), Value: 800000}})
	_, _, err := gateway.Submit(ctx(t), as(t, "CourtMSP", "officer1"), enforcementapi.ApplyResumption, gateway.WithArgs(n, string(req)))
	require.ErrorContains(t, err, "needs role clerk")
	applied, _ := submitJSON(t, as(t, "CourtMSP", "clerk1"), enforcementapi.ApplyResumption, n, string(req))
	require.Equal(t, cases.Terminated, applied.State, "an application alone resumes nothing")
	require.Len(t, applied.Applications, 1)
	id := applied.Applications[0].ID

	res, _ := submitJSON(t, as(t, "CourtMSP", "officer1"), enforcementapi.VerifyProperty, n, id, "true", pseudo(t))
	require.NotNil(t, res.Resumption)
	require.Regexp(t, resumptionNumber, res.Resumption.Number)
	require.Equal(t, n, res.Resumption.Resumes)
	require.Equal(t, "CourtMSP/officer1", res.Resumption.OpenedBy.String())
	require.Equal(t, []string{res.Resumption.Number}, res.Case.ResumedAs)
	require.Empty(t, res.Case.Applications)
}

// A settlement whose instalment is missed, where the creditor did not
// apply in advance, is reported to the creditors and the court, not
// resumed; the creditor then applies and a judge resumes it as a case of
// its own. Where the creditor applied in advance, the keeper's sweep
// dockets the resumption case itself.
func TestMissedSettlementInstalment(t *testing.T) {
	officer, court := as(t, "CourtMSP", "officer1"), as(t, "CourtMSP", "auditor")
	settle := func(n string, preAuthorised bool) {
		req := enforcementapi.SettlementRequest{Document: pseudo(t), PreAuthorised: preAuthorised, Instalments: []enforcementapi.InstalmentRequest{
			{Amount: 30000, Due: soon(2 * time.Second)}, {Amount: 30000, Due: soon(time.Hour)}}}
		if preAuthorised {
			req.Authorisation = pseudo(t)
		}
		b, _ := json.Marshal(req)
		settled, _ := submitJSON(t, officer, enforcementapi.Settle, n, string(b))
		require.Equal(t, cases.Settled, settled.State)
	}
	reported := openCase(t, pseudo(t), 90000)
	settle(reported, false)
	automatic := openCase(t, pseudo(t), 90000)
	settle(automatic, true)

	keepUntil(t, newKeeper(t), func() bool {
		a := evaluateJSON(t, court, enforcementapi.GetCase, reported)
		b := evaluateJSON(t, court, enforcementapi.GetCase, automatic)
		return a.Settlement.Default != nil && len(b.ResumedAs) > 0
	})

	cs := evaluateJSON(t, court, enforcementapi.GetCase, reported)
	require.Equal(t, cases.Settled, cs.State, "reported, not resumed")
	require.Empty(t, cs.ResumedAs)
	require.Equal(t, 0, cs.Settlement.Default.Instalment)
	page := evaluateJSON(t, court, enforcementapi.Operations, reported, "10", "")
	last := page.Operations[len(page.Operations)-1]
	require.Equal(t, enforcementapi.OpSettlement+"/defaulted", last.Kind+"/"+last.Step)
	require.True(t, last.Officer.Auto, "the contract's own step")
	require.True(t, strings.HasPrefix(last.Officer.String(), "auto, on "), "naming whose transaction set it off: %s", last.Officer)
	require.Contains(t, last.Note, "reported to the creditors and the court; enforcement resumes on the creditor's application (CPL 2023 art. 241)")

	res, _ := submitJSON(t, as(t, "CourtMSP", "judge1"), enforcementapi.Resume, reported, "the creditor applies: instalment 0 unpaid", pseudo(t))
	require.Regexp(t, resumptionNumber, res.Resumption.Number)
	require.Equal(t, cases.Settled, res.Case.State, "the original stays settled")
	done, _ := collectInCourt(t, res.Resumption.Number, 90000)
	require.Equal(t, cases.Concluded, done.State)

	b := evaluateJSON(t, court, enforcementapi.GetCase, automatic)
	require.Equal(t, cases.Settled, b.State)
	r := evaluateJSON(t, court, enforcementapi.GetCase, b.ResumedAs[0])
	require.Equal(t, cases.Active, r.State)
	require.True(t, r.OpenedBy.Auto, "docketed by the sweep on the creditor's application made in advance")
}

// collectInCourt has a clerk report a payment and a judge confirm it: no
// one person records money that may conclude a case.
func collectInCourt(t *testing.T, number string, amount int64) (*enforcementapi.Case, *gateway.Result) {
	t.Helper()
	reported, _ := submitJSON(t, as(t, "CourtMSP", "clerk1"), enforcementapi.ReportCollection, number, strconv.FormatInt(amount, 10), pseudo(t), "paid in full")
	report := reported.Reports[len(reported.Reports)-1].ID
	_, _, err := gateway.Submit(ctx(t), as(t, "CourtMSP", "clerk1"), enforcementapi.ConfirmCollection, gateway.WithArgs(number, report))
	require.ErrorContains(t, err, "cannot also confirm it")
	return submitJSON(t, as(t, "CourtMSP", "judge1"), enforcementapi.ConfirmCollection, number, report)
}

// Case keys carry the court's key-level policy: a change endorsed only by
// another org's peer is invalidated at commit, and the case is unchanged.
func TestCaseChangeWithoutTheCourtIsInvalidated(t *testing.T) {
	debtor := pseudo(t)
	req, _ := json.Marshal(enforcementapi.OpenRequest{Basis: cases.Origin{Type: "notarial", ID: "NOT-" + strconv.FormatInt(time.Now().UnixNano(), 10)},
		Document: pseudo(t), Creditors: []string{pseudo(t)}, Debtors: []string{debtor}, Amount: 50000})
	cs, _ := submitJSON(t, as(t, "CourtMSP", "clerk1"), enforcementapi.OpenCase, string(req))
	_, res := submitJSON(t, as(t, "CourtMSP", "officer1"), enforcementapi.Activate, cs.Number, pseudo(t))
	synced(t, res.Block)

	policy := evaluateJSON(t, as(t, "CreditMSP", "auditor"), enforcementapi.KeyPolicy, cs.Number)
	require.Equal(t, []string{"CourtMSP"}, policy)

	// A bank's clue changes the case (its log, a freeze request): endorsed
	// by the bank's own peer alone, the change is invalid.
	_, _, err := gateway.Submit(ctx(t), as(t, "CreditMSP", "bank1"), enforcementapi.ReportPropertyClue,
		gateway.WithArgs(debtor, "deposit", pseudo(t), 0), gateway.WithEndorsingOrgs("CreditMSP"))
	var ce *gateway.CommitError
	require.True(t, errors.As(err, &ce), "%v", err)
	require.Equal(t, "ENDORSEMENT_POLICY_FAILURE", ce.CodeName())
	got := evaluateJSON(t, as(t, "CourtMSP", "auditor"), enforcementapi.GetCase, cs.Number)
	require.Equal(t, cases.Active, got.State)
	require.Zero(t, got.Measures)
	require.Equal(t, 1, got.Operations, "only the notice is in the log")
}
