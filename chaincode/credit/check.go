package credit

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
)

// Check tells whether the person whose resident ID number comes as
// transient "idNumber" is listed or restricted now: by their own listings,
// and by the restrictions of entities they run (2015 Provisions art. 3
// para. 2). It reads the pseudonym key, so it runs on a court or credit
// peer. No pseudonym is in the answer.
func (c *Contract) Check(tx *kernel.Tx) (*creditapi.CheckResult, error) {
	return check(tx, creditapi.TransientIDNumber, idnumber.Pseudonym)
}

// CheckEntity tells whether the entity whose unified social credit code
// comes as transient "creditCode" is listed or restricted now.
func (c *Contract) CheckEntity(tx *kernel.Tx) (*creditapi.CheckResult, error) {
	return check(tx, creditapi.TransientCreditCode, idnumber.EntityPseudonym)
}

func check(tx *kernel.Tx, field string, pseudonymOf func(key []byte, id string) (string, error)) (*creditapi.CheckResult, error) {
	id, err := transient(tx, field)
	if err != nil {
		return nil, err
	}
	key, err := cachedKey(tx)
	if err != nil {
		return nil, err
	}
	pseudonym, err := pseudonymOf(key, string(id))
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "transient %s: %v", field, err)
	}
	active, err := activeOf(tx, pseudonym)
	if err != nil {
		return nil, err
	}
	res := &creditapi.CheckResult{Listings: []*creditapi.Listing{}, CheckedAt: tx.Now.Format(time.RFC3339)}
	for _, l := range active {
		if !covers(l, tx.Now) {
			continue
		}
		if l.Person == pseudonym {
			res.Listings = append(res.Listings, anonymous(l))
			continue
		}
		for _, p := range l.Linked {
			if p.Person == pseudonym {
				res.AsLinked = append(res.AsLinked, creditapi.LinkedHit{Role: p.Role, Listing: anonymous(l)})
			}
		}
	}
	res.Listed = len(res.Listings)+len(res.AsLinked) > 0
	return res, nil
}

// anonymous takes the pseudonyms out of a listing: a bank that could
// collect them could tell when two listings are of one person, and match
// them against other data.
func anonymous(l *creditapi.Listing) *creditapi.Listing {
	l.Person = ""
	linked := make([]creditapi.Linked, len(l.Linked))
	for i, p := range l.Linked {
		linked[i] = creditapi.Linked{Role: p.Role}
	}
	if len(linked) > 0 {
		l.Linked = linked
	}
	return l
}

// Get reads a listing's public record.
func (c *Contract) Get(tx *kernel.Tx, id string) (*creditapi.Listing, error) {
	l, err := getListing(tx, id)
	if err != nil {
		return nil, err
	}
	return forReader(tx, l), nil
}

// forReader is what a reader may see of a listing: banks see no
// pseudonym, so no bank can enumerate the people on the list.
func forReader(t *kernel.Tx, l *creditapi.Listing) *creditapi.Listing {
	if l != nil && t.Caller.Role == api.BankOfficer {
		return anonymous(l)
	}
	return l
}

// Page lists the active listings of one court and kind, a page at a time
// (pageSize 1 to 200; bookmark empty for the first page).
func (c *Contract) Page(tx *kernel.Tx, court string, kind string, pageSize int, bookmark string) (*creditapi.ListingPage, error) {
	if kind != creditapi.Dishonest && kind != creditapi.Consumption {
		return nil, kernel.Errorf(api.CodeInvalid, "kind %q: one of %s, %s", api.Short(kind), creditapi.Dishonest, creditapi.Consumption)
	}
	if pageSize < 1 || pageSize > creditapi.MaxPerPerson {
		return nil, kernel.Errorf(api.CodeInvalid, "pageSize must be 1 to %d, got %d", creditapi.MaxPerPerson, pageSize)
	}
	prefix, err := tx.GetStub().CreateCompositeKey(activeIndex, []string{court, kind})
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "court %q: %v", api.Short(court), err)
	}
	if bookmark != "" && !strings.HasPrefix(bookmark, prefix) {
		return nil, kernel.Errorf(api.CodeInvalid, "bookmark does not belong to the %s listings of court %s", kind, api.Short(court))
	}
	it, meta, err := tx.GetStub().GetStateByPartialCompositeKeyWithPagination(activeIndex, []string{court, kind}, int32(pageSize), bookmark)
	if err != nil {
		return nil, fmt.Errorf("reading active listings: %w", err)
	}
	defer it.Close()
	page := &creditapi.ListingPage{Listings: []*creditapi.Listing{}, Bookmark: meta.GetBookmark()}
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		_, parts, err := tx.GetStub().SplitCompositeKey(kv.Key)
		if err != nil || len(parts) != 3 {
			return nil, kernel.Errorf(api.CodeCorrupt, "listing index key %q is malformed", kv.Key)
		}
		l, err := getListing(tx, parts[2])
		if err != nil {
			return nil, err
		}
		page.Listings = append(page.Listings, forReader(tx, l))
	}
	if len(page.Listings) < pageSize {
		page.Bookmark = ""
	}
	return page, nil
}

