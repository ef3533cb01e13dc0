package mediation_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/mediation"
	"github.com/stretchr/testify/require"
)

// What a breach leads to (CPL 2023 arts. 205–206): a confirmed agreement
// opens enforcement at once where the creditor applied in advance and
// awaits the creditor's application otherwise; an agreement not
// confirmed (never applied for, pending, refused) gives the creditor a
// filing, reviewed like any other. Each row breaches obligation 0 of an
// agreement under which bob owes alice 1,000 yuan on 1 February and
// again on 1 March.
func TestBreachTransitionTable(t *testing.T) {
	type act func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error
	apply := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		return applyFor(l, c, id)
	}
	rule := func(pre string) act {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			return confirm(t, l, c, id, ruling(l, pre))
		}
	}
	reject := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		_, err := run(l, judge, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.RejectConfirmation, id, "void")
		})
		return err
	}
	preAuthorise := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		_, err := run(l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.PreAuthorise, id, hx("in advance"))
		})
		return err
	}
	dueTimePasses := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		l.Now = time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
		_, err := sweep(l, c, clerk, "", 10)
		return err
	}
	report := func(at time.Time) act {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			l.Now = at
			_, err := run(l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
				return ledgertest.Call(tx, mediationapi.ReportBreach, id, 0, "the creditor reports no payment")
			})
			return err
		}
	}
	afterDue, beforeDue := time.Date(2026, 2, 1, 1, 0, 0, 0, time.UTC), time.Date(2026, 1, 31, 15, 0, 0, 0, time.UTC)
	table := []struct {
		name    string
		before  []act
		do      act
		want    string // the breach's outcome; "" for none
		wantErr string
	}{
		{"never applied for, due time passes → filing", nil, dueTimePasses, mediationapi.BreachFiling, ""},
		{"never applied for, creditor reports → filing", nil, report(afterDue), mediationapi.BreachFiling, ""},
		{"applied for, no ruling, due time passes → filing", []act{apply}, dueTimePasses, mediationapi.BreachFiling, ""},
		{"confirmation refused, due time passes → filing", []act{apply, reject}, dueTimePasses, mediationapi.BreachFiling, ""},
		{"confirmed, due time passes → awaits the creditor's application", []act{apply, rule("")}, dueTimePasses, mediationapi.BreachAwaitingApplication, ""},
		{"confirmed, creditor reports → awaits the creditor's application", []act{apply, rule("")}, report(afterDue), mediationapi.BreachAwaitingApplication, ""},
		{"confirmed with a pre-authorisation, due time passes → enforcement case", []act{apply, rule(hx("in advance"))}, dueTimePasses, mediationapi.BreachEnforcement, ""},
		{"confirmed, then pre-authorised, due time passes → enforcement case", []act{apply, rule(""), preAuthorise}, dueTimePasses, mediationapi.BreachEnforcement, ""},
		{"pre-authorised, then confirmed, creditor reports → enforcement case", []act{preAuthorise, apply, rule("")}, report(afterDue), mediationapi.BreachEnforcement, ""},
		{"pre-authorised but never confirmed, due time passes → filing", []act{preAuthorise}, dueTimePasses, mediationapi.BreachFiling, ""},
		{"confirmed, creditor reports before the due time", []act{apply, rule(hx("in advance"))}, report(beforeDue), "", "obligation 0 of"},
		{"breached → breached again (trigger)", []act{apply, rule(hx("in advance")), dueTimePasses}, func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			res, err := run(l, mediator, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
				return ledgertest.Call(tx, deadlineapi.Trigger, mediationapi.KindObligation, id+"#0")
			})
			if err == nil {
				require.Equal(t, "already processed; nothing changed", res.Processed[0].Result)
			}
			return err
		}, mediationapi.BreachEnforcement, ""},
		{"breached → breached again (report)", []act{dueTimePasses}, report(afterDue.Add(24 * time.Hour)), mediationapi.BreachFiling, ""},
	}
	for _, tc := range table {
		t.Run(tc.name, func(t *testing.T) {
			l, c := world(t)
			a := register(t, l, c, agreementReq("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"))
			for _, b := range tc.before {
				require.NoError(t, b(t, l, c, a.ID))
			}
			before, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
			require.NoError(t, err)
			err = tc.do(t, l, c, a.ID)
			got, gerr := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
			require.NoError(t, gerr)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				require.True(t, api.Is(err, api.CodeTime))
				require.Equal(t, before, got, "a refusal changes nothing")
				return
			}
			require.NoError(t, err)
			if before.Breach != nil {
				require.Equal(t, before, got, "a second breach of the same obligation changes nothing")
			}
			b := got.Breach
			require.NotNil(t, b)
			require.Equal(t, tc.want, b.Outcome)
			require.Equal(t, mediationapi.Breached, got.State)
			require.Equal(t, a.ID, b.Ref, "the first breach is named by the agreement")
			require.Equal(t, []int{0}, b.Obligations, "the instalment due on 1 March is not part of it")
			require.EqualValues(t, 100000, b.Amount)
			require.Equal(t, []string{hx("bob")}, b.Debtors)
			require.Equal(t, []cases.Claim{{Creditor: hx("alice"), Amount: 100000}}, b.Claims)
			require.Equal(t, mediationapi.Breached, got.Obligations[0].State)
			require.Equal(t, a.ID, got.Obligations[0].Breach)
			require.Equal(t, mediationapi.Active, got.Obligations[1].State, "the later instalment is still owed, and still watched")

			existing, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetCase, b.CaseNumber)
			switch tc.want {
			case mediationapi.BreachEnforcement:
				require.NoError(t, err)
				require.Equal(t, cases.Enforcement, existing.Kind)
				require.Equal(t, cases.Origin{Type: "mediation", ID: a.ID}, existing.Origin)
				require.EqualValues(t, 100000, existing.AmountDue)
				require.Equal(t, []string{hx("bob")}, existing.Debtors)
				require.Equal(t, []string{hx("agreement"), hx("ruling"), hx("transcript")}, existing.Evidence, "the case carries the mediation record and the ruling")
				require.Equal(t, cases.Enforcement, b.CaseKind)
				require.Empty(t, b.Filing)
			case mediationapi.BreachAwaitingApplication:
				require.Error(t, err, "no case until the creditor applies")
				require.Empty(t, b.CaseNumber)
				require.Empty(t, b.Filing)
			case mediationapi.BreachFiling:
				require.Error(t, err, "a filing, not a docketed case")
				f, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetFiling, b.Filing)
				require.NoError(t, err)
				require.Equal(t, mediationapi.FilingSubmitted, f.State)
				require.Equal(t, []string{hx("alice")}, f.Claimants)
				require.Equal(t, []string{hx("bob")}, f.Respondents)
				require.EqualValues(t, 100000, f.Amount)
				require.Equal(t, hx("agreement"), f.Claim)
				require.Equal(t, []string{hx("transcript")}, f.Materials)
				require.Equal(t, a.ID, f.Breach)
			}
		})
	}
}

