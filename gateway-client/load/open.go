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
		mu          sync.Mutex
		latencies   []time.Duration
		errs, held  int
		firstErr    error
		first, last time.Time
		wg          sync.WaitGroup
	)
	slots := make(chan struct{}, maxInFlight)
	timer := time.NewTimer(0)
	defer timer.Stop()
	start := time.Now()
arrivals:
	for i := range n {
		due := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
		if ctx.Err() != nil {
			break
		}
		if wait := time.Until(due); wait > 0 {
			timer.Reset(wait)
			select {
			case <-timer.C:
			case <-ctx.Done():
				break arrivals
			}
		}
		select {
		case slots <- struct{}{}:
		default:
			held++
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				break arrivals
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := call(ctx, 0, i)
			end := time.Now()
			<-slots
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs++
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			latencies = append(latencies, end.Sub(due))
			if first.IsZero() || end.Before(first) {
				first = end
			}
			if end.After(last) {
				last = end
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	s := Stats{Name: name, Mode: "open", Rate: rate, MaxInFlight: maxInFlight, Held: held, Errors: errs, Elapsed: elapsed}
	switch span := last.Sub(first); {
	case len(latencies) > 1 && span > 0:
		// n completions span n-1 intervals.
		s.PerSecond = float64(len(latencies)-1) / span.Seconds()
	default:
		s.PerSecond = float64(len(latencies)) / elapsed.Seconds()
	}
	s.summarise(latencies, firstErr)
	return s
}
