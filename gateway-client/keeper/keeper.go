// Package keeper wakes the chaincode up: it lists the deadline items that
// are due and submits bounded sweep transactions over disjoint ranges of
// the index, so the sweeps never conflict with each other. Conflicts with
// other transactions are retried by the client.
//
// The keeper keeps no state of its own: every round starts from the
// ledger's deadline index, where an item stays until a committed sweep
// processed it. So a round that fails, in part or whole, skips nothing:
// the next round lists the same items again, and a keeper that restarts
// resumes where it stopped. Rounds that fail in a row (a peer down, an
// orderer without a leader) are spaced by exponential back-off with
// jitter, which starts over after a round that succeeds.
package keeper

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	"github.com/courtchain/judicial/gateway-client/judicial"
)

// Ledger is what the keeper needs of the sweep contract; the deadline
// package's client is one.
type Ledger interface {
	Due(ctx context.Context, from string, max int) ([]deadlineapi.Item, error)
	Sweep(ctx context.Context, from, to string, max int) (*deadlineapi.SweepResult, *judicial.Result, error)
}

// Keeper submits sweeps. Zero fields take defaults.
type Keeper struct {
	Ledger Ledger
	// Batch is the most items one sweep transaction processes (default 100,
	// the channel's sweep.maxItems default).
	Batch int
	// Parallel is how many sweep transactions are in flight at once (default 4).
	Parallel int
	// Interval is the pause between rounds (default 5 s).
	Interval time.Duration
	// Backoff is the pause after rounds that failed in a row (default 1 s
	// doubling to 1 min, with jitter); a round that succeeds starts it
	// over.
	Backoff Backoff
	Log     *slog.Logger

	mu     sync.Mutex
	status Status

	// sleep and rand are replaced by tests.
	sleep func(context.Context, time.Duration) error
	rand  func() float64
}

// Status is the keeper's progress, served by its status endpoint.
type Status struct {
	Rounds       int `json:"rounds"`
	Transactions int `json:"transactions"`
	Processed    int `json:"processed"`
	Errors       int `json:"errors"`
	// Retries counts sweep transactions that had to be submitted again
	// after an MVCC or phantom read conflict.
	Retries int `json:"retries"`
	// SetAside counts items a sweep could not process and set aside with
	// a reason; an operator mends the cause and triggers them again.
	SetAside int `json:"setAside"`
	// Batch is the number of items per sweep in force: it shrinks when the
	// channel's sweep.maxItems is lower.
	Batch int `json:"batch"`
	// Failing counts the rounds that failed in a row, up to the last;
	// 0 once a round succeeds.
	Failing   int       `json:"failing"`
	LastError string    `json:"lastError,omitempty"`
	LastRound time.Time `json:"lastRound"`
	Triggered []string  `json:"triggered"`
}

// Status returns a copy of the progress so far.
func (k *Keeper) Status() Status {
	k.mu.Lock()
	defer k.mu.Unlock()
	s := k.status
	s.Triggered = append([]string(nil), s.Triggered...)
	return s
}

func (k *Keeper) defaults() {
	if k.Batch <= 0 {
		k.Batch = 100
	}
	k.status.Batch = k.Batch
	if k.Parallel <= 0 {
		k.Parallel = 4
	}
	if k.Interval <= 0 {
		k.Interval = 5 * time.Second
	}
	if k.Backoff.Base <= 0 {
		k.Backoff.Base = time.Second
	}
	if k.Backoff.Max <= 0 {
		k.Backoff.Max = time.Minute
	}
	if k.Log == nil {
		k.Log = slog.Default()
	}
	if k.sleep == nil {
		k.sleep = sleep
	}
	if k.rand == nil {
		k.rand = rand.Float64
	}
}

