package enforcement

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// A case terminated for lack of property, or settled and the settlement
// not performed, is resumed as a resumption case (恢复执行案件): a docket
// entry of its own, numbered with the mark 执恢, for the same matter
// (法发〔2014〕26号, art. 6: 6(3) after a termination for lack of
// property, 6(1)–(2) after a settlement). The new case carries the
// outstanding amount, the parties and what is still owed on each claim; it is
// active from its docketing, counts its own time and searches on its own
// before it may be terminated again (termination.go). The two are
// linked both ways (Resumes, ResumedAs); the original stays terminated
// or settled and moves no more, leaves its debtors' index (the
// resumption case joins it), and its listings stay: they are about the
// same debtors and matter, and end when the resumption case ends.
//
// What resumes a terminated case (2016 SPC Provisions, art. 9):
//   - property found by the court's inquiry or reported by a bank as a
//     clue that covers what is outstanding (足额): docketed at once, with
//     a freeze request to that bank (found);
//   - less, or of unknown worth: an officer's task, decided with
//     DecideTask;
//   - the creditor's application with property the creditor found, at
//     any time, once an officer verifies it (ApplyResumption,
//     VerifyProperty);
//   - a judge's ruling on the creditor's application (Resume).
//
// A settled case resumes on the creditor's application (Resume), or on
// its own when an instalment is missed and the creditor applied in
// advance (settlement.go) — CPL 2023 art. 241.

// property is property of the debtors found while a case is terminated.
type property struct {
	// source names the report: a clue, an inquiry answer.
	source      string
	channel     string
	description string
	value       int64
	bank        string
	by          api.Actor
}

// found applies the rule for property found in a terminated case: if its
// value covers what is outstanding, the resumption case is docketed and
// the bank asked to freeze it, in this transaction; otherwise an officer
// decides (a task). The caller saves cs.
func found(t *kernel.Tx, cs *enforcementapi.Case, p property) (*enforcementapi.ResumptionResult, error) {
	if p.value >= cs.Outstanding() {
		why := fmt.Sprintf("%s: property worth %d fen covers the %d fen outstanding (2016 SPC Provisions, art. 9; Opinions item 16)", p.source, p.value, cs.Outstanding())
		return resumeCase(t, cs, t.Auto(), p.description, why, &p)
	}
	task, err := openTask(t, cs, p)
	if err != nil {
		return nil, err
	}
	return &enforcementapi.ResumptionResult{Case: cs, Task: task.ID,
		Result: fmt.Sprintf("task %s for an enforcement officer: property %s found, %d fen outstanding", task.ID, worth(p.value), task.Outstanding)}, nil
}

// resumeCase dockets the resumption case of cs and, for property a bank
// reported (freeze not nil), asks that bank to freeze it. It saves the
// new case; the caller saves cs.
func resumeCase(t *kernel.Tx, cs *enforcementapi.Case, by api.Actor, document, why string, freeze *property) (*enforcementapi.ResumptionResult, error) {
	r, err := docket(t, cs, by, document, why)
	if err != nil {
		return nil, err
	}
	res := &enforcementapi.ResumptionResult{Case: cs, Resumption: r, Result: "resumed as " + r.Number}
	if freeze != nil && freeze.bank != "" {
		amount := r.Outstanding()
		if freeze.value > 0 {
			amount = min(amount, freeze.value)
		}
		m, err := raise(t, r, enforcementapi.Measure{Kind: enforcementapi.OpFreeze, Target: freeze.description, Amount: amount, Bank: freeze.bank,
			Origin: freeze.source + " in " + cs.Number, RequestedBy: by})
		if err != nil {
			return nil, err
		}
		res.Measure = m.ID
		res.Result += "; freeze " + m.ID + " requested from " + freeze.bank
	}
	return res, nil
}

