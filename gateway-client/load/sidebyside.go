package load

import (
	"context"
	"time"

	"github.com/courtchain/judicial/gateway-client/gateway"
)

// Loop is how the load command drives one workload: Clients callers in a
// closed loop, or, with a Rate, calls arriving at that rate (at most
// MaxInFlight outstanding), for Duration after an unmeasured Warmup. With
// Nodes (network/run/nodes) it also reads what the measured run cost the
// network's processes and this one (Stats.CPU).
type Loop struct {
	Clients, MaxInFlight int
	Rate                 float64
	Duration, Warmup     time.Duration
	Nodes                string
}

// Measure runs the warmup, then the measured run.
func (l Loop) Measure(ctx context.Context, name string, call Call) Stats {
	run := func(d time.Duration) Stats { return Run(ctx, name, l.Clients, d, call) }
	if l.Rate > 0 {
		run = func(d time.Duration) Stats { return Open(ctx, name, l.Rate, d, l.MaxInFlight, call) }
	}
	if l.Warmup > 0 {
		run(l.Warmup)
	}
	before := sampleCPU(l.Nodes, "/proc")
	s := run(l.Duration)
	s.CPU = sampleCPU(l.Nodes, "/proc").perCall(before, s.Calls-s.Errors)
	return s
}

// SideBySide measures the workloads named in turn over c, and calls each
// (if not nil) with the results so far after each one, so that a result
// can be shown beside the first's as it comes. It stops at a workload
// that cannot be set up.
func SideBySide[T any](ctx context.Context, c *gateway.Client, names []string,
	measure func(ctx context.Context, name string, call Call) T, each func(all []T)) ([]T, error) {
	var all []T
	for _, name := range names {
		call, err := Workload(ctx, c, name)
		if err != nil {
			return all, err
		}
		all = append(all, measure(ctx, name, call))
		if each != nil {
			each(all)
		}
	}
	return all, nil
}
