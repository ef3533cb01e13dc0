package enforcement

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// measures are the freezes, seizures and deductions of the cases, each
// under its case and ID.
var measures = kernel.Kind[enforcementapi.Measure]{Object: "case~measure", Noun: "measure", Court: true}

// RequestMeasure asks a judge to approve a freeze or deduction of a bank
// deposit, or a seizure, of up to amount fen (0 for a seizure of unknown
// value) of the target, the digest of its description; in an active or
// resumed case.
func (c *Contract) RequestMeasure(tx *kernel.Tx, number string, kind string, target string, amount int64, document string) (*enforcementapi.MeasureResult, error) {
	if !slices.Contains(enforcementapi.Sensitive, kind) {
		return nil, kernel.Errorf(api.CodeInvalid, "measure kind %q: one of %s", api.Short(kind), strings.Join(enforcementapi.Sensitive, ", "))
	}
	if err := input.Digest("target", &target); err != nil {
		return nil, err
	}
	if err := input.Digest("document", &document); err != nil {
		return nil, err
	}
	if kind != enforcementapi.OpSeizure || amount != 0 {
		if err := input.Amount("amount", amount); err != nil {
			return nil, err
		}
	}
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	m, err := raise(tx, cs, enforcementapi.Measure{Kind: kind, Target: target, Amount: amount, Bank: access.Credit(), Document: document,
		Origin: "officer", RequestedBy: tx.Caller})
	if err != nil {
		return nil, err
	}
	return &enforcementapi.MeasureResult{Measure: m, Case: cs}, nil
}

// raise records a new measure request in an active or resumed case.
func raise(t *kernel.Tx, cs *enforcementapi.Case, m enforcementapi.Measure) (*enforcementapi.Measure, error) {
	if cs.State != cases.Active && cs.State != cases.Resumed {
		return nil, kernel.Errorf(api.CodeState, "case %s is %s; measures are requested only while it is active or resumed", cs.Number, cs.State)
	}
	if m.Kind != enforcementapi.OpSeizure && m.Amount > cs.Outstanding() {
		return nil, kernel.Errorf(api.CodeInvalid, "amount %d fen is more than the %d fen still owed in case %s", m.Amount, cs.Outstanding(), cs.Number)
	}
	cs.Measures++
	m.Case, m.ID, m.State, m.RequestedAt = cs.Number, "M"+strconv.Itoa(cs.Measures), enforcementapi.Requested, t.At()
	if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: m.Kind, Step: enforcementapi.Requested, Measure: m.ID, Officer: m.RequestedBy, Document: m.Document, Amount: m.Amount,
		Note: "requested (" + m.Origin + "), to be executed by " + m.Bank}); err != nil {
		return nil, err
	}
	t.Event(enforcementapi.EventMeasureRequested, cs.Number, map[string]string{"measure": m.ID, "kind": m.Kind, "bank": m.Bank})
	return &m, measures.Put(t, &m, m.Case, m.ID)
}

// ApproveMeasure approves a requested measure; never by the identity that
// requested it.
func (c *Contract) ApproveMeasure(tx *kernel.Tx, number string, id string, document string) (*enforcementapi.MeasureResult, error) {
	if err := input.Digest("document", &document); err != nil {
		return nil, err
	}
	return decide(tx, number, id, enforcementapi.Approved, document, "approved")
}

// RejectMeasure rejects a requested measure, with a reason.
func (c *Contract) RejectMeasure(tx *kernel.Tx, number string, id string, reason string) (*enforcementapi.MeasureResult, error) {
	if err := input.Text("reason", reason, enforcementapi.MaxNote, true); err != nil {
		return nil, err
	}
	return decide(tx, number, id, enforcementapi.Rejected, "", reason)
}

