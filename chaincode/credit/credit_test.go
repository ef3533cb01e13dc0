package credit_test

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/credit"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/stretchr/testify/require"
)

var (
	judge, clerk, officer, auditor = ledgertest.Judge, ledgertest.Clerk, ledgertest.Officer, ledgertest.Auditor
	mediator, bank                 = ledgertest.Mediator, ledgertest.Bank
	nobody                         = ledgertest.Identity{MSPID: "CourtMSP", Name: "user1"}
	courtAdmin                     = ledgertest.Identity{MSPID: "CourtMSP", Name: "courtadmin1", Role: "court_admin"}

	key = bytes.Repeat([]byte{42}, idnumber.KeySize)
)

// People and an entity: valid identifiers (check characters computed).
const (
	zhangID   = "11010519491231002X"
	zhangName = "张三"
	liID      = "440524198001010013"
	liName    = "李四"
	// firmCode is GB 32100's widely published example code.
	firmCode = "91350100M000100Y43"
	firmName = "某某贸易有限公司"
)

var hx = ledgertest.Hex

func pseudonym(t testing.TB, id string) string {
	p, err := idnumber.Pseudonym(key, id)
	require.NoError(t, err)
	return p
}

func firmPseudonym(t testing.TB) string {
	p, err := idnumber.EntityPseudonym(key, firmCode)
	require.NoError(t, err)
	return p
}

// makeID makes a valid resident ID number of someone born on born.
func makeID(t testing.TB, born time.Time, seq int) string {
	base := fmt.Sprintf("110105%s%03d", born.Format("20060102"), seq)
	for _, c := range "0123456789X" {
		if idnumber.Validate(base+string(c)) == nil {
			return base + string(c)
		}
	}
	t.Fatalf("no check character for %s", base)
	return ""
}

// validID makes the i-th valid ID number of an adult.
func validID(t testing.TB, i int) string {
	return makeID(t, time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/1000), i%1000)
}

// world is a ledger with the pseudonym key set, the credit contract and
// the sweep over its deadlines. Cases are written as the enforcement
// contract leaves them; the wiring tests of cmd/judicial run the two
// contracts together.
type world struct {
	t       testing.TB
	l       *ledgertest.Ledger
	c       *credit.Contract
	sweeper *deadline.Contract
}

func newWorld(t testing.TB) *world {
	w := &world{t: t, l: ledgertest.New(contract, sweeper, systemContract), c: contract, sweeper: sweeper}
	_, err := run(w, judge, map[string][]byte{"key": key}, func(tx *ledgertest.Tx) (*creditapi.KeyInfo, error) {
		return ledgertest.Call(tx, creditapi.SetPseudonymKey)
	})
	require.NoError(t, err)
	return w
}

// The contracts every world serves, one value each so that the worlds
// share one chaincode.
var (
	contract       = credit.New()
	sweeper        = deadline.NewContract(credit.Kinds()...)
	systemContract = system.New()
)

func run[T any](w *world, who ledgertest.Identity, transient map[string][]byte, fn func(*ledgertest.Tx) (T, error)) (T, error) {
	return ledgertest.Run(w.l, who, func(tx *ledgertest.Tx) (T, error) { return fn(tx.WithTransient(transient)) })
}

// activeCase writes an active enforcement case of 100000 fen against the
// debtors (pseudonyms).
func (w *world) activeCase(basis string, debtors ...string) string {
	return w.caseIn(cases.Active, basis, debtors...)
}

// caseIn writes an enforcement case in state against the debtors.
func (w *world) caseIn(state, basis string, debtors ...string) string {
	cs := ledgertest.Must(w.t, w.l, clerk, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		kt := tx.Kernel()
		cs, _, err := casestore.OpenEnforcement(kt, cases.Case{Kind: cases.Enforcement, Origin: cases.Origin{Type: "judgment", ID: basis},
			Creditors: []string{hx("creditor")}, Debtors: debtors, AmountDue: 100000}, kt.Caller)
		if err != nil {
			return nil, err
		}
		cs.State = state
		return cs, kt.End()
	})
	return cs.Number
}

// secure records what executed freezes and seizures hold for a case, as
// the enforcement contract does.
func (w *world) secure(number string, amount int64) {
	ledgertest.Must(w.t, w.l, officer, func(tx *ledgertest.Tx) (bool, error) {
		kt := tx.Kernel()
		cs, err := casestore.Enforcements.Must(kt, number)
		if err != nil {
			return false, err
		}
		cs.Secured = amount
		return true, kt.End()
	})
}

func transient(s creditapi.Subject) map[string][]byte {
	b, _ := json.Marshal(s)
	return map[string][]byte{creditapi.TransientPerson: b, creditapi.TransientSalt: bytes.Repeat([]byte{7}, creditapi.SaltSize)}
}

func person(name, id string) map[string][]byte {
	return transient(creditapi.Subject{Name: name, IDNumber: id})
}

// firm is the entity with its legal representative Li Si.
func firm() map[string][]byte {
	return transient(creditapi.Subject{Kind: creditapi.Entity, Name: firmName, Code: firmCode,
		Linked: []creditapi.LinkedPerson{{Role: creditapi.LegalRepresentative, Name: liName, IDNumber: liID}}})
}

// personal reads the personal data behind a listing as who, sealed to a
// one-time key and opened with it.
func (w *world) personal(who ledgertest.Identity, id string) (*creditapi.Subject, error) {
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(w.t, err)
	sealed, err := ledgertest.Call(w.l.Tx(who).WithTransient(map[string][]byte{creditapi.TransientPublicKey: key.PublicKey().Bytes()}), creditapi.PersonalData, id)
	if err != nil {
		return nil, err
	}
	plain, err := creditapi.Open(key, sealed)
	require.NoError(w.t, err)
	var p creditapi.Subject
	require.NoError(w.t, json.Unmarshal(plain, &p))
	return &p, nil
}

// request is a listing on ground (1) by default.
func request(kinds ...string) creditapi.ListRequest {
	r := creditapi.ListRequest{Kinds: kinds, Court: "J0491", Basis: "ruling (2026)J执1号; 2017 Provisions art. 1(1)"}
	if len(kinds) != 1 || kinds[0] != creditapi.Consumption {
		r.Ground, r.Exclusion = 1, "no security given; nothing frozen or seized"
	}
	return r
}

func onGround(ground int, kinds ...string) creditapi.ListRequest {
	r := request(kinds...)
	r.Ground, r.Exclusion = ground, ""
	return r
}

func (w *world) list(who ledgertest.Identity, number string, req creditapi.ListRequest, t map[string][]byte) ([]*creditapi.Listing, error) {
	b, _ := json.Marshal(req)
	return run(w, who, t, func(tx *ledgertest.Tx) ([]*creditapi.Listing, error) {
		return ledgertest.Call(tx, creditapi.List, number, string(b))
	})
}

func (w *world) mustList(number string, req creditapi.ListRequest, t map[string][]byte) []*creditapi.Listing {
	listed, err := w.list(judge, number, req, t)
	require.NoError(w.t, err)
	return listed
}

func (w *world) remove(who ledgertest.Identity, id, ground string) (*creditapi.Listing, error) {
	b, _ := json.Marshal(creditapi.RemovalRequest{Ground: ground, Document: hx("decision " + ground)})
	return run(w, who, nil, func(tx *ledgertest.Tx) (*creditapi.Listing, error) {
		return ledgertest.Call(tx, creditapi.Remove, id, string(b))
	})
}

func (w *world) check(who ledgertest.Identity, id string) (*creditapi.CheckResult, error) {
	return ledgertest.Call(w.l.Tx(who).WithTransient(map[string][]byte{creditapi.TransientIDNumber: []byte(id)}), creditapi.Check)
}

