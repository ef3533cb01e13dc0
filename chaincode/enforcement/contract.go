// Package enforcement carries enforcement cases from filing to
// conclusion (Opinions items 11, 16 and 20): every operation appended to
// the case's log on the ledger; freezes, seizures and deductions through
// a closed loop of request, approval and execution; termination for lack
// of property once the log shows the five conditions of the 2016
// Provisions, and the court's own inquiry every 6 months after it;
// resumption as a case of its own (执恢) when property covering the debt
// is found, when an officer verifies what the creditor reported, or when
// a settlement is not performed; suspension, rulings not to enforce and
// final termination; and deterministic distribution of what is
// collected. Its wire contract is api/enforcement; the case states are
// api/cases. docs/legal.md cites the rule behind each state transition.
//
// Each file but this one tells one part of a case's life top to bottom,
// from the function a caller invokes to the last record it changes, and
// leans on this one for what every part does to a case: its states and
// how it moves between them, its log, and what ends when it ends. A part
// calls another only where the law joins them: property found is frozen
// through a measure, a bank's deduction is money collected, a payment
// under a settlement pays its instalments, and a missed instalment may
// resume the case. filing.go (filing and the notice), log.go (the officers' log and
// searches), measure.go (the request–approval–execution loop),
// collection.go (money collected and distributed), termination.go (the
// five conditions, and the court's inquiries after termination),
// resumption.go (property found by a bank's clue, an inquiry's answer, a
// creditor or an officer, and the resumption case it leads to),
// settlement.go (instalments and their default) and ending.go
// (suspension, rulings not to enforce, final termination).
package enforcement

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/distribution"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// CaseHook runs in the transaction that moves a case, so that what hangs
// on the case follows it: the credit contract removes the case's
// listings when it ends, on the ground why names.
type CaseHook func(t *kernel.Tx, number string, why cases.Ending) error

// ApplicationHook runs when a clerk files a case on an enforceable
// document: the contract that keeps that document ties it to the case
// opened, or refuses (a judgment still within its performance period; a
// case against someone the document does not bind, or for more than it
// leaves unpaid), and returns the document's application period when it
// knows it. The case is passed, not read: a transaction does not read
// its own writes.
type ApplicationHook func(t *kernel.Tx, basis cases.Origin, opened *cases.Case) (*cases.Limitation, error)

// Contract is the enforcement contract.
type Contract struct {
	contractapi.Contract
	onEnd         []CaseHook
	onApplication []ApplicationHook
}

// Option configures the contract.
type Option func(*Contract)

// OnEnd runs h whenever a case stops binding its debtors: it concluded
// or another cases.Ending happened.
func OnEnd(h CaseHook) Option {
	return func(c *Contract) { c.onEnd = append(c.onEnd, h) }
}

// OnApplication runs h whenever a clerk files a case.
func OnApplication(h ApplicationHook) Option {
	return func(c *Contract) { c.onApplication = append(c.onApplication, h) }
}

