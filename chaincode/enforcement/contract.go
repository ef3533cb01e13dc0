package enforcement

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/distribution"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/mediation"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// ConcludeHook runs in the transaction that concludes a case, so that
// what hangs on the case ends with it: the credit contract removes the
// case's listings.
type ConcludeHook func(ctx contractapi.TransactionContextInterface, number string, events *deadline.Events) error

// Contract is the enforcement contract.
type Contract struct {
	contractapi.Contract
	onConclude []ConcludeHook
}

// New returns the contract; hooks run whenever a case concludes.
func New(hooks ...ConcludeHook) *Contract {
	return &Contract{Contract: contractapi.Contract{Name: Name}, onConclude: hooks}
}

// Bases of enforcement a clerk may file a case on; the triggers of the
// mediation contract open judgment and mediation cases on their own.
var bases = []string{"judgment", "mediation", "arbitration", "notarial"}

// OpenRequest files an enforcement case on a creditor's application.
type OpenRequest struct {
	// Basis is the enforceable document: its kind and its number.
	Basis     cases.Origin  `json:"basis"`
	Document  string        `json:"document"`
	Creditors []string      `json:"creditors"`
	Debtors   []string      `json:"debtors"`
	Amount    int64         `json:"amount"`
	Claims    []cases.Claim `json:"claims,omitempty"`
	Evidence  []string      `json:"evidence,omitempty"`
}

// OpenCase files an enforcement case on a creditor's application (CPL
// art. 243). Court clerks. The same basis cannot open a second case, also
// not one a trigger opened; a judgment on this ledger must be overdue, and
// then points to the case.
func (c *Contract) OpenCase(ctx contractapi.TransactionContextInterface, request string) (*Case, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":OpenCase", access.Clerk)
	if err != nil {
		return nil, err
	}
	var req OpenRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, fmt.Errorf("case request: %w", err)
	}
	if !contains(bases, req.Basis.Type) {
		return nil, fmt.Errorf("basis.type %q is not an enforceable document; one of %s", input.Short(req.Basis.Type), strings.Join(bases, ", "))
	}
	if req.Basis.ID == "" || len(req.Basis.ID) > 64 || strings.ContainsAny(req.Basis.ID, "|#\x00") {
		return nil, fmt.Errorf("basis.id must be 1 to 64 characters without '|', '#' or NUL")
	}
	if err := input.Digest("document", req.Document); err != nil {
		return nil, err
	}
	for i, e := range req.Evidence {
		if err := input.Digest(fmt.Sprintf("evidence[%d]", i), e); err != nil {
			return nil, err
		}
	}
	if err := parties(req.Creditors, req.Debtors); err != nil {
		return nil, err
	}
	if err := input.Amount("amount", req.Amount); err != nil {
		return nil, err
	}
	if existing, err := cases.ByOrigin(ctx, cases.Enforcement, req.Basis); err != nil {
		return nil, err
	} else if existing != nil {
		return nil, fmt.Errorf("%s %s already has enforcement case %s (opened by %s, transaction %s)",
			req.Basis.Type, req.Basis.ID, existing.Number, existing.OpenedBy, existing.TxID)
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	opened, _, err := cases.Open(ctx, cases.Case{
		Kind: cases.Enforcement, Origin: req.Basis, Creditors: req.Creditors, Debtors: req.Debtors,
		AmountDue: req.Amount, Claims: req.Claims, Evidence: append([]string{req.Document}, req.Evidence...),
		Reason: "creditor's application for enforcement of the " + req.Basis.Type + " " + req.Basis.ID,
	}, now, caller.String())
	if err != nil {
		return nil, err
	}
	cs := &Case{Case: *opened, StateSince: opened.OpenedAt}
	events := &deadline.Events{}
	if req.Basis.Type == "judgment" {
		if err := mediation.ApplyForEnforcement(ctx, req.Basis.ID, cs.Number, events); err != nil {
			return nil, err
		}
	}
	events.Add("case.opened", cs.Number, map[string]string{"kind": cases.Enforcement, "origin": req.Basis.Type + ":" + req.Basis.ID})
	return cs, finish(ctx, cs, events)
}

func parties(creditors, debtors []string) error {
	if len(creditors) == 0 || len(debtors) == 0 || len(creditors)+len(debtors) > 100 {
		return fmt.Errorf("a case needs 1 or more creditors and debtors, 100 parties at most")
	}
	seen := map[string]string{}
	for _, group := range []struct {
		field string
		list  []string
	}{{"creditors", creditors}, {"debtors", debtors}} {
		for i, p := range group.list {
			field := fmt.Sprintf("%s[%d]", group.field, i)
			if err := input.Pseudonym(field, p); err != nil {
				return err
			}
			if other, dup := seen[p]; dup {
				return fmt.Errorf("%s is the same person as %s", field, other)
			}
			seen[p] = field
		}
	}
	return nil
}

