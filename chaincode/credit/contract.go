package credit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Contract is the credit contract.
type Contract struct {
	contractapi.Contract
}

// New returns the contract with its namespace set.
func New() *Contract {
	return &Contract{Contract: contractapi.Contract{Name: creditapi.Namespace}}
}

// SetPseudonymKey stores the channel's pseudonym key (transient "key", 32
// bytes) in the private collection, once: the court and mediation
// applications that write pseudonyms hold the same key. Changing it would
// orphan every pseudonym on the ledger, so a different key is refused.
func (c *Contract) SetPseudonymKey(ctx contractapi.TransactionContextInterface) (*creditapi.KeyInfo, error) {
	tx, err := kernel.Begin(ctx, creditapi.SetPseudonymKey)
	if err != nil {
		return nil, err
	}
	key, err := transient(tx, creditapi.TransientKey)
	if err != nil {
		return nil, err
	}
	if len(key) != idnumber.KeySize {
		return nil, kernel.Errorf(api.CodeInvalid, "the pseudonym key must be %d bytes, got %d", idnumber.KeySize, len(key))
	}
	existing, err := tx.GetStub().GetPrivateData(creditapi.Collection, keyKey)
	if err != nil {
		return nil, fmt.Errorf("reading the pseudonym key: %w", err)
	}
	switch {
	case existing == nil:
		return &creditapi.KeyInfo{Fingerprint: fingerprint(key), Changed: true}, tx.GetStub().PutPrivateData(creditapi.Collection, keyKey, key)
	case bytes.Equal(existing, key):
		return &creditapi.KeyInfo{Fingerprint: fingerprint(key)}, nil
	}
	return nil, kernel.Errorf(api.CodeExists, "a different pseudonym key (fingerprint %s) is already set: changing it would orphan every pseudonym on the ledger", fingerprint(existing))
}

// KeyFingerprint tells applications whether they hold the channel's key.
func (c *Contract) KeyFingerprint(ctx contractapi.TransactionContextInterface) (*creditapi.KeyInfo, error) {
	tx, err := kernel.Read(ctx, creditapi.KeyFingerprint)
	if err != nil {
		return nil, err
	}
	key, err := pseudonymKey(tx)
	if err != nil {
		return nil, err
	}
	return &creditapi.KeyInfo{Fingerprint: fingerprint(key)}, nil
}

func fingerprint(key []byte) string {
	h := sha256.Sum256(append([]byte("judicial pseudonym key|"), key...))
	return hex.EncodeToString(h[:8])
}

// keys caches the pseudonym key for Check, the bank's hot read, by channel
// and collection: the key never changes once set (SetPseudonymKey
// refuses), so a chaincode process reads it once from its own peer's
// private store. Nothing else fills the cache. Each org runs its own
// chaincode server, which only its own peers reach (mutual TLS,
// docs/network.md), so only the processes of the orgs in the collection
// (the court and the credit org) ever hold the key.
var keys sync.Map // keyCache: []byte

type keyCache struct{ channel, collection string }

func cachedKey(ctx contractapi.TransactionContextInterface) ([]byte, error) {
	at := keyCache{ctx.GetStub().GetChannelID(), creditapi.Collection}
	if key, ok := keys.Load(at); ok {
		return key.([]byte), nil
	}
	key, err := pseudonymKey(ctx)
	if err != nil {
		return nil, err
	}
	keys.Store(at, key)
	return key, nil
}

func pseudonymKey(ctx contractapi.TransactionContextInterface) ([]byte, error) {
	key, err := ctx.GetStub().GetPrivateData(creditapi.Collection, keyKey)
	if err != nil {
		return nil, fmt.Errorf("reading the pseudonym key: %w", err)
	}
	if key == nil {
		return nil, kernel.Errorf(api.CodeNotFound, "this peer holds no pseudonym key: a judge sets it once with credit:SetPseudonymKey (only court and credit peers keep it)")
	}
	return key, nil
}

// transient reads one transient field, which never enters the
// transaction's arguments or the ledger.
func transient(ctx contractapi.TransactionContextInterface, field string) ([]byte, error) {
	t, err := ctx.GetStub().GetTransient()
	if err != nil {
		return nil, fmt.Errorf("reading transient data: %w", err)
	}
	v, ok := t[field]
	if !ok || len(v) == 0 {
		return nil, kernel.Errorf(api.CodeInvalid, "transient field %q is missing: personal data travels only as transient data, never as an argument", field)
	}
	return v, nil
}

