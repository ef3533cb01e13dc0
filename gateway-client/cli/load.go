package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/spf13/cobra"
)

// loadCommand and its subcommands each check their flags, connect the
// identities they act as and run a scenario of package load, whose result
// they print.
func (a *App) loadCommand() *cobra.Command {
	var f loadFlags
	cmd := &cobra.Command{
		Use:   "load WORKLOAD...",
		Short: "Measure throughput and latency of workloads side by side (noop, ping, anchor, verify, check)",
		Long: `Runs each workload in turn over one gateway connection and prints calls per
second and latency percentiles, each with its ratio to the first workload
(put the baseline first).

By default --clients callers each call again as soon as their last call
returns, for --duration. With --rate, calls arrive at that rate whether or
not earlier ones have returned (at most --max-in-flight outstanding), and
each call's latency runs from when it was due, so queueing shows.

With --saturate, each workload is offered rates from --start-rate, doubled
until a step fails, then bisected --steps times; a step passes if its p99
is within --p99, at most 1% of its calls fail and it achieves 95% of the
rate offered. It prints the highest passing rate; --json gives every step.

Without --saturate, when the network runs on this host (its pid files
beside --nodes), each workload's line is followed by the CPU time a call
cost the peers, orderers, chaincode servers and CAs and this client,
read from /proc over the measured run, with its ratio to the first
workload's: the figure that moves least between runs on shared cores.`,
		Example: `  judicial --identity clerk1 load --clients 64 --duration 20s noop anchor
  judicial --identity clerk1 load --rate 300 noop anchor
  judicial --identity clerk1 load --saturate --p99 2s noop anchor ping verify
  judicial --org CreditMSP --identity bank1 load --clients 64 ping check`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, w := range args {
				if !load.IsWorkload(w) {
					return fmt.Errorf("unknown workload %q; one of: %s", w, load.WorkloadNames())
				}
			}
			if err := f.check(cmd.Flags().Changed); err != nil {
				return err
			}
			return a.withClient(func(c *gateway.Client) error { return a.sideBySide(cmd.Context(), c, args, f) })
		},
	}
	cmd.Flags().IntVar(&f.clients, "clients", 64, "concurrent callers (closed loop)")
	cmd.Flags().DurationVar(&f.duration, "duration", 20*time.Second, "how long each workload runs")
	cmd.Flags().DurationVar(&f.warmup, "warmup", 3*time.Second, "unmeasured run before each workload (each step with --saturate)")
	cmd.Flags().Float64Var(&f.rate, "rate", 0, "calls per second arriving (open loop) instead of --clients callers")
	cmd.Flags().IntVar(&f.maxInFlight, "max-in-flight", load.DefaultMaxInFlight, "outstanding calls at most with --rate or --saturate; later arrivals wait")
	cmd.Flags().BoolVar(&f.saturate, "saturate", false, "search for the highest rate each workload sustains")
	cmd.Flags().DurationVar(&f.p99, "p99", 2*time.Second, "p99 latency a --saturate step may reach")
	cmd.Flags().Float64Var(&f.startRate, "start-rate", 50, "first rate --saturate offers, in calls per second")
	cmd.Flags().Float64Var(&f.maxRate, "max-rate", 0, "highest rate --saturate offers (0: no cap)")
	cmd.Flags().IntVar(&f.steps, "steps", 4, "--saturate's bisections after the first failing rate")
	cmd.Flags().DurationVar(&f.stepDuration, "step-duration", 10*time.Second, "how long each --saturate step runs")
	cmd.Flags().StringVar(&f.nodes, "nodes", "network/run/nodes", "the network's node folders, for the CPU a call cost (empty: not read)")
	cmd.AddCommand(a.loadBatchCommand(), a.loadBulkCommand(), a.loadSweepCommand(), a.loadListingsCommand(), a.loadScaleCommand())
	return cmd
}

// loadFlags are the load command's flags. Which apply depends on the mode:
// closed loop (the default), --rate or --saturate.
type loadFlags struct {
	clients, maxInFlight, steps         int
	duration, warmup, p99, stepDuration time.Duration
	rate, startRate, maxRate            float64
	saturate                            bool
	nodes                               string
}

