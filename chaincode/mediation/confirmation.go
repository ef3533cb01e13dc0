package mediation

import (
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/calendar"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// Judicial confirmation (CPL 2023 arts. 205–206). A mediation agreement is
// a contract between the parties; they may apply jointly to a court for
// its judicial confirmation within 30 days of its taking effect, and a
// ruling that confirms it makes it enforceable: if one party refuses to
// perform, the other may apply for enforcement. The mediator registers
// the agreement; the confirmation is the court's: a clerk records the
// parties' application, a judge the ruling. A ruling that refuses it
// leaves the agreement a contract, whose breach goes to a filing.

// ApplyForConfirmation records the parties' joint application for
// judicial confirmation, with its digest, within 30 days of the
// agreement taking effect (CPL 2023 art. 205): a period in days, counted
// as CPL art. 85 counts them on the courts' calendar (the day of effect
// not counted, a last day off work moves to the next working day).
func (c *Contract) ApplyForConfirmation(tx *kernel.Tx, id string, document string) (*mediationapi.Agreement, error) {
	if err := input.Digest("document", &document); err != nil {
		return nil, err
	}
	a, err := loadAgreement(tx, id)
	if err != nil {
		return nil, err
	}
	if a.Confirmation != nil {
		return nil, confirmationDecided(a)
	}
	if err := unbreached(a, "applied for"); err != nil {
		return nil, err
	}
	effective, err := storedTime("agreement "+id, a.EffectiveAt)
	if err != nil {
		return nil, err
	}
	cal, err := kernel.Calendar(tx)
	if err != nil {
		return nil, err
	}
	end, err := cal.PeriodEnd(effective, mediationapi.ConfirmationDays)
	if err != nil {
		return nil, kernel.Errorf(api.CodeCorrupt, "counting the period to apply for confirmation: %v", err)
	}
	if tx.Now.After(end) {
		return nil, kernel.Errorf(api.CodeTime, "the application for confirmation of agreement %s comes too late: the parties apply within %d days of the agreement taking effect (CPL 2023 art. 205); it took effect on %s and the period ended with %s",
			id, mediationapi.ConfirmationDays, calendar.FormatDate(effective), calendar.FormatDate(end))
	}
	a.Confirmation = &mediationapi.Confirmation{State: mediationapi.ConfirmationApplied, ApplyBy: end.Format(timeLayout),
		Application: mediationapi.Act{Document: document, By: tx.Caller, At: tx.At(), TxID: tx.TxID()}}
	tx.Event(mediationapi.EventConfirmationApplied, a.ID, map[string]string{"applyBy": a.Confirmation.ApplyBy})
	return a, nil
}

// ConfirmAgreement records the ruling that confirms an agreement the
// parties applied for. From then on a breach leads to enforcement (CPL
// 2023 art. 206), and the agreement carries its 2-year application period
// (art. 250), counted from the last obligation's due day: the last day of
// the performance period, or of its last instalment.
func (c *Contract) ConfirmAgreement(tx *kernel.Tx, id string, request string) (*mediationapi.Agreement, error) {
	var req mediationapi.ConfirmationRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := input.Text("rulingNumber", req.RulingNumber, mediationapi.MaxRulingNumber, true); err != nil {
		return nil, err
	}
	if _, err := calendar.ParseDate(req.RulingDate); err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "rulingDate: %v", err)
	}
	if err := input.Digest("document", &req.Document); err != nil {
		return nil, err
	}
	if req.PreAuthorization != "" {
		if err := input.Digest("preAuthorization", &req.PreAuthorization); err != nil {
			return nil, err
		}
	}
	a, err := pendingConfirmation(tx, id)
	if err != nil {
		return nil, err
	}
	if err := unbreached(a, "confirmed"); err != nil {
		return nil, err
	}
	applied, err := storedTime("the application for confirmation of "+id, a.Confirmation.Application.At)
	if err != nil {
		return nil, err
	}
	// Dates written YYYY-MM-DD compare as strings.
	if req.RulingDate < calendar.FormatDate(applied) {
		return nil, kernel.Errorf(api.CodeInvalid, "rulingDate %s is before the application for confirmation (%s)", req.RulingDate, calendar.FormatDate(applied))
	}
	if today := calendar.FormatDate(tx.Now); req.RulingDate > today {
		return nil, kernel.Errorf(api.CodeTime, "rulingDate %s is after today (%s, Beijing): a ruling is recorded once it is made", req.RulingDate, today)
	}
	if req.PreAuthorization != "" && a.PreAuthorization != nil {
		return nil, kernel.Errorf(api.CodeExists, "the creditor's application for enforcement of %s made in advance is recorded already (by %s at %s)", id, a.PreAuthorization.By, a.PreAuthorization.At)
	}
	last, err := lastDue(a)
	if err != nil {
		return nil, err
	}
	a.Confirmed = true
	a.Confirmation.State = mediationapi.ConfirmationConfirmed
	a.Confirmation.Ruling = &mediationapi.Ruling{Number: req.RulingNumber, Date: req.RulingDate, Document: req.Document, Judge: tx.Caller, At: tx.At(), TxID: tx.TxID()}
	a.ApplicationPeriodEnds = applicationPeriodEnds(last).Format(timeLayout)
	tx.Event(mediationapi.EventAgreementConfirmed, a.ID, map[string]string{"ruling": req.RulingNumber, "applicationPeriodEnds": a.ApplicationPeriodEnds})
	if req.PreAuthorization != "" {
		a.PreAuthorization = &mediationapi.Act{Document: req.PreAuthorization, By: tx.Caller, At: tx.At(), TxID: tx.TxID()}
		tx.Event(mediationapi.EventAgreementPreAuthorised, a.ID, nil)
	}
	return a, nil
}

