package credit_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/credit"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/stretchr/testify/require"
)

// Fuzz targets of the credit contract, personal data as transient JSON
// included. Each input runs on a copy of a ledger set up once (fixture);
// ledgertest.Fuzz checks that a refusal writes nothing — no public state,
// no private data — and that every deadline an accepted call schedules is
// due when its record says, and each target that the listing, as
// answered, is the listing on the ledger.

// callers are who a fuzzed call runs as: seeds pick the role the function
// wants; the fuzzer tries the others.
var callers = []ledgertest.Identity{judge, clerk, bank, officer, auditor, mediator, courtAdmin, nobody}

const (
	asJudge = iota
	asClerk
	asBank
)

func caller(who int) ledgertest.Identity {
	return callers[uint(who)%uint(len(callers))]
}

func jsf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

var salt = bytes.Repeat([]byte{7}, creditapi.SaltSize)

// fixture is a credit world with an active case against Zhang San and
// the firm, unlisted, a terminated one against Zhang San, and Li Si
// listed on ground (2) in a case of his own, with the consumption
// restriction that came with it and an application to correct the
// listing pending.
type fixture struct {
	w                      *world
	cases                  []string
	dishonest, consumption string
}

func newFixture(f *testing.F) *fixture {
	w := newWorld(f)
	x := &fixture{w: w}
	x.cases = []string{
		w.activeCase("(2026)京0491民初1号", pseudonym(f, zhangID), firmPseudonym(f)),
		w.caseIn(cases.Terminated, "(2026)京0491民初2号", pseudonym(f, zhangID)),
		w.activeCase("(2026)京0491民初3号", pseudonym(f, liID)),
	}
	listed := w.mustList(x.cases[2], onGround(2, creditapi.Dishonest), person(liName, liID))
	require.Len(f, listed, 2)
	x.dishonest, x.consumption = listed[0].ID, listed[1].ID
	_, err := run(w, clerk, nil, func(tx *ledgertest.Tx) (*creditapi.Listing, error) {
		return ledgertest.Call(tx, creditapi.ApplyCorrection, x.dishonest, jsf(creditapi.CorrectionRequest{Reason: "paid in full last year", Document: hx("receipt")}))
	})
	require.NoError(f, err)
	return x
}

func (x *fixture) number(which int) string {
	return x.cases[uint(which)%uint(len(x.cases))]
}

// fuzz runs fn as who, with transient data, on a copy of the fixture's
// ledger, with the contract's deadline kinds checked.
func fuzz[T any](t *testing.T, x *fixture, who int, transient map[string][]byte, fn func(*credit.Contract, *ledgertest.Tx) (T, error)) (*ledgertest.Ledger, T, error) {
	l := x.w.l.Clone()
	v, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (T, error) { return fn(x.w.c, tx.WithTransient(transient)) }, credit.Kinds()...)
	return l, v, err
}

// requireListed fails t unless each listing answered is the listing on
// the ledger.
func requireListed(t *testing.T, x *fixture, l *ledgertest.Ledger, listings ...*creditapi.Listing) {
	for _, want := range listings {
		got, err := ledgertest.Call(l.Tx(auditor), creditapi.Get, want.ID)
		require.NoError(t, err)
		require.JSONEq(t, jsf(want), jsf(got))
	}
}

