package enforcement_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/calendar"
	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
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

// channels are the default search channels.
var channels = strings.Split(systemapi.DefaultSearchChannels, ",")

// world is a ledger, the enforcement contract with an end hook that
// records what it was called for, and the sweep over its deadlines.
type world struct {
	t       testing.TB
	l       *ledgertest.Ledger
	c       *enforcement.Contract
	sweeper *deadline.Contract
	debtor  string
	// conclude lists the cases the end hook ran for, endings "case why".
	conclude []string
	endings  []string
}

func newWorld(t testing.TB) *world {
	// Cases are brought into any state without waiting the law's 3 months.
	kernel.UseTestPeriods(true)
	t.Cleanup(func() { kernel.UseTestPeriods(false) })
	w := &world{t: t, l: ledgertest.New(contract, sweeper, systemContract), c: contract, sweeper: sweeper, debtor: hx("debtor")}
	current = w
	return w
}

// The contracts every world serves, one value each so that the worlds
// share one chaincode; the end hook records what it was called for in
// the world a test runs in.
var (
	current  *world
	contract = enforcement.New(enforcement.OnEnd(func(tx *kernel.Tx, number string, why cases.Ending) error {
		current.conclude = append(current.conclude, number)
		current.endings = append(current.endings, number+" "+string(why))
		tx.Event(creditapi.EventListingRemoved, number, nil)
		return nil
	}))
	sweeper        = deadline.NewContract(enforcement.Kinds()...)
	systemContract = system.New()
)

// run commits fn's transaction when it succeeds.
func run[T any](w *world, who ledgertest.Identity, fn func(*ledgertest.Tx) (T, error)) (T, error) {
	return ledgertest.Run(w.l, who, fn)
}

func must[T any](w *world, who ledgertest.Identity, fn func(*ledgertest.Tx) (T, error)) T {
	w.t.Helper()
	return ledgertest.Must(w.t, w.l, who, fn)
}

// withEvents runs fn as one transaction, commits it when it succeeds and
// returns the domain events it emitted.
func withEvents[T any](w *world, who ledgertest.Identity, fn func(*ledgertest.Tx) (T, error)) (T, []api.Event, error) {
	tx := w.l.Tx(who)
	v, err := fn(tx)
	if err != nil {
		return v, nil, err
	}
	tx.Commit()
	var env api.EventEnvelope
	if len(tx.Event()) > 0 {
		require.NoError(w.t, json.Unmarshal(tx.Event(), &env))
	}
	return v, env.Events, nil
}

func event(events []api.Event, typ string) *api.Event {
	for i := range events {
		if events[i].Type == typ {
			return &events[i]
		}
	}
	return nil
}

// open files a case of 100000 fen for two creditors, a priority claim of
// 30000 and an ordinary one of 70000, against w.debtor.
func (w *world) open(basis string) string {
	req := enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: basis}, Document: hx("judgment " + basis),
		Creditors: []string{hx("c1"), hx("c2")}, Debtors: []string{w.debtor}, Amount: 100000,
		Claims: []cases.Claim{{Creditor: hx("c1"), Priority: 0, Amount: 30000}, {Creditor: hx("c2"), Priority: 1, Amount: 70000}}}
	cs := must(w, clerk, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.OpenCase, js(w.t, req))
	})
	return cs.Number
}

func (w *world) get(number string) *enforcementapi.Case {
	cs, err := ledgertest.Call(w.l.Tx(auditor), enforcementapi.GetCase, number)
	require.NoError(w.t, err)
	return cs
}

func (w *world) setParam(name, value string) {
	must(w, judge, func(tx *ledgertest.Tx) (*systemapi.Parameter, error) {
		return ledgertest.Call(tx, systemapi.SetParameter, name, value)
	})
}

// Actions, each as one transaction.
func (w *world) activate(n string) error {
	_, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.Activate, n, hx("notice"))
	})
	return err
}

func (w *world) log(n, kind string) error {
	_, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Operation, error) {
		return ledgertest.Call(tx, enforcementapi.LogOperation, n, kind, hx(kind+" "+n), "")
	})
	return err
}

func (w *world) investigate(n string) error { return w.log(n, enforcementapi.OpInvestigation) }

func (w *world) search(n, channel string) error {
	_, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Operation, error) {
		return ledgertest.Call(tx, enforcementapi.LogSearch, n, channel, hx("search "+channel+" "+n), "nothing found")
	})
	return err
}

// conditions logs what the five conditions of termination ask of the
// log: the report order, the restriction order and the listing, a search
// through every channel, the debtor not missing (the notice is the
// Activate's).
func (w *world) conditions(n string) error {
	for _, k := range []string{enforcementapi.OpReportOrder, enforcementapi.OpRestrictionOrder, enforcementapi.OpListing, enforcementapi.OpDebtorNotMissing} {
		if err := w.log(n, k); err != nil {
			return err
		}
	}
	for _, ch := range channels {
		if err := w.search(n, ch); err != nil {
			return err
		}
	}
	return nil
}

func (w *world) terminate(n string) error {
	_, err := run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.Terminate, n, "no property found after investigation", hx("ruling"))
	})
	return err
}

func (w *world) resume(n string) (*enforcementapi.ResumptionResult, error) {
	return run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.ResumptionResult, error) {
		return ledgertest.Call(tx, enforcementapi.Resume, n, "creditor applies with new evidence", hx("application"))
	})
}

func (w *world) settleWith(n string, req enforcementapi.SettlementRequest, amounts ...int64) error {
	req.Document = hx("settlement")
	for i, a := range amounts {
		req.Instalments = append(req.Instalments, enforcementapi.InstalmentRequest{Amount: a, Due: w.l.Now.Add(time.Duration(i+1) * 30 * 24 * time.Hour).Format(time.RFC3339)})
	}
	_, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.Settle, n, js(w.t, req))
	})
	return err
}

func (w *world) settle(n string, amounts ...int64) error {
	return w.settleWith(n, enforcementapi.SettlementRequest{}, amounts...)
}

// collect has an officer report a payment and a judge confirm it.
func (w *world) collect(n string, amount int64) error {
	cs, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.ReportCollection, n, amount, hx(fmt.Sprint("payment ", amount, w.l.Now)), "paid at the court's counter")
	})
	if err != nil {
		return err
	}
	_, err = run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.ConfirmCollection, n, cs.Reports[len(cs.Reports)-1].ID)
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

func (w *world) clue(debtor, what string, value int64) (*enforcementapi.ClueResult, error) {
	return run(w, bank, func(tx *ledgertest.Tx) (*enforcementapi.ClueResult, error) {
		return ledgertest.Call(tx, enforcementapi.ReportPropertyClue, debtor, "deposit", hx(what), value)
	})
}

func (w *world) suspend(n string) error {
	_, err := run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.Suspend, n, enforcementapi.SuspendRetrial, hx("retrial ruling"))
	})
	return err
}

func (w *world) endSuspension(n string) error {
	_, err := run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.EndSuspension, n, hx("retrial ended"))
	})
	return err
}

func (w *world) notEnforce(n string) error {
	_, err := run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.RuleNotToEnforce, n, hx("ruling not to enforce"), "the arbitral award was made without jurisdiction")
	})
	return err
}

func (w *world) finallyTerminate(n string) error {
	_, err := run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.FinallyTerminate, n, "application_withdrawn", hx("ruling of final termination"))
	})
	return err
}

func (w *world) answer(n string, a enforcementapi.InquiryAnswer) (*enforcementapi.ResumptionResult, error) {
	return run(w, bank, func(tx *ledgertest.Tx) (*enforcementapi.ResumptionResult, error) {
		return ledgertest.Call(tx, enforcementapi.AnswerInquiry, n, js(w.t, a))
	})
}

func (w *world) inquiries(n string) []enforcementapi.ScheduledInquiry {
	out, err := ledgertest.Call(w.l.Tx(judge), enforcementapi.Inquiries, n)
	require.NoError(w.t, err)
	return out
}

func (w *world) sweep() *deadlineapi.SweepResult {
	return must(w, clerk, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
		return ledgertest.Call(tx, deadlineapi.Sweep, "", "", 100)
	})
}

