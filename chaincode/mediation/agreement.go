package mediation

import (
	"fmt"
	"strconv"
	"strings"
	"time"

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

const agreementObject = "agreement"

// RegisterAgreement records a mediation agreement and schedules each
// obligation's due time (plus the grace period) in the deadline index.
func (c *Contract) RegisterAgreement(ctx contractapi.TransactionContextInterface, request string) (*mediationapi.Agreement, error) {
	tx, err := kernel.Begin(ctx, mediationapi.RegisterAgreement)
	if err != nil {
		return nil, err
	}
	var req mediationapi.AgreementRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := input.Digest("digest", &req.Digest); err != nil {
		return nil, err
	}
	if err := input.Digests("evidence", req.Evidence); err != nil {
		return nil, err
	}
	if len(req.Obligations) == 0 || len(req.Obligations) > mediationapi.MaxObligations {
		return nil, kernel.Errorf(api.CodeInvalid, "an agreement needs 1 to %d obligations, got %d", mediationapi.MaxObligations, len(req.Obligations))
	}
	amounts := make([]int64, len(req.Obligations))
	for i, o := range req.Obligations {
		if err := input.Amount(fmt.Sprintf("obligations[%d].amount", i), o.Amount); err != nil {
			return nil, err
		}
		amounts[i] = o.Amount
	}
	if _, err := input.Total("the obligations", amounts...); err != nil {
		return nil, err
	}
	grace, err := kernel.Duration(tx, system.MediationGracePeriod)
	if err != nil {
		return nil, err
	}
	a := &mediationapi.Agreement{
		ID:     kernel.MintID("MA", tx.Now, tx.TxID(), 8),
		Digest: req.Digest, Confirmed: req.Confirmed, Evidence: req.Evidence, State: mediationapi.Active,
		Mediator: tx.Caller, RegisteredAt: tx.At(), TxID: tx.TxID(),
	}
	for i, o := range req.Obligations {
		field := fmt.Sprintf("obligations[%d]", i)
		if err := input.Pseudonym(field+".debtor", o.Debtor); err != nil {
			return nil, err
		}
		if err := input.Pseudonym(field+".creditor", o.Creditor); err != nil {
			return nil, err
		}
		if o.Debtor == o.Creditor {
			return nil, kernel.Errorf(api.CodeInvalid, "%s: debtor and creditor are the same person", field)
		}
		due, err := parseTime(field+".due", o.Due)
		if err != nil {
			return nil, err
		}
		if !due.After(tx.Now) {
			return nil, kernel.Errorf(api.CodeTime, "%s.due %s is not after the registration time %s", field, o.Due, tx.Now.Format(time.RFC3339))
		}
		a.Obligations = append(a.Obligations, &mediationapi.Obligation{Debtor: o.Debtor, Creditor: o.Creditor, Amount: o.Amount,
			Due: due.UTC().Format(time.RFC3339), Deadline: due.Add(grace).UTC().Format(timeLayout), State: mediationapi.Active})
		if err := kernel.Schedule(tx, due.Add(grace), mediationapi.KindObligation, obligationRef(a.ID, i)); err != nil {
			return nil, err
		}
	}
	tx.Event("agreement.registered", a.ID, map[string]string{"obligations": strconv.Itoa(len(a.Obligations)), "judiciallyConfirmed": strconv.FormatBool(a.Confirmed)})
	return a, tx.Finish(state.Put(tx, agreementObject, a.ID, a))
}

func obligationRef(id string, i int) string { return id + "#" + strconv.Itoa(i) }

func parseObligationRef(ref string) (string, int, error) {
	id, n, ok := strings.Cut(ref, "#")
	i, err := strconv.Atoi(n)
	if !ok || err != nil {
		return "", 0, kernel.Errorf(api.CodeInvalid, "%q does not name an obligation (AGREEMENT#INDEX)", api.Short(ref))
	}
	return id, i, nil
}

func loadObligation(t *kernel.Tx, id string, index int) (*mediationapi.Agreement, *mediationapi.Obligation, error) {
	var a mediationapi.Agreement
	if err := state.MustGet(t, agreementObject, id, &a); err != nil {
		return nil, nil, err
	}
	if index < 0 || index >= len(a.Obligations) {
		return nil, nil, kernel.Errorf(api.CodeNotFound, "agreement %s has obligations 0 to %d, not %d", id, len(a.Obligations)-1, index)
	}
	return &a, a.Obligations[index], nil
}

// ReportPerformance records a payment the debtor says it made, with the
// digest of its proof; it counts once confirmed.
func (c *Contract) ReportPerformance(ctx contractapi.TransactionContextInterface, id string, index int, amount int64, proof string) (*mediationapi.Agreement, error) {
	tx, err := kernel.Begin(ctx, mediationapi.ReportPerformance)
	if err != nil {
		return nil, err
	}
	if err := input.Payment(amount, &proof); err != nil {
		return nil, err
	}
	a, o, err := loadObligation(tx, id, index)
	if err != nil {
		return nil, err
	}
	if o.State != mediationapi.Active {
		return nil, kernel.Errorf(api.CodeState, "obligation %d of %s is %s; performance can no longer be reported", index, id, o.State)
	}
	if err := report(tx, &o.Reports, amount, proof, o.Amount-o.Paid, fmt.Sprintf("obligation %d of %s", index, id)); err != nil {
		return nil, err
	}
	tx.Event("performance.reported", obligationRef(id, index), map[string]string{"amount": strconv.FormatInt(amount, 10), "report": strconv.Itoa(len(o.Reports) - 1)})
	return a, tx.Finish(state.Put(tx, agreementObject, a.ID, a))
}

// ConfirmPerformance confirms a reported payment: by the bank that saw it,
// or by a clerk on the creditor's confirmation; never by the person who
// reported it, and never by a mediator.
func (c *Contract) ConfirmPerformance(ctx contractapi.TransactionContextInterface, id string, index int, report int) (*mediationapi.Agreement, error) {
	tx, err := kernel.Begin(ctx, mediationapi.ConfirmPerformance)
	if err != nil {
		return nil, err
	}
	a, o, err := loadObligation(tx, id, index)
	if err != nil {
		return nil, err
	}
	if o.State != mediationapi.Active {
		return nil, kernel.Errorf(api.CodeState, "obligation %d of %s is %s; its payments can no longer be confirmed here", index, id, o.State)
	}
	r, err := confirm(tx, o.Reports, report, fmt.Sprintf("obligation %d of %s", index, id))
	if err != nil {
		return nil, err
	}
	o.Paid += r.Amount
	tx.Event("performance.confirmed", obligationRef(id, index), map[string]string{"amount": strconv.FormatInt(r.Amount, 10), "paid": strconv.FormatInt(o.Paid, 10)})
	if o.Paid == o.Amount {
		o.State = mediationapi.Performed
		if err := cancelObligation(tx, id, index, o); err != nil {
			return nil, err
		}
		tx.Event("obligation.performed", obligationRef(id, index), nil)
		if allPerformed(a) {
			a.State = mediationapi.Performed
			tx.Event("agreement.performed", a.ID, nil)
		}
	}
	return a, tx.Finish(state.Put(tx, agreementObject, a.ID, a))
}

func cancelObligation(t *kernel.Tx, id string, index int, o *mediationapi.Obligation) error {
	at, err := storedTime(fmt.Sprintf("obligation %d of %s", index, id), o.Deadline)
	if err != nil {
		return err
	}
	return kernel.Cancel(t, at, mediationapi.KindObligation, obligationRef(id, index))
}

func allPerformed(a *mediationapi.Agreement) bool {
	for _, o := range a.Obligations {
		if o.State != mediationapi.Performed {
			return false
		}
	}
	return true
}

// ReportBreach records the creditor side's report that the agreement is
// not performed, and opens the case at once.
func (c *Contract) ReportBreach(ctx contractapi.TransactionContextInterface, id string, index int, reason string) (*mediationapi.Agreement, error) {
	tx, err := kernel.Begin(ctx, mediationapi.ReportBreach)
	if err != nil {
		return nil, err
	}
	if err := input.Text("reason", reason, mediationapi.MaxReason, true); err != nil {
		return nil, err
	}
	a, o, err := loadObligation(tx, id, index)
	if err != nil {
		return nil, err
	}
	if o.State == mediationapi.Performed {
		return nil, kernel.Errorf(api.CodeState, "obligation %d of %s is performed; it cannot be breached", index, id)
	}
	if err := breach(tx, a, index, "reported: "+reason, tx.Caller); err != nil {
		return nil, err
	}
	return a, tx.Finish(nil)
}

// breach marks the agreement breached and opens its case: enforcement if
// judicially confirmed, trial otherwise. A second breach changes nothing
// and says so in the events.
func breach(t *kernel.Tx, a *mediationapi.Agreement, index int, how string, by api.Actor) error {
	if a.Breach != nil {
		t.Event("agreement.breach.unchanged", a.ID, map[string]string{"case": a.Breach.CaseNumber, "note": "already breached; nothing changed"})
		return nil
	}
	kind, why := cases.Trial, "breach of a mediation agreement that was not judicially confirmed: a trial case carries the mediation record"
	if a.Confirmed {
		kind, why = cases.Enforcement, "breach of a judicially confirmed mediation agreement, which is enforceable"
	}
	creditors, debtors, due, claims := parties(a)
	cs, _, err := casestore.Open(t, cases.Case{
		Kind: kind, Origin: cases.Origin{Type: "mediation", ID: a.ID},
		Creditors: creditors, Debtors: debtors, AmountDue: due, Claims: claims,
		Evidence: append([]string{a.Digest}, a.Evidence...), Reason: why,
	}, by)
	if err != nil {
		return err
	}
	a.Obligations[index].State = mediationapi.Breached
	a.State = mediationapi.Breached
	a.Breach = &mediationapi.Breach{Obligation: index, How: how, By: by, At: t.At(), CaseNumber: cs.Number, CaseKind: kind}
	// The other obligations' deadlines no longer matter: the case goes on.
	for i, o := range a.Obligations {
		if o.State == mediationapi.Active {
			if err := cancelObligation(t, a.ID, i, o); err != nil {
				return err
			}
		}
	}
	t.Event("agreement.breached", a.ID, map[string]string{"obligation": strconv.Itoa(index), "how": how})
	t.Event("case.opened", cs.Number, map[string]string{"kind": kind, "origin": "mediation:" + a.ID})
	return state.Put(t, agreementObject, a.ID, a)
}

// parties lists creditors and debtors once each, in first-seen order, what
// remains owed, and each creditor's claim to it.
func parties(a *mediationapi.Agreement) ([]string, []string, int64, []cases.Claim) {
	var creditors, debtors []string
	var claims []cases.Claim
	seen := map[string]bool{} // lookup only
	var owed int64
	for _, o := range a.Obligations {
		if !seen["c"+o.Creditor] {
			seen["c"+o.Creditor] = true
			creditors = append(creditors, o.Creditor)
		}
		if !seen["d"+o.Debtor] {
			seen["d"+o.Debtor] = true
			debtors = append(debtors, o.Debtor)
		}
		owed += o.Amount - o.Paid
	}
	for _, cr := range creditors {
		var sum int64
		for _, o := range a.Obligations {
			if o.Creditor == cr {
				sum += o.Amount - o.Paid
			}
		}
		if sum > 0 {
			claims = append(claims, cases.Claim{Creditor: cr, Amount: sum})
		}
	}
	return creditors, debtors, owed, claims
}

// GetAgreement reads an agreement.
func (c *Contract) GetAgreement(ctx contractapi.TransactionContextInterface, id string) (*mediationapi.Agreement, error) {
	return kernel.Lookup[mediationapi.Agreement](ctx, mediationapi.GetAgreement, agreementObject, id)
}
