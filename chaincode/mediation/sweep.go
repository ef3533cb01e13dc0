package mediation

import (
	"fmt"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/state"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Deadline kinds this contract schedules.
const (
	KindFiling     = "filing"
	KindObligation = "obligation"
	KindJudgment   = "judgment"
)

// hardMaxSweep bounds a sweep whatever the channel parameter says.
const hardMaxSweep = 1000

// Contract is the mediation contract: filings, agreements, judgments and
// the sweeps that move them on when their time comes.
type Contract struct {
	contractapi.Contract
}

// New returns the contract with its namespace set.
func New() *Contract {
	return &Contract{Contract: contractapi.Contract{Name: Name}}
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
	Processed []Outcome        `json:"processed"`
	Events    []deadline.Event `json:"events"`
	// Next is the key after the last one processed: a keeper that splits
	// the index among transactions starts the next sweep there.
	Next string `json:"next,omitempty" metadata:",optional"`
}

// Due lists (read-only, for keepers) up to max items due by the
// transaction's time, from the index key from on.
func (c *Contract) Due(ctx contractapi.TransactionContextInterface, from string, max int) ([]deadline.Item, error) {
	if max < 1 || max > hardMaxSweep*10 {
		return nil, fmt.Errorf("max must be 1 to %d, got %d", hardMaxSweep*10, max)
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	items, err := deadline.Due(ctx, from, "", now, max)
	if items == nil {
		items = []deadline.Item{}
	}
	return items, err
}

// Sweep processes at most max due items in key order, from the index key
// from (empty: the start) to the key to (exclusive; empty: no bound) and up
// to the transaction's time. Bounded, idempotent (a processed item leaves
// the index), and sweeps over disjoint ranges do not conflict. Court roles only; the proposal's timestamp must be within
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
	items, err := deadline.Due(ctx, from, to, now, max)
	if err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	res := &SweepResult{Processed: []Outcome{}}
	for _, item := range items {
		out, err := process(ctx, item, events)
		if err != nil {
			return nil, fmt.Errorf("%s %s due %s: %w", item.Kind, item.ID, item.Due.Format(time.RFC3339), err)
		}
		res.Processed = append(res.Processed, out)
		res.Next = item.Key + "\x00"
	}
	res.Events = events.List()
	return res, finish(ctx, events, nil)
}

// Trigger processes one overdue item, for anyone with a court or mediation
// role who does not want to wait for the keeper.
func (c *Contract) Trigger(ctx contractapi.TransactionContextInterface, kind string, id string) (*SweepResult, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":Trigger", access.Judge, access.Clerk, access.EnforcementOfficer, access.Mediator); err != nil {
		return nil, err
	}
	now, err := fresh(ctx)
	if err != nil {
		return nil, err
	}
	due, err := dueTime(ctx, kind, id)
	if err != nil {
		return nil, err
	}
	if due.After(now) {
		return nil, fmt.Errorf("%s %s is not due until %s (transaction time %s)", kind, id, due.Format(time.RFC3339), now.Format(time.RFC3339))
	}
	key, err := deadline.Key(due, kind, id)
	if err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	res := &SweepResult{Processed: []Outcome{}}
	if scheduled, err := ctx.GetStub().GetState(key); err != nil {
		return nil, err
	} else if scheduled == nil {
		res.Processed = append(res.Processed, Outcome{Key: key, Kind: kind, ID: id, Due: due.Format(time.RFC3339), Result: "already processed; nothing changed"})
		return res, nil
	}
	out, err := process(ctx, deadline.Item{Due: due, Kind: kind, ID: id, Key: key}, events)
	if err != nil {
		return nil, err
	}
	res.Processed = append(res.Processed, out)
	res.Events = events.List()
	return res, finish(ctx, events, nil)
}

func fresh(ctx contractapi.TransactionContextInterface) (time.Time, error) {
	window, err := system.Duration(ctx, system.TimestampWindow)
	if err != nil {
		return time.Time{}, err
	}
	return deadline.CheckFresh(ctx, window)
}

// process applies one due item and removes it from the index.
func process(ctx contractapi.TransactionContextInterface, item deadline.Item, events *deadline.Events) (Outcome, error) {
	out := Outcome{Key: item.Key, Kind: item.Kind, ID: item.ID, Due: item.Due.Format(time.RFC3339)}
	var err error
	switch item.Kind {
	case KindFiling:
		out.Result, err = filingDue(ctx, item.ID, events)
	case KindObligation:
		out.Result, err = obligationDue(ctx, item.ID, events)
	case KindJudgment:
		out.Result, err = judgmentDue(ctx, item.ID, events)
	default:
		return out, fmt.Errorf("unknown deadline kind %q", item.Kind)
	}
	if err != nil {
		return out, err
	}
	return out, ctx.GetStub().DelState(item.Key)
}

func filingDue(ctx contractapi.TransactionContextInterface, id string, events *deadline.Events) (string, error) {
	var f Filing
	if err := state.MustGet(ctx, filingObject, id, &f); err != nil {
		return "", err
	}
	if f.State != FilingSubmitted {
		return "filing already " + f.State + "; nothing to do", nil
	}
	docketed, err := decideFiling(ctx, id, FilingDocketed, "auto", "", events)
	if err != nil {
		return "", err
	}
	return "docketed automatically as " + docketed.CaseNumber, nil
}

func obligationDue(ctx contractapi.TransactionContextInterface, ref string, events *deadline.Events) (string, error) {
	id, index, err := parseObligationRef(ref)
	if err != nil {
		return "", err
	}
	a, o, err := loadObligation(ctx, id, index)
	if err != nil {
		return "", err
	}
	if o.State != Active {
		return "obligation " + o.State + "; nothing to do", nil
	}
	if err := breach(ctx, a, index, "found at the due time: unperformed", "auto", events); err != nil {
		return "", err
	}
	return fmt.Sprintf("breach: %s case %s", a.Breach.CaseKind, a.Breach.CaseNumber), nil
}

// dueTime finds when an item falls due, from its record.
func dueTime(ctx contractapi.TransactionContextInterface, kind, id string) (time.Time, error) {
	switch kind {
	case KindFiling:
		var f Filing
		if err := state.MustGet(ctx, filingObject, id, &f); err != nil {
			return time.Time{}, err
		}
		return time.Parse(time.RFC3339Nano, f.ReviewDeadline)
	case KindObligation:
		aid, index, err := parseObligationRef(id)
		if err != nil {
			return time.Time{}, err
		}
		_, o, err := loadObligation(ctx, aid, index)
		if err != nil {
			return time.Time{}, err
		}
		return time.Parse(time.RFC3339Nano, o.Deadline)
	case KindJudgment:
		var j Judgment
		if err := state.MustGet(ctx, judgmentObject, id, &j); err != nil {
			return time.Time{}, err
		}
		return time.Parse(time.RFC3339, j.Deadline)
	}
	return time.Time{}, fmt.Errorf("unknown kind %q: one of filing, obligation, judgment", kind)
}

// GetCase reads a case a trigger opened.
func (c *Contract) GetCase(ctx contractapi.TransactionContextInterface, number string) (*cases.Case, error) {
	return cases.Get(ctx, number)
}
