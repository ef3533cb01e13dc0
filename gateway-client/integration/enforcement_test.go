//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/judicial"
	"github.com/stretchr/testify/require"
)

// allowTermination lets cases end for lack of property at once, which
// the test network's chaincode servers allow (test periods; a court's
// never do); the law's 3 months are restored afterwards.
func allowTermination(t *testing.T) {
	judge := as(t, "CourtMSP", "judge1")
	_, err := judge.Submit(ctx(t), systemapi.SetParameter, systemapi.EnforcementTerminationMonths, "0")
	require.NoError(t, err)
	t.Cleanup(func() {
		judge.Submit(context.Background(), systemapi.SetParameter, systemapi.EnforcementTerminationMonths, "3")
	})
}

// breachToEnforcement registers a judicially confirmed agreement due in a
// moment and lets the keeper open its enforcement case.
func breachToEnforcement(t *testing.T, debtor string) *enforcementapi.Case {
	req, _ := json.Marshal(mediationapi.AgreementRequest{Digest: pseudo(t), Confirmed: true, Obligations: []mediationapi.ObligationRequest{
		{Debtor: debtor, Creditor: pseudo(t), Amount: 120000, Due: soon(2 * time.Second)},
		{Debtor: debtor, Creditor: pseudo(t), Amount: 80000, Due: soon(2 * time.Second)},
	}})
	a, _ := submitJSON[mediationapi.Agreement](t, as(t, "MediationMSP", "mediator1"), mediationapi.RegisterAgreement, string(req))
	court := as(t, "CourtMSP", "auditor")
	keepUntil(t, newKeeper(t), func() bool {
		return evaluateJSON[mediationapi.Agreement](t, court, mediationapi.GetAgreement, a.ID).State == mediationapi.Breached
	})
	a = evaluateJSON[mediationapi.Agreement](t, court, mediationapi.GetAgreement, a.ID)
	require.Equal(t, cases.Enforcement, a.Breach.CaseKind)
	return evaluateJSON[enforcementapi.Case](t, court, enforcementapi.GetCase, a.Breach.CaseNumber)
}

