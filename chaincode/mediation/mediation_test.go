package mediation_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/calendar"
	"github.com/courtchain/judicial/chaincode/api/cases"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/mediation"
	systemcc "github.com/courtchain/judicial/chaincode/system"
	"github.com/stretchr/testify/require"
)

var (
	judge, clerk, officer, auditor = ledgertest.Judge, ledgertest.Clerk, ledgertest.Officer, ledgertest.Auditor
	mediator, bank                 = ledgertest.Mediator, ledgertest.Bank
	mediator2                      = ledgertest.Identity{MSPID: "MediationMSP", Name: "mediator2", Role: "mediator"}
	clerk2                         = ledgertest.Identity{MSPID: "CourtMSP", Name: "clerk2", Role: "clerk"}
	courtAdmin                     = ledgertest.Identity{MSPID: "CourtMSP", Name: "courtadmin1", Role: "court_admin"}
)

// declareHolidays has the court administrator declare days off of 2026
// on the courts' calendar (system:SetHolidays, which kernel.SetHolidays
// keeps).
func declareHolidays(t *testing.T, l *ledgertest.Ledger, dates ...string) {
	t.Helper()
	req := systemapi.HolidaysRequest{Holidays: dates, Basis: "a test arrangement"}
	ledgertest.Must(t, l, courtAdmin, func(tx *ledgertest.Tx) (*systemapi.Calendar, error) {
		return ledgertest.Call(tx, systemapi.SetHolidays, 2026, js(t, req))
	})
}

// sweeper sweeps this contract's deadlines, as the chaincode's deadline contract does.
var sweeper = deadline.NewContract(mediation.Kinds()...)

var hx, js = ledgertest.Hex, ledgertest.JSON

// world is a ledger served by the mediation contract, its sweeps and the
// system contract.
func world(t *testing.T) (*ledgertest.Ledger, *mediation.Contract) {
	return ledgertest.New(contract, sweeper, systemContract), contract
}

// The contracts a world serves: one value each, so that the worlds share
// one chaincode.
var contract, systemContract = mediation.New(), systemcc.New()

func run[T any](l *ledgertest.Ledger, who ledgertest.Identity, fn func(*ledgertest.Tx) (T, error)) (T, error) {
	return ledgertest.Run(l, who, fn)
}

func submitFiling(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract) *mediationapi.Filing {
	f, err := run(l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Filing, error) {
		return ledgertest.Call(tx, mediationapi.SubmitFiling, js(t, mediationapi.FilingRequest{Claimants: []string{hx("alice")}, Respondents: []string{hx("bob")}, Claim: hx("claim"), Amount: 500000}))
	})
	require.NoError(t, err)
	return f
}

func sweep(l *ledgertest.Ledger, c *mediation.Contract, who ledgertest.Identity, from string, max int) (*deadlineapi.SweepResult, error) {
	return run(l, who, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
		return ledgertest.Call(tx, deadlineapi.Sweep, from, "", max)
	})
}

