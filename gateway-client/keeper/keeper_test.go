package keeper_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/keeper"
	"github.com/stretchr/testify/require"
)

// ledger models the deadline index as the peers hold it. A sweep is
// endorsed against the committed index, reading its range as the peer
// does (one key past the items it hands the chaincode, unless the range
// ends first); it is in flight while hold runs, and commits before it
// returns, refused as a phantom read if a sweep that committed meanwhile
// changed what it read.
type ledger struct {
	mu     sync.Mutex
	due    []deadlineapi.Item // the index, in key order
	sweeps [][2]string        // the ranges of the sweeps committed
	fail   int
	// maxItems refuses larger sweeps, as the chaincode does.
	maxItems int
	// aside are items whose processing fails.
	aside map[string]bool
	// deferOnce are items the first sweep over them defers, as one whose
	// record an earlier item of the sweep changed.
	deferOnce map[string]bool
	// dueFail fails that many listings; failFrom fails the sweeps that
	// start at a key, that many times each.
	dueFail  int
	failFrom map[string]int
	// attempts is what each sweep reports it took, as after conflicts
	// (default 1).
	attempts int
	// swept are the IDs processed, in order.
	swept []string
	// hold runs while a sweep is in flight, between endorsement and
	// commit; listing is how long a listing takes.
	hold    func(from, to string)
	listing time.Duration

	inFlight    [][2]string
	maxInFlight int
	overlaps    []string
	conflicts   int
}

func (l *ledger) Due(_ context.Context, from string, max int, _ ...gateway.CallOption) ([]deadlineapi.Item, error) {
	time.Sleep(l.listing)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.dueFail > 0 {
		l.dueFail--
		return nil, errors.New("no gateway peer reachable")
	}
	due := l.between(from, "")
	return append([]deadlineapi.Item(nil), due[:min(max, len(due))]...), nil
}

// between lists the index in [from, to); "" as to is no bound.
func (l *ledger) between(from, to string) []deadlineapi.Item {
	var out []deadlineapi.Item
	for _, it := range l.due {
		if it.Key >= from && (to == "" || it.Key < to) {
			out = append(out, it)
		}
	}
	return out
}

func overlap(a, b [2]string) bool {
	return (b[1] == "" || a[0] < b[1]) && (a[1] == "" || b[0] < a[1])
}

func (l *ledger) Sweep(_ context.Context, from, to string, n int, _ ...gateway.CallOption) (*deadlineapi.SweepResult, *gateway.Result, error) {
	l.mu.Lock()
	if l.fail > 0 {
		l.fail--
		l.mu.Unlock()
		return nil, nil, errors.New("peer unavailable")
	}
	if l.failFrom[from] > 0 {
		l.failFrom[from]--
		l.mu.Unlock()
		return nil, nil, errors.New("commit status not received")
	}
	if l.maxItems > 0 && n > l.maxItems {
		l.mu.Unlock()
		return nil, nil, &gateway.EndorseError{Function: string(deadlineapi.Sweep.Function), Stage: "endorse", FromChaincode: true, Code: api.CodeLimit,
			Message: fmt.Sprintf("max must be 1 to %d (parameter sweep.maxItems), got %d", l.maxItems, n)}
	}
	read := l.between(from, to)
	take := read[:min(n, len(read))]
	readTo := to
	if len(read) > n {
		read = read[:n+1]
		readTo = keeper.After(read[n].Key)
	}
	rng := [2]string{from, to}
	for _, r := range l.inFlight {
		if overlap(r, rng) {
			l.overlaps = append(l.overlaps, fmt.Sprintf("%q and %q", r, rng))
		}
	}
	l.inFlight = append(l.inFlight, rng)
	l.maxInFlight = max(l.maxInFlight, len(l.inFlight))
	l.mu.Unlock()

	if l.hold != nil {
		l.hold(from, to)
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight = slices.Delete(l.inFlight, slices.Index(l.inFlight, rng), slices.Index(l.inFlight, rng)+1)
	if !slices.Equal(keys(l.between(from, readTo)), keys(read)) {
		l.conflicts++
		return nil, nil, errors.New("PHANTOM_READ_CONFLICT")
	}
	l.sweeps = append(l.sweeps, rng)
	res := deadlineapi.SweepResult{}
	done := map[string]bool{}
	for _, d := range take {
		o := deadlineapi.Outcome{Key: d.Key, Kind: d.Kind, ID: d.ID, Result: "done"}
		switch {
		case l.deferOnce[d.ID]:
			delete(l.deferOnce, d.ID)
			o.Result, o.Deferred = "deferred to the next sweep", true
			res.Processed = append(res.Processed, o)
			continue
		case l.aside[d.ID]:
			o.Result, o.SetAside = "set aside: unreadable", true
		}
		res.Processed = append(res.Processed, o)
		l.swept = append(l.swept, d.ID)
		done[d.Key] = true
	}
	l.due = slices.DeleteFunc(l.due, func(it deadlineapi.Item) bool { return done[it.Key] })
	return &res, &gateway.Result{Attempts: max(l.attempts, 1)}, nil
}

func keys(items []deadlineapi.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Key)
	}
	return out
}