func (w *world) checkFirm(who ledgertest.Identity) (*creditapi.CheckResult, error) {
	return ledgertest.Call(w.l.Tx(who).WithTransient(map[string][]byte{creditapi.TransientCreditCode: []byte(firmCode)}), creditapi.CheckEntity)
}

func (w *world) get(id string) *creditapi.Listing {
	l, err := ledgertest.Call(w.l.Tx(auditor), creditapi.Get, id)
	require.NoError(w.t, err)
	return l
}

func (w *world) sweep() *deadlineapi.SweepResult {
	res, err := run(w, clerk, nil, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
		return ledgertest.Call(tx, deadlineapi.Sweep, "", "", 100)
	})
	require.NoError(w.t, err)
	return res
}

// end runs the hook the enforcement contract runs when a case ends.
func (w *world) end(number string, why cases.Ending) error {
	_, err := run(w, officer, nil, func(tx *ledgertest.Tx) (bool, error) {
		kt := tx.Kernel()
		if err := credit.OnCaseEnded(kt, number, why); err != nil {
			return false, err
		}
		return true, kt.End()
	})
	return err
}

// Terms by ground (2017 Provisions arts. 1–2): ground (1) has none;
// grounds (2) to (6) two years, extended only for a recorded aggravation;
// a dishonest listing brings a consumption restriction, which has none.
func TestTermsByGround(t *testing.T) {
	repeated := onGround(4, creditapi.Dishonest)
	repeated.Aggravation = &creditapi.Aggravation{Kind: creditapi.Repeated, Years: 3, Document: hx("three defaults")}
	for _, tc := range []struct {
		name      string
		req       creditapi.ListRequest
		kinds     []string
		end       string
		removeBy  string
		withGrant bool
	}{
		// Listed 2026-01-05T09:00:00Z, a Monday, 17:00 in Beijing.
		{"ground (1): no term", request(creditapi.Dishonest), []string{creditapi.Dishonest, creditapi.Consumption}, "", "", true},
		{"ground (2): two years", onGround(2, creditapi.Dishonest), []string{creditapi.Dishonest, creditapi.Consumption}, "2028-01-05T09:00:00Z", "2028-01-10T15:59:59Z", true},
		{"ground (4) aggravated by repeated conduct: 2 + 3 years", repeated, []string{creditapi.Dishonest, creditapi.Consumption}, "2031-01-05T09:00:00Z", "2031-01-08T15:59:59Z", true},
		{"both kinds asked", onGround(6, creditapi.Consumption, creditapi.Dishonest), []string{creditapi.Dishonest, creditapi.Consumption}, "2028-01-05T09:00:00Z", "2028-01-10T15:59:59Z", true},
		{"a restriction alone: no term", request(creditapi.Consumption), []string{creditapi.Consumption}, "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			number := w.activeCase("J-1", pseudonym(t, zhangID))
			listed := w.mustList(number, tc.req, person(zhangName, zhangID))
			var kinds []string
			for _, l := range listed {
				kinds = append(kinds, l.Kind)
			}
			require.Equal(t, tc.kinds, kinds)
			require.Equal(t, tc.end, listed[0].End)
			require.Equal(t, tc.removeBy, listed[0].RemoveBy, "3 working days after the end (art. 10)")
			if tc.withGrant {
				require.Equal(t, listed[1].ID, listed[0].With)
				require.Equal(t, listed[0].ID, listed[1].With)
				require.Empty(t, listed[1].End, "a restriction has no term (2015 Provisions)")
				require.Equal(t, creditapi.Restrictions, listed[1].Restrictions)
				require.Zero(t, listed[1].Ground)
			}
		})
	}
}

// The 2-year term and its aggravation cannot be anything but the law's.
func TestTermRefusals(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID))
	aggravated := func(ground int, a creditapi.Aggravation) creditapi.ListRequest {
		r := onGround(ground, creditapi.Dishonest)
		if ground == 1 {
			r.Exclusion = "none"
		}
		r.Aggravation = &a
		return r
	}
	noExclusion := request(creditapi.Dishonest)
	noExclusion.Exclusion = " "
	consumptionGround := request(creditapi.Consumption)
	consumptionGround.Ground = 2
	exclusionOn2 := onGround(2, creditapi.Dishonest)
	exclusionOn2.Exclusion = "none"
	for _, tc := range []struct {
		name string
		req  creditapi.ListRequest
		want string
	}{
		{"aggravation on ground (1)", aggravated(1, creditapi.Aggravation{Kind: creditapi.Violence, Years: 1, Document: hx("d")}), "a listing on ground (1) has no term to extend"},
		{"a bare flag", aggravated(2, creditapi.Aggravation{Kind: "serious", Years: 1, Document: hx("d")}), `aggravation.kind "serious": one of violence_or_threats`},
		{"four more years", aggravated(2, creditapi.Aggravation{Kind: creditapi.Violence, Years: 4, Document: hx("d")}), "aggravation.years must be 1 to 3"},
		{"no more years", aggravated(2, creditapi.Aggravation{Kind: creditapi.Violence, Document: hx("d")}), "aggravation.years must be 1 to 3"},
		{"no finding", aggravated(2, creditapi.Aggravation{Kind: creditapi.Violence, Years: 1}), "aggravation.document"},
		{"ground (1) without the art. 3 statement", noExclusion, "a listing on ground (1) needs exclusion"},
		{"a statement on ground (2)", exclusionOn2, "ground (2) takes none"},
		{"a ground on a restriction", consumptionGround, "a consumption restriction alone takes none"},
		{"ground (7)", onGround(7, creditapi.Dishonest), "ground must be the paragraph of art. 1"},
	} {
		_, err := w.list(judge, number, tc.req, person(zhangName, zhangID))
		require.ErrorContains(t, err, tc.want, tc.name)
		require.True(t, api.Is(err, api.CodeInvalid), tc.name)
	}
}

// Art. 3: ground (1) is not applied where executed freezes and seizures
// already cover what is owed.
func TestGroundOneExcludedWhenPropertyCoversTheDebt(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID))
	w.secure(number, 100000)
	_, err := w.list(judge, number, request(creditapi.Dishonest), person(zhangName, zhangID))
	require.ErrorContains(t, err, "executed freezes and seizures hold 100000 fen against 100000 fen owed")
	require.ErrorContains(t, err, "art. 3")
	_, err = w.list(judge, number, onGround(4, creditapi.Dishonest), person(zhangName, zhangID))
	require.NoError(t, err, "art. 3 is about ground (1); breaching the reporting duty is listed whatever is frozen")

	other := w.activeCase("J-2", pseudonym(t, liID))
	w.secure(other, 99999)
	_, err = w.list(judge, other, request(creditapi.Dishonest), person(liName, liID))
	require.NoError(t, err, "property short of the debt does not exclude")
}

// Minors are never listed (2017 Provisions art. 4): the day before the
// 18th birthday in Beijing refused, the birthday itself listed.
func TestMinorsAreNeverListed(t *testing.T) {
	born := time.Date(2008, 1, 6, 0, 0, 0, 0, time.UTC)
	minor := makeID(t, born, 1)
	for _, tc := range []struct {
		name string
		now  time.Time
		want string
	}{
		{"17, the day before (2026-01-05 23:59 in Beijing)", time.Date(2026, 1, 5, 15, 59, 0, 0, time.UTC), "the person is under 18 on the listing date: minors are never listed"},
		{"18 on the birthday (2026-01-06 00:00 in Beijing)", time.Date(2026, 1, 5, 16, 0, 0, 0, time.UTC), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			number := w.activeCase("J-1", pseudonym(t, minor))
			w.l.Now = tc.now
			for _, kinds := range [][]string{{creditapi.Dishonest}, {creditapi.Consumption}} {
				_, err := w.list(judge, number, request(kinds...), person("少年", minor))
				if tc.want == "" {
					require.NoError(t, err)
					return
				}
				require.ErrorContains(t, err, tc.want)
				require.ErrorContains(t, err, "art. 4")
				require.NotContains(t, err.Error(), "20080106")
			}
		})
	}
}