// reach brings a new case into state. A case in the old state resumed
// (enforcement that went on in the same number) is written as one.
func (w *world) reach(state string) string {
	w.setParam(systemapi.EnforcementTerminationMonths, "0")
	n := w.open(fmt.Sprintf("(2026)J0101民初%d号", w.l.Now.UnixNano()))
	w.l.Now = w.l.Now.Add(time.Second)
	steps := map[string][]func(string) error{
		cases.Filed:             nil,
		cases.Active:            {w.activate},
		cases.Resumed:           {w.activate, w.legacyResumed},
		cases.Terminated:        {w.activate, w.conditions, w.terminate},
		cases.Settled:           {w.activate, func(n string) error { return w.settle(n, 40000, 40000) }},
		cases.Suspended:         {w.activate, w.suspend},
		cases.Concluded:         {w.activate, w.collectAll},
		cases.NotEnforced:       {w.activate, w.notEnforce},
		cases.FinallyTerminated: {w.activate, w.finallyTerminate},
	}[state]
	for _, step := range steps {
		require.NoError(w.t, step(n))
	}
	require.Equal(w.t, state, w.get(n).State)
	return n
}

func (w *world) legacyResumed(n string) error {
	cs := w.get(n)
	cs.State = cases.Resumed
	tx := w.l.Tx(clerk)
	kt := tx.Kernel()
	if err := casestore.Enforcements.Put(kt, cs, n); err != nil {
		return err
	}
	if err := kt.End(); err != nil {
		return err
	}
	tx.Commit()
	return nil
}

// describe is a case as the transition table writes it: its state, "+R"
// when a resumption case was docketed for it, " defaulted" when its
// settlement was reported defaulted.
func (w *world) describe(n string) string {
	cs := w.get(n)
	out := cs.State
	if len(cs.ResumedAs) > 0 {
		r := w.get(cs.ResumedAs[0])
		require.Equal(w.t, cases.Active, r.State, "a resumption case starts active")
		require.Equal(w.t, n, r.Resumes)
		out += "+R"
	}
	if cs.Settlement != nil && cs.Settlement.Default != nil {
		out += " defaulted"
	}
	return out
}

// Every state against every action: each allowed transition succeeds and
// lands where docs/legal.md says, each other one is refused and changes
// nothing. "+R": the case stays as it is and a resumption case of its
// own is docketed.
func TestCaseTransitionTable(t *testing.T) {
	const refused = "refused"
	actions := []struct {
		name string
		do   func(w *world, n string) error
	}{
		{"activate", func(w *world, n string) error { return w.activate(n) }},
		{"terminate", func(w *world, n string) error { _ = w.conditions(n); return w.terminate(n) }},
		{"settle", func(w *world, n string) error { return w.settle(n, 50000) }},
		{"resume", func(w *world, n string) error { _, err := w.resume(n); return err }},
		{"collect in full", func(w *world, n string) error { return w.collectAll(n) }},
		{"covering property clue", func(w *world, n string) error { _, err := w.clue(w.debtor, "clue "+n, 100000); return err }},
		{"time passes", func(w *world, n string) error {
			w.l.Now = w.l.Now.Add(400 * 24 * time.Hour)
			w.sweep()
			return nil
		}},
		{"suspend", func(w *world, n string) error { return w.suspend(n) }},
		{"end suspension", func(w *world, n string) error { return w.endSuspension(n) }},
		{"rule not to enforce", func(w *world, n string) error { return w.notEnforce(n) }},
		{"finally terminate", func(w *world, n string) error { return w.finallyTerminate(n) }},
	}
	const (
		act, term, settled, conc, susp = cases.Active, cases.Terminated, cases.Settled, cases.Concluded, cases.Suspended
		ne, ft                         = cases.NotEnforced, cases.FinallyTerminated
	)
	active := []string{refused, term, settled, refused, conc, act, act, susp, refused, ne, ft}
	want := map[string][]string{ // state → result of each action, in order
		cases.Filed:   {act, refused, refused, refused, conc, cases.Filed, cases.Filed, refused, refused, ne, ft},
		cases.Active:  active,
		cases.Resumed: {refused, term, settled, refused, conc, cases.Resumed, cases.Resumed, susp, refused, ne, ft},
		term:          {refused, refused, refused, term + "+R", refused, term + "+R", term, refused, refused, ne, ft},
		settled:       {refused, refused, refused, settled + "+R", conc, settled, settled + " defaulted", refused, refused, ne, ft},
		susp:          {refused, refused, refused, refused, refused, susp, susp, refused, act, ne, ft},
		conc:          {refused, refused, refused, refused, refused, refused, conc, refused, refused, refused, refused},
		ne:            {refused, refused, refused, refused, refused, refused, ne, refused, refused, refused, refused},
		ft:            {refused, refused, refused, refused, refused, refused, ft, refused, refused, refused, refused},
	}
	rows := 0
	for from, results := range want {
		require.Len(t, results, len(actions), from)
		for i, a := range actions {
			t.Run(from+" "+a.name, func(t *testing.T) {
				w := newWorld(t)
				n := w.reach(from)
				err := a.do(w, n)
				if results[i] == refused {
					require.Error(t, err)
					require.Equal(t, from, w.describe(n), "a refused action changes nothing")
					return
				}
				require.NoError(t, err)
				require.Equal(t, results[i], w.describe(n))
			})
			rows++
		}
	}
	require.Equal(t, 99, rows)
}

// Refusals name what is wrong.
func TestTransitionErrorsExplain(t *testing.T) {
	w := newWorld(t)
	n := w.open("(2026)J0101民初1号")
	_, err := w.resume(n)
	require.ErrorContains(t, err, "case "+n+" is filed; only a case terminated for lack of property, or settled and the settlement not performed, is resumed (2016 SPC Provisions, art. 9; CPL 2023 art. 241)")
	require.ErrorContains(t, w.log(n, enforcementapi.OpReportOrder), "is filed but not yet active: issue the enforcement notice (Activate) first")
	require.NoError(t, w.activate(n))
	require.NoError(t, w.suspend(n))
	require.ErrorContains(t, w.activate(n), "is suspended; it becomes active again when the suspension ends (EndSuspension)")
	require.ErrorContains(t, w.collect(n, 5), "is suspended (retrial); nothing is collected until the suspension ends")
	require.NoError(t, w.endSuspension(n))
	require.ErrorContains(t, w.endSuspension(n), "is active, not suspended; there is no suspension to end")
	require.NoError(t, w.conditions(n))
	// Docketed on 5 January (Beijing): more than 3 months have passed once
	// 5 April is over in Beijing.
	err = w.terminate(n)
	require.ErrorContains(t, err, "may not end for lack of property: 1 of the 5 conditions of the 2016 SPC Provisions, art. 1, are unmet: art. 1(4): more than 3 calendar months must have passed since the case was docketed at 2026-01-05T09:00:00Z, that is after 2026-04-05T15:59:59Z (parameter enforcement.terminationMonths)")
	require.True(t, api.Is(err, api.CodeTime), "only time meets it")
	w.l.Now = w.l.Now.Add(91 * 24 * time.Hour)
	require.NoError(t, w.terminate(n))
	require.ErrorContains(t, w.collect(n, 5), "is terminated for lack of property; it is resumed as a case of its own before anything is collected")
	res, err := w.resume(n)
	require.NoError(t, err)
	r := res.Resumption.Number
	require.ErrorContains(t, w.collect(n, 5), "case "+n+" was resumed as "+r+", where its enforcement goes on; it stays terminated")
	_, err = w.resume(n)
	require.ErrorContains(t, err, "was resumed as "+r)
	require.ErrorContains(t, w.finallyTerminate(n), "was resumed as "+r)
	require.ErrorContains(t, w.log(n, enforcementapi.OpValuation), "case "+n+" was resumed as "+r+"; log there (only archiving may still be logged here)")
	require.NoError(t, w.log(n, enforcementapi.OpArchiving))
	require.ErrorContains(t, w.collect(r, 100001), "amount 100001 fen is more than the 100000 fen still owed under the amount due")
	require.NoError(t, w.collectAll(r))
	require.ErrorContains(t, w.activate(r), "is concluded; it cannot become active (from concluded it may become: nothing, it is final)")
	require.ErrorContains(t, w.log(r, enforcementapi.OpInterview), "is concluded; only archiving may still be logged")

	_, err = run(w, clerk, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.OpenCase, js(t, enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: "(2026)J0101民初1号"}, Document: hx("j"),
			Creditors: []string{hx("c1")}, Debtors: []string{w.debtor}, Amount: 5}))
	})
	require.ErrorContains(t, err, "judgment (2026)J0101民初1号 already has enforcement case "+n)
	_, err = run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.Suspend, r, "appeal", hx("x"))
	})
	require.ErrorContains(t, err, `ground "appeal": one of retrial, bankruptcy`)
	_, err = run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.FinallyTerminate, r, "tired", hx("x"))
	})
	require.ErrorContains(t, err, `ground "tired": one of application_withdrawn, document_revoked, debtor_died_without_estate, maintenance_creditor_died, debtor_destitute, other (CPL 2023 art. 268)`)
}

