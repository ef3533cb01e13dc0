package load_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/stretchr/testify/require"
)

func TestRunCountsCallsErrorsAndPercentiles(t *testing.T) {
	var n atomic.Int64
	s := load.Run(context.Background(), "fake", 4, 200*time.Millisecond, func(_ context.Context, client, i int) error {
		time.Sleep(time.Millisecond)
		if n.Add(1)%10 == 0 {
			return errors.New("every tenth call fails")
		}
		return nil
	})
	require.Equal(t, "closed", s.Mode)
	require.Equal(t, 4, s.Clients)
	require.Positive(t, s.Calls)
	require.Positive(t, s.Errors)
	require.Equal(t, "every tenth call fails", s.FirstError)
	require.EqualValues(t, n.Load(), s.Calls+s.Errors)
	require.LessOrEqual(t, s.P50, s.P90)
	require.LessOrEqual(t, s.P90, s.P99)
	require.LessOrEqual(t, s.P99, s.Max)
	require.GreaterOrEqual(t, s.P50, time.Millisecond)
	require.InDelta(t, float64(s.Calls)/s.Elapsed.Seconds(), s.PerSecond, 0.001)
}

func TestOpenCountsCallsAndErrors(t *testing.T) {
	var n atomic.Int64
	s := load.Open(context.Background(), "fake", 10000, 10*time.Millisecond, 0, func(_ context.Context, client, i int) error {
		n.Add(1)
		if i%10 == 9 {
			return fmt.Errorf("call %d fails", i)
		}
		return nil
	})
	require.Equal(t, "open", s.Mode)
	require.EqualValues(t, 10000, s.Rate)
	require.Equal(t, load.DefaultMaxInFlight, s.MaxInFlight)
	require.EqualValues(t, 100, n.Load(), "rate × duration arrivals")
	require.Equal(t, 90, s.Calls)
	require.Equal(t, 10, s.Errors)
	require.Regexp(t, `^call \d*9 fails$`, s.FirstError)
	require.LessOrEqual(t, s.P50, s.P99)
	require.LessOrEqual(t, s.P99, s.Max)
}

// A call that waits for a slot behind a blocked one is charged the wait:
// measured from its own start it would look instant.
func TestOpenMeasuresLatencyFromTheIntendedStart(t *testing.T) {
	release := make(chan struct{})
	started := make(chan time.Time, 2)
	done := make(chan load.Stats)
	go func() {
		// Two arrivals a microsecond apart, one at a time.
		done <- load.Open(context.Background(), "fake", 1e6, 2*time.Microsecond, 1, func(context.Context, int, int) error {
			started <- time.Now()
			<-release
			return nil
		})
	}()
	first := <-started
	time.Sleep(20 * time.Millisecond)
	blocked := time.Since(first)
	close(release)
	s := <-done
	require.Equal(t, 2, s.Calls)
	// The second call was due a microsecond after the first started.
	require.GreaterOrEqual(t, s.P50, blocked-time.Microsecond, "the faster of the two calls")
	require.GreaterOrEqual(t, s.Max, blocked)
}

func TestOpenKeepsToTheInFlightBound(t *testing.T) {
	const bound, arrivals = 3, 12
	var inFlight, peak, started atomic.Int64
	release := make(chan struct{})
	go func() {
		for started.Load() < bound {
			time.Sleep(time.Millisecond)
		}
		close(release)
	}()
	s := load.Open(context.Background(), "fake", 1e6, arrivals*time.Microsecond, bound, func(context.Context, int, int) error {
		started.Add(1)
		now := inFlight.Add(1)
		for p := peak.Load(); now > p && !peak.CompareAndSwap(p, now); p = peak.Load() {
		}
		<-release
		inFlight.Add(-1)
		return nil
	})
	require.Equal(t, arrivals, s.Calls)
	require.EqualValues(t, bound, peak.Load())
	require.Equal(t, bound, s.MaxInFlight)
	require.LessOrEqual(t, s.Held, arrivals-bound)
}

func TestOpenStopsArrivingWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int64
	s := load.Open(ctx, "fake", 1e6, time.Second, 0, func(context.Context, int, int) error {
		if n.Add(1) == 5 {
			cancel()
		}
		return nil
	})
	require.Less(t, s.Calls, 1000000)
	require.EqualValues(t, n.Load(), s.Calls)
}

var search = load.Search{StartRate: 50, P99: 2 * time.Second, Bisections: 4}