// docket opens the resumption case of cs, links the two, and takes cs
// out of the debtor index and the deadline index.
func docket(t *kernel.Tx, cs *enforcementapi.Case, by api.Actor, document, why string) (*enforcementapi.Case, error) {
	if err := resumedAway(cs); err != nil {
		return nil, err
	}
	if cs.State != cases.Terminated && cs.State != cases.Settled {
		return nil, kernel.Errorf(api.CodeState, "case %s is %s; only a case terminated for lack of property, or settled and the settlement not performed, is resumed (2016 SPC Provisions, art. 9; CPL 2023 art. 241)",
			cs.Number, cs.State)
	}
	chain, err := matter(t, cs)
	if err != nil {
		return nil, err
	}
	if len(chain) >= enforcementapi.MaxResumptions {
		return nil, kernel.Errorf(api.CodeLimit, "the matter of case %s has been resumed %d times, the most this ledger records", cs.Number, len(chain)-1)
	}
	claims, err := remaining(cs)
	if err != nil {
		return nil, err
	}
	creditors := make([]string, 0, len(claims))
	for _, cl := range claims {
		creditors = append(creditors, cl.Creditor)
	}
	evidence := []string{document}
	if len(cs.Evidence) > 0 && cs.Evidence[0] != document {
		evidence = append(evidence, cs.Evidence[0]) // the document enforced
	}
	r, fresh, err := casestore.OpenEnforcement(t, cases.Case{Kind: cases.Enforcement, Origin: cases.Origin{Type: cases.ResumptionOrigin, ID: cs.Number},
		Creditors: creditors, Debtors: cs.Debtors, AmountDue: cs.Outstanding(), Claims: claims, Evidence: evidence,
		Reason: "resumption of enforcement in " + cs.Number + ": " + why}, by)
	if err != nil {
		return nil, err
	}
	if !fresh {
		return nil, kernel.Errorf(api.CodeExists, "case %s already has resumption case %s", cs.Number, r.Number)
	}
	r.Resumes = cs.Number
	var took []string
	for _, k := range cs.Checks {
		if slices.Contains(carried, k.Kind) {
			r.Checks = append(r.Checks, k)
			took = append(took, fmt.Sprintf("%s #%d of %s", k.Kind, k.Seq, k.Case))
		}
	}
	note := "docketed as the resumption of " + cs.Number + " (" + why + ")"
	if len(took) > 0 {
		note += "; carried over: " + strings.Join(took, ", ")
	}
	if err := move(t, r, cases.Active, enforcementapi.Operation{Kind: enforcementapi.OpResumption, Step: "docketed", Officer: by, Document: document, Note: note}); err != nil {
		return nil, err
	}
	t.Event(cases.EventOpened, r.Number, map[string]string{"kind": cases.Enforcement, "origin": cases.ResumptionOrigin + ":" + cs.Number})

	if err := leave(t, cs, "resumed as "+r.Number); err != nil {
		return nil, err
	}
	cs.ResumedAs = append(cs.ResumedAs, r.Number)
	if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: enforcementapi.OpResumption, Step: "resumed_as", Officer: by, Document: document,
		Note: "resumed as " + r.Number + ": " + why}); err != nil {
		return nil, err
	}
	for _, d := range cs.Debtors {
		if err := casestore.IndexDebtor(t, d, cs.Number, false); err != nil {
			return nil, err
		}
	}
	t.Event(cases.EventResumption, cs.Number, map[string]string{"resumption": r.Number, "by": by.String()})
	return r, nil
}

// remaining is what each creditor is still owed once the money collected
// and not yet distributed in cs is paid out (it is paid out in cs): the
// claims of the resumption case, adding up to what is outstanding.
func remaining(cs *enforcementapi.Case) ([]cases.Claim, error) {
	if cs.Outstanding() <= 0 {
		return nil, kernel.Errorf(api.CodeState, "case %s has nothing outstanding to resume for", cs.Number)
	}
	held, err := allocate(cs.Collected-cs.Distributed, cs.Claims)
	if err != nil {
		return nil, kernel.Errorf(api.CodeCorrupt, "the claims of case %s: %v", cs.Number, err)
	}
	out := make([]cases.Claim, 0, len(cs.Claims))
	for i, cl := range cs.Claims {
		if rest := cl.Amount - cl.Distributed - held[i].Amount; rest > 0 {
			out = append(out, cases.Claim{Creditor: cl.Creditor, Priority: cl.Priority, Amount: rest})
		}
	}
	return out, nil
}

// leave ends what hangs on a case when its matter moves on or ends: the
// inquiries and instalments not yet due leave the deadline index, the
// undecided tasks and unverified applications close (each in the log).
func leave(t *kernel.Tx, cs *enforcementapi.Case, why string) error {
	if err := cancelInquiries(t, cs); err != nil {
		return err
	}
	if cs.State == cases.Settled {
		if err := cancelInstalments(t, cs, -1); err != nil {
			return err
		}
	}
	for _, task := range cs.Tasks {
		if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: enforcementapi.OpTask, Step: "closed", Officer: t.Auto(), Note: task.ID + " closed: " + why}); err != nil {
			return err
		}
	}
	for _, a := range cs.Applications {
		if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: enforcementapi.OpApplication, Step: "closed", Officer: t.Auto(), Note: a.ID + " closed: " + why}); err != nil {
			return err
		}
	}
	cs.Tasks, cs.Applications = nil, nil
	return nil
}