func ids(items []deadlineapi.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
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
	all := items(250)
	require.ElementsMatch(t, [][2]string{
		{all[0].Key, keeper.After(all[99].Key)},
		{all[100].Key, keeper.After(all[199].Key)},
		{all[200].Key, keeper.After(all[249].Key)},
	}, l.sweeps, "each sweep ends just after its own last item")
}

// Sweeps that commit in any order, over a pass of many listings, process
// every item once; none is in flight over a range another in flight
// covers, none has an unbounded range, none reads what another deletes,
// and no more than Parallel are in flight at once.
func TestPipelineSweepsEachItemOnceInDisjointRanges(t *testing.T) {
	all := items(1000)
	l := &ledger{due: items(1000), hold: shuffle}
	k := &keeper.Keeper{Ledger: l, Batch: 7, Parallel: 5, Log: quiet}
	n, txs, err := k.Round(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1000, n)
	require.Equal(t, 143, txs, "1000 items, 7 a sweep")
	require.Empty(t, l.due)
	require.Equal(t, ids(all), sorted(l.swept), "each item once")
	require.Empty(t, l.overlaps)
	require.Zero(t, l.conflicts)
	require.LessOrEqual(t, l.maxInFlight, 5)
	for _, r := range l.sweeps {
		require.NotEmpty(t, r[1], "no sweep's range is unbounded")
	}
}

// shuffle holds a sweep in flight for a moment of random length, so that
// sweeps commit in another order than they were submitted in.
func shuffle(string, string) {
	time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
}

func sorted(ids []string) []string {
	return slices.Sorted(slices.Values(ids))
}

// A pass keeps Parallel sweeps in flight: when one commits, the next is
// submitted while the others are still in flight, not once they all
// committed.
func TestRoundKeepsParallelSweepsInFlight(t *testing.T) {
	started := make(chan [2]string, 100)
	release := make(chan struct{})
	l := &ledger{due: items(60), hold: func(from, to string) {
		started <- [2]string{from, to}
		<-release
	}}
	k := &keeper.Keeper{Ledger: l, Batch: 10, Parallel: 3, Log: quiet}
	type result struct {
		n, txs int
		err    error
	}
	done := make(chan result, 1)
	go func() {
		n, txs, err := k.Round(context.Background())
		done <- result{n, txs, err}
	}()
	for range 3 {
		recv(t, started)
	}
	release <- struct{}{}
	fourth := recv(t, started)
	l.mu.Lock()
	inFlight := len(l.inFlight)
	l.mu.Unlock()
	require.Equal(t, 3, inFlight, "the fourth sweep is in flight with the two not yet committed")
	all := items(60)
	require.Equal(t, [2]string{all[30].Key, keeper.After(all[39].Key)}, fourth, "listed from just after the last item handed out")
	close(release)
	r := recv(t, done)
	require.NoError(t, r.err)
	require.Equal(t, 60, r.n)
	require.Equal(t, 6, r.txs)
	require.Equal(t, 3, l.maxInFlight)
	require.Empty(t, l.overlaps)
}

// recv fails the test rather than hang it if the keeper stops submitting.
func recv[T any](t *testing.T, c <-chan T) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(30 * time.Second):
		t.Fatal("the keeper is stuck")
		panic("unreachable")
	}
}

// An item a sweep defers stays in the index behind the cursor; the next
// round, which Run starts at once, processes it.
func TestDeferredItemsAreSweptByTheNextRound(t *testing.T) {
	all := items(50)
	l := &ledger{due: items(50), deferOnce: map[string]bool{"F007": true, "F033": true}, hold: shuffle}
	k := &keeper.Keeper{Ledger: l, Batch: 10, Parallel: 2, Interval: 5 * time.Second, Log: quiet}
	after, c := runUntilIdle(t, k, l, 0)

	require.Equal(t, []string{"F007", "F033"}, after)
	require.Equal(t, []time.Duration{0, 0, 5 * time.Second}, c.waits, "at once after each round that processed items, idle after")
	require.Empty(t, l.due)
	require.Equal(t, ids(all), sorted(l.swept), "each item once")
	s := k.Status()
	require.Equal(t, 50, s.Processed)
	require.Equal(t, 2, s.Deferred)
}

