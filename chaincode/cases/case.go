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
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	"github.com/courtchain/judicial/chaincode/distribution"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

const (
	caseObject   = "case"
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

// Open opens a case of kind for origin unless one is open already; it
// returns the case and whether this call opened it. Without claims, the
// amount due is split equally among the creditors. by is who opened it.
func Open(t *kernel.Tx, c cases.Case, by api.Actor) (*cases.Case, bool, error) {
	if c.Kind != cases.Trial && c.Kind != cases.Enforcement {
		return nil, false, kernel.Errorf(api.CodeInvalid, "unknown case kind %q", c.Kind)
	}
	existing, err := ByOrigin(t, c.Kind, c.Origin)
	if err != nil || existing != nil {
		return existing, false, err
	}
	if c.Origin.Type == cases.ResumptionOrigin {
		// A resumption carries on an enforcement case on the ledger.
		if c.Kind != cases.Enforcement {
			return nil, false, kernel.Errorf(api.CodeInvalid, "only an enforcement case resumes another")
		}
		resumed, err := Get(t, c.Origin.ID)
		if err != nil {
			return nil, false, err
		}
		if resumed.Kind != cases.Enforcement {
			return nil, false, kernel.Errorf(api.CodeInvalid, "case %s is a %s case; only an enforcement case is resumed", resumed.Number, resumed.Kind)
		}
	}
	if c.Claims, err = claims(c); err != nil {
		return nil, false, err
	}
	c.Number = number(c.Kind, t, c.Origin)
	c.State = cases.Filed
	c.OpenedAt = t.At()
	c.OpenedBy = by
	c.TxID = t.TxID()
	if taken, err := Exists(t, c.Number); err != nil {
		return nil, false, err
	} else if taken {
		return nil, false, kernel.Errorf(api.CodeExists, "case number %s is taken by another origin; refusing to overwrite it", c.Number)
	}
	if err := Store(t, c.Number, c); err != nil {
		return nil, false, err
	}
	okey, err := t.GetStub().CreateCompositeKey(originObject, []string{c.Kind, c.Origin.Type, c.Origin.ID})
	if err != nil {
		return nil, false, err
	}
	if err := t.GetStub().PutState(okey, []byte(c.Number)); err != nil {
		return nil, false, err
	}
	if c.Kind == cases.Enforcement {
		for _, d := range c.Debtors {
			if err := IndexDebtor(t, d, c.Number, true); err != nil {
				return nil, false, err
			}
		}
	}
	return &c, true, nil
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
func ByOrigin(ctx contractapi.TransactionContextInterface, kind string, o cases.Origin) (*cases.Case, error) {
	okey, err := ctx.GetStub().CreateCompositeKey(originObject, []string{kind, o.Type, o.ID})
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "origin %s %q: %v", o.Type, api.Short(o.ID), err)
	}
	num, err := ctx.GetStub().GetState(okey)
	if err != nil || num == nil {
		return nil, err
	}
	return Get(ctx, string(num))
}

// Key is the ledger key of case number.
func Key(ctx contractapi.TransactionContextInterface, number string) (string, error) {
	if number == "" {
		return "", kernel.Errorf(api.CodeInvalid, "case number is missing")
	}
	if len(number) > api.MaxID {
		return "", kernel.Errorf(api.CodeInvalid, "case number is %d bytes long; at most %d", len(number), api.MaxID)
	}
	key, err := ctx.GetStub().CreateCompositeKey(caseObject, []string{number})
	if err != nil {
		return "", kernel.Errorf(api.CodeInvalid, "case number %q: %v", api.Short(number), err)
	}
	return key, nil
}

// Exists tells whether case number is on the ledger.
func Exists(ctx contractapi.TransactionContextInterface, number string) (bool, error) {
	key, err := Key(ctx, number)
	if err != nil {
		return false, err
	}
	data, err := ctx.GetStub().GetState(key)
	return data != nil, err
}

// Get reads a case.
func Get(ctx contractapi.TransactionContextInterface, number string) (*cases.Case, error) {
	var c cases.Case
	return &c, Load(ctx, number, &c)
}

// Load reads case number into v: a cases.Case, or a record that embeds one
// (the enforcement contract's).
func Load(ctx contractapi.TransactionContextInterface, number string, v any) error {
	key, err := Key(ctx, number)
	if err != nil {
		return err
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil {
		return err
	}
	if data == nil {
		return kernel.Errorf(api.CodeNotFound, "case %s is not on the ledger", api.Short(number))
	}
	if err := json.Unmarshal(data, v); err != nil {
		return kernel.Errorf(api.CodeCorrupt, "case %s is stored in an unreadable form: %v", number, err)
	}
	return nil
}

// Store writes case number and requires a court peer's endorsement for
// any later change of it.
func Store(ctx contractapi.TransactionContextInterface, number string, v any) error {
	key, err := Key(ctx, number)
	if err != nil {
		return err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := ctx.GetStub().PutState(key, data); err != nil {
		return fmt.Errorf("writing case %s: %w", number, err)
	}
	return access.RequireCourtEndorsement(ctx.GetStub(), key)
}

// IndexDebtor adds (open) or removes an enforcement case from its
// debtor's index.
func IndexDebtor(ctx contractapi.TransactionContextInterface, debtor, number string, open bool) error {
	key, err := ctx.GetStub().CreateCompositeKey(debtorObject, []string{debtor, number})
	if err != nil {
		return err
	}
	if !open {
		return ctx.GetStub().DelState(key)
	}
	return ctx.GetStub().PutState(key, []byte{1})
}

// OfDebtor lists up to max+1 case numbers of the debtor's open enforcement
// cases, in number order: one more than max tells the caller there are
// more than it may handle in one transaction.
func OfDebtor(ctx contractapi.TransactionContextInterface, debtor string, max int) ([]string, error) {
	it, err := ctx.GetStub().GetStateByPartialCompositeKey(debtorObject, []string{debtor})
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
		_, parts, err := ctx.GetStub().SplitCompositeKey(kv.Key)
		if err != nil || len(parts) != 2 {
			return nil, kernel.Errorf(api.CodeCorrupt, "debtor index key %q is malformed", kv.Key)
		}
		out = append(out, parts[1])
	}
	return out, nil
}
