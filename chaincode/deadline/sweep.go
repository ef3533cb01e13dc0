// Package deadline is the sweep contract over the kernel's deadline index:
// chaincode cannot wake itself, so a keeper submits bounded sweep
// transactions, and anyone with a court or mediation role may trigger one
// overdue item (Opinions items 13–16). Each capability registers the
// kinds of item it schedules; main wires them in.
package deadline

import (
	"fmt"
	"slices"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/deadline"
	"github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Contract sweeps the deadline index.
type Contract struct {
	contractapi.Contract
	kinds map[string]kernel.DeadlineKind // lookup only, never iterated
	names []string
}

// NewContract returns the sweep contract for these kinds.
func NewContract(kinds ...kernel.DeadlineKind) *Contract {
	c := &Contract{Contract: kernel.NewContract(deadline.Namespace), kinds: map[string]kernel.DeadlineKind{}}
	for _, k := range kinds {
		if _, dup := c.kinds[k.Name]; dup || k.DueTime == nil || k.Process == nil {
			panic(fmt.Sprintf("deadline kind %q is registered twice or incompletely", k.Name))
		}
		c.kinds[k.Name] = k
		c.names = append(c.names, k.Name)
	}
	return c
}

// Due lists (read-only, for keepers) up to max items due by the
// transaction's time, from the index key from on.
func (c *Contract) Due(tx *kernel.Tx, from string, max int) ([]deadline.Item, error) {
	if max < 1 || max > deadline.MaxSweep*10 {
		return nil, kernel.Errorf(api.CodeInvalid, "max must be 1 to %d, got %d", deadline.MaxSweep*10, max)
	}
	items, err := kernel.DueItems(tx, from, "", tx.Now, max)
	if items == nil {
		items = []deadline.Item{}
	}
	return items, err
}

// Sweep processes at most max due items in key order, from the index key
// from (empty: the start) to the key to (exclusive; empty: no bound) and
// up to the transaction's time. Bounded, idempotent (a processed item
// leaves the index), and sweeps over disjoint ranges do not conflict.
func (c *Contract) Sweep(tx *kernel.Tx, from string, to string, max int) (*deadline.SweepResult, error) {
	limit, err := kernel.Int(tx, system.SweepMaxItems)
	if err != nil {
		return nil, err
	}
	if max < 1 || max > min(limit, deadline.MaxSweep) {
		return nil, kernel.Errorf(api.CodeLimit, "max must be 1 to %d (parameter %s), got %d", min(limit, deadline.MaxSweep), system.SweepMaxItems, max)
	}
	items, err := kernel.DueItems(tx, from, to, tx.Now, max)
	if err != nil {
		return nil, err
	}
	res := &deadline.SweepResult{Processed: []deadline.Outcome{}}
	touched := map[string]bool{} // lookup only
	for _, item := range items {
		records := c.records(tx, item)
		if slices.ContainsFunc(records, func(r string) bool { return touched[r] }) {
			res.Processed = append(res.Processed, deadline.Outcome{Key: item.Key, Kind: item.Kind, ID: item.ID, Due: item.Due.Format(time.RFC3339),
				Result: "deferred to the next sweep: its record changed in this one", Deferred: true})
			continue
		}
		for _, r := range records {
			touched[r] = true
		}
		res.Processed = append(res.Processed, c.processOrSetAside(tx, item))
		res.Next = item.Key + "\x00"
	}
	res.Events = tx.Events()
	return res, nil
}

// Trigger processes one overdue item, for anyone with a court or
// mediation role who does not want to wait for the keeper.
func (c *Contract) Trigger(tx *kernel.Tx, kind string, id string) (*deadline.SweepResult, error) {
	k, ok := c.kinds[kind]
	if !ok {
		return nil, kernel.Errorf(api.CodeInvalid, "unknown kind %q: one of %v", api.Short(kind), c.names)
	}
	due, err := k.DueTime(tx, id)
	if err != nil {
		return nil, err
	}
	if due.After(tx.Now) {
		return nil, kernel.Errorf(api.CodeTime, "%s %s is not due until %s (transaction time %s)", kind, id, due.Format(time.RFC3339), tx.Now.Format(time.RFC3339))
	}
	key, err := kernel.DeadlineKey(due, kind, id)
	if err != nil {
		return nil, err
	}
	res := &deadline.SweepResult{Processed: []deadline.Outcome{}}
	scheduled, err := kernel.Scheduled(tx, key)
	if err != nil {
		return nil, err
	}
	aside, err := kernel.SetAsideOf(tx, key)
	if err != nil {
		return nil, err
	}
	if !scheduled && aside == nil {
		res.Processed = append(res.Processed, deadline.Outcome{Key: key, Kind: kind, ID: id, Due: due.Format(time.RFC3339), Result: "already processed; nothing changed"})
		return res, nil
	}
	out, err := c.process(tx, deadline.Item{Due: due, Kind: kind, ID: id, Key: key})
	if err != nil {
		return nil, err
	}
	if aside != nil {
		if err := kernel.Restore(tx, key); err != nil {
			return nil, err
		}
		out.Result += " (it had been set aside: " + aside.Reason + ")"
	}
	res.Processed = append(res.Processed, out)
	res.Events = tx.Events()
	return res, nil
}

// records are the records item changes, for Sweep's one-change-per-record
// rule.
func (c *Contract) records(tx *kernel.Tx, item deadline.Item) []string {
	if k, ok := c.kinds[item.Kind]; ok && k.Records != nil {
		return k.Records(tx, item.ID)
	}
	return []string{item.Kind + "|" + item.ID}
}

// processOrSetAside processes one item of a sweep as a whole or not at
// all: an item that fails (a record that cannot be read, a rule that no
// longer holds) is set aside with its reason, so that it does not stop
// this sweep or any later one; Trigger takes it up again.
func (c *Contract) processOrSetAside(tx *kernel.Tx, item deadline.Item) deadline.Outcome {
	var out deadline.Outcome
	err := tx.Try(func(child *kernel.Tx) error {
		var err error
		out, err = c.process(child, item)
		return err
	})
	if err == nil {
		return out
	}
	reason := api.StripCode(err.Error())
	out = deadline.Outcome{Key: item.Key, Kind: item.Kind, ID: item.ID, Due: item.Due.Format(time.RFC3339), Result: "set aside: " + reason, SetAside: true}
	if err := kernel.SetAside(tx, item, reason); err != nil {
		out.Result = "set aside failed too: " + err.Error()
	}
	tx.Event(deadline.EventSetAside, item.Kind+"|"+item.ID, map[string]string{"reason": reason})
	return out
}

// SetAside lists the items sweeps set aside, with the reasons.
func (c *Contract) SetAside(tx *kernel.Tx, from string, max int) ([]deadline.SetAsideItem, error) {
	if max < 1 || max > deadline.MaxSweep {
		return nil, kernel.Errorf(api.CodeInvalid, "max must be 1 to %d, got %d", deadline.MaxSweep, max)
	}
	return kernel.SetAsideItems(tx, from, max)
}

// process applies one due item and removes it from the index.
func (c *Contract) process(tx *kernel.Tx, item deadline.Item) (deadline.Outcome, error) {
	out := deadline.Outcome{Key: item.Key, Kind: item.Kind, ID: item.ID, Due: item.Due.Format(time.RFC3339)}
	k, ok := c.kinds[item.Kind]
	if !ok {
		return out, kernel.Errorf(api.CodeCorrupt, "unknown deadline kind %q", item.Kind)
	}
	result, err := k.Process(tx, item.ID)
	if err != nil {
		return out, err
	}
	out.Result = result
	return out, tx.GetStub().DelState(item.Key)
}
