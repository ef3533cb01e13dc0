package load

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
)

// SweepConfig is a sweep run: Items filings made by Clients concurrent
// submitters, swept by a keeper of at most Batch items a sweep
// transaction, Parallel of them in flight.
type SweepConfig struct {
	Items, Clients, Batch, Parallel int
}

// SweepResult is what the keeper swept, and how fast. Its fields are in
// the order --json has always printed them.
type SweepResult struct {
	FilingSeconds  float64 `json:"filingSeconds"`
	Items          int     `json:"items"`
	ItemsPerSecond float64 `json:"itemsPerSecond"`
	Retries        int     `json:"retries"`
	Seconds        float64 `json:"seconds"`
	Transactions   int     `json:"transactions"`
	// Filings is how many filings were submitted, in Filed; Elapsed is
	// the sweeping.
	Filings        int           `json:"-"`
	Filed, Elapsed time.Duration `json:"-"`
}

func (r SweepResult) String() string {
	return fmt.Sprintf("%d filings submitted in %s; keeper swept %d due items in %s: %.0f items/s, %d sweep transactions, %d retried for a conflict",
		r.Filings, r.Filed.Round(time.Millisecond), r.Items, r.Elapsed.Round(time.Millisecond), r.ItemsPerSecond, r.Transactions, r.Retries)
}

// Sweep sets filing.reviewDays to 0 as court (restored to 7 afterwards;
// only chaincode servers with test periods accept 0), submits the filings
// as clerk, waits until they are due, then runs keeper rounds until none
// is left. Every 500 filings it redraws "filings N/ITEMS" on progress (if
// not nil), and ends the line when the filings are in.
func Sweep(ctx context.Context, court, clerk *gateway.Client, cfg SweepConfig, progress io.Writer) (SweepResult, error) {
	if progress == nil {
		progress = io.Discard
	}
	params := system.New(court)
	if _, _, err := params.SetParameter(ctx, systemapi.FilingReviewDays, "0"); err != nil {
		return SweepResult{}, err
	}
	defer params.SetParameter(context.WithoutCancel(ctx), systemapi.FilingReviewDays, "7")
	start := time.Now()
	if err := submitFilings(ctx, clerk, cfg.Items, cfg.Clients, progress); err != nil {
		return SweepResult{}, err
	}
	filed := time.Since(start)
	time.Sleep(1500 * time.Millisecond)
	k := &keeper.Keeper{Ledger: deadline.New(clerk), Batch: cfg.Batch, Parallel: cfg.Parallel, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sweepStart := time.Now()
	if err := sweepAll(ctx, k); err != nil {
		return SweepResult{}, err
	}
	elapsed := time.Since(sweepStart)
	s := k.Status()
	return SweepResult{Items: s.Processed, Transactions: s.Transactions, Retries: s.Retries, Seconds: elapsed.Seconds(),
		ItemsPerSecond: float64(s.Processed) / elapsed.Seconds(), FilingSeconds: filed.Seconds(),
		Filings: cfg.Items, Filed: filed, Elapsed: elapsed}, nil
}

// sweepAll runs keeper rounds until one finds nothing due.
func sweepAll(ctx context.Context, k *keeper.Keeper) error {
	for {
		n, _, err := k.Round(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}

func submitFilings(ctx context.Context, c *gateway.Client, n, clients int, progress io.Writer) error {
	var next, done atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	filings := mediation.New(c)
	for range clients {
		wg.Go(func() {
			for next.Add(1) <= int64(n) {
				req := mediationapi.FilingRequest{Claimants: []string{RandomDigest()}, Respondents: []string{RandomDigest()}, Claim: RandomDigest()}
				if _, _, err := filings.SubmitFiling(ctx, req); err != nil {
					errs <- err
					return
				}
				if d := done.Add(1); d%500 == 0 {
					fmt.Fprintf(progress, "\rfilings %d/%d", d, n)
				}
			}
		})
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
