package distribution

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzAllocate decodes claims from data, 10 bytes each, so that invalid
// input is reachable too: Allocate must fail exactly when the input breaks
// a rule, and otherwise satisfy every invariant in either input order.
func FuzzAllocate(f *testing.F) {
	claim := func(prio, name byte, shift byte, v uint64) []byte {
		return binary.LittleEndian.AppendUint64([]byte{shift<<4 | prio, name}, v)
	}
	f.Add(int64(100), slices.Concat(claim(0, 3, 15, 50), claim(0, 1, 15, 50), claim(0, 2, 15, 50)))
	f.Add(int64(90), slices.Concat(claim(1, 1, 15, 100), claim(0, 2, 15, 30), claim(1, 3, 15, 50)))
	f.Add(int64(math.MaxInt64), slices.Concat(claim(0, 1, 2, 1e15<<8), claim(9, 2, 2, 1e15<<8)))
	f.Add(int64(-1), claim(0, 1, 15, 1))
	f.Add(int64(7), []byte{})
	f.Add(int64(3), slices.Concat(claim(10, 1, 15, 5), claim(0, 1, 15, 5)))
	f.Add(int64(0), claim(0, 1, 0, math.MaxUint64))

	f.Fuzz(func(t *testing.T, raw int64, data []byte) {
		claims := decodeClaims(data)
		amount := raw
		if total := clampedTotal(claims); raw >= 0 && total < math.MaxInt64 {
			amount = raw % int64(total+2) // mostly valid, sometimes one fen too many
		}
		shares, err := Allocate(amount, claims)
		if reason := invalid(amount, claims); reason != "" {
			require.Error(t, err, reason)
			return
		}
		require.NoError(t, err)
		checkInvariants(t, amount, claims, shares)

		reversed := slices.Clone(claims)
		slices.Reverse(reversed)
		again, err := Allocate(amount, reversed)
		require.NoError(t, err)
		require.Equal(t, byCreditor(shares), byCreditor(again), "input order changed the result")
	})
}

// decodeClaims makes small outstanding amounts, and so ties, common by
// shifting the 8 value bytes right by 4 times the high nibble of byte 0.
// One name byte makes duplicate creditors reachable.
func decodeClaims(data []byte) []Claim {
	var claims []Claim
	for ; len(data) >= 10; data = data[10:] {
		claims = append(claims, Claim{
			Creditor:    fmt.Sprintf("%064x", data[1]),
			Priority:    int(data[0]&0x0f) % 11,
			Outstanding: int64(binary.LittleEndian.Uint64(data[2:10]) >> (data[0] >> 4 * 4)),
		})
	}
	return claims
}

// clampedTotal cannot overflow for up to maxClaims claims; beyond that
// the input is invalid whatever the total.
func clampedTotal(claims []Claim) uint64 {
	var total uint64
	for _, c := range claims {
		total += uint64(min(max(c.Outstanding, 0), maxOutstanding))
	}
	return total
}

// invalid restates the input rules independently of validate.
func invalid(amount int64, claims []Claim) string {
	if amount < 0 || len(claims) > maxClaims || (len(claims) == 0 && amount > 0) {
		return "amount or number of claims"
	}
	for i, c := range claims {
		if c.Creditor == "" || c.Priority < 0 || c.Priority > 9 || c.Outstanding < 0 || c.Outstanding > 1e15 ||
			slices.ContainsFunc(claims[:i], func(d Claim) bool { return d.Creditor == c.Creditor }) {
			return fmt.Sprintf("claims[%d]", i)
		}
	}
	if uint64(amount) > clampedTotal(claims) {
		return "amount above outstanding"
	}
	return ""
}
