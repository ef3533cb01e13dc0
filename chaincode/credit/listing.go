// Package credit keeps the list of dishonest judgment defaulters and the
// restrictions on high consumption (Opinions items 20 and 26): judges
// list the debtors of active enforcement cases; banks and the credit
// platform check a person by ID number without the number reaching the
// shared ledger; listings end on their own when the case concludes or the
// term runs out, and their personal data is purged while the public
// record of the listing and its removal stays. Its wire contract is
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
	personIndex   = "listing~person" // person: their active listings, one record
	caseIndex     = "listing~case"   // case, id: a case's active listings
	activeIndex   = "listing~active" // court, kind, id: pages of active listings
	statsObject   = "listing~stats"  // court, kind, shard: counters
	personalKey   = "person|"        // + id, in Collection
	keyKey        = "pseudonymKey"   // in Collection
)

// shards spread the active-listing counters of one court and kind over
// several keys, so that listings in the same block rarely write the same
// counter: there is no key every listing writes.
const shards = 16

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
	return fmt.Sprintf("%02d", binary.BigEndian.Uint16(h[:2])%shards)
}

// batch gathers a transaction's changes to what several listings share —
// a person's record of active listings and the counters — so that each is
// read and written once, by flush: a transaction does not read its own
// writes.
type batch struct {
	counts  map[string]int64                // counter key: change
	added   map[string][]*creditapi.Listing // person: listings added
	removed map[string][]string             // person: listing IDs removed
}

func newBatch() *batch {
	return &batch{counts: map[string]int64{}, added: map[string][]*creditapi.Listing{}, removed: map[string][]string{}}
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
		b.added[l.Person] = append(b.added[l.Person], l)
	} else {
		b.counts[key]--
		b.removed[l.Person] = append(b.removed[l.Person], l.ID)
	}
	return nil
}

// flush writes the counters and the persons' records, in key order.
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
	persons := append(sortedKeys(b.added), sortedKeys(b.removed)...)
	slices.Sort(persons)
	for _, p := range slices.Compact(persons) {
		listings, err := activeOf(ctx, p)
		if err != nil {
			return err
		}
		listings = slices.DeleteFunc(listings, func(l *creditapi.Listing) bool { return slices.Contains(b.removed[p], l.ID) })
		listings = append(listings, b.added[p]...)
		if err := putActive(ctx, p, listings); err != nil {
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

// activeOf reads a person's active listings: one key, so that a bank's
// check is one read.
func activeOf(ctx contractapi.TransactionContextInterface, person string) ([]*creditapi.Listing, error) {
	key, err := ctx.GetStub().CreateCompositeKey(personIndex, []string{person})
	if err != nil {
		return nil, err
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil || data == nil {
		return nil, err
	}
	var listings []*creditapi.Listing
	if err := json.Unmarshal(data, &listings); err != nil {
		return nil, kernel.Errorf(api.CodeCorrupt, "a person's listing record is unreadable: %v", err)
	}
	return listings, nil
}

func putActive(ctx contractapi.TransactionContextInterface, person string, listings []*creditapi.Listing) error {
	key, err := ctx.GetStub().CreateCompositeKey(personIndex, []string{person})
	if err != nil {
		return err
	}
	if len(listings) == 0 {
		return ctx.GetStub().DelState(key)
	}
	if len(listings) > creditapi.MaxPerPerson {
		return kernel.Errorf(api.CodeLimit, "a person may have at most %d listings in force", creditapi.MaxPerPerson)
	}
	data, err := json.Marshal(listings)
	if err != nil {
		return err
	}
	if err := ctx.GetStub().PutState(key, data); err != nil {
		return err
	}
	return access.RequireCourtEndorsement(ctx.GetStub(), key)
}
