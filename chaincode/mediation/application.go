package mediation

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/calendar"
	"github.com/courtchain/judicial/chaincode/api/cases"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// Enforcement on the creditor's application. A clerk files the
// application through the enforcement contract (enforcement:OpenCase),
// which runs OnEnforcementApplication as a hook (wired in main): where
// the document enforced is on this ledger, this contract ties it to the
// case, or refuses the application, and says when the period to apply
// ended.

// applicationPeriodEnds is the last instant of the period in which
// enforcement of a document may be applied for (CPL 2023 art. 250): 2
// years from the last day of the performance period (for instalments, of
// the last one; with none set, from the day the document took effect).
// Our reading: the 2 years are counted in calendar months as CPL art. 85
// counts months, the day the period runs from not counted, so the period
// ends with the day calendar.AddMonths(last, 24) falls on in Beijing
// (calendar.MonthsEnd). That day is not moved off a holiday here
// (docs/legal.md flags it as unsure): an application after it is accepted
// and only flagged, so the debtor may object and the court decides.
func applicationPeriodEnds(last time.Time) time.Time {
	return calendar.MonthsEnd(last, mediationapi.ApplicationPeriodMonths)
}

// limitation is the application period ending at ends, as it stands at
// the transaction's time.
func limitation(t *kernel.Tx, what, ends string) (*cases.Limitation, error) {
	end, err := storedTime(what, ends)
	if err != nil {
		return nil, err
	}
	return &cases.Limitation{Ends: ends, Late: t.Now.After(end)}, nil
}

// OnEnforcementApplication ties an enforcement case a clerk files on a
// judgment or a mediation agreement to its record, if it is on this
// ledger, and returns the document's application period (CPL 2023 art.
// 250); an application after it is accepted and flagged Late. The case
// may pursue only those the document binds, for no more than it leaves
// unpaid. A document the ledger does not know (recorded elsewhere) is
// left to the clerk's review.
func OnEnforcementApplication(t *kernel.Tx, basis cases.Origin, opened *cases.Case) (*cases.Limitation, error) {
	switch basis.Type {
	case "judgment":
		return judgmentApplication(t, basis.ID, opened)
	case "mediation":
		return agreementApplication(t, basis.ID, opened)
	}
	return nil, nil
}

// within refuses a case that pursues someone the document does not bind,
// or more than it leaves unpaid.
func within(opened *cases.Case, what string, debtors []string, unpaid int64) error {
	for _, d := range opened.Debtors {
		if !slices.Contains(debtors, d) {
			return kernel.Errorf(api.CodeInvalid, "debtor %s of the application is not a debtor under %s: enforcement pursues only those the document binds", api.Short(d), what)
		}
	}
	if opened.AmountDue > unpaid {
		return kernel.Errorf(api.CodeInvalid, "the application asks %d fen; %s leaves %d fen unpaid", opened.AmountDue, what, unpaid)
	}
	return nil
}

