package load

import (
	"context"
	"math"
	"sync"
	"time"
)

// DefaultMaxInFlight bounds an open loop's outstanding calls when the
// caller gives no bound: far more than a gateway serves at once, so that
// reaching it means the run is already saturated.
const DefaultMaxInFlight = 4096

// Open starts rate calls per second for duration, each in a goroutine of
// its own, and waits for them all to return. Call i is due at
// start + i/rate. Its latency runs from then, not from when it actually
// started: a call held back by maxInFlight outstanding calls (or by a late
// scheduler) waited as a real caller would, and measuring from the actual
// start would hide exactly the queueing that saturation causes.
//
// The achieved rate counts successful calls from the first completion to
// the last, so that a run whose calls all take a second is not charged
// for the second after the last arrival.
func Open(ctx context.Context, name string, rate float64, duration time.Duration, maxInFlight int, call Call) Stats {
	if maxInFlight <= 0 {
		maxInFlight = DefaultMaxInFlight
	}
	n := max(1, int(math.Round(rate*duration.Seconds())))
	var (
		calls openCalls
		held  int
		wg    sync.WaitGroup
	)
	slots := make(chan struct{}, maxInFlight)
	timer := time.NewTimer(0)
	defer timer.Stop()
	start := time.Now()
	for i := range n {
		due := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
		if ctx.Err() != nil || !sleepUntil(ctx, timer, due) {
			break
		}
		waited, ok := takeSlot(ctx, slots)
		if waited {
			held++
		}
		if !ok {
			break
		}
		wg.Go(func() {
			err := call(ctx, 0, i)
			end := time.Now()
			<-slots
			calls.record(due, end, err)
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	s := Stats{Name: name, Mode: "open", Rate: rate, MaxInFlight: maxInFlight, Held: held, Errors: calls.errs, Elapsed: elapsed,
		PerSecond: calls.achieved(elapsed)}
	s.summarise(calls.latencies, calls.firstErr)
	return s
}

// sleepUntil waits until due; false if ctx ended first.
func sleepUntil(ctx context.Context, timer *time.Timer, due time.Time) bool {
	wait := time.Until(due)
	if wait <= 0 {
		return true
	}
	timer.Reset(wait)
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// takeSlot takes one of the in-flight slots, waiting (and saying so) if
// they are all taken; ok is false if ctx ended first.
func takeSlot(ctx context.Context, slots chan struct{}) (waited, ok bool) {
	select {
	case slots <- struct{}{}:
		return false, true
	default:
	}
	select {
	case slots <- struct{}{}:
		return true, true
	case <-ctx.Done():
		return true, false
	}
}

// openCalls gathers an open loop's calls as they return.
type openCalls struct {
	mu          sync.Mutex
	latencies   []time.Duration
	errs        int
	firstErr    error
	first, last time.Time
}

// record counts a call due at due that returned at end.
func (o *openCalls) record(due, end time.Time, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err != nil {
		o.errs++
		if o.firstErr == nil {
			o.firstErr = err
		}
		return
	}
	o.latencies = append(o.latencies, end.Sub(due))
	if o.first.IsZero() || end.Before(o.first) {
		o.first = end
	}
	if end.After(o.last) {
		o.last = end
	}
}

// achieved is the rate of successful calls: from the first completion to
// the last, or over the whole run if there are too few to span.
func (o *openCalls) achieved(elapsed time.Duration) float64 {
	if span := o.last.Sub(o.first); len(o.latencies) > 1 && span > 0 {
		// n completions span n-1 intervals.
		return float64(len(o.latencies)-1) / span.Seconds()
	}
	return float64(len(o.latencies)) / elapsed.Seconds()
}
