package keeper

import (
	"slices"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/prometheus/client_golang/prometheus"

	// Every capability, so that every deadline kind the chaincode
	// schedules has its label.
	_ "github.com/courtchain/judicial/chaincode/api/capabilities"
)

// kinds are the values of the kind label: the deadline kinds the
// capabilities declare (api.DeadlineKinds). A kind the keeper's build
// does not know, from a newer chaincode, counts as "other", so the label
// stays a small fixed set.
var kinds = kindNames(api.DeadlineKinds())

func kindNames(declared []api.DeadlineKind) []string {
	out := make([]string, len(declared))
	for i, k := range declared {
		out[i] = k.Name
	}
	return out
}

const otherKind = "other"

// Metrics are the keeper's Prometheus collectors. A nil *Metrics counts
// nothing, so that a keeper without metrics needs no checks.
type Metrics struct {
	processed *prometheus.CounterVec
	setAside  prometheus.Counter
	deferred  prometheus.Counter
	sweeps    *prometheus.CounterVec
	retries   prometheus.Counter
	rounds    *prometheus.CounterVec
	failing   prometheus.Gauge
	batch     prometheus.Gauge
	duration  prometheus.Histogram
	due       prometheus.Gauge
}

// NewMetrics makes the keeper's collectors and registers them with reg;
// it panics if they are registered there already, as MustRegister does.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		processed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "judicial_keeper_items_processed_total",
			Help: "Due items that committed sweeps took out of the deadline index (triggered, or set aside with a reason), by deadline kind.",
		}, []string{"kind"}),
		setAside: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "judicial_keeper_items_set_aside_total",
			Help: "Due items whose processing failed in a committed sweep and were set aside with a reason; an operator mends the cause and triggers them again.",
		}),
		deferred: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "judicial_keeper_items_deferred_total",
			Help: "Due items a committed sweep left in the index because an earlier item of the same sweep changed their record; the next round processes them.",
		}),
		sweeps: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "judicial_keeper_sweeps_total",
			Help: "Sweep transactions submitted, by outcome: committed, or failed (not endorsed, not ordered or not committed valid after the client's retries).",
		}, []string{"outcome"}),
		retries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "judicial_keeper_sweep_retries_total",
			Help: "Extra submissions of sweep transactions after an MVCC or phantom read conflict.",
		}),
		rounds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "judicial_keeper_rounds_total",
			Help: "Passes over what is due, by outcome: succeeded, or failed (a listing or a sweep failed).",
		}, []string{"outcome"}),
		failing: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "judicial_keeper_failing_rounds",
			Help: "Rounds that failed in a row, up to the last; 0 once a round succeeds.",
		}),
		batch: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "judicial_keeper_batch_size",
			Help: "Most items per sweep transaction in force; it halves while the channel's sweep.maxItems refuses it.",
		}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "judicial_keeper_sweep_duration_seconds",
			Help: "Seconds from submitting a sweep transaction to its commit, the client's conflict retries included; committed sweeps only.",
			// About a second on the test network (docs/performance.md);
			// the top buckets catch a slow or leaderless ordering service.
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 11),
		}),
		due: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "judicial_keeper_due_items",
			Help: "Due items the last listing of the deadline index returned; a listing returns at most batch × parallel items (10,000 at most), so a value at that bound means at least that many are due ahead of the keeper.",
		}),
	}
	reg.MustRegister(m.processed, m.setAside, m.deferred, m.sweeps, m.retries, m.rounds, m.failing, m.batch, m.duration, m.due)
	// Every series exists from the start: a rate over a counter that
	// appears only at its first increment misses that increment.
	for _, k := range kinds {
		m.processed.WithLabelValues(k)
	}
	m.processed.WithLabelValues(otherKind)
	for _, o := range []string{"committed", "failed"} {
		m.sweeps.WithLabelValues(o)
	}
	for _, o := range []string{"succeeded", "failed"} {
		m.rounds.WithLabelValues(o)
	}
	return m
}

func kindLabel(kind string) string {
	if slices.Contains(kinds, kind) {
		return kind
	}
	return otherKind
}

func (m *Metrics) listed(n int) {
	if m != nil {
		m.due.Set(float64(n))
	}
}

// swept counts a sweep that committed, with what became of its items.
func (m *Metrics) swept(s swept) {
	if m == nil {
		return
	}
	m.sweeps.WithLabelValues("committed").Inc()
	m.duration.Observe(s.took.Seconds())
	m.retries.Add(float64(s.attempts - 1))
	for _, o := range s.res.Processed {
		switch {
		case o.Deferred:
			m.deferred.Inc()
			continue
		case o.SetAside:
			m.setAside.Inc()
		}
		m.processed.WithLabelValues(kindLabel(o.Kind)).Inc()
	}
}

func (m *Metrics) sweepFailed() {
	if m != nil {
		m.sweeps.WithLabelValues("failed").Inc()
	}
}

func (m *Metrics) round(err error) {
	if m == nil {
		return
	}
	outcome := "succeeded"
	if err != nil {
		outcome = "failed"
	}
	m.rounds.WithLabelValues(outcome).Inc()
}

func (m *Metrics) failingRounds(n int) {
	if m != nil {
		m.failing.Set(float64(n))
	}
}

func (m *Metrics) batchSize(n int) {
	if m != nil {
		m.batch.Set(float64(n))
	}
}
