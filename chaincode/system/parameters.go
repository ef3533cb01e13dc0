package system

import (
	"fmt"
	"strconv"
	"time"
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
)

var definitions = map[string]definition{
	FilingReviewPeriod: {"168h", "time a court has to docket or reject a filing before it is docketed automatically (CPL art. 126: 7 days)",
		durationBetween(time.Hour, 90*24*time.Hour)},
	MediationGracePeriod: {"0s", "time after an obligation's due time before non-performance is a breach",
		durationBetween(0, 90*24*time.Hour)},
	TimestampWindow: {"5m", "how far a time-driven proposal's timestamp may be from the endorsing peer's clock",
		durationBetween(time.Second, time.Hour)},
	SweepMaxItems: {"100", "upper bound on the items one sweep transaction may process",
		intBetween(1, 1000)},
}

// names lists the parameters in a fixed order, so listings are deterministic.
var names = []string{FilingReviewPeriod, MediationGracePeriod, SweepMaxItems, TimestampWindow}

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