// check refuses flags the mode would ignore as well as bad values: a run
// taken for what it was not costs more than retyping the command.
func (f loadFlags) check(changed func(name string) bool) error {
	open := f.saturate || changed("rate")
	search := []string{"p99", "start-rate", "max-rate", "steps", "step-duration"}
	var misplaced []string
	var mode string
	switch {
	case f.saturate:
		misplaced, mode = []string{"rate", "clients", "duration", "nodes"}, "--saturate, which chooses the rates and runs each for --step-duration"
	case open:
		misplaced, mode = append([]string{"clients"}, search...), "--rate, where calls arrive at a rate (bounded by --max-in-flight)"
	default:
		misplaced, mode = append([]string{"max-in-flight"}, search...), "a closed-loop run; give --rate or --saturate"
	}
	for _, name := range misplaced {
		if changed(name) {
			return fmt.Errorf("--%s does not apply to %s", name, mode)
		}
	}
	switch {
	case changed("rate") && f.rate <= 0:
		return fmt.Errorf("--rate must be above 0 calls per second, not %g", f.rate)
	case !open && f.clients < 1:
		return fmt.Errorf("--clients must be at least 1, not %d", f.clients)
	case !f.saturate && f.duration <= 0:
		return fmt.Errorf("--duration must be above 0, not %s", f.duration)
	case f.warmup < 0:
		return fmt.Errorf("--warmup must not be negative, not %s", f.warmup)
	case open && f.maxInFlight < 1:
		return fmt.Errorf("--max-in-flight must be at least 1, not %d", f.maxInFlight)
	case !f.saturate:
		return nil
	case f.p99 <= 0:
		return fmt.Errorf("--p99 must be above 0, not %s", f.p99)
	case f.startRate <= 0:
		return fmt.Errorf("--start-rate must be above 0 calls per second, not %g", f.startRate)
	case f.maxRate < 0:
		return fmt.Errorf("--max-rate must not be negative (0 for no cap), not %g", f.maxRate)
	case f.maxRate > 0 && f.maxRate < f.startRate:
		return fmt.Errorf("--max-rate %g is below --start-rate %g", f.maxRate, f.startRate)
	case f.steps < 0:
		return fmt.Errorf("--steps must not be negative, not %d", f.steps)
	case f.stepDuration <= 0:
		return fmt.Errorf("--step-duration must be above 0, not %s", f.stepDuration)
	}
	return nil
}

func (f loadFlags) searchFor() load.Search {
	return load.Search{StartRate: f.startRate, MaxRate: f.maxRate, P99: f.p99, Bisections: f.steps,
		StepDuration: f.stepDuration, Warmup: f.warmup, MaxInFlight: f.maxInFlight}
}

func (f loadFlags) loop() load.Loop {
	return load.Loop{Clients: f.clients, MaxInFlight: f.maxInFlight, Rate: f.rate, Duration: f.duration, Warmup: f.warmup, Nodes: f.nodes}
}

// sideBySide measures the workloads in turn, each one's line on stdout as
// it ends, or all of them as one JSON document at the end. A saturation
// search takes minutes: each of its steps' lines goes to stderr as it
// ends.
func (a *App) sideBySide(ctx context.Context, c *gateway.Client, names []string, f loadFlags) error {
	if !f.saturate {
		all, err := load.SideBySide(ctx, c, names, f.loop().Measure, printEach(a, load.PrintStats))
		return a.emitAll(all, err)
	}
	search := f.searchFor()
	saturate := func(ctx context.Context, name string, call load.Call) load.Saturation {
		return load.Saturate(ctx, name, search, call, func(step load.Step) { load.PrintStep(a.Err, step) })
	}
	all, err := load.SideBySide(ctx, c, names, saturate, printEach(a, load.PrintSaturation))
	return a.emitAll(all, err)
}

// printEach prints the latest of the results so far on stdout, unless
// they are printed as JSON at the end.
func printEach[T any](a *App, print func(w io.Writer, all []T)) func(all []T) {
	if a.JSON {
		return nil
	}
	return func(all []T) { print(a.Out, all) }
}

// emitAll prints the results as JSON with --json; without, each was
// printed as it came.
func (a *App) emitAll(all any, err error) error {
	if err != nil || !a.JSON {
		return err
	}
	return a.emit(all, nil)
}

// emitLine prints a scenario's result as JSON with --json, or its line;
// or returns the scenario's error.
func (a *App) emitLine(r fmt.Stringer, err error) error {
	if err != nil {
		return err
	}
	return a.emit(r, func(w io.Writer) { fmt.Fprintln(w, r) })
}

func (a *App) loadBatchCommand() *cobra.Command {
	var cfg load.BatchConfig
	cmd := &cobra.Command{
		Use:   "batch",
		Short: "Anchor one batch of random digests end to end and report digests per second",
		Long: `Times tree building, anchoring the root through the gateway (endorse, order,
commit) and writing every receipt (JSON Lines to --receipts); hashing files
is not part of it.`,
		Example: "  judicial --identity clerk1 load batch --digests 100000 --receipts /tmp/receipts.jsonl",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				return a.emitLine(load.Batch(cmd.Context(), e, cfg))
			})
		},
	}
	cmd.Flags().IntVar(&cfg.Digests, "digests", 100000, "digests in the batch")
	cmd.Flags().StringVar(&cfg.Receipts, "receipts", "receipts.jsonl", "file for the receipts, one JSON object a line")
	cmd.Flags().StringVar(&cfg.Algorithm, "algorithm", "sha256", "sha256 or sm3")
	return cmd
}
