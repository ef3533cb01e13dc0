package mediation_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/calendar"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/mediation"
	"github.com/stretchr/testify/require"
)

// Fuzz targets of the mediation contract: filings, agreements and
// judgments. Each input runs on a copy of a ledger set up once (fixture);
// ledgertest.Fuzz checks that a refusal writes nothing and that every
// deadline an accepted call schedules is due when its record says, and
// each target that what was accepted reads back.

// callers are who a fuzzed call runs as: seeds pick the role the function
// wants; the fuzzer tries the others.
var callers = []ledgertest.Identity{clerk, mediator, judge, bank, clerk2, mediator2, officer, auditor}

func caller(who int) ledgertest.Identity {
	return callers[uint(who)%uint(len(callers))]
}

const (
	asClerk = iota
	asMediator
	asJudge
	asBank
	asClerk2
)

func jsf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fixture is a ledger, on 15 January 2026, with a submitted filing; an
// agreement whose first obligation fell due on 10 January, with a payment
// reported on the second; one applied for confirmation; and a judgment
// with a deadline and a payment reported.
type fixture struct {
	l                   *ledgertest.Ledger
	filing              string
	agreement, applied  string
	judgment            string
	now, later, earlier string
}

func newFixture(f *testing.F) *fixture {
	l, _ := world(nil)
	x := &fixture{l: l, judgment: "(2026)京0491民初7号"}
	x.filing = ledgertest.Must(f, l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Filing, error) {
		return ledgertest.Call(tx, mediationapi.SubmitFiling, jsf(mediationapi.FilingRequest{Claimants: []string{hx("alice")}, Respondents: []string{hx("bob")}, Claim: hx("claim"), Amount: 500000}))
	}).ID
	req := agreementReq("2026-01-10T00:00:00Z", "2026-03-01T00:00:00Z")
	x.agreement = ledgertest.Must(f, l, mediator, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.RegisterAgreement, jsf(req))
	}).ID
	ledgertest.Must(f, l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.ReportPerformance, x.agreement, 1, 40000, hx("slip"))
	})
	x.applied = ledgertest.Must(f, l, mediator, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.RegisterAgreement, jsf(req))
	}).ID
	ledgertest.Must(f, l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.ApplyForConfirmation, x.applied, hx("application"))
	})
	ledgertest.Must(f, l, judge, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
		return ledgertest.Call(tx, mediationapi.RecordJudgment, jsf(judgmentReq(x.judgment, "2026-02-01T00:00:00Z", true)))
	})
	ledgertest.Must(f, l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
		return ledgertest.Call(tx, mediationapi.ReportJudgmentPayment, x.judgment, 30000, hx("judgment slip"))
	})
	l.Now = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
	x.now = l.Now.Format(time.RFC3339)
	x.later = l.Now.Add(30 * 24 * time.Hour).Format(time.RFC3339)
	x.earlier = l.Now.Add(-30 * 24 * time.Hour).Format(time.RFC3339)
	return x
}

func judgmentReq(id, deadline string, preAuthorized bool) mediationapi.JudgmentRequest {
	return mediationapi.JudgmentRequest{ID: id, Digest: hx("judgment " + id), Debtors: []string{hx("bob")}, Creditors: []string{hx("alice")},
		Amount: 100000, EffectiveAt: "2026-01-05T00:00:00+08:00", Deadline: deadline, PreAuthorized: preAuthorized}
}

// fuzz runs fn as who on a copy of the fixture's ledger, with the
// contract's deadline kinds checked.
func fuzz[T any](t *testing.T, x *fixture, who int, fn func(*mediation.Contract, *ledgertest.Tx) (T, error)) (*ledgertest.Ledger, T, error) {
	l := x.l.Clone()
	v, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (T, error) { return fn(mediation.New(), tx) }, mediation.Kinds()...)
	return l, v, err
}

// requireSame fails t unless a and b are the same record on the wire.
func requireSame(t *testing.T, a, b any) {
	require.JSONEq(t, jsf(a), jsf(b))
}