// Termination for lack of property needs all five conditions of the 2016
// Provisions, art. 1, in the case's log; the refusal names every unmet
// one with its article.
func TestTerminationConditions(t *testing.T) {
	type step struct {
		name string
		do   func(w *world, n string) error
	}
	logs := func(kind string) step {
		return step{kind, func(w *world, n string) error { return w.log(n, kind) }}
	}
	searches := func(chs ...string) step {
		return step{"search " + strings.Join(chs, ","), func(w *world, n string) error {
			for _, ch := range chs {
				if err := w.search(n, ch); err != nil {
					return err
				}
			}
			return nil
		}}
	}
	all := []step{logs(enforcementapi.OpReportOrder), logs(enforcementapi.OpRestrictionOrder), logs(enforcementapi.OpListing),
		searches(channels...), logs(enforcementapi.OpDebtorSearch)}
	without := func(skip int, extra ...step) []step {
		var out []step
		for i, s := range all {
			if i != skip {
				out = append(out, s)
			}
		}
		return append(out, extra...)
	}
	for _, tc := range []struct {
		name   string
		steps  []step
		months string
		unmet  []string
	}{
		{"all five", all, "0", nil},
		{"no listing, but no grounds for one", without(2, logs(enforcementapi.OpNoListingGrounds)), "0", nil},
		{"debtor not missing instead of searched for", without(4, logs(enforcementapi.OpDebtorNotMissing)), "0", nil},
		{"nothing logged", nil, "3", []string{
			"5 of the 5 conditions",
			"art. 1(1): the enforcement notice and the order to report property must be served, and the log has no report_order (log report_order)",
			"art. 1(2): the consumption-restriction order must be issued and, where a ground exists, the debtor listed as dishonest, and the log has no restriction_order and neither a listing nor no_listing_grounds",
			"art. 1(3): property must be searched through every channel the court defines (parameter enforcement.searchChannels), and the log has no search through online_bank, real_estate, vehicles, securities (LogSearch)",
			"art. 1(4): more than 3 calendar months must have passed",
			"art. 1(5): a missing debtor must be searched for, and the log has neither debtor_search nor debtor_not_missing"}},
		{"no report order", without(0), "0", []string{"1 of the 5", "art. 1(1)", "no report_order"}},
		{"no restriction order", without(1), "0", []string{"1 of the 5", "art. 1(2)", "the log has no restriction_order"}},
		{"neither listed nor no grounds", without(2), "0", []string{"1 of the 5", "art. 1(2)", "the log has neither a listing nor no_listing_grounds"}},
		{"two channels not searched", without(3, searches("online_bank", "vehicles")), "0", []string{"1 of the 5", "art. 1(3)", "no search through real_estate, securities (LogSearch)"}},
		{"debtor not searched for", without(4), "0", []string{"1 of the 5", "art. 1(5)"}},
		{"too early and no debtor search", without(4), "3", []string{"2 of the 5", "art. 1(4)", "art. 1(5)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			n := w.reach(cases.Active)
			w.setParam(systemapi.EnforcementTerminationMonths, tc.months)
			for _, s := range tc.steps {
				require.NoError(t, s.do(w, n), s.name)
			}
			err := w.terminate(n)
			if tc.unmet == nil {
				require.NoError(t, err)
				cs := w.get(n)
				require.Equal(t, cases.Terminated, cs.State)
				page, err := ledgertest.Call(w.l.Tx(auditor), enforcementapi.Operations, n, 200, "")
				require.NoError(t, err)
				last := page.Operations[len(page.Operations)-1]
				require.Equal(t, enforcementapi.OpTermination, last.Kind)
				require.Contains(t, last.Note, "conditions met by notice #0, report_order #1")
				return
			}
			require.Error(t, err)
			require.True(t, api.Is(err, api.CodeState), "%v", err)
			for _, u := range tc.unmet {
				require.ErrorContains(t, err, u)
			}
			require.Equal(t, cases.Active, w.get(n).State)
		})
	}
}

// The search channels are a channel parameter: a court that adds one
// must search through it too; a search through a channel it does not
// define is refused; the list is checked.
func TestSearchChannelsParameter(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	require.NoError(t, w.conditions(n))
	require.ErrorContains(t, w.search(n, "ships"), `channel "ships" is not one the court searches through; parameter enforcement.searchChannels lists: online_bank, real_estate, vehicles, securities`)
	w.setParam(systemapi.EnforcementSearchChannels, systemapi.DefaultSearchChannels+",ships")
	require.ErrorContains(t, w.terminate(n), "no search through ships (LogSearch)")
	require.NoError(t, w.search(n, "ships"))
	require.NoError(t, w.terminate(n))
	require.EqualValues(t, 5, w.get(n).Investigations, "each search is a property investigation")

	for value, want := range map[string]string{
		"online_bank,Real_Estate":      `channel 2 "Real_Estate" is not 1 to 32 of a-z and _`,
		"online_bank, vehicles":        `channel 2 " vehicles" is not 1 to 32 of a-z and _`,
		"online_bank,online_bank":      `channel "online_bank" is listed twice`,
		"":                             `channel 1 "" is not 1 to 32`,
		strings.Repeat("a,", 20) + "b": "21 channels; at most 20",
	} {
		_, err := run(w, judge, func(tx *ledgertest.Tx) (*systemapi.Parameter, error) {
			return ledgertest.Call(tx, systemapi.SetParameter, systemapi.EnforcementSearchChannels, value)
		})
		require.ErrorContains(t, err, want, value)
	}
}

