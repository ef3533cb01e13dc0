package enforcement_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/cases"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/enforcement"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/stretchr/testify/require"
)

var (
	judge, clerk, officer, auditor = ledgertest.Judge, ledgertest.Clerk, ledgertest.Officer, ledgertest.Auditor
	mediator, bank                 = ledgertest.Mediator, ledgertest.Bank
)

var hx, js = ledgertest.Hex, ledgertest.JSON

// world is a ledger, the enforcement contract with a conclusion hook that
// records what it was called for, and the sweep over its deadlines.
type world struct {
	t        testing.TB
	l        *ledgertest.Ledger
	c        *enforcement.Contract
	sweeper  *deadline.Contract
	debtor   string
	conclude []string
}

func newWorld(t testing.TB) *world {
	// Cases are brought into any state without waiting the law's 3 months.
	kernel.UseTestPeriods(true)
	t.Cleanup(func() { kernel.UseTestPeriods(false) })
	w := &world{t: t, l: ledgertest.New(), debtor: hx("debtor")}
	w.c = enforcement.New(enforcement.OnEnd(func(tx *kernel.Tx, number string, why cases.Ending) error {
		w.conclude = append(w.conclude, number)
		tx.Event("listings.removed", number, nil)
		return nil
	}))
	w.sweeper = deadline.NewContract(enforcement.Kinds()...)
	return w
}

// run commits fn's transaction when it succeeds.
func run[T any](w *world, who ledgertest.Identity, fn func(*ledgertest.Tx) (T, error)) (T, error) {
	return ledgertest.Run(w.l, who, fn)
}

func must[T any](w *world, who ledgertest.Identity, fn func(*ledgertest.Tx) (T, error)) T {
	w.t.Helper()
	return ledgertest.Must(w.t, w.l, who, fn)
}

// open files a case of 100000 fen for two creditors, a priority claim of
// 30000 and an ordinary one of 70000, against w.debtor.
func (w *world) open(basis string) string {
	req := enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: basis}, Document: hx("judgment " + basis),
		Creditors: []string{hx("c1"), hx("c2")}, Debtors: []string{w.debtor}, Amount: 100000,
		Claims: []cases.Claim{{Creditor: hx("c1"), Priority: 0, Amount: 30000}, {Creditor: hx("c2"), Priority: 1, Amount: 70000}}}
	cs := must(w, clerk, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) { return w.c.OpenCase(tx, js(w.t, req)) })
	return cs.Number
}

func (w *world) get(number string) *enforcementapi.Case {
	cs, err := w.c.GetCase(w.l.Tx(auditor), number)
	require.NoError(w.t, err)
	return cs
}

func (w *world) setParam(name, value string) {
	must(w, judge, func(tx *ledgertest.Tx) (*systemapi.Parameter, error) {
		return system.New().SetParameter(tx, name, value)
	})
}

// Actions, each as one transaction.
func (w *world) activate(n string) error {
	_, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) { return w.c.Activate(tx, n, hx("notice")) })
	return err
}

func (w *world) investigate(n string) error {
	_, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Operation, error) {
		return w.c.LogOperation(tx, n, enforcementapi.OpInvestigation, hx("online property inquiry"), "no deposits, no real estate")
	})
	return err
}

func (w *world) terminate(n string) error {
	_, err := run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return w.c.Terminate(tx, n, "no property found after investigation", hx("ruling"))
	})
	return err
}

func (w *world) resume(n string) error {
	_, err := run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return w.c.Resume(tx, n, "creditor applies with new evidence", hx("application"))
	})
	return err
}

func (w *world) settle(n string, amounts ...int64) error {
	req := enforcementapi.SettlementRequest{Document: hx("settlement")}
	for i, a := range amounts {
		req.Instalments = append(req.Instalments, enforcementapi.InstalmentRequest{Amount: a, Due: w.l.Now.Add(time.Duration(i+1) * 30 * 24 * time.Hour).Format(time.RFC3339)})
	}
	_, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) { return w.c.Settle(tx, n, js(w.t, req)) })
	return err
}

