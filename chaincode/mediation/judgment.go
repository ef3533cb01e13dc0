package mediation

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/state"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

const judgmentObject = "judgment"

// Judgment states.
const (
	JudgmentEffective = "effective"
	JudgmentOverdue   = "overdue"
	// Performed and Breached are shared with agreements.
)

// Judgment is an effective judgment's performance obligations.
type Judgment struct {
	ID            string        `json:"id"`
	Digest        string        `json:"digest"`
	Debtors       []string      `json:"debtors"`
	Creditors     []string      `json:"creditors"`
	Amount        int64         `json:"amount"`
	Paid          int64         `json:"paid"`
	EffectiveAt   string        `json:"effectiveAt"`
	Deadline      string        `json:"deadline"`
	PreAuthorized bool          `json:"preAuthorized"`
	State         string        `json:"state"`
	Judge         access.Caller `json:"judge"`
	CaseNumber    string        `json:"caseNumber,omitempty" metadata:",optional"`
	TxID          string        `json:"txId"`
}

// JudgmentRequest records a judgment; ID is the court's own judgment number.
type JudgmentRequest struct {
	ID            string   `json:"id"`
	Digest        string   `json:"digest"`
	Debtors       []string `json:"debtors"`
	Creditors     []string `json:"creditors"`
	Amount        int64    `json:"amount"`
	EffectiveAt   string   `json:"effectiveAt"`
	Deadline      string   `json:"deadline"`
	PreAuthorized bool     `json:"preAuthorized"`
}

// RecordJudgment records a judgment and schedules its performance deadline.
func (c *Contract) RecordJudgment(ctx contractapi.TransactionContextInterface, request string) (*Judgment, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":RecordJudgment", access.Judge)
	if err != nil {
		return nil, err
	}
	var req JudgmentRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, fmt.Errorf("judgment request: %w", err)
	}
	if req.ID == "" || len(req.ID) > 64 || strings.ContainsAny(req.ID, "|#\x00") {
		return nil, fmt.Errorf("judgment id must be 1 to 64 characters without '|', '#' or NUL")
	}
	if err := checkDigest("digest", req.Digest); err != nil {
		return nil, err
	}
	if err := checkPseudonyms("debtors", req.Debtors); err != nil {
		return nil, err
	}
	if err := checkPseudonyms("creditors", req.Creditors); err != nil {
		return nil, err
	}
	if err := checkAmount("amount", req.Amount); err != nil {
		return nil, err
	}
	effective, err := time.Parse(time.RFC3339, req.EffectiveAt)
	if err != nil {
		return nil, fmt.Errorf("effectiveAt %q is not an RFC 3339 time", short(req.EffectiveAt))
	}
	due, err := time.Parse(time.RFC3339, req.Deadline)
	if err != nil {
		return nil, fmt.Errorf("deadline %q is not an RFC 3339 time", short(req.Deadline))
	}
	if !due.After(effective) {
		return nil, fmt.Errorf("deadline %s is not after the effective time %s", req.Deadline, req.EffectiveAt)
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	if !due.After(now) {
		return nil, fmt.Errorf("deadline %s has already passed (transaction time %s)", req.Deadline, now.Format(time.RFC3339))
	}
	var existing Judgment
	if found, err := state.Get(ctx, judgmentObject, req.ID, &existing); err != nil {
		return nil, err
	} else if found {
		return nil, fmt.Errorf("judgment %s is already recorded (transaction %s)", req.ID, existing.TxID)
	}
	j := &Judgment{ID: req.ID, Digest: req.Digest, Debtors: req.Debtors, Creditors: req.Creditors, Amount: req.Amount,
		EffectiveAt: effective.UTC().Format(time.RFC3339), Deadline: due.UTC().Format(time.RFC3339),
		PreAuthorized: req.PreAuthorized, State: JudgmentEffective, Judge: caller, TxID: ctx.GetStub().GetTxID()}
	if err := deadline.Schedule(ctx, due, KindJudgment, j.ID); err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	events.Add("judgment.recorded", j.ID, map[string]string{"deadline": j.Deadline, "preAuthorized": strconv.FormatBool(j.PreAuthorized)})
	return j, finish(ctx, events, state.Put(ctx, judgmentObject, j.ID, j))
}

