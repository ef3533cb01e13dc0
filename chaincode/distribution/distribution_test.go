package distribution

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// pn is a pseudonym that sorts by n.
func pn(n int) string { return fmt.Sprintf("%064x", n) }

func TestAllocateExamples(t *testing.T) {
	tests := []struct {
		name   string
		amount int64
		claims []Claim
		want   []int64
	}{
		{"a tied fen goes to the first pseudonym", 100,
			[]Claim{{pn(3), 0, 50}, {pn(1), 0, 50}, {pn(2), 0, 50}}, []int64{33, 34, 33}},
		{"two fen among three 1 fen claims", 2,
			[]Claim{{pn(2), 0, 1}, {pn(3), 0, 1}, {pn(1), 0, 1}}, []int64{1, 0, 1}},
		{"a larger remainder beats an earlier pseudonym", 7, // 7*3/8 = 2 r5, 7*5/8 = 4 r3
			[]Claim{{pn(2), 0, 3}, {pn(1), 0, 5}}, []int64{3, 4}},
		{"priority class is paid first", 90,
			[]Claim{{pn(1), 1, 100}, {pn(2), 0, 30}, {pn(3), 1, 50}}, []int64{40, 30, 20}},
		{"amount exactly covering a class leaves later classes unpaid", 30,
			[]Claim{{pn(1), 1, 100}, {pn(2), 0, 30}, {pn(3), 1, 50}}, []int64{0, 30, 0}},
		{"short of a class, later classes get nothing", 29, // 29*20/30 = 19 r10, 29*10/30 = 9 r20
			[]Claim{{pn(1), 2, 100}, {pn(2), 0, 20}, {pn(3), 0, 10}}, []int64{0, 19, 10}},
		{"exact pay-off", 180,
			[]Claim{{pn(1), 1, 100}, {pn(2), 0, 30}, {pn(3), 9, 50}}, []int64{100, 30, 50}},
		{"nothing to distribute", 0,
			[]Claim{{pn(1), 0, 100}, {pn(2), 0, 30}}, []int64{0, 0}},
		{"no claims and no money", 0, nil, []int64{}},
		{"a zero claim gets nothing", 5,
			[]Claim{{pn(1), 0, 0}, {pn(2), 0, 3}, {pn(3), 0, 7}}, []int64{0, 2, 3}},
		{"classes with gaps", 15,
			[]Claim{{pn(1), 9, 10}, {pn(2), 4, 10}}, []int64{5, 10}},
		{"the largest claims do not overflow", 1e15 + 1,
			[]Claim{{pn(1), 0, 1e15}, {pn(2), 0, 1e15}, {pn(3), 0, 1e15}},
			[]int64{333333333333334, 333333333333334, 333333333333333}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shares, err := Allocate(tt.amount, tt.claims)
			require.NoError(t, err)
			got := make([]int64, len(shares))
			for i, s := range shares {
				got[i] = s.Amount
			}
			require.Equal(t, tt.want, got)
			checkInvariants(t, tt.amount, tt.claims, shares)
		})
	}
}

func TestAllocateMaximum(t *testing.T) {
	claims := make([]Claim, maxClaims)
	for i := range claims {
		claims[i] = Claim{pn(i), i % 10, maxOutstanding}
	}
	for _, amount := range []int64{math.MaxInt64, math.MaxInt64 - 1, 1e18 + 7, 1} {
		shares, err := Allocate(amount, claims)
		require.NoError(t, err)
		checkInvariants(t, amount, claims, shares)
	}
}

func TestAllocateErrors(t *testing.T) {
	ok := Claim{pn(1), 0, 100}
	tests := []struct {
		name   string
		amount int64
		claims []Claim
		want   string
	}{
		{"negative amount", -1, []Claim{ok}, "amount -1 fen is negative"},
		{"more than outstanding", 101, []Claim{ok, {pn(2), 3, 0}}, "amount 101 fen is more than the 100 fen outstanding"},
		{"no claims", 5, nil, "no claims to distribute amount 5 fen"},
		{"negative outstanding", 0, []Claim{ok, {pn(2), 0, -3}}, "claims[1]: outstanding -3 fen is negative"},
		{"outstanding above the limit", 0, []Claim{{pn(2), 0, 1e15 + 1}}, "claims[0]: outstanding 1000000000000001 fen is more than the limit"},
		{"negative priority", 0, []Claim{ok, {pn(2), -1, 3}}, "claims[1]: priority -1 is outside 0..9"},
		{"priority too large", 0, []Claim{{pn(2), 10, 3}}, "claims[0]: priority 10 is outside 0..9"},
		{"duplicate creditor", 0, []Claim{ok, {pn(2), 0, 1}, {pn(1), 1, 1}}, "claims[2]: creditor " + pn(1) + " already has claims[0]"},
		{"empty creditor", 0, []Claim{ok, {"", 0, 1}}, "claims[1]: creditor is empty"},
		{"too many claims", 0, make([]Claim, maxClaims+1), "10001 claims are more than the limit of 10000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shares, err := Allocate(tt.amount, tt.claims)
			require.ErrorContains(t, err, tt.want)
			require.Nil(t, shares)
		})
	}
}

func TestAllocateProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(508, 2022))
	for n := 0; n < 20000; n++ {
		claims := randomClaims(r)
		amount := randomAmount(r, claims)
		shares, err := Allocate(amount, claims)
		require.NoError(t, err, "case %d", n)
		checkInvariants(t, amount, claims, shares)

		shuffled := append([]Claim(nil), claims...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again, err := Allocate(amount, shuffled)
		require.NoError(t, err)
		require.Equal(t, byCreditor(shares), byCreditor(again), "case %d: input order changed the result", n)
	}
}

