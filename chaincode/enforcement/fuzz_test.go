package enforcement_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/enforcement"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/stretchr/testify/require"
)

// Fuzz targets of the enforcement contract. Each input runs on a copy of
// a ledger set up once (fixture) with a case in each state; ledgertest.Fuzz
// checks that a refusal writes nothing and that every deadline an
// accepted call schedules is due when its record says, and each target
// that the case, as answered, is the case on the ledger.

var (
	judge2 = ledgertest.Identity{MSPID: "CourtMSP", Name: "judge2", Role: "judge"}
	bank2  = ledgertest.Identity{MSPID: "CreditMSP", Name: "bank2", Role: "bank_officer"}
)

// callers are who a fuzzed call runs as: seeds pick the role the function
// wants; the fuzzer tries the others.
var callers = []ledgertest.Identity{officer, judge, clerk, bank, judge2, bank2, auditor, mediator}

const (
	asOfficer = iota
	asJudge
	asClerk
	asBank
	asJudge2
)

func caller(who int) ledgertest.Identity {
	return callers[uint(who)%uint(len(callers))]
}

func jsf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// The fixture's cases, by the index a target's which picks.
const (
	active = iota
	terminated
	filed
	settled
	suspended
	concluded
	resumed
	fixtureCases
)

// fixture is a world with a case in each state. The active case has
// collected 20000 fen, a report of 5000 awaits confirmation (R2), a
// freeze is requested (M1) and a deduction approved (M2); the terminated
// case has an officer's task (T1), a creditor's application (P1) and its
// first inquiry round due.
type fixture struct {
	w     *world
	cases [fixtureCases]string
}

func newFixture(f *testing.F) *fixture {
	w := newWorld(f)
	x := &fixture{w: w}
	x.cases[terminated] = w.reach(cases.Terminated)
	_, err := w.clue(w.debtor, "a small deposit", 20000)
	require.NoError(f, err)
	must(w, clerk, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.ApplyResumption, x.cases[terminated], jsf(enforcementapi.ResumptionApplication{Document: hx("application"),
			Property: enforcementapi.PropertyReport{Kind: "real_estate", Description: hx("a flat"), Value: 500000}}))
	})
	w.l.Now = w.l.Now.AddDate(0, 6, 1)
	w.sweep() // the first inquiry round falls due

	n := w.reach(cases.Active)
	x.cases[active] = n
	require.NoError(f, w.collect(n, 20000))
	must(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.ReportCollection, n, 5000, hx("slip R2"), "paid at the counter")
	})
	for _, kind := range []string{enforcementapi.OpFreeze, enforcementapi.OpDeduction} {
		must(w, officer, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
			return ledgertest.Call(tx, enforcementapi.RequestMeasure, n, kind, hx("account"), 10000, hx("request "+kind))
		})
	}
	must(w, judge, func(tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
		return ledgertest.Call(tx, enforcementapi.ApproveMeasure, n, "M2", hx("ruling M2"))
	})
	x.cases[filed] = w.reach(cases.Filed)
	x.cases[settled] = w.reach(cases.Settled)
	x.cases[suspended] = w.reach(cases.Suspended)
	x.cases[concluded] = w.reach(cases.Concluded)
	x.cases[resumed] = w.reach(cases.Resumed)
	return x
}

func (x *fixture) number(which int) string {
	return x.cases[uint(which)%fixtureCases]
}

// fuzz runs fn as who on a copy of the fixture's ledger, with the
// contract's deadline kinds checked.
func fuzz[T any](t *testing.T, x *fixture, who int, fn func(*enforcement.Contract, *ledgertest.Tx) (T, error)) (*ledgertest.Ledger, T, error) {
	l := x.w.l.Clone()
	v, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (T, error) { return fn(x.w.c, tx) }, enforcement.Kinds()...)
	return l, v, err
}

