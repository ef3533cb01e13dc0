package cli

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/keeper"
	"github.com/courtchain/judicial/gateway-client/listener"
	"github.com/stretchr/testify/require"
)

// dueLedger is a deadline index whose items are all due, each swept once.
type dueLedger struct {
	mu  sync.Mutex
	due []deadlineapi.Item
}

func (l *dueLedger) Due(_ context.Context, from string, max int, _ ...gateway.CallOption) ([]deadlineapi.Item, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []deadlineapi.Item
	for _, it := range l.due {
		if it.Key >= from && len(out) < max {
			out = append(out, it)
		}
	}
	return out, nil
}

func (l *dueLedger) Sweep(_ context.Context, from, to string, max int, _ ...gateway.CallOption) (*deadlineapi.SweepResult, *gateway.Result, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	res := &deadlineapi.SweepResult{}
	var left []deadlineapi.Item
	for _, it := range l.due {
		if it.Key >= from && it.Key < to && len(res.Processed) < max {
			res.Processed = append(res.Processed, deadlineapi.Outcome{Key: it.Key, Kind: it.Kind, ID: it.ID, Result: "docketed"})
			continue
		}
		left = append(left, it)
	}
	l.due = left
	return res, &gateway.Result{Attempts: 1}, nil
}

func get(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// The keeper's status endpoint serves Prometheus's text format on
// /metrics, with the process's metrics, and the JSON status elsewhere,
// as before.
func TestKeeperStatusEndpointServesMetrics(t *testing.T) {
	l := &dueLedger{due: []deadlineapi.Item{
		{Kind: "filing", ID: "FL1", Key: "a"}, {Kind: "filing", ID: "FL2", Key: "b"}, {Kind: "obligation", ID: "MA1#0", Key: "c"},
	}}
	k := &keeper.Keeper{Ledger: l, Batch: 2, Parallel: 1, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	reg := newRegistry()
	k.Metrics = keeper.NewMetrics(reg)
	n, _, err := k.Round(context.Background())
	require.NoError(t, err)
	require.Equal(t, 3, n)
	h := statusHandler(reg, func() any { return k.Status() })

	rec := get(h, "/metrics")
	require.Equal(t, http.StatusOK, rec.Code)
	require.Contains(t, rec.Header().Get("Content-Type"), "text/plain")
	body := rec.Body.String()
	for _, line := range []string{
		"# TYPE judicial_keeper_items_processed_total counter",
		`judicial_keeper_items_processed_total{kind="filing"} 2`,
		`judicial_keeper_items_processed_total{kind="obligation"} 1`,
		`judicial_keeper_sweeps_total{outcome="committed"} 2`,
		"judicial_keeper_sweep_duration_seconds_count 2",
		"judicial_keeper_batch_size 2",
		"go_goroutines ",
		"process_open_fds ",
	} {
		require.Contains(t, body, line)
	}

	rec = get(h, "/status")
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	var s keeper.Status
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &s))
	require.Equal(t, 3, s.Processed)
	require.Equal(t, 2, s.Transactions)
}

// The listener's endpoint serves metrics only.
func TestListenerMetricsEndpoint(t *testing.T) {
	reg := newRegistry()
	listener.NewMetrics(reg)
	h := statusHandler(reg, nil)
	body := get(h, "/metrics").Body.String()
	for _, name := range []string{"judicial_listener_events_total", "judicial_listener_lag_blocks", "judicial_listener_chain_height",
		`judicial_listener_webhook_deliveries_total{outcome="failed"}`, "judicial_listener_reconnects_total"} {
		require.True(t, strings.Contains(body, "\n"+name+" "), "%s in\n%s", name, body)
	}
	require.Equal(t, http.StatusNotFound, get(h, "/status").Code)
}
