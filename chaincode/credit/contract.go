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

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/enforcement"
	"github.com/courtchain/judicial/chaincode/idnumber"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// KindExpiry is the deadline kind of a listing's end of term.
const KindExpiry = "listing"

// maxPerScan bounds the listings one person or one case has in force:
// more than that is refused rather than scanned.
const maxPerScan = 200

// Contract is the credit contract.
type Contract struct {
	contractapi.Contract
}

// New returns the contract with its namespace set.
func New() *Contract {
	return &Contract{Contract: contractapi.Contract{Name: Name}}
}

// KeyInfo identifies the pseudonym key without revealing it.
type KeyInfo struct {
	Fingerprint string `json:"fingerprint"`
	Changed     bool   `json:"changed"`
}

// SetPseudonymKey stores the channel's pseudonym key (transient "key", 32
// bytes) in the private collection, once: the court and mediation
// applications that write pseudonyms hold the same key. Changing it would
// orphan every pseudonym on the ledger, so a different key is refused.
// Judges.
func (c *Contract) SetPseudonymKey(ctx contractapi.TransactionContextInterface) (*KeyInfo, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":SetPseudonymKey", access.Judge); err != nil {
		return nil, err
	}
	key, err := transient(ctx, "key")
	if err != nil {
		return nil, err
	}
	if len(key) != idnumber.KeySize {
		return nil, fmt.Errorf("the pseudonym key must be %d bytes, got %d", idnumber.KeySize, len(key))
	}
	existing, err := ctx.GetStub().GetPrivateData(Collection, keyKey)
	if err != nil {
		return nil, fmt.Errorf("reading the pseudonym key: %w", err)
	}
	switch {
	case existing == nil:
		return &KeyInfo{Fingerprint: fingerprint(key), Changed: true}, ctx.GetStub().PutPrivateData(Collection, keyKey, key)
	case bytes.Equal(existing, key):
		return &KeyInfo{Fingerprint: fingerprint(key)}, nil
	}
	return nil, fmt.Errorf("a different pseudonym key (fingerprint %s) is already set: changing it would orphan every pseudonym on the ledger", fingerprint(existing))
}

// KeyFingerprint tells applications whether they hold the channel's key.
func (c *Contract) KeyFingerprint(ctx contractapi.TransactionContextInterface) (*KeyInfo, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":KeyFingerprint", access.Judge, access.Clerk, access.EnforcementOfficer, access.BankOfficer); err != nil {
		return nil, err
	}
	key, err := pseudonymKey(ctx)
	if err != nil {
		return nil, err
	}
	return &KeyInfo{Fingerprint: fingerprint(key)}, nil
}

func fingerprint(key []byte) string {
	h := sha256.Sum256(append([]byte("judicial pseudonym key|"), key...))
	return hex.EncodeToString(h[:8])
}

// keys caches each channel's pseudonym key for Check, the bank's hot
// read: the key never changes once set (SetPseudonymKey refuses), so a
// chaincode process reads it from its peer's private store once. Only a
// process whose peer holds the collection can fill it; in production each
// org runs its own chaincode server, so only the court's and the credit
// org's processes ever hold the key. (This local network runs one server
// for all four peers: there, the access check alone keeps other orgs'
// roles from Check.)
var keys sync.Map // channel ID: []byte

func cachedKey(ctx contractapi.TransactionContextInterface) ([]byte, error) {
	channel := ctx.GetStub().GetChannelID()
	if key, ok := keys.Load(channel); ok {
		return key.([]byte), nil
	}
	key, err := pseudonymKey(ctx)
	if err != nil {
		return nil, err
	}
	keys.Store(channel, key)
	return key, nil
}

func pseudonymKey(ctx contractapi.TransactionContextInterface) ([]byte, error) {
	key, err := ctx.GetStub().GetPrivateData(Collection, keyKey)
	if err != nil {
		return nil, fmt.Errorf("reading the pseudonym key: %w", err)
	}
	if key == nil {
		return nil, fmt.Errorf("this peer holds no pseudonym key: a judge sets it once with credit:SetPseudonymKey (only court and credit peers keep it)")
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
		return nil, fmt.Errorf("transient field %q is missing: personal data travels only as transient data, never as an argument", field)
	}
	return v, nil
}

// Person is the personal data behind a listing, kept only in Collection.
type Person struct {
	Name     string `json:"name"`
	IDNumber string `json:"idNumber"`
}