// History lists every committed version of a listing, newest first: its
// listing and its removal.
func (c *Contract) History(tx *kernel.Tx, id string) ([]creditapi.Version, error) {
	key, err := listings.Key(tx, id)
	if err != nil {
		return nil, err
	}
	out := []creditapi.Version{}
	err = kernel.History(tx, key, "listing "+api.Short(id), func(m *queryresult.KeyModification) error {
		v := creditapi.Version{TxID: m.GetTxId(), Timestamp: m.GetTimestamp().AsTime().UTC().Format(time.RFC3339Nano)}
		if !m.GetIsDelete() {
			v.Listing = &creditapi.Listing{}
			if err := json.Unmarshal(m.GetValue(), v.Listing); err != nil {
				return kernel.Errorf(api.CodeCorrupt, "a version of listing %s is unreadable: %v", id, err)
			}
			forReader(tx, v.Listing)
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// Stats counts active listings by court and kind ("" for every court),
// from the sharded counters.
func (c *Contract) Stats(tx *kernel.Tx, court string) ([]creditapi.Count, error) {
	var attrs []string
	if court != "" {
		attrs = []string{court}
	}
	it, err := tx.GetStub().GetStateByPartialCompositeKey(statsObject, attrs)
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "court %q: %v", api.Short(court), err)
	}
	defer it.Close()
	out := []creditapi.Count{}
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		_, parts, err := tx.GetStub().SplitCompositeKey(kv.Key)
		if err != nil || len(parts) != 3 {
			return nil, kernel.Errorf(api.CodeCorrupt, "listing counter key %q is malformed", kv.Key)
		}
		n, err := strconv.ParseInt(string(kv.Value), 10, 64)
		if err != nil {
			return nil, kernel.Errorf(api.CodeCorrupt, "listing counter %q is unreadable", kv.Key)
		}
		// Keys come in court, kind order: shards of one pair are adjacent.
		if last := len(out) - 1; last >= 0 && out[last].Court == parts[0] && out[last].Kind == parts[1] {
			out[last].Active += n
		} else {
			out = append(out, creditapi.Count{Court: parts[0], Kind: parts[1], Active: n})
		}
	}
	return out, nil
}

// PersonalData reads the names and identifiers behind an active listing, for
// the court's own case system, on a court peer, sealed to the one-time
// public key the caller sends as transient "publicKey": a response may
// be submitted into a block, and a block is never purged.
func (c *Contract) PersonalData(tx *kernel.Tx, id string) (*creditapi.SealedPerson, error) {
	recipient, err := transient(tx, creditapi.TransientPublicKey)
	if err != nil {
		return nil, err
	}
	l, err := getListing(tx, id)
	if err != nil {
		return nil, err
	}
	data, err := tx.GetStub().GetPrivateData(creditapi.Collection, personalKey+id)
	if err != nil {
		return nil, fmt.Errorf("reading the personal data of listing %s: %w", id, err)
	}
	if data == nil {
		if l.State == creditapi.Removed {
			return nil, kernel.Errorf(api.CodeState, "the personal data of listing %s was purged when it was removed (%s, %s)", id, l.Removal.Ground, l.Removal.At)
		}
		return nil, kernel.Errorf(api.CodeNotFound, "this peer holds no personal data for listing %s: ask a court peer", id)
	}
	var p privateSubject
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, kernel.Errorf(api.CodeCorrupt, "the personal data of listing %s is unreadable: %v", id, err)
	}
	plain, err := json.Marshal(creditapi.Subject{Kind: p.Kind, Name: p.Name, IDNumber: p.IDNumber, Code: p.Code, Linked: p.Linked})
	if err != nil {
		return nil, err
	}
	// The one place the chaincode uses randomness: a read, whose answer
	// no endorser has to agree on. Two endorsers of a submitted call would
	// answer different ciphertexts, so such a call cannot even commit.
	sealed, err := creditapi.Seal(recipient, id, plain, rand.Reader)
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "transient publicKey: %v", err)
	}
	return sealed, nil
}