func decide(t *kernel.Tx, number, id, to, document, note string) (*enforcementapi.MeasureResult, error) {
	cs, m, err := loadMeasure(t, number, id)
	if err != nil {
		return nil, err
	}
	if m.RequestedBy.Same(t.Caller) {
		return nil, access.Deny(string(t.Function()), t.Caller, fmt.Sprintf("requested measure %s of %s and cannot also decide it", id, number))
	}
	if m.State != enforcementapi.Requested {
		return nil, kernel.Errorf(api.CodeState, "measure %s of %s is %s; only a requested measure is approved or rejected", id, number, m.State)
	}
	if to == enforcementapi.Approved && cs.State != cases.Active && cs.State != cases.Resumed {
		return nil, kernel.Errorf(api.CodeState, "case %s is %s; a measure is approved only while it is active or resumed", number, cs.State)
	}
	by := t.Caller
	m.State, m.DecidedBy, m.DecidedAt, m.Decision = to, &by, t.At(), note
	if to == enforcementapi.Approved && !slices.Contains(cs.Banks, m.Bank) {
		cs.Banks = append(cs.Banks, m.Bank)
	}
	if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: m.Kind, Step: to, Measure: id, Officer: t.Caller, Document: document, Note: note}); err != nil {
		return nil, err
	}
	t.Event("measure."+to, number, map[string]string{"measure": id, "kind": m.Kind, "bank": m.Bank})
	return &enforcementapi.MeasureResult{Measure: m, Case: cs}, nil
}

// ConfirmMeasure records that the bank executed an approved measure:
// executed is what it froze, seized or deducted (at most the amount
// approved). A deduction is money collected. Bank officers of the
// measure's bank.
func (c *Contract) ConfirmMeasure(tx *kernel.Tx, number string, id string, executed int64, proof string) (*enforcementapi.MeasureResult, error) {
	if err := input.Digest("proof", &proof); err != nil {
		return nil, err
	}
	cs, m, err := loadMeasure(tx, number, id)
	if err != nil {
		return nil, err
	}
	if tx.Caller.MSPID != m.Bank {
		return nil, access.Deny(string(tx.Function()), tx.Caller, fmt.Sprintf("is not of %s, the bank measure %s of %s is addressed to", m.Bank, id, number))
	}
	if m.State != enforcementapi.Approved {
		return nil, kernel.Errorf(api.CodeState, "measure %s of %s is %s; a bank executes only an approved measure", id, number, m.State)
	}
	if executed < 0 || (m.Amount > 0 && executed > m.Amount) || (m.Kind == enforcementapi.OpDeduction && executed == 0) {
		return nil, kernel.Errorf(api.CodeInvalid, "executed %d fen must be within 0 to the %d fen approved (a deduction moves at least 1 fen)", executed, m.Amount)
	}
	by := tx.Caller
	m.State, m.ExecutedBy, m.ExecutedAt, m.Executed, m.Proof = enforcementapi.Executed, &by, tx.At(), executed, proof
	tx.Event(enforcementapi.EventMeasureExecuted, number, map[string]string{"measure": id, "kind": m.Kind, "executed": strconv.FormatInt(executed, 10)})
	op := enforcementapi.Operation{Kind: m.Kind, Step: enforcementapi.Executed, Measure: id, Officer: tx.Caller, Document: proof}
	if m.Kind == enforcementapi.OpDeduction {
		op.Note = "executed: deducted and transferred to the court"
		if err := c.collect(tx, cs, executed, op); err != nil {
			return nil, err
		}
	} else {
		if !cs.Open() {
			return nil, kernel.Errorf(api.CodeState, "case %s is %s; its %s need not be executed", number, cs.State, m.Kind)
		}
		op.Amount, op.Note = executed, "executed"
		// What the freeze or seizure holds secures the case (2017 List
		// Provisions, art. 3: the credit contract reads it).
		cs.Secured += executed
		if _, err := appendOp(tx, cs, op); err != nil {
			return nil, err
		}
	}
	return &enforcementapi.MeasureResult{Measure: m, Case: cs}, nil
}

// GetMeasure reads a measure.
func (c *Contract) GetMeasure(tx *kernel.Tx, number string, id string) (*enforcementapi.Measure, error) {
	_, m, err := loadMeasure(tx, number, id)
	return m, err
}

func loadMeasure(t *kernel.Tx, number, id string) (*enforcementapi.Case, *enforcementapi.Measure, error) {
	cs, err := load(t, number)
	if err != nil {
		return nil, nil, err
	}
	m, err := measures.Get(t, number, id)
	if err == nil && m == nil {
		err = kernel.Errorf(api.CodeNotFound, "case %s has no measure %q (it has M1 to M%d)", number, api.Short(id), cs.Measures)
	}
	return cs, m, err
}