// requireOnLedger fails t unless the cases answered are the cases on the
// ledger, as the wire carries them.
func requireOnLedger(t *testing.T, x *fixture, l *ledgertest.Ledger, answered ...*enforcementapi.Case) {
	for _, cs := range answered {
		if cs == nil {
			continue
		}
		got, err := ledgertest.Call(l.Tx(auditor), enforcementapi.GetCase, cs.Number)
		require.NoError(t, err)
		require.JSONEq(t, jsf(cs), jsf(got))
		require.GreaterOrEqual(t, got.Collected, got.Distributed)
		require.LessOrEqual(t, got.Collected, got.AmountDue)
	}
}

func FuzzOpenCase(f *testing.F) {
	req := enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: "(2026)京0491民初99号"}, Document: hx("judgment 99"),
		Creditors: []string{hx("c1"), hx("c2")}, Debtors: []string{hx("d")}, Amount: 100000,
		Claims: []cases.Claim{{Creditor: hx("c1"), Priority: 0, Amount: 30000}, {Creditor: hx("c2"), Priority: 1, Amount: 70000}}}
	f.Add(asClerk, jsf(req))
	equal := req
	equal.Claims, equal.Amount = nil, 100001
	f.Add(asClerk, jsf(equal))
	short := req
	short.Amount = 99999
	f.Add(asClerk, jsf(short))
	stranger := req
	stranger.Claims = []cases.Claim{{Creditor: hx("c3"), Amount: 100000}}
	f.Add(asClerk, jsf(stranger))
	arbitration := req
	arbitration.Basis = cases.Origin{Type: "arbitration", ID: "\U0010FFFF"}
	f.Add(asClerk, jsf(arbitration))
	resumption := req
	resumption.Basis = cases.Origin{Type: cases.ResumptionOrigin, ID: "x"}
	f.Add(asClerk, jsf(resumption))
	f.Add(asJudge, jsf(req))
	f.Add(asClerk, `{"basis":{"type":"judgment","id":"a#b"},"document":"`+hx("d")+`","creditors":["`+hx("c")+`"],"debtors":["`+hx("c")+`"],"amount":1}`)
	f.Add(asClerk, `{"basis":{"type":"notarial","id":"N1"},"document":"`+hx("d")+`","creditors":["`+hx("c")+`"],"debtors":["`+hx("d")+`"],"amount":1,"claims":[{"creditor":"`+hx("c")+`","amount":1,"distributed":1}]}`)
	x := newFixture(f)
	f.Fuzz(func(t *testing.T, who int, request string) {
		l, cs, err := fuzz(t, x, who, func(c *enforcement.Contract, tx *ledgertest.Tx) (*enforcementapi.Case, error) {
			return ledgertest.Call(tx, enforcementapi.OpenCase, request)
		})
		if err != nil {
			return
		}
		requireOnLedger(t, x, l, cs)
		require.Equal(t, cases.Filed, cs.State)
		var sum int64
		for _, cl := range cs.Claims {
			sum += cl.Amount
		}
		require.Equal(t, cs.AmountDue, sum, "the claims add up to the amount due")
	})
}

// Decisions on a case, each taking the case, a text (reason or ground)
// and the digest of a document.
const (
	activate = iota
	terminate
	suspend
	endSuspension
	ruleNotToEnforce
	finallyTerminate
	resume
	decisions
)

