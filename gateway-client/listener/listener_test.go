package listener_test

import (
	"context"
	"encoding/json"
	"github.com/courtchain/judicial/chaincode/api"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/courtchain/judicial/gateway-client/listener"
	"github.com/stretchr/testify/require"
)

func TestWebhookRetriesUntilDelivered(t *testing.T) {
	var calls atomic.Int32
	var got listener.Event
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 3 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		body, _ := io.ReadAll(r.Body)
		require.NoError(t, json.Unmarshal(body, &got))
	}))
	defer srv.Close()
	e := listener.Event{Block: 7, TxID: "tx1", Name: "judicial", Events: []api.Event{{Type: "case.opened", ID: "(2026)J执0A1B2C3D4E号"}}}
	require.NoError(t, listener.Webhook(context.Background(), srv.URL)(e))
	require.EqualValues(t, 3, calls.Load())
	require.Equal(t, e, got)
}

func TestWebhookGivesUpWhenStopped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := listener.Webhook(ctx, srv.URL)(listener.Event{TxID: "tx9"})
	require.ErrorContains(t, err, "delivering event of transaction tx9: webhook answered 502 Bad Gateway")
}