// Filing transitions: each allowed one succeeds, each other is refused.
func TestFilingTransitionTable(t *testing.T) {
	type step func(l *ledgertest.Ledger, c *mediation.Contract, id string) error
	docket := func(who ledgertest.Identity) step {
		return func(l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			_, err := run(l, who, func(tx *ledgertest.Tx) (*mediationapi.Filing, error) {
				return ledgertest.Call(tx, mediationapi.Docket, id)
			})
			return err
		}
	}
	reject := func(who ledgertest.Identity) step {
		return func(l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			_, err := run(l, who, func(tx *ledgertest.Tx) (*mediationapi.Filing, error) {
				return ledgertest.Call(tx, mediationapi.Reject, id, "not within jurisdiction")
			})
			return err
		}
	}
	auto := func(after time.Duration) step {
		return func(l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			l.Now = l.Now.Add(after)
			_, err := run(l, clerk, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
				return ledgertest.Call(tx, deadlineapi.Trigger, mediationapi.KindFiling, id)
			})
			return err
		}
	}
	table := []struct {
		name string
		// holidays are declared on the courts' calendar before the
		// filing is submitted.
		holidays []string
		before   step
		do       step
		want     string
		wantErr  string
	}{
		{"submitted → docketed by clerk", nil, nil, docket(clerk), mediationapi.FilingDocketed, ""},
		{"submitted → rejected by clerk", nil, nil, reject(clerk), mediationapi.FilingRejected, ""},
		{"submitted → rejected by judge", nil, nil, reject(judge), mediationapi.FilingRejected, ""},
		// Filed on Monday 5 January 2026 (Beijing): the day of filing is
		// not counted, the 7th day is Monday 12 January, a working day.
		{"submitted → docketed automatically after 7 days", nil, nil, auto(7*24*time.Hour + 7*time.Hour), mediationapi.FilingDocketed, ""},
		{"submitted → automatic docketing on the 7th day", nil, nil, auto(7*24*time.Hour + 6*time.Hour), mediationapi.FilingSubmitted, "is not due until 2026-01-12T15:59:59Z"},
		// The 7th day declared a holiday: the period runs to the next
		// working day, Tuesday 13 January (CPL art. 85).
		{"submitted → automatic docketing on the 7th day, a holiday", []string{"2026-01-12"}, nil, auto(7*24*time.Hour + 7*time.Hour), mediationapi.FilingSubmitted, "is not due until 2026-01-13T15:59:59Z"},
		{"submitted → docketed automatically after the working day that follows the holiday", []string{"2026-01-12"}, nil, auto(8*24*time.Hour + 7*time.Hour), mediationapi.FilingDocketed, ""},
		// Holidays inside the period count like any day; so do the
		// holidays after the next working day.
		{"submitted → docketed automatically, holidays inside the period", []string{"2026-01-08", "2026-01-09", "2026-01-14"}, nil, auto(7*24*time.Hour + 7*time.Hour), mediationapi.FilingDocketed, ""},
		{"submitted → docketed by a judge (clerks docket)", nil, nil, docket(judge), mediationapi.FilingSubmitted, `has role "judge"`},
		{"submitted → docketed by a mediator", nil, nil, docket(mediator), mediationapi.FilingSubmitted, `has role "mediator"`},
		{"docketed → docketed again", nil, docket(clerk), docket(clerk), mediationapi.FilingDocketed, "was already docketed by CourtMSP/clerk1"},
		{"docketed → rejected", nil, docket(clerk), reject(clerk), mediationapi.FilingDocketed, "was already docketed"},
		{"rejected → docketed", nil, reject(clerk), docket(clerk), mediationapi.FilingRejected, "was already rejected"},
		{"rejected → docketed automatically", nil, reject(clerk), auto(8 * 24 * time.Hour), mediationapi.FilingRejected, ""},
		{"docketed → docketed automatically", nil, docket(clerk), auto(8 * 24 * time.Hour), mediationapi.FilingDocketed, ""},
	}
	for _, tc := range table {
		t.Run(tc.name, func(t *testing.T) {
			l, c := world(t)
			if tc.holidays != nil {
				declareHolidays(t, l, tc.holidays...)
			}
			f := submitFiling(t, l, c)
			if tc.before != nil {
				require.NoError(t, tc.before(l, c, f.ID))
			}
			err := tc.do(l, c, f.ID)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
			}
			got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetFiling, f.ID)
			require.NoError(t, err)
			require.Equal(t, tc.want, got.State)
			if got.State == mediationapi.FilingDocketed {
				cs, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetCase, got.CaseNumber)
				require.NoError(t, err)
				require.Equal(t, cases.Trial, cs.Kind)
				require.Equal(t, []string{hx("alice")}, cs.Creditors)
			}
		})
	}
}

// agreementReq is an agreement under which bob owes alice 1,000 yuan by
// each due time.
func agreementReq(dues ...string) mediationapi.AgreementRequest {
	req := mediationapi.AgreementRequest{Digest: hx("agreement"), Evidence: []string{hx("transcript")}}
	for _, d := range dues {
		req.Obligations = append(req.Obligations, mediationapi.ObligationRequest{Debtor: hx("bob"), Creditor: hx("alice"), Amount: 100000, Due: d})
	}
	return req
}

func register(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, req mediationapi.AgreementRequest) *mediationapi.Agreement {
	a, err := run(l, mediator, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.RegisterAgreement, js(t, req))
	})
	require.NoError(t, err)
	return a
}

// applyFor has a clerk record the parties' application for confirmation.
func applyFor(l *ledgertest.Ledger, c *mediation.Contract, id string) error {
	_, err := run(l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.ApplyForConfirmation, id, hx("application "+id))
	})
	return err
}

// ruling is a confirmation ruling made today.
func ruling(l *ledgertest.Ledger, preAuthorization string) mediationapi.ConfirmationRequest {
	return mediationapi.ConfirmationRequest{RulingNumber: "(2026)J0491民特1号", RulingDate: calendar.FormatDate(l.Now),
		Document: hx("ruling"), PreAuthorization: preAuthorization}
}