// FuzzCaseDecision runs one decision on a fixture case (which) or, when
// which is negative, on the case number raw.
func FuzzCaseDecision(f *testing.F) {
	x := newFixture(f)
	f.Add(asOfficer, filed, "", activate, "", hx("notice"))
	f.Add(asJudge, active, "", terminate, "no property found", hx("ruling"))
	f.Add(asJudge, active, "", suspend, enforcementapi.SuspendRetrial, hx("retrial ruling"))
	f.Add(asJudge, suspended, "", endSuspension, "", hx("retrial ended"))
	f.Add(asJudge, settled, "", ruleNotToEnforce, "the award was made without jurisdiction", hx("ruling"))
	f.Add(asJudge, active, "", finallyTerminate, "application_withdrawn", hx("ruling"))
	f.Add(asJudge, terminated, "", resume, "the creditor found a car", hx("application"))
	f.Add(asJudge, settled, "", resume, "an instalment was missed", hx("application"))
	f.Add(asJudge, concluded, "", finallyTerminate, "application_withdrawn", hx("ruling"))
	f.Add(asJudge, active, "", terminate, "", hx("ruling"))
	f.Add(asOfficer, active, "", activate, "", "not a digest")
	f.Add(asJudge, -1, "(2026)J执0000000000号", activate, "", hx("notice"))
	f.Add(asJudge, -1, "", activate, "", hx("notice"))
	f.Add(asJudge, -1, "a\x00b", activate, "", hx("notice"))
	f.Fuzz(func(t *testing.T, who, which int, raw string, decision int, text, document string) {
		number := raw
		if which >= 0 {
			number = x.number(which)
		}
		l, res, err := fuzz(t, x, who, func(c *enforcement.Contract, tx *ledgertest.Tx) (*enforcementapi.ResumptionResult, error) {
			var cs *enforcementapi.Case
			var err error
			switch uint(decision) % decisions {
			case activate:
				cs, err = ledgertest.Call(tx, enforcementapi.Activate, number, document)
			case terminate:
				cs, err = ledgertest.Call(tx, enforcementapi.Terminate, number, text, document)
			case suspend:
				cs, err = ledgertest.Call(tx, enforcementapi.Suspend, number, text, document)
			case endSuspension:
				cs, err = ledgertest.Call(tx, enforcementapi.EndSuspension, number, document)
			case ruleNotToEnforce:
				cs, err = ledgertest.Call(tx, enforcementapi.RuleNotToEnforce, number, document, text)
			case finallyTerminate:
				cs, err = ledgertest.Call(tx, enforcementapi.FinallyTerminate, number, text, document)
			default:
				return ledgertest.Call(tx, enforcementapi.Resume, number, text, document)
			}
			return &enforcementapi.ResumptionResult{Case: cs}, err
		})
		if err != nil {
			return
		}
		requireOnLedger(t, x, l, res.Case, res.Resumption)
	})
}

// FuzzLogOperation logs an operation of kind, or a search through a
// channel (search), in a fixture case: accepted, the entry is in the
// case's log as answered.
func FuzzLogOperation(f *testing.F) {
	x := newFixture(f)
	f.Add(asOfficer, active, false, enforcementapi.OpInvestigation, hx("report"), "")
	f.Add(asOfficer, active, false, enforcementapi.OpArchiving, hx("file"), "archived")
	f.Add(asOfficer, concluded, false, enforcementapi.OpArchiving, hx("file"), "")
	f.Add(asOfficer, concluded, false, enforcementapi.OpAuction, hx("auction"), "")
	f.Add(asOfficer, filed, false, enforcementapi.OpInterview, hx("interview"), "")
	f.Add(asOfficer, active, false, enforcementapi.OpFreeze, hx("freeze"), "")
	f.Add(asOfficer, active, true, "online_bank", hx("search"), "nothing found")
	f.Add(asOfficer, active, true, "ships", hx("search"), "")
	f.Add(asOfficer, active, false, enforcementapi.OpInvestigation, hx("report"), "\xff")
	f.Add(asJudge, active, false, enforcementapi.OpInvestigation, hx("report"), "")
	f.Fuzz(func(t *testing.T, who, which int, search bool, kind, document, note string) {
		number := x.number(which)
		l, op, err := fuzz(t, x, who, func(c *enforcement.Contract, tx *ledgertest.Tx) (*enforcementapi.Operation, error) {
			if search {
				return ledgertest.Call(tx, enforcementapi.LogSearch, number, kind, document, note)
			}
			return ledgertest.Call(tx, enforcementapi.LogOperation, number, kind, document, note)
		})
		if err != nil {
			return
		}
		page, err := ledgertest.Call(l.Tx(auditor), enforcementapi.Operations, number, enforcementapi.MaxPage, "")
		require.NoError(t, err)
		i := slices.IndexFunc(page.Operations, func(o enforcementapi.Operation) bool { return o.Seq == op.Seq })
		require.GreaterOrEqual(t, i, 0, "operation %d logged, not in the log", op.Seq)
		require.Equal(t, *op, page.Operations[i])
	})
}

