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
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

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
	personIndex   = "listing~bound"  // pseudonym: the listings in force that bind them, one record
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

// putListing writes the record under the court's key-level policy. Only
// batch.save calls it: the records of who is bound hold copies of the
// listing, which must change with it.
// putListing writes a listing under the court's endorsement and returns
// the bytes written, which the records of the people it binds copy.
func putListing(ctx contractapi.TransactionContextInterface, l *creditapi.Listing) ([]byte, error) {
	key, err := listingKey(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	if err := ctx.GetStub().PutState(key, data); err != nil {
		return nil, fmt.Errorf("writing listing %s: %w", api.Short(l.ID), err)
	}
	return data, access.RequireCourtEndorsement(ctx.GetStub(), key)
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
	counts map[string]int64            // counter key: change
	people map[string]map[string]saved // pseudonym: listing ID: its version now
}

// saved is a listing as a transaction wrote it.
type saved struct {
	active bool
	data   []byte
}

func newBatch() *batch {
	return &batch{counts: map[string]int64{}, people: map[string]map[string]saved{}}
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
	if active {
		b.counts[key]++
	} else {
		b.counts[key]--
	}
	return nil
}

// save writes a listing and notes it for the records of the people it
// binds, which flush rewrites: an active listing is copied in, a removed
// one leaves.
func (b *batch) save(ctx contractapi.TransactionContextInterface, l *creditapi.Listing) error {
	data, err := putListing(ctx, l)
	if err != nil {
		return err
	}
	for _, p := range bound(l) {
		if b.people[p] == nil {
			b.people[p] = map[string]saved{}
		}
		b.people[p][l.ID] = saved{active: l.State == creditapi.Active, data: data}
	}
	return nil
}

// saveOne writes a listing whose change touches nothing else it shares.
func saveOne(ctx contractapi.TransactionContextInterface, l *creditapi.Listing) error {
	b := newBatch()
	if err := b.save(ctx, l); err != nil {
		return err
	}
	return b.flush(ctx)
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
	for _, p := range sortedKeys(b.people) {
		entries, err := boundBy(ctx, p)
		if err != nil {
			return err
		}
		changed := b.people[p]
		entries = slices.DeleteFunc(entries, func(e boundEntry) bool {
			_, ok := changed[e.id]
			return ok
		})
		for _, id := range sortedKeys(changed) {
			if l := changed[id]; l.active {
				entries = append(entries, boundEntry{id: id, copy: l.data})
			}
		}
		slices.SortFunc(entries, func(a, b boundEntry) int { return strings.Compare(a.id, b.id) })
		if err := putBound(ctx, p, entries); err != nil {
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

// A person's record lists the listings in force that bind them, each a
// copy of the listing, so that a bank's check is one read. A copy is
// left out, and only the listing's ID kept, once the record would grow
// past inlineBytes (listings with many approvals and corrections, or a
// person bound by many): that check reads those listings one by one.
// Records written before copies were kept hold IDs only; the next change
// to such a record copies those listings in.
const inlineBytes = 64 << 10

// boundEntry is one listing of a person's record: its ID, and its copy,
// the listing's bytes as stored, where the record holds one. A change
// writes the copies it did not touch back as they were read.
type boundEntry struct {
	id   string
	copy json.RawMessage
}

// personRecord reads the entries of a person's record: copies and IDs.
func personRecord(ctx contractapi.TransactionContextInterface, pseudonym string) ([]json.RawMessage, error) {
	key, err := ctx.GetStub().CreateCompositeKey(personIndex, []string{pseudonym})
	if err != nil {
		return nil, err
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil || data == nil {
		return nil, err
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, kernel.Errorf(api.CodeCorrupt, "a person's listing record is unreadable: %v", err)
	}
	return raw, nil
}

// isID tells an entry that names a listing from a copy of one.
func isID(entry json.RawMessage) bool { return len(entry) > 0 && entry[0] == '"' }

// boundBy reads the record of the listings in force that bind a person
// or entity, reading no more of each copy than its ID.
func boundBy(ctx contractapi.TransactionContextInterface, pseudonym string) ([]boundEntry, error) {
	raw, err := personRecord(ctx, pseudonym)
	if err != nil {
		return nil, err
	}
	out := make([]boundEntry, len(raw))
	for i, r := range raw {
		var err error
		if isID(r) {
			err = json.Unmarshal(r, &out[i].id)
		} else {
			var head struct {
				ID string `json:"id"`
			}
			err = json.Unmarshal(r, &head)
			out[i] = boundEntry{id: head.ID, copy: r}
		}
		if err != nil || out[i].id == "" {
			return nil, kernel.Errorf(api.CodeCorrupt, "a person's listing record has an unreadable entry: %v", err)
		}
	}
	return out, nil
}

// activeOf reads the listings in force that bind a person or entity: a
// bank's check, one read where the record holds copies.
func activeOf(ctx contractapi.TransactionContextInterface, pseudonym string) ([]*creditapi.Listing, error) {
	raw, err := personRecord(ctx, pseudonym)
	if err != nil {
		return nil, err
	}
	out := make([]*creditapi.Listing, len(raw))
	for i, r := range raw {
		if isID(r) {
			var id string
			if err := json.Unmarshal(r, &id); err != nil {
				return nil, kernel.Errorf(api.CodeCorrupt, "a person's listing record has an unreadable entry: %v", err)
			}
			if out[i], err = getListing(ctx, id); err != nil {
				return nil, err
			}
			continue
		}
		out[i] = &creditapi.Listing{}
		if err := json.Unmarshal(r, out[i]); err != nil || out[i].ID == "" {
			return nil, kernel.Errorf(api.CodeCorrupt, "a person's listing record has an unreadable entry: %v", err)
		}
	}
	return out, nil
}

// putBound writes a person's record: a copy of each listing while the
// record stays within inlineBytes, then IDs. A listing the record named
// by ID only while it still has room (a record written before copies)
// is read and copied in.
func putBound(ctx contractapi.TransactionContextInterface, pseudonym string, entries []boundEntry) error {
	key, err := ctx.GetStub().CreateCompositeKey(personIndex, []string{pseudonym})
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return ctx.GetStub().DelState(key)
	}
	if len(entries) > creditapi.MaxPerPerson {
		return kernel.Errorf(api.CodeLimit, "a person or entity may be bound by at most %d listings in force", creditapi.MaxPerPerson)
	}
	var data bytes.Buffer
	data.WriteByte('[')
	for i, e := range entries {
		c := e.copy
		if c == nil && data.Len() < inlineBytes {
			listing, err := listingKey(ctx, e.id)
			if err != nil {
				return err
			}
			if c, err = ctx.GetStub().GetState(listing); err != nil {
				return err
			}
		}
		if c == nil || data.Len()+len(c) > inlineBytes {
			c, _ = json.Marshal(e.id)
		}
		if i > 0 {
			data.WriteByte(',')
		}
		data.Write(c)
	}
	data.WriteByte(']')
	if err := ctx.GetStub().PutState(key, data.Bytes()); err != nil {
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