// collect has an officer report a payment and a judge confirm it.
func (w *world) collect(n string, amount int64) error {
	cs, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return w.c.ReportCollection(tx, n, amount, hx(fmt.Sprint("payment ", amount, w.l.Now)), "paid at the court's counter")
	})
	if err != nil {
		return err
	}
	_, err = run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return w.c.ConfirmCollection(tx, n, cs.Reports[len(cs.Reports)-1].ID)
	})
	return err
}

// collectAll collects what is still owed: under a settlement, its rest.
func (w *world) collectAll(n string) error {
	cs := w.get(n)
	amount := cs.Outstanding()
	if cs.Settlement != nil && cs.State == cases.Settled {
		amount = cs.Settlement.Total - cs.Settlement.Paid
	}
	return w.collect(n, max(amount, 1))
}

func (w *world) clue(debtor, what string) (*enforcementapi.ClueResult, error) {
	return run(w, bank, func(tx *ledgertest.Tx) (*enforcementapi.ClueResult, error) {
		return w.c.ReportPropertyClue(tx, debtor, "deposit", hx(what), 60000)
	})
}

func (w *world) sweep() *deadlineapi.SweepResult {
	return must(w, clerk, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) { return w.sweeper.Sweep(tx, "", "", 100) })
}

// reach brings a new case into state.
func (w *world) reach(state string) string {
	w.setParam(systemapi.EnforcementTerminationMonths, "0")
	n := w.open(fmt.Sprintf("(2026)J0101民初%d号", w.l.Now.UnixNano()))
	w.l.Now = w.l.Now.Add(time.Second)
	steps := map[string][]func(string) error{
		cases.Filed:      nil,
		cases.Active:     {w.activate},
		cases.Terminated: {w.activate, w.investigate, w.terminate},
		cases.Resumed:    {w.activate, w.investigate, w.terminate, w.resume},
		cases.Settled:    {w.activate, func(n string) error { return w.settle(n, 40000, 40000) }},
		cases.Concluded:  {w.activate, w.collectAll},
	}[state]
	for _, step := range steps {
		require.NoError(w.t, step(n))
	}
	require.Equal(w.t, state, w.get(n).State)
	return n
}

// Every state against every action: each allowed transition succeeds and
// lands where docs/legal.md says, each other one is refused.
func TestCaseTransitionTable(t *testing.T) {
	const refused = "refused"
	actions := []struct {
		name string
		do   func(w *world, n string) error
	}{
		{"activate", func(w *world, n string) error { return w.activate(n) }},
		{"terminate", func(w *world, n string) error { _ = w.investigate(n); return w.terminate(n) }},
		{"settle", func(w *world, n string) error { return w.settle(n, 50000) }},
		{"resume", func(w *world, n string) error { return w.resume(n) }},
		{"collect in full", func(w *world, n string) error { return w.collectAll(n) }},
		{"property clue", func(w *world, n string) error { _, err := w.clue(w.debtor, "clue "+n); return err }},
		{"instalment missed", func(w *world, n string) error {
			w.l.Now = w.l.Now.Add(400 * 24 * time.Hour)
			w.sweep()
			return nil
		}},
	}
	want := map[string][]string{ // state → result of each action, in order
		cases.Filed:      {"active", refused, refused, refused, "concluded", "filed", "filed"},
		cases.Active:     {refused, "terminated", "settled", refused, "concluded", "active", "active"},
		cases.Resumed:    {refused, "terminated", "settled", refused, "concluded", "resumed", "resumed"},
		cases.Terminated: {refused, refused, refused, "resumed", refused, "resumed", "terminated"},
		cases.Settled:    {refused, refused, refused, "resumed", "concluded", "settled", "resumed"},
		cases.Concluded:  {refused, refused, refused, refused, refused, refused, "concluded"},
	}
	rows := 0
	for from, results := range want {
		for i, a := range actions {
			t.Run(from+" "+a.name, func(t *testing.T) {
				w := newWorld(t)
				n := w.reach(from)
				err := a.do(w, n)
				if results[i] == refused {
					require.Error(t, err)
					require.Equal(t, from, w.get(n).State, "a refused action changes nothing")
					return
				}
				require.NoError(t, err)
				require.Equal(t, results[i], w.get(n).State)
			})
			rows++
		}
	}
	require.Equal(t, 42, rows)
}

