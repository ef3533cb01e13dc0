package mediation

import (
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// RecordJudgment records an effective judgment's performance obligation
// and its application period and, when it sets a performance deadline,
// schedules it: unperformed by then, it opens enforcement where the
// creditor pre-authorised it, and waits for the creditor's application
// otherwise.
func (c *Contract) RecordJudgment(tx *kernel.Tx, request string) (*mediationapi.Judgment, error) {
	var req mediationapi.JudgmentRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if req.ID == "" || len(req.ID) > mediationapi.MaxJudgmentID || strings.ContainsAny(req.ID, "|#\x00") {
		return nil, kernel.Errorf(api.CodeInvalid, "judgment id must be 1 to %d characters without '|', '#' or NUL", mediationapi.MaxJudgmentID)
	}
	if err := input.Digest("digest", &req.Digest); err != nil {
		return nil, err
	}
	if err := input.Parties(input.Group{Field: "debtors", Parties: req.Debtors}, input.Group{Field: "creditors", Parties: req.Creditors}); err != nil {
		return nil, err
	}
	if err := input.Amount("amount", req.Amount); err != nil {
		return nil, err
	}
	effective, err := parseTime("effectiveAt", req.EffectiveAt)
	if err != nil {
		return nil, err
	}
	// The application period (CPL 2023 art. 250) counts from the last day
	// of the performance period or, where the judgment sets none, from
	// the day it took effect.
	periodFrom := effective
	var due time.Time
	if req.Deadline != "" {
		if due, err = parseTime("deadline", req.Deadline); err != nil {
			return nil, err
		}
		if !due.After(effective) {
			return nil, kernel.Errorf(api.CodeInvalid, "deadline %s is not after the effective time %s", req.Deadline, req.EffectiveAt)
		}
		if !due.After(tx.Now) {
			return nil, kernel.Errorf(api.CodeTime, "deadline %s has already passed (transaction time %s)", req.Deadline, tx.Now.Format(time.RFC3339))
		}
		periodFrom = due
	} else if req.PreAuthorized {
		return nil, kernel.Errorf(api.CodeInvalid, "preAuthorized needs a deadline: a judgment without a performance period has no due time at which enforcement could open by itself; the creditor applies for it (enforcement:OpenCase)")
	}
	if existing, err := judgments.Get(tx, req.ID); err != nil {
		return nil, err
	} else if existing != nil {
		return nil, kernel.Errorf(api.CodeExists, "judgment %s is already recorded (transaction %s)", req.ID, existing.TxID)
	}
	j := &mediationapi.Judgment{ID: req.ID, Digest: req.Digest, Debtors: req.Debtors, Creditors: req.Creditors, Amount: req.Amount,
		EffectiveAt: effective.UTC().Format(timeLayout), PreAuthorized: req.PreAuthorized,
		ApplicationPeriodEnds: applicationPeriodEnds(periodFrom).Format(timeLayout),
		State:                 mediationapi.JudgmentEffective, Judge: tx.Caller, TxID: tx.TxID()}
	if !due.IsZero() {
		j.Deadline = due.UTC().Format(timeLayout)
		if err := kernel.Schedule(tx, due, mediationapi.KindJudgment, j.ID); err != nil {
			return nil, err
		}
	}
	tx.Event(mediationapi.EventJudgmentRecorded, j.ID, map[string]string{"deadline": j.Deadline, "preAuthorized": strconv.FormatBool(j.PreAuthorized),
		"applicationPeriodEnds": j.ApplicationPeriodEnds})
	return j, judgments.Put(tx, j, j.ID)
}

// ReportJudgmentPayment records a payment the debtor says it made on a
// judgment, with the digest of its proof; it counts once another person
// confirms it.
func (c *Contract) ReportJudgmentPayment(tx *kernel.Tx, id string, amount int64, proof string) (*mediationapi.Judgment, error) {
	if err := input.Payment(amount, &proof); err != nil {
		return nil, err
	}
	j, err := unenforcedJudgment(tx, id)
	if err != nil {
		return nil, err
	}
	if err := report(tx, &j.Reports, amount, proof, j.Amount-j.Paid, "judgment "+id); err != nil {
		return nil, err
	}
	tx.Event(mediationapi.EventJudgmentPaymentReported, id, map[string]string{"amount": strconv.FormatInt(amount, 10), "report": strconv.Itoa(len(j.Reports) - 1)})
	return j, nil
}

// ConfirmJudgmentPayment confirms a reported payment on a judgment: by a
// bank that saw it or a clerk, never by who reported it. Full payment
// cancels the deadline.
func (c *Contract) ConfirmJudgmentPayment(tx *kernel.Tx, id string, index int) (*mediationapi.Judgment, error) {
	j, err := unenforcedJudgment(tx, id)
	if err != nil {
		return nil, err
	}
	r, err := confirm(tx, j.Reports, index, "judgment "+id, true)
	if err != nil {
		return nil, err
	}
	j.Paid += r.Amount
	tx.Event(mediationapi.EventJudgmentPayment, id, map[string]string{"amount": strconv.FormatInt(r.Amount, 10), "paid": strconv.FormatInt(j.Paid, 10)})
	if j.Paid == j.Amount {
		j.State = mediationapi.Performed
		if j.Deadline != "" {
			due, err := storedTime("judgment "+id, j.Deadline)
			if err != nil {
				return nil, err
			}
			if err := kernel.Cancel(tx, due, mediationapi.KindJudgment, id); err != nil {
				return nil, err
			}
		}
		tx.Event(mediationapi.EventJudgmentPerformed, id, nil)
	}
	return j, nil
}

// judgmentDue handles a judgment whose deadline passed: unperformed and
// pre-authorised, it opens an enforcement case; otherwise it is marked
// overdue and the creditor may apply for enforcement.
func judgmentDue(t *kernel.Tx, id string) (string, error) {
	j, err := judgments.Must(t, id)
	if err != nil {
		return "", err
	}
	if j.State != mediationapi.JudgmentEffective {
		return "judgment " + j.State + "; nothing to do", nil
	}
	if !j.PreAuthorized {
		j.State = mediationapi.JudgmentOverdue
		t.Event(mediationapi.EventJudgmentOverdue, id, map[string]string{"note": "no pre-authorisation: enforcement on the creditor's application"})
		return "overdue", nil
	}
	cs, _, err := casestore.OpenEnforcement(t, cases.Case{
		Kind: cases.Enforcement, Origin: cases.Origin{Type: "judgment", ID: j.ID},
		Creditors: j.Creditors, Debtors: j.Debtors, AmountDue: j.Amount - j.Paid,
		Evidence: []string{j.Digest}, Reason: "judgment unperformed by its deadline; the creditor pre-authorised enforcement",
	}, t.Auto())
	if err != nil {
		return "", err
	}
	j.State, j.CaseNumber = mediationapi.Breached, cs.Number
	t.Event(mediationapi.EventJudgmentUnperformed, id, map[string]string{"case": cs.Number})
	t.Event(cases.EventOpened, cs.Number, map[string]string{"kind": cases.Enforcement, "origin": "judgment:" + id})
	return "enforcement case " + cs.Number, nil
}

// GetJudgment reads a judgment.
func (c *Contract) GetJudgment(tx *kernel.Tx, id string) (*mediationapi.Judgment, error) {
	return judgments.Must(tx, id)
}

// unenforcedJudgment reads a judgment whose payments this contract still
// records: once enforcement opens, the enforcement case records them.
func unenforcedJudgment(tx *kernel.Tx, id string) (*mediationapi.Judgment, error) {
	j, err := judgments.Must(tx, id)
	if err != nil {
		return nil, err
	}
	if j.State != mediationapi.JudgmentEffective {
		return nil, kernel.Errorf(api.CodeState, "judgment %s is %s; payments on it are recorded by the enforcement case", id, j.State)
	}
	return j, nil
}
