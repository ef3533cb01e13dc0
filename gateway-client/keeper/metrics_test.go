package keeper_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/gateway-client/internal/metricstest"
	"github.com/courtchain/judicial/gateway-client/keeper"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

func metered(k *keeper.Keeper) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	k.Metrics = keeper.NewMetrics(reg)
	return reg
}

// 30 due items in sweeps of 10: a scrape sees 30 processed in 3 committed
// sweeps, each timed, and what the listings found.
func TestMetricsCountARound(t *testing.T) {
	var once sync.Once
	var dueWhileSweeping float64
	l := &ledger{due: items(30)}
	k := &keeper.Keeper{Ledger: l, Batch: 10, Parallel: 3, Log: quiet}
	reg := metered(k)
	// The first sweep in flight is held before any commits, so before the
	// listing after the first.
	l.hold = func(string, string) {
		once.Do(func() { dueWhileSweeping = metricstest.Value(t, reg, "judicial_keeper_due_items") })
	}
	n, _, err := k.Round(context.Background())
	require.NoError(t, err)
	require.Equal(t, 30, n)

	v := func(name string, labels ...string) float64 { return metricstest.Value(t, reg, name, labels...) }
	require.Equal(t, 30.0, v("judicial_keeper_items_processed_total", "kind", "filing"))
	require.Zero(t, v("judicial_keeper_items_processed_total", "kind", "obligation"), "every kind's series exists from the start")
	require.Equal(t, 3.0, v("judicial_keeper_sweeps_total", "outcome", "committed"))
	require.Zero(t, v("judicial_keeper_sweeps_total", "outcome", "failed"))
	require.Equal(t, 3.0, v("judicial_keeper_sweep_duration_seconds"), "each committed sweep timed")
	require.Equal(t, 1.0, v("judicial_keeper_rounds_total", "outcome", "succeeded"))
	require.Equal(t, 10.0, v("judicial_keeper_batch_size"))
	require.Equal(t, 30.0, dueWhileSweeping, "the first listing")
	require.Zero(t, v("judicial_keeper_due_items"), "the last listing found nothing more")
	require.Zero(t, v("judicial_keeper_sweep_retries_total"))
	metricstest.Lint(t, reg)
}

// What became of each item is counted by kind, with deferrals, set-asides
// and conflict retries; a kind the keeper does not know is "other".
func TestMetricsCountOutcomesByKind(t *testing.T) {
	due := items(10)
	due[2].Kind, due[4].Kind = "inquiry", "mystery"
	l := &ledger{due: due, aside: map[string]bool{"F003": true}, deferOnce: map[string]bool{"F005": true}, attempts: 3}
	k := &keeper.Keeper{Ledger: l, Batch: 10, Parallel: 1, Log: quiet}
	reg := metered(k)
	_, _, err := k.Round(context.Background())
	require.NoError(t, err)

	v := func(name string, labels ...string) float64 { return metricstest.Value(t, reg, name, labels...) }
	require.Equal(t, 7.0, v("judicial_keeper_items_processed_total", "kind", "filing"), "F005 deferred")
	require.Equal(t, 1.0, v("judicial_keeper_items_processed_total", "kind", "inquiry"))
	require.Equal(t, 1.0, v("judicial_keeper_items_processed_total", "kind", "other"))
	require.Equal(t, 1.0, v("judicial_keeper_items_set_aside_total"))
	require.Equal(t, 1.0, v("judicial_keeper_items_deferred_total"))
	require.Equal(t, 2.0, v("judicial_keeper_sweep_retries_total"), "one sweep, submitted 3 times")
	s := k.Status()
	require.Equal(t, 9, s.Processed, "the status counts as the metrics do")
	require.Equal(t, 2, s.Retries)
}

// A sweep that fails is counted, and so is the round it fails; the rounds
// failing in a row show while the keeper backs off, and 0 once a round
// succeeds.
func TestMetricsCountFailures(t *testing.T) {
	all := items(30)
	l := &ledger{due: items(30), failFrom: map[string]int{all[10].Key: 1}}
	k := &keeper.Keeper{Ledger: l, Batch: 10, Parallel: 3, Interval: 5 * time.Second, Log: quiet}
	reg := metered(k)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var failing []float64
	c := &clock{at: func(d time.Duration) {
		failing = append(failing, metricstest.Value(t, reg, "judicial_keeper_failing_rounds"))
		if d == k.Interval {
			cancel()
		}
	}}
	keeper.WithClock(k, c.sleep, func() float64 { return 0.5 })
	require.NoError(t, k.Run(ctx))

	v := func(name string, labels ...string) float64 { return metricstest.Value(t, reg, name, labels...) }
	require.Equal(t, []float64{1, 0, 0}, failing, "at the back-off, then after the round that caught up and the idle one")
	require.Equal(t, 30.0, v("judicial_keeper_items_processed_total", "kind", "filing"))
	require.Equal(t, 3.0, v("judicial_keeper_sweeps_total", "outcome", "committed"))
	require.Equal(t, 1.0, v("judicial_keeper_sweeps_total", "outcome", "failed"))
	require.Equal(t, 3.0, v("judicial_keeper_sweep_duration_seconds"), "failed sweeps are not timed")
	require.Equal(t, 1.0, v("judicial_keeper_rounds_total", "outcome", "failed"))
	require.Equal(t, 2.0, v("judicial_keeper_rounds_total", "outcome", "succeeded"))
}

// The batch in force follows the channel's sweep.maxItems down.
func TestMetricsShowTheBatchInForce(t *testing.T) {
	l := &ledger{due: items(100), maxItems: 30}
	k := &keeper.Keeper{Ledger: l, Batch: 100, Parallel: 1, Log: quiet}
	reg := metered(k)
	for round := 0; round < 10 && len(l.due) > 0; round++ {
		k.Round(context.Background())
	}
	require.Empty(t, l.due)
	require.Equal(t, 25.0, metricstest.Value(t, reg, "judicial_keeper_batch_size"))
	require.Equal(t, 2.0, metricstest.Value(t, reg, "judicial_keeper_sweeps_total", "outcome", "failed"), "100 refused, then 50")
}

// Every deadline kind the capabilities declare is counted under its own
// label, none as "other". The keeper links every capability through
// chaincode/api/capabilities, whose test holds that none is left out.
func TestEveryDeadlineKindHasALabel(t *testing.T) {
	declared := api.DeadlineKinds()
	require.NotEmpty(t, declared, "the keeper registers no deadline kind: does metrics.go import chaincode/api/capabilities?")
	due := items(len(declared))
	for i, k := range declared {
		due[i].Kind = k.Name
	}
	k := &keeper.Keeper{Ledger: &ledger{due: due}, Batch: 10, Parallel: 1, Log: quiet}
	reg := metered(k)
	_, _, err := k.Round(context.Background())
	require.NoError(t, err)
	for _, kind := range declared {
		require.Equal(t, 1.0, metricstest.Value(t, reg, "judicial_keeper_items_processed_total", "kind", kind.Name), "kind %s has no label of its own", kind.Name)
	}
	require.Zero(t, metricstest.Value(t, reg, "judicial_keeper_items_processed_total", "kind", "other"))
}