// RejectConfirmation records the ruling that refuses to confirm an
// agreement, with its reason: the agreement stays a contract.
func (c *Contract) RejectConfirmation(tx *kernel.Tx, id string, reason string) (*mediationapi.Agreement, error) {
	if err := input.Text("reason", reason, mediationapi.MaxReason, true); err != nil {
		return nil, err
	}
	a, err := pendingConfirmation(tx, id)
	if err != nil {
		return nil, err
	}
	a.Confirmation.State = mediationapi.ConfirmationRejected
	a.Confirmation.Rejection = &mediationapi.Rejection{Reason: reason, Judge: tx.Caller, At: tx.At(), TxID: tx.TxID()}
	tx.Event(mediationapi.EventConfirmationRejected, a.ID, map[string]string{"reason": reason})
	return a, nil
}

// PreAuthorise records the creditor's application for enforcement made
// in advance, with its digest: a breach of the confirmed agreement found
// from then on opens its enforcement case at once, as a judgment's
// pre-authorisation does (Opinions items 15–16). A breach already
// awaiting the creditor's application is applied for as before.
func (c *Contract) PreAuthorise(tx *kernel.Tx, id string, document string) (*mediationapi.Agreement, error) {
	if err := input.Digest("document", &document); err != nil {
		return nil, err
	}
	a, err := loadAgreement(tx, id)
	if err != nil {
		return nil, err
	}
	switch {
	case a.State == mediationapi.Performed:
		return nil, kernel.Errorf(api.CodeState, "agreement %s is performed: nothing is left to enforce", id)
	case a.Confirmation != nil && a.Confirmation.State == mediationapi.ConfirmationRejected:
		return nil, kernel.Errorf(api.CodeState, "confirmation of agreement %s was refused (%s): it cannot be enforced, so enforcement cannot be applied for in advance", id, a.Confirmation.Rejection.At)
	case a.PreAuthorization != nil:
		return nil, kernel.Errorf(api.CodeExists, "the creditor's application for enforcement of %s made in advance is recorded already (by %s at %s)", id, a.PreAuthorization.By, a.PreAuthorization.At)
	}
	a.PreAuthorization = &mediationapi.Act{Document: document, By: tx.Caller, At: tx.At(), TxID: tx.TxID()}
	tx.Event(mediationapi.EventAgreementPreAuthorised, a.ID, nil)
	return a, nil
}

// pendingConfirmation reads an agreement whose parties applied for
// confirmation and on which no ruling is recorded yet.
func pendingConfirmation(t *kernel.Tx, id string) (*mediationapi.Agreement, error) {
	a, err := loadAgreement(t, id)
	if err != nil {
		return nil, err
	}
	if a.Confirmation == nil {
		return nil, kernel.Errorf(api.CodeState, "no application for confirmation of agreement %s is recorded: a judge rules on the parties' application, which a clerk records first (%s)", id, mediationapi.ApplyForConfirmation)
	}
	if a.Confirmation.State != mediationapi.ConfirmationApplied {
		return nil, confirmationDecided(a)
	}
	return a, nil
}

// confirmationDecided is the refusal of a second application or ruling.
func confirmationDecided(a *mediationapi.Agreement) error {
	switch cf := a.Confirmation; cf.State {
	case mediationapi.ConfirmationConfirmed:
		return kernel.Errorf(api.CodeState, "agreement %s is confirmed already (ruling %s of %s)", a.ID, cf.Ruling.Number, cf.Ruling.Date)
	case mediationapi.ConfirmationRejected:
		return kernel.Errorf(api.CodeState, "confirmation of agreement %s was refused at %s (%s); it is ruled on once", a.ID, cf.Rejection.At, cf.Rejection.Reason)
	}
	return kernel.Errorf(api.CodeState, "the parties applied for confirmation of agreement %s at %s already; a judge rules on it", a.ID, a.Confirmation.Application.At)
}

// unbreached refuses to go on with the confirmation of an agreement that
// was breached or performed: a breach found while it was unconfirmed went
// to a filing for the creditor, and a performed agreement leaves nothing
// to enforce.
func unbreached(a *mediationapi.Agreement, what string) error {
	switch a.State {
	case mediationapi.Performed:
		return kernel.Errorf(api.CodeState, "agreement %s is performed: there is nothing left to be %s", a.ID, what)
	case mediationapi.Breached:
		return kernel.Errorf(api.CodeState, "agreement %s was breached at %s before it was confirmed, and the breach went to filing %s for the creditor: it can no longer be %s here",
			a.ID, a.Breach.At, a.Breach.Filing, what)
	}
	return nil
}

// lastDue is the last of the obligations' due times: the last day of the
// agreement's performance period, or of its last instalment.
func lastDue(a *mediationapi.Agreement) (time.Time, error) {
	var last time.Time
	for i, o := range a.Obligations {
		due, err := storedTime("obligation "+obligationRef(a.ID, i), o.Due)
		if err != nil {
			return last, err
		}
		if due.After(last) {
			last = due
		}
	}
	return last, nil
}
