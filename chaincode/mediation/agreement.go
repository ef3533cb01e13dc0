package mediation

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/state"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

const (
	agreementObject = "agreement"
	maxObligations  = 120
)

// Agreement and obligation states.
const (
	Active    = "active"
	Performed = "performed"
	Breached  = "breached"
)

// Agreement is a mediation agreement and its obligations (instalments are
// obligations with their own due times).
type Agreement struct {
	ID           string        `json:"id"`
	Digest       string        `json:"digest"`
	Confirmed    bool          `json:"judiciallyConfirmed"`
	Evidence     []string      `json:"evidence,omitempty" metadata:",optional"`
	Obligations  []*Obligation `json:"obligations"`
	State        string        `json:"state"`
	Mediator     access.Caller `json:"mediator"`
	RegisteredAt string        `json:"registeredAt"`
	Breach       *Breach       `json:"breach,omitempty" metadata:",optional"`
	TxID         string        `json:"txId"`
}

// Obligation is one payment a debtor owes a creditor by a due time.
type Obligation struct {
	Debtor   string `json:"debtor"`
	Creditor string `json:"creditor"`
	Amount   int64  `json:"amount"`
	Due      string `json:"due"`
	// Deadline is when non-performance becomes a breach: the due time plus
	// the grace period in force at registration.
	Deadline string         `json:"deadline"`
	Paid     int64          `json:"paid"`
	State    string         `json:"state"`
	Reports  []*Performance `json:"reports,omitempty" metadata:",optional"`
}

// Performance is a reported payment and its confirmation.
type Performance struct {
	Amount      int64  `json:"amount"`
	Proof       string `json:"proof"`
	ReportedBy  string `json:"reportedBy"`
	ReportedAt  string `json:"reportedAt"`
	ConfirmedBy string `json:"confirmedBy,omitempty" metadata:",optional"`
	ConfirmedAt string `json:"confirmedAt,omitempty" metadata:",optional"`
}

// Breach records how an agreement was found breached and the case it opened.
type Breach struct {
	Obligation int    `json:"obligation"`
	How        string `json:"how"`
	By         string `json:"by"`
	At         string `json:"at"`
	CaseNumber string `json:"caseNumber"`
	CaseKind   string `json:"caseKind"`
}

// AgreementRequest registers an agreement.
type AgreementRequest struct {
	Digest      string              `json:"digest"`
	Confirmed   bool                `json:"judiciallyConfirmed"`
	Evidence    []string            `json:"evidence,omitempty"`
	Obligations []ObligationRequest `json:"obligations"`
}

// ObligationRequest is one obligation of a new agreement.
type ObligationRequest struct {
	Debtor   string `json:"debtor"`
	Creditor string `json:"creditor"`
	Amount   int64  `json:"amount"`
	Due      string `json:"due"`
}

// RegisterAgreement records a mediation agreement and schedules each
// obligation's due time (plus the grace period) in the deadline index.
func (c *Contract) RegisterAgreement(ctx contractapi.TransactionContextInterface, request string) (*Agreement, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":RegisterAgreement", access.Mediator)
	if err != nil {
		return nil, err
	}
	var req AgreementRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, fmt.Errorf("agreement request: %w", err)
	}
	if err := checkDigest("digest", req.Digest); err != nil {
		return nil, err
	}
	for i, e := range req.Evidence {
		if err := checkDigest(fmt.Sprintf("evidence[%d]", i), e); err != nil {
			return nil, err
		}
	}
	if len(req.Obligations) == 0 || len(req.Obligations) > maxObligations {
		return nil, fmt.Errorf("an agreement needs 1 to %d obligations, got %d", maxObligations, len(req.Obligations))
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	grace, err := system.Duration(ctx, system.MediationGracePeriod)
	if err != nil {
		return nil, err
	}
	h := sha256.Sum256([]byte(ctx.GetStub().GetTxID()))
	a := &Agreement{
		ID:     "MA" + now.Format("20060102") + "-" + strings.ToUpper(hex.EncodeToString(h[:8])),
		Digest: req.Digest, Confirmed: req.Confirmed, Evidence: req.Evidence, State: Active,
		Mediator: caller, RegisteredAt: now.Format(time.RFC3339Nano), TxID: ctx.GetStub().GetTxID(),
	}
	for i, o := range req.Obligations {
		field := fmt.Sprintf("obligations[%d]", i)
		if err := checkPseudonyms(field+".debtor", []string{o.Debtor}); err != nil {
			return nil, err
		}
		if err := checkPseudonyms(field+".creditor", []string{o.Creditor}); err != nil {
			return nil, err
		}
		if o.Debtor == o.Creditor {
			return nil, fmt.Errorf("%s: debtor and creditor are the same person", field)
		}
		if err := checkAmount(field+".amount", o.Amount); err != nil {
			return nil, err
		}
		due, err := time.Parse(time.RFC3339, o.Due)
		if err != nil {
			return nil, fmt.Errorf("%s.due %q is not an RFC 3339 time", field, short(o.Due))
		}
		if !due.After(now) {
			return nil, fmt.Errorf("%s.due %s is not after the registration time %s", field, o.Due, now.Format(time.RFC3339))
		}
		a.Obligations = append(a.Obligations, &Obligation{Debtor: o.Debtor, Creditor: o.Creditor, Amount: o.Amount,
			Due: due.UTC().Format(time.RFC3339), Deadline: due.Add(grace).UTC().Format(time.RFC3339Nano), State: Active})
		if err := deadline.Schedule(ctx, due.Add(grace), KindObligation, obligationRef(a.ID, i)); err != nil {
			return nil, err
		}
	}
	events := &deadline.Events{}
	events.Add("agreement.registered", a.ID, map[string]string{"obligations": strconv.Itoa(len(a.Obligations)), "judiciallyConfirmed": strconv.FormatBool(a.Confirmed)})
	return a, finish(ctx, events, state.Put(ctx, agreementObject, a.ID, a))
}