// A resumption is a docket entry of its own (法发〔2014〕26号 art. 6(3)):
// the original stays terminated, linked to it; the new case carries what
// is outstanding and what each creditor is still owed, counts its own
// time and searches on its own before it may be terminated again.
func TestResumptionIsACaseOfItsOwn(t *testing.T) {
	w := newWorld(t)
	n := w.open("(2026)J0101民初5号")
	require.NoError(t, w.activate(n))
	require.NoError(t, w.collect(n, 40000))
	_, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Distribution, error) {
		return ledgertest.Call(tx, enforcementapi.Distribute, n, 20000, hx("plan"))
	})
	require.NoError(t, err)
	require.NoError(t, w.conditions(n))
	w.l.Now = w.l.Now.AddDate(0, 4, 0)
	require.NoError(t, w.terminate(n))
	w.l.Now = w.l.Now.AddDate(0, 1, 0)

	res, events, err := withEvents(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.ResumptionResult, error) {
		return ledgertest.Call(tx, enforcementapi.Resume, n, "the creditor found a vehicle", hx("application"))
	})
	require.NoError(t, err)
	r := res.Resumption
	require.Regexp(t, `^\(2026\)J执恢[0-9A-F]{10}号$`, r.Number)
	require.Equal(t, "resumed as "+r.Number, res.Result)
	require.Equal(t, n, r.Resumes)
	require.Equal(t, cases.Active, r.State)
	require.Equal(t, cases.Origin{Type: cases.ResumptionOrigin, ID: n}, r.Origin)
	require.EqualValues(t, 60000, r.AmountDue, "what is outstanding")
	// 20000 of the 40000 collected are still held in the original: they
	// pay the priority claim's last 10000 and 10000 of the other there.
	require.Equal(t, []cases.Claim{{Creditor: hx("c2"), Priority: 1, Amount: 60000}}, r.Claims)
	require.Equal(t, []string{hx("c2")}, r.Creditors)
	require.Equal(t, w.l.Now.Format(time.RFC3339Nano), r.OpenedAt, "its own docketing time")
	require.Equal(t, "CourtMSP/judge1", r.OpenedBy.String())
	require.NotNil(t, event(events, "case.resumption"))
	require.Equal(t, r.Number, event(events, "case.resumption").Details["resumption"])
	require.Equal(t, "resumption:"+n, event(events, "case.opened").Details["origin"])

	o := w.get(n)
	require.Equal(t, cases.Terminated, o.State, "the original stays terminated")
	require.Equal(t, []string{r.Number}, o.ResumedAs)
	for _, in := range w.inquiries(n) {
		require.Equal(t, enforcementapi.InquiryCancelled, in.State, "round %d", in.Round)
		require.False(t, in.Indexed)
	}
	numbers, err := casestore.OfDebtor(w.l.Tx(auditor).Kernel(), w.debtor, 5)
	require.NoError(t, err)
	require.Equal(t, []string{r.Number}, numbers, "the resumption case takes the original's place in the debtor index")

	// The matter's notice, orders and listing carry over; searches, the
	// debtor and the 3 months are the resumption case's own.
	var carried []string
	for _, k := range r.Checks {
		require.Equal(t, n, k.Case)
		carried = append(carried, k.Kind)
	}
	require.Equal(t, []string{"notice", "report_order", "restriction_order", "listing"}, carried)
	w.setParam(systemapi.EnforcementTerminationMonths, "3")
	err = w.terminate(r.Number)
	require.ErrorContains(t, err, "3 of the 5 conditions")
	require.ErrorContains(t, err, "art. 1(3)")
	require.ErrorContains(t, err, "art. 1(4): more than 3 calendar months must have passed since the case was docketed at "+r.OpenedAt)
	require.ErrorContains(t, err, "art. 1(5)")
	require.NotContains(t, err.Error(), "art. 1(1)")
	require.NotContains(t, err.Error(), "art. 1(2)")
	for _, ch := range channels {
		require.NoError(t, w.search(r.Number, ch))
	}
	require.NoError(t, w.log(r.Number, enforcementapi.OpDebtorSearch))
	w.l.Now = w.l.Now.AddDate(0, 3, 1)
	require.NoError(t, w.terminate(r.Number))

	// Terminated again, the resumption case is resumed in turn; when the
	// matter ends, every case of it releases its debtors.
	res2, err := w.resume(r.Number)
	require.NoError(t, err)
	r2 := res2.Resumption
	require.Equal(t, r.Number, r2.Resumes)
	require.NoError(t, w.collectAll(r2.Number))
	require.Equal(t, []string{r2.Number + " performed", r.Number + " performed", n + " performed"}, w.endings)
}

// After termination the court's network inquiry is scheduled every 6
// calendar months for 5 years; each round that falls due is recorded and
// reported; the banks answer against the case: nothing found is logged,
// a partial find becomes an officer's task, a covering one dockets the
// resumption case and asks that bank to freeze, in the same transaction.
func TestInquiriesAfterTermination(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Terminated)
	terminated, err := time.Parse(time.RFC3339Nano, w.get(n).StateSince)
	require.NoError(t, err)
	schedule := w.inquiries(n)
	require.Len(t, schedule, 10)
	for i, in := range schedule {
		require.Equal(t, i+1, in.Round)
		require.Equal(t, calendar.AddMonths(terminated, 6*(i+1)).Format(time.RFC3339Nano), in.Due)
		require.Equal(t, enforcementapi.InquiryScheduled, in.State)
		require.True(t, in.Indexed, "round %d is in the deadline index", in.Round)
	}
	require.Equal(t, "2026-07-05T09:00:01Z", schedule[0].Due)
	require.Equal(t, "2031-01-05T09:00:01Z", schedule[9].Due)

	nothing := enforcementapi.InquiryAnswer{Channel: "online_bank", Description: hx("no deposits")}
	_, err = w.answer(n, nothing)
	require.ErrorContains(t, err, "no inquiry round of case "+n+" has fallen due yet (round 1 is due at 2026-07-05T09:00:01Z)")

	w.l.Now = w.l.Now.AddDate(0, 6, 0)
	out := w.sweep()
	require.Len(t, out.Processed, 1)
	require.Contains(t, out.Processed[0].Result, "inquiry round 1 of 10 due: the court searches the debtors' property through online_bank, real_estate, vehicles, securities")
	due := event(out.Events, "case.inquiryDue")
	require.NotNil(t, due)
	require.Equal(t, map[string]string{"round": "1", "of": "10", "due": schedule[0].Due, "channels": "online_bank,real_estate,vehicles,securities"}, due.Details)

	res, err := w.answer(n, nothing)
	require.NoError(t, err)
	require.Equal(t, "nothing found; logged", res.Result)
	_, err = w.answer(n, nothing)
	require.ErrorContains(t, err, "CreditMSP/bank1 answered round 1 of case "+n+" through online_bank already")
	for _, tc := range []struct {
		a    enforcementapi.InquiryAnswer
		want string
	}{
		{enforcementapi.InquiryAnswer{Channel: "ships", Description: hx("x")}, `channel "ships" is not one the court searches through`},
		{enforcementapi.InquiryAnswer{Channel: "vehicles", Value: 5, Description: hx("x")}, "and 0 when nothing was found"},
		{enforcementapi.InquiryAnswer{Channel: "vehicles", Found: true, Description: "x"}, "description must be a 64-character hex digest"},
	} {
		_, err := w.answer(n, tc.a)
		require.ErrorContains(t, err, tc.want)
	}
	_, err = run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.ResumptionResult, error) {
		return ledgertest.Call(tx, enforcementapi.AnswerInquiry, n, js(t, nothing))
	})
	require.ErrorContains(t, err, "access denied: enforcement:AnswerInquiry needs role bank_officer")

	partial, err := w.answer(n, enforcementapi.InquiryAnswer{Channel: "vehicles", Found: true, Value: 30000, Description: hx("a car")})
	require.NoError(t, err)
	require.Equal(t, "T1", partial.Task)
	require.Nil(t, partial.Resumption)
	require.Equal(t, "task T1 for an enforcement officer: property worth 30000 fen found, 100000 fen outstanding", partial.Result)
	cs := w.get(n)
	require.Equal(t, cases.Terminated, cs.State)
	require.Len(t, cs.Tasks, 1)
	require.Equal(t, enforcementapi.Task{ID: "T1", Source: "CreditMSP's answer to inquiry round 1 through vehicles", Channel: "vehicles", Description: hx("a car"),
		Value: 30000, Outstanding: 100000, Bank: "CreditMSP", ReportedBy: cs.Tasks[0].ReportedBy, OpenedAt: cs.Tasks[0].OpenedAt}, cs.Tasks[0])

	covering, events, err := withEvents(w, bank, func(tx *ledgertest.Tx) (*enforcementapi.ResumptionResult, error) {
		return ledgertest.Call(tx, enforcementapi.AnswerInquiry, n, js(t, enforcementapi.InquiryAnswer{Channel: "real_estate", Found: true, Value: 250000, Description: hx("a flat")}))
	})
	require.NoError(t, err)
	r := covering.Resumption
	require.NotNil(t, r)
	require.Equal(t, "M1", covering.Measure)
	require.Equal(t, "resumed as "+r.Number+"; freeze M1 requested from CreditMSP", covering.Result)
	require.Equal(t, cases.Active, w.get(r.Number).State)
	m, err := ledgertest.Call(w.l.Tx(bank), enforcementapi.GetMeasure, r.Number, "M1")
	require.NoError(t, err)
	require.Equal(t, enforcementapi.Requested, m.State)
	require.True(t, m.RequestedBy.Auto, "requested by the contract")
	require.EqualValues(t, 100000, m.Amount, "the outstanding amount")
	require.Equal(t, hx("a flat"), m.Target)
	require.Equal(t, "CreditMSP's answer to inquiry round 1 through real_estate in "+n, m.Origin)
	require.NotNil(t, event(events, "measure.requested"))
	require.NotNil(t, event(events, "case.resumption"))

	cs = w.get(n)
	require.Equal(t, []string{r.Number}, cs.ResumedAs)
	require.Empty(t, cs.Tasks, "the open task closed with the resumption")
	schedule = w.inquiries(n)
	require.Equal(t, enforcementapi.InquiryDue, schedule[0].State)
	for _, in := range schedule[1:] {
		require.Equal(t, enforcementapi.InquiryCancelled, in.State)
		require.False(t, in.Indexed, "round %d left the index", in.Round)
	}
	_, err = w.answer(n, enforcementapi.InquiryAnswer{Channel: "securities", Description: hx("none")})
	require.ErrorContains(t, err, "was resumed as "+r.Number)
	w.l.Now = w.l.Now.AddDate(6, 0, 0)
	require.Empty(t, w.sweep().Processed, "no inquiry of the resumed case is left")
}