// The whole loop: a mediation breach opens an enforcement case; it ends
// for lack of property; a bank reports a clue and the case resumes in the
// same number with a freeze request to that bank; a judge approves, the
// bank freezes and then deducts; the money is distributed; the case
// concludes.
func TestEnforcementFromBreachToConclusion(t *testing.T) {
	allowTermination(t)
	debtor := pseudo(t)
	cs := breachToEnforcement(t, debtor)
	n := cs.Number
	require.Equal(t, cases.Filed, cs.State)
	require.EqualValues(t, 200000, cs.AmountDue)
	require.Len(t, cs.Claims, 2)

	officer, judge, bank := as(t, "CourtMSP", "officer1"), as(t, "CourtMSP", "judge1"), as(t, "CreditMSP", "bank1")
	submitJSON[enforcementapi.Case](t, officer, enforcementapi.Activate, n, pseudo(t))
	_, err := judge.Submit(ctx(t), enforcementapi.Terminate, n, "no property", pseudo(t))
	require.ErrorContains(t, err, "has no property investigation in its log")
	submitJSON[enforcementapi.Operation](t, officer, enforcementapi.LogOperation, n, enforcementapi.OpInvestigation, pseudo(t), "online inquiry: nothing found")
	submitJSON[enforcementapi.Case](t, judge, enforcementapi.Terminate, n, "no property found after investigation", pseudo(t))

	clue, res := submitJSON[enforcementapi.ClueResult](t, bank, enforcementapi.ReportPropertyClue, debtor, "deposit", pseudo(t), "0")
	require.False(t, clue.Duplicate)
	require.Equal(t, []enforcementapi.ClueOutcome{{Case: n, Result: "resumed; freeze M1 requested from CreditMSP", Measure: "M1"}}, clue.Cases)
	synced(t, res.Block)
	again, _ := submitJSON[enforcementapi.ClueResult](t, bank, enforcementapi.ReportPropertyClue, debtor, "deposit", clue.Clue.Description, "0")
	require.True(t, again.Duplicate, "the same clue again changes nothing")
	_, err = bank.Submit(ctx(t), enforcementapi.ReportPropertyClue, pseudo(t), "deposit", pseudo(t), "0")
	require.ErrorContains(t, err, "no open enforcement case names this debtor")

	court := as(t, "CourtMSP", "auditor")
	cs = evaluateJSON[enforcementapi.Case](t, court, enforcementapi.GetCase, n)
	require.Equal(t, cases.Resumed, cs.State)
	require.Equal(t, n, cs.Number, "resumed without a new case")

	_, err = bank.Submit(ctx(t), enforcementapi.ConfirmMeasure, n, "M1", "200000", pseudo(t))
	require.ErrorContains(t, err, "a bank executes only an approved measure")
	_, approved := submitJSON[enforcementapi.MeasureResult](t, judge, enforcementapi.ApproveMeasure, n, "M1", pseudo(t))
	synced(t, approved.Block) // the bank's peer endorses what the court's committed
	frozen, _ := submitJSON[enforcementapi.MeasureResult](t, bank, enforcementapi.ConfirmMeasure, n, "M1", "200000", pseudo(t))
	require.Equal(t, enforcementapi.Executed, frozen.Measure.State)

	d, _ := submitJSON[enforcementapi.MeasureResult](t, officer, enforcementapi.RequestMeasure, n, enforcementapi.OpDeduction, pseudo(t), "200000", pseudo(t))
	_, err = officer.Submit(ctx(t), enforcementapi.ApproveMeasure, n, d.Measure.ID, pseudo(t))
	require.ErrorContains(t, err, "access denied: enforcement:ApproveMeasure needs role judge")
	_, approved = submitJSON[enforcementapi.MeasureResult](t, judge, enforcementapi.ApproveMeasure, n, d.Measure.ID, pseudo(t))
	synced(t, approved.Block)
	done, _ := submitJSON[enforcementapi.MeasureResult](t, bank, enforcementapi.ConfirmMeasure, n, d.Measure.ID, "200000", pseudo(t))
	require.Equal(t, cases.Concluded, done.Case.State)
	require.Equal(t, "amount due collected in full", done.Case.ConcludedHow)

	_, err = officer.Submit(ctx(t), enforcementapi.Distribute, n, "200001", pseudo(t))
	require.ErrorContains(t, err, "more than the 200000 fen collected and not yet distributed")
	dist, res := submitJSON[enforcementapi.Distribution](t, officer, enforcementapi.Distribute, n, "200000", pseudo(t))
	var sum int64
	for _, s := range dist.Operation.Shares {
		sum += s.Amount
	}
	require.EqualValues(t, 200000, sum)
	synced(t, res.Block)

	// Every step is in the log, in order, read back a page at a time.
	var kinds []string
	bookmark := ""
	for {
		page := evaluateJSON[enforcementapi.OperationPage](t, court, enforcementapi.Operations, n, "4", bookmark)
		for _, op := range page.Operations {
			k := op.Kind
			if op.Step != "" {
				k += "/" + op.Step
			}
			kinds = append(kinds, k)
		}
		if bookmark = page.Bookmark; bookmark == "" {
			break
		}
	}
	require.Equal(t, []string{"notice", "investigation", "termination", "resumption", "freeze/requested", "freeze/approved", "freeze/executed",
		"deduction/requested", "deduction/approved", "deduction/executed", "conclusion", "distribution"}, kinds)

	out, code := cli(t, t.TempDir(), "--identity", "auditor", "enforcement", "ops", n, "--all", "--page-size", "5")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "resumption")
	require.Contains(t, out, "property clue "+clue.Clue.ID)
}