// A breach enforces only what is due and unperformed, against whoever
// owes it: an instalment not yet due waits for its own due time (and is
// then a breach of its own), a co-debtor who performed is not pursued,
// and part payments are deducted.
func TestBreachCoversOnlyWhatIsDue(t *testing.T) {
	bob, carol, alice, dan := hx("bob"), hx("carol"), hx("alice"), hx("dan")
	l, c := world(t)
	req := mediationapi.AgreementRequest{Digest: hx("agreement"), Obligations: []mediationapi.ObligationRequest{
		{Debtor: bob, Creditor: alice, Amount: 100000, Due: "2026-02-01T00:00:00Z"},  // 0: part paid
		{Debtor: carol, Creditor: alice, Amount: 50000, Due: "2026-02-01T00:00:00Z"}, // 1: performed
		{Debtor: bob, Creditor: dan, Amount: 30000, Due: "2026-02-01T00:00:00Z"},     // 2: unpaid
		{Debtor: bob, Creditor: alice, Amount: 100000, Due: "2026-03-01T00:00:00Z"},  // 3: not yet due
		{Debtor: carol, Creditor: alice, Amount: 50000, Due: "2027-01-01T00:00:00Z"}, // 4: not yet due
	}}
	a := confirmed(t, l, c, req, true)
	pay := func(i int, amount int64) {
		r := ledgertest.Must(t, l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ReportPerformance, a.ID, i, amount, hx("slip"))
		})
		ledgertest.Must(t, l, bank, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ConfirmPerformance, a.ID, i, len(r.Obligations[i].Reports)-1)
		})
	}
	pay(0, 40000)
	pay(1, 50000)

	l.Now = time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	res, err := sweep(l, c, clerk, "", 10)
	require.NoError(t, err)
	require.Contains(t, res.Processed[0].Result, "breach "+a.ID+" of obligations [0 2]: enforcement case ")
	require.Contains(t, res.Processed[1].Result, "deferred to the next sweep", "the obligations of one agreement are swept one per transaction")
	got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
	require.NoError(t, err)
	b := got.Breach
	require.Equal(t, []int{0, 2}, b.Obligations, "the obligation item swept and every other one past its deadline")
	require.Equal(t, []string{bob}, b.Debtors, "carol performed: she is not pursued")
	require.Equal(t, []string{alice, dan}, b.Creditors)
	require.EqualValues(t, 60000+30000, b.Amount)
	require.Equal(t, []cases.Claim{{Creditor: alice, Amount: 60000}, {Creditor: dan, Amount: 30000}}, b.Claims)
	cs, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetCase, b.CaseNumber)
	require.NoError(t, err)
	require.EqualValues(t, 90000, cs.AmountDue)
	require.Equal(t, []string{bob}, cs.Debtors)
	require.Equal(t, b.Claims, cs.Claims)
	for i, want := range []string{mediationapi.Breached, mediationapi.Performed, mediationapi.Breached, mediationapi.Active, mediationapi.Active} {
		require.Equal(t, want, got.Obligations[i].State, "obligation %d", i)
	}

	res, err = sweep(l, c, clerk, "", 10)
	require.NoError(t, err)
	require.Empty(t, res.Processed, "the breach took obligation 2's deadline with it")

	// The next instalment falls due unpaid: a breach of its own, with its
	// own case, for it alone.
	l.Now = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	res, err = sweep(l, c, clerk, "", 10)
	require.NoError(t, err)
	require.Len(t, res.Processed, 1)
	got, err = ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
	require.NoError(t, err)
	require.Len(t, got.LaterBreaches, 1)
	second := got.LaterBreaches[0]
	require.Equal(t, a.ID+"/2", second.Ref)
	require.Equal(t, []int{3}, second.Obligations)
	require.EqualValues(t, 100000, second.Amount)
	cs2, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetCase, second.CaseNumber)
	require.NoError(t, err)
	require.NotEqual(t, cs.Number, cs2.Number)
	require.Equal(t, cases.Origin{Type: "mediation", ID: a.ID + "/2"}, cs2.Origin)
	require.Equal(t, a.ID+"/2", got.Obligations[3].Breach)
	require.Equal(t, mediationapi.Active, got.Obligations[4].State, "carol's instalment of 2027 is not due")
	require.Len(t, got.Breaches(), 2)
}

