package load

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// A step passes when no more than this share of its calls fail and it
// achieves at least this share of the rate offered: a gateway that drops
// or falls behind its callers is past saturation whatever its latency.
const (
	maxErrorShare    = 0.01
	minAchievedShare = 0.95
)

// Search is how Saturate looks for the highest rate a workload sustains:
// it offers StartRate, doubles the rate until a step fails or MaxRate
// passes, then halves the gap between the highest passing and the lowest
// failing rate Bisections times. Each step runs an unmeasured Warmup at
// its rate first, so the measured StepDuration starts from steady traffic.
type Search struct {
	StartRate float64 `json:"startRate"`
	// MaxRate caps the rates offered; 0 for none.
	MaxRate      float64       `json:"maxRate,omitempty"`
	P99          time.Duration `json:"p99"`
	Bisections   int           `json:"bisections"`
	StepDuration time.Duration `json:"stepDuration"`
	Warmup       time.Duration `json:"warmup"`
	MaxInFlight  int           `json:"maxInFlight"`
}

// Step is one run of a search and, if it failed, why.
type Step struct {
	Stats
	Fail string `json:"fail,omitempty"`
}

// Saturation is the outcome of a search: Best is the passing step with
// the highest rate (nil when even the first failed), Capped says the
// search stopped at MaxRate rather than at a failure.
type Saturation struct {
	Name   string `json:"name"`
	Search Search `json:"search"`
	Best   *Stats `json:"best,omitempty"`
	Capped bool   `json:"capped,omitempty"`
	Steps  []Step `json:"steps"`
}

// Fail says why a step does not pass; "" if it does.
func (s Search) Fail(st Stats) string {
	if st.Calls == 0 {
		return "no call succeeded"
	}
	var why []string
	if all := st.Calls + st.Errors; float64(st.Errors) > maxErrorShare*float64(all) {
		why = append(why, fmt.Sprintf("%d errors in %d calls, over %g%%", st.Errors, all, 100*maxErrorShare))
	}
	if st.P99 > s.P99 {
		why = append(why, fmt.Sprintf("p99 %s over %s", round(st.P99), s.P99))
	}
	if st.PerSecond < minAchievedShare*st.Rate {
		why = append(why, fmt.Sprintf("achieved %.1f/s, under %g%% of %.1f/s", st.PerSecond, 100*minAchievedShare, st.Rate))
	}
	return strings.Join(why, "; ")
}

// Next is the rate to offer after steps, or done. It reads nothing but
// the search and the steps so far, so that it can be followed without
// running a step.
func (s Search) Next(steps []Stats) (rate float64, done bool) {
	if len(steps) == 0 {
		return s.capped(s.StartRate), false
	}
	firstFail := -1
	var good, bad float64 // the highest passing rate, the lowest failing one above it
	for i, st := range steps {
		if s.Fail(st) == "" {
			good = max(good, st.Rate)
		} else if firstFail < 0 {
			firstFail = i
		}
	}
	for _, st := range steps {
		if st.Rate > good && (bad == 0 || st.Rate < bad) && s.Fail(st) != "" {
			bad = st.Rate
		}
	}
	switch {
	case good == 0:
		// Even the start failed: below it lies no rate worth a search.
		return 0, true
	case bad == 0 && s.MaxRate > 0 && good >= s.MaxRate:
		return 0, true
	case bad == 0:
		return s.capped(2 * good), false
	case len(steps)-1-firstFail >= s.Bisections:
		return 0, true
	}
	return (good + bad) / 2, false
}

func (s Search) capped(rate float64) float64 {
	if s.MaxRate > 0 {
		return min(rate, s.MaxRate)
	}
	return rate
}

// Saturate runs the steps Next asks for, one open loop each, and calls
// progress (if not nil) after each.
func Saturate(ctx context.Context, name string, s Search, call Call, progress func(Step)) Saturation {
	out := Saturation{Name: name, Search: s}
	var steps []Stats
	for ctx.Err() == nil {
		rate, done := s.Next(steps)
		if done {
			break
		}
		if s.Warmup > 0 {
			Open(ctx, name, rate, s.Warmup, s.MaxInFlight, call)
		}
		st := Open(ctx, name, rate, s.StepDuration, s.MaxInFlight, call)
		steps = append(steps, st)
		step := Step{Stats: st, Fail: s.Fail(st)}
		out.Steps = append(out.Steps, step)
		if progress != nil {
			progress(step)
		}
	}
	for _, step := range out.Steps {
		if step.Fail == "" && (out.Best == nil || step.Rate > out.Best.Rate) {
			out.Best = &step.Stats
		}
	}
	out.Capped = out.Best != nil && s.MaxRate > 0 && out.Best.Rate >= s.MaxRate
	return out
}
