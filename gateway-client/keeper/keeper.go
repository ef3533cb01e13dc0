// Package keeper wakes the chaincode up: it lists the deadline items that
// are due and submits bounded sweep transactions over disjoint ranges of
// the index, so the sweeps never conflict with each other. Conflicts with
// other transactions are retried by the client.
//
// A round is one pass over what is due: it lists ahead of the sweeps from
// a cursor, just after the last item it handed to a sweep, and keeps up to
// Parallel sweeps in flight, submitting the next as soon as one commits.
// Each sweep's range ends just after its own last item, so it never reads
// a key that a sweep submitted later deletes, however the sweeps commit.
// The pass ends when a listing from the cursor finds nothing more due, or
// at the first sweep that fails.
//
// The keeper keeps no state of its own: every round starts from the
// beginning of the ledger's deadline index, where an item stays until a
// committed sweep processed it. So a round that fails, in part or whole,
// skips nothing: what a failed sweep held, what a sweep deferred and what
// the pass did not reach stay behind the cursor, and the next round lists
// them again; a keeper that restarts resumes where it stopped. Rounds
// that fail in a row (a peer down, an orderer without a leader) are spaced
// by exponential back-off with jitter, which starts over after a round
// that succeeds.
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
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// Ledger is what the keeper needs of the sweep contract; the deadline
// package's client is one.
type Ledger interface {
	Due(ctx context.Context, from string, max int, opts ...gateway.CallOption) ([]deadlineapi.Item, error)
	Sweep(ctx context.Context, from, to string, max int, opts ...gateway.CallOption) (*deadlineapi.SweepResult, *gateway.Result, error)
}

// DefaultBatch is the channel's default sweep.maxItems: a larger batch
// would be refused, and halved, on a channel that keeps the default.
const DefaultBatch = 100

// DefaultParallel is how many sweeps are in flight by default. A sweep
// takes about a second from endorsement to commit on the test network
// (docs/performance.md: a round of 4 sweeps, listing included, took
// 1.2 s), so the keeper sweeps about Parallel × Batch items a second once
// the pipeline keeps them all in flight: 12 × 100 is above issue 16's
// 1,000 items/s with room for slower commits, while the ordering service's
// 250 ms blocks still hold a few sweeps each, well under their 2 MB.
// Beyond that, the peers' endorsement and validation, not the keeper,
// bound the rate.
const DefaultParallel = 12

