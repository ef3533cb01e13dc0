package ledgertest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// Fuzz targets run the contract functions on inputs no test author
// wrote. A target sets a ledger up once, gives each input a Clone of it,
// and runs the transaction through Fuzz, which checks what every
// transaction keeps whatever it is sent.

// Clone copies the ledger, so that what runs on the copy leaves l as it
// was. The copy gets a channel of its own (what a chaincode process
// caches per channel stays apart), and the chaincode server's clock
// follows the copy from now on.
func (l *Ledger) Clone() *Ledger {
	c := New()
	c.State = maps.Clone(l.State)
	c.Policies = maps.Clone(l.Policies)
	for coll, data := range l.Private {
		c.Private[coll] = maps.Clone(data)
	}
	c.Purged = slices.Clone(l.Purged)
	for k, mods := range l.history {
		c.history[k] = slices.Clone(mods)
	}
	c.txs, c.Now, c.ServerSkew, c.cc = l.txs, l.Now, l.ServerSkew, l.cc
	return c
}

// Fuzz runs fn as one transaction by who and commits it if fn succeeds, as
// Run does, and fails t if the transaction breaks a rule every one keeps:
//   - refused, it wrote nothing: no state, no endorsement policy, no
//     private data, no event. Fabric would discard the writes of a failed
//     proposal anyway; the rule is for the code that runs inside another
//     transaction (a hook, a sweep's step), where a refusal that left
//     half its writes behind would commit them;
//   - accepted, its event, if it has one, is an envelope of this
//     transaction with at least one domain event; every deadline it
//     scheduled is due, by the record it belongs to, at the time of its
//     index key, so that the sweep and a trigger agree on it (kinds are
//     the deadline kinds of the contracts under test; items of other
//     kinds are not checked); and every deadline it cancelled was in the
//     index: a cancel that computes another key deletes nothing and
//     leaves the real entry to fall due.
func Fuzz[T any](t testing.TB, l *Ledger, who Identity, fn func(*Tx) (T, error), kinds ...kernel.DeadlineKind) (T, error) {
	t.Helper()
	tx := l.Tx(who)
	v, err := fn(tx)
	if err != nil {
		if wrote := tx.wrote(); len(wrote) > 0 {
			t.Fatalf("refused with %q, yet wrote %s", err, strings.Join(wrote, ", "))
		}
		return v, err
	}
	if tx.event != nil {
		var env api.EventEnvelope
		if err := json.Unmarshal(tx.event, &env); err != nil || env.TxID != tx.txID || len(env.Events) == 0 {
			t.Fatalf("accepted, with an event that is not an envelope of transaction %s with events: %q", tx.txID, tx.event)
		}
	}
	for _, key := range cancelledKeys(tx.writes) {
		if l.State[key] == nil && l.State[asidePrefix+strings.TrimPrefix(key, deadlinePrefix)] == nil {
			t.Fatalf("accepted, and cancelled deadline %q, which is not in the index", key)
		}
	}
	scheduled := scheduledKeys(tx.writes)
	tx.Commit()
	for _, key := range scheduled {
		checkDeadline(t, l, who, key, kinds)
	}
	return v, nil
}

// FuzzRead runs fn, a function that only reads, as one transaction by who
// and fails t if it wrote anything, whether it answered or refused.
func FuzzRead[T any](t testing.TB, l *Ledger, who Identity, fn func(*Tx) (T, error)) (T, error) {
	t.Helper()
	tx := l.Tx(who)
	v, err := fn(tx)
	if wrote := tx.wrote(); len(wrote) > 0 {
		t.Fatalf("a read (error %v) wrote %s", err, strings.Join(wrote, ", "))
	}
	return v, err
}

// wrote names what the transaction would write, in order.
func (tx *Tx) wrote() []string {
	var out []string
	for _, k := range sortedKeys(tx.writes) {
		out = append(out, fmt.Sprintf("state %q", k))
	}
	for _, k := range sortedKeys(tx.policies) {
		out = append(out, fmt.Sprintf("the endorsement policy of %q", k))
	}
	for _, coll := range sortedKeys(tx.private) {
		for _, k := range sortedKeys(tx.private[coll]) {
			out = append(out, fmt.Sprintf("private %s/%q", coll, k))
		}
	}
	if tx.event != nil {
		out = append(out, "an event")
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// deadlinePrefix and asidePrefix are kernel's: the index is one range
// of simple keys, and the items a sweep set aside another.
const (
	deadlinePrefix = "~deadline|"
	asidePrefix    = "~deadline!aside|"
)

func cancelledKeys(writes map[string][]byte) []string {
	var out []string
	for _, k := range sortedKeys(writes) {
		if strings.HasPrefix(k, deadlinePrefix) && writes[k] == nil {
			out = append(out, k)
		}
	}
	return out
}

func scheduledKeys(writes map[string][]byte) []string {
	var out []string
	for _, k := range sortedKeys(writes) {
		if strings.HasPrefix(k, deadlinePrefix) && writes[k] != nil {
			out = append(out, k)
		}
	}
	return out
}

// checkDeadline fails t unless the record of a scheduled item, now
// committed, says it is due at the time its key holds.
func checkDeadline(t testing.TB, l *Ledger, who Identity, key string, kinds []kernel.DeadlineKind) {
	t.Helper()
	item, err := kernel.ParseDeadline(key)
	if err != nil {
		t.Fatalf("accepted, and scheduled %q: %v", key, err)
	}
	i := slices.IndexFunc(kinds, func(k kernel.DeadlineKind) bool { return k.Name == item.Kind })
	if i < 0 {
		return
	}
	due, err := kinds[i].DueTime(l.Tx(who).Kernel(), item.ID)
	if err != nil {
		t.Fatalf("accepted, and scheduled %s %s at %s, which its record cannot date: %v", item.Kind, item.ID, item.Due, err)
	}
	if !due.Equal(item.Due) {
		t.Fatalf("accepted, and scheduled %s %s at %s, but its record says it is due at %s", item.Kind, item.ID, item.Due, due.UTC())
	}
}