func FuzzSubmitFiling(f *testing.F) {
	req := mediationapi.FilingRequest{Claimants: []string{hx("alice")}, Respondents: []string{hx("bob"), hx("carol")}, Claim: hx("claim"),
		Materials: []string{hx("m1"), hx("m2")}, Amount: 500000}
	f.Add(asClerk, jsf(req))
	f.Add(asMediator, jsf(mediationapi.FilingRequest{Claimants: []string{hx("alice")}, Respondents: []string{hx("bob")}, Claim: hx("claim")}))
	f.Add(asClerk, jsf(mediationapi.FilingRequest{Claimants: []string{hx("alice")}, Respondents: []string{hx("alice")}, Claim: hx("claim")}))
	f.Add(asClerk, jsf(mediationapi.FilingRequest{Claimants: []string{hx("alice")}, Respondents: []string{hx("bob")}, Claim: hx("claim"), Materials: []string{hx("m"), hx("m")}}))
	f.Add(asClerk, jsf(mediationapi.FilingRequest{Claimants: []string{hx("alice")}, Respondents: []string{hx("bob")}, Claim: hx("claim"), Amount: -1}))
	f.Add(asClerk, jsf(mediationapi.FilingRequest{Claimants: []string{"张三"}, Respondents: []string{hx("bob")}, Claim: hx("claim")}))
	f.Add(asJudge, jsf(req))
	f.Add(asClerk, `{"claimants":[],"respondents":[],"claim":""}`)
	f.Add(asClerk, `{"claimants":null}`)
	x := newFixture(f)
	f.Fuzz(func(t *testing.T, who int, request string) {
		l, filing, err := fuzz(t, x, who, func(c *mediation.Contract, tx *ledgertest.Tx) (*mediationapi.Filing, error) {
			return ledgertest.Call(tx, mediationapi.SubmitFiling, request)
		})
		if err != nil {
			return
		}
		got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetFiling, filing.ID)
		require.NoError(t, err)
		requireSame(t, filing, got)
		require.Equal(t, mediationapi.FilingSubmitted, got.State)
	})
}

// FuzzDecideFiling dockets or rejects a filing: accepted, the filing is
// decided and, docketed, its trial case is on the ledger.
func FuzzDecideFiling(f *testing.F) {
	x := newFixture(f)
	f.Add(asClerk, false, x.filing, "")
	f.Add(asClerk, true, x.filing, "not within jurisdiction")
	f.Add(asJudge, true, x.filing, "no claim stated")
	f.Add(asClerk, true, x.filing, "")
	f.Add(asJudge, false, x.filing, "")
	f.Add(asClerk, false, "FL20260105-0000000000000000", "")
	f.Add(asClerk, false, "", "")
	f.Add(asClerk, true, x.filing+"\x00", "x")
	f.Fuzz(func(t *testing.T, who int, reject bool, id, reason string) {
		l, filing, err := fuzz(t, x, who, func(c *mediation.Contract, tx *ledgertest.Tx) (*mediationapi.Filing, error) {
			if reject {
				return ledgertest.Call(tx, mediationapi.Reject, id, reason)
			}
			return ledgertest.Call(tx, mediationapi.Docket, id)
		})
		if err != nil {
			return
		}
		got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetFiling, id)
		require.NoError(t, err)
		requireSame(t, filing, got)
		if reject {
			require.Equal(t, mediationapi.FilingRejected, got.State)
			return
		}
		require.Equal(t, mediationapi.FilingDocketed, got.State)
		cs, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetCase, got.CaseNumber)
		require.NoError(t, err)
		require.Equal(t, id, cs.Origin.ID)
	})
}

func FuzzRegisterAgreement(f *testing.F) {
	f.Add(asMediator, jsf(agreementReq("2026-02-01T00:00:00Z")))
	f.Add(asMediator, jsf(agreementReq("2026-02-01T00:00:00+08:00", "2026-03-01T00:00:00.123456789Z")))
	two := agreementReq("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z")
	two.Obligations[1].Creditor = two.Obligations[1].Debtor
	f.Add(asMediator, jsf(two))
	late := agreementReq("2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z")
	f.Add(asMediator, jsf(late))
	big := agreementReq("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z")
	big.Obligations[0].Amount, big.Obligations[1].Amount = 900_000_000_000_000, 900_000_000_000_000
	f.Add(asMediator, jsf(big))
	confirmed := agreementReq("2026-02-01T00:00:00Z")
	confirmed.Confirmed = true
	f.Add(asMediator, jsf(confirmed))
	effective := agreementReq("2026-02-01T00:00:00Z")
	effective.EffectiveAt = "2026-01-10T00:00:00+08:00"
	f.Add(asMediator, jsf(effective))
	f.Add(asMediator, jsf(mediationapi.AgreementRequest{Digest: hx("agreement")}))
	f.Add(asClerk, jsf(agreementReq("2026-02-01T00:00:00Z")))
	f.Add(asMediator, `{"digest":"`+hx("a")+`","obligations":[{"debtor":"`+hx("b")+`","creditor":"`+hx("c")+`","amount":1,"due":"9999-12-31T23:59:59Z"}]}`)
	x := newFixture(f)
	f.Fuzz(func(t *testing.T, who int, request string) {
		l, a, err := fuzz(t, x, who, func(c *mediation.Contract, tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.RegisterAgreement, request)
		})
		if err != nil {
			return
		}
		got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
		require.NoError(t, err)
		requireSame(t, a, got)
		require.False(t, got.Confirmed)
	})
}

