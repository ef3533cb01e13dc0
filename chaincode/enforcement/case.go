// Package enforcement carries enforcement cases from filing to
// conclusion (Opinions items 11, 16 and 20): every operation appended to
// the case's log on the ledger; freezes, seizures and deductions through
// a closed loop of request, approval and execution; automatic resumption,
// in the same case, when a bank reports a property clue or a settlement
// instalment is missed; and deterministic distribution of what is
// collected. docs/legal.md cites the rule behind each state transition.
package enforcement

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Name is the contract's namespace: enforcement:Activate, ...
const Name = "enforcement"

// Case states. Filed is cases.StateFiled: triggers open cases in it.
const (
	Filed      = cases.StateFiled
	Active     = "active"
	Concluded  = "concluded"
	Terminated = "terminated" // the current procedure, for lack of property
	Settled    = "settled"
	Resumed    = "resumed"
)

// transitions are the lawful state changes; every change goes through
// move, which refuses the others. docs/legal.md cites the rule of each.
var transitions = map[string][]string{
	Filed:      {Active, Concluded},
	Active:     {Terminated, Settled, Concluded},
	Resumed:    {Terminated, Settled, Concluded},
	Terminated: {Resumed},
	Settled:    {Resumed, Concluded},
	Concluded:  {},
}

// Case is an enforcement case: the common case record and what
// enforcement adds to it.
type Case struct {
	cases.Case
	// Collected is what has been paid or deducted towards the amount
	// due; Distributed is what of it has been paid out to creditors.
	Collected   int64 `json:"collected"`
	Distributed int64 `json:"distributed"`
	// Operations counts the log's entries: the next one's sequence number.
	Operations     int         `json:"operations"`
	Investigations int         `json:"investigations"`
	Measures       int         `json:"measures"`
	Settlements    int         `json:"settlements"`
	Settlement     *Settlement `json:"settlement,omitempty" metadata:",optional"`
	StateSince     string      `json:"stateSince,omitempty" metadata:",optional"`
	ConcludedHow   string      `json:"concludedHow,omitempty" metadata:",optional"`
}

// Outstanding is what the debtor still owes.
func (c *Case) Outstanding() int64 { return c.AmountDue - c.Collected }

// Open says whether the case can still move: anything but concluded.
func (c *Case) open() bool { return c.State != Concluded }

// load reads an enforcement case, refusing trial cases.
func load(ctx contractapi.TransactionContextInterface, number string) (*Case, error) {
	var c Case
	if err := cases.Load(ctx, number, &c); err != nil {
		return nil, err
	}
	if c.Kind != cases.Enforcement {
		return nil, fmt.Errorf("case %s is a %s case, not an enforcement case", number, c.Kind)
	}
	return &c, nil
}

// save writes the case back, under the court's key-level policy.
func save(ctx contractapi.TransactionContextInterface, c *Case) error {
	return cases.Store(ctx, c.Number, c)
}

// finish saves the case and emits the transaction's events.
func finish(ctx contractapi.TransactionContextInterface, c *Case, events *deadline.Events) error {
	if err := save(ctx, c); err != nil {
		return err
	}
	return events.Emit(ctx)
}

// move changes the case's state if the law allows it, logging why.
func move(ctx contractapi.TransactionContextInterface, c *Case, to string, op Operation, events *deadline.Events) error {
	if !slices.Contains(transitions[c.State], to) {
		return fmt.Errorf("case %s is %s; it cannot become %s (from %s it may become: %s)",
			c.Number, c.State, to, c.State, allowed(c.State))
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return err
	}
	from := c.State
	c.State, c.StateSince = to, now.Format(time.RFC3339Nano)
	if op.Note == "" {
		op.Note = from + " → " + to
	} else {
		op.Note = from + " → " + to + ": " + op.Note
	}
	if _, err := appendOp(ctx, c, op); err != nil {
		return err
	}
	events.Add("case."+to, c.Number, map[string]string{"from": from, "by": op.Officer})
	return nil
}

func allowed(from string) string {
	if len(transitions[from]) == 0 {
		return "nothing, it is final"
	}
	return strings.Join(transitions[from], ", ")
}
