package mediation

import (
	"fmt"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// Kinds are the deadline kinds this contract schedules, for the deadline
// contract's sweeps and triggers.
func Kinds() []kernel.DeadlineKind {
	return []kernel.DeadlineKind{
		{Name: mediationapi.KindFiling, DueTime: filingDueTime, Process: filingDue},
		{Name: mediationapi.KindObligation, DueTime: obligationDueTime, Process: obligationDue, Records: agreementOf},
		{Name: mediationapi.KindJudgment, DueTime: judgmentDueTime, Process: judgmentDue},
	}
}

func filingDue(t *kernel.Tx, id string) (string, error) {
	f, err := filings.Must(t, id)
	if err != nil {
		return "", err
	}
	if f.State != mediationapi.FilingSubmitted {
		return "filing already " + f.State + "; nothing to do", nil
	}
	docketed, err := decideFiling(t, id, mediationapi.FilingDocketed, t.Auto(), "")
	if err != nil {
		return "", err
	}
	return "docketed automatically as " + docketed.CaseNumber, nil
}

func obligationDue(t *kernel.Tx, ref string) (string, error) {
	id, index, err := parseObligationRef(ref)
	if err != nil {
		return "", err
	}
	a, o, err := loadObligation(t, id, index)
	if err != nil {
		return "", err
	}
	if o.State != mediationapi.Active {
		return "obligation " + o.State + "; nothing to do", nil
	}
	if err := breach(t, a, index, "found at the due time: unperformed", t.Auto()); err != nil {
		return "", err
	}
	b := a.Breaches()[len(a.Breaches())-1]
	return fmt.Sprintf("breach %s of obligations %v: %s", b.Ref, b.Obligations, outcome(b)), nil
}

// agreementOf is the agreement an obligation item changes: obligations of
// one agreement are swept one per transaction.
func agreementOf(_ *kernel.Tx, ref string) []string {
	id, _, _ := strings.Cut(ref, "#")
	return []string{"agreement " + id}
}

func filingDueTime(t *kernel.Tx, id string) (time.Time, error) {
	f, err := filings.Must(t, id)
	if err != nil {
		return time.Time{}, err
	}
	return storedTime("filing "+id, f.ReviewDeadline)
}

func obligationDueTime(t *kernel.Tx, ref string) (time.Time, error) {
	id, index, err := parseObligationRef(ref)
	if err != nil {
		return time.Time{}, err
	}
	_, o, err := loadObligation(t, id, index)
	if err != nil {
		return time.Time{}, err
	}
	return storedTime("obligation "+ref, o.Deadline)
}

func judgmentDueTime(t *kernel.Tx, id string) (time.Time, error) {
	j, err := judgments.Must(t, id)
	if err != nil {
		return time.Time{}, err
	}
	if j.Deadline == "" {
		return time.Time{}, kernel.Errorf(api.CodeState, "judgment %s sets no performance deadline: nothing of it is scheduled", id)
	}
	return storedTime("judgment "+id, j.Deadline)
}