// A task is an enforcement officer's: resume (the resumption case, and a
// freeze request to the bank that reported) or no resumption, with a
// reason.
func TestTasksAreDecidedByAnOfficer(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Terminated)
	for _, what := range []string{"a small deposit", "a car of unknown worth"} {
		value := int64(20000)
		if strings.Contains(what, "unknown") {
			value = 0
		}
		res, err := w.clue(w.debtor, what, value)
		require.NoError(t, err)
		require.Len(t, res.Cases, 1)
		require.NotEmpty(t, res.Cases[0].Task)
		require.Empty(t, res.Cases[0].Resumption)
	}
	require.Len(t, w.get(n).Tasks, 2)
	decide := func(who ledgertest.Identity, task, decision, reason string) (*enforcementapi.ResumptionResult, error) {
		return run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.ResumptionResult, error) {
			return ledgertest.Call(tx, enforcementapi.DecideTask, n, task, decision, reason)
		})
	}
	_, err := decide(judge, "T1", enforcementapi.DecideNoResumption, "too small")
	require.ErrorContains(t, err, "needs role enforcement_officer")
	_, err = decide(officer, "T1", "maybe", "")
	require.ErrorContains(t, err, `decision "maybe": resume or no_resumption`)
	_, err = decide(officer, "T1", enforcementapi.DecideNoResumption, "")
	require.ErrorContains(t, err, "reason is required")
	_, err = decide(officer, "T9", enforcementapi.DecideNoResumption, "x")
	require.ErrorContains(t, err, `has no undecided task "T9"`)

	res, err := decide(officer, "T1", enforcementapi.DecideNoResumption, "20000 fen do not pay for an auction")
	require.NoError(t, err)
	require.Nil(t, res.Resumption)
	require.Equal(t, cases.Terminated, w.get(n).State)
	require.Len(t, w.get(n).Tasks, 1)

	res, err = decide(officer, "T2", enforcementapi.DecideResume, "the car is worth seizing")
	require.NoError(t, err)
	require.NotNil(t, res.Resumption)
	require.Equal(t, "resumed as "+res.Resumption.Number+"; freeze M1 requested from CreditMSP", res.Result)
	m, err := ledgertest.Call(w.l.Tx(bank), enforcementapi.GetMeasure, res.Resumption.Number, "M1")
	require.NoError(t, err)
	require.Equal(t, "CourtMSP/officer1", m.RequestedBy.String(), "the officer asks, a judge decides")
	require.EqualValues(t, 100000, m.Amount, "unknown worth: up to what is outstanding")
	_, err = decide(officer, "T2", enforcementapi.DecideResume, "")
	require.ErrorContains(t, err, "has no undecided task")
}

// The creditor's report of property (2016 Provisions art. 9 para. 1): a
// clerk records the application, at any time; an officer verifies it;
// verified, the resumption case is docketed; not verified, refused.
func TestCreditorsApplicationResumesOnceVerified(t *testing.T) {
	w := newWorld(t)
	active := w.reach(cases.Active)
	n := w.reach(cases.Terminated)
	apply := func(who ledgertest.Identity, number string, req enforcementapi.ResumptionApplication) (*enforcementapi.Case, error) {
		return run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
			return ledgertest.Call(tx, enforcementapi.ApplyResumption, number, js(t, req))
		})
	}
	verify := func(id string, ok bool) (*enforcementapi.ResumptionResult, error) {
		return run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.ResumptionResult, error) {
			return ledgertest.Call(tx, enforcementapi.VerifyProperty, n, id, ok, hx("verification "+id))
		})
	}
	req := enforcementapi.ResumptionApplication{Document: hx("application"), Property: enforcementapi.PropertyReport{Kind: "real_estate", Description: hx("a flat"), Value: 500000}}
	_, err := apply(clerk, active, req)
	require.ErrorContains(t, err, "is active; a creditor applies with property found only to resume a case terminated for lack of property")
	_, err = apply(judge, n, req)
	require.ErrorContains(t, err, "needs role clerk")
	bad := req
	bad.Property.Kind = "gold"
	_, err = apply(clerk, n, bad)
	require.ErrorContains(t, err, `property.kind "gold"`)

	w.l.Now = w.l.Now.AddDate(7, 0, 0) // no time limit
	cs, err := apply(clerk, n, req)
	require.NoError(t, err)
	require.Equal(t, "P1", cs.Applications[0].ID)
	require.Equal(t, cases.Terminated, cs.State, "an application alone resumes nothing")
	_, err = apply(clerk, n, req)
	require.NoError(t, err)

	res, err := verify("P1", false)
	require.NoError(t, err)
	require.Nil(t, res.Resumption)
	require.Equal(t, "P1 refused: the property the creditor reported was not verified", res.Result)
	_, err = verify("P1", true)
	require.ErrorContains(t, err, `has no application "P1" awaiting verification`)
	res, err = verify("P2", true)
	require.NoError(t, err)
	require.NotNil(t, res.Resumption)
	require.Empty(t, res.Measure, "the officer takes the measures the property asks for in the new case")
	require.Equal(t, []string{res.Resumption.Number}, w.get(n).ResumedAs)
	require.Equal(t, "CourtMSP/officer1", res.Resumption.OpenedBy.String())
}

