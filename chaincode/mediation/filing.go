package mediation

import (
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/api/system"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/courtchain/judicial/chaincode/state"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

const filingObject = "filing"

// SubmitFiling records a filing a clerk or mediator submits for the
// parties; its review period starts now.
func (c *Contract) SubmitFiling(ctx contractapi.TransactionContextInterface, request string) (*mediationapi.Filing, error) {
	tx, err := kernel.Begin(ctx, mediationapi.SubmitFiling)
	if err != nil {
		return nil, err
	}
	var req mediationapi.FilingRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := input.Parties(input.Group{Field: "claimants", Parties: req.Claimants}, input.Group{Field: "respondents", Parties: req.Respondents}); err != nil {
		return nil, err
	}
	if err := input.Digest("claim", &req.Claim); err != nil {
		return nil, err
	}
	if err := input.Digests("materials", req.Materials); err != nil {
		return nil, err
	}
	if req.Amount != 0 {
		if err := input.Amount("amount", req.Amount); err != nil {
			return nil, err
		}
	}
	f := &mediationapi.Filing{
		ID:        kernel.MintID("FL", tx.Now, tx.TxID(), 8),
		Claimants: req.Claimants, Respondents: req.Respondents, Claim: req.Claim, Materials: req.Materials, Amount: req.Amount,
		SubmittedBy: tx.Caller,
	}
	return f, tx.Finish(submit(tx, f))
}

// submit records a new filing and starts its review: the court dockets
// it or rules not to within 7 days (CPL 2023 art. 126; parameter
// filing.reviewDays), a period in days counted as CPL art. 85 counts
// them on the courts' calendar (the day of submission not counted, a last
// day off work moves to the next working day); when it ends undecided
// the filing is docketed automatically (Opinions item 13).
func submit(t *kernel.Tx, f *mediationapi.Filing) error {
	due, err := kernel.PeriodEnd(t, t.Now, system.FilingReviewDays)
	if err != nil {
		return err
	}
	f.State, f.SubmittedAt, f.ReviewDeadline, f.TxID = mediationapi.FilingSubmitted, t.At(), due.Format(timeLayout), t.TxID()
	if err := kernel.Schedule(t, due, mediationapi.KindFiling, f.ID); err != nil {
		return err
	}
	t.Event("filing.submitted", f.ID, map[string]string{"reviewDeadline": f.ReviewDeadline})
	return state.Put(t, filingObject, f.ID, f)
}

// Docket accepts a filing and opens its trial case.
func (c *Contract) Docket(ctx contractapi.TransactionContextInterface, id string) (*mediationapi.Filing, error) {
	tx, err := kernel.Begin(ctx, mediationapi.Docket)
	if err != nil {
		return nil, err
	}
	f, err := decideFiling(tx, id, mediationapi.FilingDocketed, tx.Caller, "")
	if err != nil {
		return nil, err
	}
	return f, tx.Finish(nil)
}

// Reject refuses a filing, with the reason the parties are told.
func (c *Contract) Reject(ctx contractapi.TransactionContextInterface, id string, reason string) (*mediationapi.Filing, error) {
	tx, err := kernel.Begin(ctx, mediationapi.Reject)
	if err != nil {
		return nil, err
	}
	if err := input.Text("reason", reason, mediationapi.MaxReason, true); err != nil {
		return nil, err
	}
	f, err := decideFiling(tx, id, mediationapi.FilingRejected, tx.Caller, reason)
	if err != nil {
		return nil, err
	}
	return f, tx.Finish(nil)
}

// decideFiling moves a submitted filing to docketed or rejected; by is the
// clerk, or the contract itself when the review period ended.
func decideFiling(t *kernel.Tx, id, to string, by api.Actor, reason string) (*mediationapi.Filing, error) {
	var f mediationapi.Filing
	if err := state.MustGet(t, filingObject, id, &f); err != nil {
		return nil, err
	}
	if f.State != mediationapi.FilingSubmitted {
		return nil, kernel.Errorf(api.CodeState, "filing %s was already %s by %s at %s; it is decided once", id, f.State, f.DecidedBy, f.DecidedAt)
	}
	due, err := storedTime("filing "+id, f.ReviewDeadline)
	if err != nil {
		return nil, err
	}
	if err := kernel.Cancel(t, due, mediationapi.KindFiling, f.ID); err != nil {
		return nil, err
	}
	f.State, f.DecidedBy, f.DecidedAt, f.Reason = to, &by, t.At(), reason
	if to == mediationapi.FilingDocketed {
		why := "docketed by " + by.String()
		if by.Auto {
			why = "review period ended without a decision"
		}
		c, _, err := casestore.Open(t, cases.Case{
			Kind: cases.Trial, Origin: cases.Origin{Type: "filing", ID: f.ID},
			Creditors: f.Claimants, Debtors: f.Respondents, AmountDue: f.Amount,
			Evidence: append([]string{f.Claim}, f.Materials...), Reason: why,
		}, by)
		if err != nil {
			return nil, err
		}
		f.CaseNumber = c.Number
		t.Event("filing.docketed", f.ID, map[string]string{"case": c.Number, "by": by.String()})
		t.Event("case.opened", c.Number, map[string]string{"kind": cases.Trial, "origin": "filing:" + f.ID})
	} else {
		t.Event("filing.rejected", f.ID, map[string]string{"reason": reason})
	}
	return &f, state.Put(t, filingObject, f.ID, &f)
}

// GetFiling reads a filing.
func (c *Contract) GetFiling(ctx contractapi.TransactionContextInterface, id string) (*mediationapi.Filing, error) {
	return kernel.Lookup[mediationapi.Filing](ctx, mediationapi.GetFiling, filingObject, id)
}

// GetCase reads a case a trigger opened.
func (c *Contract) GetCase(ctx contractapi.TransactionContextInterface, number string) (*cases.Case, error) {
	tx, err := kernel.Read(ctx, mediationapi.GetCase)
	if err != nil {
		return nil, err
	}
	return casestore.Get(tx, number)
}
