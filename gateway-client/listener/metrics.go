package listener

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the listener's and its webhook's Prometheus collectors. A
// nil *Metrics counts nothing, so that a listener without metrics needs
// no checks.
type Metrics struct {
	events     prometheus.Counter
	deliveries *prometheus.CounterVec
	webhook    prometheus.Histogram
	block      prometheus.Gauge
	height     prometheus.Gauge
	reconnects prometheus.Counter

	mu  sync.Mutex
	pos position
}

// position is where the listener stands against the chain, for the lag.
type position struct {
	// height is the ledger height last read, 0 until one is.
	height uint64
	// block is the block of the event being handled or, between events
	// and connections, the checkpoint's.
	block uint64
	// waiting is true while an open stream has nothing to deliver.
	waiting bool
}

// lag is how many blocks the chain holds past the listener's. The event
// stream names only blocks that hold the chaincode's events, so a
// listener waiting on an open stream cannot tell the blocks the peer has
// read past, without events, from those it has not read yet: it counts
// as caught up, since a peer reads through blocks without events far
// faster than they are made. Its checkpoint stays at its last event's
// block meanwhile, however many blocks follow.
func (p position) lag() uint64 {
	if p.waiting || p.height <= p.block+1 {
		return 0
	}
	return p.height - 1 - p.block
}

// NewMetrics makes the listener's collectors and registers them with reg;
// it panics if they are registered there already, as MustRegister does.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		events: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "judicial_listener_events_total",
			Help: "Transactions' chaincode events the listener handled and checkpointed; each holds one or more domain events, posted to the webhook one by one.",
		}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "judicial_listener_webhook_deliveries_total",
			Help: "Attempts to post a domain event to the webhook, by outcome: delivered (answered 2xx), failed (another answer, or none, retried with back-off), or dead_lettered (refused for good and written to the dead-letter file).",
		}, []string{"outcome"}),
		webhook: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "judicial_listener_webhook_duration_seconds",
			Help: "Seconds from posting a domain event to the webhook to its answer (or the failure), per attempt.",
			// The default buckets run from 5 ms to 10 s, the client's
			// timeout for one attempt.
			Buckets: prometheus.DefBuckets,
		}),
		block: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "judicial_listener_block",
			Help: "Block number of the listener's checkpoint: the block of the last event handled, or the start block while none is.",
		}),
		height: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "judicial_listener_chain_height",
			Help: "Ledger height (blocks) of the channel on the gateway peer, as last read; 0 until read.",
		}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "judicial_listener_reconnects_total",
			Help: "Times the event stream ended or could not be opened and the listener set out to connect again from its checkpoint.",
		}),
	}
	lag := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "judicial_listener_lag_blocks",
		Help: "Blocks the channel holds past the one the listener is at (height - 1 - block, never negative), while it handles an event or is disconnected; 0 while an open stream has nothing to deliver, or before the height is read.",
	}, func() float64 {
		m.mu.Lock()
		defer m.mu.Unlock()
		return float64(m.pos.lag())
	})
	reg.MustRegister(m.events, m.deliveries, m.webhook, m.block, m.height, m.reconnects, lag)
	// Every series exists from the start: a rate over a counter that
	// appears only at its first increment misses that increment.
	for _, o := range []string{outcomeDelivered, outcomeFailed, outcomeDeadLettered} {
		m.deliveries.WithLabelValues(o)
	}
	return m
}

func (m *Metrics) update(f func(p *position)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f(&m.pos)
}

// at is the listener at its checkpoint, between connections.
func (m *Metrics) at(cp Checkpoint) {
	if m == nil {
		return
	}
	m.block.Set(float64(cp.Block))
	m.update(func(p *position) { p.block, p.waiting = cp.Block, false })
}

func (m *Metrics) waiting() {
	if m != nil {
		m.update(func(p *position) { p.waiting = true })
	}
}

func (m *Metrics) handling(block uint64) {
	if m != nil {
		m.update(func(p *position) { p.block, p.waiting = block, false })
	}
}

// handled is an event handled and checkpointed; the listener waits on the
// stream again.
func (m *Metrics) handled(cp Checkpoint) {
	if m == nil {
		return
	}
	m.events.Inc()
	m.block.Set(float64(cp.Block))
	m.update(func(p *position) { p.block, p.waiting = cp.Block, true })
}

func (m *Metrics) reconnecting() {
	if m != nil {
		m.reconnects.Inc()
	}
}

func (m *Metrics) chainHeight(h uint64) {
	m.height.Set(float64(h))
	m.update(func(p *position) { p.height = h })
}

// The outcomes of an attempt at a delivery.
const (
	outcomeDelivered    = "delivered"
	outcomeFailed       = "failed"
	outcomeDeadLettered = "dead_lettered"
)

// posted counts one attempt at a delivery, or its dead-lettering (which
// takes no time on the wire).
func (m *Metrics) posted(outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.deliveries.WithLabelValues(outcome).Inc()
	if outcome != outcomeDeadLettered {
		m.webhook.Observe(took.Seconds())
	}
}

// watchHeight reads the ledger height now and every HeightEvery until ctx
// ends. A read that fails leaves the last height in the metrics; it is
// logged once until a read succeeds again, as the peer being gone shows
// in the listener's reconnections already.
func (l *Listener) watchHeight(ctx context.Context) {
	t := time.NewTicker(l.HeightEvery)
	defer t.Stop()
	failing := false
	for {
		err := l.readHeight(ctx)
		if err != nil && !failing && ctx.Err() == nil {
			l.Log.Warn("reading the ledger height failed; the lag metric keeps the last height", "error", err)
		}
		failing = err != nil
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (l *Listener) readHeight(ctx context.Context) error {
	h, err := l.Height(ctx)
	if err != nil {
		return err
	}
	l.Metrics.chainHeight(h)
	return nil
}
