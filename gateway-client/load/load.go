// Package load drives concurrent calls and summarises throughput and
// latency, so a function's figures can be set beside a baseline's measured
// on the same network in the same run.
package load

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Stats summarises one run.
type Stats struct {
	Name       string        `json:"name"`
	Clients    int           `json:"clients"`
	Calls      int           `json:"calls"`
	Errors     int           `json:"errors"`
	FirstError string        `json:"firstError,omitempty"`
	Elapsed    time.Duration `json:"elapsed"`
	PerSecond  float64       `json:"perSecond"`
	P50        time.Duration `json:"p50"`
	P90        time.Duration `json:"p90"`
	P99        time.Duration `json:"p99"`
	Max        time.Duration `json:"max"`
}

func (s Stats) String() string {
	return fmt.Sprintf("%-20s %3d clients %7d calls %5d errors %9.1f/s  p50 %-9s p90 %-9s p99 %-9s max %s",
		s.Name, s.Clients, s.Calls, s.Errors, s.PerSecond, round(s.P50), round(s.P90), round(s.P99), round(s.Max))
}

func round(d time.Duration) time.Duration { return d.Round(100 * time.Microsecond) }

// Run calls call from clients goroutines until duration has passed, and
// measures each call. i numbers the calls of one goroutine, so callers can
// make each request unique.
func Run(ctx context.Context, name string, clients int, duration time.Duration, call func(ctx context.Context, client, i int) error) Stats {
	ctx, cancel := context.WithTimeout(ctx, duration)
	defer cancel()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		firstErr  error
		wg        sync.WaitGroup
	)
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for i := 0; ctx.Err() == nil; i++ {
				t := time.Now()
				err := call(context.WithoutCancel(ctx), c, i)
				d := time.Since(t)
				if err != nil {
					mu.Lock()
					errs++
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					continue
				}
				mine = append(mine, d)
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	s := Stats{Name: name, Clients: clients, Calls: len(latencies), Errors: errs, Elapsed: elapsed,
		PerSecond: float64(len(latencies)) / elapsed.Seconds()}
	if firstErr != nil {
		s.FirstError = firstErr.Error()
	}
	if len(latencies) > 0 {
		slices.Sort(latencies)
		at := func(q float64) time.Duration { return latencies[int(q*float64(len(latencies)-1))] }
		s.P50, s.P90, s.P99, s.Max = at(0.50), at(0.90), at(0.99), latencies[len(latencies)-1]
	}
	return s
}
