// Package mediation holds filings, mediation agreements and judgments, and
// the transitions that move them on by themselves when a period ends
// (Opinions items 13–15): a filing is docketed when its review period ends
// undecided; a mediation agreement not performed by its due time opens an
// enforcement case (if judicially confirmed) or a trial case; a judgment
// unperformed by its deadline opens an enforcement case where the creditor
// pre-authorised it. docs/legal.md cites the rule behind each.
package mediation

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/courtchain/judicial/chaincode/input"
)

// Name is the contract's namespace: mediation:Register, mediation:Sweep, ...
const Name = "mediation"

// maxAmount bounds one amount in fen (10^15 fen is 10 trillion yuan), so
// sums of a few thousand amounts cannot overflow int64.
const maxAmount int64 = 1_000_000_000_000_000

func checkPseudonyms(field string, ps []string) error {
	if len(ps) == 0 {
		return fmt.Errorf("%s: at least one party is required", field)
	}
	for _, p := range ps {
		if err := input.Pseudonym(field, p); err != nil {
			return err
		}
	}
	return nil
}

func checkDigest(field, d string) error {
	if len(d) != 64 {
		return fmt.Errorf("%s must be a 64-character hex digest, got %d characters", field, len(d))
	}
	if _, err := hex.DecodeString(d); err != nil || strings.ToLower(d) != d {
		return fmt.Errorf("%s %q is not lower-case hexadecimal", field, short(d))
	}
	return nil
}

func checkAmount(field string, a int64) error {
	if a <= 0 {
		return fmt.Errorf("%s must be a positive amount in fen, got %d", field, a)
	}
	if a > maxAmount {
		return fmt.Errorf("%s %d fen is above the limit of %d fen", field, a, maxAmount)
	}
	return nil
}

func short(s string) string { return input.Short(s) }