// confirm has a judge record the ruling req on agreement id.
func confirm(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string, req mediationapi.ConfirmationRequest) error {
	_, err := run(l, judge, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.ConfirmAgreement, id, js(t, req))
	})
	return err
}

// confirmed registers req and has it applied for and confirmed, with the
// creditor's pre-authorisation when preAuthorised.
func confirmed(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, req mediationapi.AgreementRequest, preAuthorised bool) *mediationapi.Agreement {
	t.Helper()
	a := register(t, l, c, req)
	require.NoError(t, applyFor(l, c, a.ID))
	pre := ""
	if preAuthorised {
		pre = hx("creditor's application in advance")
	}
	require.NoError(t, confirm(t, l, c, a.ID, ruling(l, pre)))
	got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
	require.NoError(t, err)
	require.True(t, got.Confirmed)
	return got
}

func TestPerformanceRules(t *testing.T) {
	l, c := world(t)
	a := register(t, l, c, agreementReq("2026-02-01T00:00:00Z"))
	report := func(who ledgertest.Identity, amount int64) error {
		_, err := run(l, who, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ReportPerformance, a.ID, 0, amount, hx("transfer slip"))
		})
		return err
	}
	confirmPayment := func(who ledgertest.Identity, rep int) error {
		_, err := run(l, who, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ConfirmPerformance, a.ID, 0, rep)
		})
		return err
	}
	require.ErrorContains(t, report(mediator, 100001), "more than the 100000 fen still owed")
	require.ErrorContains(t, report(mediator, 0), "must be a positive amount")
	require.ErrorContains(t, report(bank, 10), `has role "bank_officer"`)
	require.NoError(t, report(mediator, 60000))
	require.ErrorContains(t, report(mediator, 50000), "more than the 40000 fen still owed", "unconfirmed reports count")
	require.ErrorContains(t, confirmPayment(mediator, 0), `has role "mediator"`, "no mediator confirms, the agreement's own least of all")
	require.ErrorContains(t, confirmPayment(mediator2, 0), `has role "mediator"`)
	require.ErrorContains(t, confirmPayment(officer, 0), `has role "enforcement_officer"`)
	require.ErrorContains(t, confirmPayment(bank, 3), "report 3 does not exist")
	require.NoError(t, confirmPayment(bank, 0))
	require.ErrorContains(t, confirmPayment(clerk, 0), "was already confirmed by CreditMSP/bank1")
	require.NoError(t, report(clerk, 40000))
	require.ErrorContains(t, confirmPayment(clerk, 1), "reported payment 1 of obligation 0 of "+a.ID+" and cannot also confirm it")
	require.ErrorContains(t, confirmPayment(clerk2, 1), "someone of another org confirms it", "no one org both reports and confirms")
	require.NoError(t, confirmPayment(bank, 1))

	got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
	require.NoError(t, err)
	require.Equal(t, mediationapi.Performed, got.State)
	l.Now = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	res, err := sweep(l, c, clerk, "", 10)
	require.NoError(t, err)
	require.Empty(t, res.Processed, "a performed obligation leaves the deadline index")
}

