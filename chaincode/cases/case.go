// Package cases keeps the trial and enforcement case records that the
// triggers open (a breached mediation agreement, an unperformed judgment,
// a docketed filing) or a clerk files, and that the enforcement contract
// carries on; the record and its states are api/cases.
//
// Opening is idempotent: a case is keyed by what opened it, so a second
// trigger finds it. Every case key carries a key-level endorsement policy
// that requires a court peer (access.RequireCourtEndorsement).
package cases

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/distribution"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// The case records. A trial case is a cases.Case; an enforcement case an
// enforcementapi.Case, which embeds one and adds what its enforcement
// records. Both are under one object, so a number names one case of
// either kind; each carries a key-level policy that requires a court
// peer.
var (
	Trials       = kernel.Kind[cases.Case]{Object: "case", Noun: "case", Court: true}
	Enforcements = kernel.Kind[enforcementapi.Case]{Object: "case", Noun: "case", Court: true}
)

const (
	originObject = "case~origin"
	// debtorObject indexes the enforcement cases of each debtor that are
	// not concluded, so a property clue finds them without a scan.
	debtorObject = "case~debtor"
)

// number is deterministic from the origin, in the style of Chinese case
// numbers: (year)J + kind mark + 10 hex digits of the origin's hash. A
// resumption of enforcement is a case of its own kind of docket entry,
// 执恢 (法发〔2014〕26号, art. 6), its origin the case it resumes.
func number(kind string, t *kernel.Tx, o cases.Origin) string {
	mark := map[string]string{cases.Trial: "民初", cases.Enforcement: "执"}[kind]
	if kind == cases.Enforcement && o.Type == cases.ResumptionOrigin {
		mark = "执恢"
	}
	h := sha256.Sum256([]byte(kind + "|" + o.Type + "|" + o.ID))
	return fmt.Sprintf("(%d)J%s%s号", t.Now.Year(), mark, strings.ToUpper(hex.EncodeToString(h[:5])))
}

// OpenTrial opens a trial case for its origin unless one is open
// already; it returns the case and whether this call opened it. by is
// who opened it.
func OpenTrial(t *kernel.Tx, c cases.Case, by api.Actor) (*cases.Case, bool, error) {
	switch {
	case c.Kind != cases.Trial:
		return nil, false, kernel.Errorf(api.CodeInvalid, "a trial case is opened as %q, not %q", cases.Trial, c.Kind)
	case c.Origin.Type == cases.ResumptionOrigin:
		return nil, false, kernel.Errorf(api.CodeInvalid, "only an enforcement case resumes another")
	}
	if existing, err := ByOrigin(t, c.Kind, c.Origin); err != nil || existing != nil {
		return existing, false, err
	}
	if err := open(t, &c, by); err != nil {
		return nil, false, err
	}
	return &c, true, Trials.Put(t, &c, c.Number)
}

// OpenEnforcement opens an enforcement case for its origin unless one is
// open already, as OpenTrial does. Without claims, the amount due is
// split equally among the creditors.
func OpenEnforcement(t *kernel.Tx, c cases.Case, by api.Actor) (*enforcementapi.Case, bool, error) {
	if c.Kind != cases.Enforcement {
		return nil, false, kernel.Errorf(api.CodeInvalid, "an enforcement case is opened as %q, not %q", cases.Enforcement, c.Kind)
	}
	if existing, err := enforcementByOrigin(t, c.Origin); err != nil || existing != nil {
		return existing, false, err
	}
	if c.Origin.Type == cases.ResumptionOrigin {
		// A resumption carries on an enforcement case on the ledger.
		resumed, err := Enforcements.Must(t, c.Origin.ID)
		if err != nil {
			return nil, false, err
		}
		if resumed.Kind != cases.Enforcement {
			return nil, false, kernel.Errorf(api.CodeInvalid, "case %s is a %s case; only an enforcement case is resumed", resumed.Number, resumed.Kind)
		}
	}
	if err := open(t, &c, by); err != nil {
		return nil, false, err
	}
	e := &enforcementapi.Case{Case: c, StateSince: c.OpenedAt}
	for _, d := range c.Debtors {
		if err := IndexDebtor(t, d, c.Number, true); err != nil {
			return nil, false, err
		}
	}
	return e, true, Enforcements.Put(t, e, c.Number)
}

// open numbers and stamps a new case and indexes it by its origin.
func open(t *kernel.Tx, c *cases.Case, by api.Actor) error {
	var err error
	if c.Claims, err = claims(*c); err != nil {
		return err
	}
	c.Number = number(c.Kind, t, c.Origin)
	c.State = cases.Filed
	c.OpenedAt = t.At()
	c.OpenedBy = by
	c.TxID = t.TxID()
	key, err := Trials.Key(t, c.Number)
	if err != nil {
		return err
	}
	if taken, err := t.GetStub().GetState(key); err != nil {
		return err
	} else if taken != nil {
		return kernel.Errorf(api.CodeExists, "case number %s is taken by another origin; refusing to overwrite it", c.Number)
	}
	okey, err := t.GetStub().CreateCompositeKey(originObject, []string{c.Kind, c.Origin.Type, c.Origin.ID})
	if err != nil {
		return err
	}
	return t.GetStub().PutState(okey, []byte(c.Number))
}

