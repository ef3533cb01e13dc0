package deadline

import (
	"fmt"
	"slices"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Name is the sweep contract's namespace: deadline:Due, deadline:Sweep,
// deadline:Trigger.
const Name = "deadline"

// hardMaxSweep bounds a sweep whatever the channel parameter says.
const hardMaxSweep = 1000

// Kind is one kind of due item and what happens when it falls due. Each
// capability contributes its kinds (mediation: filings, obligations,
// judgments; enforcement: settlement instalments), so one keeper and one
// index serve them all.
type Kind struct {
	Name string
	// DueTime reads from the item's own record when it falls due, so that
	// a single trigger cannot name a time of its choosing.
	DueTime func(ctx contractapi.TransactionContextInterface, id string) (time.Time, error)
	// Process applies an item that fell due and says what it did. The
	// record may have moved on since the item was scheduled, so it must
	// check and may do nothing.
	Process func(ctx contractapi.TransactionContextInterface, id string, events *Events) (string, error)
	// Records names the records an item changes (default: the item's
	// ID). A transaction does not read its own writes, so a sweep changes
	// each record once and leaves the items that would change it again
	// due for the next sweep, which then reads what this one wrote.
	Records func(id string) []string
}

// Contract sweeps the deadline index.
type Contract struct {
	contractapi.Contract
	kinds map[string]Kind
	names []string
}

// NewContract returns the sweep contract for these kinds.
func NewContract(kinds ...Kind) *Contract {
	c := &Contract{Contract: contractapi.Contract{Name: Name}, kinds: map[string]Kind{}}
	for _, k := range kinds {
		if _, dup := c.kinds[k.Name]; dup || k.DueTime == nil || k.Process == nil {
			panic(fmt.Sprintf("deadline kind %q is registered twice or incompletely", k.Name))
		}
		c.kinds[k.Name] = k
		c.names = append(c.names, k.Name)
	}
	return c
}

// Outcome is what a sweep did with one due item.
type Outcome struct {
	Key    string `json:"key"`
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	Due    string `json:"due"`
	Result string `json:"result"`
}

// SweepResult lists what a sweep processed and where the next one starts.
type SweepResult struct {
	Processed []Outcome `json:"processed"`
	Events    []Event   `json:"events"`
	// Next is the key after the last one processed: a keeper that splits
	// the index among transactions starts the next sweep there.
	Next string `json:"next,omitempty" metadata:",optional"`
}

// Due lists (read-only, for keepers) up to max items due by the
// transaction's time, from the index key from on.
func (c *Contract) Due(ctx contractapi.TransactionContextInterface, from string, max int) ([]Item, error) {
	if max < 1 || max > hardMaxSweep*10 {
		return nil, fmt.Errorf("max must be 1 to %d, got %d", hardMaxSweep*10, max)
	}
	now, err := Now(ctx)
	if err != nil {
		return nil, err
	}
	items, err := Due(ctx, from, "", now, max)
	if items == nil {
		items = []Item{}
	}
	return items, err
}

// Sweep processes at most max due items in key order, from the index key
// from (empty: the start) to the key to (exclusive; empty: no bound) and
// up to the transaction's time. Bounded, idempotent (a processed item
// leaves the index), and sweeps over disjoint ranges do not conflict.
// Court judges and clerks only; the proposal's timestamp must be within
// the channel's time window of the endorsing peer's clock.
func (c *Contract) Sweep(ctx contractapi.TransactionContextInterface, from string, to string, max int) (*SweepResult, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":Sweep", access.Judge, access.Clerk); err != nil {
		return nil, err
	}
	limit, err := system.Int(ctx, system.SweepMaxItems)
	if err != nil {
		return nil, err
	}
	if max < 1 || max > min(limit, hardMaxSweep) {
		return nil, fmt.Errorf("max must be 1 to %d (parameter %s), got %d", min(limit, hardMaxSweep), system.SweepMaxItems, max)
	}
	now, err := fresh(ctx)
	if err != nil {
		return nil, err
	}
	items, err := Due(ctx, from, to, now, max)
	if err != nil {
		return nil, err
	}
	events := &Events{}
	res := &SweepResult{Processed: []Outcome{}}
	touched := map[string]bool{} // lookup only
	for _, item := range items {
		records := c.records(item)
		if slices.ContainsFunc(records, func(r string) bool { return touched[r] }) {
			res.Processed = append(res.Processed, Outcome{Key: item.Key, Kind: item.Kind, ID: item.ID, Due: item.Due.Format(time.RFC3339),
				Result: "deferred to the next sweep: its record changed in this one"})
			continue
		}
		for _, r := range records {
			touched[r] = true
		}
		out, err := c.process(ctx, item, events)
		if err != nil {
			return nil, fmt.Errorf("%s %s due %s: %w", item.Kind, item.ID, item.Due.Format(time.RFC3339), err)
		}
		res.Processed = append(res.Processed, out)
		res.Next = item.Key + "\x00"
	}
	res.Events = events.List()
	return res, events.Emit(ctx)
}

