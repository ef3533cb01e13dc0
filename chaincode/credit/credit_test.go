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

	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/credit"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/stretchr/testify/require"
)

var (
	judge, clerk, officer, auditor = ledgertest.Judge, ledgertest.Clerk, ledgertest.Officer, ledgertest.Auditor
	mediator, bank                 = ledgertest.Mediator, ledgertest.Bank
	nobody                         = ledgertest.Identity{MSPID: "CourtMSP", Name: "user1"}

	key = bytes.Repeat([]byte{42}, idnumber.KeySize)
)

// People: valid resident ID numbers (check characters computed).
const (
	zhangID   = "11010519491231002X"
	zhangName = "张三"
	liID      = "440524198001010013"
)

var hx = ledgertest.Hex

func pseudonym(t testing.TB, id string) string {
	p, err := idnumber.Pseudonym(key, id)
	require.NoError(t, err)
	return p
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
	w := &world{t: t, l: ledgertest.New(), c: credit.New(), sweeper: deadline.NewContract(credit.Kinds()...)}
	_, err := run(w, judge, map[string][]byte{"key": key}, func(tx *ledgertest.Tx) (*creditapi.KeyInfo, error) { return w.c.SetPseudonymKey(tx) })
	require.NoError(t, err)
	return w
}

func run[T any](w *world, who ledgertest.Identity, transient map[string][]byte, fn func(*ledgertest.Tx) (T, error)) (T, error) {
	return ledgertest.Run(w.l, who, func(tx *ledgertest.Tx) (T, error) { return fn(tx.WithTransient(transient)) })
}

// activeCase writes an active enforcement case against the people.
func (w *world) activeCase(basis string, debtors ...string) string {
	return w.caseIn(cases.Active, basis, debtors...)
}

// caseIn writes an enforcement case in state against the people.
func (w *world) caseIn(state, basis string, debtors ...string) string {
	var ps []string
	for _, id := range debtors {
		ps = append(ps, pseudonym(w.t, id))
	}
	cs := ledgertest.Must(w.t, w.l, clerk, func(tx *ledgertest.Tx) (*cases.Case, error) {
		cs, _, err := casestore.Open(tx.Kernel(), cases.Case{Kind: cases.Enforcement, Origin: cases.Origin{Type: "judgment", ID: basis},
			Creditors: []string{hx("creditor")}, Debtors: ps, AmountDue: 100000}, tx.Kernel().Caller)
		if err == nil {
			cs.State = state
			err = casestore.Store(tx, cs.Number, cs)
		}
		return cs, err
	})
	return cs.Number
}

func person(name, id string) map[string][]byte {
	b, _ := json.Marshal(creditapi.Person{Name: name, IDNumber: id})
	return map[string][]byte{creditapi.TransientPerson: b, creditapi.TransientSalt: bytes.Repeat([]byte{7}, creditapi.SaltSize)}
}

// personal reads the personal data behind a listing as who, sealed to a
// one-time key and opened with it.
func (w *world) personal(who ledgertest.Identity, id string) (*creditapi.Person, error) {
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(w.t, err)
	sealed, err := w.c.PersonalData(w.l.Tx(who).WithTransient(map[string][]byte{creditapi.TransientPublicKey: key.PublicKey().Bytes()}), id)
	if err != nil {
		return nil, err
	}
	plain, err := creditapi.Open(key, sealed)
	require.NoError(w.t, err)
	var p creditapi.Person
	require.NoError(w.t, json.Unmarshal(plain, &p))
	return &p, nil
}

func (w *world) request(kinds ...string) creditapi.ListRequest {
	return creditapi.ListRequest{Kinds: kinds, Court: "J0491", Ground: 1, Basis: "ruling (2026)J执1号; 2017 Provisions art. 1(1)",
		Start: w.l.Now.Format(time.RFC3339), End: w.l.Now.Add(365 * 24 * time.Hour).Format(time.RFC3339)}
}

func (w *world) list(who ledgertest.Identity, number string, req creditapi.ListRequest, t map[string][]byte) ([]*creditapi.Listing, error) {
	b, _ := json.Marshal(req)
	return run(w, who, t, func(tx *ledgertest.Tx) ([]*creditapi.Listing, error) { return w.c.List(tx, number, string(b)) })
}

func (w *world) check(who ledgertest.Identity, id string) (*creditapi.CheckResult, error) {
	return w.c.Check(w.l.Tx(who).WithTransient(map[string][]byte{"idNumber": []byte(id)}))
}

func (w *world) get(id string) *creditapi.Listing {
	l, err := w.c.Get(w.l.Tx(auditor), id)
	require.NoError(w.t, err)
	return l
}