func TestAgreementBadInput(t *testing.T) {
	l, _ := world(t)
	mut := func(f func(r *mediationapi.AgreementRequest)) mediationapi.AgreementRequest {
		r := agreementReq("2026-02-01T00:00:00Z")
		f(&r)
		return r
	}
	for name, tc := range map[string]struct {
		req  mediationapi.AgreementRequest
		want string
	}{
		"zero amount":     {mut(func(r *mediationapi.AgreementRequest) { r.Obligations[0].Amount = 0 }), "obligations[0].amount must be a positive amount in fen, got 0"},
		"negative amount": {mut(func(r *mediationapi.AgreementRequest) { r.Obligations[0].Amount = -5 }), "got -5"},
		"huge amount":     {mut(func(r *mediationapi.AgreementRequest) { r.Obligations[0].Amount = 1 << 62 }), "above the limit"},
		"due in the past": {mut(func(r *mediationapi.AgreementRequest) { r.Obligations[0].Due = "2026-01-01T00:00:00Z" }), "is not after the registration time"},
		"due not a time":  {mut(func(r *mediationapi.AgreementRequest) { r.Obligations[0].Due = "next Friday" }), "is not an RFC 3339 time"},
		"ID number":       {mut(func(r *mediationapi.AgreementRequest) { r.Obligations[0].Debtor = "11010519491231002X" }), "is not a pseudonym"},
		"same person":     {mut(func(r *mediationapi.AgreementRequest) { r.Obligations[0].Creditor = r.Obligations[0].Debtor }), "debtor and creditor are the same person"},
		"no obligations":  {mut(func(r *mediationapi.AgreementRequest) { r.Obligations = nil }), "needs 1 to 120 obligations, got 0"},
		"bad digest":      {mut(func(r *mediationapi.AgreementRequest) { r.Digest = "abc" }), "digest must be a 64-character hex digest"},
		"total above the limit": {mut(func(r *mediationapi.AgreementRequest) {
			r.Obligations[0].Amount = 1_000_000_000_000_000
			r.Obligations = append(r.Obligations, r.Obligations[0])
		}), "the obligations add up to more than the limit"},
		"evidence twice": {mut(func(r *mediationapi.AgreementRequest) { r.Evidence = []string{hx("a"), hx("a")} }), "evidence[1] is evidence[0] again"},
		"confirmed by the mediator": {mut(func(r *mediationapi.AgreementRequest) { r.Confirmed = true }),
			"judiciallyConfirmed cannot be registered: judicial confirmation is a court's ruling on the parties' joint application (CPL 2023 art. 205)"},
		"effective in the future": {mut(func(r *mediationapi.AgreementRequest) { r.EffectiveAt = "2026-01-06T00:00:00Z" }),
			"effectiveAt 2026-01-06T00:00:00Z is after the registration time 2026-01-05T09:00:00Z"},
		"effective not a time": {mut(func(r *mediationapi.AgreementRequest) { r.EffectiveAt = "yesterday" }), `effectiveAt "yesterday" is not an RFC 3339 time`},
	} {
		t.Run(name, func(t *testing.T) {
			tx := l.Tx(mediator)
			_, err := ledgertest.Call(tx, mediationapi.RegisterAgreement, js(t, tc.req))
			require.ErrorContains(t, err, tc.want)
			require.Empty(t, tx.Writes(), "no partial state")
		})
	}
	_, err := ledgertest.Call(l.Tx(clerk), mediationapi.RegisterAgreement, js(t, agreementReq("2026-02-01T00:00:00Z")))
	require.ErrorContains(t, err, "access denied: mediation:RegisterAgreement")
	_, err = ledgertest.Call(l.Tx(mediator), mediationapi.ReportPerformance, "MA-unknown", 0, 5, hx("x"))
	require.ErrorContains(t, err, "agreement MA-unknown is not on the ledger")
}

func TestJudgmentDeadline(t *testing.T) {
	for _, pre := range []bool{true, false} {
		t.Run(fmt.Sprintf("preAuthorized=%v", pre), func(t *testing.T) {
			l, c := world(t)
			req := mediationapi.JudgmentRequest{ID: "(2026)J0491民初7号", Digest: hx("judgment"), Debtors: []string{hx("bob")}, Creditors: []string{hx("alice")},
				Amount: 900000, EffectiveAt: "2026-01-05T00:00:00Z", Deadline: "2026-01-20T00:00:00Z", PreAuthorized: pre}
			_, err := run(l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
				return ledgertest.Call(tx, mediationapi.RecordJudgment, js(t, req))
			})
			require.ErrorContains(t, err, "access denied: mediation:RecordJudgment")
			_, err = run(l, judge, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
				return ledgertest.Call(tx, mediationapi.RecordJudgment, js(t, req))
			})
			require.NoError(t, err)
			_, err = run(l, judge, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
				return ledgertest.Call(tx, mediationapi.RecordJudgment, js(t, req))
			})
			require.ErrorContains(t, err, "is already recorded")
			require.NoError(t, payJudgment(l, c, req.ID, 100000))

			l.Now = time.Date(2026, 1, 21, 0, 0, 0, 0, time.UTC)
			res, err := sweep(l, c, judge, "", 5)
			require.NoError(t, err)
			require.Len(t, res.Processed, 1)
			j, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetJudgment, req.ID)
			require.NoError(t, err)
			if pre {
				require.Equal(t, mediationapi.Breached, j.State)
				cs, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetCase, j.CaseNumber)
				require.NoError(t, err)
				require.Equal(t, cases.Enforcement, cs.Kind)
				require.EqualValues(t, 800000, cs.AmountDue, "what remains owed")
			} else {
				require.Equal(t, mediationapi.JudgmentOverdue, j.State)
				require.Empty(t, j.CaseNumber)
			}
		})
	}
}

