package deadline_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/credit"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/enforcement"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/courtchain/judicial/chaincode/mediation"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/stretchr/testify/require"
)

// Fuzz targets of the sweep contract, over the deadline kinds the
// chaincode wires (cmd/judicial): whatever range, size, kind or ID it is
// sent, a sweep or trigger refuses and writes nothing, or takes each item
// it processes out of the index (or sets it aside) and schedules only
// deadlines its records agree with.

var kinds = slices.Concat(mediation.Kinds(), enforcement.Kinds(), credit.Kinds())

// sweeper sweeps every kind, as the chaincode's deadline contract does.
var sweeper = deadline.NewContract(kinds...)

var callers = []ledgertest.Identity{ledgertest.Clerk, ledgertest.Judge, ledgertest.Mediator, ledgertest.Officer, ledgertest.Bank, ledgertest.Auditor}

func caller(who int) ledgertest.Identity {
	return callers[uint(who)%uint(len(callers))]
}

func jsf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fixture is a ledger 60 days after a filing was submitted, an agreement
// registered (one of its two obligations breached already, the other
// due) and a pre-authorised judgment recorded, so that their deadlines
// are due; items holds their index keys in order.
type fixture struct {
	l     *ledgertest.Ledger
	items []deadlineapi.Item
	refs  map[string]string // kind: an ID of that kind in the index
}

func newFixture(f *testing.F) *fixture {
	l := ledgertest.New(mediation.New(), sweeper, system.New())
	hx := ledgertest.Hex
	ledgertest.Must(f, l, ledgertest.Clerk, func(tx *ledgertest.Tx) (*mediationapi.Filing, error) {
		return ledgertest.Call(tx, mediationapi.SubmitFiling, jsf(mediationapi.FilingRequest{Claimants: []string{hx("alice")}, Respondents: []string{hx("bob")}, Claim: hx("claim")}))
	})
	a := ledgertest.Must(f, l, ledgertest.Mediator, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.RegisterAgreement, jsf(mediationapi.AgreementRequest{Digest: hx("agreement"), Obligations: []mediationapi.ObligationRequest{
			{Debtor: hx("bob"), Creditor: hx("alice"), Amount: 1000, Due: "2026-01-10T00:00:00Z"},
			{Debtor: hx("carol"), Creditor: hx("alice"), Amount: 2000, Due: "2026-01-20T00:00:00Z"},
		}}))
	})
	ledgertest.Must(f, l, ledgertest.Judge, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
		return ledgertest.Call(tx, mediationapi.RecordJudgment, jsf(mediationapi.JudgmentRequest{ID: "(2026)京0491民初7号", Digest: hx("judgment"), Debtors: []string{hx("dan")},
			Creditors: []string{hx("erin")}, Amount: 5000, EffectiveAt: "2026-01-01T00:00:00Z", Deadline: "2026-02-01T00:00:00Z", PreAuthorized: true}))
	})
	l.Now = l.Now.Add(11 * 24 * time.Hour)
	ledgertest.Must(f, l, ledgertest.Clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.ReportBreach, a.ID, 0, "not paid")
	})
	l.Now = l.Now.Add(50 * 24 * time.Hour)
	x := &fixture{l: l, refs: map[string]string{}}
	items, err := ledgertest.Call(l.Tx(ledgertest.Auditor), deadlineapi.Due, "", 100)
	require.NoError(f, err)
	require.GreaterOrEqual(f, len(items), 3)
	x.items = items
	for _, it := range items {
		x.refs[it.Kind] = it.ID
	}
	return x
}

// indexed tells whether key is in the index.
func indexed(l *ledgertest.Ledger, key string) bool {
	return l.State[key] != nil
}

func FuzzSweep(f *testing.F) {
	x := newFixture(f)
	f.Add(0, "", "", 100)
	f.Add(1, "", "", 1)
	f.Add(0, x.items[1].Key, "", 10)
	f.Add(0, "", x.items[1].Key, 10)
	f.Add(0, x.items[1].Key, x.items[1].Key, 10)
	f.Add(0, x.items[2].Key, x.items[0].Key, 10)
	f.Add(0, x.items[0].Key+"\x00", "", 10)
	f.Add(0, "~deadline|", "~deadline}", 10)
	f.Add(0, "case", "", 10)
	f.Add(0, "", "", 0)
	f.Add(0, "", "", 101)
	f.Add(2, "", "", 10)
	f.Fuzz(func(t *testing.T, who int, from, to string, most int) {
		l := x.l.Clone()
		res, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
			return ledgertest.Call(tx, deadlineapi.Sweep, from, to, most)
		}, kinds...)
		if err != nil {
			return
		}
		require.LessOrEqual(t, len(res.Processed), most)
		for _, o := range res.Processed {
			if o.Deferred {
				require.True(t, indexed(l, o.Key), "%s deferred, yet out of the index", o.Key)
				continue
			}
			require.False(t, indexed(l, o.Key), "%s processed (%s), yet still in the index", o.Key, o.Result)
			require.GreaterOrEqual(t, o.Key, max(from, "~deadline|"))
			if to != "" {
				require.Less(t, o.Key, to)
			}
			if o.SetAside {
				aside, err := ledgertest.Call(l.Tx(ledgertest.Auditor), deadlineapi.SetAside, "", deadlineapi.MaxSweep)
				require.NoError(t, err)
				require.True(t, slices.ContainsFunc(aside, func(s deadlineapi.SetAsideItem) bool { return s.Key == o.Key }), "%s set aside, not listed", o.Key)
			}
		}
	})
}

func FuzzTrigger(f *testing.F) {
	x := newFixture(f)
	for _, k := range []string{mediationapi.KindFiling, mediationapi.KindObligation, mediationapi.KindJudgment} {
		f.Add(0, k, x.refs[k])
	}
	f.Add(2, mediationapi.KindObligation, x.refs[mediationapi.KindObligation])
	f.Add(0, mediationapi.KindObligation, strings.Replace(x.refs[mediationapi.KindObligation], "#1", "#0", 1))
	f.Add(0, mediationapi.KindObligation, strings.Replace(x.refs[mediationapi.KindObligation], "#1", "#9", 1))
	f.Add(0, mediationapi.KindObligation, "MA#x")
	f.Add(0, "instalment", "(2026)J执0A1B2C3D4E号#1#0")
	f.Add(0, "inquiry", "(2026)J执0A1B2C3D4E号#1")
	f.Add(0, "expiry", "CR20260105-0000000000000000")
	f.Add(0, "note", "x")
	f.Add(4, mediationapi.KindFiling, x.refs[mediationapi.KindFiling])
	f.Fuzz(func(t *testing.T, who int, kind, id string) {
		l := x.l.Clone()
		res, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
			return ledgertest.Call(tx, deadlineapi.Trigger, kind, id)
		}, kinds...)
		if err != nil {
			return
		}
		require.Len(t, res.Processed, 1)
		o := res.Processed[0]
		require.Equal(t, kind, o.Kind)
		require.Equal(t, id, o.ID)
		require.False(t, indexed(l, o.Key), "%s triggered (%s), yet still in the index", o.Key, o.Result)
		due, err := kernel.ParseDeadline(o.Key)
		require.NoError(t, err)
		require.False(t, due.Due.After(l.Now), "%s triggered before it was due", o.Key)
	})
}