func obligationRef(id string, i int) string { return id + "#" + strconv.Itoa(i) }

func parseObligationRef(ref string) (string, int, error) {
	id, n, ok := strings.Cut(ref, "#")
	i, err := strconv.Atoi(n)
	if !ok || err != nil {
		return "", 0, fmt.Errorf("%q does not name an obligation (AGREEMENT#INDEX)", ref)
	}
	return id, i, nil
}

func loadObligation(ctx contractapi.TransactionContextInterface, id string, index int) (*Agreement, *Obligation, error) {
	var a Agreement
	if err := state.MustGet(ctx, agreementObject, id, &a); err != nil {
		return nil, nil, err
	}
	if index < 0 || index >= len(a.Obligations) {
		return nil, nil, fmt.Errorf("agreement %s has obligations 0 to %d, not %d", id, len(a.Obligations)-1, index)
	}
	return &a, a.Obligations[index], nil
}

// ReportPerformance records a payment the debtor says it made, with the
// digest of its proof; it counts once confirmed.
func (c *Contract) ReportPerformance(ctx contractapi.TransactionContextInterface, id string, index int, amount int64, proof string) (*Agreement, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":ReportPerformance", access.Mediator, access.Clerk)
	if err != nil {
		return nil, err
	}
	if err := checkAmount("amount", amount); err != nil {
		return nil, err
	}
	if err := checkDigest("proof", proof); err != nil {
		return nil, err
	}
	a, o, err := loadObligation(ctx, id, index)
	if err != nil {
		return nil, err
	}
	if o.State != Active {
		return nil, fmt.Errorf("obligation %d of %s is %s; performance can no longer be reported", index, id, o.State)
	}
	if amount > o.Amount-o.Paid-pending(o) {
		return nil, fmt.Errorf("amount %d fen is more than the %d fen still owed on obligation %d of %s (%d paid, %d reported and unconfirmed)",
			amount, o.Amount-o.Paid-pending(o), index, id, o.Paid, pending(o))
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	o.Reports = append(o.Reports, &Performance{Amount: amount, Proof: proof, ReportedBy: caller.String(), ReportedAt: now.Format(time.RFC3339Nano)})
	events := &deadline.Events{}
	events.Add("performance.reported", obligationRef(id, index), map[string]string{"amount": strconv.FormatInt(amount, 10), "report": strconv.Itoa(len(o.Reports) - 1)})
	return a, finish(ctx, events, state.Put(ctx, agreementObject, a.ID, a))
}

func pending(o *Obligation) int64 {
	var sum int64
	for _, r := range o.Reports {
		if r.ConfirmedBy == "" {
			sum += r.Amount
		}
	}
	return sum
}