// Trigger processes one overdue item, for anyone with a court or
// mediation role who does not want to wait for the keeper.
func (c *Contract) Trigger(ctx contractapi.TransactionContextInterface, kind string, id string) (*SweepResult, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":Trigger", access.Judge, access.Clerk, access.EnforcementOfficer, access.Mediator); err != nil {
		return nil, err
	}
	k, ok := c.kinds[kind]
	if !ok {
		return nil, fmt.Errorf("unknown kind %q: one of %v", kind, c.names)
	}
	now, err := fresh(ctx)
	if err != nil {
		return nil, err
	}
	due, err := k.DueTime(ctx, id)
	if err != nil {
		return nil, err
	}
	if due.After(now) {
		return nil, fmt.Errorf("%s %s is not due until %s (transaction time %s)", kind, id, due.Format(time.RFC3339), now.Format(time.RFC3339))
	}
	key, err := Key(due, kind, id)
	if err != nil {
		return nil, err
	}
	res := &SweepResult{Processed: []Outcome{}}
	if scheduled, err := ctx.GetStub().GetState(key); err != nil {
		return nil, err
	} else if scheduled == nil {
		res.Processed = append(res.Processed, Outcome{Key: key, Kind: kind, ID: id, Due: due.Format(time.RFC3339), Result: "already processed; nothing changed"})
		return res, nil
	}
	events := &Events{}
	out, err := c.process(ctx, Item{Due: due, Kind: kind, ID: id, Key: key}, events)
	if err != nil {
		return nil, err
	}
	res.Processed = append(res.Processed, out)
	res.Events = events.List()
	return res, events.Emit(ctx)
}

// records are the records item changes, for Sweep's one-change-per-record
// rule.
func (c *Contract) records(item Item) []string {
	if k, ok := c.kinds[item.Kind]; ok && k.Records != nil {
		return k.Records(item.ID)
	}
	return []string{item.Kind + "|" + item.ID}
}

func fresh(ctx contractapi.TransactionContextInterface) (time.Time, error) {
	window, err := system.Duration(ctx, system.TimestampWindow)
	if err != nil {
		return time.Time{}, err
	}
	return CheckFresh(ctx, window)
}

// process applies one due item and removes it from the index.
func (c *Contract) process(ctx contractapi.TransactionContextInterface, item Item, events *Events) (Outcome, error) {
	out := Outcome{Key: item.Key, Kind: item.Kind, ID: item.ID, Due: item.Due.Format(time.RFC3339)}
	k, ok := c.kinds[item.Kind]
	if !ok {
		return out, fmt.Errorf("unknown deadline kind %q", item.Kind)
	}
	result, err := k.Process(ctx, item.ID, events)
	if err != nil {
		return out, err
	}
	out.Result = result
	return out, ctx.GetStub().DelState(item.Key)
}