// privatePerson is what the collection keeps of a listed person: the
// salt makes the hash of this record, which the shared ledger carries,
// impossible to match by hashing candidate names and ID numbers.
type privatePerson struct {
	Name     string `json:"name"`
	IDNumber string `json:"idNumber"`
	Salt     []byte `json:"salt"`
}

// List lists a debtor of an active enforcement case as a dishonest
// judgment defaulter and/or restricts their high consumption, for a term
// bounded by the channel's parameters. Name and ID number come as
// transient "person" ({"name","idNumber"}) and are kept only in the
// private collection; the shared ledger gets the pseudonym.
func (c *Contract) List(ctx contractapi.TransactionContextInterface, caseNumber string, request string) ([]*creditapi.Listing, error) {
	tx, err := kernel.Begin(ctx, creditapi.List)
	if err != nil {
		return nil, err
	}
	var req creditapi.ListRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	start, end, err := checkListing(tx, &req)
	if err != nil {
		return nil, err
	}
	raw, err := transient(tx, creditapi.TransientPerson)
	if err != nil {
		return nil, err
	}
	salt, err := transient(tx, creditapi.TransientSalt)
	if err != nil {
		return nil, err
	}
	if len(salt) != creditapi.SaltSize {
		return nil, kernel.Errorf(api.CodeInvalid, "transient salt must be %d random bytes, got %d", creditapi.SaltSize, len(salt))
	}
	var person creditapi.Person
	if err := input.Decode(string(raw), &person); err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "transient person: %v", api.StripCode(err.Error()))
	}
	if n := len([]rune(strings.TrimSpace(person.Name))); n == 0 || n > creditapi.MaxName {
		return nil, kernel.Errorf(api.CodeInvalid, "transient person.name must be 1 to %d characters", creditapi.MaxName)
	}
	key, err := pseudonymKey(tx)
	if err != nil {
		return nil, err
	}
	pseudonym, err := idnumber.Pseudonym(key, person.IDNumber)
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "transient person.idNumber: %v", err)
	}
	person.IDNumber = idnumber.Normalise(person.IDNumber)
	cs, err := casestore.Get(tx, caseNumber)
	if err != nil {
		return nil, err
	}
	if cs.Kind != cases.Enforcement || (cs.State != cases.Active && cs.State != cases.Resumed) {
		return nil, kernel.Errorf(api.CodeState, "case %s is a %s case in state %s: only debtors of an active (or resumed) enforcement case are listed", caseNumber, cs.Kind, cs.State)
	}
	if !slices.Contains(cs.Debtors, pseudonym) {
		return nil, kernel.Errorf(api.CodeInvalid, "the person is not a debtor of case %s", caseNumber)
	}
	existing, err := activeOf(tx, pseudonym)
	if err != nil {
		return nil, err
	}
	b := newBatch()
	var out []*creditapi.Listing
	for _, kind := range req.Kinds {
		for _, e := range existing {
			if e.Kind == kind && e.Case == caseNumber && overlaps(e, start, end) {
				return nil, kernel.Errorf(api.CodeExists, "the person is already listed (%s, listing %s in case %s, %s to %s): terms of the same kind and case may not overlap", kind, e.ID, e.Case, e.Start, e.End)
			}
		}
		l := &creditapi.Listing{ID: kernel.MintID("CR", tx.Now, tx.TxID()+"|"+kind, 8), Kind: kind, Person: pseudonym,
			Case: caseNumber, Court: req.Court, Ground: req.Ground, Basis: req.Basis,
			Start: start.Format(time.RFC3339), End: end.Format(time.RFC3339), State: creditapi.Active,
			ListedBy: tx.Caller, ListedAt: tx.At(), TxID: tx.TxID()}
		if kind == creditapi.Consumption {
			l.Ground, l.Restrictions = 0, creditapi.Restrictions
		}
		data, err := json.Marshal(privatePerson{Name: strings.TrimSpace(person.Name), IDNumber: person.IDNumber, Salt: salt})
		if err != nil {
			return nil, err
		}
		if err := tx.GetStub().PutPrivateData(creditapi.Collection, personalKey+l.ID, data); err != nil {
			return nil, fmt.Errorf("keeping the personal data: %w", err)
		}
		if err := kernel.Schedule(tx, end, creditapi.KindExpiry, expiryID(l)); err != nil {
			return nil, err
		}
		if err := b.index(tx, l, true); err != nil {
			return nil, err
		}
		if err := putListing(tx, l); err != nil {
			return nil, err
		}
		tx.Event("listing.added", l.ID, map[string]string{"kind": kind, "case": caseNumber, "court": req.Court, "end": l.End})
		out = append(out, l)
	}
	return out, tx.Finish(b.flush(tx))
}