// judgmentApplication: a judgment may be enforced on application once its
// performance period has passed, or from its effect when it sets none
// (CPL 2023 arts. 247, 250).
func judgmentApplication(t *kernel.Tx, id string, opened *cases.Case) (*cases.Limitation, error) {
	caseNumber := opened.Number
	j, err := judgments.Get(t, id)
	if err != nil || j == nil {
		return nil, err
	}
	switch j.State {
	case mediationapi.JudgmentEffective:
		if j.Deadline != "" {
			due, err := storedTime("judgment "+id, j.Deadline)
			if err != nil {
				return nil, err
			}
			if due.After(t.Now) {
				return nil, kernel.Errorf(api.CodeTime, "judgment %s is still within its performance period (deadline %s): enforcement may be applied for once it has passed", id, j.Deadline)
			}
			// Past its deadline and not yet swept: the case takes over.
			if err := kernel.Cancel(t, due, mediationapi.KindJudgment, id); err != nil {
				return nil, err
			}
		}
	case mediationapi.Performed:
		return nil, kernel.Errorf(api.CodeState, "judgment %s has been performed: there is nothing to enforce", id)
	case mediationapi.Breached:
		return nil, kernel.Errorf(api.CodeExists, "judgment %s already has enforcement case %s", id, j.CaseNumber)
	}
	if j.ApplicationPeriodEnds == "" { // recorded before the period was
		from := j.Deadline
		if from == "" {
			from = j.EffectiveAt
		}
		last, err := storedTime("judgment "+id, from)
		if err != nil {
			return nil, err
		}
		j.ApplicationPeriodEnds = applicationPeriodEnds(last).Format(timeLayout)
	}
	if err := within(opened, "judgment "+id, j.Debtors, j.Amount-j.Paid); err != nil {
		return nil, err
	}
	limit, err := limitation(t, "judgment "+id, j.ApplicationPeriodEnds)
	if err != nil {
		return nil, err
	}
	j.State, j.CaseNumber = mediationapi.Breached, caseNumber
	t.Event(mediationapi.EventJudgmentEnforcement, id, map[string]string{"case": caseNumber, "how": "creditor's application", "late": strconv.FormatBool(limit.Late)})
	return limit, nil
}

// agreementApplication: a breach of a judicially confirmed agreement is
// enforced on the creditor's application (CPL 2023 art. 206). basis is
// the breach's Ref: the agreement's ID for its first breach, ID/n for a
// later one. Refused: an agreement not confirmed, a breach that does not
// exist (an obligation not yet due is not enforced), a breach a case
// carries already.
func agreementApplication(t *kernel.Tx, ref string, opened *cases.Case) (*cases.Limitation, error) {
	caseNumber := opened.Number
	id, _, _ := strings.Cut(ref, "/")
	a, err := agreements.Get(t, id)
	if err != nil || a == nil {
		return nil, err
	}
	if !a.Confirmed {
		return nil, kernel.Errorf(api.CodeState, "mediation agreement %s is not judicially confirmed: only a confirmed agreement is enforced (CPL 2023 arts. 205–206); a breach of it goes to a filing for the creditor", id)
	}
	var b *mediationapi.Breach
	var refs []string
	for _, x := range a.Breaches() {
		refs = append(refs, x.Ref)
		if x.Ref == ref {
			b = x
		}
	}
	switch {
	case b == nil && len(refs) == 0 && a.State == mediationapi.Performed:
		return nil, kernel.Errorf(api.CodeState, "mediation agreement %s has been performed: there is nothing to enforce", id)
	case b == nil && len(refs) == 0:
		return nil, kernel.Errorf(api.CodeState, "mediation agreement %s is not breached: enforcement is applied for once an obligation is due and unperformed (the keeper finds it at its deadline, or the creditor reports it: %s)", id, mediationapi.ReportBreach)
	case b == nil:
		return nil, kernel.Errorf(api.CodeNotFound, "mediation agreement %s has no breach %s; its breaches are %s", id, api.Short(ref), strings.Join(refs, ", "))
	case b.CaseNumber != "":
		return nil, kernel.Errorf(api.CodeExists, "breach %s of mediation agreement %s already has enforcement case %s", ref, id, b.CaseNumber)
	case b.Outcome != mediationapi.BreachAwaitingApplication:
		return nil, kernel.Errorf(api.CodeState, "breach %s of mediation agreement %s went to %s, not to enforcement", ref, id, outcome(b))
	}
	if err := within(opened, "breach "+ref+" of mediation agreement "+id, b.Debtors, b.Amount); err != nil {
		return nil, err
	}
	limit, err := limitation(t, "agreement "+id, a.ApplicationPeriodEnds)
	if err != nil {
		return nil, err
	}
	b.Outcome, b.CaseNumber, b.CaseKind = mediationapi.BreachEnforcement, caseNumber, cases.Enforcement
	t.Event(mediationapi.EventAgreementEnforcement, id, map[string]string{"breach": ref, "case": caseNumber, "how": "creditor's application", "late": strconv.FormatBool(limit.Late)})
	return limit, nil
}