// openTask makes property found that does not cover what is outstanding
// a task for an enforcement officer.
func openTask(t *kernel.Tx, cs *enforcementapi.Case, p property) (*enforcementapi.Task, error) {
	if len(cs.Tasks) >= enforcementapi.MaxOpenTasks {
		return nil, kernel.Errorf(api.CodeLimit, "case %s has %d undecided tasks; an enforcement officer decides them (DecideTask) before more are raised", cs.Number, len(cs.Tasks))
	}
	cs.TaskCount++
	task := enforcementapi.Task{ID: "T" + strconv.Itoa(cs.TaskCount), Source: p.source, Channel: p.channel, Description: p.description,
		Value: p.value, Outstanding: cs.Outstanding(), Bank: p.bank, ReportedBy: p.by, OpenedAt: t.At()}
	cs.Tasks = append(cs.Tasks, task)
	if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: enforcementapi.OpTask, Step: "opened", Channel: p.channel, Officer: t.Auto(), Document: p.description, Amount: p.value,
		Note: fmt.Sprintf("%s: %s found property %s, not the %d fen outstanding; an enforcement officer decides whether it resumes the case (2016 SPC Provisions, art. 9)",
			task.ID, p.source, worth(p.value), task.Outstanding)}); err != nil {
		return nil, err
	}
	t.Event(enforcementapi.EventTaskOpened, cs.Number, map[string]string{"task": task.ID, "value": strconv.FormatInt(p.value, 10), "outstanding": strconv.FormatInt(task.Outstanding, 10)})
	return &task, nil
}