// Keeper submits sweeps. Zero fields take defaults.
type Keeper struct {
	Ledger Ledger
	// Batch is the most items one sweep transaction processes (default
	// DefaultBatch).
	Batch int
	// Parallel is how many sweep transactions are in flight at once
	// (default DefaultParallel).
	Parallel int
	// Interval is the pause between rounds (default 5 s).
	Interval time.Duration
	// Backoff is the pause after rounds that failed in a row (default 1 s
	// doubling to 1 min, with jitter); a round that succeeds starts it
	// over.
	Backoff Backoff
	Log     *slog.Logger
	// Metrics, when set, counts the keeper's work for Prometheus.
	Metrics *Metrics

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
	// Deferred counts items a sweep left in the index because an earlier
	// item of the same sweep changed their record; the next round
	// processes them.
	Deferred int `json:"deferred"`
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
		k.Batch = DefaultBatch
	}
	k.mu.Lock()
	k.status.Batch = k.Batch
	k.mu.Unlock()
	k.Metrics.batchSize(k.Batch)
	if k.Parallel <= 0 {
		k.Parallel = DefaultParallel
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

// swept is what became of one sweep transaction.
type swept struct {
	chunk    []deadlineapi.Item
	res      *deadlineapi.SweepResult
	attempts int
	err      error
	// took is from submission to commit, or to the failure.
	took time.Duration
}

// Round is one pass over what is due now (see the package doc). It
// returns how many items were processed and in how many committed
// transactions, and the first error: after it, the pass submits no more
// sweeps, so that a peer or orderer that is down costs one failed sweep
// per slot rather than one per chunk of the index; the sweeps in flight
// still finish.
func (k *Keeper) Round(ctx context.Context) (int, int, error) {
	k.defaults()
	done := make(chan swept)
	var (
		queue          [][]deadlineapi.Item
		cursor         string
		drained        bool
		inFlight       int
		processed, txs int
		firstErr       error
	)
	for {
		for inFlight < k.Parallel && firstErr == nil && ctx.Err() == nil {
			if len(queue) == 0 {
				if drained {
					break
				}
				// One listing fills every slot, so it costs one evaluate
				// per Parallel sweeps, made while the others are in flight.
				items, err := k.Ledger.Due(ctx, cursor, min(k.Batch*k.Parallel, deadlineapi.MaxSweep*10))
				if err != nil {
					firstErr = k.fail(fmt.Errorf("listing due items: %w", err))
					break
				}
				k.Metrics.listed(len(items))
				if len(items) == 0 {
					drained = true
					break
				}
				// The sweeps in flight have not committed yet, so listing
				// from the start again would hand their items out twice.
				cursor = After(items[len(items)-1].Key)
				queue = Chunks(items, k.Batch)
			}
			chunk := queue[0]
			queue = queue[1:]
			inFlight++
			go func() {
				start := time.Now()
				res, out, err := k.Ledger.Sweep(ctx, chunk[0].Key, After(chunk[len(chunk)-1].Key), len(chunk))
				s := swept{chunk: chunk, res: res, err: err, attempts: 1, took: time.Since(start)}
				if err == nil && out != nil {
					s.attempts = max(out.Attempts, 1)
				}
				done <- s
			}()
		}
		if inFlight == 0 {
			break
		}
		s := <-done
		inFlight--
		if s.err != nil {
			firstErr = cmpErr(firstErr, s.err)
		} else {
			txs++
		}
		processed += k.record(s)
	}
	k.mu.Lock()
	k.status.Rounds++
	k.status.LastRound = time.Now()
	k.mu.Unlock()
	k.Metrics.round(firstErr)
	return processed, txs, firstErr
}

// record counts a sweep in the status as it commits, so that the status
// endpoint shows a long pass's progress, and returns the items it
// processed.
func (k *Keeper) record(s swept) int {
	k.mu.Lock()
	defer k.mu.Unlock()
	if s.err != nil {
		k.status.Errors++
		k.status.LastError = s.err.Error()
		k.Metrics.sweepFailed()
		k.adapt(s.err, len(s.chunk))
		return 0
	}
	k.Metrics.swept(s)
	k.status.Transactions++
	k.status.Retries += s.attempts - 1
	processed := 0
	for _, o := range s.res.Processed {
		if o.Deferred {
			// Still in the index: not processed, and the next round,
			// which the processed item that deferred it starts at once,
			// takes it up.
			k.status.Deferred++
			k.Log.Debug("deferred", "kind", o.Kind, "id", o.ID, "due", o.Due, "reason", o.Result)
			continue
		}
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
	k.status.Processed += processed
	return processed
}

// adapt halves the batch when the chaincode refuses a sweep as larger
// than the channel's sweep.maxItems allows: a court that lowers the
// parameter does not stop its keeper. It halves the refused sweep's size,
// not the batch in force: the sweeps in flight are refused together, and
// halving once for each would shrink the batch far below the limit.
func (k *Keeper) adapt(err error, size int) {
	if gateway.CodeOf(err) != api.CodeLimit || size/2 >= k.Batch || size == 1 {
		return
	}
	k.Batch = max(size/2, 1)
	k.status.Batch = k.Batch
	k.Metrics.batchSize(k.Batch)
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

// Run sweeps until ctx ends: a round that processed anything is followed
// at once by another, which takes up what the first deferred and what fell
// due meanwhile; otherwise rounds follow every Interval. A round that
// fails is logged and tried again after the back-off, which grows while
// rounds keep failing.
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
		k.Metrics.failingRounds(failing)
		if k.sleep(ctx, wait) != nil {
			return nil
		}
	}
}

// Chunks splits due items, in key order, into consecutive runs of at most
// size: each becomes one sweep from its first key to After its last, so
// the ranges the sweeps read are disjoint.
func Chunks(items []deadlineapi.Item, size int) [][]deadlineapi.Item {
	var out [][]deadlineapi.Item
	for len(items) > 0 {
		n := min(size, len(items))
		out = append(out, items[:n])
		items = items[n:]
	}
	return out
}

// After is the first key after key, the end (exclusive) of a sweep whose
// last item is key. The peer reads one result past what it hands the
// chaincode unless the range ends first (see kernel.DueItems), so a sweep
// must be bounded, and the next chunk's first key is not known yet when
// the last chunk of a listing goes out: bounded by its own last item, a
// sweep's range read stays among its own items, whatever is listed and
// committed after it.
func After(key string) string { return key + "\x00" }