// checkListing checks a request's kinds, court, ground, basis and term.
func checkListing(t *kernel.Tx, req *creditapi.ListRequest) (time.Time, time.Time, error) {
	var zero time.Time
	invalid := func(format string, args ...any) (time.Time, time.Time, error) {
		return zero, zero, kernel.Errorf(api.CodeInvalid, format, args...)
	}
	if len(req.Kinds) == 0 || len(req.Kinds) > 2 || (len(req.Kinds) == 2 && req.Kinds[0] == req.Kinds[1]) {
		return invalid("kinds must be %q, %q or both", creditapi.Dishonest, creditapi.Consumption)
	}
	for _, k := range req.Kinds {
		if k != creditapi.Dishonest && k != creditapi.Consumption {
			return invalid("kind %q: one of %s, %s", api.Short(k), creditapi.Dishonest, creditapi.Consumption)
		}
	}
	if req.Court == "" || len(req.Court) > creditapi.MaxCourt || strings.ContainsAny(req.Court, "|\x00") {
		return invalid("court must be 1 to %d characters without '|' or NUL", creditapi.MaxCourt)
	}
	if slices.Contains(req.Kinds, creditapi.Dishonest) && (req.Ground < 1 || req.Ground > 6) {
		return invalid("ground must be the paragraph of art. 1 of the 2017 SPC Provisions a dishonest listing rests on, 1 to 6; got %d", req.Ground)
	}
	if n := len(strings.TrimSpace(req.Basis)); n == 0 || n > creditapi.MaxBasis {
		return invalid("basis (the legal basis, e.g. the ruling and articles) must be 1 to %d characters", creditapi.MaxBasis)
	}
	start, err := time.Parse(time.RFC3339, req.Start)
	if err != nil {
		return invalid("start %q is not an RFC 3339 time", api.Short(req.Start))
	}
	end, err := time.Parse(time.RFC3339, req.End)
	if err != nil {
		return invalid("end %q is not an RFC 3339 time", api.Short(req.End))
	}
	start, end = start.UTC(), end.UTC()
	if start.Before(t.Now.Add(-24*time.Hour)) || start.After(t.Now.Add(90*24*time.Hour)) {
		return invalid("start %s must be within a day before and 90 days after the transaction time %s", req.Start, t.Now.Format(time.RFC3339))
	}
	if !end.After(start) || !end.After(t.Now) {
		return invalid("end %s must be after the start and the transaction time", req.End)
	}
	for _, k := range req.Kinds {
		years, param, err := maxYears(t, k, req.Serious)
		if err != nil {
			return zero, zero, err
		}
		if limit := start.AddDate(years, 0, 0); end.After(limit) {
			return invalid("a %s term ending %s is beyond the limit of %d years from its start, %s (%s)", k, end.Format(time.RFC3339), years, limit.Format(time.RFC3339), param)
		}
	}
	return start, end, nil
}

// maxYears is the longest term of a kind of listing, in calendar years.
func maxYears(t *kernel.Tx, kind string, serious bool) (int, string, error) {
	if kind == creditapi.Consumption {
		return 5, "the contract's bound", nil
	}
	if serious {
		return 5, "2017 Provisions art. 2", nil
	}
	return 2, "2017 Provisions art. 2", nil
}

func overlaps(l *creditapi.Listing, start, end time.Time) bool {
	s, err1 := time.Parse(time.RFC3339, l.Start)
	e, err2 := time.Parse(time.RFC3339, l.End)
	return err1 != nil || err2 != nil || (start.Before(e) && s.Before(end))
}

