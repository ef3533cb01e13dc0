// Package enforcement carries enforcement cases from filing to
// conclusion (Opinions items 11, 16 and 20): every operation appended to
// the case's log on the ledger; freezes, seizures and deductions through
// a closed loop of request, approval and execution; termination for lack
// of property once the log shows the five conditions of the 2016
// Provisions, and the court's own inquiry every 6 months after it;
// resumption as a case of its own (执恢) when property covering the debt
// is found, when an officer verifies what the creditor reported, or when
// a settlement is not performed; suspension, rulings not to enforce and
// final termination; and deterministic distribution of what is
// collected. Its wire contract is api/enforcement; the case states are
// api/cases. docs/legal.md cites the rule behind each state transition.
//
// The files read in the order a case lives: case.go (states and their
// transitions), contract.go (filing, the notice, collection,
// conclusion), log.go (the operations log and the searches), measure.go
// (the request–approval–execution loop), termination.go (the five
// conditions), inquiry.go (the court's inquiry after termination and the
// answers to it), clue.go (banks' property clues), resumption.go
// (resumption cases, applications and officers' tasks), settlement.go
// and ending.go (suspension, rulings not to enforce, final termination).
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

// final are the states a case never leaves.
var final = []string{cases.Concluded, cases.NotEnforced, cases.FinallyTerminated}

// transitions are the lawful state changes; every change goes through
// move, which refuses the others. docs/legal.md cites the rule of each.
// A terminated or settled case is not moved to resume: its resumption is
// a case of its own (resumption.go), and it stays as it is.
var transitions = map[string][]string{
	cases.Filed:      {cases.Active, cases.Concluded, cases.NotEnforced, cases.FinallyTerminated},
	cases.Active:     {cases.Terminated, cases.Settled, cases.Concluded, cases.Suspended, cases.NotEnforced, cases.FinallyTerminated},
	cases.Resumed:    {cases.Terminated, cases.Settled, cases.Concluded, cases.Suspended, cases.NotEnforced, cases.FinallyTerminated},
	cases.Terminated: {cases.NotEnforced, cases.FinallyTerminated},
	cases.Settled:    {cases.Concluded, cases.NotEnforced, cases.FinallyTerminated},
	cases.Suspended:  {cases.Active, cases.NotEnforced, cases.FinallyTerminated},

	cases.Concluded:         {},
	cases.NotEnforced:       {},
	cases.FinallyTerminated: {},
}

// Kinds are the deadline kinds this contract schedules: settlement
// instalments (settlement.go) and the court's inquiries after
// termination (inquiry.go).
func Kinds() []kernel.DeadlineKind {
	return []kernel.DeadlineKind{
		{Name: enforcementapi.KindInstalment, DueTime: instalmentDueTime, Process: instalmentDue, Records: instalmentCase},
		{Name: enforcementapi.KindInquiry, DueTime: inquiryDueTime, Process: inquiryDue, Records: inquiryCase},
	}
}

// load reads an enforcement case, refusing trial cases.
func load(t *kernel.Tx, number string) (*enforcementapi.Case, error) {
	return casestore.Enforcement(t, number)
}

// move changes the case's state if the law allows it, logging why. A case
// resumed as another one moves no more: the matter goes on there.
func move(t *kernel.Tx, c *enforcementapi.Case, to string, op enforcementapi.Operation) error {
	if err := resumedAway(c); err != nil {
		return err
	}
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
	t.Event(cases.StateEvent(to), c.Number, map[string]string{"from": from, "by": op.Officer.String()})
	return nil
}

// resumedAway refuses to act on a case that was resumed as another: it
// stays terminated or settled, a record of what happened.
func resumedAway(c *enforcementapi.Case) error {
	if n := len(c.ResumedAs); n > 0 {
		return kernel.Errorf(api.CodeState, "case %s was resumed as %s, where its enforcement goes on; it stays %s",
			c.Number, c.ResumedAs[n-1], c.State)
	}
	return nil
}

func allowed(from string) string {
	if len(transitions[from]) == 0 {
		return "nothing, it is final"
	}
	return strings.Join(transitions[from], ", ")
}

// matter lists the case and the cases it carries on, newest first: a
// resumption case, the case it resumes, and so on back to the first.
func matter(t *kernel.Tx, c *enforcementapi.Case) ([]string, error) {
	numbers := []string{c.Number}
	for prev := c.Resumes; prev != ""; {
		if len(numbers) > enforcementapi.MaxResumptions {
			return nil, kernel.Errorf(api.CodeCorrupt, "case %s carries on more than %d cases", c.Number, enforcementapi.MaxResumptions)
		}
		p, err := load(t, prev)
		if err != nil {
			return nil, err
		}
		numbers = append(numbers, p.Number)
		prev = p.Resumes
	}
	return numbers, nil
}
