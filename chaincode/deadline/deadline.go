// Package deadline keeps the index of due times that drive cases forward
// on their own (Opinions items 13–15): chaincode cannot wake itself, so a
// keeper submits bounded sweep transactions over this index, and anyone
// with a court or mediation role may trigger one overdue item.
//
// Keys are simple (not composite) so that a sweep can range-read exactly
// the items due by the transaction's time, in due order: Fabric range
// queries over composite keys cannot be bounded by a time.
package deadline

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// prefix starts every deadline key; "~" sorts after the digits and letters
// other keys start with, so the index is one contiguous range.
const prefix = "~deadline|"

// Item is one due time of one record.
type Item struct {
	Due  time.Time `json:"due"`
	Kind string    `json:"kind"`
	ID   string    `json:"id"`
	Key  string    `json:"key"`
}

// Key is the item's index key: the due time in fixed-width nanoseconds, so
// that key order is time order.
func Key(due time.Time, kind, id string) (string, error) {
	if strings.ContainsRune(kind, '|') || strings.ContainsRune(id, '|') || kind == "" || id == "" {
		return "", fmt.Errorf("deadline kind %q and id %q must be non-empty and free of '|'", kind, id)
	}
	ns := due.UTC().UnixNano()
	if ns < 0 {
		return "", fmt.Errorf("due time %s is before 1970", due)
	}
	return fmt.Sprintf("%s%020d|%s|%s", prefix, ns, kind, id), nil
}

// Parse splits an index key.
func Parse(key string) (Item, error) {
	rest, ok := strings.CutPrefix(key, prefix)
	parts := strings.SplitN(rest, "|", 3)
	if !ok || len(parts) != 3 {
		return Item{}, fmt.Errorf("%q is not a deadline key", key)
	}
	ns, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return Item{}, fmt.Errorf("%q is not a deadline key: %w", key, err)
	}
	return Item{Due: time.Unix(0, ns).UTC(), Kind: parts[1], ID: parts[2], Key: key}, nil
}

// Schedule puts an item in the index.
func Schedule(ctx contractapi.TransactionContextInterface, due time.Time, kind, id string) error {
	key, err := Key(due, kind, id)
	if err != nil {
		return err
	}
	return ctx.GetStub().PutState(key, []byte{1})
}

// Cancel removes an item from the index (it was met, or decided otherwise).
func Cancel(ctx contractapi.TransactionContextInterface, due time.Time, kind, id string) error {
	key, err := Key(due, kind, id)
	if err != nil {
		return err
	}
	return ctx.GetStub().DelState(key)
}

// Bound is the end of the range of items due by t (exclusive).
func Bound(t time.Time) string {
	return fmt.Sprintf("%s%020d|", prefix, t.UTC().UnixNano()+1)
}

// Start is the first key of the index.
func Start() string { return prefix }

// Due reads up to max items due by now, in key order, from the index key
// from (inclusive; empty for the start) to the key to (exclusive; empty for
// no bound but now).
//
// The peer reads one result past what it hands the chaincode, so a range
// read records the next key too: sweeps that run side by side must each
// be bounded by the next one's first key (to), or each would conflict with
// the next.
func Due(ctx contractapi.TransactionContextInterface, from, to string, now time.Time, max int) ([]Item, error) {
	if from == "" {
		from = Start()
	}
	if !strings.HasPrefix(from, prefix) {
		return nil, fmt.Errorf("sweep start %q is not a deadline key", from)
	}
	end := Bound(now)
	if to != "" {
		if !strings.HasPrefix(to, prefix) {
			return nil, fmt.Errorf("sweep end %q is not a deadline key", to)
		}
		end = min(end, to)
	}
	if end <= from {
		return nil, nil
	}
	it, err := ctx.GetStub().GetStateByRange(from, end)
	if err != nil {
		return nil, fmt.Errorf("reading the deadline index: %w", err)
	}
	defer it.Close()
	var out []Item
	for len(out) < max && it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("reading the deadline index: %w", err)
		}
		item, err := Parse(kv.Key)
		if err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}