// listed reads the active listings under an index prefix (a case).
func listed(ctx contractapi.TransactionContextInterface, object string, attrs []string) ([]*creditapi.Listing, error) {
	it, err := ctx.GetStub().GetStateByPartialCompositeKey(object, attrs)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []*creditapi.Listing
	for n := 0; it.HasNext(); n++ {
		if n == creditapi.MaxPerPerson {
			return nil, kernel.Errorf(api.CodeLimit, "more than %d listings in force under one index entry; refusing an unbounded read", creditapi.MaxPerPerson)
		}
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		_, parts, err := ctx.GetStub().SplitCompositeKey(kv.Key)
		if err != nil || len(parts) == 0 {
			return nil, kernel.Errorf(api.CodeCorrupt, "listing index key %q is malformed", kv.Key)
		}
		l, err := getListing(ctx, parts[len(parts)-1])
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func covers(l *creditapi.Listing, at time.Time) bool {
	s, err1 := time.Parse(time.RFC3339, l.Start)
	e, err2 := time.Parse(time.RFC3339, l.End)
	return err1 == nil && err2 == nil && !at.Before(s) && at.Before(e)
}

// Remove removes a listing before its term ends, with a reason: the
// obligation was performed, the creditor asked in writing, the listing
// was wrong (2017 Provisions, arts. 10 and 12).
func (c *Contract) Remove(ctx contractapi.TransactionContextInterface, id string, reason string) (*creditapi.Listing, error) {
	tx, err := kernel.Begin(ctx, creditapi.Remove)
	if err != nil {
		return nil, err
	}
	if n := len(strings.TrimSpace(reason)); n == 0 || n > creditapi.MaxReason {
		return nil, kernel.Errorf(api.CodeInvalid, "a reason of 1 to %d characters is required to remove listing %s", creditapi.MaxReason, api.Short(id))
	}
	l, err := getListing(tx, id)
	if err != nil {
		return nil, err
	}
	if l.State != creditapi.Active {
		return nil, kernel.Errorf(api.CodeState, "listing %s was already removed (%s, by %s at %s)", id, l.RemovedHow, l.RemovedBy, l.RemovedAt)
	}
	b := newBatch()
	if err := remove(tx, l, creditapi.HowJudge, tx.Caller, reason, b); err != nil {
		return nil, err
	}
	return l, tx.Finish(b.flush(tx))
}

// remove ends a listing: it leaves the indexes and the deadline index,
// its personal data is purged from the collection (and its history), and
// the public record says how and when it ended.
func remove(t *kernel.Tx, l *creditapi.Listing, how string, by api.Actor, reason string, b *batch) error {
	l.State, l.RemovedHow, l.RemovedBy, l.RemovedAt, l.RemovalReason = creditapi.Removed, how, &by, t.At(), reason
	if err := b.index(t, l, false); err != nil {
		return err
	}
	end, err := time.Parse(time.RFC3339, l.End)
	if err != nil {
		return kernel.Errorf(api.CodeCorrupt, "listing %s has an unreadable end: %v", l.ID, err)
	}
	if err := kernel.Cancel(t, end, creditapi.KindExpiry, expiryID(l)); err != nil {
		return err
	}
	if err := t.GetStub().PurgePrivateData(creditapi.Collection, personalKey+l.ID); err != nil {
		return fmt.Errorf("purging the personal data of listing %s: %w", l.ID, err)
	}
	t.Event("listing.removed", l.ID, map[string]string{"kind": l.Kind, "case": l.Case, "how": how})
	return putListing(t, l)
}

// OnCaseEnded removes the listings of an enforcement case that stopped
// binding its debtors, in the transaction that ends it (2017 Provisions,
// art. 10): the enforcement contract runs it as a hook, wired in main.
func OnCaseEnded(t *kernel.Tx, number string, why cases.Ending) error {
	listings, err := listed(t, caseIndex, []string{number})
	if err != nil {
		return err
	}
	b := newBatch()
	for _, l := range listings {
		if err := remove(t, l, creditapi.HowConcluded, t.Auto(), "", b); err != nil {
			return err
		}
	}
	return b.flush(t)
}

// Kinds are the deadline kinds this contract schedules.
func Kinds() []kernel.DeadlineKind {
	return []kernel.DeadlineKind{{Name: creditapi.KindExpiry, DueTime: expiryTime, Process: expired, Records: expiryRecords}}
}

// expiryID names a listing's expiry in the deadline index: the listing and
// its person, so that a sweep knows which shared records it changes.
func expiryID(l *creditapi.Listing) string { return l.ID + "#" + l.Person }

// expiryRecords makes a sweep remove at most one listing per person and
// per counter shard: two removals that share either would each read it
// unchanged.
func expiryRecords(id string) []string {
	listing, person, _ := strings.Cut(id, "#")
	return []string{"person " + person, "counter shard " + shard(listing)}
}

func expiryTime(t *kernel.Tx, id string) (time.Time, error) {
	listing, _, _ := strings.Cut(id, "#")
	l, err := getListing(t, listing)
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, l.End)
}

// expired removes a listing whose term has ended (2017 Provisions, art.
// 10, last paragraph).
func expired(t *kernel.Tx, id string) (string, error) {
	listing, _, _ := strings.Cut(id, "#")
	l, err := getListing(t, listing)
	if err != nil {
		return "", err
	}
	if l.State != creditapi.Active {
		return "listing already " + l.State + "; nothing to do", nil
	}
	b := newBatch()
	if err := remove(t, l, creditapi.HowExpired, t.Auto(), "", b); err != nil {
		return "", err
	}
	return "removed: term ended", b.flush(t)
}