// FuzzList lists a debtor of a fixture case (which), named by the
// transient person JSON, with a transient salt: accepted, the listings
// read back, and a bank's check of the person or entity finds them.
func FuzzList(f *testing.F) {
	zhang := jsf(creditapi.Subject{Name: zhangName, IDNumber: zhangID})
	firmJSON := string(firm()[creditapi.TransientPerson])
	add := func(which int, req creditapi.ListRequest, person string) {
		f.Add(asJudge, which, jsf(req), []byte(person), salt)
	}
	add(0, request(creditapi.Dishonest), zhang)
	add(0, onGround(3, creditapi.Dishonest), zhang)
	add(0, request(creditapi.Consumption), firmJSON)
	add(0, request(creditapi.Dishonest, creditapi.Consumption), firmJSON)
	aggravated := onGround(4, creditapi.Dishonest)
	aggravated.Aggravation = &creditapi.Aggravation{Kind: creditapi.Repeated, Years: 3, Document: hx("three defaults")}
	add(0, aggravated, zhang)
	add(0, request(creditapi.Dishonest), jsf(creditapi.Subject{Name: liName, IDNumber: liID}))
	add(1, request(creditapi.Dishonest), zhang)
	add(0, request(creditapi.Dishonest), jsf(creditapi.Subject{Name: zhangName, IDNumber: "11010519491231002Y"}))
	add(0, request(creditapi.Dishonest), jsf(creditapi.Subject{Name: "", IDNumber: zhangID}))
	add(0, request(creditapi.Dishonest), jsf(creditapi.Subject{Kind: creditapi.Entity, Name: firmName, Code: firmCode}))
	court := request(creditapi.Consumption)
	court.Court = "J\U0010FFFF"
	add(0, court, zhang)
	f.Add(asJudge, 0, jsf(request(creditapi.Dishonest)), []byte(zhang), salt[:31])
	f.Add(asJudge, 0, jsf(request(creditapi.Dishonest)), []byte(`{"name":"张三","idNumber":"`+zhangID+`","extra":1}`), salt)
	f.Add(asJudge, 0, jsf(request(creditapi.Dishonest)), []byte(nil), salt)
	f.Add(asClerk, 0, jsf(request(creditapi.Dishonest)), []byte(zhang), salt)
	x := newFixture(f)
	f.Fuzz(func(t *testing.T, who, which int, request string, person, salt []byte) {
		transient := map[string][]byte{creditapi.TransientPerson: person, creditapi.TransientSalt: salt}
		l, listed, err := fuzz(t, x, who, transient, func(c *credit.Contract, tx *ledgertest.Tx) ([]*creditapi.Listing, error) {
			return ledgertest.Call(tx, creditapi.List, x.number(which), request)
		})
		if err != nil {
			return
		}
		require.NotEmpty(t, listed)
		requireListed(t, x, l, listed...)
		var s creditapi.Subject
		require.NoError(t, json.Unmarshal(person, &s))
		field, id, check := creditapi.TransientIDNumber, s.IDNumber, creditapi.Check
		if s.Kind == creditapi.Entity {
			field, id, check = creditapi.TransientCreditCode, s.Code, creditapi.CheckEntity
		}
		res, err := ledgertest.Call(l.Tx(bank).WithTransient(map[string][]byte{field: []byte(id)}), check)
		require.NoError(t, err)
		require.True(t, res.Listed, "listed, yet a bank's check does not find it")
	})
}

// FuzzRemove removes a listing, named by id, on the request's ground:
// accepted, it reads back removed.
func FuzzRemove(f *testing.F) {
	x := newFixture(f)
	removal := func(ground string) string {
		return jsf(creditapi.RemovalRequest{Ground: ground, Document: hx("decision"), Note: "paid"})
	}
	f.Add(asJudge, x.dishonest, removal(creditapi.GroundPerformed))
	f.Add(asJudge, x.dishonest, removal(creditapi.GroundEarly))
	f.Add(asJudge, x.consumption, removal(creditapi.GroundSecurity))
	f.Add(asJudge, x.consumption, removal(creditapi.GroundEarly))
	f.Add(asJudge, x.dishonest, `{"ground":"performed","document":"x"}`)
	f.Add(asJudge, "CR20260105-0000000000000000", removal(creditapi.GroundPerformed))
	f.Add(asClerk, x.dishonest, removal(creditapi.GroundPerformed))
	f.Fuzz(func(t *testing.T, who int, id, request string) {
		l, removed, err := fuzz(t, x, who, nil, func(c *credit.Contract, tx *ledgertest.Tx) (*creditapi.Listing, error) {
			return ledgertest.Call(tx, creditapi.Remove, id, request)
		})
		if err != nil {
			return
		}
		requireListed(t, x, l, removed)
		require.Equal(t, creditapi.Removed, removed.State)
	})
}

func FuzzApproveConsumption(f *testing.F) {
	x := newFixture(f)
	until := x.w.l.Now.Add(10 * 24 * time.Hour).Format(time.RFC3339)
	approval := func(restriction, until string) string {
		return jsf(creditapi.ApprovalRequest{Restriction: restriction, Purpose: "to see a doctor in Shanghai", Until: until, Document: hx("approval")})
	}
	f.Add(asJudge, x.consumption, approval(creditapi.Restrictions[0], until))
	f.Add(asJudge, x.consumption, approval(creditapi.Restrictions[0], x.w.l.Now.Format(time.RFC3339)))
	f.Add(asJudge, x.consumption, approval("yachts", until))
	f.Add(asJudge, x.dishonest, approval(creditapi.Restrictions[0], until))
	f.Add(asJudge, x.consumption, `{"restriction":"high_speed_rail","purpose":" ","until":"`+until+`","document":"`+hx("a")+`"}`)
	f.Add(asClerk, x.consumption, approval(creditapi.Restrictions[0], until))
	f.Fuzz(func(t *testing.T, who int, id, request string) {
		l, listing, err := fuzz(t, x, who, nil, func(c *credit.Contract, tx *ledgertest.Tx) (*creditapi.Listing, error) {
			return ledgertest.Call(tx, creditapi.ApproveConsumption, id, request)
		})
		if err != nil {
			return
		}
		requireListed(t, x, l, listing)
	})
}