// conclude runs the hook the enforcement contract runs when a case
// concludes.
func (w *world) conclude(number string) error {
	_, err := run(w, bank, nil, func(tx *ledgertest.Tx) (bool, error) { return true, credit.OnCaseEnded(tx.Kernel(), number, cases.EndPerformed) })
	return err
}

// A listing is listed once, in force for its term, and ends one of three
// ways; an ended listing moves no more.
func TestListingTransitionTable(t *testing.T) {
	type outcome struct{ how string }
	actions := []struct {
		name string
		do   func(w *world, number, id string) error
	}{
		{"judge removes", func(w *world, _, id string) error {
			_, err := run(w, judge, nil, func(tx *ledgertest.Tx) (*creditapi.Listing, error) {
				return w.c.Remove(tx, id, "creditor's written request")
			})
			return err
		}},
		{"case concludes", func(w *world, number, _ string) error { return w.conclude(number) }},
		{"term ends", func(w *world, _, _ string) error {
			w.l.Now = w.l.Now.Add(366 * 24 * time.Hour)
			_, err := run(w, clerk, nil, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) { return w.sweeper.Sweep(tx, "", "", 100) })
			return err
		}},
	}
	hows := []string{creditapi.HowJudge, creditapi.HowConcluded, creditapi.HowExpired}
	for i, first := range actions {
		for j, second := range actions {
			t.Run(first.name+" then "+second.name, func(t *testing.T) {
				w := newWorld(t)
				number := w.activeCase("J-1", zhangID)
				listed, err := w.list(judge, number, w.request(creditapi.Dishonest), person(zhangName, zhangID))
				require.NoError(t, err)
				id := listed[0].ID
				require.Equal(t, creditapi.Active, w.get(id).State)

				require.NoError(t, first.do(w, number, id))
				l := w.get(id)
				require.Equal(t, creditapi.Removed, l.State)
				require.Equal(t, hows[i], l.RemovedHow)
				require.Equal(t, []string{"personalData/person|" + id}, w.l.Purged, "personal data purged once")

				err = second.do(w, number, id)
				if j == 0 {
					require.ErrorContains(t, err, "was already removed", "a second removal is refused")
				}
				l = w.get(id)
				require.Equal(t, hows[i], l.RemovedHow, "an ended listing stays as it ended")
				require.Len(t, w.l.Purged, 1)
			})
		}
	}
}