// Steps that move money in a case.
const (
	recordCollection = iota
	reportCollection
	confirmCollection
	distribute
	moneySteps
)

// FuzzCollection records, reports or confirms a collection, or
// distributes: accepted, the case reads back as answered and never holds
// more than was collected, nor collects more than is due.
func FuzzCollection(f *testing.F) {
	x := newFixture(f)
	f.Add(asOfficer, active, reportCollection, int64(75000), hx("slip"), "paid", "")
	f.Add(asOfficer, active, reportCollection, int64(75001), hx("slip"), "", "")
	f.Add(asJudge, active, confirmCollection, int64(0), "", "", "R2")
	f.Add(asOfficer, active, confirmCollection, int64(0), "", "", "R2")
	f.Add(asJudge, active, confirmCollection, int64(0), "", "", "R9")
	f.Add(asBank, active, recordCollection, int64(1000), hx("transfer"), "", "")
	f.Add(asOfficer, active, distribute, int64(20000), hx("plan"), "", "")
	f.Add(asOfficer, active, distribute, int64(20001), hx("plan"), "", "")
	f.Add(asOfficer, settled, reportCollection, int64(40000), hx("instalment"), "", "")
	f.Add(asOfficer, terminated, reportCollection, int64(1), hx("slip"), "", "")
	f.Add(asOfficer, active, reportCollection, int64(-1), hx("slip"), "", "")
	f.Fuzz(func(t *testing.T, who, which, step int, amount int64, proof, note, report string) {
		number := x.number(which)
		l, cs, err := fuzz(t, x, who, func(c *enforcement.Contract, tx *ledgertest.Tx) (*enforcementapi.Case, error) {
			switch uint(step) % moneySteps {
			case recordCollection:
				return ledgertest.Call(tx, enforcementapi.RecordCollection, number, amount, proof, note)
			case reportCollection:
				return ledgertest.Call(tx, enforcementapi.ReportCollection, number, amount, proof, note)
			case confirmCollection:
				return ledgertest.Call(tx, enforcementapi.ConfirmCollection, number, report)
			default:
				d, err := ledgertest.Call(tx, enforcementapi.Distribute, number, amount, proof)
				if err != nil {
					return nil, err
				}
				return d.Case, nil
			}
		})
		if err != nil {
			return
		}
		requireOnLedger(t, x, l, cs)
	})
}

func FuzzRequestMeasure(f *testing.F) {
	x := newFixture(f)
	f.Add(asOfficer, active, enforcementapi.OpFreeze, hx("account"), int64(50000), hx("request"))
	f.Add(asOfficer, active, enforcementapi.OpSeizure, hx("flat"), int64(0), hx("request"))
	f.Add(asOfficer, active, enforcementapi.OpDeduction, hx("account"), int64(0), hx("request"))
	f.Add(asOfficer, active, enforcementapi.OpDeduction, hx("account"), int64(80001), hx("request"))
	f.Add(asOfficer, terminated, enforcementapi.OpFreeze, hx("account"), int64(1), hx("request"))
	f.Add(asOfficer, active, enforcementapi.OpInvestigation, hx("account"), int64(1), hx("request"))
	f.Add(asJudge, active, enforcementapi.OpFreeze, hx("account"), int64(1), hx("request"))
	f.Fuzz(func(t *testing.T, who, which int, kind, target string, amount int64, document string) {
		number := x.number(which)
		l, res, err := fuzz(t, x, who, func(c *enforcement.Contract, tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
			return ledgertest.Call(tx, enforcementapi.RequestMeasure, number, kind, target, amount, document)
		})
		if err != nil {
			return
		}
		requireMeasure(t, x, l, res)
	})
}