// FuzzCorrection applies for the correction of a listing or decides the
// application: accepted, the listing reads back as answered.
func FuzzCorrection(f *testing.F) {
	x := newFixture(f)
	apply := jsf(creditapi.CorrectionRequest{Reason: "listed in another's case", Document: hx("application")})
	decide := func(uphold bool) string {
		return jsf(creditapi.CorrectionDecision{Uphold: uphold, Reason: "the receipt is genuine", Document: hx("decision")})
	}
	f.Add(asClerk, false, x.consumption, "", apply)
	f.Add(asClerk, false, x.dishonest, "", apply)
	f.Add(asJudge, true, x.dishonest, "K1", decide(true))
	f.Add(asJudge, true, x.dishonest, "K1", decide(false))
	f.Add(asJudge, true, x.dishonest, "K2", decide(true))
	f.Add(asJudge, true, x.consumption, "K1", decide(true))
	f.Add(asClerk, false, x.consumption, "", `{"reason":"","document":"`+hx("a")+`"}`)
	f.Add(asJudge, false, x.consumption, "", apply)
	f.Fuzz(func(t *testing.T, who int, decide bool, id, application, request string) {
		l, listing, err := fuzz(t, x, who, nil, func(c *credit.Contract, tx *ledgertest.Tx) (*creditapi.Listing, error) {
			if decide {
				return ledgertest.Call(tx, creditapi.DecideCorrection, id, application, request)
			}
			return ledgertest.Call(tx, creditapi.ApplyCorrection, id, request)
		})
		if err != nil {
			return
		}
		requireListed(t, x, l, listing)
	})
}

// FuzzSetPseudonymKey sets the key on a ledger that has none (fresh) or
// has one: accepted, the fingerprint a judge reads back is the key's.
func FuzzSetPseudonymKey(f *testing.F) {
	f.Add(asJudge, true, key)
	f.Add(asJudge, false, key)
	f.Add(asJudge, false, bytes.Repeat([]byte{1}, 32))
	f.Add(asJudge, true, key[:31])
	f.Add(asJudge, true, []byte(nil))
	f.Add(asClerk, true, key)
	x := newFixture(f)
	empty := ledgertest.New(contract, sweeper, systemContract)
	f.Fuzz(func(t *testing.T, who int, fresh bool, k []byte) {
		base := x.w.l
		if fresh {
			base = empty
		}
		l := base.Clone()
		info, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (*creditapi.KeyInfo, error) {
			return ledgertest.Call(tx.WithTransient(map[string][]byte{creditapi.TransientKey: k}), creditapi.SetPseudonymKey)
		})
		if err != nil {
			return
		}
		got, err := ledgertest.Call(l.Tx(judge), creditapi.KeyFingerprint)
		require.NoError(t, err)
		require.Equal(t, info.Fingerprint, got.Fingerprint)
	})
}

// FuzzCheck is a bank's check of whatever ID number or credit code it
// sends: it answers or refuses, writes nothing, and never names a
// pseudonym.
func FuzzCheck(f *testing.F) {
	f.Add(false, []byte(liID))
	f.Add(false, []byte(zhangID))
	f.Add(false, []byte("11010519491231002x"))
	f.Add(false, []byte(" "+liID))
	f.Add(true, []byte(firmCode))
	f.Add(true, []byte("91350100M000100Y4"))
	f.Add(false, []byte(nil))
	x := newFixture(f)
	f.Fuzz(func(t *testing.T, entity bool, id []byte) {
		res, err := ledgertest.FuzzRead(t, x.w.l, bank, func(tx *ledgertest.Tx) (*creditapi.CheckResult, error) {
			if entity {
				return ledgertest.Call(tx.WithTransient(map[string][]byte{creditapi.TransientCreditCode: id}), creditapi.CheckEntity)
			}
			return ledgertest.Call(tx.WithTransient(map[string][]byte{creditapi.TransientIDNumber: id}), creditapi.Check)
		})
		if err != nil {
			return
		}
		for _, l := range res.Listings {
			require.Empty(t, l.Person)
		}
		for _, h := range res.AsLinked {
			require.Empty(t, h.Listing.Person)
		}
	})
}
