package listener_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/gateway-client/internal/metricstest"
	"github.com/courtchain/judicial/gateway-client/listener"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

// Every delivery is signed over its body and its time; a receiver refuses
// a changed body, another secret, and an old delivery played again
// (review of 2026-12-08: deliveries were unsigned, so anyone who reached
// the case system could post it a "case opened").
func TestDeliveriesAreSigned(t *testing.T) {
	r := &receiver{}
	srv := httptest.NewServer(r)
	defer srv.Close()
	require.NoError(t, hook(t, context.Background(), srv.URL, nil)(opened))
	require.Len(t, r.got, 2, "the receiver took both: their signatures hold")

	body := []byte(`{"idempotencyKey":"7:tx1:0"}`)
	now := time.Date(2026, 12, 8, 3, 0, 0, 0, time.UTC)
	sig := listener.Sign(secret, body, now)
	require.NoError(t, listener.VerifySignature(secret, sig, body, now.Add(30*time.Second), time.Minute))
	require.ErrorContains(t, listener.VerifySignature(secret, sig, []byte(`{"idempotencyKey":"7:tx1:1"}`), now, time.Minute), "does not match its body")
	require.ErrorContains(t, listener.VerifySignature([]byte(strings.Repeat("x", 32)), sig, body, now, time.Minute), "does not match")
	require.ErrorContains(t, listener.VerifySignature(secret, sig, body, now.Add(time.Hour), time.Minute), "beyond 1m0s")
	require.ErrorContains(t, listener.VerifySignature(secret, "v1=00", body, now, time.Minute), "is not t=UNIX,v1=HEX")
}

// A signed delivery goes where it was configured to and nowhere else: no
// plain http to another host, no redirect followed, no secret too short.
func TestAWebhookGoesOnlyWhereItIsConfigured(t *testing.T) {
	dead := filepath.Join(t.TempDir(), "dead.jsonl")
	for _, bad := range []struct{ url, want string }{
		{"http://cms.court.example/judicial", "plain http to another host"},
		{"ftp://cms.court.example/judicial", "the scheme must be https"},
		{"cms.court.example/judicial", "not an absolute URL"},
	} {
		_, err := listener.NewWebhook(context.Background(), listener.WebhookConfig{URL: bad.url, Secret: secret, DeadLetter: dead})
		require.ErrorContains(t, err, bad.want, bad.url)
	}
	for _, good := range []string{"https://cms.court.example/judicial", "http://127.0.0.1:8099/x", "http://localhost/x", "http://[::1]:80/x"} {
		_, err := listener.NewWebhook(context.Background(), listener.WebhookConfig{URL: good, Secret: secret, DeadLetter: dead})
		require.NoError(t, err, good)
	}
	_, err := listener.NewWebhook(context.Background(), listener.WebhookConfig{URL: "https://cms.court.example/", Secret: []byte("short"), DeadLetter: dead})
	require.ErrorContains(t, err, "needs 32 at least")

	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL, http.StatusTemporaryRedirect)
	}))
	defer redirecting.Close()
	deliver, err := listener.NewWebhook(context.Background(), listener.WebhookConfig{URL: redirecting.URL, Secret: secret, DeadLetter: dead})
	require.NoError(t, err)
	require.NoError(t, deliver(opened), "dead-lettered, not followed")
	require.Zero(t, elsewhere.Load(), "the redirect's target got nothing")
}

// A delivery the receiver refuses for good is written to the dead-letter
// file and the events after it go on (review of 2026-12-08: a 4xx held
// the stream on one event for ever); what may pass later is retried.
func TestARefusedDeliveryIsDeadLetteredAndTheStreamGoesOn(t *testing.T) {
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if posts.Add(1) == 1 {
			http.Error(w, "unknown event type", http.StatusUnprocessableEntity)
		}
	}))
	defer srv.Close()
	dead := filepath.Join(t.TempDir(), "dead.jsonl")
	reg := prometheus.NewRegistry()
	m := listener.NewMetrics(reg)
	deliver, err := listener.NewWebhook(context.Background(), listener.WebhookConfig{URL: srv.URL, Secret: secret, DeadLetter: dead, Metrics: m})
	require.NoError(t, err)
	require.NoError(t, deliver(opened))
	require.EqualValues(t, 2, posts.Load(), "the second event went on after the first was refused")

	info, err := os.Stat(dead)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	f, err := os.Open(dead)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	require.True(t, sc.Scan())
	var letter struct {
		listener.Delivery
		Status int    `json:"status"`
		Error  string `json:"error"`
	}
	require.NoError(t, json.Unmarshal(sc.Bytes(), &letter))
	require.Equal(t, "7:tx1:0", letter.IdempotencyKey)
	require.Equal(t, api.Event(opened.Events[0]), letter.Event)
	require.Equal(t, http.StatusUnprocessableEntity, letter.Status)
	require.False(t, sc.Scan(), "one letter")
	require.Equal(t, 1.0, metricstest.Value(t, reg, "judicial_listener_webhook_deliveries_total", "outcome", "dead_lettered"))

	busy := &receiver{}
	busy.fail.Store(1)
	srv2 := httptest.NewServer(busy)
	defer srv2.Close()
	require.NoError(t, hook(t, context.Background(), srv2.URL, nil)(opened), "a 503 is retried, not dead-lettered")
	require.Len(t, busy.got, 2)
}