// An entity is listed by its unified social credit code; restricting it
// restricts its legal representative, principal, directly responsible
// person and actual controller (2015 Provisions art. 3 para. 2): a bank's
// check of the entity, or of the person, finds the restriction and why.
func TestEntityAndThePersonsWhoRunIt(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", firmPseudonym(t))
	listed := w.mustList(number, onGround(3, creditapi.Dishonest), firm())
	require.Len(t, listed, 2)
	dishonest, restriction := listed[0], listed[1]
	require.Equal(t, creditapi.Entity, dishonest.Subject)
	require.Empty(t, dishonest.Linked, "the entity is the one on the list")
	require.Equal(t, []creditapi.Linked{{Role: creditapi.LegalRepresentative, Person: pseudonym(t, liID)}}, restriction.Linked)

	res, err := w.checkFirm(bank)
	require.NoError(t, err)
	require.True(t, res.Listed)
	require.Len(t, res.Listings, 2)
	require.Empty(t, res.AsLinked)

	res, err = w.check(bank, liID)
	require.NoError(t, err)
	require.True(t, res.Listed)
	require.Empty(t, res.Listings, "Li Si is not on the list himself")
	require.Len(t, res.AsLinked, 1)
	require.Equal(t, creditapi.LegalRepresentative, res.AsLinked[0].Role)
	require.Equal(t, restriction.ID, res.AsLinked[0].Listing.ID)
	require.Equal(t, []creditapi.Linked{{Role: creditapi.LegalRepresentative}}, res.AsLinked[0].Listing.Linked, "no pseudonym")

	p, err := w.personal(judge, restriction.ID)
	require.NoError(t, err)
	require.Equal(t, creditapi.Subject{Kind: creditapi.Entity, Name: firmName, Code: firmCode,
		Linked: []creditapi.LinkedPerson{{Role: creditapi.LegalRepresentative, Name: liName, IDNumber: liID}}}, *p)
	for k, v := range w.l.State {
		for _, secret := range []string{firmCode, firmName, liID, liName} {
			require.NotContains(t, k+string(v), secret, "personal data on the shared state")
		}
	}

	require.NoError(t, w.end(number, cases.EndPerformed))
	res, err = w.check(bank, liID)
	require.NoError(t, err)
	require.False(t, res.Listed, "lifted with the entity's restriction")
}

func TestWhoCanBeListedRefusals(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", firmPseudonym(t), pseudonym(t, zhangID))
	minor := makeID(t, time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), 1)
	entity := func(linked ...creditapi.LinkedPerson) map[string][]byte {
		return transient(creditapi.Subject{Kind: creditapi.Entity, Name: firmName, Code: firmCode, Linked: linked})
	}
	rep := creditapi.LinkedPerson{Role: creditapi.LegalRepresentative, Name: liName, IDNumber: liID}
	for _, tc := range []struct {
		name string
		s    map[string][]byte
		want string
	}{
		{"an entity with no one at its head", entity(creditapi.LinkedPerson{Role: creditapi.ActualController, Name: liName, IDNumber: liID}), "an entity is restricted with its legal_representative or principal"},
		{"a minor restricted with an entity", entity(rep, creditapi.LinkedPerson{Role: creditapi.ActualController, Name: "少年", IDNumber: minor}), "linked[1].idNumber: the person is under 18"},
		{"an unknown role", entity(creditapi.LinkedPerson{Role: "shareholder", Name: liName, IDNumber: liID}), `linked[0].role "shareholder"`},
		{"the same person twice in a role", entity(rep, rep), "the same person twice in the role legal_representative"},
		{"a mistyped code", transient(creditapi.Subject{Kind: creditapi.Entity, Name: firmName, Code: "91350100M000100Y44", Linked: []creditapi.LinkedPerson{rep}}), "person.code: the unified social credit code fails the GB 32100 check character"},
		{"an entity named by an ID number", transient(creditapi.Subject{Kind: creditapi.Entity, Name: firmName, IDNumber: zhangID}), "idNumber belongs to a person"},
		{"a person with linked persons", transient(creditapi.Subject{Name: zhangName, IDNumber: zhangID, Linked: []creditapi.LinkedPerson{rep}}), "code and linked belong to an entity"},
		{"an unknown kind", transient(creditapi.Subject{Kind: "company", Name: firmName, Code: firmCode}), `person.kind "company"`},
	} {
		_, err := w.list(judge, number, request(creditapi.Consumption), tc.s)
		require.ErrorContains(t, err, tc.want, tc.name)
		for _, secret := range []string{liID, firmCode, minor, liName, firmName} {
			require.NotContains(t, err.Error(), secret, tc.name)
		}
	}
}

// Removal grounds (2017 Provisions arts. 2 and 10; 2015 Provisions art.
// 9): which ground a judge may give for which kind of listing.
func TestRemovalGroundTable(t *testing.T) {
	for _, tc := range []struct {
		kind, ground string
		listing      creditapi.ListRequest
		want         string
	}{
		{creditapi.Dishonest, creditapi.GroundPerformed, request(creditapi.Dishonest), ""},
		{creditapi.Dishonest, creditapi.GroundSettlementPerformed, request(creditapi.Dishonest), ""},
		{creditapi.Dishonest, creditapi.GroundCreditorApplication, request(creditapi.Dishonest), ""},
		{creditapi.Dishonest, creditapi.GroundNoProperty, request(creditapi.Dishonest), ""},
		{creditapi.Dishonest, creditapi.GroundSuspended, request(creditapi.Dishonest), ""},
		{creditapi.Dishonest, creditapi.GroundNotEnforced, request(creditapi.Dishonest), ""},
		{creditapi.Dishonest, creditapi.GroundFinallyTerminated, request(creditapi.Dishonest), ""},
		{creditapi.Dishonest, creditapi.GroundEarly, onGround(2, creditapi.Dishonest), ""},
		{creditapi.Dishonest, creditapi.GroundEarly, request(creditapi.Dishonest), "has no term to end early"},
		{creditapi.Dishonest, creditapi.GroundTermEnded, onGround(2, creditapi.Dishonest), `ground "term_ended": a judge removes a dishonest listing on one of`},
		{creditapi.Dishonest, creditapi.GroundCorrected, request(creditapi.Dishonest), `ground "corrected"`},
		{creditapi.Dishonest, creditapi.GroundSecurity, request(creditapi.Dishonest), `ground "security_given"`},
		{creditapi.Consumption, creditapi.GroundSecurity, request(creditapi.Consumption), ""},
		{creditapi.Consumption, creditapi.GroundConsents, request(creditapi.Consumption), ""},
		{creditapi.Consumption, creditapi.GroundPerformed, request(creditapi.Consumption), ""},
		{creditapi.Consumption, creditapi.GroundCreditorApplication, request(creditapi.Consumption), `ground "creditor_application": a judge removes a consumption listing on one of performed, security_given, creditor_consents`},
		{creditapi.Consumption, creditapi.GroundTermEnded, request(creditapi.Consumption), `ground "term_ended"`},
	} {
		t.Run(tc.kind+" "+tc.ground, func(t *testing.T) {
			w := newWorld(t)
			number := w.activeCase("J-1", pseudonym(t, zhangID))
			listed := w.mustList(number, tc.listing, person(zhangName, zhangID))
			l, err := w.remove(judge, listed[0].ID, tc.ground)
			if tc.want != "" {
				require.ErrorContains(t, err, tc.want)
				require.Equal(t, creditapi.Active, w.get(listed[0].ID).State)
				return
			}
			require.NoError(t, err)
			require.Equal(t, creditapi.Removed, l.State)
			require.Equal(t, tc.ground, l.Removal.Ground)
			require.False(t, l.Removal.Auto)
			require.Equal(t, hx("decision "+tc.ground), l.Removal.Document)
			require.Equal(t, []string{"personalData/person|" + l.ID}, w.l.Purged)
			_, err = w.remove(judge, l.ID, tc.ground)
			require.ErrorContains(t, err, "was already removed ("+tc.ground)
			if len(listed) == 2 {
				require.Equal(t, creditapi.Active, w.get(listed[1].ID).State, "the restriction is lifted on its own grounds")
			}
		})
	}
}

