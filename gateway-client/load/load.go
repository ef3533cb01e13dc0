// Package load drives concurrent calls and summarises throughput and
// latency, so a function's figures can be set beside a baseline's measured
// on the same network in the same run.
//
// Run is a closed loop: a fixed number of clients, each starting its next
// call when the last returns, which shows the throughput of that much
// concurrency. Open is an open loop: calls arrive at a fixed rate whether
// or not the earlier ones have returned, which shows what latency callers
// see at that rate; Saturate searches for the highest rate that keeps it
// within bounds.
//
// Beside the runner are the scenarios the load command drives, each given
// connected clients and returning a result that prints as JSON and as a
// line: the named workloads (workloads.go) set side by side, a Merkle
// batch (batch.go), bulk anchoring (bulk.go), the keeper's sweep
// (sweep.go), listing made-up people (listings.go, persons.go) and the
// scale run (scale.go), which reads the nodes' memory and disk
// (usage.go). report.go prints what has more than one line.
package load

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Call makes one call. i numbers the calls of one client (of the whole run
// in an open loop, where client is 0), so callers can make each request
// unique.
type Call func(ctx context.Context, client, i int) error

// Stats summarises one run.
type Stats struct {
	Name string `json:"name"`
	// Mode is "closed" (Run) or "open" (Open).
	Mode    string `json:"mode"`
	Clients int    `json:"clients,omitempty"`
	// Rate is the offered rate of an open loop, in calls per second.
	Rate float64 `json:"rate,omitempty"`
	// MaxInFlight bounds an open loop's outstanding calls; Held counts the
	// arrivals that had to wait for one to return. Their latency includes
	// the wait.
	MaxInFlight int           `json:"maxInFlight,omitempty"`
	Held        int           `json:"held,omitempty"`
	Calls       int           `json:"calls"`
	Errors      int           `json:"errors"`
	FirstError  string        `json:"firstError,omitempty"`
	Elapsed     time.Duration `json:"elapsed"`
	// PerSecond is the achieved rate of successful calls.
	PerSecond float64       `json:"perSecond"`
	P50       time.Duration `json:"p50"`
	P90       time.Duration `json:"p90"`
	P99       time.Duration `json:"p99"`
	Max       time.Duration `json:"max"`
	// CPU is what the run cost the network's processes and the client, a
	// call (Loop.Nodes); nil when they could not be read.
	CPU *CPU `json:"cpuPerCall,omitempty"`
}

func (s Stats) String() string {
	load := fmt.Sprintf("%3d clients", s.Clients)
	if s.Mode == "open" {
		load = fmt.Sprintf("%7.1f/s offered", s.Rate)
	}
	line := fmt.Sprintf("%-20s %s %7d calls %5d errors %9.1f/s  p50 %-9s p90 %-9s p99 %-9s max %s",
		s.Name, load, s.Calls, s.Errors, s.PerSecond, round(s.P50), round(s.P90), round(s.P99), round(s.Max))
	if s.Held > 0 {
		line += fmt.Sprintf("  %d held at %d in flight", s.Held, s.MaxInFlight)
	}
	return line
}

func round(d time.Duration) time.Duration { return d.Round(100 * time.Microsecond) }

// Run calls call from clients goroutines until duration has passed, and
// measures each call.
func Run(ctx context.Context, name string, clients int, duration time.Duration, call Call) Stats {
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
	s := Stats{Name: name, Mode: "closed", Clients: clients, Errors: errs, Elapsed: elapsed,
		PerSecond: float64(len(latencies)) / elapsed.Seconds()}
	s.summarise(latencies, firstErr)
	return s
}

// summarise sets the counts and percentiles; it sorts latencies.
func (s *Stats) summarise(latencies []time.Duration, firstErr error) {
	s.Calls = len(latencies)
	if firstErr != nil {
		s.FirstError = firstErr.Error()
	}
	if len(latencies) > 0 {
		slices.Sort(latencies)
		at := func(q float64) time.Duration { return latencies[int(q*float64(len(latencies)-1))] }
		s.P50, s.P90, s.P99, s.Max = at(0.50), at(0.90), at(0.99), latencies[len(latencies)-1]
	}
}