// A sweep is bounded, goes in due order, and hands on where to start next.
func TestSweepIsBoundedAndOrdered(t *testing.T) {
	l, c := world(t)
	var ids []string
	for i := range 5 {
		ids = append(ids, submitFiling(t, l, c).ID)
		l.Now = l.Now.Add(time.Duration(i+1) * 24 * time.Hour)
	}
	l.Now = l.Now.Add(30 * 24 * time.Hour)
	first, err := sweep(l, c, clerk, "", 2)
	require.NoError(t, err)
	require.Equal(t, []string{ids[0], ids[1]}, []string{first.Processed[0].ID, first.Processed[1].ID})
	rest, err := sweep(l, c, clerk, first.Next, 10)
	require.NoError(t, err)
	require.Len(t, rest.Processed, 3)
	require.Equal(t, ids[4], rest.Processed[2].ID)

	_, err = sweep(l, c, clerk, "", 0)
	require.ErrorContains(t, err, "max must be 1 to 100")
	_, err = sweep(l, c, clerk, "", 101)
	require.ErrorContains(t, err, "max must be 1 to 100 (parameter sweep.maxItems)")
	_, err = sweep(l, c, clerk, "not-a-key", 5)
	require.ErrorContains(t, err, "is not a deadline key")

	// A bounded sweep stops before the next one's first key.
	for range 3 {
		submitFiling(t, l, c)
	}
	l.Now = l.Now.Add(8 * 24 * time.Hour)
	due, err := ledgertest.Call(l.Tx(auditor), deadlineapi.Due, "", 10)
	require.NoError(t, err)
	require.Len(t, due, 3)
	bounded, err := run(l, clerk, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
		return ledgertest.Call(tx, deadlineapi.Sweep, due[0].Key, due[2].Key, 10)
	})
	require.NoError(t, err)
	require.Len(t, bounded.Processed, 2, "the item at the bound is left for the next sweep")
	_, err = sweep(l, c, mediator, "", 5)
	require.ErrorContains(t, err, "access denied: deadline:Sweep")
}

// Time-driven transitions refuse a proposal whose timestamp is far from the
// endorsing peer's clock (CVE-2024-45244: Fabric 2.5.0 does not check it).
func TestTimeDrivenCallsRefuseImplausibleTimestamps(t *testing.T) {
	l, c := world(t)
	f := submitFiling(t, l, c)
	l.Now = l.Now.Add(8 * 24 * time.Hour)
	l.ServerSkew = -8 * 24 * time.Hour // a postdated proposal
	_, err := sweep(l, c, clerk, "", 5)
	require.ErrorContains(t, err, "beyond the window of 5m0s")
	require.True(t, api.Is(err, api.CodeTime))
	_, err = run(l, clerk, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
		return ledgertest.Call(tx, deadlineapi.Trigger, mediationapi.KindFiling, f.ID)
	})
	require.ErrorContains(t, err, "refusing to endorse deadline:Trigger")

	l.ServerSkew = 4 * time.Minute
	res, err := sweep(l, c, clerk, "", 5)
	require.NoError(t, err, "within the window")
	require.Len(t, res.Processed, 1)
	require.True(t, strings.HasPrefix(res.Processed[0].Result, "docketed automatically"))
}

func BenchmarkSweep(b *testing.B) {
	l, _ := world(nil)
	req, _ := json.Marshal(mediationapi.FilingRequest{Claimants: []string{hx("a")}, Respondents: []string{hx("b")}, Claim: hx("c")})
	for b.Loop() {
		b.StopTimer()
		for range 100 {
			tx := l.Tx(clerk)
			if _, err := ledgertest.Call(tx, mediationapi.SubmitFiling, string(req)); err != nil {
				b.Fatal(err)
			}
			tx.Commit()
		}
		// Past the review period of 7 days however weekends and
		// holidays fall (CPL 2023 art. 85 moves its end to a working
		// day).
		l.Now = l.Now.Add(30 * 24 * time.Hour)
		b.StartTimer()
		tx := l.Tx(clerk)
		res, err := ledgertest.Call(tx, deadlineapi.Sweep, "", "", 100)
		if err != nil || len(res.Processed) != 100 {
			b.Fatal(err, len(res.Processed))
		}
		tx.Commit()
	}
	b.ReportMetric(float64(100*b.N)/b.Elapsed().Seconds(), "items/s")
}

