package keeper_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/courtchain/judicial/chaincode/api"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	"github.com/courtchain/judicial/gateway-client/judicial"
	"github.com/courtchain/judicial/gateway-client/keeper"
	"github.com/stretchr/testify/require"
)

// ledger serves due items and records the sweeps submitted.
type ledger struct {
	mu     sync.Mutex
	due    []deadlineapi.Item
	sweeps [][2]string
	fail   int
	// maxItems refuses larger sweeps, as the chaincode does.
	maxItems int
	// aside are items whose processing fails.
	aside map[string]bool
	// dueFail fails that many listings; failFrom fails the sweeps that
	// start at a key, that many times each.
	dueFail  int
	failFrom map[string]int
	// swept are the IDs processed, in order.
	swept []string
}

func (l *ledger) Due(_ context.Context, from string, max int) ([]deadlineapi.Item, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dueFail > 0 {
		l.dueFail--
		return nil, errors.New("no gateway peer reachable")
	}
	return append([]deadlineapi.Item(nil), l.due[:min(max, len(l.due))]...), nil
}

func (l *ledger) Sweep(_ context.Context, from, to string, n int) (*deadlineapi.SweepResult, *judicial.Result, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fail > 0 {
		l.fail--
		return nil, nil, errors.New("peer unavailable")
	}
	if l.failFrom[from] > 0 {
		l.failFrom[from]--
		return nil, nil, errors.New("commit status not received")
	}
	if l.maxItems > 0 && n > l.maxItems {
		return nil, nil, &judicial.EndorseError{Function: string(deadlineapi.Sweep), Stage: "endorse", FromChaincode: true, Code: api.CodeLimit,
			Message: fmt.Sprintf("max must be 1 to %d (parameter sweep.maxItems), got %d", l.maxItems, n)}
	}
	l.sweeps = append(l.sweeps, [2]string{from, to})
	res := deadlineapi.SweepResult{}
	for i, it := range l.due {
		if it.Key == from {
			for _, d := range l.due[i : i+n] {
				o := deadlineapi.Outcome{Key: d.Key, Kind: d.Kind, ID: d.ID, Result: "done"}
				if l.aside[d.ID] {
					o.Result, o.SetAside = "set aside: unreadable", true
				}
				res.Processed = append(res.Processed, o)
				l.swept = append(l.swept, d.ID)
			}
			l.due = append(l.due[:i:i], l.due[i+n:]...)
			break
		}
	}
	return &res, &judicial.Result{Attempts: 1}, nil
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func items(n int) []deadlineapi.Item {
	var out []deadlineapi.Item
	for i := range n {
		due := time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)
		// Keys are opaque to the keeper; only their order matters.
		key := fmt.Sprintf("~deadline|%020d|filing|F%03d", due.UnixNano(), i)
		out = append(out, deadlineapi.Item{Due: due, Kind: "filing", ID: fmt.Sprintf("F%03d", i), Key: key})
	}
	return out
}

func TestChunksAreConsecutiveAndBounded(t *testing.T) {
	c := keeper.Chunks(items(250), 100)
	require.Len(t, c, 3)
	require.Len(t, c[2], 50)
	require.Equal(t, items(250)[100].Key, c[1][0].Key)
	require.Empty(t, keeper.Chunks(nil, 100))
}

func TestRoundSweepsEverythingDueInDisjointRanges(t *testing.T) {
	l := &ledger{due: items(250)}
	k := &keeper.Keeper{Ledger: l, Batch: 100, Parallel: 3, Log: quiet}
	n, txs, err := k.Round(context.Background())
	require.NoError(t, err)
	require.Equal(t, 250, n)
	require.Equal(t, 3, txs)
	require.Empty(t, l.due)
	s := k.Status()
	require.Equal(t, 250, s.Processed)
	require.Equal(t, 3, s.Transactions)
}

func TestRoundErrorsAreCountedAndTheNextRoundCatchesUp(t *testing.T) {
	l := &ledger{due: items(30), fail: 1}
	k := &keeper.Keeper{Ledger: l, Batch: 10, Parallel: 3, Log: quiet}
	n, _, err := k.Round(context.Background())
	require.ErrorContains(t, err, "peer unavailable")
	require.Equal(t, 20, n)
	n, _, err = k.Round(context.Background())
	require.NoError(t, err)
	require.Equal(t, 10, n)
	require.Equal(t, 1, k.Status().Errors)
}