// ListRequest lists a debtor; the person comes as transient "person".
type ListRequest struct {
	Kinds []string `json:"kinds"`
	Court string   `json:"court"`
	// Ground is the paragraph of art. 1 of the 2017 Provisions (1 to 6),
	// required for a dishonest listing.
	Ground int    `json:"ground"`
	Basis  string `json:"basis"`
	Start  string `json:"start"`
	End    string `json:"end"`
	// Serious extends the longest dishonest term (2017 Provisions, art. 2).
	Serious bool `json:"serious"`
}

// List lists a debtor of an active enforcement case as a dishonest
// judgment defaulter and/or restricts their high consumption, for a term
// bounded by the channel's parameters. Name and ID number come as
// transient "person" ({"name","idNumber"}) and are kept only in the
// private collection; the shared ledger gets the pseudonym. Judges.
func (c *Contract) List(ctx contractapi.TransactionContextInterface, caseNumber string, request string) ([]*Listing, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":List", access.Judge)
	if err != nil {
		return nil, err
	}
	var req ListRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, fmt.Errorf("listing request: %w", err)
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	start, end, err := checkListing(ctx, &req, now)
	if err != nil {
		return nil, err
	}
	raw, err := transient(ctx, "person")
	if err != nil {
		return nil, err
	}
	var person Person
	if err := input.Decode(string(raw), &person); err != nil {
		return nil, fmt.Errorf("transient person: %w", err)
	}
	if n := len([]rune(strings.TrimSpace(person.Name))); n == 0 || n > 100 {
		return nil, fmt.Errorf("transient person.name must be 1 to 100 characters")
	}
	key, err := pseudonymKey(ctx)
	if err != nil {
		return nil, err
	}
	pseudonym, err := idnumber.Pseudonym(key, person.IDNumber)
	if err != nil {
		return nil, fmt.Errorf("transient person.idNumber: %w", err)
	}
	person.IDNumber = idnumber.Normalise(person.IDNumber)
	var cs enforcement.Case
	if err := cases.Load(ctx, caseNumber, &cs); err != nil {
		return nil, err
	}
	if cs.Kind != cases.Enforcement || (cs.State != enforcement.Active && cs.State != enforcement.Resumed) {
		return nil, fmt.Errorf("case %s is a %s case in state %s: only debtors of an active (or resumed) enforcement case are listed", caseNumber, cs.Kind, cs.State)
	}
	if !slices.Contains(cs.Debtors, pseudonym) {
		return nil, fmt.Errorf("the person is not a debtor of case %s", caseNumber)
	}
	existing, err := activeOf(ctx, pseudonym)
	if err != nil {
		return nil, err
	}
	events, b := &deadline.Events{}, newBatch()
	var out []*Listing
	for _, kind := range req.Kinds {
		for _, e := range existing {
			if e.Kind == kind && e.Case == caseNumber && overlaps(e, start, end) {
				return nil, fmt.Errorf("the person is already listed (%s, listing %s in case %s, %s to %s): terms of the same kind and case may not overlap", kind, e.ID, e.Case, e.Start, e.End)
			}
		}
		h := sha256.Sum256([]byte(ctx.GetStub().GetTxID() + "|" + kind))
		l := &Listing{ID: "CR" + now.Format("20060102") + "-" + strings.ToUpper(hex.EncodeToString(h[:8])), Kind: kind, Person: pseudonym,
			Case: caseNumber, Court: req.Court, Ground: req.Ground, Basis: req.Basis,
			Start: start.Format(time.RFC3339), End: end.Format(time.RFC3339), State: Active,
			ListedBy: caller.String(), ListedAt: now.Format(time.RFC3339Nano), TxID: ctx.GetStub().GetTxID()}
		if kind == Consumption {
			l.Ground, l.Restrictions = 0, Restrictions
		}
		data, err := json.Marshal(Person{Name: strings.TrimSpace(person.Name), IDNumber: person.IDNumber})
		if err != nil {
			return nil, err
		}
		if err := ctx.GetStub().PutPrivateData(Collection, personalKey+l.ID, data); err != nil {
			return nil, fmt.Errorf("keeping the personal data: %w", err)
		}
		if err := deadline.Schedule(ctx, end, KindExpiry, expiryID(l)); err != nil {
			return nil, err
		}
		if err := b.index(ctx, l, true); err != nil {
			return nil, err
		}
		if err := putListing(ctx, l); err != nil {
			return nil, err
		}
		events.Add("listing.added", l.ID, map[string]string{"kind": kind, "case": caseNumber, "court": req.Court, "end": l.End})
		out = append(out, l)
	}
	if err := b.flush(ctx); err != nil {
		return nil, err
	}
	return out, events.Emit(ctx)
}