// A bank's property clue follows the same rule in a terminated case:
// covering → a resumption case with a freeze request to that bank; less
// → an officer's task. An active case gets the clue and a freeze request;
// the same clue again changes nothing.
func TestPropertyClues(t *testing.T) {
	w := newWorld(t)
	terminated := w.reach(cases.Terminated)
	active := w.reach(cases.Active)
	concluded := w.reach(cases.Concluded)

	res, err := w.clue(w.debtor, "deposit at branch 12", 60000)
	require.NoError(t, err)
	require.False(t, res.Duplicate)
	require.Len(t, res.Cases, 2, "the concluded case left the debtor's index")
	byCase := map[string]enforcementapi.ClueOutcome{}
	for _, o := range res.Cases {
		byCase[o.Case] = o
	}
	require.Equal(t, enforcementapi.ClueOutcome{Case: terminated, Task: "T1",
		Result: "task T1 for an enforcement officer: property worth 60000 fen found, 100000 fen outstanding"}, byCase[terminated])
	require.Equal(t, enforcementapi.ClueOutcome{Case: active, Result: "logged; freeze M1 requested from CreditMSP", Measure: "M1"}, byCase[active])
	m, err := ledgertest.Call(w.l.Tx(bank), enforcementapi.GetMeasure, active, "M1")
	require.NoError(t, err)
	require.Equal(t, "auto, on CreditMSP/bank1's transaction", m.RequestedBy.String(), "raised by the contract, on the bank's report")
	require.Equal(t, "bank1", m.RequestedBy.EnrollmentID, "whose report set it off")
	require.EqualValues(t, 60000, m.Amount, "the clue's value, below what is owed")
	require.Equal(t, cases.Concluded, w.get(concluded).State)

	before := len(w.l.State)
	again, err := w.clue(w.debtor, "deposit at branch 12", 60000)
	require.NoError(t, err)
	require.True(t, again.Duplicate)
	require.Equal(t, res.Clue.TxID, again.Clue.TxID)
	require.Len(t, w.l.State, before, "a duplicate report writes nothing")

	covering, err := w.clue(w.debtor, "deposit at branch 13", 100000)
	require.NoError(t, err)
	byCase = map[string]enforcementapi.ClueOutcome{}
	for _, o := range covering.Cases {
		byCase[o.Case] = o
	}
	o := byCase[terminated]
	require.NotEmpty(t, o.Resumption)
	require.Equal(t, "resumed as "+o.Resumption+"; freeze M1 requested from CreditMSP", o.Result)
	require.Equal(t, "M1", o.Measure)
	require.Equal(t, cases.Terminated, w.get(terminated).State, "the original stays terminated")
	r := w.get(o.Resumption)
	require.Equal(t, cases.Active, r.State)
	m, err = ledgertest.Call(w.l.Tx(bank), enforcementapi.GetMeasure, r.Number, "M1")
	require.NoError(t, err)
	require.Equal(t, "property clue "+covering.Clue.ID+" in "+terminated, m.Origin)
	// The bank then confirms the freeze once a judge approves it.
	_, err = run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return ledgertest.Call(tx, enforcementapi.ApproveMeasure, r.Number, "M1", hx("freeze ruling"))
	})
	require.NoError(t, err, "an automatic request is decided by a judge like any other")

	_, err = w.clue(hx("nobody"), "deposit", 0)
	require.ErrorContains(t, err, "no open enforcement case names this debtor; the clue was not recorded")
	_, err = w.clue("110105194912310021", "deposit", 0)
	require.ErrorContains(t, err, "debtor is not a pseudonym")
	require.NotContains(t, err.Error(), "110105")
	_, err = run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.ClueResult, error) {
		return ledgertest.Call(tx, enforcementapi.ReportPropertyClue, w.debtor, "deposit", hx("x"), 0)
	})
	require.ErrorContains(t, err, "access denied: enforcement:ReportPropertyClue needs role bank_officer")
}

// A settlement: paid instalments leave the index; a missed one, where the
// creditor did not apply in advance, is reported to the creditors and
// the court and resumes nothing until the creditor applies; the
// resumption is a case of its own, in which a second settlement
// performed in full concludes the matter.
func TestSettlementInstalments(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	require.NoError(t, w.collect(n, 10000))
	require.ErrorContains(t, w.settle(n, 50000, 50000), "the instalments add up to 100000 fen, more than the 90000 fen still owed")
	require.NoError(t, w.settle(n, 30000, 30000, 20000))
	cs := w.get(n)
	require.Equal(t, 1, cs.Settlement.No)
	require.False(t, cs.Settlement.PreAuthorised)
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
	require.Contains(t, out.Processed[0].Result, "defaulted: instalment 1 of settlement 1 (30000 fen due")
	require.Contains(t, out.Processed[0].Result, "reported to the creditors and the court; enforcement resumes on the creditor's application (CPL 2023 art. 241)")
	defaulted := event(out.Events, "settlement.defaulted")
	require.NotNil(t, defaulted)
	require.Equal(t, n, defaulted.ID)
	require.Equal(t, hx("c1")+","+hx("c2"), defaulted.Details["creditors"])
	require.Equal(t, "CourtMSP", defaulted.Details["court"])
	cs = w.get(n)
	require.Equal(t, cases.Settled, cs.State, "not resumed: the creditor did not apply in advance")
	require.Empty(t, cs.ResumedAs)
	require.Equal(t, 1, cs.Settlement.Default.Instalment)
	w.l.Now = w.l.Now.Add(60 * 24 * time.Hour)
	require.Empty(t, w.sweep().Processed, "the third instalment's deadline left with the default")

	res, err := w.resume(n)
	require.NoError(t, err, "the creditor applies")
	r := res.Resumption.Number
	require.EqualValues(t, 55000, res.Resumption.AmountDue)
	require.Equal(t, cases.Settled, w.get(n).State, "the original stays settled")

	// A second settlement, in the resumption case, performed in full
	// concludes it, and the matter with it.
	require.NoError(t, w.settle(r, 20000))
	require.Equal(t, 1, w.get(r).Settlement.No)
	require.NoError(t, w.collect(r, 20000))
	rc := w.get(r)
	require.Equal(t, cases.Concluded, rc.State)
	require.Equal(t, "settlement fully performed", rc.ConcludedHow)
	require.Equal(t, []string{r + " settlement_performed", n + " settlement_performed"}, w.endings)
	w.l.Now = w.l.Now.Add(60 * 24 * time.Hour)
	require.Empty(t, w.sweep().Processed)
}

// Where the creditor applied in advance when the settlement was recorded,
// the missed instalment dockets the resumption case as it falls due
// (CPL 2023 art. 241; Opinions item 16).
func TestPreAuthorisedSettlementResumesOnItsOwn(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	require.ErrorContains(t, w.settleWith(n, enforcementapi.SettlementRequest{PreAuthorised: true}, 30000),
		"authorisation is missing: give a 64-character hex digest")
	require.ErrorContains(t, w.settleWith(n, enforcementapi.SettlementRequest{Authorisation: hx("x")}, 30000),
		"send it with preAuthorised true, or not at all")
	require.NoError(t, w.settleWith(n, enforcementapi.SettlementRequest{PreAuthorised: true, Authorisation: hx("advance application")}, 30000, 30000))
	require.True(t, w.get(n).Settlement.PreAuthorised)

	w.l.Now = w.l.Now.Add(31 * 24 * time.Hour)
	out := w.sweep()
	require.Len(t, out.Processed, 1)
	cs := w.get(n)
	require.Len(t, cs.ResumedAs, 1)
	r := w.get(cs.ResumedAs[0])
	require.Equal(t, "resumed as "+r.Number+": instalment 0 of settlement 1 (30000 fen due "+cs.Settlement.Instalments[0].Due+") not paid", out.Processed[0].Result)
	require.Equal(t, cases.Settled, cs.State)
	require.Nil(t, cs.Settlement.Default)
	require.Equal(t, cases.Active, r.State)
	require.True(t, r.OpenedBy.Auto)
	require.Equal(t, []string{hx("advance application"), hx("judgment " + cs.Origin.ID)}, r.Evidence)
	require.NotNil(t, event(out.Events, "case.resumption"))
	w.l.Now = w.l.Now.Add(31 * 24 * time.Hour)
	require.Empty(t, w.sweep().Processed, "the second instalment left with the resumption")
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
	require.Contains(t, out.Processed[0].Result, "defaulted: instalment 0")
	require.Equal(t, "deferred to the next sweep: its record changed in this one", out.Processed[1].Result)
	page, err := ledgertest.Call(w.l.Tx(auditor), enforcementapi.Operations, n, 200, "")
	require.NoError(t, err)
	require.Len(t, page.Operations, 3, "notice, settlement, one default: the case was not written twice")
	require.Empty(t, w.sweep().Processed, "the default took the second instalment out of the index")
}