// Refusals name what is wrong.
func TestTransitionErrorsExplain(t *testing.T) {
	w := newWorld(t)
	n := w.open("(2026)J0101民初1号")
	require.ErrorContains(t, w.resume(n), "is filed; it cannot become resumed (from filed it may become: active, concluded)")
	require.NoError(t, w.activate(n))
	require.ErrorContains(t, w.terminate(n), "has no property investigation in its log")
	require.NoError(t, w.investigate(n))
	// Docketed on 5 January (Beijing): more than 3 months have passed once
	// 5 April is over in Beijing.
	require.ErrorContains(t, w.terminate(n), "may end for lack of property only once more than 3 calendar months have passed, after 2026-04-05T15:59:59Z (2016 SPC Provisions, art. 1(4); parameter enforcement.terminationMonths)")
	w.l.Now = w.l.Now.Add(91 * 24 * time.Hour)
	require.NoError(t, w.terminate(n))
	require.ErrorContains(t, w.collect(n, 5), "is terminated for lack of property; resume it before collecting")
	require.NoError(t, w.resume(n))
	require.ErrorContains(t, w.collect(n, 100001), "amount 100001 fen is more than the 100000 fen still owed under the amount due")
	require.NoError(t, w.collectAll(n))
	require.ErrorContains(t, w.activate(n), "is concluded; it cannot become active (from concluded it may become: nothing, it is final)")

	_, err := run(w, clerk, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return w.c.OpenCase(tx, js(t, enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: "(2026)J0101民初1号"}, Document: hx("j"),
			Creditors: []string{hx("c1")}, Debtors: []string{w.debtor}, Amount: 5}))
	})
	require.ErrorContains(t, err, "judgment (2026)J0101民初1号 already has enforcement case "+n)
}

