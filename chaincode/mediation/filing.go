package mediation

import (
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/api/system"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// SubmitFiling records a filing a clerk or mediator submits for the
// parties; its review period starts now.
func (c *Contract) SubmitFiling(tx *kernel.Tx, request string) (*mediationapi.Filing, error) {
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
	return f, submit(tx, f)
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
	t.Event(mediationapi.EventFilingSubmitted, f.ID, map[string]string{"reviewDeadline": f.ReviewDeadline})
	return filings.Put(t, f, f.ID)
}

// Docket accepts a filing and opens its trial case.
func (c *Contract) Docket(tx *kernel.Tx, id string) (*mediationapi.Filing, error) {
	f, err := decideFiling(tx, id, mediationapi.FilingDocketed, tx.Caller, "")
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Reject refuses a filing, with the reason the parties are told.
func (c *Contract) Reject(tx *kernel.Tx, id string, reason string) (*mediationapi.Filing, error) {
	if err := input.Text("reason", reason, mediationapi.MaxReason, true); err != nil {
		return nil, err
	}
	f, err := decideFiling(tx, id, mediationapi.FilingRejected, tx.Caller, reason)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// decideFiling moves a submitted filing to docketed or rejected; by is the
// clerk, or the contract itself when the review period ended.
func decideFiling(t *kernel.Tx, id, to string, by api.Actor, reason string) (*mediationapi.Filing, error) {
	f, err := filings.Must(t, id)
	if err != nil {
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
		c, _, err := casestore.OpenTrial(t, cases.Case{
			Kind: cases.Trial, Origin: cases.Origin{Type: "filing", ID: f.ID},
			Creditors: f.Claimants, Debtors: f.Respondents, AmountDue: f.Amount,
			Evidence: append([]string{f.Claim}, f.Materials...), Reason: why,
		}, by)
		if err != nil {
			return nil, err
		}
		f.CaseNumber = c.Number
		t.Event(mediationapi.EventFilingDocketed, f.ID, map[string]string{"case": c.Number, "by": by.String()})
		t.Event(cases.EventOpened, c.Number, map[string]string{"kind": cases.Trial, "origin": "filing:" + f.ID})
	} else {
		t.Event(mediationapi.EventFilingRejected, f.ID, map[string]string{"reason": reason})
	}
	return f, nil
}

// GetFiling reads a filing.
func (c *Contract) GetFiling(tx *kernel.Tx, id string) (*mediationapi.Filing, error) {
	return filings.Must(tx, id)
}

// GetCase reads a case a trigger opened.
func (c *Contract) GetCase(tx *kernel.Tx, number string) (*cases.Case, error) {
	return casestore.Read(tx, number)
}
