package mediation

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/state"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

const filingObject = "filing"

// Filing states.
const (
	FilingSubmitted = "submitted"
	FilingDocketed  = "docketed"
	FilingRejected  = "rejected"
)

// Filing is a case filing under review.
type Filing struct {
	ID             string   `json:"id"`
	Claimants      []string `json:"claimants"`
	Respondents    []string `json:"respondents"`
	Claim          string   `json:"claim"`
	Materials      []string `json:"materials,omitempty" metadata:",optional"`
	Amount         int64    `json:"amount"`
	State          string   `json:"state"`
	SubmittedBy    string   `json:"submittedBy"`
	SubmittedAt    string   `json:"submittedAt"`
	ReviewDeadline string   `json:"reviewDeadline"`
	DecidedBy      string   `json:"decidedBy,omitempty" metadata:",optional"`
	DecidedAt      string   `json:"decidedAt,omitempty" metadata:",optional"`
	Reason         string   `json:"reason,omitempty" metadata:",optional"`
	CaseNumber     string   `json:"caseNumber,omitempty" metadata:",optional"`
	TxID           string   `json:"txId"`
}

// FilingRequest is what a filing application sends for the parties.
type FilingRequest struct {
	Claimants   []string `json:"claimants"`
	Respondents []string `json:"respondents"`
	Claim       string   `json:"claim"`
	Materials   []string `json:"materials,omitempty"`
	Amount      int64    `json:"amount,omitempty"`
}

// SubmitFiling records a filing; its review period starts now.
func (c *Contract) SubmitFiling(ctx contractapi.TransactionContextInterface, request string) (*Filing, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":SubmitFiling", access.Clerk, access.Mediator)
	if err != nil {
		return nil, err
	}
	var req FilingRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, fmt.Errorf("filing request: %w", err)
	}
	if err := checkPseudonyms("claimants", req.Claimants); err != nil {
		return nil, err
	}
	if err := checkPseudonyms("respondents", req.Respondents); err != nil {
		return nil, err
	}
	if err := checkDigest("claim", req.Claim); err != nil {
		return nil, err
	}
	for i, m := range req.Materials {
		if err := checkDigest(fmt.Sprintf("materials[%d]", i), m); err != nil {
			return nil, err
		}
	}
	if req.Amount != 0 {
		if err := checkAmount("amount", req.Amount); err != nil {
			return nil, err
		}
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	period, err := system.Duration(ctx, system.FilingReviewPeriod)
	if err != nil {
		return nil, err
	}
	h := sha256.Sum256([]byte(ctx.GetStub().GetTxID()))
	f := &Filing{
		ID:        "FL" + now.Format("20060102") + "-" + strings.ToUpper(hex.EncodeToString(h[:8])),
		Claimants: req.Claimants, Respondents: req.Respondents, Claim: req.Claim, Materials: req.Materials, Amount: req.Amount,
		State: FilingSubmitted, SubmittedBy: caller.String(), SubmittedAt: now.Format(time.RFC3339Nano),
		ReviewDeadline: now.Add(period).Format(time.RFC3339Nano), TxID: ctx.GetStub().GetTxID(),
	}
	if err := deadline.Schedule(ctx, now.Add(period), KindFiling, f.ID); err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	events.Add("filing.submitted", f.ID, map[string]string{"reviewDeadline": f.ReviewDeadline})
	return f, finish(ctx, events, state.Put(ctx, filingObject, f.ID, f))
}

// Docket accepts a filing and opens its trial case.
func (c *Contract) Docket(ctx contractapi.TransactionContextInterface, id string) (*Filing, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":Docket", access.Clerk)
	if err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	f, err := decideFiling(ctx, id, FilingDocketed, caller.String(), "", events)
	if err != nil {
		return nil, err
	}
	return f, finish(ctx, events, nil)
}

// Reject refuses a filing, with the reason the parties are told.
func (c *Contract) Reject(ctx contractapi.TransactionContextInterface, id string, reason string) (*Filing, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":Reject", access.Clerk, access.Judge)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return nil, fmt.Errorf("a reason is required to reject filing %s", id)
	}
	events := &deadline.Events{}
	f, err := decideFiling(ctx, id, FilingRejected, caller.String(), reason, events)
	if err != nil {
		return nil, err
	}
	return f, finish(ctx, events, nil)
}

// decideFiling moves a submitted filing to docketed or rejected; by is the
// clerk, or "auto" when the review period ended.
func decideFiling(ctx contractapi.TransactionContextInterface, id, to, by, reason string, events *deadline.Events) (*Filing, error) {
	var f Filing
	if err := state.MustGet(ctx, filingObject, id, &f); err != nil {
		return nil, err
	}
	if f.State != FilingSubmitted {
		return nil, fmt.Errorf("filing %s was already %s by %s at %s; it is decided once", id, f.State, f.DecidedBy, f.DecidedAt)
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	due, err := time.Parse(time.RFC3339Nano, f.ReviewDeadline)
	if err != nil {
		return nil, err
	}
	if err := deadline.Cancel(ctx, due, KindFiling, f.ID); err != nil {
		return nil, err
	}
	f.State, f.DecidedBy, f.DecidedAt, f.Reason = to, by, now.Format(time.RFC3339Nano), reason
	if to == FilingDocketed {
		c, _, err := cases.Open(ctx, cases.Case{
			Kind: cases.Trial, Origin: cases.Origin{Type: "filing", ID: f.ID},
			Creditors: f.Claimants, Debtors: f.Respondents, AmountDue: f.Amount,
			Evidence: append([]string{f.Claim}, f.Materials...),
			Reason:   map[bool]string{true: "review period ended without a decision", false: "docketed by " + by}[by == "auto"],
		}, now, by)
		if err != nil {
			return nil, err
		}
		f.CaseNumber = c.Number
		events.Add("filing.docketed", f.ID, map[string]string{"case": c.Number, "by": by})
		events.Add("case.opened", c.Number, map[string]string{"kind": cases.Trial, "origin": "filing:" + f.ID})
	} else {
		events.Add("filing.rejected", f.ID, map[string]string{"reason": reason})
	}
	return &f, state.Put(ctx, filingObject, f.ID, &f)
}

// GetFiling reads a filing.
func (c *Contract) GetFiling(ctx contractapi.TransactionContextInterface, id string) (*Filing, error) {
	var f Filing
	return &f, state.MustGet(ctx, filingObject, id, &f)
}

// finish emits the transaction's event unless an earlier step failed.
func finish(ctx contractapi.TransactionContextInterface, events *deadline.Events, err error) error {
	if err != nil {
		return err
	}
	return events.Emit(ctx)
}