// Case events the ledger sees remove listings in the same transaction
// (2017 Provisions art. 10; 2015 Provisions art. 9): the dishonest listing
// on every ground, the restriction on full performance and when no
// enforcement is left, not on a suspension.
func TestCaseEventsRemoveListings(t *testing.T) {
	for _, tc := range []struct {
		why              cases.Ending
		ground           string
		restrictionLifts bool
	}{
		{cases.EndPerformed, creditapi.GroundPerformed, true},
		{cases.EndSettlementPerformed, creditapi.GroundSettlementPerformed, true},
		{cases.EndSuspended, creditapi.GroundSuspended, false},
		{cases.EndNotEnforced, creditapi.GroundNotEnforced, true},
		{cases.EndFinallyTerminated, creditapi.GroundFinallyTerminated, true},
	} {
		t.Run(string(tc.why), func(t *testing.T) {
			w := newWorld(t)
			number := w.activeCase("J-1", pseudonym(t, zhangID))
			listed := w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))
			require.NoError(t, w.end(number, tc.why))
			d := w.get(listed[0].ID)
			require.Equal(t, creditapi.Removed, d.State)
			require.Equal(t, tc.ground, d.Removal.Ground)
			require.True(t, d.Removal.Auto)
			r := w.get(listed[1].ID)
			if tc.restrictionLifts {
				require.Equal(t, creditapi.Removed, r.State)
				require.Equal(t, tc.ground, r.Removal.Ground)
			} else {
				require.Equal(t, creditapi.Active, r.State)
			}
			res, err := w.check(bank, zhangID)
			require.NoError(t, err)
			require.Equal(t, !tc.restrictionLifts, res.Listed)
		})
	}
	w := newWorld(t)
	require.ErrorContains(t, w.end(w.activeCase("J-1"), "forgiven"), `ended "forgiven", which the credit contract does not know`)
}

// No sweep removes a ground-(1) listing or a restriction; a listing with
// a term is removed when it ends.
func TestOnlyTermsEnd(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID), pseudonym(t, liID))
	forever := w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))
	termed := w.mustList(number, onGround(5, creditapi.Dishonest), person(liName, liID))

	w.l.Now = w.l.Now.AddDate(2, 0, 0).Add(-time.Second)
	require.Empty(t, w.sweep().Processed, "nothing is due before the term ends")
	w.l.Now = w.l.Now.Add(time.Second)
	res := w.sweep()
	require.Len(t, res.Processed, 1)
	require.Equal(t, "removed: term ended", res.Processed[0].Result)
	l := w.get(termed[0].ID)
	require.Equal(t, creditapi.GroundTermEnded, l.Removal.Ground)
	require.True(t, l.Removal.Auto)
	require.Equal(t, creditapi.Active, w.get(termed[1].ID).State, "the restriction that came with it has no term")

	w.l.Now = w.l.Now.AddDate(20, 0, 0)
	require.Empty(t, w.sweep().Processed, "twenty years on, nothing else is due")
	for _, l := range append(forever, termed[1]) {
		require.Equal(t, creditapi.Active, w.get(l.ID).State)
	}
	check, err := w.check(bank, zhangID)
	require.NoError(t, err)
	require.Len(t, check.Listings, 2, "in force for as long as the debtor does not perform")
}

// A dishonest listing alone brings a restriction, unless the case already
// restricts the person; the same kind twice in one case is refused.
func TestADishonestListingBringsARestriction(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID))
	restriction := w.mustList(number, request(creditapi.Consumption), person(zhangName, zhangID))
	listed := w.mustList(number, onGround(2, creditapi.Dishonest), person(zhangName, zhangID))
	require.Len(t, listed, 1, "the case already restricts the person")
	require.Empty(t, listed[0].With)
	_, err := w.list(judge, number, onGround(4, creditapi.Dishonest), person(zhangName, zhangID))
	require.ErrorContains(t, err, "the individual is already listed (dishonest) in case "+number+": listing "+listed[0].ID)
	_, err = w.list(judge, number, request(creditapi.Consumption), person(zhangName, zhangID))
	require.ErrorContains(t, err, "listing "+restriction[0].ID)
	require.True(t, api.Is(err, api.CodeExists))

	other := w.activeCase("J-2", pseudonym(t, zhangID))
	require.Len(t, w.mustList(other, onGround(2, creditapi.Dishonest), person(zhangName, zhangID)), 2, "another case: its own listing and restriction")
}

// A judge approves a necessary consumption (2015 Provisions art. 8); a
// bank's check shows it.
func TestNecessaryConsumptionApproved(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID))
	listed := w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))
	approve := func(who ledgertest.Identity, id string, req creditapi.ApprovalRequest) (*creditapi.Listing, error) {
		b, _ := json.Marshal(req)
		return run(w, who, nil, func(tx *ledgertest.Tx) (*creditapi.Listing, error) {
			return ledgertest.Call(tx, creditapi.ApproveConsumption, id, string(b))
		})
	}
	until := w.l.Now.Add(10 * 24 * time.Hour).Format(time.RFC3339)
	flight := creditapi.ApprovalRequest{Restriction: "flights_sleepers_upper_ship_cabins", Purpose: "surgery in Beijing", Until: until, Document: hx("approval")}
	l, err := approve(judge, listed[1].ID, flight)
	require.NoError(t, err)
	require.Equal(t, "A1", l.Approvals[0].ID)

	res, err := w.check(bank, zhangID)
	require.NoError(t, err)
	var shown []creditapi.Approval
	for _, l := range res.Listings {
		shown = append(shown, l.Approvals...)
	}
	require.Len(t, shown, 1)
	require.Equal(t, "surgery in Beijing", shown[0].Purpose)

	past := flight
	past.Until = w.l.Now.Add(-time.Hour).Format(time.RFC3339)
	unknown := flight
	unknown.Restriction = "yachts"
	for _, tc := range []struct {
		name string
		who  ledgertest.Identity
		id   string
		req  creditapi.ApprovalRequest
		want string
	}{
		{"on the dishonest listing", judge, listed[0].ID, flight, "consumption is approved on the consumption restriction (listing " + listed[1].ID + ")"},
		{"not one of the nine", judge, listed[1].ID, unknown, `restriction "yachts" is not one of`},
		{"in the past", judge, listed[1].ID, past, "must be an RFC 3339 time after the transaction time"},
		{"by an officer", officer, listed[1].ID, flight, "access denied"},
	} {
		_, err := approve(tc.who, tc.id, tc.req)
		require.ErrorContains(t, err, tc.want, tc.name)
	}
}

