package enforcement

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Measure states: an officer requests, a judge approves or rejects, the
// bank executes. Nothing else moves a measure.
const (
	Requested = "requested"
	Approved  = "approved"
	Rejected  = "rejected"
	Executed  = "executed"
)

const measureObject = "case~measure"

// Measure is a freeze, seizure or deduction and the steps of its loop.
type Measure struct {
	Case   string `json:"case"`
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	State  string `json:"state"`
	Target string `json:"target"`
	Amount int64  `json:"amount"`
	// Bank is the MSP that executes and confirms it.
	Bank     string `json:"bank"`
	Document string `json:"document,omitempty" metadata:",optional"`
	// Origin is "officer", or the property clue that raised it.
	Origin        string `json:"origin"`
	RequestedBy   string `json:"requestedBy"`
	RequestedByID string `json:"requestedById"`
	RequestedAt   string `json:"requestedAt"`
	DecidedBy     string `json:"decidedBy,omitempty" metadata:",optional"`
	DecidedAt     string `json:"decidedAt,omitempty" metadata:",optional"`
	Decision      string `json:"decision,omitempty" metadata:",optional"`
	ExecutedBy    string `json:"executedBy,omitempty" metadata:",optional"`
	ExecutedAt    string `json:"executedAt,omitempty" metadata:",optional"`
	Executed      int64  `json:"executed,omitempty" metadata:",optional"`
	Proof         string `json:"proof,omitempty" metadata:",optional"`
}

// MeasureResult is a measure and its case after a step.
type MeasureResult struct {
	Measure *Measure `json:"measure"`
	Case    *Case    `json:"case"`
}

var sensitive = []string{OpFreeze, OpSeizure, OpDeduction}

// RequestMeasure asks a judge to approve a freeze or deduction of a bank
// deposit, or a seizure, of up to amount fen (0 for a seizure of unknown
// value) of the target, the digest of its description. Enforcement
// officers, in an active or resumed case.
func (c *Contract) RequestMeasure(ctx contractapi.TransactionContextInterface, number string, kind string, target string, amount int64, document string) (*MeasureResult, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":RequestMeasure", access.EnforcementOfficer)
	if err != nil {
		return nil, err
	}
	if !contains(sensitive, kind) {
		return nil, fmt.Errorf("measure kind %q: one of %s", input.Short(kind), strings.Join(sensitive, ", "))
	}
	if err := input.Digest("target", target); err != nil {
		return nil, err
	}
	if err := input.Digest("document", document); err != nil {
		return nil, err
	}
	if kind != OpSeizure || amount != 0 {
		if err := input.Amount("amount", amount); err != nil {
			return nil, err
		}
	}
	cs, err := load(ctx, number)
	if err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	m, err := raise(ctx, cs, Measure{Kind: kind, Target: target, Amount: amount, Bank: access.Credit(), Document: document,
		Origin: "officer", RequestedBy: caller.String(), RequestedByID: caller.ID}, events)
	if err != nil {
		return nil, err
	}
	return &MeasureResult{Measure: m, Case: cs}, finish(ctx, cs, events)
}

// raise records a new measure request in an active or resumed case.
func raise(ctx contractapi.TransactionContextInterface, cs *Case, m Measure, events *deadline.Events) (*Measure, error) {
	if cs.State != Active && cs.State != Resumed {
		return nil, fmt.Errorf("case %s is %s; measures are requested only while it is active or resumed", cs.Number, cs.State)
	}
	if m.Kind != OpSeizure && m.Amount > cs.Outstanding() {
		return nil, fmt.Errorf("amount %d fen is more than the %d fen still owed in case %s", m.Amount, cs.Outstanding(), cs.Number)
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	cs.Measures++
	m.Case, m.ID, m.State, m.RequestedAt = cs.Number, "M"+strconv.Itoa(cs.Measures), Requested, now.Format(time.RFC3339Nano)
	if _, err := appendOp(ctx, cs, Operation{Kind: m.Kind, Step: Requested, Measure: m.ID, Officer: m.RequestedBy, Document: m.Document, Amount: m.Amount,
		Note: "requested (" + m.Origin + "), to be executed by " + m.Bank}); err != nil {
		return nil, err
	}
	events.Add("measure.requested", cs.Number, map[string]string{"measure": m.ID, "kind": m.Kind, "bank": m.Bank})
	return &m, putMeasure(ctx, &m)
}

// ApproveMeasure approves a requested measure. Judges, and never the
// identity that requested it.
func (c *Contract) ApproveMeasure(ctx contractapi.TransactionContextInterface, number string, id string, document string) (*MeasureResult, error) {
	return c.decide(ctx, number, id, Approved, document, "approved")
}

// RejectMeasure rejects a requested measure, with a reason. Judges.
func (c *Contract) RejectMeasure(ctx contractapi.TransactionContextInterface, number string, id string, reason string) (*MeasureResult, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, fmt.Errorf("a reason is required to reject measure %s of %s", id, number)
	}
	return c.decide(ctx, number, id, Rejected, "", reason)
}