// Steps on an agreement, each a function that takes an agreement ID.
const (
	reportPerformance = iota
	confirmPerformance
	reportBreach
	applyForConfirmation
	rejectConfirmation
	preAuthorise
	agreementSteps
)

// FuzzAgreementStep runs one step on an agreement: a payment reported or
// confirmed, a breach reported, confirmation applied for or refused,
// enforcement applied for in advance. text is the step's proof, reason
// or document. Accepted, the agreement reads back as answered, and the
// filing or case a breach led to is on the ledger.
func FuzzAgreementStep(f *testing.F) {
	x := newFixture(f)
	f.Add(asClerk, reportPerformance, x.agreement, 1, int64(60000), hx("slip 2"))
	f.Add(asMediator, reportPerformance, x.agreement, 1, int64(60001), hx("slip 2"))
	f.Add(asClerk, reportPerformance, x.agreement, 1, int64(1), "not a digest")
	f.Add(asBank, confirmPerformance, x.agreement, 1, int64(0), "")
	f.Add(asClerk, confirmPerformance, x.agreement, 1, int64(0), "")
	f.Add(asBank, confirmPerformance, x.agreement, 1, int64(1), "")
	f.Add(asClerk, reportBreach, x.agreement, 0, int64(0), "not paid by the 10th")
	f.Add(asMediator, reportBreach, x.agreement, 1, int64(0), "not due yet")
	f.Add(asClerk, reportBreach, x.agreement, -1, int64(0), "no such obligation")
	f.Add(asClerk, applyForConfirmation, x.agreement, 0, int64(0), hx("joint application"))
	f.Add(asClerk, applyForConfirmation, x.applied, 0, int64(0), hx("again"))
	f.Add(asJudge, rejectConfirmation, x.applied, 0, int64(0), "the agreement harms a third party")
	f.Add(asJudge, rejectConfirmation, x.agreement, 0, int64(0), "not applied for")
	f.Add(asClerk, preAuthorise, x.agreement, 0, int64(0), hx("advance application"))
	f.Add(asClerk, preAuthorise, x.applied, 0, int64(0), hx("advance application"))
	f.Add(asClerk, reportPerformance, "MA20260105-0000000000000000", 0, int64(1), hx("slip"))
	f.Add(asClerk, reportBreach, x.agreement+"#0", 0, int64(0), "an obligation reference")
	f.Fuzz(func(t *testing.T, who, step int, id string, index int, amount int64, text string) {
		l, a, err := fuzz(t, x, who, func(c *mediation.Contract, tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			switch uint(step) % agreementSteps {
			case reportPerformance:
				return ledgertest.Call(tx, mediationapi.ReportPerformance, id, index, amount, text)
			case confirmPerformance:
				return ledgertest.Call(tx, mediationapi.ConfirmPerformance, id, index, int(amount))
			case reportBreach:
				return ledgertest.Call(tx, mediationapi.ReportBreach, id, index, text)
			case applyForConfirmation:
				return ledgertest.Call(tx, mediationapi.ApplyForConfirmation, id, text)
			case rejectConfirmation:
				return ledgertest.Call(tx, mediationapi.RejectConfirmation, id, text)
			default:
				return ledgertest.Call(tx, mediationapi.PreAuthorise, id, text)
			}
		})
		if err != nil {
			return
		}
		got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, id)
		require.NoError(t, err)
		requireSame(t, a, got)
		for _, b := range got.Breaches() {
			if b.Filing != "" {
				_, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetFiling, b.Filing)
				require.NoError(t, err, "breach %s led to filing %s", b.Ref, b.Filing)
			}
			if b.CaseNumber != "" {
				_, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetCase, b.CaseNumber)
				require.NoError(t, err, "breach %s led to case %s", b.Ref, b.CaseNumber)
			}
		}
	})
}