// Resume resumes a terminated case, or a settled one whose settlement is
// not performed (or was obtained by fraud or duress), on the creditor's
// application, as a judge rules (2016 SPC Provisions, art. 9; CPL 2023
// art. 241): a resumption case is docketed.
func (c *Contract) Resume(tx *kernel.Tx, number string, reason string, document string) (*enforcementapi.ResumptionResult, error) {
	cs, err := begin(tx, number, &document, &reason)
	if err != nil {
		return nil, err
	}
	res, err := resumeCase(tx, cs, tx.Caller, document, "on the creditor's application: "+reason, nil)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// ApplyResumption records a creditor's application to resume a
// terminated case with property the creditor found; there is no time
// limit (2016 SPC Provisions, art. 9 para. 1). The court resumes once an
// officer verifies the property (VerifyProperty).
func (c *Contract) ApplyResumption(tx *kernel.Tx, number string, request string) (*enforcementapi.Case, error) {
	var req enforcementapi.ResumptionApplication
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := input.Digest("document", &req.Document); err != nil {
		return nil, err
	}
	if err := checkProperty(&req.Property); err != nil {
		return nil, err
	}
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	if err := resumedAway(cs); err != nil {
		return nil, err
	}
	if cs.State != cases.Terminated {
		return nil, kernel.Errorf(api.CodeState, "case %s is %s; a creditor applies with property found only to resume a case terminated for lack of property (a settled one is resumed with Resume)", number, cs.State)
	}
	if len(cs.Applications) >= enforcementapi.MaxPendingApplications {
		return nil, kernel.Errorf(api.CodeLimit, "case %s has %d applications awaiting verification; verify them first", number, len(cs.Applications))
	}
	cs.ApplicationCount++
	a := enforcementapi.Application{ID: "P" + strconv.Itoa(cs.ApplicationCount), Document: req.Document, Property: req.Property, RecordedBy: tx.Caller, RecordedAt: tx.At()}
	cs.Applications = append(cs.Applications, a)
	if _, err := appendOp(tx, cs, enforcementapi.Operation{Kind: enforcementapi.OpApplication, Step: "recorded", Officer: tx.Caller, Document: req.Document, Amount: req.Property.Value,
		Note: fmt.Sprintf("%s: the creditor reports %s %s and applies to resume; an officer verifies it (2016 SPC Provisions, art. 9 para. 1)", a.ID, req.Property.Kind, worth(req.Property.Value))}); err != nil {
		return nil, err
	}
	tx.Event(enforcementapi.EventResumptionApplied, number, map[string]string{"application": a.ID, "kind": req.Property.Kind})
	return cs, nil
}

// checkProperty checks property reported of a debtor.
func checkProperty(p *enforcementapi.PropertyReport) error {
	if !slices.Contains(enforcementapi.ClueKinds, p.Kind) {
		return kernel.Errorf(api.CodeInvalid, "property.kind %q: one of %v", api.Short(p.Kind), enforcementapi.ClueKinds)
	}
	if err := input.Digest("property.description", &p.Description); err != nil {
		return err
	}
	if p.Value < 0 || p.Value > input.MaxAmount {
		return kernel.Errorf(api.CodeInvalid, "property.value %d fen must be 0 (unknown) to %d", p.Value, input.MaxAmount)
	}
	return nil
}

// VerifyProperty records an enforcement officer's verification of the
// property a creditor reported: verified, the court must resume (2016 SPC
// Provisions, art. 9 para. 1) and the resumption case is docketed; not
// verified, the application is refused. document is the digest of the
// verification record.
func (c *Contract) VerifyProperty(tx *kernel.Tx, number string, application string, verified bool, document string) (*enforcementapi.ResumptionResult, error) {
	cs, err := begin(tx, number, &document, nil)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(cs.Applications, func(a enforcementapi.Application) bool { return a.ID == application })
	if i < 0 {
		return nil, kernel.Errorf(api.CodeNotFound, "case %s has no application %q awaiting verification", number, api.Short(application))
	}
	a := cs.Applications[i]
	cs.Applications = slices.Delete(cs.Applications, i, i+1)
	step, what := "refused", a.ID+" refused: the property the creditor reported was not verified"
	if verified {
		step, what = "verified", a.ID+": the property the creditor reported ("+a.Property.Kind+") is verified"
	}
	if _, err := appendOp(tx, cs, enforcementapi.Operation{Kind: enforcementapi.OpApplication, Step: step, Officer: tx.Caller, Document: document, Note: what}); err != nil {
		return nil, err
	}
	res := &enforcementapi.ResumptionResult{Case: cs, Result: what}
	if verified {
		if res, err = resumeCase(tx, cs, tx.Caller, a.Document, what+" (2016 SPC Provisions, art. 9 para. 1)", nil); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// DecideTask records an enforcement officer's decision on a task: resume
// (the resumption case is docketed and the reporting bank, if a bank
// reported, asked to freeze what it found) or no_resumption, with the
// reason.
func (c *Contract) DecideTask(tx *kernel.Tx, number string, task string, decision string, reason string) (*enforcementapi.ResumptionResult, error) {
	if decision != enforcementapi.DecideResume && decision != enforcementapi.DecideNoResumption {
		return nil, kernel.Errorf(api.CodeInvalid, "decision %q: %s or %s", api.Short(decision), enforcementapi.DecideResume, enforcementapi.DecideNoResumption)
	}
	if err := input.Text("reason", reason, enforcementapi.MaxNote, decision == enforcementapi.DecideNoResumption); err != nil {
		return nil, err
	}
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(cs.Tasks, func(k enforcementapi.Task) bool { return k.ID == task })
	if i < 0 {
		return nil, kernel.Errorf(api.CodeNotFound, "case %s has no undecided task %q", number, api.Short(task))
	}
	k := cs.Tasks[i]
	cs.Tasks = slices.Delete(cs.Tasks, i, i+1)
	if _, err := appendOp(tx, cs, enforcementapi.Operation{Kind: enforcementapi.OpTask, Step: decision, Officer: tx.Caller, Document: k.Description,
		Note: k.ID + " (" + k.Source + "): " + decision + noteSuffix(reason)}); err != nil {
		return nil, err
	}
	res := &enforcementapi.ResumptionResult{Case: cs, Result: k.ID + ": no resumption: " + reason}
	if decision == enforcementapi.DecideResume {
		why := k.ID + " (" + k.Source + ") decided by an enforcement officer" + noteSuffix(reason)
		if res, err = resumeCase(tx, cs, tx.Caller, k.Description, why, &property{source: "task " + k.ID + ", " + k.Source, channel: k.Channel,
			description: k.Description, value: k.Value, bank: k.Bank, by: k.ReportedBy}); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// worth says what property was found to be worth: a bank or registry may
// find property without valuing it (0).
func worth(fen int64) string {
	if fen == 0 {
		return "of unknown worth"
	}
	return fmt.Sprintf("worth %d fen", fen)
}
