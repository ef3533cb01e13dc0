// Package cases holds the trial and enforcement case records that the
// triggers open (a breached mediation agreement, an unperformed judgment)
// or a clerk files, and that the enforcement contract carries on.
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
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/distribution"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Kinds of case.
const (
	Trial       = "trial"
	Enforcement = "enforcement"
)

// StateFiled is the state every opened case starts in; the enforcement
// contract owns the later states.
const StateFiled = "filed"

const (
	caseObject   = "case"
	originObject = "case~origin"
	// debtorObject indexes the enforcement cases of each debtor that are
	// not concluded, so a property clue finds them without a scan.
	debtorObject = "case~debtor"
)

// Origin says what opened a case.
type Origin struct {
	Type string `json:"type"` // filing, mediation, judgment, application
	ID   string `json:"id"`
}

// Claim is what the case owes one creditor and what it has paid out to
// them. Priority ranks claims in a distribution: 0 is paid first.
type Claim struct {
	Creditor    string `json:"creditor"`
	Priority    int    `json:"priority"`
	Amount      int64  `json:"amount"`
	Distributed int64  `json:"distributed"`
}

// Case is a case record on the shared ledger: parties by pseudonym only.
type Case struct {
	Number    string   `json:"number"`
	Kind      string   `json:"kind"`
	State     string   `json:"state"`
	Origin    Origin   `json:"origin"`
	Creditors []string `json:"creditors"`
	Debtors   []string `json:"debtors"`
	AmountDue int64    `json:"amountDue"`
	// Claims split AmountDue among the creditors.
	Claims []Claim `json:"claims"`
	// Evidence lists digests carried over (the mediation record, the
	// judgment, the claim and its materials).
	Evidence []string `json:"evidence,omitempty" metadata:",optional"`
	Reason   string   `json:"reason"`
	OpenedAt string   `json:"openedAt"`
	OpenedBy string   `json:"openedBy"`
	TxID     string   `json:"txId"`
}

// number is deterministic from the origin, in the style of Chinese case
// numbers: (year)J + kind mark + 10 hex digits of the origin's hash.
func number(kind string, at time.Time, o Origin) string {
	mark := map[string]string{Trial: "民初", Enforcement: "执"}[kind]
	h := sha256.Sum256([]byte(kind + "|" + o.Type + "|" + o.ID))
	return fmt.Sprintf("(%d)J%s%s号", at.Year(), mark, strings.ToUpper(hex.EncodeToString(h[:5])))
}

// Open opens a case of kind for origin unless one is open already; it
// returns the case and whether this call opened it. Without claims, the
// amount due is split equally among the creditors.
func Open(ctx contractapi.TransactionContextInterface, c Case, at time.Time, by string) (*Case, bool, error) {
	if c.Kind != Trial && c.Kind != Enforcement {
		return nil, false, fmt.Errorf("unknown case kind %q", c.Kind)
	}
	existing, err := ByOrigin(ctx, c.Kind, c.Origin)
	if err != nil || existing != nil {
		return existing, false, err
	}
	if c.Claims, err = claims(c); err != nil {
		return nil, false, err
	}
	c.Number = number(c.Kind, at, c.Origin)
	c.State = StateFiled
	c.OpenedAt = at.Format(time.RFC3339Nano)
	c.OpenedBy = by
	c.TxID = ctx.GetStub().GetTxID()
	if taken, err := Exists(ctx, c.Number); err != nil {
		return nil, false, err
	} else if taken {
		return nil, false, fmt.Errorf("case number %s is taken by another origin; refusing to overwrite it", c.Number)
	}
	if err := Store(ctx, c.Number, c); err != nil {
		return nil, false, err
	}
	okey, err := ctx.GetStub().CreateCompositeKey(originObject, []string{c.Kind, c.Origin.Type, c.Origin.ID})
	if err != nil {
		return nil, false, err
	}
	if err := ctx.GetStub().PutState(okey, []byte(c.Number)); err != nil {
		return nil, false, err
	}
	if c.Kind == Enforcement {
		for _, d := range c.Debtors {
			if err := IndexDebtor(ctx, d, c.Number, true); err != nil {
				return nil, false, err
			}
		}
	}
	return &c, true, nil
}

// claims checks the claims given, or splits the amount due equally.
func claims(c Case) ([]Claim, error) {
	if len(c.Creditors) == 0 {
		return nil, fmt.Errorf("a case needs at least one creditor")
	}
	if len(c.Claims) == 0 {
		equal := make([]distribution.Claim, len(c.Creditors))
		for i, cr := range c.Creditors {
			equal[i] = distribution.Claim{Creditor: cr, Outstanding: c.AmountDue}
		}
		shares, err := distribution.Allocate(c.AmountDue, equal)
		if err != nil {
			return nil, fmt.Errorf("splitting the amount due among the creditors: %w", err)
		}
		out := make([]Claim, len(shares))
		for i, s := range shares {
			out[i] = Claim{Creditor: s.Creditor, Amount: s.Amount}
		}
		return out, nil
	}
	var sum int64
	for i, cl := range c.Claims {
		if !slices.Contains(c.Creditors, cl.Creditor) {
			return nil, fmt.Errorf("claims[%d]: the creditor is not one of the case's creditors", i)
		}
		if cl.Amount <= 0 || cl.Distributed != 0 || cl.Priority < 0 || cl.Priority > 9 {
			return nil, fmt.Errorf("claims[%d]: amount must be positive, priority 0 to 9, nothing distributed yet", i)
		}
		sum += cl.Amount
	}
	if sum != c.AmountDue {
		return nil, fmt.Errorf("claims add up to %d fen, not the amount due of %d fen", sum, c.AmountDue)
	}
	return c.Claims, nil
}

// ByOrigin finds the case of kind that origin opened, if any.
func ByOrigin(ctx contractapi.TransactionContextInterface, kind string, o Origin) (*Case, error) {
	okey, err := ctx.GetStub().CreateCompositeKey(originObject, []string{kind, o.Type, o.ID})
	if err != nil {
		return nil, err
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
		return "", fmt.Errorf("case number is missing")
	}
	return ctx.GetStub().CreateCompositeKey(caseObject, []string{number})
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
func Get(ctx contractapi.TransactionContextInterface, number string) (*Case, error) {
	var c Case
	return &c, Load(ctx, number, &c)
}

// Load reads case number into v: a Case, or a record that embeds one
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
		return fmt.Errorf("case %s is not on the ledger", number)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("case %s is stored in an unreadable form: %w", number, err)
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
			return nil, fmt.Errorf("debtor index key %q is malformed", kv.Key)
		}
		out = append(out, parts[1])
	}
	return out, nil
}