func requireMeasure(t *testing.T, x *fixture, l *ledgertest.Ledger, res *enforcementapi.MeasureResult) {
	requireOnLedger(t, x, l, res.Case)
	m, err := ledgertest.Call(l.Tx(bank), enforcementapi.GetMeasure, res.Measure.Case, res.Measure.ID)
	require.NoError(t, err)
	require.JSONEq(t, jsf(res.Measure), jsf(m))
}

// Steps on a measure, taking its ID, a text (document, reason or proof)
// and an amount executed.
const (
	approveMeasure = iota
	rejectMeasure
	confirmMeasure
	measureSteps
)

func FuzzMeasureStep(f *testing.F) {
	x := newFixture(f)
	f.Add(asJudge, active, approveMeasure, "M1", hx("ruling"), int64(0))
	f.Add(asJudge, active, rejectMeasure, "M1", "disproportionate", int64(0))
	f.Add(asJudge, active, approveMeasure, "M2", hx("ruling"), int64(0))
	f.Add(asOfficer, active, approveMeasure, "M1", hx("ruling"), int64(0))
	f.Add(asBank, active, confirmMeasure, "M2", hx("receipt"), int64(10000))
	f.Add(asBank, active, confirmMeasure, "M2", hx("receipt"), int64(10001))
	f.Add(asBank, active, confirmMeasure, "M2", hx("receipt"), int64(0))
	f.Add(asBank, active, confirmMeasure, "M1", hx("receipt"), int64(1))
	f.Add(asJudge, active, approveMeasure, "M9", hx("ruling"), int64(0))
	f.Fuzz(func(t *testing.T, who, which, step int, id, text string, amount int64) {
		number := x.number(which)
		l, res, err := fuzz(t, x, who, func(c *enforcement.Contract, tx *ledgertest.Tx) (*enforcementapi.MeasureResult, error) {
			switch uint(step) % measureSteps {
			case approveMeasure:
				return ledgertest.Call(tx, enforcementapi.ApproveMeasure, number, id, text)
			case rejectMeasure:
				return ledgertest.Call(tx, enforcementapi.RejectMeasure, number, id, text)
			default:
				return ledgertest.Call(tx, enforcementapi.ConfirmMeasure, number, id, amount, text)
			}
		})
		if err != nil {
			return
		}
		requireMeasure(t, x, l, res)
	})
}

func FuzzSettle(f *testing.F) {
	x := newFixture(f)
	due := func(days int) string {
		return x.w.l.Now.Add(time.Duration(days) * 24 * time.Hour).Format(time.RFC3339)
	}
	settlement := func(pre bool, auth string, amounts ...int64) string {
		req := enforcementapi.SettlementRequest{Document: hx("settlement"), PreAuthorised: pre, Authorisation: auth}
		for i, a := range amounts {
			req.Instalments = append(req.Instalments, enforcementapi.InstalmentRequest{Amount: a, Due: due(30 * (i + 1))})
		}
		return jsf(req)
	}
	f.Add(asOfficer, active, settlement(false, "", 40000, 40000))
	f.Add(asJudge, active, settlement(true, hx("advance application"), 80000))
	f.Add(asOfficer, active, settlement(false, "", 80001))
	f.Add(asOfficer, active, settlement(false, hx("advance application"), 1))
	f.Add(asOfficer, terminated, settlement(false, "", 1))
	f.Add(asOfficer, active, settlement(false, ""))
	f.Add(asOfficer, active, `{"document":"`+hx("s")+`","instalments":[{"amount":1,"due":"`+due(1)+`"},{"amount":1,"due":"`+due(1)+`"}]}`)
	f.Add(asOfficer, active, `{"document":"`+hx("s")+`","instalments":[{"amount":1,"due":"2560-01-01T00:00:00Z"}]}`)
	f.Add(asOfficer, active, `{"document":"`+hx("s")+`","instalments":[{"amount":1,"due":"`+x.w.l.Now.Add(1500*time.Millisecond).Format(time.RFC3339Nano)+`"}]}`)
	f.Fuzz(func(t *testing.T, who, which int, request string) {
		number := x.number(which)
		l, cs, err := fuzz(t, x, who, func(c *enforcement.Contract, tx *ledgertest.Tx) (*enforcementapi.Case, error) {
			return ledgertest.Call(tx, enforcementapi.Settle, number, request)
		})
		if err != nil {
			return
		}
		requireOnLedger(t, x, l, cs)
		require.Equal(t, cases.Settled, cs.State)
		require.LessOrEqual(t, cs.Settlement.Total, cs.Outstanding())
	})
}