// FuzzConfirmAgreement records a judge's confirmation ruling: accepted,
// the agreement is confirmed and reads back as answered.
func FuzzConfirmAgreement(f *testing.F) {
	x := newFixture(f)
	today := calendar.FormatDate(x.l.Now)
	ruling := func(date, pre string) string {
		return jsf(mediationapi.ConfirmationRequest{RulingNumber: "(2026)J0491民特1号", RulingDate: date, Document: hx("ruling"), PreAuthorization: pre})
	}
	f.Add(asJudge, x.applied, ruling(today, ""))
	f.Add(asJudge, x.applied, ruling(today, hx("advance application")))
	f.Add(asJudge, x.applied, ruling("2026-01-04", ""))
	f.Add(asJudge, x.applied, ruling("2026-12-31", ""))
	f.Add(asJudge, x.applied, ruling("2026-1-15", ""))
	f.Add(asJudge, x.agreement, ruling(today, ""))
	f.Add(asClerk, x.applied, ruling(today, ""))
	f.Add(asJudge, x.applied, `{"rulingNumber":"","rulingDate":"`+today+`","document":"`+hx("ruling")+`"}`)
	f.Add(asJudge, x.applied, `{"rulingNumber":"x","rulingDate":"`+today+`","document":"`+hx("ruling")+`","preAuthorization":"no"}`)
	f.Fuzz(func(t *testing.T, who int, id, request string) {
		l, a, err := fuzz(t, x, who, func(c *mediation.Contract, tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ConfirmAgreement, id, request)
		})
		if err != nil {
			return
		}
		got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, id)
		require.NoError(t, err)
		requireSame(t, a, got)
		require.True(t, got.Confirmed)
		require.NotEmpty(t, got.ApplicationPeriodEnds)
	})
}

func FuzzRecordJudgment(f *testing.F) {
	x := newFixture(f)
	f.Add(asJudge, jsf(judgmentReq("(2026)京0491民初8号", x.later, true)))
	f.Add(asJudge, jsf(judgmentReq("(2026)京0491民初9号", "", false)))
	f.Add(asJudge, jsf(judgmentReq("(2026)京0491民初9号", "", true)))
	f.Add(asJudge, jsf(judgmentReq(x.judgment, x.later, false)))
	f.Add(asJudge, jsf(judgmentReq("(2026)京0491民初10号", x.earlier, false)))
	f.Add(asJudge, jsf(judgmentReq("(2026)京0491民初11号", "2026-01-15T09:00:00.000000001Z", false)))
	f.Add(asJudge, jsf(judgmentReq("a|b", x.later, false)))
	f.Add(asJudge, jsf(judgmentReq("\U0010FFFF", x.later, false)))
	f.Add(asJudge, jsf(judgmentReq("", x.later, false)))
	f.Add(asClerk, jsf(judgmentReq("(2026)京0491民初12号", x.later, false)))
	f.Add(asJudge, `{"id":"J1","digest":"`+hx("j")+`","debtors":["`+hx("d")+`"],"creditors":["`+hx("d")+`"],"amount":1,"effectiveAt":"2026-01-01T00:00:00Z"}`)
	f.Fuzz(func(t *testing.T, who int, request string) {
		l, j, err := fuzz(t, x, who, func(c *mediation.Contract, tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
			return ledgertest.Call(tx, mediationapi.RecordJudgment, request)
		})
		if err != nil {
			return
		}
		got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetJudgment, j.ID)
		require.NoError(t, err)
		requireSame(t, j, got)
	})
}

// FuzzJudgmentPayment reports a payment on a judgment (amount, proof) or
// confirms report amount: accepted, the judgment reads back as answered
// and is never paid more than its amount.
func FuzzJudgmentPayment(f *testing.F) {
	x := newFixture(f)
	f.Add(asClerk, false, x.judgment, int64(70000), hx("slip 2"))
	f.Add(asBank, false, x.judgment, int64(70001), hx("slip 2"))
	f.Add(asClerk, false, x.judgment, int64(0), hx("slip 2"))
	f.Add(asBank, true, x.judgment, int64(0), "")
	f.Add(asClerk, true, x.judgment, int64(0), "")
	f.Add(asBank, true, x.judgment, int64(1), "")
	f.Add(asBank, true, x.judgment, int64(-1), "")
	f.Add(asClerk, false, "no such judgment", int64(1), hx("slip"))
	f.Fuzz(func(t *testing.T, who int, confirm bool, id string, amount int64, proof string) {
		l, j, err := fuzz(t, x, who, func(c *mediation.Contract, tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
			if confirm {
				return ledgertest.Call(tx, mediationapi.ConfirmJudgmentPayment, id, int(amount))
			}
			return ledgertest.Call(tx, mediationapi.ReportJudgmentPayment, id, amount, proof)
		})
		if err != nil {
			return
		}
		got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetJudgment, id)
		require.NoError(t, err)
		requireSame(t, j, got)
		require.LessOrEqual(t, got.Paid, got.Amount)
	})
}
