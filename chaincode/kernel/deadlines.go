package kernel

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/deadline"
)

// The deadline index holds every due time that drives a case forward on
// its own (Opinions items 13–16). Keys are simple, not composite, so that
// a sweep can range-read exactly the items due by the transaction's time,
// in due order: Fabric range queries over composite keys cannot be
// bounded by a time.

// DeadlineKind is one kind of due item and what happens when it falls due.
// Each capability contributes its kinds, so one keeper and one index serve
// them all.
type DeadlineKind struct {
	Name string
	// DueTime reads from the item's own record when it falls due, so that
	// a single trigger cannot name a time of its choosing.
	DueTime func(t *Tx, id string) (time.Time, error)
	// Process applies an item that fell due and says what it did. The
	// record may have moved on since the item was scheduled, so it must
	// check and may do nothing.
	Process func(t *Tx, id string) (string, error)
	// Records names the records an item changes (default: the item's
	// ID). A transaction does not read its own writes, so a sweep changes
	// each record once and leaves the items that would change it again
	// due for the next sweep, which then reads what this one wrote. It
	// may read the item's record (the transaction remembers what it
	// read, so Process reads it again for free); where the record cannot
	// be read it names what it can, and Process sets the item aside.
	Records func(t *Tx, id string) []string
}

// deadlinePrefix starts every deadline key; "~" sorts after the digits
// and letters other keys start with, so the index is one contiguous range.
const deadlinePrefix = "~deadline|"

// DeadlineKey is an item's index key: the due time in fixed-width
// nanoseconds, so that key order is time order.
func DeadlineKey(due time.Time, kind, id string) (string, error) {
	if strings.ContainsRune(kind, '|') || strings.ContainsRune(id, '|') || kind == "" || id == "" || len(kind)+len(id) > 2*api.MaxID {
		return "", Errorf(api.CodeInvalid, "deadline kind %q and id %q must be non-empty, short and free of '|'", api.Short(kind), api.Short(id))
	}
	// The key holds nanoseconds since 1970 in an int64: a later time
	// would wrap around to an earlier one and fall due then.
	switch {
	case due.Before(firstDue):
		return "", Errorf(api.CodeInvalid, "due time %s is before 1970", due)
	case due.After(lastDue):
		return "", Errorf(api.CodeInvalid, "due time %s is after %s, the last time the deadline index holds", due, lastDue.Format(time.RFC3339))
	}
	return fmt.Sprintf("%s%020d|%s|%s", deadlinePrefix, due.UnixNano(), kind, id), nil
}

// firstDue and lastDue bound the times a deadline key holds.
var firstDue, lastDue = time.Unix(0, 0), time.Unix(0, math.MaxInt64)

// ParseDeadline splits an index key.
func ParseDeadline(key string) (deadline.Item, error) {
	rest, ok := strings.CutPrefix(key, deadlinePrefix)
	parts := strings.SplitN(rest, "|", 3)
	if !ok || len(parts) != 3 {
		return deadline.Item{}, Errorf(api.CodeInvalid, "%q is not a deadline key", api.Short(key))
	}
	ns, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return deadline.Item{}, Errorf(api.CodeInvalid, "%q is not a deadline key", api.Short(key))
	}
	return deadline.Item{Due: time.Unix(0, ns).UTC(), Kind: parts[1], ID: parts[2], Key: key}, nil
}

// Schedule puts an item in the index.
func Schedule(t *Tx, due time.Time, kind, id string) error {
	key, err := DeadlineKey(due, kind, id)
	if err != nil {
		return err
	}
	return t.GetStub().PutState(key, []byte{1})
}

// Cancel removes an item from the index (it was met, or decided otherwise).
func Cancel(t *Tx, due time.Time, kind, id string) error {
	key, err := DeadlineKey(due, kind, id)
	if err != nil {
		return err
	}
	return t.GetStub().DelState(key)
}

// Scheduled tells whether the item is in the index.
func Scheduled(t *Tx, key string) (bool, error) {
	data, err := t.GetStub().GetState(key)
	return data != nil, err
}

// DeadlineBound is the end of the range of items due by at (exclusive).
func DeadlineBound(at time.Time) string {
	return fmt.Sprintf("%s%020d|", deadlinePrefix, at.UTC().UnixNano()+1)
}