// ConfirmJudgmentPayment records a payment on a judgment seen by a bank or
// confirmed by a clerk; full payment cancels the deadline.
func (c *Contract) ConfirmJudgmentPayment(ctx contractapi.TransactionContextInterface, id string, amount int64, proof string) (*Judgment, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":ConfirmJudgmentPayment", access.BankOfficer, access.Clerk)
	if err != nil {
		return nil, err
	}
	if err := checkAmount("amount", amount); err != nil {
		return nil, err
	}
	if err := checkDigest("proof", proof); err != nil {
		return nil, err
	}
	var j Judgment
	if err := state.MustGet(ctx, judgmentObject, id, &j); err != nil {
		return nil, err
	}
	if j.State != JudgmentEffective {
		return nil, fmt.Errorf("judgment %s is %s; payments on it are recorded by the enforcement case", id, j.State)
	}
	if amount > j.Amount-j.Paid {
		return nil, fmt.Errorf("amount %d fen is more than the %d fen still owed on judgment %s", amount, j.Amount-j.Paid, id)
	}
	j.Paid += amount
	events := &deadline.Events{}
	events.Add("judgment.payment", id, map[string]string{"amount": strconv.FormatInt(amount, 10), "by": caller.String()})
	if j.Paid == j.Amount {
		j.State = Performed
		due, _ := time.Parse(time.RFC3339, j.Deadline)
		if err := deadline.Cancel(ctx, due, KindJudgment, id); err != nil {
			return nil, err
		}
		events.Add("judgment.performed", id, nil)
	}
	return &j, finish(ctx, events, state.Put(ctx, judgmentObject, id, &j))
}

// judgmentDue handles a judgment whose deadline passed: unperformed and
// pre-authorised, it opens an enforcement case; otherwise it is marked
// overdue and the creditor may apply for enforcement.
func judgmentDue(ctx contractapi.TransactionContextInterface, id string, events *deadline.Events) (string, error) {
	var j Judgment
	if err := state.MustGet(ctx, judgmentObject, id, &j); err != nil {
		return "", err
	}
	if j.State != JudgmentEffective {
		return "judgment " + j.State + "; nothing to do", nil
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return "", err
	}
	if !j.PreAuthorized {
		j.State = JudgmentOverdue
		events.Add("judgment.overdue", id, map[string]string{"note": "no pre-authorisation: enforcement on the creditor's application"})
		return "overdue", state.Put(ctx, judgmentObject, id, &j)
	}
	cs, _, err := cases.Open(ctx, cases.Case{
		Kind: cases.Enforcement, Origin: cases.Origin{Type: "judgment", ID: j.ID},
		Creditors: j.Creditors, Debtors: j.Debtors, AmountDue: j.Amount - j.Paid,
		Evidence: []string{j.Digest}, Reason: "judgment unperformed by its deadline; the creditor pre-authorised enforcement",
	}, now, "auto")
	if err != nil {
		return "", err
	}
	j.State, j.CaseNumber = Breached, cs.Number
	events.Add("judgment.unperformed", id, map[string]string{"case": cs.Number})
	events.Add("case.opened", cs.Number, map[string]string{"kind": cases.Enforcement, "origin": "judgment:" + id})
	return "enforcement case " + cs.Number, state.Put(ctx, judgmentObject, id, &j)
}

// GetJudgment reads a judgment.
func (c *Contract) GetJudgment(ctx contractapi.TransactionContextInterface, id string) (*Judgment, error) {
	var j Judgment
	return &j, state.MustGet(ctx, judgmentObject, id, &j)
}

// ApplyForEnforcement ties an enforcement case a clerk files on a judgment
// to that judgment's record, if it is on this ledger: only an overdue
// judgment may be enforced on application (CPL arts. 243, 246 — the
// performance period must have passed), and it then points to its case.
// A judgment the ledger does not know (recorded elsewhere) is left to the
// clerk's review.
func ApplyForEnforcement(ctx contractapi.TransactionContextInterface, id string, caseNumber string, events *deadline.Events) error {
	var j Judgment
	found, err := state.Get(ctx, judgmentObject, id, &j)
	if err != nil || !found {
		return err
	}
	switch j.State {
	case JudgmentEffective:
		return fmt.Errorf("judgment %s is still within its performance period (deadline %s): enforcement may be applied for once it has passed", id, j.Deadline)
	case Performed:
		return fmt.Errorf("judgment %s has been performed: there is nothing to enforce", id)
	case Breached:
		return fmt.Errorf("judgment %s already has enforcement case %s", id, j.CaseNumber)
	}
	j.State, j.CaseNumber = Breached, caseNumber
	events.Add("judgment.enforcement", id, map[string]string{"case": caseNumber, "how": "creditor's application"})
	return state.Put(ctx, judgmentObject, id, &j)
}