// Freeze, seizure and deduction: an officer requests, a judge who is not
// the requester approves, the addressed bank executes; nothing else.
func TestSensitiveMeasuresFollowTheClosedLoop(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	request := func(who ledgertest.Identity, kind string, amount int64) (*enforcementapi.MeasureResult, error) {
		return run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
			return w.c.RequestMeasure(tx, n, kind, hx("account 6222..."), amount, hx("request"))
		})
	}
	approve := func(who ledgertest.Identity, id string) error {
		_, err := run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
			return w.c.ApproveMeasure(tx, n, id, hx("approval"))
		})
		return err
	}
	confirm := func(who ledgertest.Identity, id string, amount int64) error {
		_, err := run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
			return w.c.ConfirmMeasure(tx, n, id, amount, hx("bank receipt"))
		})
		return err
	}

	_, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Operation, error) {
		return w.c.LogOperation(tx, n, enforcementapi.OpFreeze, hx("x"), "")
	})
	require.ErrorContains(t, err, "a freeze is not logged directly: request it with RequestMeasure")
	_, err = request(judge, enforcementapi.OpDeduction, 1000)
	require.ErrorContains(t, err, "access denied: enforcement:RequestMeasure needs role enforcement_officer")
	_, err = request(officer, "garnish", 1000)
	require.ErrorContains(t, err, `measure kind "garnish": one of freeze, seizure, deduction`)
	_, err = request(officer, enforcementapi.OpDeduction, 100001)
	require.ErrorContains(t, err, "more than the 100000 fen still owed")

	m, err := request(officer, enforcementapi.OpDeduction, 40000)
	require.NoError(t, err)
	id := m.Measure.ID
	require.Equal(t, "CreditMSP", m.Measure.Bank)
	require.ErrorContains(t, confirm(bank, id, 40000), "is requested; a bank executes only an approved measure")
	require.ErrorContains(t, approve(officer, id), "access denied: enforcement:ApproveMeasure needs role judge")
	sameAsRequester := ledgertest.Identity{MSPID: "CourtMSP", Name: "officer1", Role: "judge"}
	require.ErrorContains(t, approve(sameAsRequester, id), "requested measure M1 of "+n+" and cannot also decide it")
	require.NoError(t, approve(judge, id))
	require.ErrorContains(t, approve(judge, id), "is approved; only a requested measure is approved or rejected")
	require.ErrorContains(t, confirm(mediator, id, 40000), "access denied")
	require.ErrorContains(t, confirm(bank, id, 40001), "executed 40001 fen must be within 0 to the 40000 fen approved")
	require.NoError(t, confirm(bank, id, 40000))
	require.ErrorContains(t, confirm(bank, id, 40000), "is executed")
	require.EqualValues(t, 40000, w.get(n).Collected, "a deduction is money collected")

	r, err := request(officer, enforcementapi.OpFreeze, 10000)
	require.NoError(t, err)
	_, err = run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return w.c.RejectMeasure(tx, n, r.Measure.ID, "")
	})
	require.ErrorContains(t, err, "reason is required")
	_, err = run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return w.c.RejectMeasure(tx, n, r.Measure.ID, "disproportionate")
	})
	require.NoError(t, err)
	require.ErrorContains(t, approve(judge, r.Measure.ID), "is rejected")
	require.ErrorContains(t, confirm(bank, "M9", 1), "has no measure \"M9\" (it has M1 to M2)")

	page, err := w.c.Operations(w.l.Tx(auditor), n, 200, "")
	require.NoError(t, err)
	var steps []string
	for _, op := range page.Operations {
		if op.Measure != "" {
			steps = append(steps, op.Kind+":"+op.Step+":"+op.Measure)
		}
	}
	require.Equal(t, []string{"deduction:requested:M1", "deduction:approved:M1", "deduction:executed:M1", "freeze:requested:M2", "freeze:rejected:M2"}, steps)
}

// A bank's property clue resumes every terminated case of the debtor in
// the same case number and asks that bank to freeze; an active case gets
// the clue and a freeze request; the same clue again changes nothing.
func TestPropertyClueResumesTerminatedCases(t *testing.T) {
	w := newWorld(t)
	terminated := w.reach(cases.Terminated)
	active := w.reach(cases.Active)
	concluded := w.reach(cases.Concluded)

	res, err := w.clue(w.debtor, "deposit at branch 12")
	require.NoError(t, err)
	require.False(t, res.Duplicate)
	require.Len(t, res.Cases, 2, "the concluded case left the debtor's index")
	byCase := map[string]enforcementapi.ClueOutcome{}
	for _, o := range res.Cases {
		byCase[o.Case] = o
	}
	require.Equal(t, "resumed; freeze M1 requested from CreditMSP", byCase[terminated].Result)
	require.Equal(t, "logged; freeze M1 requested from CreditMSP", byCase[active].Result)
	cs := w.get(terminated)
	require.Equal(t, cases.Resumed, cs.State)
	require.Equal(t, terminated, cs.Number, "resumed in the same case")
	m, err := w.c.GetMeasure(w.l.Tx(bank), terminated, "M1")
	require.NoError(t, err)
	require.Equal(t, enforcementapi.Requested, m.State)
	require.Equal(t, "auto", m.RequestedBy.String())
	require.True(t, m.RequestedBy.Auto)
	require.Equal(t, "bank1", m.RequestedBy.EnrollmentID, "whose report set it off")
	require.EqualValues(t, 60000, m.Amount, "the clue's value, below what is owed")
	require.Equal(t, cases.Concluded, w.get(concluded).State)

	before := len(w.l.State)
	again, err := w.clue(w.debtor, "deposit at branch 12")
	require.NoError(t, err)
	require.True(t, again.Duplicate)
	require.Equal(t, res.Clue.TxID, again.Clue.TxID)
	require.Len(t, w.l.State, before, "a duplicate report writes nothing")

	_, err = w.clue(hx("nobody"), "deposit")
	require.ErrorContains(t, err, "no open enforcement case names this debtor; the clue was not recorded")
	_, err = w.clue("110105194912310021", "deposit")
	require.ErrorContains(t, err, "debtor is not a pseudonym")
	require.NotContains(t, err.Error(), "110105")
	_, err = run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.ClueResult, error) {
		return w.c.ReportPropertyClue(tx, w.debtor, "deposit", hx("x"), 0)
	})
	require.ErrorContains(t, err, "access denied: enforcement:ReportPropertyClue needs role bank_officer")

	// The bank then confirms the freeze once a judge approves it.
	_, err = run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return w.c.ApproveMeasure(tx, terminated, "M1", hx("freeze ruling"))
	})
	require.NoError(t, err, "an automatic request is decided by a judge like any other")
}

