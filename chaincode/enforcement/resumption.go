package enforcement

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/api/system"
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
	// held: the reporter holds the property and answers for what it says
	// of it (a bank's deposit, the court's own inquiry). Property the
	// reporter only points at, however much it claims it is worth, is
	// an officer's to verify: one bank's word of a large clue about a
	// house must not resume a case.
	held bool
}

// heldBy says whether a bank holds property of a clue's kind: deposits
// are the only property a bank keeps itself and can freeze on its own
// books.
func heldBy(kind string) bool { return kind == enforcementapi.ClueDeposit }

// clues are the property clues banks report.
var clues = kernel.Kind[enforcementapi.Clue]{Object: "clue"}

// ReportPropertyClue records a bank's clue to a debtor's property
// (description is the digest of the clue's particulars, value its worth
// in fen, 0 if unknown). In every case of the debtor terminated for lack
// of property it follows the rule for property found (found, below):
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
	p := property{source: "property clue " + clue.ID, description: clue.Description, value: clue.Value, bank: clue.Bank, by: clue.ReportedBy,
		held: heldBy(clue.Kind)}
	op := enforcementapi.Operation{Kind: enforcementapi.OpClue, Officer: clue.ReportedBy, Document: clue.Description,
		Note: fmt.Sprintf("%s (%s, %s) reported by %s", p.source, clue.Kind, worth(clue.Value), clue.ReportedBy)}
	switch cs.State {
	case cases.Terminated:
		op.Amount = clue.Value
	case cases.Active, cases.Resumed:
	default:
		// Filed (no notice yet), settled (a settlement is being
		// performed) or suspended: the officer sees the clue in the log.
		op.Note += "; case " + cs.State + ", no measure raised"
	}
	if _, err := appendOp(t, cs, op); err != nil {
		return out, err
	}
	switch cs.State {
	case cases.Terminated:
		res, err := found(t, cs, p)
		if err != nil {
			return out, err
		}
		out.Result, out.Measure, out.Task = res.Result, res.Measure, res.Task
		if res.Resumption != nil {
			out.Resumption = res.Resumption.Number
		}
	case cases.Active, cases.Resumed:
		m, err := freeze(t, cs, p, p.source, t.Auto())
		if err != nil {
			return out, err
		}
		out.Measure, out.Result = m.ID, "logged; freeze "+m.ID+" requested from "+p.bank
	default:
		out.Result = "logged; case " + cs.State + ", no measure raised"
	}
	return out, nil
}

