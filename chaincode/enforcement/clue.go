package enforcement

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
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

const clueObject = "clue"

// maxCasesPerClue bounds the cases one clue report touches: a debtor with
// more open cases than that is a matter for an officer, not one
// transaction.
const maxCasesPerClue = 50

// Kinds of property a clue may point at.
var clueKinds = []string{"deposit", "real_estate", "vehicle", "securities", "receivable", "other"}

// Clue is a property clue a bank reported about a debtor.
type Clue struct {
	ID          string `json:"id"`
	Debtor      string `json:"debtor"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	Value       int64  `json:"value"`
	Bank        string `json:"bank"`
	ReportedBy  string `json:"reportedBy"`
	ReportedAt  string `json:"reportedAt"`
	TxID        string `json:"txId"`
}

// ClueOutcome is what a clue did in one case.
type ClueOutcome struct {
	Case    string `json:"case"`
	Result  string `json:"result"`
	Measure string `json:"measure,omitempty" metadata:",optional"`
}

// ClueResult is a clue report's effect. Duplicate marks a report of a
// clue already on the ledger: nothing changed.
type ClueResult struct {
	Clue      *Clue         `json:"clue"`
	Duplicate bool          `json:"duplicate"`
	Cases     []ClueOutcome `json:"cases"`
}

// ReportPropertyClue records a bank's clue to a debtor's property
// (description is the digest of the clue's particulars, value its worth
// in fen, 0 if unknown). Every case of the debtor terminated for lack of
// property resumes in the same case number, and every active or resumed
// one gets a freeze request addressed to the reporting bank, for a
// judge's approval (Opinions item 16; 2016 SPC Provisions, art. 9).
// Reporting the same clue again changes nothing. Bank officers.
func (c *Contract) ReportPropertyClue(ctx contractapi.TransactionContextInterface, debtor string, kind string, description string, value int64) (*ClueResult, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":ReportPropertyClue", access.BankOfficer)
	if err != nil {
		return nil, err
	}
	if err := input.Pseudonym("debtor", debtor); err != nil {
		return nil, err
	}
	if !contains(clueKinds, kind) {
		return nil, fmt.Errorf("clue kind %q: one of %s", input.Short(kind), strings.Join(clueKinds, ", "))
	}
	if err := input.Digest("description", description); err != nil {
		return nil, err
	}
	if value < 0 || value > input.MaxAmount {
		return nil, fmt.Errorf("value %d fen must be 0 (unknown) to %d", value, input.MaxAmount)
	}
	h := sha256.Sum256([]byte(debtor + "|" + kind + "|" + description))
	id := "CL" + strings.ToUpper(hex.EncodeToString(h[:10]))
	var earlier Clue
	if found, err := state.Get(ctx, clueObject, id, &earlier); err != nil {
		return nil, err
	} else if found {
		return &ClueResult{Clue: &earlier, Duplicate: true, Cases: []ClueOutcome{}}, nil
	}
	numbers, err := cases.OfDebtor(ctx, debtor, maxCasesPerClue)
	if err != nil {
		return nil, err
	}
	if len(numbers) == 0 {
		return nil, fmt.Errorf("no open enforcement case names this debtor; the clue was not recorded")
	}
	if len(numbers) > maxCasesPerClue {
		return nil, fmt.Errorf("the debtor has more than %d open enforcement cases; an enforcement officer must handle this clue case by case", maxCasesPerClue)
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	clue := &Clue{ID: id, Debtor: debtor, Kind: kind, Description: description, Value: value, Bank: caller.MSPID,
		ReportedBy: caller.String(), ReportedAt: now.Format(time.RFC3339Nano), TxID: ctx.GetStub().GetTxID()}
	res := &ClueResult{Clue: clue, Cases: []ClueOutcome{}}
	events := &deadline.Events{}
	for _, number := range numbers {
		cs, err := load(ctx, number)
		if err != nil {
			return nil, err
		}
		out, err := applyClue(ctx, cs, clue, events)
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", number, err)
		}
		res.Cases = append(res.Cases, out)
		if err := save(ctx, cs); err != nil {
			return nil, err
		}
	}
	events.Add("clue.reported", id, map[string]string{"cases": fmt.Sprint(len(numbers)), "bank": caller.MSPID})
	if err := state.Put(ctx, clueObject, id, clue); err != nil {
		return nil, err
	}
	return res, events.Emit(ctx)
}

// applyClue logs the clue in one case, resumes it if it was terminated,
// and raises a freeze request to the reporting bank where measures may
// be taken.
func applyClue(ctx contractapi.TransactionContextInterface, cs *Case, clue *Clue, events *deadline.Events) (ClueOutcome, error) {
	out := ClueOutcome{Case: cs.Number}
	note := fmt.Sprintf("property clue %s (%s) reported by %s", clue.ID, clue.Kind, clue.ReportedBy)
	switch cs.State {
	case Terminated:
		if err := resume(ctx, cs, Operation{Kind: OpResumption, Officer: "auto", Document: clue.Description, Note: note}, events); err != nil {
			return out, err
		}
		out.Result = "resumed"
	case Active, Resumed:
		if _, err := appendOp(ctx, cs, Operation{Kind: OpClue, Officer: clue.ReportedBy, Document: clue.Description, Note: note}); err != nil {
			return out, err
		}
		out.Result = "logged"
	default:
		// Filed (no notice yet) or settled (a settlement is being
		// performed): the officer sees the clue in the log.
		if _, err := appendOp(ctx, cs, Operation{Kind: OpClue, Officer: clue.ReportedBy, Document: clue.Description, Note: note + "; case " + cs.State + ", no measure raised"}); err != nil {
			return out, err
		}
		out.Result = "logged; case " + cs.State + ", no measure raised"
		return out, nil
	}
	amount := cs.Outstanding()
	if clue.Value > 0 {
		amount = min(amount, clue.Value)
	}
	m, err := raise(ctx, cs, Measure{Kind: OpFreeze, Target: clue.Description, Amount: amount, Bank: clue.Bank,
		Origin: "property clue " + clue.ID, RequestedBy: "auto", RequestedByID: "auto"}, events)
	if err != nil {
		return out, err
	}
	out.Measure = m.ID
	out.Result += "; freeze " + m.ID + " requested from " + clue.Bank
	return out, nil
}

// GetClue reads a property clue. Court roles, bank officers and auditors.
func (c *Contract) GetClue(ctx contractapi.TransactionContextInterface, id string) (*Clue, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":GetClue", access.Judge, access.Clerk, access.EnforcementOfficer, access.BankOfficer, access.Auditor); err != nil {
		return nil, err
	}
	var clue Clue
	return &clue, state.MustGet(ctx, clueObject, id, &clue)
}
