package mediation

import (
	"fmt"
	"slices"
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
)

// RegisterAgreement records a mediation agreement as the mediator
// registers it and schedules each obligation's due time (plus the grace
// period) in the deadline index. Whether the agreement is judicially
// confirmed is not the mediator's to say: it is a judge's ruling on the
// parties' application (CPL 2023 art. 205, confirmation.go).
func (c *Contract) RegisterAgreement(tx *kernel.Tx, request string) (*mediationapi.Agreement, error) {
	var req mediationapi.AgreementRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if req.Confirmed {
		return nil, kernel.Errorf(api.CodeInvalid, "judiciallyConfirmed cannot be registered: judicial confirmation is a court's ruling on the parties' joint application (CPL 2023 art. 205), "+
			"not the mediator's statement; register the agreement without it, then a clerk records the application (%s) and a judge the ruling (%s)",
			mediationapi.ApplyForConfirmation, mediationapi.ConfirmAgreement)
	}
	if err := input.Digest("digest", &req.Digest); err != nil {
		return nil, err
	}
	if err := input.Digests("evidence", req.Evidence); err != nil {
		return nil, err
	}
	effective := tx.Now
	if req.EffectiveAt != "" {
		var err error
		if effective, err = parseTime("effectiveAt", req.EffectiveAt); err != nil {
			return nil, err
		}
		if effective.After(tx.Now) {
			return nil, kernel.Errorf(api.CodeTime, "effectiveAt %s is after the registration time %s: an agreement is registered once it has taken effect", req.EffectiveAt, tx.Now.Format(time.RFC3339))
		}
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
		Digest: req.Digest, Evidence: req.Evidence, State: mediationapi.Active,
		Mediator: tx.Caller, RegisteredAt: tx.At(), EffectiveAt: effective.UTC().Format(timeLayout), TxID: tx.TxID(),
	}
	// Every obligation is checked, its deadline key too, before any is
	// scheduled: a refused agreement writes nothing.
	deadlines := make([]time.Time, len(req.Obligations))
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
		deadlines[i] = due.Add(grace)
		if _, err := kernel.DeadlineKey(deadlines[i], mediationapi.KindObligation, obligationRef(a.ID, i)); err != nil {
			return nil, kernel.Errorf(api.CodeInvalid, "%s.due: %s", field, api.StripCode(err.Error()))
		}
		a.Obligations = append(a.Obligations, &mediationapi.Obligation{Debtor: o.Debtor, Creditor: o.Creditor, Amount: o.Amount,
			Due: due.UTC().Format(time.RFC3339), Deadline: deadlines[i].UTC().Format(timeLayout), State: mediationapi.Active})
	}
	for i, deadline := range deadlines {
		if err := kernel.Schedule(tx, deadline, mediationapi.KindObligation, obligationRef(a.ID, i)); err != nil {
			return nil, err
		}
	}
	tx.Event(mediationapi.EventAgreementRegistered, a.ID, map[string]string{"obligations": strconv.Itoa(len(a.Obligations)), "effectiveAt": a.EffectiveAt})
	return a, agreements.Put(tx, a, a.ID)
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

func loadAgreement(t *kernel.Tx, id string) (*mediationapi.Agreement, error) {
	return agreements.Must(t, id)
}

func loadObligation(t *kernel.Tx, id string, index int) (*mediationapi.Agreement, *mediationapi.Obligation, error) {
	a, err := loadAgreement(t, id)
	if err != nil {
		return nil, nil, err
	}
	if index < 0 || index >= len(a.Obligations) {
		return nil, nil, kernel.Errorf(api.CodeNotFound, "agreement %s has obligations 0 to %d, not %d", id, len(a.Obligations)-1, index)
	}
	return a, a.Obligations[index], nil
}

// ReportPerformance records a payment the debtor says it made, with the
// digest of its proof; it counts once confirmed.
func (c *Contract) ReportPerformance(tx *kernel.Tx, id string, index int, amount int64, proof string) (*mediationapi.Agreement, error) {
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
	tx.Event(mediationapi.EventPerformanceReported, obligationRef(id, index), map[string]string{"amount": strconv.FormatInt(amount, 10), "report": strconv.Itoa(len(o.Reports) - 1)})
	return a, nil
}

