// Package mediation holds filings, mediation agreements and judgments, and
// the transitions that move them on by themselves when a period ends
// (Opinions items 13–15): a filing is docketed when its review period ends
// undecided; a mediation agreement not performed by its due time opens an
// enforcement case (if judicially confirmed) or a trial case; a judgment
// unperformed by its deadline opens an enforcement case where the creditor
// pre-authorised it. docs/legal.md cites the rule behind each.
package mediation

import (
	"fmt"

	"github.com/courtchain/judicial/chaincode/input"
)

// Name is the contract's namespace: mediation:Register, mediation:Sweep, ...
const Name = "mediation"

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

func checkDigest(field, d string) error { return input.Digest(field, d) }

func checkAmount(field string, a int64) error { return input.Amount(field, a) }

func short(s string) string { return input.Short(s) }