// A settlement: paid instalments leave the index; a missed one resumes
// the case through the keeper's sweep; full payment concludes.
func TestSettlementInstalments(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	require.NoError(t, w.collect(n, 10000))
	require.ErrorContains(t, w.settle(n, 50000, 50000), "the instalments add up to 100000 fen, more than the 90000 fen still owed")
	require.NoError(t, w.settle(n, 30000, 30000, 20000))
	cs := w.get(n)
	require.Equal(t, 1, cs.Settlement.No)
	require.EqualValues(t, 80000, cs.Settlement.Total, "the creditor conceded 10000 fen")

	require.NoError(t, w.collect(n, 35000), "pays the first instalment and part of the second")
	cs = w.get(n)
	require.True(t, cs.Settlement.Instalments[0].Paid)
	require.False(t, cs.Settlement.Instalments[1].Paid)

	w.l.Now = w.l.Now.Add(45 * 24 * time.Hour) // past the first due time only
	require.Empty(t, w.sweep().Processed, "a paid instalment is not in the index")
	w.l.Now = w.l.Now.Add(20 * 24 * time.Hour) // past the second
	out := w.sweep()
	require.Len(t, out.Processed, 1)
	require.Contains(t, out.Processed[0].Result, "resumed: instalment 1 of settlement 1 (30000 fen due")
	cs = w.get(n)
	require.Equal(t, cases.Resumed, cs.State)
	w.l.Now = w.l.Now.Add(60 * 24 * time.Hour)
	require.Empty(t, w.sweep().Processed, "the third instalment's deadline left with the settlement")

	// A second settlement, performed in full, concludes the case.
	require.NoError(t, w.settle(n, 20000))
	require.Equal(t, 2, w.get(n).Settlement.No)
	require.NoError(t, w.collect(n, 20000))
	cs = w.get(n)
	require.Equal(t, cases.Concluded, cs.State)
	require.Equal(t, "settlement fully performed", cs.ConcludedHow)
	require.Equal(t, []string{n}, w.conclude, "the conclusion hook ran once")
	w.l.Now = w.l.Now.Add(60 * 24 * time.Hour)
	require.Empty(t, w.sweep().Processed)
}

// One sweep changes a case once: two missed instalments of one case due
// by the same sweep are handled across two sweeps.
func TestSweepChangesACaseOnce(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	require.NoError(t, w.settle(n, 10000, 10000))
	w.l.Now = w.l.Now.Add(365 * 24 * time.Hour)
	out := w.sweep()
	require.Len(t, out.Processed, 2)
	require.Contains(t, out.Processed[0].Result, "resumed: instalment 0")
	require.Equal(t, "deferred to the next sweep: its record changed in this one", out.Processed[1].Result)
	require.Equal(t, cases.Resumed, w.get(n).State)
	page, err := w.c.Operations(w.l.Tx(auditor), n, 200, "")
	require.NoError(t, err)
	require.Len(t, page.Operations, 3, "notice, settlement, one resumption: the case was not written twice")
	require.Empty(t, w.sweep().Processed, "the resumption took the second instalment out of the index")
}

