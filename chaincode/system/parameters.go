package system

import (
	"fmt"
	"strconv"
	"time"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// A parameter is a channel-wide setting that the law lets courts vary; the
// contracts read it from the ledger instead of compiling it in.
type definition struct {
	Default string
	Doc     string
	check   func(string) error
}

// Parameter names. docs/legal.md cites the rule behind each default.
const (
	FilingReviewPeriod   = "filing.reviewPeriod"
	MediationGracePeriod = "mediation.gracePeriod"
	TimestampWindow      = "time.window"
	SweepMaxItems        = "sweep.maxItems"
	// EnforcementTerminationAfter is how long after filing an enforcement
	// case may end its current procedure for lack of property.
	EnforcementTerminationAfter = "enforcement.terminationAfter"
	// Longest terms of credit listings, in calendar years: the law counts
	// years, and a year is not a fixed number of hours.
	CreditDishonestTerm      = "credit.dishonestYears"
	CreditDishonestExtension = "credit.dishonestExtensionYears"
	CreditConsumptionTerm    = "credit.consumptionYears"
)

var definitions = map[string]definition{
	FilingReviewPeriod: {"168h", "time a court has to docket or reject a filing before it is docketed automatically (CPL art. 126: 7 days)",
		durationBetween(time.Second, 90*24*time.Hour)},
	MediationGracePeriod: {"0s", "time after an obligation's due time before non-performance is a breach",
		durationBetween(0, 90*24*time.Hour)},
	TimestampWindow: {"5m", "how far a time-driven proposal's timestamp may be from the endorsing peer's clock",
		durationBetween(time.Second, time.Hour)},
	EnforcementTerminationAfter: {"2160h", "time after filing before an enforcement case may be terminated for lack of property (2016 SPC Provisions on terminating the current procedure, art. 1(4): more than 3 months)",
		durationBetween(0, 365*24*time.Hour)},
	CreditDishonestTerm: {"2", "longest term of a dishonest-defaulter listing, in years (2017 SPC Provisions on the list of dishonest judgment defaulters, art. 2: 2 years)",
		intBetween(1, 10)},
	CreditDishonestExtension: {"3", "years added to credit.dishonestYears for a serious case (2017 Provisions, art. 2: extendable by 1 to 3 years)",
		intBetween(0, 5)},
	CreditConsumptionTerm: {"5", "longest term of a high-consumption restriction, in years; the 2015 SPC Provisions set none (lifted on performance), so this bounds a listing until a judge reviews it",
		intBetween(1, 10)},
	SweepMaxItems: {"100", "upper bound on the items one sweep transaction may process",
		intBetween(1, 1000)},
}

// names lists the parameters in a fixed order, so listings are deterministic.
var names = []string{CreditConsumptionTerm, CreditDishonestExtension, CreditDishonestTerm, EnforcementTerminationAfter, FilingReviewPeriod, MediationGracePeriod, SweepMaxItems, TimestampWindow}

func durationBetween(lo, hi time.Duration) func(string) error {
	return func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%q is not a duration (examples: 168h, 30m)", v)
		}
		if d < lo || d > hi {
			return fmt.Errorf("%s is outside the allowed range %s to %s", d, lo, hi)
		}
		return nil
	}
}

func intBetween(lo, hi int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
		if n < lo || n > hi {
			return fmt.Errorf("%d is outside the allowed range %d to %d", n, lo, hi)
		}
		return nil
	}
}

// Duration reads a duration parameter for another contract.
func Duration(ctx contractapi.TransactionContextInterface, name string) (time.Duration, error) {
	p, err := New().GetParameter(ctx, name)
	if err != nil {
		return 0, err
	}
	d, err := time.ParseDuration(p.Value)
	if err != nil {
		return 0, fmt.Errorf("parameter %s holds %q, not a duration", name, p.Value)
	}
	return d, nil
}

// Int reads a whole-number parameter for another contract.
func Int(ctx contractapi.TransactionContextInterface, name string) (int, error) {
	p, err := New().GetParameter(ctx, name)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(p.Value)
	if err != nil {
		return 0, fmt.Errorf("parameter %s holds %q, not a whole number", name, p.Value)
	}
	return n, nil
}
