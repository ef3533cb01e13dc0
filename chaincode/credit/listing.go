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

// listings are the listings' public records, under the court's policy.
var listings = kernel.Kind[creditapi.Listing]{Object: listingObject, Noun: "listing", Court: true}

// getListing reads a listing. A change to it must reach the records of the
// people it binds, so the transaction's changes are set to be written
// when it ends, whatever the caller does with it.
func getListing(t *kernel.Tx, id string) (*creditapi.Listing, error) {
	changesOf(t)
	return listings.Must(t, id)
}

// shard is the counter shard of a listing.
func shard(id string) string {
	h := sha256.Sum256([]byte(id))
	return fmt.Sprintf("%03d", binary.BigEndian.Uint16(h[:2])%shards)
}

// changes gathers a transaction's changes to what several listings share
// — the records of who is bound by which listings, and the counters — so
// that each is read and written once, when the transaction ends, from
// all the listings it changed.
type changes struct {
	counts map[string]int64            // counter key: change
	people map[string]map[string]saved // pseudonym: listing ID: its version now
}

// saved is a listing as a transaction wrote it.
type saved struct {
	active bool
	data   []byte
}

// changesOf is the transaction's changes, kept until it ends.
func changesOf(t *kernel.Tx) *changes {
	return kernel.OnEnd(t, "listings", func() *changes {
		return &changes{counts: map[string]int64{}, people: map[string]map[string]saved{}}
	})
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
func (b *changes) index(tx *kernel.Tx, l *creditapi.Listing, active bool) error {
	stub := tx.GetStub()
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

// End writes the counters and the records of who is bound: every listing
// the transaction changed is copied into the records of the people it
// binds while it is active, and leaves them once removed.
func (b *changes) End(t *kernel.Tx) error {
	changed, err := listings.Changed(t)
	if err != nil {
		return err
	}
	for _, w := range changed {
		for _, p := range bound(w.Record) {
			if b.people[p] == nil {
				b.people[p] = map[string]saved{}
			}
			b.people[p][w.Record.ID] = saved{active: w.Record.State == creditapi.Active, data: w.JSON}
		}
	}
	return b.flush(t)
}

// flush writes the counters and the records of who is bound, in key
// order.
func (b *changes) flush(tx *kernel.Tx) error {
	for _, key := range sortedKeys(b.counts) {
		data, err := tx.GetStub().GetState(key)
		if err != nil {
			return err
		}
		n := int64(0)
		if data != nil {
			if n, err = strconv.ParseInt(string(data), 10, 64); err != nil {
				return kernel.Errorf(api.CodeCorrupt, "a listing counter is unreadable: %v", err)
			}
		}
		if err := tx.GetStub().PutState(key, []byte(strconv.FormatInt(n+b.counts[key], 10))); err != nil {
			return err
		}
	}
	for _, p := range sortedKeys(b.people) {
		entries, err := boundBy(tx, p)
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
		if err := putBound(tx, p, entries); err != nil {
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
func personRecord(tx *kernel.Tx, pseudonym string) ([]json.RawMessage, error) {
	key, err := tx.GetStub().CreateCompositeKey(personIndex, []string{pseudonym})
	if err != nil {
		return nil, err
	}
	data, err := tx.GetStub().GetState(key)
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
func boundBy(tx *kernel.Tx, pseudonym string) ([]boundEntry, error) {
	raw, err := personRecord(tx, pseudonym)
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
func activeOf(tx *kernel.Tx, pseudonym string) ([]*creditapi.Listing, error) {
	raw, err := personRecord(tx, pseudonym)
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
			if out[i], err = getListing(tx, id); err != nil {
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
func putBound(tx *kernel.Tx, pseudonym string, entries []boundEntry) error {
	key, err := tx.GetStub().CreateCompositeKey(personIndex, []string{pseudonym})
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return tx.GetStub().DelState(key)
	}
	if len(entries) > creditapi.MaxPerPerson {
		return kernel.Errorf(api.CodeLimit, "a person or entity may be bound by at most %d listings in force", creditapi.MaxPerPerson)
	}
	var data bytes.Buffer
	data.WriteByte('[')
	for i, e := range entries {
		c := e.copy
		if c == nil && data.Len() < inlineBytes {
			listing, err := listings.Key(tx, e.id)
			if err != nil {
				return err
			}
			if c, err = tx.GetStub().GetState(listing); err != nil {
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
	if err := tx.GetStub().PutState(key, data.Bytes()); err != nil {
		return err
	}
	return access.RequireCourtEndorsement(tx.GetStub(), key)
}

// listed reads the active listings under an index prefix (a case).
func listed(tx *kernel.Tx, object string, attrs []string) ([]*creditapi.Listing, error) {
	it, err := tx.GetStub().GetStateByPartialCompositeKey(object, attrs)
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
		_, parts, err := tx.GetStub().SplitCompositeKey(kv.Key)
		if err != nil || len(parts) == 0 {
			return nil, kernel.Errorf(api.CodeCorrupt, "listing index key %q is malformed", kv.Key)
		}
		l, err := getListing(tx, parts[len(parts)-1])
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}