// checkListing checks a request's kinds, court, ground, basis and term.
func checkListing(ctx contractapi.TransactionContextInterface, req *ListRequest, now time.Time) (time.Time, time.Time, error) {
	var zero time.Time
	if len(req.Kinds) == 0 || len(req.Kinds) > 2 || (len(req.Kinds) == 2 && req.Kinds[0] == req.Kinds[1]) {
		return zero, zero, fmt.Errorf("kinds must be %q, %q or both", Dishonest, Consumption)
	}
	for _, k := range req.Kinds {
		if k != Dishonest && k != Consumption {
			return zero, zero, fmt.Errorf("kind %q: one of %s, %s", input.Short(k), Dishonest, Consumption)
		}
	}
	if req.Court == "" || len(req.Court) > 32 || strings.ContainsAny(req.Court, "|\x00") {
		return zero, zero, fmt.Errorf("court must be 1 to 32 characters without '|' or NUL")
	}
	if slices.Contains(req.Kinds, Dishonest) && (req.Ground < 1 || req.Ground > 6) {
		return zero, zero, fmt.Errorf("ground must be the paragraph of art. 1 of the 2017 SPC Provisions a dishonest listing rests on, 1 to 6; got %d", req.Ground)
	}
	if n := len(strings.TrimSpace(req.Basis)); n == 0 || n > 300 {
		return zero, zero, fmt.Errorf("basis (the legal basis, e.g. the ruling and articles) must be 1 to 300 characters")
	}
	start, err := time.Parse(time.RFC3339, req.Start)
	if err != nil {
		return zero, zero, fmt.Errorf("start %q is not an RFC 3339 time", input.Short(req.Start))
	}
	end, err := time.Parse(time.RFC3339, req.End)
	if err != nil {
		return zero, zero, fmt.Errorf("end %q is not an RFC 3339 time", input.Short(req.End))
	}
	start, end = start.UTC(), end.UTC()
	if start.Before(now.Add(-24*time.Hour)) || start.After(now.Add(90*24*time.Hour)) {
		return zero, zero, fmt.Errorf("start %s must be within a day before and 90 days after the transaction time %s", req.Start, now.Format(time.RFC3339))
	}
	if !end.After(start) || !end.After(now) {
		return zero, zero, fmt.Errorf("end %s must be after the start and the transaction time", req.End)
	}
	for _, k := range req.Kinds {
		years, param, err := maxYears(ctx, k, req.Serious)
		if err != nil {
			return zero, zero, err
		}
		if limit := start.AddDate(years, 0, 0); end.After(limit) {
			return zero, zero, fmt.Errorf("a %s term ending %s is beyond the limit of %d years from its start, %s (%s)", k, end.Format(time.RFC3339), years, limit.Format(time.RFC3339), param)
		}
	}
	return start, end, nil
}

// maxYears is the longest term of a kind of listing, in calendar years.
func maxYears(ctx contractapi.TransactionContextInterface, kind string, serious bool) (int, string, error) {
	if kind == Consumption {
		n, err := system.Int(ctx, system.CreditConsumptionTerm)
		return n, "parameter " + system.CreditConsumptionTerm, err
	}
	n, err := system.Int(ctx, system.CreditDishonestTerm)
	if err != nil || !serious {
		return n, "parameter " + system.CreditDishonestTerm, err
	}
	ext, err := system.Int(ctx, system.CreditDishonestExtension)
	return n + ext, "parameters " + system.CreditDishonestTerm + " + " + system.CreditDishonestExtension, err
}

func overlaps(l *Listing, start, end time.Time) bool {
	s, err1 := time.Parse(time.RFC3339, l.Start)
	e, err2 := time.Parse(time.RFC3339, l.End)
	return err1 != nil || err2 != nil || (start.Before(e) && s.Before(end))
}