// Round is one pass: list what is due and sweep it. It returns how many
// items were processed and in how many transactions.
func (k *Keeper) Round(ctx context.Context) (int, int, error) {
	k.defaults()
	items, err := k.Ledger.Due(ctx, "", k.Batch*k.Parallel)
	if err != nil {
		return 0, 0, k.fail(fmt.Errorf("listing due items: %w", err))
	}
	chunks := Chunks(items, k.Batch)
	type result struct {
		res      *deadlineapi.SweepResult
		attempts int
		err      error
	}
	results := make([]result, len(chunks))
	var wg sync.WaitGroup
	sem := make(chan struct{}, k.Parallel)
	for i, chunk := range chunks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			// Each sweep ends where the next begins: see deadline.Due.
			to := ""
			if i+1 < len(chunks) {
				to = chunks[i+1][0].Key
			}
			res, out, err := k.Ledger.Sweep(ctx, chunk[0].Key, to, len(chunk))
			if err != nil {
				results[i] = result{err: err}
				return
			}
			results[i] = result{res: res, attempts: max(out.Attempts, 1)}
		}()
	}
	wg.Wait()
	processed := 0
	var firstErr error
	k.mu.Lock()
	k.status.Rounds++
	k.status.LastRound = time.Now()
	for _, r := range results {
		if r.err != nil {
			k.status.Errors++
			k.status.LastError = r.err.Error()
			firstErr = cmpErr(firstErr, r.err)
			k.adapt(r.err)
			continue
		}
		k.status.Transactions++
		k.status.Retries += r.attempts - 1
		for _, o := range r.res.Processed {
			processed++
			line := fmt.Sprintf("%s %s: %s", o.Kind, o.ID, o.Result)
			k.status.Triggered = append(k.status.Triggered, line)
			if len(k.status.Triggered) > 100 {
				k.status.Triggered = k.status.Triggered[1:]
			}
			if o.SetAside {
				k.status.SetAside++
				k.Log.Warn("set aside", "kind", o.Kind, "id", o.ID, "due", o.Due, "reason", o.Result)
				continue
			}
			k.Log.Info("triggered", "kind", o.Kind, "id", o.ID, "due", o.Due, "result", o.Result)
		}
	}
	k.status.Processed += processed
	k.mu.Unlock()
	return processed, len(chunks), firstErr
}

// adapt halves the batch when the chaincode refuses a sweep as larger
// than the channel's sweep.maxItems allows: a court that lowers the
// parameter does not stop its keeper.
func (k *Keeper) adapt(err error) {
	if judicial.CodeOf(err) != api.CodeLimit || k.Batch == 1 {
		return
	}
	k.Batch = max(k.Batch/2, 1)
	k.status.Batch = k.Batch
	k.Log.Warn("a sweep was larger than the channel allows (sweep.maxItems); smaller sweeps from now on", "batch", k.Batch)
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

func (k *Keeper) fail(err error) error {
	k.mu.Lock()
	k.status.Errors++
	k.status.LastError = err.Error()
	k.mu.Unlock()
	return err
}

// Run sweeps until ctx ends: rounds follow each other at once while items
// are due, and every Interval otherwise. A round that fails is logged and
// tried again after the back-off, which grows while rounds keep failing.
func (k *Keeper) Run(ctx context.Context) error {
	k.defaults()
	failing := 0
	for {
		n, _, err := k.Round(ctx)
		if ctx.Err() != nil {
			return nil
		}
		wait := k.Interval
		switch {
		case err != nil:
			failing++
			wait = k.Backoff.Delay(failing, k.rand())
			k.Log.Warn("sweep round failed; retrying", "error", err, "failing", failing, "after", wait)
		case n > 0:
			failing, wait = 0, 0
		default:
			failing = 0
		}
		k.mu.Lock()
		k.status.Failing = failing
		k.mu.Unlock()
		if k.sleep(ctx, wait) != nil {
			return nil
		}
	}
}

// Chunks splits due items, in key order, into consecutive runs of at most
// size: each becomes one sweep starting at its first key, so the ranges
// the sweeps read are disjoint.
func Chunks(items []deadlineapi.Item, size int) [][]deadlineapi.Item {
	var out [][]deadlineapi.Item
	for len(items) > 0 {
		n := min(size, len(items))
		out = append(out, items[:n])
		items = items[n:]
	}
	return out
}
