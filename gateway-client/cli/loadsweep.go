package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/deadline"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/keeper"
	"github.com/courtchain/judicial/gateway-client/mediation"
	"github.com/courtchain/judicial/gateway-client/system"
	"github.com/spf13/cobra"
)

func (a *App) loadSweepCommand() *cobra.Command {
	var items, clients, batch, parallel int
	var judge string
	cmd := &cobra.Command{
		Use:   "sweep",
		Short: "Make N filings fall due at once and time the keeper sweeping them",
		Long: `Sets filing.reviewDays to 0 (as --judge; restored to 7 afterwards; only
chaincode servers with test periods accept 0),
submits --items filings as the command's identity (a clerk), waits until
they are due, then runs keeper rounds until none is left, and reports items
per second, sweep transactions and how many had to be retried for a
conflict.`,
		Example: "  judicial --identity clerk1 load sweep --items 10000",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			j, err := a.connectAs(a.Org, judge)
			if err != nil {
				return fmt.Errorf("--judge: %w", err)
			}
			defer j.Close()
			ctx := cmd.Context()
			court := system.New(j)
			if _, _, err := court.SetParameter(ctx, systemapi.FilingReviewDays, "0"); err != nil {
				return err
			}
			defer court.SetParameter(context.WithoutCancel(ctx), systemapi.FilingReviewDays, "7")
			return a.withClient(func(c *gateway.Client) error {
				start := time.Now()
				if err := submitFilings(ctx, c, items, clients, a.Err); err != nil {
					return err
				}
				filed := time.Since(start)
				time.Sleep(1500 * time.Millisecond)
				k := &keeper.Keeper{Ledger: deadline.New(c), Batch: batch, Parallel: parallel, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
				sweepStart := time.Now()
				for {
					n, _, err := k.Round(ctx)
					if err != nil {
						return err
					}
					if n == 0 {
						break
					}
				}
				elapsed := time.Since(sweepStart)
				s := k.Status()
				out := map[string]any{"items": s.Processed, "transactions": s.Transactions, "retries": s.Retries,
					"seconds": elapsed.Seconds(), "itemsPerSecond": float64(s.Processed) / elapsed.Seconds(), "filingSeconds": filed.Seconds()}
				return a.emit(out, func(w io.Writer) {
					fmt.Fprintf(w, "%d filings submitted in %s; keeper swept %d due items in %s: %.0f items/s, %d sweep transactions, %d retried for a conflict\n",
						items, filed.Round(time.Millisecond), s.Processed, elapsed.Round(time.Millisecond), float64(s.Processed)/elapsed.Seconds(), s.Transactions, s.Retries)
				})
			})
		},
	}
	cmd.Flags().IntVar(&items, "items", 10000, "filings to make due")
	cmd.Flags().IntVar(&clients, "clients", 64, "concurrent submitters of the filings")
	cmd.Flags().IntVar(&batch, "batch", keeper.DefaultBatch, "most items per sweep transaction")
	cmd.Flags().IntVar(&parallel, "parallel", keeper.DefaultParallel, "sweep transactions in flight at once")
	cmd.Flags().StringVar(&judge, "judge", "judge1", "court identity that sets the review period")
	return cmd
}

func submitFilings(ctx context.Context, c *gateway.Client, n, clients int, progress io.Writer) error {
	var next, done atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	filings := mediation.New(c)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) {
				req := mediationapi.FilingRequest{Claimants: []string{randomDigest()}, Respondents: []string{randomDigest()}, Claim: randomDigest()}
				if _, _, err := filings.SubmitFiling(ctx, req); err != nil {
					errs <- err
					return
				}
				if d := done.Add(1); d%500 == 0 {
					fmt.Fprintf(progress, "\rfilings %d/%d", d, n)
				}
			}
		}()
	}
	wg.Wait()
	fmt.Fprintln(progress)
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}
