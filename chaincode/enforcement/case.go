// Package enforcement carries enforcement cases from filing to
// conclusion (Opinions items 11, 16 and 20): every operation appended to
// the case's log on the ledger; freezes, seizures and deductions through
// a closed loop of request, approval and execution; automatic resumption
// when a bank reports a property clue or a settlement instalment is
// missed; and deterministic distribution of what is collected. Its wire
// contract is api/enforcement; the case states are api/cases.
// docs/legal.md cites the rule behind each state transition.
package enforcement

import (
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// transitions are the lawful state changes; every change goes through
// move, which refuses the others. docs/legal.md cites the rule of each.
var transitions = map[string][]string{
	cases.Filed:      {cases.Active, cases.Concluded},
	cases.Active:     {cases.Terminated, cases.Settled, cases.Concluded},
	cases.Resumed:    {cases.Terminated, cases.Settled, cases.Concluded},
	cases.Terminated: {cases.Resumed},
	cases.Settled:    {cases.Resumed, cases.Concluded},
	cases.Concluded:  {},
}

// load reads an enforcement case, refusing trial cases.
func load(t *kernel.Tx, number string) (*enforcementapi.Case, error) {
	var c enforcementapi.Case
	if err := casestore.Load(t, number, &c); err != nil {
		return nil, err
	}
	if c.Kind != cases.Enforcement {
		return nil, kernel.Errorf(api.CodeInvalid, "case %s is a %s case, not an enforcement case", number, c.Kind)
	}
	return &c, nil
}

// save writes the case back, under the court's key-level policy.
func save(t *kernel.Tx, c *enforcementapi.Case) error {
	return casestore.Store(t, c.Number, c)
}

// finish saves the case and emits the transaction's events.
func finish(t *kernel.Tx, c *enforcementapi.Case) error {
	return t.Finish(save(t, c))
}

// move changes the case's state if the law allows it, logging why.
func move(t *kernel.Tx, c *enforcementapi.Case, to string, op enforcementapi.Operation) error {
	if !slices.Contains(transitions[c.State], to) {
		return kernel.Errorf(api.CodeState, "case %s is %s; it cannot become %s (from %s it may become: %s)",
			c.Number, c.State, to, c.State, allowed(c.State))
	}
	from := c.State
	c.State, c.StateSince = to, t.At()
	if op.Note == "" {
		op.Note = from + " → " + to
	} else {
		op.Note = from + " → " + to + ": " + op.Note
	}
	if _, err := appendOp(t, c, op); err != nil {
		return err
	}
	t.Event("case."+to, c.Number, map[string]string{"from": from, "by": op.Officer.String()})
	return nil
}

func allowed(from string) string {
	if len(transitions[from]) == 0 {
		return "nothing, it is final"
	}
	return strings.Join(transitions[from], ", ")
}