// capacity stands in for a network that keeps every bound up to capacity
// calls per second and none beyond.
func capacity(c float64) func(rate float64) load.Stats {
	return func(rate float64) load.Stats {
		st := load.Stats{Mode: "open", Rate: rate, Calls: int(rate * 10), PerSecond: rate, P99: 400 * time.Millisecond}
		if rate > c {
			st.PerSecond, st.P99 = c, 5*time.Second
		}
		return st
	}
}

// follow runs a search to its end against a network and returns the rates
// it offered.
func follow(t *testing.T, s load.Search, network func(float64) load.Stats) []float64 {
	var steps []load.Stats
	var rates []float64
	for {
		rate, done := s.Next(steps)
		if done {
			return rates
		}
		require.Less(t, len(rates), 50, "the search ends")
		rates = append(rates, rate)
		steps = append(steps, network(rate))
	}
}

func TestSearchDoublesThenBisects(t *testing.T) {
	// Four bisections of 400–800 leave 425 passing and 450 failing,
	// either side of the capacity.
	require.Equal(t, []float64{50, 100, 200, 400, 800, 600, 500, 450, 425}, follow(t, search, capacity(437)))
}

func TestSearchStopsWhenTheFirstStepFails(t *testing.T) {
	require.Equal(t, []float64{50}, follow(t, search, capacity(30)))
}

func TestSearchKeepsToTheCap(t *testing.T) {
	capped := search
	capped.MaxRate = 300
	require.Equal(t, []float64{50, 100, 200, 300}, follow(t, capped, capacity(1e6)))
	require.Equal(t, []float64{50, 100, 200, 300, 250, 275, 262.5, 256.25}, follow(t, capped, capacity(260)))
}

func TestSearchJudgesEachBound(t *testing.T) {
	pass := load.Stats{Rate: 100, Calls: 1000, Errors: 10, PerSecond: 95, P99: 2 * time.Second}
	require.Empty(t, search.Fail(pass), "the bounds themselves pass")

	errs, slow, behind := pass, pass, pass
	errs.Errors = 11
	slow.P99 = 2*time.Second + time.Millisecond
	behind.PerSecond = 94.9
	require.Equal(t, "11 errors in 1011 calls, over 1%", search.Fail(errs))
	require.Equal(t, "p99 2.001s over 2s", search.Fail(slow))
	require.Equal(t, "achieved 94.9/s, under 95% of 100.0/s", search.Fail(behind))
	require.Equal(t, "no call succeeded", search.Fail(load.Stats{Rate: 100, Errors: 3}))
}

// Whether a real step passes depends on the machine, so the run is checked
// against the search it claims to have followed, not against fixed rates.
func TestSaturateFollowsTheSearch(t *testing.T) {
	s := load.Search{StartRate: 1000, MaxRate: 4000, P99: time.Hour, Bisections: 1, StepDuration: 5 * time.Millisecond}
	got := load.Saturate(context.Background(), "fake", s, func(context.Context, int, int) error { return nil }, nil)
	require.Equal(t, "fake", got.Name)
	require.Equal(t, s, got.Search)
	require.NotEmpty(t, got.Steps)
	var steps []load.Stats
	var best *load.Stats
	for _, step := range got.Steps {
		rate, done := s.Next(steps)
		require.False(t, done)
		require.Equal(t, rate, step.Rate)
		require.Equal(t, s.Fail(step.Stats), step.Fail)
		if step.Fail == "" && (best == nil || step.Rate > best.Rate) {
			best = &step.Stats
		}
		steps = append(steps, step.Stats)
	}
	_, done := s.Next(steps)
	require.True(t, done)
	require.Equal(t, best, got.Best)
	require.Equal(t, best != nil && best.Rate == 4000, got.Capped)
}

func TestSaturateWithNothingPassing(t *testing.T) {
	var steps []load.Step
	s := load.Search{StartRate: 1000, P99: time.Hour, Bisections: 4, StepDuration: 5 * time.Millisecond}
	got := load.Saturate(context.Background(), "fake", s, func(context.Context, int, int) error {
		return errors.New("refused")
	}, func(step load.Step) { steps = append(steps, step) })
	require.Nil(t, got.Best)
	require.Len(t, got.Steps, 1)
	require.Equal(t, got.Steps, steps, "progress saw every step")
	require.Equal(t, 5, got.Steps[0].Errors)
	require.Equal(t, "refused", got.Steps[0].FirstError)
	require.Equal(t, "no call succeeded", got.Steps[0].Fail)
}