// Corrections (2017 Provisions arts. 11–12): one pending application at a
// time, decided by a judge within 15 days; a sweep reports it overdue;
// upheld, the listing is removed as wrong.
func TestCorrectionApplications(t *testing.T) {
	w := newWorld(t)
	ledgertest.Must(t, w.l, courtAdmin, func(tx *ledgertest.Tx) (*systemapi.Calendar, error) {
		return ledgertest.Call(tx, systemapi.SetHolidays, 2026, systemapi.HolidaysRequest{Holidays: []string{"2026-01-20", "2026-01-21"}, Basis: "test"})
	})
	number := w.activeCase("J-1", pseudonym(t, zhangID))
	listed := w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))
	id := listed[0].ID
	apply := func(who ledgertest.Identity) (*creditapi.Listing, error) {
		b, _ := json.Marshal(creditapi.CorrectionRequest{Reason: "paid before listing", Document: hx("receipt")})
		return run(w, who, nil, func(tx *ledgertest.Tx) (*creditapi.Listing, error) {
			return ledgertest.Call(tx, creditapi.ApplyCorrection, id, string(b))
		})
	}
	decide := func(who ledgertest.Identity, app string, uphold bool) (*creditapi.Listing, error) {
		b, _ := json.Marshal(creditapi.CorrectionDecision{Uphold: uphold, Reason: "checked the receipt", Document: hx("decision")})
		return run(w, who, nil, func(tx *ledgertest.Tx) (*creditapi.Listing, error) {
			return ledgertest.Call(tx, creditapi.DecideCorrection, id, app, string(b))
		})
	}
	_, err := apply(judge)
	require.ErrorContains(t, err, "access denied", "the person applies through the court's clerk")
	l, err := apply(clerk)
	require.NoError(t, err)
	// Applied Monday 5 January: the 15th day is Tuesday 20 January, a
	// declared holiday with the 21st, so the period runs to the 22nd.
	require.Equal(t, "2026-01-22T15:59:59Z", l.Corrections[0].DecideBy)
	_, err = apply(clerk)
	require.ErrorContains(t, err, "already has application K1 pending")

	w.l.Now = time.Date(2026, 1, 22, 16, 0, 0, 0, time.UTC)
	res := w.sweep()
	require.Len(t, res.Processed, 1)
	require.Contains(t, res.Processed[0].Result, "overdue: the court has not decided application K1 within 15 days")
	require.True(t, w.get(id).Corrections[0].Overdue)

	_, err = decide(clerk, "K1", true)
	require.ErrorContains(t, err, "access denied")
	l, err = decide(judge, "K1", false)
	require.NoError(t, err)
	require.Equal(t, creditapi.CorrectionRejected, l.Corrections[0].State)
	require.Equal(t, creditapi.Active, l.State)
	_, err = decide(judge, "K1", true)
	require.ErrorContains(t, err, "was already decided (rejected")

	_, err = apply(clerk)
	require.NoError(t, err)
	l, err = decide(judge, "K2", true)
	require.NoError(t, err)
	require.Equal(t, creditapi.Removed, l.State)
	require.Equal(t, creditapi.GroundCorrected, l.Removal.Ground)
	require.Empty(t, w.sweep().Processed, "nothing left to report")
}

// Every role against every function: allowed ones succeed, the others are
// denied.
func TestRoleMatrix(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID), pseudonym(t, liID))
	listed := w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))
	id, restriction := listed[0].ID, listed[1].ID
	roles := []ledgertest.Identity{judge, clerk, officer, auditor, mediator, bank, nobody}
	jsonOf := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	funcs := []struct {
		name    string
		allowed []ledgertest.Identity
		call    func(tx *ledgertest.Tx) error
	}{
		{"SetPseudonymKey", []ledgertest.Identity{judge}, func(tx *ledgertest.Tx) error {
			_, err := ledgertest.Call(tx.WithTransient(map[string][]byte{"key": key}), creditapi.SetPseudonymKey)
			return err
		}},
		{"List", []ledgertest.Identity{judge}, func(tx *ledgertest.Tx) error {
			_, err := ledgertest.Call(tx.WithTransient(person(liName, liID)), creditapi.List, number, jsonOf(request(creditapi.Consumption)))
			return err
		}},
		{"Remove", []ledgertest.Identity{judge}, func(tx *ledgertest.Tx) error {
			_, err := ledgertest.Call(tx, creditapi.Remove, id, jsonOf(creditapi.RemovalRequest{Ground: creditapi.GroundPerformed, Document: hx("d")}))
			return err
		}},
		{"ApproveConsumption", []ledgertest.Identity{judge}, func(tx *ledgertest.Tx) error {
			_, err := ledgertest.Call(tx, creditapi.ApproveConsumption, restriction, jsonOf(creditapi.ApprovalRequest{Restriction: creditapi.Restrictions[0], Purpose: "p",
				Until: w.l.Now.Add(time.Hour).Format(time.RFC3339), Document: hx("d")}))
			return err
		}},
		{"ApplyCorrection", []ledgertest.Identity{clerk}, func(tx *ledgertest.Tx) error {
			_, err := ledgertest.Call(tx, creditapi.ApplyCorrection, id, jsonOf(creditapi.CorrectionRequest{Reason: "r", Document: hx("d")}))
			return err
		}},
		{"Check", []ledgertest.Identity{judge, clerk, officer, bank}, func(tx *ledgertest.Tx) error {
			_, err := ledgertest.Call(tx.WithTransient(map[string][]byte{"idNumber": []byte(zhangID)}), creditapi.Check)
			return err
		}},
		{"CheckEntity", []ledgertest.Identity{judge, clerk, officer, bank}, func(tx *ledgertest.Tx) error {
			_, err := ledgertest.Call(tx.WithTransient(map[string][]byte{"creditCode": []byte(firmCode)}), creditapi.CheckEntity)
			return err
		}},
		{"Get", []ledgertest.Identity{judge, clerk, officer, auditor, bank}, func(tx *ledgertest.Tx) error { _, err := ledgertest.Call(tx, creditapi.Get, id); return err }},
		{"Page", []ledgertest.Identity{judge, clerk, officer, auditor, bank}, func(tx *ledgertest.Tx) error {
			_, err := ledgertest.Call(tx, creditapi.Page, "J0491", creditapi.Dishonest, 10, "")
			return err
		}},
		{"History", []ledgertest.Identity{judge, clerk, officer, auditor, bank}, func(tx *ledgertest.Tx) error { _, err := ledgertest.Call(tx, creditapi.History, id); return err }},
		{"Stats", []ledgertest.Identity{judge, auditor}, func(tx *ledgertest.Tx) error { _, err := ledgertest.Call(tx, creditapi.Stats, ""); return err }},
		{"PersonalData", []ledgertest.Identity{judge}, func(tx *ledgertest.Tx) error {
			key, _ := ecdh.X25519().GenerateKey(rand.Reader)
			_, err := ledgertest.Call(tx.WithTransient(map[string][]byte{creditapi.TransientPublicKey: key.PublicKey().Bytes()}), creditapi.PersonalData, id)
			return err
		}},
		{"KeyFingerprint", []ledgertest.Identity{judge, clerk, officer, bank}, func(tx *ledgertest.Tx) error { _, err := ledgertest.Call(tx, creditapi.KeyFingerprint); return err }},
	}
	for _, f := range funcs {
		for _, who := range roles {
			err := f.call(w.l.Tx(who)) // never committed: each cell sees the same ledger
			allowed := false
			for _, a := range f.allowed {
				allowed = allowed || a == who
			}
			if allowed {
				require.NoError(t, err, "%s as %s: an allowed role succeeds", f.name, who.Name)
			} else {
				require.ErrorContains(t, err, "access denied: credit:"+f.name, "%s as %s", f.name, who.Name)
			}
		}
	}
	// DecideCorrection needs a pending application.
	ledgertest.Must(t, w.l, clerk, func(tx *ledgertest.Tx) (*creditapi.Listing, error) {
		return ledgertest.Call(tx, creditapi.ApplyCorrection, id, jsonOf(creditapi.CorrectionRequest{Reason: "r", Document: hx("d")}))
	})
	for _, who := range roles {
		_, err := ledgertest.Call(w.l.Tx(who), creditapi.DecideCorrection, id, "K1", jsonOf(creditapi.CorrectionDecision{Reason: "r", Document: hx("d")}))
		if who == judge {
			require.NoError(t, err)
		} else {
			require.ErrorContains(t, err, "access denied: credit:DecideCorrection", who.Name)
		}
	}
}

