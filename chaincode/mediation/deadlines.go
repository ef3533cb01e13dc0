package mediation

import (
	"fmt"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/state"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Deadline kinds this contract schedules.
const (
	KindFiling     = "filing"
	KindObligation = "obligation"
	KindJudgment   = "judgment"
)

// Contract is the mediation contract: filings, agreements and judgments.
// Their deadlines are swept by the deadline contract, through Kinds.
type Contract struct {
	contractapi.Contract
}

// New returns the contract with its namespace set.
func New() *Contract {
	return &Contract{Contract: contractapi.Contract{Name: Name}}
}

// Kinds are the deadline kinds this contract schedules, for the deadline
// contract's sweeps and triggers.
func Kinds() []deadline.Kind {
	return []deadline.Kind{
		{Name: KindFiling, DueTime: filingDueTime, Process: filingDue},
		{Name: KindObligation, DueTime: obligationDueTime, Process: obligationDue, Records: agreementOf},
		{Name: KindJudgment, DueTime: judgmentDueTime, Process: judgmentDue},
	}
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

// agreementOf is the agreement an obligation item changes: obligations of
// one agreement are swept one per transaction.
func agreementOf(ref string) []string {
	id, _, _ := strings.Cut(ref, "#")
	return []string{"agreement " + id}
}

func filingDueTime(ctx contractapi.TransactionContextInterface, id string) (time.Time, error) {
	var f Filing
	if err := state.MustGet(ctx, filingObject, id, &f); err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339Nano, f.ReviewDeadline)
}

func obligationDueTime(ctx contractapi.TransactionContextInterface, ref string) (time.Time, error) {
	id, index, err := parseObligationRef(ref)
	if err != nil {
		return time.Time{}, err
	}
	_, o, err := loadObligation(ctx, id, index)
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339Nano, o.Deadline)
}

func judgmentDueTime(ctx contractapi.TransactionContextInterface, id string) (time.Time, error) {
	var j Judgment
	if err := state.MustGet(ctx, judgmentObject, id, &j); err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, j.Deadline)
}

// GetCase reads a case a trigger opened.
func (c *Contract) GetCase(ctx contractapi.TransactionContextInterface, number string) (*cases.Case, error) {
	return cases.Get(ctx, number)
}