func (c *Contract) decide(ctx contractapi.TransactionContextInterface, number, id, to, document, note string) (*MeasureResult, error) {
	fn := map[string]string{Approved: "ApproveMeasure", Rejected: "RejectMeasure"}[to]
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":"+fn, access.Judge)
	if err != nil {
		return nil, err
	}
	if to == Approved {
		if err := input.Digest("document", document); err != nil {
			return nil, err
		}
	}
	cs, m, err := loadMeasure(ctx, number, id)
	if err != nil {
		return nil, err
	}
	if caller.ID == m.RequestedByID {
		return nil, fmt.Errorf("access denied: %s requested measure %s of %s and cannot also decide it", caller, id, number)
	}
	if m.State != Requested {
		return nil, fmt.Errorf("measure %s of %s is %s; only a requested measure is approved or rejected", id, number, m.State)
	}
	if to == Approved && cs.State != Active && cs.State != Resumed {
		return nil, fmt.Errorf("case %s is %s; a measure is approved only while it is active or resumed", number, cs.State)
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	m.State, m.DecidedBy, m.DecidedAt, m.Decision = to, caller.String(), now.Format(time.RFC3339Nano), note
	if _, err := appendOp(ctx, cs, Operation{Kind: m.Kind, Step: to, Measure: id, Officer: caller.String(), Document: document, Note: note}); err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	events.Add("measure."+to, number, map[string]string{"measure": id, "kind": m.Kind, "bank": m.Bank})
	if err := putMeasure(ctx, m); err != nil {
		return nil, err
	}
	return &MeasureResult{Measure: m, Case: cs}, finish(ctx, cs, events)
}

// ConfirmMeasure records that the bank executed an approved measure:
// executed is what it froze, seized or deducted (at most the amount
// approved). A deduction is money collected. Bank officers of the
// measure's bank.
func (c *Contract) ConfirmMeasure(ctx contractapi.TransactionContextInterface, number string, id string, executed int64, proof string) (*MeasureResult, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":ConfirmMeasure", access.BankOfficer)
	if err != nil {
		return nil, err
	}
	if err := input.Digest("proof", proof); err != nil {
		return nil, err
	}
	cs, m, err := loadMeasure(ctx, number, id)
	if err != nil {
		return nil, err
	}
	if caller.MSPID != m.Bank {
		return nil, fmt.Errorf("access denied: measure %s of %s is addressed to %s, not %s", id, number, m.Bank, caller.MSPID)
	}
	if m.State != Approved {
		return nil, fmt.Errorf("measure %s of %s is %s; a bank executes only an approved measure", id, number, m.State)
	}
	if executed < 0 || (m.Amount > 0 && executed > m.Amount) || (m.Kind == OpDeduction && executed == 0) {
		return nil, fmt.Errorf("executed %d fen must be within 0 to the %d fen approved (a deduction moves at least 1 fen)", executed, m.Amount)
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	m.State, m.ExecutedBy, m.ExecutedAt, m.Executed, m.Proof = Executed, caller.String(), now.Format(time.RFC3339Nano), executed, proof
	events := &deadline.Events{}
	events.Add("measure.executed", number, map[string]string{"measure": id, "kind": m.Kind, "executed": strconv.FormatInt(executed, 10)})
	op := Operation{Kind: m.Kind, Step: Executed, Measure: id, Officer: caller.String(), Document: proof}
	if m.Kind == OpDeduction {
		op.Note = "executed: deducted and transferred to the court"
		if err := c.collect(ctx, cs, executed, op, events); err != nil {
			return nil, err
		}
	} else {
		if cs.State == Concluded {
			return nil, fmt.Errorf("case %s is concluded; its %s need not be executed", number, m.Kind)
		}
		op.Amount, op.Note = executed, "executed"
		if _, err := appendOp(ctx, cs, op); err != nil {
			return nil, err
		}
	}
	if err := putMeasure(ctx, m); err != nil {
		return nil, err
	}
	return &MeasureResult{Measure: m, Case: cs}, finish(ctx, cs, events)
}

// GetMeasure reads a measure. Court roles, bank officers and auditors.
func (c *Contract) GetMeasure(ctx contractapi.TransactionContextInterface, number string, id string) (*Measure, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":GetMeasure", access.Judge, access.Clerk, access.EnforcementOfficer, access.BankOfficer, access.Auditor); err != nil {
		return nil, err
	}
	_, m, err := loadMeasure(ctx, number, id)
	return m, err
}

func loadMeasure(ctx contractapi.TransactionContextInterface, number, id string) (*Case, *Measure, error) {
	cs, err := load(ctx, number)
	if err != nil {
		return nil, nil, err
	}
	key, err := ctx.GetStub().CreateCompositeKey(measureObject, []string{number, id})
	if err != nil {
		return nil, nil, err
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil {
		return nil, nil, err
	}
	if data == nil {
		return nil, nil, fmt.Errorf("case %s has no measure %q (it has M1 to M%d)", number, input.Short(id), cs.Measures)
	}
	var m Measure
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, nil, fmt.Errorf("measure %s of %s is unreadable: %w", id, number, err)
	}
	return cs, &m, nil
}

func putMeasure(ctx contractapi.TransactionContextInterface, m *Measure) error {
	key, err := ctx.GetStub().CreateCompositeKey(measureObject, []string{m.Case, m.ID})
	if err != nil {
		return err
	}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := ctx.GetStub().PutState(key, data); err != nil {
		return err
	}
	return access.RequireCourtEndorsement(ctx.GetStub(), key)
}