func FuzzApplyResumption(f *testing.F) {
	x := newFixture(f)
	application := func(kind string, value int64) string {
		return jsf(enforcementapi.ResumptionApplication{Document: hx("application 2"), Property: enforcementapi.PropertyReport{Kind: kind, Description: hx("a car"), Value: value}})
	}
	f.Add(asClerk, terminated, application("vehicle", 30000))
	f.Add(asClerk, terminated, application("other", 0))
	f.Add(asClerk, terminated, application("gold", 1))
	f.Add(asClerk, terminated, application("vehicle", -1))
	f.Add(asClerk, active, application("vehicle", 1))
	f.Add(asJudge, terminated, application("vehicle", 1))
	f.Add(asClerk, terminated, `{"document":"`+hx("a")+`","property":{"kind":"deposit","description":"`+hx("d")+`","value":1},"x":1}`)
	f.Fuzz(func(t *testing.T, who, which int, request string) {
		number := x.number(which)
		l, cs, err := fuzz(t, x, who, func(c *enforcement.Contract, tx *ledgertest.Tx) (*enforcementapi.Case, error) {
			return ledgertest.Call(tx, enforcementapi.ApplyResumption, number, request)
		})
		if err != nil {
			return
		}
		requireOnLedger(t, x, l, cs)
		require.Equal(t, cases.Terminated, cs.State)
	})
}

func FuzzAnswerInquiry(f *testing.F) {
	x := newFixture(f)
	answer := func(channel string, found bool, value int64) string {
		return jsf(enforcementapi.InquiryAnswer{Channel: channel, Found: found, Value: value, Description: hx("particulars")})
	}
	f.Add(asBank, terminated, answer("online_bank", false, 0))
	f.Add(asBank, terminated, answer("vehicles", true, 30000))
	f.Add(asBank, terminated, answer("real_estate", true, 250000))
	f.Add(asBank, terminated, answer("real_estate", true, 0))
	f.Add(asBank, terminated, answer("vehicles", false, 5))
	f.Add(asBank, terminated, answer("ships", true, 1))
	f.Add(asBank, active, answer("online_bank", false, 0))
	f.Add(asOfficer, terminated, answer("online_bank", false, 0))
	f.Fuzz(func(t *testing.T, who, which int, request string) {
		number := x.number(which)
		l, res, err := fuzz(t, x, who, func(c *enforcement.Contract, tx *ledgertest.Tx) (*enforcementapi.ResumptionResult, error) {
			return ledgertest.Call(tx, enforcementapi.AnswerInquiry, number, request)
		})
		if err != nil {
			return
		}
		requireOnLedger(t, x, l, res.Case, res.Resumption)
	})
}