// Agreement transitions: each allowed one succeeds, each other is refused.
func TestAgreementTransitionTable(t *testing.T) {
	type act func(l *ledgertest.Ledger, c *mediation.Contract, id string) error
	pay := func(l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		if _, err := run(l, mediator, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ReportPerformance, id, 0, 100000, hx("slip"))
		}); err != nil {
			return err
		}
		_, err := run(l, bank, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ConfirmPerformance, id, 0, 0)
		})
		return err
	}
	overdue := func(l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		l.Now = time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
		_, err := run(l, clerk, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
			return ledgertest.Call(tx, deadlineapi.Trigger, mediationapi.KindObligation, id+"#0")
		})
		return err
	}
	reportEarly := func(l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		_, err := run(l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ReportBreach, id, 0, "creditor reports no payment")
		})
		return err
	}
	report := func(l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		if due := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC); l.Now.Before(due) {
			l.Now = due
		}
		return reportEarly(l, c, id)
	}
	table := []struct {
		name    string
		before  act
		do      act
		want    string
		wantErr string
	}{
		{"active → performed (payment confirmed)", nil, pay, mediationapi.Performed, ""},
		{"active → breached (due time passed)", nil, overdue, mediationapi.Breached, ""},
		{"active → breached (creditor reports)", nil, report, mediationapi.Breached, ""},
		{"active → breached (creditor reports before the due time)", nil, reportEarly, mediationapi.Active, "is not due until 2026-02-01T00:00:00Z: only an obligation past its due time can be breached"},
		{"performed → breached (due time passed)", pay, overdue, mediationapi.Performed, ""},
		{"performed → breached (report)", pay, report, mediationapi.Performed, "is performed; it cannot be breached"},
		{"breached → performed", overdue, pay, mediationapi.Breached, "is breached; performance can no longer be reported"},
		{"breached → breached (report again)", overdue, report, mediationapi.Breached, ""},
		{"breached → breached (trigger again)", overdue, overdue, mediationapi.Breached, ""},
	}
	for _, tc := range table {
		t.Run(tc.name, func(t *testing.T) {
			l, c := world(t)
			a := register(t, l, c, agreementReq("2026-02-01T00:00:00Z"))
			if tc.before != nil {
				require.NoError(t, tc.before(l, c, a.ID))
			}
			var caseBefore string
			if got, _ := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID); got.Breach != nil {
				caseBefore = got.Breach.CaseNumber
			}
			err := tc.do(l, c, a.ID)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
			}
			got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
			require.NoError(t, err)
			require.Equal(t, tc.want, got.State)
			if caseBefore != "" {
				require.Equal(t, caseBefore, got.Breach.CaseNumber, "a second breach opens no second case")
			}
		})
	}
}

// Judgment transitions: each allowed one succeeds, each other is refused.
func TestJudgmentTransitionTable(t *testing.T) {
	type act func(l *ledgertest.Ledger, c *mediation.Contract, id string) error
	pay := func(l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		return payJudgment(l, c, id, 900000)
	}
	deadlinePasses := func(l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		l.Now = time.Date(2026, 1, 21, 0, 0, 0, 0, time.UTC)
		_, err := run(l, clerk, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
			return ledgertest.Call(tx, deadlineapi.Trigger, mediationapi.KindJudgment, id)
		})
		return err
	}
	nothingDue := func(l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		l.Now = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
		res, err := sweep(l, c, clerk, "", 10)
		if err == nil && len(res.Processed) > 0 {
			return fmt.Errorf("swept %v", res.Processed)
		}
		return err
	}
	table := []struct {
		name string
		pre  bool
		// noDeadline: the judgment sets no performance period.
		noDeadline bool
		before     act
		do         act
		want       string
		wantErr    string
	}{
		{"effective → performed", true, false, nil, pay, mediationapi.Performed, ""},
		{"effective → breached, enforcement case (pre-authorised)", true, false, nil, deadlinePasses, mediationapi.Breached, ""},
		{"effective → overdue (not pre-authorised)", false, false, nil, deadlinePasses, mediationapi.JudgmentOverdue, ""},
		{"performed → breached", true, false, pay, deadlinePasses, mediationapi.Performed, ""},
		{"breached → performed here", true, false, deadlinePasses, pay, mediationapi.Breached, "payments on it are recorded by the enforcement case"},
		{"overdue → performed here", false, false, deadlinePasses, pay, mediationapi.JudgmentOverdue, "payments on it are recorded by the enforcement case"},
		{"effective, no performance period → performed", false, true, nil, pay, mediationapi.Performed, ""},
		{"effective, no performance period → overdue or breached (nothing is scheduled)", false, true, nil, nothingDue, mediationapi.JudgmentEffective, ""},
		{"effective, no performance period → triggered", false, true, nil, deadlinePasses, mediationapi.JudgmentEffective, "sets no performance deadline: nothing of it is scheduled"},
	}
	for _, tc := range table {
		t.Run(tc.name, func(t *testing.T) {
			l, c := world(t)
			req := mediationapi.JudgmentRequest{ID: "(2026)J0491民初9号", Digest: hx("judgment"), Debtors: []string{hx("bob")}, Creditors: []string{hx("alice")},
				Amount: 900000, EffectiveAt: "2026-01-05T00:00:00Z", Deadline: "2026-01-20T00:00:00Z", PreAuthorized: tc.pre}
			if tc.noDeadline {
				req.Deadline = ""
			}
			_, err := run(l, judge, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
				return ledgertest.Call(tx, mediationapi.RecordJudgment, js(t, req))
			})
			require.NoError(t, err)
			if tc.before != nil {
				require.NoError(t, tc.before(l, c, req.ID))
			}
			err = tc.do(l, c, req.ID)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
			}
			j, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetJudgment, req.ID)
			require.NoError(t, err)
			require.Equal(t, tc.want, j.State)
		})
	}
}