// Suspension, a ruling not to enforce and final termination end the
// case's hold on its debtors: the hooks that remove their listings run,
// for the case and the cases it carries on.
func TestCaseEventsEndTheListings(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	_, events, err := withEvents(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.Suspend, n, enforcementapi.SuspendBankruptcy, hx("bankruptcy accepted"))
	})
	require.NoError(t, err)
	require.NotNil(t, event(events, creditapi.EventListingRemoved))
	cs := w.get(n)
	require.Equal(t, &enforcementapi.Suspension{Ground: "bankruptcy", Document: hx("bankruptcy accepted"), Since: cs.StateSince, From: cases.Active}, cs.Suspension)
	res, err := w.clue(w.debtor, "a deposit", 1000)
	require.NoError(t, err)
	require.Equal(t, "logged; case suspended, no measure raised", res.Cases[0].Result)
	_, err = run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return ledgertest.Call(tx, enforcementapi.RequestMeasure, n, enforcementapi.OpFreeze, hx("acct"), 10, hx("r"))
	})
	require.ErrorContains(t, err, "measures are requested only while it is active or resumed")
	require.NoError(t, w.endSuspension(n))
	require.Equal(t, cases.Active, w.get(n).State)
	require.NotEmpty(t, w.get(n).Suspension.Ended)

	terminated := w.reach(cases.Terminated)
	require.NoError(t, w.finallyTerminate(terminated))
	cs = w.get(terminated)
	require.Equal(t, "finally terminated: application_withdrawn (CPL 2023 art. 268)", cs.ConcludedHow)
	for _, in := range w.inquiries(terminated) {
		require.False(t, in.Indexed, "the inquiries left the index")
	}

	resumedFrom := w.reach(cases.Terminated)
	rr, err := w.resume(resumedFrom)
	require.NoError(t, err)
	require.NoError(t, w.notEnforce(rr.Resumption.Number))
	require.Equal(t, "ruled not to enforce: the arbitral award was made without jurisdiction", w.get(rr.Resumption.Number).ConcludedHow)

	require.Equal(t, []string{n + " suspended", terminated + " finally_terminated",
		rr.Resumption.Number + " not_enforced", resumedFrom + " not_enforced"}, w.endings)
	numbers, err := casestore.OfDebtor(w.l.Tx(auditor).Kernel(), w.debtor, 10)
	require.NoError(t, err)
	require.Equal(t, []string{n}, numbers, "only the case active again is in the debtor index")
}

// Freeze, seizure and deduction: an officer requests, a judge who is not
// the requester approves, the addressed bank executes; nothing else.
func TestSensitiveMeasuresFollowTheClosedLoop(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	request := func(who ledgertest.Identity, kind string, amount int64) (*enforcementapi.MeasureResult, error) {
		return run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
			return ledgertest.Call(tx, enforcementapi.RequestMeasure, n, kind, hx("account 6222..."), amount, hx("request"))
		})
	}
	approve := func(who ledgertest.Identity, id string) error {
		_, err := run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
			return ledgertest.Call(tx, enforcementapi.ApproveMeasure, n, id, hx("approval"))
		})
		return err
	}
	confirm := func(who ledgertest.Identity, id string, amount int64) error {
		_, err := run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
			return ledgertest.Call(tx, enforcementapi.ConfirmMeasure, n, id, amount, hx("bank receipt"))
		})
		return err
	}

	_, err := run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Operation, error) {
		return ledgertest.Call(tx, enforcementapi.LogOperation, n, enforcementapi.OpFreeze, hx("x"), "")
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
		return ledgertest.Call(tx, enforcementapi.RejectMeasure, n, r.Measure.ID, "")
	})
	require.ErrorContains(t, err, "reason is required")
	_, err = run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return ledgertest.Call(tx, enforcementapi.RejectMeasure, n, r.Measure.ID, "disproportionate")
	})
	require.NoError(t, err)
	require.ErrorContains(t, approve(judge, r.Measure.ID), "is rejected")
	require.ErrorContains(t, confirm(bank, "M9", 1), "has no measure \"M9\" (it has M1 to M2)")

	f, err := request(officer, enforcementapi.OpFreeze, 15000)
	require.NoError(t, err)
	require.NoError(t, approve(judge, f.Measure.ID))
	require.NoError(t, confirm(bank, f.Measure.ID, 12000))
	require.EqualValues(t, 12000, w.get(n).Secured, "what an executed freeze holds secures the case")

	page, err := ledgertest.Call(w.l.Tx(auditor), enforcementapi.Operations, n, 200, "")
	require.NoError(t, err)
	var steps []string
	for _, op := range page.Operations {
		if op.Measure != "" {
			steps = append(steps, op.Kind+":"+op.Step+":"+op.Measure)
		}
	}
	require.Equal(t, []string{"deduction:requested:M1", "deduction:approved:M1", "deduction:executed:M1", "freeze:requested:M2", "freeze:rejected:M2",
		"freeze:requested:M3", "freeze:approved:M3", "freeze:executed:M3"}, steps)
}

// Distribution pays priority first, never more than was collected, and
// the shares add up to the amount.
func TestDistribution(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	require.NoError(t, w.collect(n, 50000))
	distribute := func(amount int64) (*enforcementapi.Distribution, error) {
		return run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Distribution, error) {
			return ledgertest.Call(tx, enforcementapi.Distribute, n, amount, hx("distribution plan"))
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
		return ledgertest.Call(tx, enforcementapi.Distribute, n, 1, hx("p"))
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
	_, err := ledgertest.Call(tx, enforcementapi.OpenCase, js(t, enforcementapi.OpenRequest{Basis: cases.Origin{Type: "arbitration", ID: "ARB-1"}, Document: hx("award"),
		Creditors: []string{hx("c")}, Debtors: []string{w.debtor}, Amount: 5000}))
	require.NoError(t, err)
	require.NotEmpty(t, tx.Policies())
	for key := range tx.Policies() {
		require.Contains(t, tx.Writes(), key, "a policy is set on a key the transaction writes")
	}
	tx.Commit()
	n := func() string {
		cs, err := casestore.ByOrigin(w.l.Tx(auditor).Kernel(), cases.Enforcement, cases.Origin{Type: "arbitration", ID: "ARB-1"})
		require.NoError(t, err)
		return cs.Number
	}()
	orgs, err := ledgertest.Call(w.l.Tx(auditor), enforcementapi.KeyPolicy, n)
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
		page, err := ledgertest.Call(w.l.Tx(auditor), enforcementapi.Operations, a, 2, bookmark)
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
		page, err := ledgertest.Call(w.l.Tx(auditor), enforcementapi.OperationsByKind, enforcementapi.OpInvestigation, start.Format(time.RFC3339), w.l.Now.Format(time.RFC3339), 2, bookmark)
		require.NoError(t, err)
		for _, op := range page.Operations {
			found = append(found, op.Case)
		}
		if bookmark = page.Bookmark; bookmark == "" {
			break
		}
	}
	require.Equal(t, []string{a, b, a, b}, found, "in time order; the last one is at the range's exclusive end")

	_, err := ledgertest.Call(w.l.Tx(bank), enforcementapi.OperationsByKind, enforcementapi.OpInvestigation, start.Format(time.RFC3339), w.l.Now.Format(time.RFC3339), 2, "")
	require.ErrorContains(t, err, "access denied")
	_, err = ledgertest.Call(w.l.Tx(auditor), enforcementapi.Operations, a, 0, "")
	require.ErrorContains(t, err, "pageSize must be 1 to 200")
	_, err = ledgertest.Call(w.l.Tx(auditor), enforcementapi.OperationsByKind, enforcementapi.OpInvestigation, "yesterday", "", 2, "")
	require.ErrorContains(t, err, `from "yesterday" is not an RFC 3339 time`)
	_, err = run(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Operation, error) {
		return ledgertest.Call(tx, enforcementapi.LogOperation, a, "gossip", hx("x"), "")
	})
	require.ErrorContains(t, err, `unknown operation kind "gossip"`)
	require.ErrorContains(t, w.log(a, enforcementapi.OpSearch), `unknown operation kind "search"`, "a search names its channel: LogSearch")
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
		{func(r *enforcementapi.OpenRequest) { r.Basis.Type = cases.ResumptionOrigin }, `basis.type "resumption" is not an enforceable document`},
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
		_, err := run(w, clerk, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
			return ledgertest.Call(tx, enforcementapi.OpenCase, js(t, req))
		})
		require.ErrorContains(t, err, tc.want)
		require.NotContains(t, err.Error(), "110105")
	}
	_, err := run(w, clerk, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.OpenCase, `{"basis":{},"extra":1}`)
	})
	require.ErrorContains(t, err, `unknown field "extra"`)
	_, err = run(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.OpenCase, js(t, good))
	})
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
			return ledgertest.Call(tx, enforcementapi.RecordCollection, n, amount, hx(fmt.Sprint("transfer ", amount)), "")
		})
	}
	reportAs := func(who ledgertest.Identity, amount int64) (*enforcementapi.Case, error) {
		return run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
			return ledgertest.Call(tx, enforcementapi.ReportCollection, n, amount, hx(fmt.Sprint("receipt ", amount)), "paid in cash")
		})
	}
	confirmAs := func(who ledgertest.Identity, id string) (*enforcementapi.Case, error) {
		return run(w, who, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
			return ledgertest.Call(tx, enforcementapi.ConfirmCollection, n, id)
		})
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
		return ledgertest.Call(tx, enforcementapi.RequestMeasure, n, enforcementapi.OpFreeze, hx("account"), 70000, hx("request"))
	})
	_, err = record(bank, 70000)
	require.ErrorContains(t, err, "access denied", "a requested measure is not yet an order")
	must(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return ledgertest.Call(tx, enforcementapi.ApproveMeasure, n, m.Measure.ID, hx("ruling"))
	})
	otherBank := ledgertest.Identity{MSPID: "OtherBankMSP", Name: "bank9", Role: "bank_officer"}
	_, err = record(otherBank, 70000)
	require.ErrorContains(t, err, "access denied")
	cs, err = record(bank, 70000)
	require.NoError(t, err)
	require.Equal(t, cases.Active, cs.State, "a bank's word concludes nothing")
	require.EqualValues(t, 30000, cs.Collected)
	require.Empty(t, w.conclude)
	_, err = confirmAs(bank, "R2")
	require.ErrorContains(t, err, "needs role judge (CourtMSP) or clerk (CourtMSP)", "the court confirms")
	cs, err = confirmAs(judge, "R2")
	require.NoError(t, err)
	require.Equal(t, cases.Concluded, cs.State)
	require.Equal(t, []string{n}, w.conclude)

	page, err := ledgertest.Call(w.l.Tx(auditor), enforcementapi.Operations, n, 200, "")
	require.NoError(t, err)
	var steps []string
	for _, op := range page.Operations {
		if op.Kind == enforcementapi.OpCollection {
			steps = append(steps, op.Step+" by "+op.Officer.String())
		}
	}
	require.Equal(t, []string{"requested by CourtMSP/clerk1", "confirmed by CourtMSP/judge1", "requested by CreditMSP/bank1", "confirmed by CourtMSP/judge1"}, steps)
}

