// Package distribution splits money collected in an enforcement case among
// the creditors taking part in the distribution (参与分配), in whole fen.
//
// The rules follow the SPC Interpretation on the Application of the Civil
// Procedure Law (2022 edition), art. 508: after the enforcement costs and
// the debts that carry priority are paid, ordinary creditors are paid in
// proportion to their claims. The caller maps these to priority classes
// (for example 0 for enforcement costs, 1 for secured and other priority
// debts, 2 for ordinary claims); this package decides nothing about which
// debt ranks where.
//
// Classes are paid in ascending order. A class the remaining money covers
// is paid in full; the first class it does not cover is paid pro rata and
// later classes get nothing. Since a fen cannot be split, each claim in the
// pro rata class first gets floor(A*o/S), where A is what remains, o the
// claim's outstanding amount and S the class's total; the fen left over go
// one each to the claims with the largest remainders A*o mod S (the
// largest-remainder or Hamilton method), ties going to the creditor whose
// pseudonym sorts first. Ranking by pseudonym rather than by input position
// makes the result independent of the order the claims are given in, which
// endorsing peers must agree on.
//
// Everything is integer arithmetic with no map iteration, so every peer
// computes the same shares.
package distribution

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
)

// The limits keep every sum inside uint64: 10000 claims of 1e15 fen total
// 1e19 fen, below 2^64 ≈ 1.8e19. 1e15 fen (10 trillion yuan) is far above
// any real claim.
const (
	maxOutstanding = int64(1e15)
	maxClaims      = 10000
	maxPriority    = 9
)

// Claim is one creditor's outstanding claim.
type Claim struct {
	Creditor    string `json:"creditor"`    // pseudonym (64 lower-case hex), unique within a call
	Priority    int    `json:"priority"`    // class: 0 is paid first, then 1, ...; 0..9
	Outstanding int64  `json:"outstanding"` // fen still owed, >= 0
}

// Share is what one creditor receives.
type Share struct {
	Creditor string `json:"creditor"`
	Priority int    `json:"priority"`
	Amount   int64  `json:"amount"`
}

// Allocate splits amount among claims. Returns shares in the order of the claims given (one per claim, zero amounts included).
func Allocate(amount int64, claims []Claim) ([]Share, error) {
	if err := validate(amount, claims); err != nil {
		return nil, err
	}
	shares := make([]Share, len(claims))
	var classes [maxPriority + 1][]int // claim indices, in input order
	for i, c := range claims {
		shares[i] = Share{Creditor: c.Creditor, Priority: c.Priority}
		classes[c.Priority] = append(classes[c.Priority], i)
	}
	left := uint64(amount)
	for _, class := range classes {
		if left == 0 {
			break
		}
		var owed uint64
		for _, i := range class {
			owed += uint64(claims[i].Outstanding)
		}
		if left < owed {
			prorate(left, owed, class, claims, shares)
			break
		}
		for _, i := range class {
			shares[i].Amount = claims[i].Outstanding
		}
		left -= owed
	}
	return shares, nil
}

// prorate pays amount < owed to the claims of one class by largest remainder.
func prorate(amount, owed uint64, class []int, claims []Claim, shares []Share) {
	type part struct {
		i   int
		rem uint64
	}
	parts := make([]part, len(class))
	paid := uint64(0)
	for k, i := range class {
		// amount*o < 2^64*owed, so the quotient fits in 64 bits and
		// Div64 cannot panic.
		hi, lo := bits.Mul64(amount, uint64(claims[i].Outstanding))
		q, rem := bits.Div64(hi, lo, owed)
		shares[i].Amount = int64(q)
		parts[k] = part{i, rem}
		paid += q
	}
	// Creditors are unique, so this is a total order and any sort yields
	// the same ranking.
	slices.SortFunc(parts, func(a, b part) int {
		if c := cmp.Compare(b.rem, a.rem); c != 0 {
			return c
		}
		return cmp.Compare(claims[a.i].Creditor, claims[b.i].Creditor)
	})
	// The remainders sum to (amount-paid)*owed and each is below owed, so
	// at least amount-paid of them are positive: no one is paid beyond
	// their claim.
	for _, p := range parts[:amount-paid] {
		shares[p.i].Amount++
	}
}

func validate(amount int64, claims []Claim) error {
	if amount < 0 {
		return fmt.Errorf("amount %d fen is negative", amount)
	}
	if len(claims) > maxClaims {
		return fmt.Errorf("%d claims are more than the limit of %d", len(claims), maxClaims)
	}
	seen := make(map[string]int, len(claims)) // lookup only, never iterated
	var total uint64
	for i, c := range claims {
		switch j, dup := seen[c.Creditor]; {
		case c.Creditor == "":
			return fmt.Errorf("claims[%d]: creditor is empty", i)
		case dup:
			return fmt.Errorf("claims[%d]: creditor %s already has claims[%d]", i, c.Creditor, j)
		case c.Priority < 0 || c.Priority > maxPriority:
			return fmt.Errorf("claims[%d]: priority %d is outside 0..%d", i, c.Priority, maxPriority)
		case c.Outstanding < 0:
			return fmt.Errorf("claims[%d]: outstanding %d fen is negative", i, c.Outstanding)
		case c.Outstanding > maxOutstanding:
			return fmt.Errorf("claims[%d]: outstanding %d fen is more than the limit of %d fen", i, c.Outstanding, maxOutstanding)
		}
		seen[c.Creditor] = i
		total += uint64(c.Outstanding)
	}
	if len(claims) == 0 && amount > 0 {
		return fmt.Errorf("no claims to distribute amount %d fen among", amount)
	}
	if uint64(amount) > total {
		return fmt.Errorf("amount %d fen is more than the %d fen outstanding", amount, total)
	}
	return nil
}