// One event lists everything a breach did.
func TestBreachEvents(t *testing.T) {
	l, c := world(t)
	a := confirmed(t, l, c, agreementReq("2026-02-01T00:00:00+08:00"), true)
	l.Now = time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	tx := l.Tx(clerk)
	_, err := ledgertest.Call(tx, deadlineapi.Sweep, "", "", 10)
	require.NoError(t, err)
	tx.Commit()
	var ev struct {
		Events []api.Event `json:"events"`
	}
	require.NoError(t, json.Unmarshal(tx.Event(), &ev))
	var types []string
	for _, e := range ev.Events {
		types = append(types, e.Type)
	}
	require.Equal(t, []string{"case.opened", "agreement.breached"}, types)
	require.Equal(t, a.ID, ev.Events[1].ID)
	require.Equal(t, mediationapi.BreachEnforcement, ev.Events[1].Details["outcome"])
}

// The filing a breach of an unconfirmed agreement submits is reviewed
// like any other (CPL 2023 art. 126): docketed by a clerk, or
// automatically when the 7 days end, as a trial case for the creditor.
func TestBreachFilingIsReviewed(t *testing.T) {
	l, c := world(t)
	a := register(t, l, c, agreementReq("2026-02-02T00:00:00Z"))
	l.Now = time.Date(2026, 2, 2, 1, 0, 0, 0, time.UTC) // Monday, 09:00 in Beijing
	res, err := sweep(l, c, clerk, "", 10)
	require.NoError(t, err)
	require.Contains(t, res.Processed[0].Result, " for the creditor")
	got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
	require.NoError(t, err)
	f, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetFiling, got.Breach.Filing)
	require.NoError(t, err)
	require.Equal(t, "2026-02-09T15:59:59.999999999Z", f.ReviewDeadline, "7 days, the day of the breach not counted")
	require.Equal(t, "auto, on CourtMSP/clerk1's transaction", f.SubmittedBy.String())

	l.Now = time.Date(2026, 2, 9, 16, 0, 0, 0, time.UTC)
	res, err = sweep(l, c, clerk, "", 10)
	require.NoError(t, err)
	require.Len(t, res.Processed, 1)
	f, err = ledgertest.Call(l.Tx(auditor), mediationapi.GetFiling, f.ID)
	require.NoError(t, err)
	require.Equal(t, mediationapi.FilingDocketed, f.State)
	cs, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetCase, f.CaseNumber)
	require.NoError(t, err)
	require.Equal(t, cases.Trial, cs.Kind)
	require.Equal(t, []string{hx("alice")}, cs.Creditors)
	require.Equal(t, cases.Origin{Type: "filing", ID: f.ID}, cs.Origin)
}