// A court that lowers sweep.maxItems below the keeper's batch does not
// stop it: the keeper sweeps in smaller batches from then on.
func TestKeeperAdaptsToSweepMaxItems(t *testing.T) {
	l := &ledger{due: items(100), maxItems: 30}
	k := &keeper.Keeper{Ledger: l, Batch: 100, Parallel: 1, Log: quiet}
	total := 0
	for round := 0; round < 10 && len(l.due) > 0; round++ {
		n, _, _ := k.Round(context.Background())
		total += n
	}
	require.Equal(t, 100, total)
	require.Empty(t, l.due)
	require.Equal(t, 25, k.Status().Batch, "100, 50, then 25")
}

// Items a sweep sets aside are counted and reported, not retried blindly.
func TestKeeperReportsSetAsideItems(t *testing.T) {
	l := &ledger{due: items(10), aside: map[string]bool{"F003": true}}
	k := &keeper.Keeper{Ledger: l, Batch: 10, Parallel: 1, Log: quiet}
	n, _, err := k.Round(context.Background())
	require.NoError(t, err)
	require.Equal(t, 10, n)
	s := k.Status()
	require.Equal(t, 1, s.SetAside)
	require.Contains(t, s.Triggered, "filing F003: set aside: unreadable")
}

// clock records the keeper's pauses instead of pausing; at each pause it
// calls at, which may change the ledger or stop the keeper.
type clock struct {
	waits []time.Duration
	at    func(wait time.Duration)
}

func (c *clock) sleep(ctx context.Context, d time.Duration) error {
	c.waits = append(c.waits, d)
	c.at(d)
	return ctx.Err()
}

// Rounds that fail in a row wait longer each time, up to the cap; a
// round that succeeds starts the back-off over; what was due when the
// rounds failed is swept once they succeed, each item once.
func TestRunBacksOffWhileRoundsFailAndStartsOver(t *testing.T) {
	l := &ledger{due: items(25), dueFail: 4}
	k := &keeper.Keeper{Ledger: l, Batch: 10, Parallel: 1, Interval: 5 * time.Second, Backoff: keeper.Backoff{Base: time.Second, Max: 4 * time.Second}, Log: quiet}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	idle := 0
	c := &clock{at: func(d time.Duration) {
		if d != k.Interval {
			return
		}
		if idle++; idle == 1 {
			require.Equal(t, 0, k.Status().Failing)
			l.mu.Lock()
			l.dueFail = 2 // the peer goes away again
			l.mu.Unlock()
			return
		}
		cancel()
	}}
	keeper.WithClock(k, c.sleep, func() float64 { return 0 })
	require.NoError(t, k.Run(ctx))

	s := time.Second
	require.Equal(t, []time.Duration{s / 2, s, 2 * s, 2 * s, 0, 0, 0, 5 * s, s / 2, s, 5 * s}, c.waits)
	require.Len(t, l.swept, 25)
	require.Equal(t, items(25)[24].ID, l.swept[24], "in due order")
	require.Empty(t, l.due)
	require.Equal(t, 6, k.Status().Errors)
}

// A round whose sweep fails is tried again: the failed sweep's items stay
// in the index, so the next round lists them and sweeps them; nothing is
// skipped, nothing swept twice.
func TestFailedSweepIsRetriedNotSkipped(t *testing.T) {
	all := items(30)
	l := &ledger{due: items(30), failFrom: map[string]int{all[10].Key: 1}}
	k := &keeper.Keeper{Ledger: l, Batch: 10, Parallel: 3, Interval: 5 * time.Second, Log: quiet}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &clock{at: func(d time.Duration) {
		if d == k.Interval {
			cancel()
		}
	}}
	keeper.WithClock(k, c.sleep, func() float64 { return 0.5 })
	require.NoError(t, k.Run(ctx))

	require.Equal(t, []time.Duration{750 * time.Millisecond, 0, 5 * time.Second}, c.waits, "back-off after the failed round, at once after the retry, idle after")
	require.Empty(t, l.due)
	require.ElementsMatch(t, func() []string {
		var ids []string
		for _, it := range all {
			ids = append(ids, it.ID)
		}
		return ids
	}(), l.swept)
	require.Len(t, l.swept, 30, "each item once")
	require.Equal(t, [2]string{all[10].Key, ""}, l.sweeps[len(l.sweeps)-1], "the retry starts where the failed sweep did")
}