// ConfirmPerformance confirms a reported payment: by the bank that saw it,
// or by a clerk on the creditor's confirmation. The agreement's own
// mediator cannot confirm, and no mediator may.
func (c *Contract) ConfirmPerformance(ctx contractapi.TransactionContextInterface, id string, index int, report int) (*Agreement, error) {
	a, o, err := loadObligation(ctx, id, index)
	if err != nil {
		return nil, err
	}
	caller, err := access.Identify(ctx.GetClientIdentity())
	if err != nil {
		return nil, err
	}
	if caller.ID == a.Mediator.ID {
		return nil, fmt.Errorf("access denied: %s registered agreement %s and cannot confirm its payments", caller, id)
	}
	if caller, err = access.Require(ctx.GetClientIdentity(), Name+":ConfirmPerformance", access.BankOfficer, access.Clerk); err != nil {
		return nil, err
	}
	if report < 0 || report >= len(o.Reports) {
		return nil, fmt.Errorf("obligation %d of %s has %d reports; report %d does not exist", index, id, len(o.Reports), report)
	}
	r := o.Reports[report]
	if r.ConfirmedBy != "" {
		return nil, fmt.Errorf("report %d of obligation %d of %s was already confirmed by %s at %s", report, index, id, r.ConfirmedBy, r.ConfirmedAt)
	}
	if o.State != Active {
		return nil, fmt.Errorf("obligation %d of %s is %s; its payments can no longer be confirmed here", index, id, o.State)
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	r.ConfirmedBy, r.ConfirmedAt = caller.String(), now.Format(time.RFC3339Nano)
	o.Paid += r.Amount
	events := &deadline.Events{}
	events.Add("performance.confirmed", obligationRef(id, index), map[string]string{"amount": strconv.FormatInt(r.Amount, 10), "paid": strconv.FormatInt(o.Paid, 10)})
	if o.Paid == o.Amount {
		o.State = Performed
		if err := cancelObligation(ctx, id, index, o); err != nil {
			return nil, err
		}
		events.Add("obligation.performed", obligationRef(id, index), nil)
		if allPerformed(a) {
			a.State = Performed
			events.Add("agreement.performed", a.ID, nil)
		}
	}
	return a, finish(ctx, events, state.Put(ctx, agreementObject, a.ID, a))
}

func cancelObligation(ctx contractapi.TransactionContextInterface, id string, index int, o *Obligation) error {
	at, err := time.Parse(time.RFC3339Nano, o.Deadline)
	if err != nil {
		return fmt.Errorf("obligation %d of %s has an unreadable deadline: %w", index, id, err)
	}
	return deadline.Cancel(ctx, at, KindObligation, obligationRef(id, index))
}

func allPerformed(a *Agreement) bool {
	for _, o := range a.Obligations {
		if o.State != Performed {
			return false
		}
	}
	return true
}

// ReportBreach records the creditor side's report that the agreement is
// not performed, and opens the case at once.
func (c *Contract) ReportBreach(ctx contractapi.TransactionContextInterface, id string, index int, reason string) (*Agreement, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":ReportBreach", access.Clerk, access.Mediator)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return nil, fmt.Errorf("a reason is required to report a breach of %s", id)
	}
	a, o, err := loadObligation(ctx, id, index)
	if err != nil {
		return nil, err
	}
	if o.State == Performed {
		return nil, fmt.Errorf("obligation %d of %s is performed; it cannot be breached", index, id)
	}
	events := &deadline.Events{}
	if err := breach(ctx, a, index, "reported: "+reason, caller.String(), events); err != nil {
		return nil, err
	}
	return a, finish(ctx, events, nil)
}

// breach marks the agreement breached and opens its case: enforcement if
// judicially confirmed, trial otherwise. A second breach changes nothing
// and says so in the events.
func breach(ctx contractapi.TransactionContextInterface, a *Agreement, index int, how, by string, events *deadline.Events) error {
	if a.Breach != nil {
		events.Add("agreement.breach.unchanged", a.ID, map[string]string{"case": a.Breach.CaseNumber, "note": "already breached; nothing changed"})
		return nil
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return err
	}
	kind, why := cases.Trial, "breach of a mediation agreement that was not judicially confirmed: a trial case carries the mediation record"
	if a.Confirmed {
		kind, why = cases.Enforcement, "breach of a judicially confirmed mediation agreement, which is enforceable"
	}
	creditors, debtors, due, claims := parties(a)
	cs, _, err := cases.Open(ctx, cases.Case{
		Kind: kind, Origin: cases.Origin{Type: "mediation", ID: a.ID},
		Creditors: creditors, Debtors: debtors, AmountDue: due, Claims: claims,
		Evidence: append([]string{a.Digest}, a.Evidence...), Reason: why,
	}, now, by)
	if err != nil {
		return err
	}
	a.Obligations[index].State = Breached
	a.State = Breached
	a.Breach = &Breach{Obligation: index, How: how, By: by, At: now.Format(time.RFC3339Nano), CaseNumber: cs.Number, CaseKind: kind}
	// The other obligations' deadlines no longer matter: the case goes on.
	for i, o := range a.Obligations {
		if o.State == Active {
			if err := cancelObligation(ctx, a.ID, i, o); err != nil {
				return err
			}
		}
	}
	events.Add("agreement.breached", a.ID, map[string]string{"obligation": strconv.Itoa(index), "how": how})
	events.Add("case.opened", cs.Number, map[string]string{"kind": kind, "origin": "mediation:" + a.ID})
	return state.Put(ctx, agreementObject, a.ID, a)
}

// parties lists creditors and debtors once each, in first-seen order, what
// remains owed, and each creditor's claim to it.
func parties(a *Agreement) ([]string, []string, int64, []cases.Claim) {
	var creditors, debtors []string
	var claims []cases.Claim
	seen := map[string]bool{}
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
func (c *Contract) GetAgreement(ctx contractapi.TransactionContextInterface, id string) (*Agreement, error) {
	var a Agreement
	return &a, state.MustGet(ctx, agreementObject, id, &a)
}
