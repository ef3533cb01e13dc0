// Package cases holds the trial and enforcement case records that the
// triggers open (a breached mediation agreement, an unperformed judgment)
// and that the enforcement contract carries on. Opening is idempotent: a
// case is keyed by what opened it, so a second trigger finds it.
package cases

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

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
)

// Origin says what opened a case.
type Origin struct {
	Type string `json:"type"` // filing, mediation, judgment
	ID   string `json:"id"`
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
// returns the case and whether this call opened it.
func Open(ctx contractapi.TransactionContextInterface, c Case, at time.Time, by string) (*Case, bool, error) {
	if c.Kind != Trial && c.Kind != Enforcement {
		return nil, false, fmt.Errorf("unknown case kind %q", c.Kind)
	}
	existing, err := ByOrigin(ctx, c.Kind, c.Origin)
	if err != nil || existing != nil {
		return existing, false, err
	}
	c.Number = number(c.Kind, at, c.Origin)
	c.State = StateFiled
	c.OpenedAt = at.Format(time.RFC3339Nano)
	c.OpenedBy = by
	c.TxID = ctx.GetStub().GetTxID()
	key, err := ctx.GetStub().CreateCompositeKey(caseObject, []string{c.Number})
	if err != nil {
		return nil, false, err
	}
	if taken, err := ctx.GetStub().GetState(key); err != nil {
		return nil, false, err
	} else if taken != nil {
		return nil, false, fmt.Errorf("case number %s is taken by another origin; refusing to overwrite it", c.Number)
	}
	data, err := json.Marshal(c)
	if err != nil {
		return nil, false, err
	}
	if err := ctx.GetStub().PutState(key, data); err != nil {
		return nil, false, err
	}
	okey, err := ctx.GetStub().CreateCompositeKey(originObject, []string{c.Kind, c.Origin.Type, c.Origin.ID})
	if err != nil {
		return nil, false, err
	}
	if err := ctx.GetStub().PutState(okey, []byte(c.Number)); err != nil {
		return nil, false, err
	}
	return &c, true, nil
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

// Get reads a case.
func Get(ctx contractapi.TransactionContextInterface, number string) (*Case, error) {
	key, err := ctx.GetStub().CreateCompositeKey(caseObject, []string{number})
	if err != nil {
		return nil, err
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil {
		return nil, err
	}
	if data == nil {
		return nil, fmt.Errorf("case %s is not on the ledger", number)
	}
	var c Case
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("case %s is stored in an unreadable form: %w", number, err)
	}
	return &c, nil
}