// Every function the contract serves is in the published contract.
func TestEveryFunctionIsPublished(t *testing.T) {
	ledgertest.RequirePublished(t, mediation.New(), mediationapi.Namespace)
}

// payJudgment has a clerk report a payment on a judgment and the bank
// that saw it confirm it.
func payJudgment(l *ledgertest.Ledger, c *mediation.Contract, id string, amount int64) error {
	j, err := run(l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
		return ledgertest.Call(tx, mediationapi.ReportJudgmentPayment, id, amount, hx(fmt.Sprint("slip ", amount)))
	})
	if err != nil {
		return err
	}
	_, err = run(l, bank, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
		return ledgertest.Call(tx, mediationapi.ConfirmJudgmentPayment, id, len(j.Reports)-1)
	})
	return err
}

// Each judgment records the period in which enforcement may be applied
// for (CPL 2023 art. 250): 2 years from the last day of the performance
// period, or from the judgment's effect when it sets none.
func TestJudgmentApplicationPeriod(t *testing.T) {
	for _, tc := range []struct {
		name, effective, deadline string
		pre                       bool
		want, wantErr             string
	}{
		{"deadline", "2026-01-05T00:00:00Z", "2026-01-20T00:00:00Z", true, "2028-01-20T15:59:59.999999999Z", ""},
		// 17:00 UTC is already the next day in Beijing.
		{"deadline late in the evening", "2026-01-05T00:00:00Z", "2026-01-20T17:00:00Z", false, "2028-01-21T15:59:59.999999999Z", ""},
		{"deadline on 29 February", "2026-01-05T00:00:00Z", "2028-02-29T12:00:00+08:00", false, "2030-02-28T15:59:59.999999999Z", ""},
		{"no deadline", "2026-01-02T00:00:00Z", "", false, "2028-01-02T15:59:59.999999999Z", ""},
		{"no deadline, pre-authorised", "2026-01-02T00:00:00Z", "", true, "", "preAuthorized needs a deadline"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, _ := world(t)
			req := mediationapi.JudgmentRequest{ID: "(2026)J0491民初31号", Digest: hx("judgment"), Debtors: []string{hx("bob")}, Creditors: []string{hx("alice")},
				Amount: 900000, EffectiveAt: tc.effective, Deadline: tc.deadline, PreAuthorized: tc.pre}
			j, err := run(l, judge, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
				return ledgertest.Call(tx, mediationapi.RecordJudgment, js(t, req))
			})
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				require.True(t, api.Is(err, api.CodeInvalid))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, j.ApplicationPeriodEnds)
			got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetJudgment, req.ID)
			require.NoError(t, err)
			require.Equal(t, j, got)
		})
	}
}

