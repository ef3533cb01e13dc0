package listener_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/gateway-client/internal/metricstest"
	"github.com/courtchain/judicial/gateway-client/listener"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

// secret is the webhooks' signing secret in these tests.
var secret = []byte("0123456789abcdef0123456789abcdef")

// hook is a webhook to url signed with secret, its dead letters in a
// file of the test's.
func hook(t *testing.T, ctx context.Context, url string, m *listener.Metrics) func(listener.Event) error {
	deliver, err := listener.NewWebhook(ctx, listener.WebhookConfig{URL: url, Secret: secret, DeadLetter: filepath.Join(t.TempDir(), "dead.jsonl"), Metrics: m})
	require.NoError(t, err)
	return deliver
}

// receiver is a webhook that checks each request's signature, records its
// key, from the header and from the body, and answers fail before it takes
// one.
type receiver struct {
	mu         sync.Mutex
	headerKeys []string
	got        []listener.Delivery
	fail       atomic.Int32
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if r.fail.Add(-1) >= 0 {
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	body, _ := io.ReadAll(req.Body)
	if err := listener.VerifySignature(secret, req.Header.Get(listener.SignatureHeader), body, time.Now(), time.Minute); err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var d listener.Delivery
	if err := json.Unmarshal(body, &d); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.headerKeys = append(r.headerKeys, req.Header.Get(listener.IdempotencyKeyHeader))
	r.got = append(r.got, d)
}

func (r *receiver) keys() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, d := range r.got {
		out = append(out, d.IdempotencyKey)
	}
	return out
}

var opened = listener.Event{Block: 7, TxID: "tx1", Name: api.EventName, Events: []api.Event{
	{Type: "agreement.breached", ID: "MA20260105-0A1B2C3D4E5F6A7B"},
	{Type: "case.opened", ID: "(2026)J执0A1B2C3D4E号", Details: map[string]string{"kind": "enforcement"}},
}}

// Each domain event is one delivery, in envelope order, with its key in
// the header and the body.
func TestWebhookDeliversEachEventWithItsKey(t *testing.T) {
	r := &receiver{}
	srv := httptest.NewServer(r)
	defer srv.Close()
	require.NoError(t, hook(t, context.Background(), srv.URL, nil)(opened))

	require.Equal(t, []string{"7:tx1:0", "7:tx1:1"}, r.keys())
	require.Equal(t, r.keys(), r.headerKeys)
	require.Equal(t, listener.Delivery{IdempotencyKey: "7:tx1:1", Block: 7, TxID: "tx1", Index: 1, Of: 2, Name: api.EventName, Event: opened.Events[1]}, r.got[1])
}

// A redelivery, after a retry or a restart, carries the same keys: that is
// what lets the receiver drop it.
func TestWebhookKeysAreStableAcrossRedelivery(t *testing.T) {
	r := &receiver{}
	srv := httptest.NewServer(r)
	defer srv.Close()
	deliver := hook(t, context.Background(), srv.URL, nil)
	require.NoError(t, deliver(opened))
	first := r.keys()
	again := opened
	again.Events = append([]api.Event(nil), opened.Events...) // decoded anew, as after a restart
	require.NoError(t, deliver(again))
	require.Equal(t, append(first, first...), r.keys())
	require.NotEqual(t, first[0], first[1], "events of one transaction have keys of their own")
}

func TestWebhookRetriesUntilDelivered(t *testing.T) {
	r := &receiver{}
	r.fail.Store(2)
	srv := httptest.NewServer(r)
	defer srv.Close()
	one := listener.Event{Block: 7, TxID: "tx1", Name: api.EventName, Events: opened.Events[:1]}
	require.NoError(t, hook(t, context.Background(), srv.URL, nil)(one))
	require.Equal(t, int32(-1), r.fail.Load(), "two refusals, then delivered")
	require.Equal(t, []string{"7:tx1:0"}, r.keys())
}

func TestWebhookGivesUpWhenStopped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := hook(t, ctx, srv.URL, nil)(listener.Event{Block: 3, TxID: "tx9", Events: []api.Event{{Type: "filing.submitted", ID: "FL1"}}})
	require.ErrorContains(t, err, "delivering event 3:tx9:0 of transaction tx9: webhook answered 502 Bad Gateway")
}

// Each attempt at a delivery is counted with its outcome, and timed.
func TestWebhookMetricsCountEachAttempt(t *testing.T) {
	r := &receiver{}
	r.fail.Store(1)
	srv := httptest.NewServer(r)
	defer srv.Close()
	reg := prometheus.NewRegistry()
	m := listener.NewMetrics(reg)
	require.NoError(t, hook(t, context.Background(), srv.URL, m)(opened))

	v := func(name string, labels ...string) float64 { return metricstest.Value(t, reg, name, labels...) }
	require.Equal(t, 1.0, v("judicial_listener_webhook_deliveries_total", "outcome", "failed"), "refused once")
	require.Equal(t, 2.0, v("judicial_listener_webhook_deliveries_total", "outcome", "delivered"), "then both events taken")
	require.Equal(t, 3.0, v("judicial_listener_webhook_duration_seconds"), "every attempt timed")
}