// Every role against every function: allowed ones pass the role check
// (and may still fail on their input), the others are denied.
func TestRoleMatrix(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", zhangID)
	listed, err := w.list(judge, number, w.request(creditapi.Dishonest), person(zhangName, zhangID))
	require.NoError(t, err)
	id := listed[0].ID
	roles := []ledgertest.Identity{judge, clerk, officer, auditor, mediator, bank, nobody}
	funcs := []struct {
		name    string
		allowed []ledgertest.Identity
		call    func(tx *ledgertest.Tx) error
	}{
		{"SetPseudonymKey", []ledgertest.Identity{judge}, func(tx *ledgertest.Tx) error {
			_, err := w.c.SetPseudonymKey(tx.WithTransient(map[string][]byte{"key": key}))
			return err
		}},
		{"List", []ledgertest.Identity{judge}, func(tx *ledgertest.Tx) error {
			b, _ := json.Marshal(w.request(creditapi.Consumption))
			_, err := w.c.List(tx.WithTransient(person(zhangName, zhangID)), number, string(b))
			return err
		}},
		{"Remove", []ledgertest.Identity{judge}, func(tx *ledgertest.Tx) error { _, err := w.c.Remove(tx, id, "reason"); return err }},
		{"Check", []ledgertest.Identity{judge, clerk, officer, bank}, func(tx *ledgertest.Tx) error {
			_, err := w.c.Check(tx.WithTransient(map[string][]byte{"idNumber": []byte(zhangID)}))
			return err
		}},
		{"Get", []ledgertest.Identity{judge, clerk, officer, auditor, bank}, func(tx *ledgertest.Tx) error { _, err := w.c.Get(tx, id); return err }},
		{"Page", []ledgertest.Identity{judge, clerk, officer, auditor, bank}, func(tx *ledgertest.Tx) error {
			_, err := w.c.Page(tx, "J0491", creditapi.Dishonest, 10, "")
			return err
		}},
		{"History", []ledgertest.Identity{judge, clerk, officer, auditor, bank}, func(tx *ledgertest.Tx) error { _, err := w.c.History(tx, id); return err }},
		{"Stats", []ledgertest.Identity{judge, auditor}, func(tx *ledgertest.Tx) error { _, err := w.c.Stats(tx, ""); return err }},
		{"PersonalData", []ledgertest.Identity{judge}, func(tx *ledgertest.Tx) error {
			key, _ := ecdh.X25519().GenerateKey(rand.Reader)
			_, err := w.c.PersonalData(tx.WithTransient(map[string][]byte{creditapi.TransientPublicKey: key.PublicKey().Bytes()}), id)
			return err
		}},
		{"KeyFingerprint", []ledgertest.Identity{judge, clerk, officer, bank}, func(tx *ledgertest.Tx) error { _, err := w.c.KeyFingerprint(tx); return err }},
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
}

// A bank checks by ID number: listed with the listing in force, and not
// listed once the debtor pays; the number never reaches the shared state.
func TestCheckBeforeAndAfterPayment(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", zhangID, liID)
	listed, err := w.list(judge, number, w.request(creditapi.Dishonest, creditapi.Consumption), person(zhangName, zhangID))
	require.NoError(t, err)
	require.Len(t, listed, 2)

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

	require.NoError(t, w.conclude(number))
	res, err = w.check(bank, zhangID)
	require.NoError(t, err)
	require.False(t, res.Listed)
	require.Len(t, w.l.Purged, 2)
	_, err = w.personal(judge, listed[0].ID)
	require.ErrorContains(t, err, "was purged when it was removed (enforcement case concluded")
	history, err := w.c.History(w.l.Tx(auditor), listed[0].ID)
	require.NoError(t, err)
	require.Len(t, history, 2, "listed, then removed: the public record stays")
	require.Equal(t, creditapi.Removed, history[0].Listing.State)
	require.Equal(t, creditapi.Active, history[1].Listing.State)
}

// Bad input gets an error that names what is wrong and never repeats a
// name or an ID number; nothing is written.
func TestListingBadInput(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", zhangID)
	filed := w.caseIn(cases.Filed, "J-2", zhangID)
	_, err := w.list(judge, number, w.request(creditapi.Dishonest), person(zhangName, zhangID))
	require.NoError(t, err)
	before := len(w.l.State)

	long := w.request(creditapi.Dishonest)
	long.End = w.l.Now.Add(3 * 365 * 24 * time.Hour).Format(time.RFC3339)
	serious := long
	serious.Serious, serious.Kinds = true, []string{creditapi.Consumption}
	noGround := w.request(creditapi.Dishonest)
	noGround.Ground = 0
	for _, tc := range []struct {
		name   string
		number string
		req    creditapi.ListRequest
		t      map[string][]byte
		want   string
	}{
		{"case not active", filed, w.request(creditapi.Dishonest), person(zhangName, zhangID), "in state filed: only debtors of an active (or resumed) enforcement case are listed"},
		{"unknown case", "(2026)J执0000000000号", w.request(creditapi.Dishonest), person(zhangName, zhangID), "is not on the ledger"},
		{"overlapping duplicate", number, w.request(creditapi.Dishonest), person(zhangName, zhangID), "the person is already listed (dishonest, listing CR"},
		{"check character", number, w.request(creditapi.Consumption), person(zhangName, "110105194912310021"), "fails the GB 11643 check character"},
		{"short number", number, w.request(creditapi.Consumption), person(zhangName, "1101051949"), "an ID number has 18 characters"},
		{"not a debtor", number, w.request(creditapi.Consumption), person("李四", liID), "the person is not a debtor of case"},
		{"term beyond the limit", number, long, person(zhangName, zhangID), "a dishonest term ending 2029-01-04T09:00:00Z is beyond the limit of 2 years from its start, 2028-01-05T09:00:00Z (2017 Provisions art. 2)"},
		{"no transient", number, w.request(creditapi.Consumption), nil, `transient field "person" is missing`},
		{"no name", number, w.request(creditapi.Consumption), person(" ", zhangID), "person.name must be 1 to 100 characters"},
		{"ground", number, noGround, person(zhangName, zhangID), "ground must be the paragraph of art. 1"},
		{"not a judge", number, w.request(creditapi.Consumption), person(zhangName, zhangID), "access denied"},
	} {
		who := judge
		if tc.name == "not a judge" {
			who = clerk
		}
		_, err := w.list(who, tc.number, tc.req, tc.t)
		require.ErrorContains(t, err, tc.want, tc.name)
		for _, secret := range []string{zhangID[:10], zhangName, liID[:10], "李四"} {
			require.NotContains(t, err.Error(), secret, tc.name)
		}
	}
	_, err = w.list(judge, number, serious, person(zhangName, zhangID))
	require.NoError(t, err, "3 years of consumption restriction is within credit.consumptionTerm")
	require.Equal(t, before+5, len(w.l.State), "only the last, valid listing wrote: record, two indexes, counter, expiry (and rewrote the person's record)")

	_, err = w.c.Check(w.l.Tx(bank))
	require.ErrorContains(t, err, `transient field "idNumber" is missing`)
	_, err = w.check(bank, "110105194912310021")
	require.ErrorContains(t, err, "check character")
	require.NotContains(t, err.Error(), "1101051949")

	_, err = run(w, judge, map[string][]byte{"key": bytes.Repeat([]byte{1}, 32)}, func(tx *ledgertest.Tx) (*creditapi.KeyInfo, error) { return w.c.SetPseudonymKey(tx) })
	require.ErrorContains(t, err, "a different pseudonym key")
}

// Paging, statistics from sharded counters, and a sweep that removes
// expired listings without two removals sharing a counter in one sweep.
func TestPagingStatsAndExpiry(t *testing.T) {
	w := newWorld(t)
	var ids []string
	for i := range 40 {
		id := validID(t, i)
		number := w.activeCase(fmt.Sprintf("J-%d", i), id)
		req := w.request(creditapi.Dishonest)
		req.End = w.l.Now.Add(time.Duration(24+i) * time.Hour).Format(time.RFC3339)
		listed, err := w.list(judge, number, req, person(fmt.Sprintf("person %d", i), id))
		require.NoError(t, err)
		ids = append(ids, listed[0].ID)
	}
	var paged []string
	bookmark := ""
	for {
		page, err := w.c.Page(w.l.Tx(bank), "J0491", creditapi.Dishonest, 15, bookmark)
		require.NoError(t, err)
		for _, l := range page.Listings {
			paged = append(paged, l.ID)
		}
		if bookmark = page.Bookmark; bookmark == "" {
			break
		}
	}
	require.ElementsMatch(t, ids, paged)
	stats, err := w.c.Stats(w.l.Tx(auditor), "")
	require.NoError(t, err)
	require.Equal(t, []creditapi.Count{{Court: "J0491", Kind: creditapi.Dishonest, Active: 40}}, stats)

	w.l.Now = w.l.Now.Add(100 * 24 * time.Hour)
	removed := 0
	for sweeps := 0; removed < 40; sweeps++ {
		require.Less(t, sweeps, 40)
		res, err := run(w, clerk, nil, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) { return w.sweeper.Sweep(tx, "", "", 100) })
		require.NoError(t, err)
		for _, o := range res.Processed {
			if o.Result == "removed: term ended" {
				removed++
			}
		}
		stats, err = w.c.Stats(w.l.Tx(auditor), "J0491")
		require.NoError(t, err)
		require.EqualValues(t, 40-removed, stats[0].Active, "the counters follow every removal exactly")
	}
	require.Len(t, w.l.Purged, 40)
}

