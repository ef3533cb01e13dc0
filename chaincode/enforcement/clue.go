package enforcement

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// clues are the property clues banks report.
var clues = kernel.Kind[enforcementapi.Clue]{Object: "clue"}

// ReportPropertyClue records a bank's clue to a debtor's property
// (description is the digest of the clue's particulars, value its worth
// in fen, 0 if unknown). In every case of the debtor terminated for lack
// of property it follows the rule for property found (resumption.go):
// worth what is outstanding or more, a resumption case is docketed with
// a freeze request to the reporting bank; less, or unknown, an officer
// decides. Every active one gets a freeze request addressed to the
// reporting bank, for a judge's approval (Opinions item 16; 2016 SPC
// Provisions, art. 9). Reporting the same clue again changes nothing.
func (c *Contract) ReportPropertyClue(tx *kernel.Tx, debtor string, kind string, description string, value int64) (*enforcementapi.ClueResult, error) {
	if err := input.Pseudonym("debtor", debtor); err != nil {
		return nil, err
	}
	if !slices.Contains(enforcementapi.ClueKinds, kind) {
		return nil, kernel.Errorf(api.CodeInvalid, "clue kind %q: one of %s", api.Short(kind), strings.Join(enforcementapi.ClueKinds, ", "))
	}
	if err := input.Digest("description", &description); err != nil {
		return nil, err
	}
	if value < 0 || value > input.MaxAmount {
		return nil, kernel.Errorf(api.CodeInvalid, "value %d fen must be 0 (unknown) to %d", value, input.MaxAmount)
	}
	h := sha256.Sum256([]byte(debtor + "|" + kind + "|" + description))
	id := "CL" + strings.ToUpper(hex.EncodeToString(h[:10]))
	if earlier, err := clues.Get(tx, id); err != nil {
		return nil, err
	} else if earlier != nil {
		return &enforcementapi.ClueResult{Clue: earlier, Duplicate: true, Cases: []enforcementapi.ClueOutcome{}}, nil
	}
	numbers, err := casestore.OfDebtor(tx, debtor, enforcementapi.MaxCasesPerClue)
	if err != nil {
		return nil, err
	}
	if len(numbers) == 0 {
		return nil, kernel.Errorf(api.CodeNotFound, "no open enforcement case names this debtor; the clue was not recorded")
	}
	if len(numbers) > enforcementapi.MaxCasesPerClue {
		return nil, kernel.Errorf(api.CodeLimit, "the debtor has more than %d open enforcement cases; an enforcement officer must handle this clue case by case", enforcementapi.MaxCasesPerClue)
	}
	clue := &enforcementapi.Clue{ID: id, Debtor: debtor, Kind: kind, Description: description, Value: value, Bank: tx.Caller.MSPID,
		ReportedBy: tx.Caller, ReportedAt: tx.At(), TxID: tx.TxID()}
	res := &enforcementapi.ClueResult{Clue: clue, Cases: []enforcementapi.ClueOutcome{}}
	for _, number := range numbers {
		cs, err := load(tx, number)
		if err != nil {
			return nil, err
		}
		out, err := applyClue(tx, cs, clue)
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", number, err)
		}
		res.Cases = append(res.Cases, out)
	}
	tx.Event(enforcementapi.EventClueReported, id, map[string]string{"cases": fmt.Sprint(len(numbers)), "bank": tx.Caller.MSPID})
	return res, clues.Put(tx, clue, id)
}

// applyClue logs the clue in one case; in a terminated case it applies
// the rule for property found, in an active one it raises a freeze
// request to the reporting bank.
func applyClue(t *kernel.Tx, cs *enforcementapi.Case, clue *enforcementapi.Clue) (enforcementapi.ClueOutcome, error) {
	out := enforcementapi.ClueOutcome{Case: cs.Number}
	note := fmt.Sprintf("property clue %s (%s, %s) reported by %s", clue.ID, clue.Kind, worth(clue.Value), clue.ReportedBy)
	switch cs.State {
	case cases.Terminated:
		if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: enforcementapi.OpClue, Officer: clue.ReportedBy, Document: clue.Description, Amount: clue.Value, Note: note}); err != nil {
			return out, err
		}
		res, err := found(t, cs, property{source: "property clue " + clue.ID, description: clue.Description, value: clue.Value, bank: clue.Bank, by: clue.ReportedBy})
		if err != nil {
			return out, err
		}
		out.Result, out.Measure, out.Task = res.Result, res.Measure, res.Task
		if res.Resumption != nil {
			out.Resumption = res.Resumption.Number
		}
		return out, nil
	case cases.Active, cases.Resumed:
		if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: enforcementapi.OpClue, Officer: clue.ReportedBy, Document: clue.Description, Note: note}); err != nil {
			return out, err
		}
		out.Result = "logged"
	default:
		// Filed (no notice yet), settled (a settlement is being
		// performed) or suspended: the officer sees the clue in the log.
		if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: enforcementapi.OpClue, Officer: clue.ReportedBy, Document: clue.Description, Note: note + "; case " + cs.State + ", no measure raised"}); err != nil {
			return out, err
		}
		out.Result = "logged; case " + cs.State + ", no measure raised"
		return out, nil
	}
	amount := cs.Outstanding()
	if clue.Value > 0 {
		amount = min(amount, clue.Value)
	}
	m, err := raise(t, cs, enforcementapi.Measure{Kind: enforcementapi.OpFreeze, Target: clue.Description, Amount: amount, Bank: clue.Bank,
		Origin: "property clue " + clue.ID, RequestedBy: t.Auto()})
	if err != nil {
		return out, err
	}
	out.Measure = m.ID
	out.Result += "; freeze " + m.ID + " requested from " + clue.Bank
	return out, nil
}

// GetClue reads a property clue.
func (c *Contract) GetClue(tx *kernel.Tx, id string) (*enforcementapi.Clue, error) {
	return clues.Must(tx, id)
}
