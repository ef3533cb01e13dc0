package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"github.com/courtchain/judicial/chaincode/api"
	"io"
	"os"
	"time"

	cc "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/judicial"
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
	var clients int
	var duration, warmup time.Duration
	cmd := &cobra.Command{
		Use:   "load WORKLOAD...",
		Short: "Measure throughput and latency of workloads side by side (noop, ping, anchor, verify, check)",
		Long: `Runs each workload in turn for --duration with --clients concurrent callers over
one gateway connection, and prints calls per second and latency percentiles,
each with its ratio to the first workload (put the baseline first).`,
		Example: `  judicial --identity clerk1 load --clients 64 --duration 20s noop anchor
  judicial --identity clerk1 load ping verify
  judicial --org CreditMSP --identity bank1 load --clients 64 ping check`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, w := range args {
				if _, ok := workloads[w]; !ok {
					return fmt.Errorf("unknown workload %q; one of: noop, ping, anchor, verify, check", w)
				}
			}
			return a.withClient(func(c *judicial.Client) error {
				var all []load.Stats
				for _, w := range args {
					call, err := workload(cmd.Context(), c, w)
					if err != nil {
						return err
					}
					if warmup > 0 {
						load.Run(cmd.Context(), w, clients, warmup, call)
					}
					s := load.Run(cmd.Context(), w, clients, duration, call)
					all = append(all, s)
					if !a.JSON {
						ratio := ""
						if len(all) > 1 && all[0].PerSecond > 0 {
							ratio = fmt.Sprintf("  %.2f× %s", s.PerSecond/all[0].PerSecond, all[0].Name)
						}
						fmt.Fprintln(a.Out, s.String()+ratio)
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
	cmd.Flags().IntVar(&clients, "clients", 64, "concurrent callers")
	cmd.Flags().DurationVar(&duration, "duration", 20*time.Second, "how long each workload runs")
	cmd.Flags().DurationVar(&warmup, "warmup", 3*time.Second, "unmeasured run before each workload")
	cmd.AddCommand(a.loadBatchCommand(), a.loadSweepCommand())
	return cmd
}

func randomDigest() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func workload(ctx context.Context, c *judicial.Client, name string) (func(context.Context, int, int) error, error) {
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
			return a.withEvidence(func(e *evidence.Client, _ *judicial.Client) error {
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
