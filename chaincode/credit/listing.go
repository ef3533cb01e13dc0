// Package credit keeps the list of dishonest judgment defaulters and the
// restrictions on high consumption (Opinions items 20 and 26), as the
// SPC's 2017 and 2015 Provisions define them: judges list the debtors of
// active enforcement cases, people and entities (list.go); banks and the
// credit platform check a person or an entity without the identifier
// reaching the shared ledger (check.go); listings end on the grounds the
// Provisions give, on their own where the ledger sees the ground
// (removal.go); judges approve necessary consumption (approval.go) and
// decide correction applications (correction.go); personal data is
// purged on removal while the public record stays. Its wire contract is
// api/credit; docs/legal.md cites the rule behind each term and
// transition.
package credit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/courtchain/judicial/chaincode/state"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Ledger objects. The indexes hold no data of their own: a removed
// listing leaves them, its record stays.
const (
	listingObject = "listing"
	personIndex   = "listing~bound"  // pseudonym: IDs of the listings in force that bind them, one record
	caseIndex     = "listing~case"   // case, id: a case's active listings
	activeIndex   = "listing~active" // court, kind, id: pages of active listings
	statsObject   = "listing~stats"  // court, kind, shard: counters
	personalKey   = "person|"        // + id, in Collection
	keyKey        = "pseudonymKey"   // in Collection
)

// shards spread the active-listing counters of one court and kind over
// several keys, so that listings in the same block rarely write the same
// counter: there is no key every listing writes. With 64 listings in
// flight, each writing two counters, one in 16 shards made most of them
// conflict; one in 1,000 makes about one in eight retry. Stats reads at
// most this many keys per court and kind.
//
// Counters are summed, never read one by one, so a ledger whose earlier
// listings were counted in two-digit shards (16 of them) stays right: a
// removal decrements the listing's shard by today's rule, and the sum of
// the old and new shards is the number in force.
const shards = 1000

func listingKey(ctx contractapi.TransactionContextInterface, id string) (string, error) {
	return state.Key(ctx, listingObject, id)
}

func getListing(ctx contractapi.TransactionContextInterface, id string) (*creditapi.Listing, error) {
	var l creditapi.Listing
	return &l, state.MustGet(ctx, listingObject, id, &l)
}

// putListing writes the record under the court's key-level policy.
func putListing(ctx contractapi.TransactionContextInterface, l *creditapi.Listing) error {
	if err := state.Put(ctx, listingObject, l.ID, l); err != nil {
		return err
	}
	key, err := listingKey(ctx, l.ID)
	if err != nil {
		return err
	}
	return access.RequireCourtEndorsement(ctx.GetStub(), key)
}

// shard is the counter shard of a listing.
func shard(id string) string {
	h := sha256.Sum256([]byte(id))
	return fmt.Sprintf("%03d", binary.BigEndian.Uint16(h[:2])%shards)
}

// batch gathers a transaction's changes to what several listings share —
// the records of who is bound by which listings, and the counters — so
// that each is read and written once, by flush: a transaction does not
// read its own writes.
type batch struct {
	counts  map[string]int64    // counter key: change
	added   map[string][]string // pseudonym: listing IDs that now bind them
	removed map[string][]string // pseudonym: listing IDs that no longer do
}

func newBatch() *batch {
	return &batch{counts: map[string]int64{}, added: map[string][]string{}, removed: map[string][]string{}}
}

// bound are the pseudonyms a listing binds: its subject, and the persons
// restricted with an entity.
func bound(l *creditapi.Listing) []string {
	out := []string{l.Person}
	for _, p := range l.Linked {
		if !slices.Contains(out, p.Person) {
			out = append(out, p.Person)
		}
	}
	return out
}

// index adds an active listing to the indexes, or takes a removed one out.
func (b *batch) index(ctx contractapi.TransactionContextInterface, l *creditapi.Listing, active bool) error {
	stub := ctx.GetStub()
	for _, attrs := range []struct {
		object string
		attrs  []string
	}{{caseIndex, []string{l.Case, l.ID}}, {activeIndex, []string{l.Court, l.Kind, l.ID}}} {
		key, err := stub.CreateCompositeKey(attrs.object, attrs.attrs)
		if err != nil {
			return err
		}
		if active {
			err = stub.PutState(key, []byte{1})
		} else {
			err = stub.DelState(key)
		}
		if err != nil {
			return err
		}
	}
	key, err := stub.CreateCompositeKey(statsObject, []string{l.Court, l.Kind, shard(l.ID)})
	if err != nil {
		return err
	}
	change, people := int64(1), b.added
	if !active {
		change, people = -1, b.removed
	}
	b.counts[key] += change
	for _, p := range bound(l) {
		people[p] = append(people[p], l.ID)
	}
	return nil
}

// flush writes the counters and the records of who is bound, in key
// order.
func (b *batch) flush(ctx contractapi.TransactionContextInterface) error {
	for _, key := range sortedKeys(b.counts) {
		data, err := ctx.GetStub().GetState(key)
		if err != nil {
			return err
		}
		n := int64(0)
		if data != nil {
			if n, err = strconv.ParseInt(string(data), 10, 64); err != nil {
				return kernel.Errorf(api.CodeCorrupt, "a listing counter is unreadable: %v", err)
			}
		}
		if err := ctx.GetStub().PutState(key, []byte(strconv.FormatInt(n+b.counts[key], 10))); err != nil {
			return err
		}
	}
	people := append(sortedKeys(b.added), sortedKeys(b.removed)...)
	slices.Sort(people)
	for _, p := range slices.Compact(people) {
		ids, err := boundBy(ctx, p)
		if err != nil {
			return err
		}
		ids = slices.DeleteFunc(append(ids, b.added[p]...), func(id string) bool { return slices.Contains(b.removed[p], id) })
		slices.Sort(ids)
		if err := putBound(ctx, p, slices.Compact(ids)); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// boundBy reads the IDs of the listings in force that bind a person or
// entity: one key, so that a bank's check is one read and then one per
// listing.
func boundBy(ctx contractapi.TransactionContextInterface, pseudonym string) ([]string, error) {
	key, err := ctx.GetStub().CreateCompositeKey(personIndex, []string{pseudonym})
	if err != nil {
		return nil, err
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil || data == nil {
		return nil, err
	}
	var ids []string
	if err := json.Unmarshal(data, &ids); err != nil {
		return nil, kernel.Errorf(api.CodeCorrupt, "a person's listing record is unreadable: %v", err)
	}
	return ids, nil
}

// activeOf reads the listings in force that bind a person or entity.
func activeOf(ctx contractapi.TransactionContextInterface, pseudonym string) ([]*creditapi.Listing, error) {
	ids, err := boundBy(ctx, pseudonym)
	if err != nil {
		return nil, err
	}
	out := make([]*creditapi.Listing, 0, len(ids))
	for _, id := range ids {
		l, err := getListing(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func putBound(ctx contractapi.TransactionContextInterface, pseudonym string, ids []string) error {
	key, err := ctx.GetStub().CreateCompositeKey(personIndex, []string{pseudonym})
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return ctx.GetStub().DelState(key)
	}
	if len(ids) > creditapi.MaxPerPerson {
		return kernel.Errorf(api.CodeLimit, "a person or entity may be bound by at most %d listings in force", creditapi.MaxPerPerson)
	}
	data, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	if err := ctx.GetStub().PutState(key, data); err != nil {
		return err
	}
	return access.RequireCourtEndorsement(ctx.GetStub(), key)
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