// A settlement whose instalment is missed resumes the case when the
// keeper sweeps; paying the rest concludes it.
func TestMissedSettlementInstalmentResumes(t *testing.T) {
	req, _ := json.Marshal(enforcementapi.OpenRequest{Basis: cases.Origin{Type: "arbitration", ID: "ARB-" + strconv.FormatInt(time.Now().UnixNano(), 10)},
		Document: pseudo(t), Creditors: []string{pseudo(t)}, Debtors: []string{pseudo(t)}, Amount: 90000})
	cs, _ := submitJSON[enforcementapi.Case](t, as(t, "CourtMSP", "clerk1"), enforcementapi.OpenCase, string(req))
	n := cs.Number
	_, err := as(t, "CourtMSP", "clerk1").Submit(ctx(t), enforcementapi.OpenCase, string(req))
	require.ErrorContains(t, err, "already has enforcement case "+n)

	officer := as(t, "CourtMSP", "officer1")
	submitJSON[enforcementapi.Case](t, officer, enforcementapi.Activate, n, pseudo(t))
	settlement, _ := json.Marshal(map[string]any{"document": pseudo(t), "instalments": []map[string]any{
		{"amount": 30000, "due": soon(2 * time.Second)}, {"amount": 30000, "due": soon(time.Hour)}}})
	settled, _ := submitJSON[enforcementapi.Case](t, officer, enforcementapi.Settle, n, string(settlement))
	require.Equal(t, cases.Settled, settled.State)

	court := as(t, "CourtMSP", "auditor")
	keepUntil(t, newKeeper(t), func() bool {
		return evaluateJSON[enforcementapi.Case](t, court, enforcementapi.GetCase, n).State == cases.Resumed
	})
	page := evaluateJSON[enforcementapi.OperationPage](t, court, enforcementapi.Operations, n, "10", "")
	last := page.Operations[len(page.Operations)-1]
	require.Equal(t, enforcementapi.OpResumption, last.Kind)
	require.Equal(t, "auto", last.Officer.String())
	require.Contains(t, last.Note, "instalment 0 of settlement 1")

	done, _ := collectInCourt(t, n, 90000)
	require.Equal(t, cases.Concluded, done.State)
}

// collectInCourt has a clerk report a payment to the court and a judge
// confirm it: no one person records money that may conclude a case.
func collectInCourt(t *testing.T, number string, amount int64) (*enforcementapi.Case, *judicial.Result) {
	t.Helper()
	reported, _ := submitJSON[enforcementapi.Case](t, as(t, "CourtMSP", "clerk1"), enforcementapi.ReportCollection, number, strconv.FormatInt(amount, 10), pseudo(t), "paid in full")
	report := reported.Reports[len(reported.Reports)-1].ID
	_, err := as(t, "CourtMSP", "clerk1").Submit(ctx(t), enforcementapi.ConfirmCollection, number, report)
	require.ErrorContains(t, err, "cannot also confirm it")
	return submitJSON[enforcementapi.Case](t, as(t, "CourtMSP", "judge1"), enforcementapi.ConfirmCollection, number, report)
}

// Case keys carry the court's key-level policy: a change endorsed only by
// another org's peer is invalidated at commit, and the case is unchanged.
func TestCaseChangeWithoutTheCourtIsInvalidated(t *testing.T) {
	debtor := pseudo(t)
	req, _ := json.Marshal(enforcementapi.OpenRequest{Basis: cases.Origin{Type: "notarial", ID: "NOT-" + strconv.FormatInt(time.Now().UnixNano(), 10)},
		Document: pseudo(t), Creditors: []string{pseudo(t)}, Debtors: []string{debtor}, Amount: 50000})
	cs, _ := submitJSON[enforcementapi.Case](t, as(t, "CourtMSP", "clerk1"), enforcementapi.OpenCase, string(req))
	_, res := submitJSON[enforcementapi.Case](t, as(t, "CourtMSP", "officer1"), enforcementapi.Activate, cs.Number, pseudo(t))
	synced(t, res.Block)

	policy := evaluateJSON[[]string](t, as(t, "CreditMSP", "auditor"), enforcementapi.KeyPolicy, cs.Number)
	require.Equal(t, []string{"CourtMSP"}, *policy)

	// A bank's clue changes the case (its log, a freeze request): endorsed
	// by the bank's own peer alone, the change is invalid.
	_, err := as(t, "CreditMSP", "bank1").SubmitCall(ctx(t), judicial.Call{Function: enforcementapi.ReportPropertyClue,
		Args: []string{debtor, "deposit", pseudo(t), "0"}, EndorsingOrgs: []string{"CreditMSP"}})
	var ce *judicial.CommitError
	require.True(t, errors.As(err, &ce), "%v", err)
	require.Equal(t, "ENDORSEMENT_POLICY_FAILURE", ce.CodeName())
	got := evaluateJSON[enforcementapi.Case](t, as(t, "CourtMSP", "auditor"), enforcementapi.GetCase, cs.Number)
	require.Equal(t, cases.Active, got.State)
	require.Zero(t, got.Measures)
	require.Equal(t, 1, got.Operations, "only the notice is in the log")
}