// begin authorises a decision on a case, checks the digest of its
// document and, where a reason is asked for (reason not nil), that one is
// given; then it loads the case.
func begin(ctx contractapi.TransactionContextInterface, function, number, document string, reason *string, roles ...access.Role) (access.Caller, *Case, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":"+function, roles...)
	if err != nil {
		return caller, nil, err
	}
	if err := input.Digest("document", document); err != nil {
		return caller, nil, err
	}
	if reason != nil && strings.TrimSpace(*reason) == "" {
		return caller, nil, fmt.Errorf("%s of case %s needs a reason", function, number)
	}
	cs, err := load(ctx, number)
	return caller, cs, err
}

// Activate issues the enforcement notice: the case becomes active and its
// measures may begin (CPL art. 247). Enforcement officers and judges.
func (c *Contract) Activate(ctx contractapi.TransactionContextInterface, number string, document string) (*Case, error) {
	caller, cs, err := begin(ctx, "Activate", number, document, nil, access.EnforcementOfficer, access.Judge)
	if err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	if err := move(ctx, cs, Active, Operation{Kind: OpNotice, Officer: caller.String(), Document: document, Note: "enforcement notice issued"}, events); err != nil {
		return nil, err
	}
	return cs, finish(ctx, cs, events)
}

// Terminate ends the current procedure for lack of property. Judges,
// once the property investigation is logged and the period since filing
// (parameter enforcement.terminationAfter) has passed: the case stays
// open to resume (2016 SPC Provisions, arts. 1 and 9).
func (c *Contract) Terminate(ctx contractapi.TransactionContextInterface, number string, reason string, document string) (*Case, error) {
	caller, cs, err := begin(ctx, "Terminate", number, document, &reason, access.Judge)
	if err != nil {
		return nil, err
	}
	if cs.State == Active || cs.State == Resumed {
		if cs.Investigations == 0 {
			return nil, fmt.Errorf("case %s has no property investigation in its log: the current procedure ends for lack of property only after one (2016 SPC Provisions, art. 1)", number)
		}
		wait, err := system.Duration(ctx, system.EnforcementTerminationAfter)
		if err != nil {
			return nil, err
		}
		now, err := deadline.Now(ctx)
		if err != nil {
			return nil, err
		}
		opened, err := time.Parse(time.RFC3339Nano, cs.OpenedAt)
		if err != nil {
			return nil, fmt.Errorf("case %s has an unreadable opening time: %w", number, err)
		}
		if now.Before(opened.Add(wait)) {
			return nil, fmt.Errorf("case %s was opened at %s; the current procedure may end for lack of property from %s (parameter %s = %s)",
				number, cs.OpenedAt, opened.Add(wait).Format(time.RFC3339), system.EnforcementTerminationAfter, wait)
		}
	}
	events := &deadline.Events{}
	if err := move(ctx, cs, Terminated, Operation{Kind: OpTermination, Officer: caller.String(), Document: document, Note: reason}, events); err != nil {
		return nil, err
	}
	return cs, finish(ctx, cs, events)
}

// Resume resumes a terminated or settled case on the creditor's
// application, in the same case number (2016 SPC Provisions, art. 9; CPL
// art. 237 for a settlement not performed). Judges.
func (c *Contract) Resume(ctx contractapi.TransactionContextInterface, number string, reason string, document string) (*Case, error) {
	caller, cs, err := begin(ctx, "Resume", number, document, &reason, access.Judge)
	if err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	if err := resume(ctx, cs, Operation{Kind: OpResumption, Officer: caller.String(), Document: document, Note: "on the creditor's application: " + reason}, events); err != nil {
		return nil, err
	}
	return cs, finish(ctx, cs, events)
}

// resume moves the case to resumed; a settlement it leaves loses its
// remaining deadlines.
func resume(ctx contractapi.TransactionContextInterface, cs *Case, op Operation, events *deadline.Events) error {
	if cs.State == Settled {
		if err := cancelInstalments(ctx, cs, -1); err != nil {
			return err
		}
	}
	return move(ctx, cs, Resumed, op, events)
}

// RecordCollection records money paid or recovered towards the case: a
// payment the bank saw, auction proceeds, a voluntary payment. In a
// settlement it pays the instalments in order. Enforcement officers and
// bank officers.
func (c *Contract) RecordCollection(ctx contractapi.TransactionContextInterface, number string, amount int64, proof string, note string) (*Case, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":RecordCollection", access.EnforcementOfficer, access.BankOfficer)
	if err != nil {
		return nil, err
	}
	if err := input.Amount("amount", amount); err != nil {
		return nil, err
	}
	if err := input.Digest("proof", proof); err != nil {
		return nil, err
	}
	cs, err := load(ctx, number)
	if err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	if err := c.collect(ctx, cs, amount, Operation{Kind: OpCollection, Officer: caller.String(), Document: proof, Note: note}, events); err != nil {
		return nil, err
	}
	return cs, finish(ctx, cs, events)
}