// A payment on a judgment counts once a second person confirms it: no
// one person makes a judgment performed.
func TestJudgmentPaymentsNeedTwoPeople(t *testing.T) {
	l, c := world(t)
	req := mediationapi.JudgmentRequest{ID: "(2026)J0491民初11号", Digest: hx("judgment"), Debtors: []string{hx("bob")}, Creditors: []string{hx("alice")},
		Amount: 900000, EffectiveAt: "2026-01-05T00:00:00Z", Deadline: "2026-01-20T00:00:00Z"}
	_, err := run(l, judge, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
		return ledgertest.Call(tx, mediationapi.RecordJudgment, js(t, req))
	})
	require.NoError(t, err)
	reportAs := func(who ledgertest.Identity, amount int64) (*mediationapi.Judgment, error) {
		return run(l, who, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
			return ledgertest.Call(tx, mediationapi.ReportJudgmentPayment, req.ID, amount, hx(fmt.Sprint("slip ", amount)))
		})
	}
	confirmAs := func(who ledgertest.Identity, i int) (*mediationapi.Judgment, error) {
		return run(l, who, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
			return ledgertest.Call(tx, mediationapi.ConfirmJudgmentPayment, req.ID, i)
		})
	}
	_, err = reportAs(mediator, 1000)
	require.ErrorContains(t, err, `access denied: mediation:ReportJudgmentPayment needs role clerk (CourtMSP) or bank_officer (CreditMSP); caller MediationMSP/mediator1 has role "mediator"`)
	_, err = reportAs(clerk, 900001)
	require.ErrorContains(t, err, "amount 900001 fen is more than the 900000 fen still owed")
	j, err := reportAs(clerk, 400000)
	require.NoError(t, err)
	require.Zero(t, j.Paid, "a report alone pays nothing")
	_, err = reportAs(bank, 500001)
	require.ErrorContains(t, err, "more than the 500000 fen still owed on judgment (2026)J0491民初11号 (400000 reported and unconfirmed)")

	_, err = confirmAs(clerk, 0)
	require.ErrorContains(t, err, "access denied: mediation:ConfirmJudgmentPayment: CourtMSP/clerk1 reported payment 0 of judgment (2026)J0491民初11号 and cannot also confirm it")
	require.True(t, api.Is(err, api.CodeDenied))
	reenrolled := ledgertest.Identity{MSPID: "CourtMSP", Name: "clerk1", Role: "clerk", Renewed: "renewed"}
	_, err = confirmAs(reenrolled, 0)
	require.ErrorContains(t, err, "reported payment 0", "the same enrollment with a new certificate is the same person")
	_, err = confirmAs(bank, 1)
	require.ErrorContains(t, err, "has 1 reports; report 1 does not exist")
	j, err = confirmAs(bank, 0)
	require.NoError(t, err)
	require.EqualValues(t, 400000, j.Paid)
	require.Equal(t, "CreditMSP/bank1", j.Reports[0].ConfirmedBy.String())
	bank2 := ledgertest.Identity{MSPID: "CreditMSP", Name: "bank2", Role: "bank_officer"}
	_, err = confirmAs(bank2, 0)
	require.ErrorContains(t, err, "was already confirmed by CreditMSP/bank1")

	j, err = reportAs(bank, 500000)
	require.NoError(t, err)
	_, err = confirmAs(bank, 1)
	require.ErrorContains(t, err, "reported payment 1", "a bank does not confirm its own report either")
	// Nor does another officer of its org (review of 2026-12-08): two
	// identities of one bank would discharge the judgment, and the
	// enforcement the creditor authorised would never open.
	_, err = confirmAs(bank2, 1)
	require.ErrorContains(t, err, "CreditMSP/bank2 is of CreditMSP, as CreditMSP/bank1 who reported payment 1 of judgment (2026)J0491民初11号 is: someone of another org confirms it")
	require.True(t, api.Is(err, api.CodeDenied))
	j, err = confirmAs(clerk, 1)
	require.NoError(t, err)
	require.Equal(t, mediationapi.Performed, j.State)
	l.Now = time.Date(2026, 1, 21, 0, 0, 0, 0, time.UTC)
	res, err := sweep(l, c, clerk, "", 10)
	require.NoError(t, err)
	require.Empty(t, res.Processed, "full payment took the deadline out of the index")
}

// A filing's parties are bounded and no one is on both sides.
func TestFilingBadInput(t *testing.T) {
	l, _ := world(t)
	for _, tc := range []struct {
		req  mediationapi.FilingRequest
		want string
	}{
		{mediationapi.FilingRequest{Claimants: []string{hx("a")}, Respondents: []string{hx("a")}, Claim: hx("c")}, "respondents[0] is the same person as claimants[0]"},
		{mediationapi.FilingRequest{Claimants: []string{hx("a")}, Claim: hx("c")}, "respondents: at least one party is required"},
		{mediationapi.FilingRequest{Claimants: []string{hx("a")}, Respondents: []string{hx("b")}, Claim: hx("c"), Materials: make([]string, 51)}, "materials has 51 digests; at most 50"},
		{mediationapi.FilingRequest{Claimants: []string{hx("a")}, Respondents: []string{hx("b")}, Claim: "nope"}, "claim must be a 64-character hex digest"},
	} {
		tx := l.Tx(clerk)
		_, err := ledgertest.Call(tx, mediationapi.SubmitFiling, js(t, tc.req))
		require.ErrorContains(t, err, tc.want)
		require.True(t, api.Is(err, api.CodeInvalid))
		require.Empty(t, tx.Writes())
	}
	_, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetFiling, strings.Repeat("F", 129))
	require.ErrorContains(t, err, "filing ID is 129 bytes long; at most 128")
}