// Distribution pays priority first, never more than was collected, and
// the shares add up to the amount.
func TestDistribution(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	require.NoError(t, w.collect(n, 50000))
	distribute := func(amount int64) (*enforcementapi.Distribution, error) {
		return run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Distribution, error) {
			return w.c.Distribute(tx, n, amount, hx("distribution plan"))
		})
	}
	_, err := distribute(50001)
	require.ErrorContains(t, err, "amount 50001 fen is more than the 50000 fen collected and not yet distributed")
	d, err := distribute(40000)
	require.NoError(t, err)
	require.EqualValues(t, 30000, d.Operation.Shares[0].Amount, "the priority claim is paid in full first")
	require.EqualValues(t, 10000, d.Operation.Shares[1].Amount)
	_, err = distribute(10001)
	require.ErrorContains(t, err, "more than the 10000 fen collected and not yet distributed")
	_, err = run(w, bank, func(tx *ledgertest.Tx) (*enforcementapi.Distribution, error) {
		return w.c.Distribute(tx, n, 1, hx("p"))
	})
	require.ErrorContains(t, err, "access denied")
	cs := w.get(n)
	require.EqualValues(t, 40000, cs.Distributed)
	require.EqualValues(t, 30000, cs.Claims[0].Distributed)
}

// Case records and their log carry the court's key-level policy.
func TestCaseKeysRequireTheCourt(t *testing.T) {
	w := newWorld(t)
	tx := w.l.Tx(clerk)
	_, err := w.c.OpenCase(tx, js(t, enforcementapi.OpenRequest{Basis: cases.Origin{Type: "arbitration", ID: "ARB-1"}, Document: hx("award"),
		Creditors: []string{hx("c")}, Debtors: []string{w.debtor}, Amount: 5000}))
	require.NoError(t, err)
	require.NotEmpty(t, tx.Policies())
	for key := range tx.Policies() {
		require.Contains(t, tx.Writes(), key, "a policy is set on a key the transaction writes")
	}
	tx.Commit()
	n := func() string {
		cs, err := casestore.ByOrigin(w.l.Tx(auditor), cases.Enforcement, cases.Origin{Type: "arbitration", ID: "ARB-1"})
		require.NoError(t, err)
		return cs.Number
	}()
	orgs, err := w.c.KeyPolicy(w.l.Tx(auditor), n)
	require.NoError(t, err)
	require.Equal(t, []string{"CourtMSP"}, orgs)
	require.Len(t, w.get(n).Claims, 1, "one creditor's claim is the whole amount")
}