// A bank checks by ID number: listed with the listings in force, and not
// listed once the debtor pays; the number never reaches the shared state.
func TestCheckBeforeAndAfterPayment(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID), pseudonym(t, liID))
	listed := w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))

	res, err := w.check(bank, " "+strings.ToLower(zhangID))
	require.NoError(t, err)
	require.True(t, res.Listed)
	require.Len(t, res.Listings, 2)
	for _, l := range res.Listings {
		require.Equal(t, number, l.Case)
		require.Equal(t, l.Kind == creditapi.Consumption, len(l.Restrictions) > 0, "a consumption order names its restrictions")
	}
	other, err := w.check(bank, liID)
	require.NoError(t, err)
	require.False(t, other.Listed, "a co-debtor who was not listed")

	for k, v := range w.l.State {
		for _, secret := range []string{zhangID, zhangName, liID} {
			require.NotContains(t, k+string(v), secret, "personal data on the shared state")
		}
	}
	p, err := w.personal(judge, listed[0].ID)
	require.NoError(t, err)
	require.Equal(t, zhangID, p.IDNumber)

	require.NoError(t, w.end(number, cases.EndPerformed))
	res, err = w.check(bank, zhangID)
	require.NoError(t, err)
	require.False(t, res.Listed)
	require.Len(t, w.l.Purged, 2)
	_, err = w.personal(judge, listed[0].ID)
	require.ErrorContains(t, err, "was purged when it was removed (performed")
	history, err := ledgertest.Call(w.l.Tx(auditor), creditapi.History, listed[0].ID)
	require.NoError(t, err)
	require.Len(t, history, 2, "listed, then removed: the public record stays")
	require.Equal(t, creditapi.Removed, history[0].Listing.State)
	require.Equal(t, creditapi.Active, history[1].Listing.State)
}

// Bad input gets an error that names what is wrong and never repeats a
// name or an ID number; nothing is written.
func TestListingBadInput(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID))
	filed := w.caseIn(cases.Filed, "J-2", pseudonym(t, zhangID))
	w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))
	before := len(w.l.State)
	for _, tc := range []struct {
		name   string
		number string
		req    creditapi.ListRequest
		t      map[string][]byte
		want   string
	}{
		{"case not active", filed, request(creditapi.Dishonest), person(zhangName, zhangID), "in state filed: only debtors of an active enforcement case are listed"},
		{"unknown case", "(2026)J执0000000000号", request(creditapi.Dishonest), person(zhangName, zhangID), "is not on the ledger"},
		{"duplicate", number, request(creditapi.Dishonest), person(zhangName, zhangID), "the individual is already listed (dishonest) in case"},
		{"check character", number, request(creditapi.Consumption), person(zhangName, "110105194912310021"), "fails the GB 11643 check character"},
		{"short number", number, request(creditapi.Consumption), person(zhangName, "1101051949"), "an ID number has 18 characters"},
		{"not a debtor", number, request(creditapi.Consumption), person(liName, liID), "the person or entity is not a debtor of case"},
		{"no transient", number, request(creditapi.Consumption), nil, `transient field "salt" is missing`},
		{"no name", number, request(creditapi.Consumption), person(" ", zhangID), "person.name must be 1 to 100 characters"},
		{"no kinds", number, request(), person(zhangName, zhangID), "kinds must be"},
		{"no court", number, creditapi.ListRequest{Kinds: []string{creditapi.Consumption}, Basis: "b"}, person(zhangName, zhangID), "court must be 1 to 32 characters"},
		{"not a judge", number, request(creditapi.Consumption), person(zhangName, zhangID), "access denied"},
	} {
		who := judge
		if tc.name == "not a judge" {
			who = clerk
		}
		_, err := w.list(who, tc.number, tc.req, tc.t)
		require.ErrorContains(t, err, tc.want, tc.name)
		for _, secret := range []string{zhangID[:10], zhangName, liID[:10], liName} {
			require.NotContains(t, err.Error(), secret, tc.name)
		}
	}
	require.Equal(t, before, len(w.l.State), "nothing written")

	_, err := ledgertest.Call(w.l.Tx(bank), creditapi.Check)
	require.ErrorContains(t, err, `transient field "idNumber" is missing`)
	_, err = ledgertest.Call(w.l.Tx(bank).WithTransient(map[string][]byte{creditapi.TransientCreditCode: []byte("91350100M000100Y4")}), creditapi.CheckEntity)
	require.ErrorContains(t, err, "transient creditCode: a unified social credit code has 18 characters")
	_, err = w.check(bank, "110105194912310021")
	require.ErrorContains(t, err, "check character")
	require.NotContains(t, err.Error(), "1101051949")

	_, err = run(w, judge, map[string][]byte{"key": bytes.Repeat([]byte{1}, 32)}, func(tx *ledgertest.Tx) (*creditapi.KeyInfo, error) {
		return ledgertest.Call(tx, creditapi.SetPseudonymKey)
	})
	require.ErrorContains(t, err, "a different pseudonym key")
}

// Paging, statistics from sharded counters, and a sweep that removes
// expired listings without two removals sharing a counter in one sweep.
func TestPagingStatsAndExpiry(t *testing.T) {
	w := newWorld(t)
	var ids []string
	for i := range 40 {
		id := validID(t, i)
		number := w.activeCase(fmt.Sprintf("J-%d", i), pseudonym(t, id))
		w.l.Now = w.l.Now.Add(time.Hour)
		listed := w.mustList(number, onGround(2, creditapi.Dishonest), person(fmt.Sprintf("person %d", i), id))
		ids = append(ids, listed[0].ID)
	}
	var paged []string
	bookmark := ""
	for {
		page, err := ledgertest.Call(w.l.Tx(bank), creditapi.Page, "J0491", creditapi.Dishonest, 15, bookmark)
		require.NoError(t, err)
		for _, l := range page.Listings {
			paged = append(paged, l.ID)
		}
		if bookmark = page.Bookmark; bookmark == "" {
			break
		}
	}
	require.ElementsMatch(t, ids, paged)
	stats, err := ledgertest.Call(w.l.Tx(auditor), creditapi.Stats, "")
	require.NoError(t, err)
	require.Equal(t, []creditapi.Count{{Court: "J0491", Kind: creditapi.Consumption, Active: 40}, {Court: "J0491", Kind: creditapi.Dishonest, Active: 40}}, stats)

	w.l.Now = w.l.Now.AddDate(3, 0, 0)
	removed := 0
	for sweeps := 0; removed < 40; sweeps++ {
		require.Less(t, sweeps, 40)
		for _, o := range w.sweep().Processed {
			if o.Result == "removed: term ended" {
				removed++
			}
		}
		stats, err = ledgertest.Call(w.l.Tx(auditor), creditapi.Stats, "J0491")
		require.NoError(t, err)
		require.EqualValues(t, 40-removed, stats[1].Active, "the counters follow every removal exactly")
	}
	require.Len(t, w.l.Purged, 40)
}