// validID makes the i-th valid ID number of an adult: a real birth date
// (1990-01-01 plus i days), a sequence number and the check character.
func validID(t testing.TB, i int) string {
	born := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/1000)
	base := fmt.Sprintf("110105%s%03d", born.Format("20060102"), i%1000)
	for _, c := range "0123456789X" {
		if idnumber.Validate(base+string(c)) == nil {
			return base + string(c)
		}
	}
	t.Fatalf("no check character for %s", base)
	return ""
}

// Listing keys carry the court's key-level policy.
func TestListingKeysRequireTheCourt(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", zhangID)
	b, _ := json.Marshal(w.request(creditapi.Dishonest))
	tx := w.l.Tx(judge).WithTransient(person(zhangName, zhangID))
	listed, err := w.c.List(tx, number, string(b))
	require.NoError(t, err)
	key, err := tx.Stub.CreateCompositeKey("listing", []string{listed[0].ID})
	require.NoError(t, err)
	require.Contains(t, tx.Policies(), key)
}

// Terms are counted in calendar years: two years across 29 February are
// 731 days and still within a 2-year limit.
func TestTermsAreCalendarYears(t *testing.T) {
	w := newWorld(t)
	w.l.Now = time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	number := w.activeCase("J-1", zhangID)
	req := w.request(creditapi.Dishonest)
	req.End = w.l.Now.AddDate(2, 0, 0).Format(time.RFC3339)
	_, err := w.list(judge, number, req, person(zhangName, zhangID))
	require.NoError(t, err)
	req.Kinds, req.End = []string{creditapi.Consumption}, w.l.Now.AddDate(5, 0, 1).Format(time.RFC3339)
	_, err = w.list(judge, number, req, person(zhangName, zhangID))
	require.ErrorContains(t, err, "beyond the limit of 5 years from its start, 2032-03-01T00:00:00Z (the contract's bound)")
}