// A sweep that fails in the middle of a pass, while others are in flight,
// loses nothing: the pass submits no more, its items stay in the index,
// and the round after the back-off sweeps them and the rest.
func TestFailedSweepInAPassLosesNothing(t *testing.T) {
	all := items(100)
	l := &ledger{due: items(100), failFrom: map[string]int{all[50].Key: 1}, hold: shuffle}
	k := &keeper.Keeper{Ledger: l, Batch: 10, Parallel: 4, Interval: 5 * time.Second, Log: quiet}
	left, c := runUntilIdle(t, k, l, 0.5)

	require.Subset(t, left, ids(all[50:60]), "the failed sweep's items stayed in the index")
	require.Equal(t, []time.Duration{750 * time.Millisecond, 0, 5 * time.Second}, c.waits, "back-off after the failed round, at once after the next, idle after")
	require.Empty(t, l.due)
	require.Equal(t, ids(all), sorted(l.swept), "each item once")
	require.Empty(t, l.overlaps)
	require.Zero(t, l.conflicts)
	s := k.Status()
	require.Equal(t, 1, s.Errors)
	require.Equal(t, 100, s.Processed)
}

// runUntilIdle runs k, with jitter r, until its first idle pause and
// returns what was left in the index at its first pause, and its clock.
func runUntilIdle(t *testing.T, k *keeper.Keeper, l *ledger, r float64) ([]string, *clock) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var left []string
	c := &clock{at: func(d time.Duration) {
		if left == nil {
			left = ids(l.due)
		}
		if d == k.Interval {
			cancel()
		}
	}}
	keeper.WithClock(k, c.sleep, func() float64 { return r })
	require.NoError(t, k.Run(ctx))
	return left, c
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

// Sweeps in flight together are refused together: the batch halves once
// for them, not once for each.
func TestKeeperHalvesOnceForSweepsRefusedTogether(t *testing.T) {
	l := &ledger{due: items(400), maxItems: 30, hold: shuffle}
	k := &keeper.Keeper{Ledger: l, Batch: 100, Parallel: 4, Log: quiet}
	_, _, err := k.Round(context.Background())
	require.Equal(t, api.CodeLimit, gateway.CodeOf(err))
	require.Equal(t, 50, k.Status().Batch)
	_, _, err = k.Round(context.Background())
	require.Equal(t, api.CodeLimit, gateway.CodeOf(err))
	require.Equal(t, 25, k.Status().Batch)
	n, _, err := k.Round(context.Background())
	require.NoError(t, err)
	require.Equal(t, 400, n)
	require.Empty(t, l.due)
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
	require.Equal(t, []time.Duration{s / 2, s, 2 * s, 2 * s, 0, 5 * s, s / 2, s, 5 * s}, c.waits, "one pass sweeps all 25 items")
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
	require.Equal(t, [2]string{all[10].Key, keeper.After(all[19].Key)}, l.sweeps[len(l.sweeps)-1], "the retry starts where the failed sweep did")
}

// BenchmarkRound sweeps issue 16's 10,000 due items through a ledger whose
// sweeps take 50 ms from submission to commit and whose listings take
// 5 ms, and reports items/s: about Parallel × Batch per 50 ms when the
// pipeline keeps every slot busy. On the network a sweep takes about a
// second, so divide by 20.
func BenchmarkRound(b *testing.B) {
	const due = 10000
	for _, parallel := range []int{4, 8, 12, 16} {
		b.Run(fmt.Sprintf("parallel=%d", parallel), func(b *testing.B) {
			swept := 0
			for range b.N {
				b.StopTimer()
				l := &ledger{due: items(due), listing: 5 * time.Millisecond, hold: func(string, string) { time.Sleep(50 * time.Millisecond) }}
				k := &keeper.Keeper{Ledger: l, Parallel: parallel, Log: quiet}
				b.StartTimer()
				n, _, err := k.Round(context.Background())
				if err != nil || n != due || len(l.overlaps) > 0 || l.conflicts > 0 {
					b.Fatalf("swept %d of %d: %v; overlaps %v, conflicts %d", n, due, err, l.overlaps, l.conflicts)
				}
				swept += n
			}
			b.ReportMetric(float64(swept)/b.Elapsed().Seconds(), "items/s")
		})
	}
}