// Listing keys carry the court's key-level policy.
func TestListingKeysRequireTheCourt(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID))
	b, _ := json.Marshal(request(creditapi.Dishonest))
	tx := w.l.Tx(judge).WithTransient(person(zhangName, zhangID))
	listed, err := ledgertest.Call(tx, creditapi.List, number, string(b))
	require.NoError(t, err)
	key, err := tx.Stub.CreateCompositeKey("listing", []string{listed[0].ID})
	require.NoError(t, err)
	require.Contains(t, tx.Policies(), key)
}

// Terms are counted in calendar years: two years from 29 February end on
// 28 February.
func TestTermsAreCalendarYears(t *testing.T) {
	w := newWorld(t)
	w.l.Now = time.Date(2028, 2, 29, 2, 0, 0, 0, time.UTC)
	number := w.activeCase("J-1", pseudonym(t, zhangID))
	listed := w.mustList(number, onGround(2, creditapi.Dishonest), person(zhangName, zhangID))
	require.Equal(t, "2030-02-28T02:00:00Z", listed[0].End)
}

// Every function the contract serves is in the published contract.
func TestEveryFunctionIsPublished(t *testing.T) {
	ledgertest.RequirePublished(t, credit.New(), creditapi.Namespace)
}

// Banks check people and read listings without ever seeing a pseudonym:
// they cannot tell two listings of one person apart from listings of two.
func TestBanksSeeNoPseudonyms(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID), firmPseudonym(t))
	listed := w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))
	firmListed := w.mustList(number, request(creditapi.Consumption), firm())
	p := pseudonym(t, zhangID)
	require.Equal(t, p, listed[0].Person, "the court sees whom it listed")

	check, err := w.check(bank, zhangID)
	require.NoError(t, err)
	require.Len(t, check.Listings, 2)
	got, err := ledgertest.Call(w.l.Tx(bank), creditapi.Get, listed[0].ID)
	require.NoError(t, err)
	firmGot, err := ledgertest.Call(w.l.Tx(bank), creditapi.Get, firmListed[0].ID)
	require.NoError(t, err)
	page, err := ledgertest.Call(w.l.Tx(bank), creditapi.Page, "J0491", creditapi.Consumption, 10, "")
	require.NoError(t, err)
	history, err := ledgertest.Call(w.l.Tx(bank), creditapi.History, listed[0].ID)
	require.NoError(t, err)
	for _, l := range append(append(check.Listings, got, firmGot, history[0].Listing), page.Listings...) {
		require.Empty(t, l.Person)
		for _, linked := range l.Linked {
			require.Empty(t, linked.Person)
		}
		require.Equal(t, number, l.Case, "the facts are there")
	}
	judgeView, err := ledgertest.Call(w.l.Tx(judge), creditapi.Get, listed[0].ID)
	require.NoError(t, err)
	require.Equal(t, p, judgeView.Person)
	auditorView, err := ledgertest.Call(w.l.Tx(auditor), creditapi.History, listed[0].ID)
	require.NoError(t, err)
	require.Equal(t, p, auditorView[0].Listing.Person)
}

// Personal data leaves the chaincode only sealed to the caller's one-time
// key, and the private record is salted so that its hash on the shared
// ledger cannot be matched by hashing candidate ID numbers.
func TestPersonalDataIsSealedAndSalted(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID))
	id := w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))[0].ID

	_, err := ledgertest.Call(w.l.Tx(judge), creditapi.PersonalData, id)
	require.ErrorContains(t, err, `transient field "publicKey" is missing`)
	_, err = ledgertest.Call(w.l.Tx(judge).WithTransient(map[string][]byte{creditapi.TransientPublicKey: []byte("short")}), creditapi.PersonalData, id)
	require.ErrorContains(t, err, "must be 32 bytes of X25519")
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(t, err)
	sealed, err := ledgertest.Call(w.l.Tx(judge).WithTransient(map[string][]byte{creditapi.TransientPublicKey: key.PublicKey().Bytes()}), creditapi.PersonalData, id)
	require.NoError(t, err)
	answer, err := json.Marshal(sealed)
	require.NoError(t, err)
	for _, secret := range []string{zhangID, zhangName, zhangID[:10]} {
		require.NotContains(t, string(answer), secret, "the answer, even if committed, shows nothing")
	}
	p, err := w.personal(judge, id)
	require.NoError(t, err)
	require.Equal(t, creditapi.Subject{Kind: creditapi.Individual, Name: zhangName, IDNumber: zhangID}, *p)

	stored := w.l.Private[creditapi.Collection]["person|"+id]
	var kept struct {
		Salt []byte `json:"salt"`
	}
	require.NoError(t, json.Unmarshal(stored, &kept))
	require.Len(t, kept.Salt, creditapi.SaltSize, "the private record carries its salt")

	other := w.activeCase("J-2", pseudonym(t, zhangID))
	unsalted := person(zhangName, zhangID)
	delete(unsalted, creditapi.TransientSalt)
	_, err = w.list(judge, other, request(creditapi.Consumption), unsalted)
	require.ErrorContains(t, err, `transient field "salt" is missing`)
	unsalted[creditapi.TransientSalt] = []byte("too short")
	_, err = w.list(judge, other, request(creditapi.Consumption), unsalted)
	require.ErrorContains(t, err, "transient salt must be 32 random bytes, got 9")
}

// The pseudonym key a chaincode process caches is its channel's: a
// channel without the key does not borrow another's.
func TestTheKeyCacheIsPerChannel(t *testing.T) {
	a := newWorld(t)
	_, err := a.check(bank, zhangID)
	require.NoError(t, err, "the key of a's channel is now cached")
	b := &world{t: t, l: ledgertest.New(contract, sweeper, systemContract), c: contract, sweeper: sweeper}
	_, err = b.check(bank, zhangID)
	require.ErrorContains(t, err, "this peer holds no pseudonym key")
}

// checkedAsGet says the check showed every listing as Get shows it to a
// bank.
func (w *world) checkedAsGet(res *creditapi.CheckResult) {
	for _, l := range res.Listings {
		require.Equal(w.t, w.getAs(bank, l.ID), l, "the check shows listing %s as it is", l.ID)
	}
}

func (w *world) getAs(who ledgertest.Identity, id string) *creditapi.Listing {
	l, err := ledgertest.Call(w.l.Tx(who), creditapi.Get, id)
	require.NoError(w.t, err)
	return l
}

// A bank's check of a listed person reads one key: the person's record
// holds the listings themselves, kept in step with every change to them.
func TestACheckIsOneRead(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID))
	listed := w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))
	b, _ := json.Marshal(creditapi.ApprovalRequest{Restriction: "flights_sleepers_upper_ship_cabins", Purpose: "surgery",
		Until: w.l.Now.Add(240 * time.Hour).Format(time.RFC3339), Document: hx("approval")})
	_, err := run(w, judge, nil, func(tx *ledgertest.Tx) (*creditapi.Listing, error) {
		return ledgertest.Call(tx, creditapi.ApproveConsumption, listed[1].ID, string(b))
	})
	require.NoError(t, err)

	tx := w.l.Tx(bank).WithTransient(map[string][]byte{creditapi.TransientIDNumber: []byte(zhangID)})
	res, err := ledgertest.Call(tx, creditapi.Check)
	require.NoError(t, err)
	require.Equal(t, 1, tx.Stub.GetStateCallCount(), "one read: the person's record")
	require.Equal(t, 1, tx.Stub.GetPrivateDataCallCount(), "and the pseudonym key, cached only under a configured fingerprint")
	require.Len(t, res.Listings, 2)
	w.checkedAsGet(res)
	for _, l := range res.Listings {
		require.Len(t, l.Approvals, map[string]int{creditapi.Dishonest: 0, creditapi.Consumption: 1}[l.Kind], "the approval reached the copy")
	}

	_, err = w.remove(judge, listed[0].ID, creditapi.GroundPerformed)
	require.NoError(t, err)
	res, err = w.check(bank, zhangID)
	require.NoError(t, err)
	require.Len(t, res.Listings, 1, "a removed listing leaves the person's record")
	require.Equal(t, listed[1].ID, res.Listings[0].ID)
}