// The log reads back in order, a page at a time; an auditor lists one
// kind across cases in a time range.
func TestOperationLogPagesAndKinds(t *testing.T) {
	w := newWorld(t)
	a := w.reach(cases.Active)
	b := w.reach(cases.Active)
	start := w.l.Now
	for i := range 5 {
		w.l.Now = w.l.Now.Add(time.Hour)
		require.NoError(t, w.investigate([]string{a, b}[i%2]))
	}
	var seqs []int
	bookmark := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10)
		page, err := w.c.Operations(w.l.Tx(auditor), a, 2, bookmark)
		require.NoError(t, err)
		for _, op := range page.Operations {
			seqs = append(seqs, op.Seq)
		}
		if bookmark = page.Bookmark; bookmark == "" {
			break
		}
	}
	require.Equal(t, []int{0, 1, 2, 3}, seqs, "notice, then three investigations")

	var found []string
	bookmark = ""
	for {
		page, err := w.c.OperationsByKind(w.l.Tx(auditor), enforcementapi.OpInvestigation, start.Format(time.RFC3339), w.l.Now.Format(time.RFC3339), 2, bookmark)
		require.NoError(t, err)
		for _, op := range page.Operations {
			found = append(found, op.Case)
		}
		if bookmark = page.Bookmark; bookmark == "" {
			break
		}
	}
	require.Equal(t, []string{a, b, a, b}, found, "in time order; the last one is at the range's exclusive end")

	_, err := w.c.OperationsByKind(w.l.Tx(bank), enforcementapi.OpInvestigation, start.Format(time.RFC3339), w.l.Now.Format(time.RFC3339), 2, "")
	require.ErrorContains(t, err, "access denied")
	_, err = w.c.Operations(w.l.Tx(auditor), a, 0, "")
	require.ErrorContains(t, err, "pageSize must be 1 to 200")
	_, err = w.c.OperationsByKind(w.l.Tx(auditor), enforcementapi.OpInvestigation, "yesterday", "", 2, "")
	require.ErrorContains(t, err, `from "yesterday" is not an RFC 3339 time`)
	_, err = run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Operation, error) {
		return w.c.LogOperation(tx, a, "gossip", hx("x"), "")
	})
	require.ErrorContains(t, err, `unknown operation kind "gossip"`)
}

// Bad requests to open a case name the field and never echo an ID number.
func TestOpenCaseBadInput(t *testing.T) {
	w := newWorld(t)
	good := enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: "J-1"}, Document: hx("j"),
		Creditors: []string{hx("c")}, Debtors: []string{w.debtor}, Amount: 5000}
	for _, tc := range []struct {
		mutate func(*enforcementapi.OpenRequest)
		want   string
	}{
		{func(r *enforcementapi.OpenRequest) { r.Basis.Type = "letter" }, `basis.type "letter" is not an enforceable document`},
		{func(r *enforcementapi.OpenRequest) { r.Basis.ID = "" }, "basis.id must be 1 to 64 characters"},
		{func(r *enforcementapi.OpenRequest) { r.Document = "abc" }, "document must be a 64-character hex digest"},
		{func(r *enforcementapi.OpenRequest) { r.Debtors = []string{"11010519491231002X"} }, "debtors[0] is not a pseudonym"},
		{func(r *enforcementapi.OpenRequest) { r.Debtors = r.Creditors }, "debtors[0] is the same person as creditors[0]"},
		{func(r *enforcementapi.OpenRequest) { r.Amount = 0 }, "amount must be a positive amount in fen"},
		{func(r *enforcementapi.OpenRequest) { r.Claims = []cases.Claim{{Creditor: hx("c"), Amount: 4000}} }, "claims add up to 4000 fen, not the amount due of 5000 fen"},
		{func(r *enforcementapi.OpenRequest) { r.Claims = []cases.Claim{{Creditor: hx("x"), Amount: 5000}} }, "claims[0]: the creditor is not one of the case's creditors"},
		{func(r *enforcementapi.OpenRequest) {
			r.Claims = []cases.Claim{{Creditor: hx("c"), Amount: 2500}, {Creditor: hx("c"), Amount: 2500}}
		}, "claims[1]: the creditor has a claim already"},
		{func(r *enforcementapi.OpenRequest) { r.Evidence = make([]string, 51) }, "evidence has 51 digests; at most 50"},
	} {
		req := good
		tc.mutate(&req)
		_, err := run(w, clerk, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) { return w.c.OpenCase(tx, js(t, req)) })
		require.ErrorContains(t, err, tc.want)
		require.NotContains(t, err.Error(), "110105")
	}
	_, err := run(w, clerk, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return w.c.OpenCase(tx, `{"basis":{},"extra":1}`)
	})
	require.ErrorContains(t, err, `unknown field "extra"`)
	_, err = run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) { return w.c.OpenCase(tx, js(t, good)) })
	require.ErrorContains(t, err, "access denied: enforcement:OpenCase needs role clerk")
	require.Empty(t, w.l.State, "nothing was written")
}