// found applies the rule for property found in a terminated case: if the
// reporter holds the property and its value covers what is outstanding,
// the resumption case is docketed and the bank asked to freeze it, in
// this transaction; otherwise an officer decides (a task).
func found(t *kernel.Tx, cs *enforcementapi.Case, p property) (*enforcementapi.ResumptionResult, error) {
	if p.held && p.value >= cs.Outstanding() {
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
// found (p not nil), asks that bank to freeze it in the new case.
func resumeCase(t *kernel.Tx, cs *enforcementapi.Case, by api.Actor, document, why string, p *property) (*enforcementapi.ResumptionResult, error) {
	r, err := docket(t, cs, by, document, why)
	if err != nil {
		return nil, err
	}
	res := &enforcementapi.ResumptionResult{Case: cs, Resumption: r, Result: "resumed as " + r.Number}
	if p != nil && p.bank != "" {
		m, err := freeze(t, r, *p, p.source+" in "+cs.Number, by)
		if err != nil {
			return nil, err
		}
		res.Measure = m.ID
		res.Result += "; freeze " + m.ID + " requested from " + p.bank
	}
	return res, nil
}

// freeze asks the bank that found property to freeze it in cs, up to
// what cs has outstanding (all of it when the property's worth is
// unknown), for a judge's approval.
func freeze(t *kernel.Tx, cs *enforcementapi.Case, p property, origin string, by api.Actor) (*enforcementapi.Measure, error) {
	amount := cs.Outstanding()
	if p.value > 0 {
		amount = min(amount, p.value)
	}
	return raise(t, cs, enforcementapi.Measure{Kind: enforcementapi.OpFreeze, Target: p.description, Amount: amount, Bank: p.bank,
		Origin: origin, RequestedBy: by})
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

// taskNote says why property found is an officer's to decide: it does
// not cover what is outstanding, or its reporter does not hold it.
func taskNote(task enforcementapi.Task, p property) string {
	why := fmt.Sprintf("not the %d fen outstanding", task.Outstanding)
	if p.value >= task.Outstanding {
		why = "which its reporter does not hold"
	}
	return fmt.Sprintf("%s: %s found property %s, %s; an enforcement officer decides whether it resumes the case (2016 SPC Provisions, art. 9)",
		task.ID, p.source, worth(p.value), why)
}

// openTask makes property found that does not cover what is outstanding,
// or that its reporter does not hold, a task for an enforcement officer.
func openTask(t *kernel.Tx, cs *enforcementapi.Case, p property) (*enforcementapi.Task, error) {
	if len(cs.Tasks) >= enforcementapi.MaxOpenTasks {
		return nil, kernel.Errorf(api.CodeLimit, "case %s has %d undecided tasks; an enforcement officer decides them (DecideTask) before more are raised", cs.Number, len(cs.Tasks))
	}
	cs.TaskCount++
	task := enforcementapi.Task{ID: "T" + strconv.Itoa(cs.TaskCount), Source: p.source, Channel: p.channel, Description: p.description,
		Value: p.value, Outstanding: cs.Outstanding(), Bank: p.bank, ReportedBy: p.by, OpenedAt: t.At()}
	cs.Tasks = append(cs.Tasks, task)
	if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: enforcementapi.OpTask, Step: "opened", Channel: p.channel, Officer: t.Auto(), Document: p.description, Amount: p.value,
		Note: taskNote(task, p)}); err != nil {
		return nil, err
	}
	t.Event(enforcementapi.EventTaskOpened, cs.Number, map[string]string{"task": task.ID, "value": strconv.FormatInt(p.value, 10), "outstanding": strconv.FormatInt(task.Outstanding, 10)})
	return &task, nil
}

// AnswerInquiry records a bank's answer to the round of the court's
// inquiry that fell due last in a terminated case: through which channel
// (one of parameter enforcement.searchChannels), whether it found
// property of the debtors, its worth and the digest of its particulars.
// One answer per channel and bank a round. Property found is handled in
// the same transaction (found).
func (c *Contract) AnswerInquiry(tx *kernel.Tx, number string, request string) (*enforcementapi.ResumptionResult, error) {
	var req enforcementapi.InquiryAnswer
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := input.Digest("description", &req.Description); err != nil {
		return nil, err
	}
	if req.Value < 0 || req.Value > input.MaxAmount || (!req.Found && req.Value != 0) {
		return nil, kernel.Errorf(api.CodeInvalid, "value %d fen must be 0 to %d, and 0 when nothing was found", req.Value, input.MaxAmount)
	}
	channels, err := kernel.Channels(tx)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(channels, req.Channel) {
		return nil, kernel.Errorf(api.CodeInvalid, "channel %q is not one the court searches through; parameter %s lists: %s",
			api.Short(req.Channel), system.EnforcementSearchChannels, strings.Join(channels, ", "))
	}
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	if err := resumedAway(cs); err != nil {
		return nil, err
	}
	if cs.State != cases.Terminated {
		return nil, kernel.Errorf(api.CodeState, "case %s is %s; the court's inquiry is answered only while a case is terminated for lack of property", number, cs.State)
	}
	in := lastDue(cs)
	if in == nil {
		return nil, kernel.Errorf(api.CodeState, "no inquiry round of case %s has fallen due yet%s", number, nextRound(cs))
	}
	// One answer per channel and answering bank officer: an org holds
	// many banks, and one's "nothing found" must not keep another from
	// answering "found".
	tag := req.Channel + "/" + tx.Caller.String()
	if slices.Contains(in.Answered, tag) {
		return nil, kernel.Errorf(api.CodeExists, "%s answered round %d of case %s through %s already", tx.Caller, in.Round, number, req.Channel)
	}
	if len(in.Answered) >= system.MaxSearchChannels {
		return nil, kernel.Errorf(api.CodeLimit, "round %d of case %s has %d answers, the most one round takes", in.Round, number, len(in.Answered))
	}
	in.Answered = append(in.Answered, tag)
	what := "nothing found"
	if req.Found {
		what = "property found " + worth(req.Value)
	}
	source := fmt.Sprintf("%s's answer to inquiry round %d through %s", tx.Caller.MSPID, in.Round, req.Channel)
	if _, err := appendOp(tx, cs, enforcementapi.Operation{Kind: enforcementapi.OpInquiry, Step: "answered", Channel: req.Channel, Officer: tx.Caller,
		Document: req.Description, Amount: req.Value, Note: source + ": " + what}); err != nil {
		return nil, err
	}
	tx.Event(enforcementapi.EventInquiryAnswered, number, map[string]string{"round": strconv.Itoa(in.Round), "channel": req.Channel, "bank": tx.Caller.MSPID,
		"found": strconv.FormatBool(req.Found)})
	res := &enforcementapi.ResumptionResult{Case: cs, Result: what + "; logged"}
	if req.Found {
		if res, err = found(tx, cs, property{source: source, channel: req.Channel, description: req.Description, value: req.Value, held: true,
			bank: tx.Caller.MSPID, by: tx.Caller}); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// lastDue is the round that fell due last, if one has.
func lastDue(cs *enforcementapi.Case) *enforcementapi.Inquiry {
	for i := len(cs.Inquiries) - 1; i >= 0; i-- {
		if cs.Inquiries[i].State == enforcementapi.InquiryDue {
			return &cs.Inquiries[i]
		}
	}
	return nil
}

// nextRound says when the next round falls due, for a refusal.
func nextRound(cs *enforcementapi.Case) string {
	for _, in := range cs.Inquiries {
		if in.State == enforcementapi.InquiryScheduled {
			return fmt.Sprintf(" (round %d is due at %s)", in.Round, in.Due)
		}
	}
	return " (it has no inquiry scheduled)"
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

// GetClue reads a property clue.
func (c *Contract) GetClue(tx *kernel.Tx, id string) (*enforcementapi.Clue, error) {
	return clues.Must(tx, id)
}

// worth says what property was found to be worth: a bank or registry may
// find property without valuing it (0).
func worth(fen int64) string {
	if fen == 0 {
		return "of unknown worth"
	}
	return fmt.Sprintf("worth %d fen", fen)
}