// Records written before the copies hold listing IDs; a check reads the
// listings they name, and the next change writes copies.
func TestPersonRecordsOfIDsStillAnswer(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", pseudonym(t, zhangID))
	listed := w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))
	key, err := w.l.Tx(judge).Stub.CreateCompositeKey("listing~bound", []string{pseudonym(t, zhangID)})
	require.NoError(t, err)
	w.l.State[key], _ = json.Marshal([]string{listed[0].ID, listed[1].ID})

	res, err := w.check(bank, zhangID)
	require.NoError(t, err)
	require.Len(t, res.Listings, 2)
	w.checkedAsGet(res)

	other := w.activeCase("J-2", pseudonym(t, zhangID))
	w.mustList(other, onGround(2, creditapi.Dishonest), person(zhangName, zhangID))
	tx := w.l.Tx(bank).WithTransient(map[string][]byte{creditapi.TransientIDNumber: []byte(zhangID)})
	res, err = ledgertest.Call(tx, creditapi.Check)
	require.NoError(t, err)
	require.Equal(t, 1, tx.Stub.GetStateCallCount(), "the change copied the listings the record named by ID")
	require.Len(t, res.Listings, 4)
	w.checkedAsGet(res)
}

// A person's record keeps copies up to 64 KiB and IDs after that, so that
// no record grows without bound; the check's answer is the same.
func TestLargeListingsAreKeptByID(t *testing.T) {
	w := newWorld(t)
	var restrictions []string
	for i := range 3 {
		number := w.activeCase(fmt.Sprintf("J-%d", i), pseudonym(t, zhangID))
		restrictions = append(restrictions, w.mustList(number, onGround(2, creditapi.Dishonest), person(zhangName, zhangID))[1].ID)
	}
	for _, id := range restrictions {
		for i := range creditapi.MaxApprovals {
			b, _ := json.Marshal(creditapi.ApprovalRequest{Restriction: "flights_sleepers_upper_ship_cabins", Purpose: fmt.Sprintf("%03d %s", i, strings.Repeat("p", creditapi.MaxReason-4)),
				Until: w.l.Now.Add(240 * time.Hour).Format(time.RFC3339), Document: hx(fmt.Sprint("approval", i))})
			_, err := run(w, judge, nil, func(tx *ledgertest.Tx) (*creditapi.Listing, error) {
				return ledgertest.Call(tx, creditapi.ApproveConsumption, id, string(b))
			})
			require.NoError(t, err)
		}
	}
	key, err := w.l.Tx(judge).Stub.CreateCompositeKey("listing~bound", []string{pseudonym(t, zhangID)})
	require.NoError(t, err)
	require.LessOrEqual(t, len(w.l.State[key]), 64<<10+6*64, "copies stop at the budget")
	var raw []json.RawMessage
	require.NoError(t, json.Unmarshal(w.l.State[key], &raw))
	require.Len(t, raw, 6)
	byID := 0
	for _, r := range raw {
		if r[0] == '"' {
			byID++
		}
	}
	require.Positive(t, byID, "the listings past the budget are kept by ID")

	res, err := w.check(bank, zhangID)
	require.NoError(t, err)
	require.Len(t, res.Listings, 6)
	w.checkedAsGet(res)
	for _, l := range res.Listings {
		if l.Kind == creditapi.Consumption {
			require.Len(t, l.Approvals, creditapi.MaxApprovals)
		}
	}
}

// Two overdue applications on listings of one person change the person's
// record twice; a transaction does not read its own writes, so a sweep
// marks one and leaves the other to the next sweep, and both copies end
// up marked.
func TestOverdueCorrectionsOfOnePersonAreSweptApart(t *testing.T) {
	w := newWorld(t)
	var ids []string
	for i := range 2 {
		number := w.activeCase(fmt.Sprintf("J-%d", i), pseudonym(t, zhangID))
		id := w.mustList(number, onGround(2, creditapi.Dishonest), person(zhangName, zhangID))[0].ID
		b, _ := json.Marshal(creditapi.CorrectionRequest{Reason: "paid before listing", Document: hx("receipt")})
		_, err := run(w, clerk, nil, func(tx *ledgertest.Tx) (*creditapi.Listing, error) {
			return ledgertest.Call(tx, creditapi.ApplyCorrection, id, string(b))
		})
		require.NoError(t, err)
		ids = append(ids, id)
	}
	w.l.Now = w.l.Now.AddDate(0, 2, 0)
	res := w.sweep()
	require.Len(t, res.Processed, 2)
	require.True(t, res.Processed[1].Deferred, "the second changes the same person's record")
	require.Len(t, w.sweep().Processed, 1)

	check, err := w.check(bank, zhangID)
	require.NoError(t, err)
	w.checkedAsGet(check)
	for _, id := range ids {
		require.True(t, w.get(id).Corrections[0].Overdue)
	}
}

// keyedWorld is a world whose peer holds key k instead of the channel's:
// what a connection that passed for a peer would answer when the
// chaincode asks for the pseudonym key.
func keyedWorld(t *testing.T, k []byte) *world {
	w := &world{t: t, l: ledgertest.New(contract, sweeper, systemContract), c: contract, sweeper: sweeper}
	_, err := run(w, judge, map[string][]byte{"key": k}, func(tx *ledgertest.Tx) (*creditapi.KeyInfo, error) {
		return ledgertest.Call(tx, creditapi.SetPseudonymKey)
	})
	require.NoError(t, err)
	return w
}

// A key one connection supplies never decides another's checks: without a
// configured fingerprint nothing is cached, and with one, a key that is
// not it is refused and not cached. (The two ledgers stand for two
// connections to one chaincode process, on one channel.)
func TestAPlantedKeyPoisonsNoCheck(t *testing.T) {
	planted := bytes.Repeat([]byte{7}, idnumber.KeySize)
	real := newWorld(t)
	number := real.activeCase("J-1", pseudonym(t, zhangID))
	real.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))
	fake := keyedWorld(t, planted)
	fake.l.Channel = real.l.Channel // another connection to the same process, on the same channel

	t.Cleanup(func() { credit.UseKeyFingerprint("") })
	credit.UseKeyFingerprint("")
	res, err := fake.check(bank, zhangID)
	require.NoError(t, err)
	require.False(t, res.Listed)
	res, err = real.check(bank, zhangID)
	require.NoError(t, err)
	require.True(t, res.Listed, "the fake peer's key was not kept")

	info, err := ledgertest.Call(real.l.Tx(judge), creditapi.KeyFingerprint)
	require.NoError(t, err)
	credit.UseKeyFingerprint(info.Fingerprint)
	_, err = fake.check(bank, zhangID)
	require.ErrorContains(t, err, "not the "+info.Fingerprint+" this chaincode server was configured with")
	require.True(t, api.Is(err, api.CodeCorrupt))
	res, err = real.check(bank, zhangID)
	require.NoError(t, err)
	require.True(t, res.Listed)
	tx := real.l.Tx(bank).WithTransient(map[string][]byte{creditapi.TransientIDNumber: []byte(zhangID)})
	_, err = ledgertest.Call(tx, creditapi.Check)
	require.NoError(t, err)
	require.Zero(t, tx.Stub.GetPrivateDataCallCount(), "the configured key, once read, is cached")
}