// DueItems reads up to max items due by now, in key order, from the index
// key from (inclusive; empty for the start) to the key to (exclusive;
// empty for no bound but now).
//
// The peer reads one result past what it hands the chaincode unless the
// range ends first, so a range read records the next key too: sweeps that
// run side by side must each be bounded (to), by the next one's first key
// or by their own last key followed by "\x00" (the first key after it),
// or each would conflict with the next.
func DueItems(t *Tx, from, to string, now time.Time, max int) ([]deadline.Item, error) {
	if from == "" {
		from = deadlinePrefix
	}
	if !strings.HasPrefix(from, deadlinePrefix) {
		return nil, Errorf(api.CodeInvalid, "sweep start %q is not a deadline key", api.Short(from))
	}
	end := DeadlineBound(now)
	if to != "" {
		if !strings.HasPrefix(to, deadlinePrefix) {
			return nil, Errorf(api.CodeInvalid, "sweep end %q is not a deadline key", api.Short(to))
		}
		end = min(end, to)
	}
	if end <= from {
		return nil, nil
	}
	it, err := t.GetStub().GetStateByRange(from, end)
	if err != nil {
		return nil, fmt.Errorf("reading the deadline index: %w", err)
	}
	defer it.Close()
	var out []deadline.Item
	for len(out) < max && it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("reading the deadline index: %w", err)
		}
		item, err := ParseDeadline(kv.Key)
		if err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}

// asidePrefix starts the keys of items set aside: it sorts before the
// index ('!' before '|'), so no sweep's range ever reads them.
const asidePrefix = "~deadline!aside|"

// asideKey is where an item of the index is set aside.
func asideKey(key string) (string, error) {
	rest, ok := strings.CutPrefix(key, deadlinePrefix)
	if !ok {
		return "", Errorf(api.CodeInvalid, "%q is not a deadline key", api.Short(key))
	}
	return asidePrefix + rest, nil
}

// SetAside moves an item whose processing failed out of the index, with
// the reason, so that it stops every later sweep no more; Trigger takes it
// up again.
func SetAside(t *Tx, item deadline.Item, reason string) error {
	key, err := asideKey(item.Key)
	if err != nil {
		return err
	}
	data, err := json.Marshal(deadline.SetAsideItem{Item: item, Reason: reason, At: t.At(), TxID: t.TxID()})
	if err != nil {
		return err
	}
	if err := t.GetStub().DelState(item.Key); err != nil {
		return err
	}
	return t.GetStub().PutState(key, data)
}

// SetAsideOf reads the set-aside entry of an index key, if there is one.
func SetAsideOf(t *Tx, key string) (*deadline.SetAsideItem, error) {
	k, err := asideKey(key)
	if err != nil {
		return nil, err
	}
	data, err := t.GetStub().GetState(k)
	if err != nil || data == nil {
		return nil, err
	}
	var s deadline.SetAsideItem
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, Errorf(api.CodeCorrupt, "set-aside item %s is unreadable: %v", api.Short(key), err)
	}
	return &s, nil
}

// Restore removes an item's set-aside entry once it was processed.
func Restore(t *Tx, key string) error {
	k, err := asideKey(key)
	if err != nil {
		return err
	}
	return t.GetStub().DelState(k)
}

// SetAsideItems lists up to max set-aside items from the index key from
// on ("" for the start).
func SetAsideItems(t *Tx, from string, max int) ([]deadline.SetAsideItem, error) {
	start := asidePrefix
	if from != "" {
		k, err := asideKey(from)
		if err != nil {
			return nil, err
		}
		start = k
	}
	it, err := t.GetStub().GetStateByRange(start, asidePrefix+"\U0010FFFF")
	if err != nil {
		return nil, fmt.Errorf("reading the set-aside items: %w", err)
	}
	defer it.Close()
	out := []deadline.SetAsideItem{}
	for len(out) < max && it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		var s deadline.SetAsideItem
		if err := json.Unmarshal(kv.Value, &s); err != nil {
			return nil, Errorf(api.CodeCorrupt, "set-aside item %q is unreadable: %v", api.Short(kv.Key), err)
		}
		out = append(out, s)
	}
	return out, nil
}
