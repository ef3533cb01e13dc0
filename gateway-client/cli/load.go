package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/courtchain/judicial/chaincode/api"

	cc "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/courtchain/judicial/gateway-client/system"
	"github.com/spf13/cobra"
)

// workloads are the calls the load command can drive; noop and ping are
// the baselines the others are set against.
var workloads = map[string]string{
	"noop":   "submit system:Noop (writes nothing: the baseline for submits)",
	"ping":   "evaluate system:Ping (the baseline for evaluates)",
	"anchor": "submit evidence:Anchor with a fresh random digest each call",
	"verify": "evaluate evidence:Verify of one anchored digest",
	"check":  "evaluate credit:Check of a person by ID number (transient), as a bank does (run as a bank officer)",
}

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
rate offered. It prints the highest passing rate; --json gives every step.`,
		Example: `  judicial --identity clerk1 load --clients 64 --duration 20s noop anchor
  judicial --identity clerk1 load --rate 300 noop anchor
  judicial --identity clerk1 load --saturate --p99 2s noop anchor ping verify
  judicial --org CreditMSP --identity bank1 load --clients 64 ping check`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, w := range args {
				if _, ok := workloads[w]; !ok {
					return fmt.Errorf("unknown workload %q; one of: noop, ping, anchor, verify, check", w)
				}
			}
			if err := f.check(cmd.Flags().Changed); err != nil {
				return err
			}
			return a.withClient(func(c *gateway.Client) error {
				if f.saturate {
					return a.saturate(cmd.Context(), c, args, f.searchFor())
				}
				var all []load.Stats
				for _, w := range args {
					call, err := workload(cmd.Context(), c, w)
					if err != nil {
						return err
					}
					run := func(d time.Duration) load.Stats { return load.Run(cmd.Context(), w, f.clients, d, call) }
					if f.rate > 0 {
						run = func(d time.Duration) load.Stats { return load.Open(cmd.Context(), w, f.rate, d, f.maxInFlight, call) }
					}
					if f.warmup > 0 {
						run(f.warmup)
					}
					s := run(f.duration)
					all = append(all, s)
					if !a.JSON {
						r := ""
						if len(all) > 1 {
							r = ratio(s.PerSecond, all[0].PerSecond, all[0].Name)
						}
						fmt.Fprintln(a.Out, s.String()+r)
						if s.FirstError != "" {
							fmt.Fprintln(a.Out, "    first error:", s.FirstError)
						}
					}
				}
				if a.JSON {
					return a.emit(all, nil)
				}
				return nil
			})
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
		misplaced, mode = []string{"rate", "clients", "duration"}, "--saturate, which chooses the rates and runs each for --step-duration"
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

// saturate runs the search for each workload, each step's line on stderr
// as it ends (a search takes minutes), the outcome on stdout.
func (a *App) saturate(ctx context.Context, c *gateway.Client, names []string, search load.Search) error {
	var all []load.Saturation
	for _, w := range names {
		call, err := workload(ctx, c, w)
		if err != nil {
			return err
		}
		s := load.Saturate(ctx, w, search, call, func(step load.Step) {
			verdict := "passes"
			if step.Fail != "" {
				verdict = "fails: " + step.Fail
			}
			fmt.Fprintf(a.Err, "%s  %s\n", step.String(), verdict)
		})
		all = append(all, s)
		if !a.JSON {
			printSaturation(a.Out, s, all[0], len(all) == 1)
		}
	}
	if a.JSON {
		return a.emit(all, nil)
	}
	return nil
}

// printSaturation prints the highest passing rate and what failed above
// it, the figure the search is for and the reason it is not higher.
func printSaturation(w io.Writer, s, base load.Saturation, first bool) {
	var limit *load.Step
	for _, step := range s.Steps {
		if step.Fail != "" && (s.Best == nil || step.Rate > s.Best.Rate) && (limit == nil || step.Rate < limit.Rate) {
			limit = &step
		}
	}
	switch {
	case s.Best == nil && limit == nil:
		fmt.Fprintf(w, "%-20s not measured\n", s.Name)
		return
	case s.Best == nil:
		fmt.Fprintf(w, "%-20s no rate passes\n", s.Name)
	default:
		rate := fmt.Sprintf("%.1f/s", s.Best.Rate)
		if s.Capped {
			// The search stopped at --max-rate still passing.
			rate = "≥ " + rate
		}
		r := ""
		if !first && base.Best != nil {
			r = ratio(s.Best.Rate, base.Best.Rate, base.Name)
		}
		fmt.Fprintf(w, "%-20s saturates at %11s  p50 %-9s p99 %s%s\n", s.Name, rate,
			s.Best.P50.Round(100*time.Microsecond), s.Best.P99.Round(100*time.Microsecond), r)
	}
	if limit != nil {
		fmt.Fprintf(w, "    at %.1f/s: %s\n", limit.Rate, limit.Fail)
		if limit.FirstError != "" {
			fmt.Fprintln(w, "    first error:", limit.FirstError)
		}
	}
}

// ratio is "  0.92× noop", set beside the baseline named.
func ratio(v, base float64, name string) string {
	if base <= 0 {
		return ""
	}
	return fmt.Sprintf("  %.2f× %s", v/base, name)
}

func randomDigest() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func workload(ctx context.Context, c *gateway.Client, name string) (load.Call, error) {
	sys, ev, cr := system.New(c), evidence.New(c), credit.New(c)
	anchor := func(ctx context.Context, d string) error {
		_, err := ev.Anchor(ctx, cc.AnchorRequest{Algorithm: api.SHA256, Digest: d, Kind: cc.KindElectronicEvidence, Size: 1})
		return err
	}
	switch name {
	case "noop":
		return func(ctx context.Context, _, _ int) error { _, err := sys.Noop(ctx); return err }, nil
	case "ping":
		return func(ctx context.Context, _, _ int) error { _, err := sys.Ping(ctx); return err }, nil
	case "anchor":
		return func(ctx context.Context, _, _ int) error { return anchor(ctx, randomDigest()) }, nil
	case "verify":
		d := randomDigest()
		if err := anchor(ctx, d); err != nil {
			return nil, fmt.Errorf("anchoring the digest the verify workload reads: %w", err)
		}
		return func(ctx context.Context, _, _ int) error {
			_, err := ev.Lookup(ctx, api.SHA256, d)
			return err
		}, nil
	case "check":
		// A valid number: its pseudonym is computed and looked up on
		// every call, whether or not the person is listed.
		return func(ctx context.Context, _, _ int) error {
			_, err := cr.Check(ctx, "11010519491231002X")
			return err
		}, nil
	}
	return nil, fmt.Errorf("unknown workload %q", name)
}

func (a *App) loadBatchCommand() *cobra.Command {
	var n int
	var out, alg string
	cmd := &cobra.Command{
		Use:   "batch",
		Short: "Anchor one batch of random digests end to end and report digests per second",
		Long: `Times tree building, anchoring the root through the gateway (endorse, order,
commit) and writing every receipt (JSON Lines to --receipts); hashing files
is not part of it.`,
		Example: "  judicial --identity clerk1 load batch --digests 100000 --receipts /tmp/receipts.jsonl",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			digests := make([][]byte, n)
			for i := range digests {
				digests[i] = make([]byte, 32)
				rand.Read(digests[i])
			}
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				start := time.Now()
				b, err := e.AnchorBatch(cmd.Context(), alg, digests, "", "load batch")
				if err != nil {
					return err
				}
				anchored := time.Since(start)
				if err := writeJSONLines(out, b); err != nil {
					return err
				}
				elapsed := time.Since(start)
				result := map[string]any{"digests": n, "seconds": elapsed.Seconds(), "digestsPerSecond": float64(n) / elapsed.Seconds(),
					"anchorSeconds": anchored.Seconds(), "block": b.Transaction.Block, "receipts": out}
				return a.emit(result, func(w io.Writer) {
					fmt.Fprintf(w, "%d digests: tree and anchoring %s, with receipts written %s: %.0f digests/s (block %d)\n",
						n, anchored.Round(time.Millisecond), elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), b.Transaction.Block)
				})
			})
		},
	}
	cmd.Flags().IntVar(&n, "digests", 100000, "digests in the batch")
	cmd.Flags().StringVar(&out, "receipts", "receipts.jsonl", "file for the receipts, one JSON object a line")
	cmd.Flags().StringVar(&alg, "algorithm", "sha256", "sha256 or sm3")
	return cmd
}

func writeJSONLines(path string, b *evidence.Batch) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var line []byte
	for _, r := range b.Receipts {
		line = r.AppendJSON(line[:0])
		if _, err := w.Write(line); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