// A bank officer cannot conclude a case by naming an amount (review of
// 2026-12-08): after a judge approved a freeze of 1 fen addressed to the
// credit org, an officer of it recorded 1,000,000 fen and the case
// concluded, its listings removed and the debtor's personal data purged.
// Now the money waits for the court, and a deduction counts only up to
// what a judge approved.
func TestOneBankOfficerConcludesNothing(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Active)
	approved := func(kind string, amount int64) string {
		m := must(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
			return ledgertest.Call(tx, enforcementapi.RequestMeasure, n, kind, hx("account"), amount, hx("request"))
		})
		must(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
			return ledgertest.Call(tx, enforcementapi.ApproveMeasure, n, m.Measure.ID, hx("ruling"))
		})
		return m.Measure.ID
	}
	approved(enforcementapi.OpFreeze, 1)
	cs, err := run(w, bank, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.RecordCollection, n, int64(100000), hx("transfer"), "")
	})
	require.NoError(t, err)
	require.Equal(t, cases.Active, cs.State)
	require.Zero(t, cs.Collected)
	require.Empty(t, w.conclude, "no listing removed, nothing purged")

	deduction := approved(enforcementapi.OpDeduction, 10)
	_, err = run(w, bank, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return ledgertest.Call(tx, enforcementapi.ConfirmMeasure, n, deduction, int64(100000), hx("proof"))
	})
	require.ErrorContains(t, err, "must be within 0 to the 10 fen approved")
	res, err := run(w, bank, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return ledgertest.Call(tx, enforcementapi.ConfirmMeasure, n, deduction, int64(10), hx("proof"))
	})
	require.NoError(t, err)
	require.EqualValues(t, 10, res.Case.Collected)
	require.Equal(t, cases.Active, res.Case.State)
}

// The 6 months between inquiries are the law's: only a test network sets
// 0, which makes every round due at once, one a sweep (they change the
// same case).
func TestInquiryMonthsParameter(t *testing.T) {
	w := newWorld(t)
	kernel.UseTestPeriods(false)
	_, err := run(w, judge, func(tx *ledgertest.Tx) (*systemapi.Parameter, error) {
		return ledgertest.Call(tx, systemapi.SetParameter, systemapi.EnforcementInquiryMonths, "0")
	})
	require.ErrorContains(t, err, "0 is outside the allowed range 6 to 6: the law fixes this bound")
	kernel.UseTestPeriods(true)
	w.setParam(systemapi.EnforcementInquiryMonths, "0")
	n := w.reach(cases.Terminated)
	for _, in := range w.inquiries(n) {
		require.Equal(t, w.get(n).StateSince, in.Due)
	}
	out := w.sweep()
	require.Len(t, out.Processed, 10)
	require.Contains(t, out.Processed[0].Result, "inquiry round 1 of 10 due")
	require.True(t, out.Processed[1].Deferred)
	res, err := w.answer(n, enforcementapi.InquiryAnswer{Channel: "online_bank", Found: true, Value: 100000, Description: hx("deposit")})
	require.NoError(t, err)
	require.NotNil(t, res.Resumption)
	require.Empty(t, w.sweep().Processed, "the rounds left the index with the resumption")
}

// One bank officer's "nothing found" keeps no other bank of the org from
// answering "found" through the same channel (review of 2026-12-08): an
// org holds many banks, and the round's answers were counted by org.
func TestAnInquiryAnswerSilencesNoOtherBank(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Terminated)
	w.l.Now = w.l.Now.AddDate(0, 6, 0)
	w.sweep()
	_, err := w.answer(n, enforcementapi.InquiryAnswer{Channel: "online_bank", Description: hx("no deposits here")})
	require.NoError(t, err)
	otherBank := ledgertest.Identity{MSPID: "CreditMSP", Name: "bank2", Role: "bank_officer"}
	res, err := run(w, otherBank, func(tx *ledgertest.Tx) (*enforcementapi.ResumptionResult, error) {
		return ledgertest.Call(tx, enforcementapi.AnswerInquiry, n, js(t, enforcementapi.InquiryAnswer{Channel: "online_bank", Found: true, Value: 30000,
			Description: hx("a deposit at the other bank")}))
	})
	require.NoError(t, err)
	require.Equal(t, "T1", res.Task)
}

// One bank's word that a house covers the debt does not resume a case: a
// clue to property the bank does not hold becomes an officer's task,
// whatever it is said to be worth; a deposit the bank holds that covers
// the debt resumes it (review of 2026-12-08).
func TestALargeClueResumesOnlyFromItsHolder(t *testing.T) {
	w := newWorld(t)
	n := w.reach(cases.Terminated)
	res, err := run(w, bank, func(tx *ledgertest.Tx) (*enforcementapi.ClueResult, error) {
		return ledgertest.Call(tx, enforcementapi.ReportPropertyClue, w.debtor, "real_estate", hx("a villa"), int64(90000000))
	})
	require.NoError(t, err)
	require.Equal(t, enforcementapi.ClueOutcome{Case: n, Task: "T1",
		Result: "task T1 for an enforcement officer: property worth 90000000 fen found, 100000 fen outstanding"}, res.Cases[0])
	require.Empty(t, w.get(n).ResumedAs)
	page, err := ledgertest.Call(w.l.Tx(auditor), enforcementapi.Operations, n, 200, "")
	require.NoError(t, err)
	require.Contains(t, page.Operations[len(page.Operations)-1].Note, "which its reporter does not hold; an enforcement officer decides")

	deposit, err := w.clue(w.debtor, "a deposit covering the debt", 100000)
	require.NoError(t, err)
	require.NotEmpty(t, deposit.Cases[0].Resumption)
}