// listed reads the active listings under an index prefix (a case).
func listed(ctx contractapi.TransactionContextInterface, object string, attrs []string) ([]*Listing, error) {
	it, err := ctx.GetStub().GetStateByPartialCompositeKey(object, attrs)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []*Listing
	for n := 0; it.HasNext(); n++ {
		if n == maxPerScan {
			return nil, fmt.Errorf("more than %d listings in force under one index entry; refusing an unbounded read", maxPerScan)
		}
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		_, parts, err := ctx.GetStub().SplitCompositeKey(kv.Key)
		if err != nil || len(parts) == 0 {
			return nil, fmt.Errorf("listing index key %q is malformed", kv.Key)
		}
		l, err := getListing(ctx, parts[len(parts)-1])
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func covers(l *Listing, at time.Time) bool {
	s, err1 := time.Parse(time.RFC3339, l.Start)
	e, err2 := time.Parse(time.RFC3339, l.End)
	return err1 == nil && err2 == nil && !at.Before(s) && at.Before(e)
}

// Remove removes a listing before its term ends, with a reason: the
// obligation was performed, the creditor asked in writing, the listing
// was wrong (2017 Provisions, arts. 10 and 12). Judges.
func (c *Contract) Remove(ctx contractapi.TransactionContextInterface, id string, reason string) (*Listing, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":Remove", access.Judge)
	if err != nil {
		return nil, err
	}
	if n := len(strings.TrimSpace(reason)); n == 0 || n > 300 {
		return nil, fmt.Errorf("a reason of 1 to 300 characters is required to remove listing %s", input.Short(id))
	}
	l, err := getListing(ctx, id)
	if err != nil {
		return nil, err
	}
	if l.State != Active {
		return nil, fmt.Errorf("listing %s was already removed (%s, by %s at %s)", id, l.RemovedHow, l.RemovedBy, l.RemovedAt)
	}
	events, b := &deadline.Events{}, newBatch()
	if err := remove(ctx, l, HowJudge, caller.String(), reason, events, b); err != nil {
		return nil, err
	}
	if err := b.flush(ctx); err != nil {
		return nil, err
	}
	return l, events.Emit(ctx)
}

// remove ends a listing: it leaves the indexes and the deadline index,
// its personal data is purged from the collection (and its history), and
// the public record says how and when it ended.
func remove(ctx contractapi.TransactionContextInterface, l *Listing, how, by, reason string, events *deadline.Events, b *batch) error {
	now, err := deadline.Now(ctx)
	if err != nil {
		return err
	}
	l.State, l.RemovedHow, l.RemovedBy, l.RemovedAt, l.RemovalReason = Removed, how, by, now.Format(time.RFC3339Nano), reason
	if err := b.index(ctx, l, false); err != nil {
		return err
	}
	end, err := time.Parse(time.RFC3339, l.End)
	if err != nil {
		return fmt.Errorf("listing %s has an unreadable end: %w", l.ID, err)
	}
	if err := deadline.Cancel(ctx, end, KindExpiry, expiryID(l)); err != nil {
		return err
	}
	if err := ctx.GetStub().PurgePrivateData(Collection, personalKey+l.ID); err != nil {
		return fmt.Errorf("purging the personal data of listing %s: %w", l.ID, err)
	}
	events.Add("listing.removed", l.ID, map[string]string{"kind": l.Kind, "case": l.Case, "how": how})
	return putListing(ctx, l)
}

// OnCaseConcluded removes the listings of a concluded enforcement case, in
// the transaction that concludes it (2017 Provisions, art. 10(1)): the
// enforcement contract calls it.
func OnCaseConcluded(ctx contractapi.TransactionContextInterface, number string, events *deadline.Events) error {
	listings, err := listed(ctx, caseIndex, []string{number})
	if err != nil {
		return err
	}
	b := newBatch()
	for _, l := range listings {
		if err := remove(ctx, l, HowConcluded, "auto", "", events, b); err != nil {
			return err
		}
	}
	return b.flush(ctx)
}

// Kinds are the deadline kinds this contract schedules.
func Kinds() []deadline.Kind {
	return []deadline.Kind{{Name: KindExpiry, DueTime: expiryTime, Process: expired, Records: expiryRecords}}
}

// expiryID names a listing's expiry in the deadline index: the listing and
// its person, so that a sweep knows which shared records it changes.
func expiryID(l *Listing) string { return l.ID + "#" + l.Person }

// expiryRecords makes a sweep remove at most one listing per person and
// per counter shard: two removals that share either would each read it
// unchanged.
func expiryRecords(id string) []string {
	listing, person, _ := strings.Cut(id, "#")
	return []string{"person " + person, "counter shard " + shard(listing)}
}

func expiryTime(ctx contractapi.TransactionContextInterface, id string) (time.Time, error) {
	listing, _, _ := strings.Cut(id, "#")
	l, err := getListing(ctx, listing)
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, l.End)
}

// expired removes a listing whose term has ended (2017 Provisions, art.
// 10, last paragraph).
func expired(ctx contractapi.TransactionContextInterface, id string, events *deadline.Events) (string, error) {
	listing, _, _ := strings.Cut(id, "#")
	l, err := getListing(ctx, listing)
	if err != nil {
		return "", err
	}
	if l.State != Active {
		return "listing already " + l.State + "; nothing to do", nil
	}
	b := newBatch()
	if err := remove(ctx, l, HowExpired, "auto", "", events, b); err != nil {
		return "", err
	}
	return "removed: term ended", b.flush(ctx)
}