// Every function the contract serves is in the published contract.
func TestEveryFunctionIsPublished(t *testing.T) {
	ledgertest.RequirePublished(t, credit.New(), creditapi.Namespace)
}

// Banks check people and read listings without ever seeing a pseudonym:
// they cannot tell two listings of one person apart from listings of two.
func TestBanksSeeNoPseudonyms(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", zhangID)
	listed, err := w.list(judge, number, w.request(creditapi.Dishonest, creditapi.Consumption), person(zhangName, zhangID))
	require.NoError(t, err)
	p := pseudonym(t, zhangID)
	require.Equal(t, p, listed[0].Person, "the court sees whom it listed")

	check, err := w.check(bank, zhangID)
	require.NoError(t, err)
	require.Len(t, check.Listings, 2)
	got, err := w.c.Get(w.l.Tx(bank), listed[0].ID)
	require.NoError(t, err)
	page, err := w.c.Page(w.l.Tx(bank), "J0491", creditapi.Dishonest, 10, "")
	require.NoError(t, err)
	history, err := w.c.History(w.l.Tx(bank), listed[0].ID)
	require.NoError(t, err)
	for _, l := range append(append(check.Listings, got, page.Listings[0]), history[0].Listing) {
		require.Empty(t, l.Person)
		require.Equal(t, number, l.Case, "the facts are there")
	}
	judgeView, err := w.c.Get(w.l.Tx(judge), listed[0].ID)
	require.NoError(t, err)
	require.Equal(t, p, judgeView.Person)
	auditorView, err := w.c.History(w.l.Tx(auditor), listed[0].ID)
	require.NoError(t, err)
	require.Equal(t, p, auditorView[0].Listing.Person)
}

// Personal data leaves the chaincode only sealed to the caller's one-time
// key, and the private record is salted so that its hash on the shared
// ledger cannot be matched by hashing candidate ID numbers.
func TestPersonalDataIsSealedAndSalted(t *testing.T) {
	w := newWorld(t)
	number := w.activeCase("J-1", zhangID)
	listed, err := w.list(judge, number, w.request(creditapi.Dishonest), person(zhangName, zhangID))
	require.NoError(t, err)
	id := listed[0].ID

	_, err = w.c.PersonalData(w.l.Tx(judge), id)
	require.ErrorContains(t, err, `transient field "publicKey" is missing`)
	_, err = w.c.PersonalData(w.l.Tx(judge).WithTransient(map[string][]byte{creditapi.TransientPublicKey: []byte("short")}), id)
	require.ErrorContains(t, err, "must be 32 bytes of X25519")
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(t, err)
	sealed, err := w.c.PersonalData(w.l.Tx(judge).WithTransient(map[string][]byte{creditapi.TransientPublicKey: key.PublicKey().Bytes()}), id)
	require.NoError(t, err)
	answer, err := json.Marshal(sealed)
	require.NoError(t, err)
	for _, secret := range []string{zhangID, zhangName, zhangID[:10]} {
		require.NotContains(t, string(answer), secret, "the answer, even if committed, shows nothing")
	}
	p, err := w.personal(judge, id)
	require.NoError(t, err)
	require.Equal(t, creditapi.Person{Name: zhangName, IDNumber: zhangID}, *p)

	stored := w.l.Private[creditapi.Collection]["person|"+id]
	var kept struct {
		Salt []byte `json:"salt"`
	}
	require.NoError(t, json.Unmarshal(stored, &kept))
	require.Len(t, kept.Salt, creditapi.SaltSize, "the private record carries its salt")

	unsalted := person(zhangName, zhangID)
	delete(unsalted, creditapi.TransientSalt)
	_, err = w.list(judge, number, w.request(creditapi.Consumption), unsalted)
	require.ErrorContains(t, err, `transient field "salt" is missing`)
	unsalted[creditapi.TransientSalt] = []byte("too short")
	_, err = w.list(judge, number, w.request(creditapi.Consumption), unsalted)
	require.ErrorContains(t, err, "transient salt must be 32 random bytes, got 9")
}

// The pseudonym key a chaincode process caches is its channel's: a
// channel without the key does not borrow another's.
func TestTheKeyCacheIsPerChannel(t *testing.T) {
	a := newWorld(t)
	_, err := a.check(bank, zhangID)
	require.NoError(t, err, "the key of a's channel is now cached")
	b := &world{t: t, l: ledgertest.New(), c: credit.New()}
	_, err = b.check(bank, zhangID)
	require.ErrorContains(t, err, "this peer holds no pseudonym key")
}
