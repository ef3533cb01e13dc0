package enforcement

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

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

// OpenCase files an enforcement case on a creditor's application (CPL
// 2023 art. 247). The same basis cannot open a second case, also not one
// a trigger opened; the application hooks may refuse it.
func (c *Contract) OpenCase(tx *kernel.Tx, request string) (*enforcementapi.Case, error) {
	var req enforcementapi.OpenRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if !slices.Contains(enforcementapi.Bases, req.Basis.Type) {
		return nil, kernel.Errorf(api.CodeInvalid, "basis.type %q is not an enforceable document; one of %s", api.Short(req.Basis.Type), strings.Join(enforcementapi.Bases, ", "))
	}
	if req.Basis.ID == "" || len(req.Basis.ID) > 64 || strings.ContainsAny(req.Basis.ID, "|#\x00") {
		return nil, kernel.Errorf(api.CodeInvalid, "basis.id must be 1 to 64 characters without '|', '#' or NUL")
	}
	if err := input.Digest("document", &req.Document); err != nil {
		return nil, err
	}
	if err := input.Digests("evidence", req.Evidence); err != nil {
		return nil, err
	}
	if err := input.Parties(input.Group{Field: "creditors", Parties: req.Creditors}, input.Group{Field: "debtors", Parties: req.Debtors}); err != nil {
		return nil, err
	}
	if err := input.Amount("amount", req.Amount); err != nil {
		return nil, err
	}
	if existing, err := casestore.ByOrigin(tx, cases.Enforcement, req.Basis); err != nil {
		return nil, err
	} else if existing != nil {
		return nil, kernel.Errorf(api.CodeExists, "%s %s already has enforcement case %s (opened by %s, transaction %s)",
			req.Basis.Type, req.Basis.ID, existing.Number, existing.OpenedBy, existing.TxID)
	}
	cs, _, err := casestore.OpenEnforcement(tx, cases.Case{
		Kind: cases.Enforcement, Origin: req.Basis, Creditors: req.Creditors, Debtors: req.Debtors,
		AmountDue: req.Amount, Claims: req.Claims, Evidence: append([]string{req.Document}, req.Evidence...),
		Reason: "creditor's application for enforcement of the " + req.Basis.Type + " " + req.Basis.ID,
	}, tx.Caller)
	if err != nil {
		return nil, err
	}
	for _, hook := range c.onApplication {
		limit, err := hook(tx, req.Basis, &cs.Case)
		if err != nil {
			return nil, err
		}
		if limit != nil {
			cs.Limitation = limit
		}
	}
	if cs.Limitation != nil && cs.Limitation.Late {
		tx.Event(cases.EventApplicationLate, cs.Number, map[string]string{"periodEnded": cs.Limitation.Ends})
	}
	tx.Event(cases.EventOpened, cs.Number, map[string]string{"kind": cases.Enforcement, "origin": req.Basis.Type + ":" + req.Basis.ID})
	return cs, nil
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

// Activate issues the enforcement notice: the case becomes active and its
// measures may begin (CPL 2023 art. 251).
func (c *Contract) Activate(tx *kernel.Tx, number string, document string) (*enforcementapi.Case, error) {
	cs, err := begin(tx, number, &document, nil)
	if err != nil {
		return nil, err
	}
	if cs.State == cases.Suspended {
		return nil, kernel.Errorf(api.CodeState, "case %s is suspended; it becomes active again when the suspension ends (EndSuspension)", number)
	}
	if err := move(tx, cs, cases.Active, enforcementapi.Operation{Kind: enforcementapi.OpNotice, Officer: tx.Caller, Document: document, Note: "enforcement notice issued"}); err != nil {
		return nil, err
	}
	return cs, nil
}

// RecordCollection records money a bank moved to the court under an
// approved measure of the case (a deduction it executed, a transfer it
// saw): only a bank the case's measures are addressed to may.
func (c *Contract) RecordCollection(tx *kernel.Tx, number string, amount int64, proof string, note string) (*enforcementapi.Case, error) {
	cs, err := beginCollection(tx, number, amount, &proof, note)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(cs.Banks, tx.Caller.MSPID) {
		return nil, access.Deny(string(tx.Function()), tx.Caller, fmt.Sprintf("is not of a bank an approved measure of case %s is addressed to (%s); the court reports and confirms other payments",
			number, strings.Join(cs.Banks, ", ")))
	}
	if err := c.collect(tx, cs, amount, enforcementapi.Operation{Kind: enforcementapi.OpCollection, Officer: tx.Caller, Document: proof, Note: note}); err != nil {
		return nil, err
	}
	return cs, nil
}

// ReportCollection reports money paid towards the case that no bank under
// a measure saw: it counts once another person confirms it
// (ConfirmCollection), so that no one person concludes a case.
func (c *Contract) ReportCollection(tx *kernel.Tx, number string, amount int64, proof string, note string) (*enforcementapi.Case, error) {
	cs, err := beginCollection(tx, number, amount, &proof, note)
	if err != nil {
		return nil, err
	}
	if err := collectable(cs, amount+reported(cs)); err != nil {
		return nil, err
	}
	if len(cs.Reports) >= enforcementapi.MaxPendingReports {
		return nil, kernel.Errorf(api.CodeLimit, "case %s has %d collections awaiting confirmation; confirm them first", number, len(cs.Reports))
	}
	cs.Collections++
	r := enforcementapi.CollectionReport{ID: "R" + strconv.Itoa(cs.Collections), Amount: amount, Proof: proof, Note: note, ReportedBy: tx.Caller, ReportedAt: tx.At()}
	cs.Reports = append(cs.Reports, r)
	if _, err := appendOp(tx, cs, enforcementapi.Operation{Kind: enforcementapi.OpCollection, Step: enforcementapi.Requested, Officer: tx.Caller, Document: proof, Amount: amount,
		Note: "reported as " + r.ID + ", to be confirmed by another person" + noteSuffix(note)}); err != nil {
		return nil, err
	}
	tx.Event(enforcementapi.EventCollectionReported, number, map[string]string{"report": r.ID, "amount": strconv.FormatInt(amount, 10)})
	return cs, nil
}

// ConfirmCollection confirms a reported collection, by a person other than
// the one who reported it; the money then counts, and may conclude the
// case.
func (c *Contract) ConfirmCollection(tx *kernel.Tx, number string, report string) (*enforcementapi.Case, error) {
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(cs.Reports, func(r enforcementapi.CollectionReport) bool { return r.ID == report })
	if i < 0 {
		return nil, kernel.Errorf(api.CodeNotFound, "case %s has no collection %q awaiting confirmation", number, api.Short(report))
	}
	r := cs.Reports[i]
	if r.ReportedBy.Same(tx.Caller) {
		return nil, access.Deny(string(tx.Function()), tx.Caller, fmt.Sprintf("reported collection %s of %s and cannot also confirm it", r.ID, number))
	}
	cs.Reports = slices.Delete(cs.Reports, i, i+1)
	op := enforcementapi.Operation{Kind: enforcementapi.OpCollection, Step: "confirmed", Officer: tx.Caller, Document: r.Proof,
		Note: r.ID + " reported by " + r.ReportedBy.String() + noteSuffix(r.Note)}
	if err := c.collect(tx, cs, r.Amount, op); err != nil {
		return nil, err
	}
	return cs, nil
}

// beginCollection authorises a report of money collected, checks the
// amount, its proof and note, and loads the case.
func beginCollection(tx *kernel.Tx, number string, amount int64, proof *string, note string) (*enforcementapi.Case, error) {
	if err := input.Payment(amount, proof); err != nil {
		return nil, err
	}
	if err := input.Text("note", note, enforcementapi.MaxNote, false); err != nil {
		return nil, err
	}
	return load(tx, number)
}

// reported is what the case's pending reports add up to.
func reported(cs *enforcementapi.Case) int64 {
	var sum int64
	for _, r := range cs.Reports {
		sum += r.Amount
	}
	return sum
}

func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}