// randomClaims mixes tiny claims, which tie often, with huge ones, which
// stress the 128-bit arithmetic.
func randomClaims(r *rand.Rand) []Claim {
	claims := make([]Claim, r.IntN(40))
	classes := 1 + r.IntN(maxPriority+1)
	limit := []int64{3, 1000, maxOutstanding}[r.IntN(3)]
	for i := range claims {
		claims[i] = Claim{
			Creditor:    fmt.Sprintf("%016x%048x", r.Uint64(), i), // unique, not in input order
			Priority:    r.IntN(classes),
			Outstanding: r.Int64N(limit + 1),
		}
	}
	return claims
}

// randomAmount often lands on or next to a class boundary.
func randomAmount(r *rand.Rand, claims []Claim) int64 {
	var owed [maxPriority + 1]uint64
	var total uint64
	for _, c := range claims {
		owed[c.Priority] += uint64(c.Outstanding)
		total += uint64(c.Outstanding)
	}
	if total == 0 {
		return 0
	}
	switch r.IntN(3) {
	case 0:
		return int64(total)
	case 1:
		var boundary uint64
		for _, o := range owed[:r.IntN(len(owed))] {
			boundary += o
		}
		if boundary > 0 && r.IntN(2) == 0 {
			boundary--
		}
		return int64(boundary)
	default:
		return int64(r.Uint64N(total + 1))
	}
}

func byCreditor(shares []Share) map[string]int64 {
	m := make(map[string]int64, len(shares))
	for _, s := range shares {
		m[s.Creditor] = s.Amount
	}
	return m
}

// checkInvariants checks shares against the rules using math/big, not the
// 64-bit arithmetic Allocate uses.
func checkInvariants(t *testing.T, amount int64, claims []Claim, shares []Share) {
	t.Helper()
	require.Len(t, shares, len(claims))
	var classes [maxPriority + 1][]int
	sum := new(big.Int)
	for i, c := range claims {
		s := shares[i]
		require.Equal(t, c.Creditor, s.Creditor, "shares[%d]", i)
		require.Equal(t, c.Priority, s.Priority, "shares[%d]", i)
		require.True(t, s.Amount >= 0 && s.Amount <= c.Outstanding, "shares[%d] = %d of %d outstanding", i, s.Amount, c.Outstanding)
		sum.Add(sum, big.NewInt(s.Amount))
		classes[c.Priority] = append(classes[c.Priority], i)
	}
	require.Equal(t, big.NewInt(amount).String(), sum.String(), "shares do not add up to the amount")

	left := big.NewInt(amount)
	for p, class := range classes {
		owed, paid := new(big.Int), new(big.Int)
		for _, i := range class {
			owed.Add(owed, big.NewInt(claims[i].Outstanding))
			paid.Add(paid, big.NewInt(shares[i].Amount))
		}
		if left.Cmp(owed) >= 0 {
			require.Equal(t, owed.String(), paid.String(), "class %d is covered but not paid in full", p)
			left.Sub(left, owed)
			continue
		}
		checkHamilton(t, left, owed, class, claims, shares)
		for _, later := range classes[p+1:] {
			for _, i := range later {
				require.Zero(t, shares[i].Amount, "shares[%d] paid before class %d is paid in full", i, p)
			}
		}
		return
	}
}

// checkHamilton checks that each claim of the pro rata class gets its
// quota rounded down or up, and that the rounded-up ones rank above the
// rounded-down ones.
func checkHamilton(t *testing.T, amount, owed *big.Int, class []int, claims []Claim, shares []Share) {
	t.Helper()
	type part struct {
		creditor string
		rem      *big.Int
	}
	rank := func(a, b part) int { // > 0 if a should get a leftover fen before b
		if c := a.rem.Cmp(b.rem); c != 0 {
			return c
		}
		return -cmp.Compare(a.creditor, b.creditor)
	}
	var worstUp, bestDown *part
	for _, i := range class {
		q, rem := new(big.Int).QuoRem(new(big.Int).Mul(amount, big.NewInt(claims[i].Outstanding)), owed, new(big.Int))
		p := part{claims[i].Creditor, rem}
		switch extra := shares[i].Amount - q.Int64(); extra {
		case 0:
			if bestDown == nil || rank(p, *bestDown) > 0 {
				bestDown = &p
			}
		case 1:
			if worstUp == nil || rank(p, *worstUp) < 0 {
				worstUp = &p
			}
		default:
			require.Failf(t, "not the quota rounded", "shares[%d] = %d, quota %s rem %s", i, shares[i].Amount, q, rem)
		}
	}
	if worstUp != nil && bestDown != nil {
		require.Positive(t, rank(*worstUp, *bestDown), "%s (rem %s) got a leftover fen before %s (rem %s)",
			worstUp.creditor, worstUp.rem, bestDown.creditor, bestDown.rem)
	}
}

func BenchmarkAllocate(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	claims := make([]Claim, 1000)
	var total int64
	for i := range claims {
		claims[i] = Claim{fmt.Sprintf("%064x", r.Uint64()), r.IntN(3), r.Int64N(1e9)}
		total += claims[i].Outstanding
	}
	amount := total / 2
	if _, err := Allocate(amount, claims); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Allocate(amount, claims)
	}
}