// Every function the contract serves is in the published contract.
func TestEveryFunctionIsPublished(t *testing.T) {
	ledgertest.RequirePublished(t, enforcement.New(), enforcementapi.Namespace)
}

// Money that concludes a case is recorded by the bank an approved measure
// is addressed to, or reported by one person and confirmed by another.
func TestCollectionsNeedABankUnderAMeasureOrTwoPeople(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	record := func(who ledgertest.Identity, amount int64) (*enforcementapi.Case, error) {
		return run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
			return w.c.RecordCollection(tx, n, amount, hx(fmt.Sprint("transfer ", amount)), "")
		})
	}
	reportAs := func(who ledgertest.Identity, amount int64) (*enforcementapi.Case, error) {
		return run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
			return w.c.ReportCollection(tx, n, amount, hx(fmt.Sprint("receipt ", amount)), "paid in cash")
		})
	}
	confirmAs := func(who ledgertest.Identity, id string) (*enforcementapi.Case, error) {
		return run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) { return w.c.ConfirmCollection(tx, n, id) })
	}

	_, err := record(bank, 100000)
	require.ErrorContains(t, err, "access denied: enforcement:RecordCollection: CreditMSP/bank1 is not of a bank an approved measure of case "+n+" is addressed to")
	_, err = record(officer, 1)
	require.ErrorContains(t, err, "needs role bank_officer")

	cs, err := reportAs(clerk, 30000)
	require.NoError(t, err)
	require.Equal(t, "R1", cs.Reports[0].ID)
	require.Zero(t, cs.Collected, "a report alone collects nothing")
	_, err = reportAs(officer, 70001)
	require.ErrorContains(t, err, "amount 100001 fen is more than the 100000 fen still owed", "pending reports count")
	_, err = confirmAs(clerk, "R1")
	require.ErrorContains(t, err, "access denied: enforcement:ConfirmCollection: CourtMSP/clerk1 reported collection R1 of "+n+" and cannot also confirm it")
	_, err = confirmAs(officer, "R1")
	require.ErrorContains(t, err, "needs role judge (CourtMSP) or clerk (CourtMSP)")
	_, err = confirmAs(judge, "R9")
	require.ErrorContains(t, err, `has no collection "R9" awaiting confirmation`)
	cs, err = confirmAs(judge, "R1")
	require.NoError(t, err)
	require.EqualValues(t, 30000, cs.Collected)
	require.Empty(t, cs.Reports)
	_, err = confirmAs(judge, "R1")
	require.ErrorContains(t, err, "has no collection", "confirmed once")

	m := must(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return w.c.RequestMeasure(tx, n, enforcementapi.OpFreeze, hx("account"), 70000, hx("request"))
	})
	_, err = record(bank, 70000)
	require.ErrorContains(t, err, "access denied", "a requested measure is not yet an order")
	must(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return w.c.ApproveMeasure(tx, n, m.Measure.ID, hx("ruling"))
	})
	otherBank := ledgertest.Identity{MSPID: "OtherBankMSP", Name: "bank9", Role: "bank_officer"}
	_, err = record(otherBank, 70000)
	require.ErrorContains(t, err, "access denied")
	cs, err = record(bank, 70000)
	require.NoError(t, err)
	require.Equal(t, cases.Concluded, cs.State)
	require.Equal(t, []string{n}, w.conclude)

	page, err := w.c.Operations(w.l.Tx(auditor), n, 200, "")
	require.NoError(t, err)
	var steps []string
	for _, op := range page.Operations {
		if op.Kind == enforcementapi.OpCollection {
			steps = append(steps, op.Step+" by "+op.Officer.String())
		}
	}
	require.Equal(t, []string{"requested by CourtMSP/clerk1", "confirmed by CourtMSP/judge1", " by CreditMSP/bank1"}, steps)
}