// collect adds amount to what the case collected and concludes it when
// the amount due, or a settlement's total, is reached.
func (c *Contract) collect(ctx contractapi.TransactionContextInterface, cs *Case, amount int64, op Operation, events *deadline.Events) error {
	switch cs.State {
	case Concluded:
		return fmt.Errorf("case %s is concluded; nothing more is collected in it", cs.Number)
	case Terminated:
		return fmt.Errorf("case %s is terminated for lack of property; resume it before collecting", cs.Number)
	}
	limit, of := cs.Outstanding(), "the amount due"
	if cs.State == Settled {
		limit, of = cs.Settlement.Total-cs.Settlement.Paid, "the settlement"
	}
	if amount > limit {
		return fmt.Errorf("amount %d fen is more than the %d fen still owed under %s of case %s", amount, limit, of, cs.Number)
	}
	cs.Collected += amount
	op.Amount = amount
	if _, err := appendOp(ctx, cs, op); err != nil {
		return err
	}
	events.Add("case.collected", cs.Number, map[string]string{"amount": strconv.FormatInt(amount, 10), "collected": strconv.FormatInt(cs.Collected, 10)})
	switch {
	case cs.State == Settled:
		if err := payInstalments(ctx, cs, amount); err != nil {
			return err
		}
		if cs.Settlement.Paid == cs.Settlement.Total {
			return c.conclude(ctx, cs, "settlement fully performed", op.Officer, events)
		}
	case cs.Outstanding() == 0:
		return c.conclude(ctx, cs, "amount due collected in full", op.Officer, events)
	}
	return nil
}

// conclude ends the case: it leaves its debtors' index, and the hooks
// (credit listings) end with it in the same transaction.
func (c *Contract) conclude(ctx contractapi.TransactionContextInterface, cs *Case, how, by string, events *deadline.Events) error {
	if cs.State == Settled {
		if err := cancelInstalments(ctx, cs, -1); err != nil {
			return err
		}
	}
	if err := move(ctx, cs, Concluded, Operation{Kind: OpConclusion, Officer: by, Note: how}, events); err != nil {
		return err
	}
	cs.ConcludedHow = how
	for _, d := range cs.Debtors {
		if err := cases.IndexDebtor(ctx, d, cs.Number, false); err != nil {
			return err
		}
	}
	for _, hook := range c.onConclude {
		if err := hook(ctx, cs.Number, events); err != nil {
			return fmt.Errorf("concluding %s: %w", cs.Number, err)
		}
	}
	return nil
}

// Distribution is what one distribution paid out.
type Distribution struct {
	Case      *Case     `json:"case"`
	Operation Operation `json:"operation"`
}

// Distribute pays amount of the collected, undistributed money out to
// the creditors: priority classes first, then pro rata in whole fen, the
// remainder by the largest-remainder rule (package distribution). The
// shares are in the log. Enforcement officers.
func (c *Contract) Distribute(ctx contractapi.TransactionContextInterface, number string, amount int64, document string) (*Distribution, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":Distribute", access.EnforcementOfficer)
	if err != nil {
		return nil, err
	}
	if err := input.Amount("amount", amount); err != nil {
		return nil, err
	}
	if err := input.Digest("document", document); err != nil {
		return nil, err
	}
	cs, err := load(ctx, number)
	if err != nil {
		return nil, err
	}
	if held := cs.Collected - cs.Distributed; amount > held {
		return nil, fmt.Errorf("amount %d fen is more than the %d fen collected and not yet distributed in case %s (collected %d, distributed %d)",
			amount, held, number, cs.Collected, cs.Distributed)
	}
	shares, err := allocate(amount, cs.Claims)
	if err != nil {
		return nil, fmt.Errorf("distributing in case %s: %w", number, err)
	}
	for i, s := range shares {
		cs.Claims[i].Distributed += s.Amount
	}
	cs.Distributed += amount
	op, err := appendOp(ctx, cs, Operation{Kind: OpDistribution, Officer: caller.String(), Document: document, Amount: amount, Shares: shares})
	if err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	events.Add("case.distributed", number, map[string]string{"amount": strconv.FormatInt(amount, 10), "seq": strconv.Itoa(op.Seq)})
	return &Distribution{Case: cs, Operation: op}, finish(ctx, cs, events)
}

// GetCase reads an enforcement case. Any role: it holds no personal data.
func (c *Contract) GetCase(ctx contractapi.TransactionContextInterface, number string) (*Case, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":GetCase", access.Judge, access.Clerk, access.EnforcementOfficer, access.Auditor, access.BankOfficer, access.Mediator); err != nil {
		return nil, err
	}
	return load(ctx, number)
}

// KeyPolicy tells which orgs' peers must endorse any change of the case
// record, as its key-level endorsement policy says.
func (c *Contract) KeyPolicy(ctx contractapi.TransactionContextInterface, number string) ([]string, error) {
	if _, err := load(ctx, number); err != nil {
		return nil, err
	}
	key, err := cases.Key(ctx, number)
	if err != nil {
		return nil, err
	}
	return access.KeyEndorsers(ctx.GetStub(), key)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// allocate splits amount over what each claim still has outstanding.
func allocate(amount int64, claims []cases.Claim) ([]distribution.Share, error) {
	open := make([]distribution.Claim, len(claims))
	for i, cl := range claims {
		open[i] = distribution.Claim{Creditor: cl.Creditor, Priority: cl.Priority, Outstanding: cl.Amount - cl.Distributed}
	}
	return distribution.Allocate(amount, open)
}