// ConfirmPerformance confirms a reported payment: by the bank that saw it,
// or by a clerk on the creditor's confirmation; never by the person who
// reported it, and never by a mediator.
func (c *Contract) ConfirmPerformance(tx *kernel.Tx, id string, index int, report int) (*mediationapi.Agreement, error) {
	a, o, err := loadObligation(tx, id, index)
	if err != nil {
		return nil, err
	}
	if o.State != mediationapi.Active {
		return nil, kernel.Errorf(api.CodeState, "obligation %d of %s is %s; its payments can no longer be confirmed here", index, id, o.State)
	}
	r, err := confirm(tx, o.Reports, report, fmt.Sprintf("obligation %d of %s", index, id), false)
	if err != nil {
		return nil, err
	}
	o.Paid += r.Amount
	tx.Event(mediationapi.EventPerformanceConfirmed, obligationRef(id, index), map[string]string{"amount": strconv.FormatInt(r.Amount, 10), "paid": strconv.FormatInt(o.Paid, 10)})
	if o.Paid == o.Amount {
		o.State = mediationapi.Performed
		if err := cancelObligation(tx, id, index, o); err != nil {
			return nil, err
		}
		tx.Event(mediationapi.EventObligationPerformed, obligationRef(id, index), nil)
		if allPerformed(a) {
			a.State = mediationapi.Performed
			tx.Event(mediationapi.EventAgreementPerformed, a.ID, nil)
		}
	}
	return a, nil
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

// ReportBreach records the creditor side's report that an obligation is
// due and not performed, and breaches it at once, without waiting for the
// grace period the keeper allows. An obligation not yet due cannot be
// breached: an instalment is owed only from its due time.
func (c *Contract) ReportBreach(tx *kernel.Tx, id string, index int, reason string) (*mediationapi.Agreement, error) {
	if err := input.Text("reason", reason, mediationapi.MaxReason, true); err != nil {
		return nil, err
	}
	a, o, err := loadObligation(tx, id, index)
	if err != nil {
		return nil, err
	}
	switch o.State {
	case mediationapi.Performed:
		return nil, kernel.Errorf(api.CodeState, "obligation %d of %s is performed; it cannot be breached", index, id)
	case mediationapi.Breached:
		tx.Event(mediationapi.EventBreachUnchanged, a.ID, map[string]string{"obligation": strconv.Itoa(index), "breach": o.Breach, "note": "already breached; nothing changed"})
		return a, nil
	}
	due, err := storedTime(fmt.Sprintf("obligation %d of %s", index, id), o.Due)
	if err != nil {
		return nil, err
	}
	if due.After(tx.Now) {
		return nil, kernel.Errorf(api.CodeTime, "obligation %d of %s is not due until %s: only an obligation past its due time can be breached", index, id, o.Due)
	}
	if err := breach(tx, a, index, "reported: "+reason, tx.Caller); err != nil {
		return nil, err
	}
	return a, nil
}

// breach records that obligation index of a is due and unperformed. The
// breach covers that obligation and every other one past its deadline
// and unperformed at this time, and nothing else: an instalment not yet
// due, or a co-debtor who is performing, is not part of it, and only
// what the covered obligations leave unpaid is claimed, from their
// debtors (CPL 2023 art. 206: the other party may apply for enforcement
// of what one party refuses to perform). What happens next depends on
// the agreement:
//   - judicially confirmed, the creditor's application made in advance
//     recorded: an enforcement case opens at once (Opinions item 16, as
//     for judgments);
//   - judicially confirmed, nothing recorded: the breach awaits the
//     creditor's application, which a clerk files through
//     enforcement:OpenCase (OnEnforcementApplication ties the two);
//   - not confirmed: the agreement is a contract (CPL 2023 art. 205 gives
//     it no force of enforcement), so a filing is submitted for the
//     creditor and goes through the review of art. 126 like any other.
//
// Obligations that fall due later keep their deadlines: each later
// breach is its own, with its own Ref.
func breach(t *kernel.Tx, a *mediationapi.Agreement, index int, how string, by api.Actor) error {
	covered := []int{}
	for i, o := range a.Obligations {
		if o.State != mediationapi.Active {
			continue
		}
		if i != index {
			deadline, err := storedTime(fmt.Sprintf("obligation %d of %s", i, a.ID), o.Deadline)
			if err != nil {
				return err
			}
			if deadline.After(t.Now) {
				continue
			}
		}
		covered = append(covered, i)
	}
	ref := a.ID
	if a.Breach != nil {
		ref = fmt.Sprintf("%s/%d", a.ID, len(a.LaterBreaches)+2)
	}
	b := &mediationapi.Breach{Ref: ref, Obligation: index, Obligations: covered, How: how, By: by, At: t.At()}
	b.Creditors, b.Debtors, b.Amount, b.Claims = owed(a, covered)
	for _, i := range covered {
		o := a.Obligations[i]
		o.State, o.Breach = mediationapi.Breached, ref
		if err := cancelObligation(t, a.ID, i, o); err != nil {
			return err
		}
	}
	switch {
	case !a.Confirmed:
		f := &mediationapi.Filing{
			ID:        kernel.MintID("FL", t.Now, t.TxID()+"|"+ref, 8),
			Claimants: b.Creditors, Respondents: b.Debtors, Claim: a.Digest, Materials: a.Evidence, Amount: b.Amount,
			SubmittedBy: by, Breach: ref,
		}
		if err := submit(t, f); err != nil {
			return err
		}
		b.Outcome, b.Filing = mediationapi.BreachFiling, f.ID
	case a.PreAuthorization != nil:
		cs, _, err := casestore.OpenEnforcement(t, cases.Case{
			Kind: cases.Enforcement, Origin: cases.Origin{Type: "mediation", ID: ref},
			Creditors: b.Creditors, Debtors: b.Debtors, AmountDue: b.Amount, Claims: b.Claims,
			Evidence: slices.Concat([]string{a.Digest}, rulingDocument(a), a.Evidence),
			Reason:   "breach of a judicially confirmed mediation agreement; the creditor applied for enforcement in advance",
		}, t.Auto())
		if err != nil {
			return err
		}
		b.Outcome, b.CaseNumber, b.CaseKind = mediationapi.BreachEnforcement, cs.Number, cases.Enforcement
		t.Event(cases.EventOpened, cs.Number, map[string]string{"kind": cases.Enforcement, "origin": "mediation:" + ref})
	default:
		b.Outcome = mediationapi.BreachAwaitingApplication
	}
	if a.Breach == nil {
		a.Breach = b
	} else {
		a.LaterBreaches = append(a.LaterBreaches, b)
	}
	a.State = mediationapi.Breached
	t.Event(mediationapi.EventAgreementBreached, a.ID, map[string]string{"breach": ref, "obligations": fmt.Sprint(covered),
		"amount": strconv.FormatInt(b.Amount, 10), "outcome": b.Outcome, "how": how})
	return nil
}

// rulingDocument is the digest of the ruling that confirmed a, if any.
func rulingDocument(a *mediationapi.Agreement) []string {
	if a.Confirmation == nil || a.Confirmation.Ruling == nil {
		return nil
	}
	return []string{a.Confirmation.Ruling.Document}
}

// outcome says what breach b led to, for a sweep's result.
func outcome(b *mediationapi.Breach) string {
	switch b.Outcome {
	case mediationapi.BreachEnforcement:
		return "enforcement case " + b.CaseNumber
	case mediationapi.BreachFiling:
		return "filing " + b.Filing + " for the creditor"
	}
	return "awaiting the creditor's application for enforcement"
}

// owed lists the creditors and debtors of the obligations covered, once
// each in first-seen order, what those obligations leave unpaid, and
// each creditor's claim to it.
func owed(a *mediationapi.Agreement, covered []int) ([]string, []string, int64, []cases.Claim) {
	var creditors, debtors []string
	var claims []cases.Claim
	var total int64
	for _, i := range covered {
		o := a.Obligations[i]
		if !slices.Contains(debtors, o.Debtor) {
			debtors = append(debtors, o.Debtor)
		}
		unpaid := o.Amount - o.Paid
		total += unpaid
		if k := slices.IndexFunc(claims, func(c cases.Claim) bool { return c.Creditor == o.Creditor }); k >= 0 {
			claims[k].Amount += unpaid
			continue
		}
		creditors = append(creditors, o.Creditor)
		claims = append(claims, cases.Claim{Creditor: o.Creditor, Amount: unpaid})
	}
	return creditors, debtors, total, claims
}

// GetAgreement reads an agreement.
func (c *Contract) GetAgreement(tx *kernel.Tx, id string) (*mediationapi.Agreement, error) {
	return agreements.Must(tx, id)
}