// claims checks the claims given, or splits the amount due equally.
func claims(c cases.Case) ([]cases.Claim, error) {
	if len(c.Creditors) == 0 {
		return nil, kernel.Errorf(api.CodeInvalid, "a case needs at least one creditor")
	}
	if len(c.Claims) == 0 {
		equal := make([]distribution.Claim, len(c.Creditors))
		for i, cr := range c.Creditors {
			equal[i] = distribution.Claim{Creditor: cr, Outstanding: c.AmountDue}
		}
		shares, err := distribution.Allocate(c.AmountDue, equal)
		if err != nil {
			return nil, kernel.Errorf(api.CodeInvalid, "splitting the amount due among the creditors: %v", err)
		}
		out := make([]cases.Claim, len(shares))
		for i, s := range shares {
			out[i] = cases.Claim{Creditor: s.Creditor, Amount: s.Amount}
		}
		return out, nil
	}
	var sum int64
	for i, cl := range c.Claims {
		if !slices.Contains(c.Creditors, cl.Creditor) {
			return nil, kernel.Errorf(api.CodeInvalid, "claims[%d]: the creditor is not one of the case's creditors", i)
		}
		if slices.ContainsFunc(c.Claims[:i], func(o cases.Claim) bool { return o.Creditor == cl.Creditor }) {
			return nil, kernel.Errorf(api.CodeInvalid, "claims[%d]: the creditor has a claim already", i)
		}
		if cl.Amount <= 0 || cl.Amount > input.MaxAmount || cl.Distributed != 0 || cl.Priority < 0 || cl.Priority > cases.MaxPriority {
			return nil, kernel.Errorf(api.CodeInvalid, "claims[%d]: amount must be 1 to %d fen, priority 0 to %d, nothing distributed yet", i, input.MaxAmount, cases.MaxPriority)
		}
		sum += cl.Amount
	}
	if sum != c.AmountDue {
		return nil, kernel.Errorf(api.CodeInvalid, "claims add up to %d fen, not the amount due of %d fen", sum, c.AmountDue)
	}
	return c.Claims, nil
}

// ByOrigin finds the case of kind that origin opened, if any.
func ByOrigin(t *kernel.Tx, kind string, o cases.Origin) (*cases.Case, error) {
	if kind == cases.Enforcement {
		c, err := enforcementByOrigin(t, o)
		if c == nil {
			return nil, err
		}
		return &c.Case, err
	}
	number, err := originOf(t, kind, o)
	if number == "" {
		return nil, err
	}
	return Trials.Must(t, number)
}

func enforcementByOrigin(t *kernel.Tx, o cases.Origin) (*enforcementapi.Case, error) {
	number, err := originOf(t, cases.Enforcement, o)
	if number == "" {
		return nil, err
	}
	return Enforcement(t, number)
}

// originOf reads the number of the case of kind that origin opened: ""
// if there is none.
func originOf(t *kernel.Tx, kind string, o cases.Origin) (string, error) {
	okey, err := t.GetStub().CreateCompositeKey(originObject, []string{kind, o.Type, o.ID})
	if err != nil {
		return "", kernel.Errorf(api.CodeInvalid, "origin %s %q: %v", o.Type, api.Short(o.ID), err)
	}
	num, err := t.GetStub().GetState(okey)
	return string(num), err
}

// Enforcement reads an enforcement case, refusing a trial case.
func Enforcement(t *kernel.Tx, number string) (*enforcementapi.Case, error) {
	c, err := Enforcements.Must(t, number)
	if err != nil {
		return nil, err
	}
	if c.Kind != cases.Enforcement {
		return nil, kernel.Errorf(api.CodeInvalid, "case %s is a %s case, not an enforcement case", number, c.Kind)
	}
	return c, nil
}

// Read reads a case of either kind for a query, as the record both kinds
// share.
func Read(t *kernel.Tx, number string) (*cases.Case, error) {
	return Trials.Must(t, number)
}

// IndexDebtor adds (open) or removes an enforcement case from its
// debtor's index.
func IndexDebtor(t *kernel.Tx, debtor, number string, open bool) error {
	key, err := t.GetStub().CreateCompositeKey(debtorObject, []string{debtor, number})
	if err != nil {
		return err
	}
	if !open {
		return t.GetStub().DelState(key)
	}
	return t.GetStub().PutState(key, []byte{1})
}

// OfDebtor lists up to max+1 case numbers of the debtor's open enforcement
// cases, in number order: one more than max tells the caller there are
// more than it may handle in one transaction.
func OfDebtor(t *kernel.Tx, debtor string, max int) ([]string, error) {
	it, err := t.GetStub().GetStateByPartialCompositeKey(debtorObject, []string{debtor})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []string
	for it.HasNext() && len(out) <= max {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		_, parts, err := t.GetStub().SplitCompositeKey(kv.Key)
		if err != nil || len(parts) != 2 {
			return nil, kernel.Errorf(api.CodeCorrupt, "debtor index key %q is malformed", kv.Key)
		}
		out = append(out, parts[1])
	}
	return out, nil
}