// collectable says whether amount may still be collected in the case: it
// is open, not terminated, suspended or resumed as another case, and
// amount is within what is owed (under a settlement, what the settlement
// still asks).
func collectable(cs *enforcementapi.Case, amount int64) error {
	if err := resumedAway(cs); err != nil {
		return err
	}
	switch {
	case !cs.Open():
		return kernel.Errorf(api.CodeState, "case %s is %s; nothing more is collected in it", cs.Number, cs.State)
	case cs.State == cases.Terminated:
		return kernel.Errorf(api.CodeState, "case %s is terminated for lack of property; it is resumed as a case of its own before anything is collected", cs.Number)
	case cs.State == cases.Suspended:
		return kernel.Errorf(api.CodeState, "case %s is suspended (%s); nothing is collected until the suspension ends", cs.Number, cs.Suspension.Ground)
	}
	limit, of := cs.Outstanding(), "the amount due"
	if cs.State == cases.Settled {
		limit, of = cs.Settlement.Total-cs.Settlement.Paid, "the settlement"
	}
	if amount > limit {
		return kernel.Errorf(api.CodeInvalid, "amount %d fen is more than the %d fen still owed under %s of case %s", amount, limit, of, cs.Number)
	}
	return nil
}

// collect adds amount to what the case collected and concludes it when
// the amount due, or a settlement's total, is reached.
func (c *Contract) collect(t *kernel.Tx, cs *enforcementapi.Case, amount int64, op enforcementapi.Operation) error {
	if err := collectable(cs, amount); err != nil {
		return err
	}
	cs.Collected += amount
	op.Amount = amount
	if _, err := appendOp(t, cs, op); err != nil {
		return err
	}
	t.Event(cases.EventCollected, cs.Number, map[string]string{"amount": strconv.FormatInt(amount, 10), "collected": strconv.FormatInt(cs.Collected, 10)})
	switch {
	case cs.State == cases.Settled:
		if err := payInstalments(t, cs, amount); err != nil {
			return err
		}
		if cs.Settlement.Paid == cs.Settlement.Total {
			return c.conclude(t, cs, "settlement fully performed", cases.EndSettlementPerformed, op.Officer)
		}
	case cs.Outstanding() == 0:
		return c.conclude(t, cs, "amount due collected in full", cases.EndPerformed, op.Officer)
	}
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

// Distribute pays amount of the collected, undistributed money out to
// the creditors: priority classes first, then pro rata in whole fen, the
// remainder by the largest-remainder rule (package distribution). The
// shares are in the log.
func (c *Contract) Distribute(tx *kernel.Tx, number string, amount int64, document string) (*enforcementapi.Distribution, error) {
	if err := input.Amount("amount", amount); err != nil {
		return nil, err
	}
	if err := input.Digest("document", &document); err != nil {
		return nil, err
	}
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	if held := cs.Collected - cs.Distributed; amount > held {
		return nil, kernel.Errorf(api.CodeInvalid, "amount %d fen is more than the %d fen collected and not yet distributed in case %s (collected %d, distributed %d)",
			amount, held, number, cs.Collected, cs.Distributed)
	}
	shares, err := allocate(amount, cs.Claims)
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "distributing in case %s: %v", number, err)
	}
	for i, s := range shares {
		cs.Claims[i].Distributed += s.Amount
	}
	cs.Distributed += amount
	op, err := appendOp(tx, cs, enforcementapi.Operation{Kind: enforcementapi.OpDistribution, Officer: tx.Caller, Document: document, Amount: amount, Shares: shares})
	if err != nil {
		return nil, err
	}
	tx.Event(cases.EventDistributed, number, map[string]string{"amount": strconv.FormatInt(amount, 10), "seq": strconv.Itoa(op.Seq)})
	return &enforcementapi.Distribution{Case: cs, Operation: op}, nil
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