// New returns the contract with the hooks other capabilities hang on a
// case's life; main wires them.
func New(opts ...Option) *Contract {
	c := &Contract{Contract: kernel.NewContract(enforcementapi.Namespace)}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Kinds are the deadline kinds this contract schedules: settlement
// instalments (settlement.go) and the court's inquiries after
// termination (termination.go).
func Kinds() []kernel.DeadlineKind {
	return []kernel.DeadlineKind{
		{Name: enforcementapi.KindInstalment, DueTime: instalmentDueTime, Process: instalmentDue, Records: instalmentCase},
		{Name: enforcementapi.KindInquiry, DueTime: inquiryDueTime, Process: inquiryDue, Records: inquiryCase},
	}
}

// A case's states, and how it moves between them.

// final are the states a case never leaves.
var final = []string{cases.Concluded, cases.NotEnforced, cases.FinallyTerminated}

// transitions are the lawful state changes; every change goes through
// move, which refuses the others. docs/legal.md cites the rule of each.
// A terminated or settled case is not moved to resume: its resumption is
// a case of its own (resumption.go), and it stays as it is.
var transitions = map[string][]string{
	cases.Filed:      {cases.Active, cases.Concluded, cases.NotEnforced, cases.FinallyTerminated},
	cases.Active:     {cases.Terminated, cases.Settled, cases.Concluded, cases.Suspended, cases.NotEnforced, cases.FinallyTerminated},
	cases.Resumed:    {cases.Terminated, cases.Settled, cases.Concluded, cases.Suspended, cases.NotEnforced, cases.FinallyTerminated},
	cases.Terminated: {cases.NotEnforced, cases.FinallyTerminated},
	cases.Settled:    {cases.Concluded, cases.NotEnforced, cases.FinallyTerminated},
	cases.Suspended:  {cases.Active, cases.NotEnforced, cases.FinallyTerminated},

	cases.Concluded:         {},
	cases.NotEnforced:       {},
	cases.FinallyTerminated: {},
}

// load reads an enforcement case, refusing trial cases.
func load(t *kernel.Tx, number string) (*enforcementapi.Case, error) {
	return casestore.Enforcement(t, number)
}

// begin starts a decision on a case: the caller is authorised, the
// digest of its document checked and, where a reason is asked for
// (reason not nil), one must be given; then the case is loaded.
func begin(tx *kernel.Tx, number string, document *string, reason *string) (*enforcementapi.Case, error) {
	if err := input.Digest("document", document); err != nil {
		return nil, err
	}
	if reason != nil {
		if err := input.Text("reason", *reason, enforcementapi.MaxNote, true); err != nil {
			return nil, err
		}
	}
	return load(tx, number)
}

// move changes the case's state if the law allows it, logging why. A case
// resumed as another one moves no more: the matter goes on there.
func move(t *kernel.Tx, c *enforcementapi.Case, to string, op enforcementapi.Operation) error {
	if err := resumedAway(c); err != nil {
		return err
	}
	if !slices.Contains(transitions[c.State], to) {
		return kernel.Errorf(api.CodeState, "case %s is %s; it cannot become %s (from %s it may become: %s)",
			c.Number, c.State, to, c.State, allowed(c.State))
	}
	from := c.State
	c.State, c.StateSince = to, t.At()
	if op.Note == "" {
		op.Note = from + " → " + to
	} else {
		op.Note = from + " → " + to + ": " + op.Note
	}
	if _, err := appendOp(t, c, op); err != nil {
		return err
	}
	t.Event(cases.StateEvent(to), c.Number, map[string]string{"from": from, "by": op.Officer.String()})
	return nil
}

// resumedAway refuses to act on a case that was resumed as another: it
// stays terminated or settled, a record of what happened.
func resumedAway(c *enforcementapi.Case) error {
	if n := len(c.ResumedAs); n > 0 {
		return kernel.Errorf(api.CodeState, "case %s was resumed as %s, where its enforcement goes on; it stays %s",
			c.Number, c.ResumedAs[n-1], c.State)
	}
	return nil
}

func allowed(from string) string {
	if len(transitions[from]) == 0 {
		return "nothing, it is final"
	}
	return strings.Join(transitions[from], ", ")
}

// matter lists the case and the cases it carries on, newest first: a
// resumption case, the case it resumes, and so on back to the first.
func matter(t *kernel.Tx, c *enforcementapi.Case) ([]string, error) {
	numbers := []string{c.Number}
	for prev := c.Resumes; prev != ""; {
		if len(numbers) > enforcementapi.MaxResumptions {
			return nil, kernel.Errorf(api.CodeCorrupt, "case %s carries on more than %d cases", c.Number, enforcementapi.MaxResumptions)
		}
		p, err := load(t, prev)
		if err != nil {
			return nil, err
		}
		numbers = append(numbers, p.Number)
		prev = p.Resumes
	}
	return numbers, nil
}

// The case's log: every operation is appended to it, and the entries
// that meet a condition of termination are recorded in the case as they
// are.

// operations are the entries of the cases' logs, each under its case and
// sequence number.
var operations = kernel.Kind[enforcementapi.Operation]{Object: opObject, Noun: "operation", Court: true}

const (
	opObject = "case~op"
	// kindIndex keys are simple, not composite, so that an auditor's time
	// range is a key range: ~op|KIND|NANOSECONDS|CASE|SEQ.
	kindIndex = "~op|"
)

// seqID is an entry's sequence number as its key holds it: fixed width, so
// that key order is log order.
func seqID(seq int) string { return fmt.Sprintf("%010d", seq) }

// appendOp stamps op and appends it to the case's log, returning the
// entry as written; the case's counter numbers the entries. An entry that
// meets a condition of termination is recorded in the case's checks
// (check, below).
func appendOp(t *kernel.Tx, c *enforcementapi.Case, op enforcementapi.Operation) (enforcementapi.Operation, error) {
	op.Case, op.Seq, op.At, op.TxID = c.Number, c.Operations, t.At(), t.TxID()
	check(c, op)
	entry := op
	if err := operations.Put(t, &entry, c.Number, seqID(op.Seq)); err != nil {
		return op, err
	}
	idx, err := kindKey(op.Kind, t.Now, c.Number, op.Seq)
	if err != nil {
		return op, err
	}
	c.Operations++
	return op, t.GetStub().PutState(idx, []byte{1})
}

func kindKey(kind string, at time.Time, number string, seq int) (string, error) {
	if strings.Contains(number, "|") {
		return "", kernel.Errorf(api.CodeInvalid, "case number %q holds '|'", api.Short(number))
	}
	return fmt.Sprintf("%s%s|%020d|%s|%010d", kindIndex, kind, at.UnixNano(), number, seq), nil
}

// conditionKinds are the operation kinds that meet a condition of
// termination (termination.go names the five); carried are those a
// resumption case carries over.
var (
	conditionKinds = []string{enforcementapi.OpNotice, enforcementapi.OpReportOrder, enforcementapi.OpRestrictionOrder,
		enforcementapi.OpListing, enforcementapi.OpNoListingGrounds, enforcementapi.OpSearch,
		enforcementapi.OpDebtorSearch, enforcementapi.OpDebtorNotMissing}
	carried = []string{enforcementapi.OpNotice, enforcementapi.OpReportOrder, enforcementapi.OpRestrictionOrder,
		enforcementapi.OpListing, enforcementapi.OpNoListingGrounds}
)

// check records op in the case's checks if it meets a condition of
// termination and no earlier entry of its kind (and channel) does.
func check(c *enforcementapi.Case, op enforcementapi.Operation) {
	if !slices.Contains(conditionKinds, op.Kind) {
		return
	}
	if hasCheck(c, op.Kind, op.Channel) || len(c.Checks) >= enforcementapi.MaxChecks {
		return
	}
	c.Checks = append(c.Checks, enforcementapi.Check{Kind: op.Kind, Channel: op.Channel, Seq: op.Seq, Case: c.Number})
}

func hasCheck(c *enforcementapi.Case, kind, channel string) bool {
	return slices.ContainsFunc(c.Checks, func(k enforcementapi.Check) bool { return k.Kind == kind && k.Channel == channel })
}

// What ends when a case's matter moves on or ends.

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

// conclude ends the case because it was performed.
func (c *Contract) conclude(t *kernel.Tx, cs *enforcementapi.Case, how string, why cases.Ending, by api.Actor) error {
	return c.finalise(t, cs, cases.Concluded, enforcementapi.Operation{Kind: enforcementapi.OpConclusion, Officer: by, Note: how}, how, why)
}

// finalise moves the case into a final state (concluded, not enforced,
// finally terminated): what hangs on it leaves the deadline index, it
// leaves its debtors' index, and the hooks (credit listings) of it and
// of the cases it carries on end with it in the same transaction.
func (c *Contract) finalise(t *kernel.Tx, cs *enforcementapi.Case, to string, op enforcementapi.Operation, how string, why cases.Ending) error {
	if err := resumedAway(cs); err != nil {
		return err
	}
	if !slices.Contains(transitions[cs.State], to) {
		return move(t, cs, to, op) // refused, with the reason
	}
	if err := leave(t, cs, "case "+to); err != nil {
		return err
	}
	if err := move(t, cs, to, op); err != nil {
		return err
	}
	cs.ConcludedHow = how
	for _, d := range cs.Debtors {
		if err := casestore.IndexDebtor(t, d, cs.Number, false); err != nil {
			return err
		}
	}
	return c.endedMatter(t, cs, why)
}

// endedMatter runs the hooks of a case that stopped binding its debtors,
// and of every case it carries on: a resumption case is the same matter
// as the case it resumes, whose listings stayed (2017 List Provisions,
// art. 10).
func (c *Contract) endedMatter(t *kernel.Tx, cs *enforcementapi.Case, why cases.Ending) error {
	numbers, err := matter(t, cs)
	if err != nil {
		return err
	}
	for _, n := range numbers {
		if err := c.ended(t, n, why); err != nil {
			return err
		}
	}
	return nil
}

// ended runs the hooks of a case that stopped binding its debtors.
func (c *Contract) ended(t *kernel.Tx, number string, why cases.Ending) error {
	for _, hook := range c.onEnd {
		if err := hook(t, number, why); err != nil {
			return fmt.Errorf("ending %s (%s): %w", number, why, err)
		}
	}
	return nil
}

// allocate splits amount over what each claim still has outstanding.
func allocate(amount int64, claims []cases.Claim) ([]enforcementapi.Share, error) {
	open := make([]distribution.Claim, len(claims))
	for i, cl := range claims {
		open[i] = distribution.Claim{Creditor: cl.Creditor, Priority: cl.Priority, Outstanding: cl.Amount - cl.Distributed}
	}
	shares, err := distribution.Allocate(amount, open)
	if err != nil {
		return nil, err
	}
	out := make([]enforcementapi.Share, len(shares))
	for i, s := range shares {
		out[i] = enforcementapi.Share(s)
	}
	return out, nil
}

func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}

// GetCase reads an enforcement case. It holds no personal data.
func (c *Contract) GetCase(tx *kernel.Tx, number string) (*enforcementapi.Case, error) {
	return load(tx, number)
}

// KeyPolicy tells which orgs' peers must endorse any change of the case
// record, as its key-level endorsement policy says.
func (c *Contract) KeyPolicy(tx *kernel.Tx, number string) ([]string, error) {
	if _, err := load(tx, number); err != nil {
		return nil, err
	}
	key, err := casestore.Enforcements.Key(tx, number)
	if err != nil {
		return nil, err
	}
	return access.KeyEndorsers(tx.GetStub(), key)
}