// FuzzResumptionStep verifies a creditor's application (verify; verified
// when decision is not empty) or decides an officer's task: accepted,
// the case, and a resumption case docketed, read back as answered.
func FuzzResumptionStep(f *testing.F) {
	x := newFixture(f)
	f.Add(asOfficer, terminated, true, "P1", "yes", hx("verification"))
	f.Add(asOfficer, terminated, true, "P1", "", hx("verification"))
	f.Add(asOfficer, terminated, true, "P9", "yes", hx("verification"))
	f.Add(asOfficer, terminated, false, "T1", enforcementapi.DecideResume, "worth seizing")
	f.Add(asOfficer, terminated, false, "T1", enforcementapi.DecideNoResumption, "too small")
	f.Add(asOfficer, terminated, false, "T1", enforcementapi.DecideNoResumption, "")
	f.Add(asOfficer, terminated, false, "T1", "maybe", "")
	f.Add(asJudge, terminated, false, "T1", enforcementapi.DecideResume, "")
	f.Fuzz(func(t *testing.T, who, which int, verify bool, id, decision, text string) {
		number := x.number(which)
		l, res, err := fuzz(t, x, who, func(c *enforcement.Contract, tx *ledgertest.Tx) (*enforcementapi.ResumptionResult, error) {
			if verify {
				return ledgertest.Call(tx, enforcementapi.VerifyProperty, number, id, decision != "", text)
			}
			return ledgertest.Call(tx, enforcementapi.DecideTask, number, id, decision, text)
		})
		if err != nil {
			return
		}
		requireOnLedger(t, x, l, res.Case, res.Resumption)
	})
}

func FuzzReportPropertyClue(f *testing.F) {
	x := newFixture(f)
	f.Add(asBank, x.w.debtor, "deposit", hx("an account"), int64(100000))
	f.Add(asBank, x.w.debtor, "vehicle", hx("a car"), int64(0))
	f.Add(asBank, x.w.debtor, "deposit", hx("a small deposit"), int64(20000))
	f.Add(asBank, hx("nobody"), "deposit", hx("an account"), int64(1))
	f.Add(asBank, x.w.debtor, "gold", hx("bars"), int64(1))
	f.Add(asBank, x.w.debtor, "deposit", hx("an account"), int64(-1))
	f.Add(asBank, "张三", "deposit", hx("an account"), int64(1))
	f.Add(asOfficer, x.w.debtor, "deposit", hx("an account"), int64(1))
	f.Fuzz(func(t *testing.T, who int, debtor, kind, description string, value int64) {
		l, res, err := fuzz(t, x, who, func(c *enforcement.Contract, tx *ledgertest.Tx) (*enforcementapi.ClueResult, error) {
			return ledgertest.Call(tx, enforcementapi.ReportPropertyClue, debtor, kind, description, value)
		})
		if err != nil {
			return
		}
		clue, err := ledgertest.Call(l.Tx(auditor), enforcementapi.GetClue, res.Clue.ID)
		require.NoError(t, err)
		require.JSONEq(t, jsf(res.Clue), jsf(clue))
		for _, o := range res.Cases {
			cs, err := ledgertest.Call(l.Tx(auditor), enforcementapi.GetCase, o.Case)
			require.NoError(t, err)
			if o.Resumption != "" {
				require.Contains(t, cs.ResumedAs, o.Resumption)
			}
		}
	})
}

// FuzzOperations reads a case's log and the operations of a kind in a
// time range, a page at a time, from any bookmark: they answer or refuse
// and write nothing.
func FuzzOperations(f *testing.F) {
	x := newFixture(f)
	f.Add(active, enforcementapi.OpInvestigation, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", 10, "")
	f.Add(terminated, enforcementapi.OpSearch, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", 1, "")
	f.Add(active, enforcementapi.OpCollection, "1969-12-31T23:59:59Z", "2027-01-01T00:00:00Z", 200, "~op|collection|")
	f.Add(active, "a|b", "2026-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 0, "\x00case~op\x00")
	f.Add(active, "", "", "", 201, "x")
	f.Fuzz(func(t *testing.T, which int, kind, from, to string, pageSize int, bookmark string) {
		number := x.number(which)
		ledgertest.FuzzRead(t, x.w.l, auditor, func(tx *ledgertest.Tx) (*enforcementapi.OperationPage, error) {
			return ledgertest.Call(tx, enforcementapi.Operations, number, pageSize, bookmark)
		})
		ledgertest.FuzzRead(t, x.w.l, auditor, func(tx *ledgertest.Tx) (*enforcementapi.OperationPage, error) {
			return ledgertest.Call(tx, enforcementapi.OperationsByKind, kind, from, to, pageSize, bookmark)
		})
	})
}
