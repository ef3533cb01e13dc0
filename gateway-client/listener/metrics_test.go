package listener

import (
	"context"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/gateway-client/internal/metricstest"
	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

// Through a stream that drops every two events and connections refused,
// a scrape sees each event once, each reconnection, the checkpoint's
// block, and the lag against the height read.
func TestMetricsFollowTheStream(t *testing.T) {
	src := &fakeSource{perConnection: 2, events: []*client.ChaincodeEvent{
		committed(3, "tx1", api.Event{Type: "a"}), committed(3, "tx2", api.Event{Type: "b"}),
		committed(4, "tx3", api.Event{Type: "c"}), committed(5, "tx4", api.Event{Type: "d"}), committed(5, "tx5", api.Event{Type: "e"}),
	}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := newListener(t, src, &clock{cancel: cancel})
	reg := prometheus.NewRegistry()
	l.Metrics = NewMetrics(reg)
	l.Height = func(context.Context) (uint64, error) { return 20, nil }
	v := func(name string, labels ...string) float64 { return metricstest.Value(t, reg, name, labels...) }

	var whileHandling [2]float64
	seen := 0
	require.NoError(t, l.Run(ctx, func(e Event) error {
		if seen++; seen == 2 {
			src.failOpens = 3
		}
		if e.TxID == "tx3" {
			require.NoError(t, l.readHeight(ctx))
			whileHandling = [2]float64{v("judicial_listener_block"), v("judicial_listener_lag_blocks")}
		}
		if seen == len(src.events) {
			cancel()
		}
		return nil
	}))

	require.Equal(t, [2]float64{3, 20 - 1 - 4}, whileHandling, "the checkpoint still at block 3; the lag counted from block 4, being handled")
	require.Equal(t, 5.0, v("judicial_listener_events_total"))
	require.Equal(t, 5.0, v("judicial_listener_reconnects_total"), "6 connections")
	require.Equal(t, 5.0, v("judicial_listener_block"))
	require.Equal(t, 20.0, v("judicial_listener_chain_height"))
	require.Equal(t, 20-1-5.0, v("judicial_listener_lag_blocks"), "stopped at its checkpoint")
	metricstest.Lint(t, reg)
}

// The lag counts the blocks past the listener's while it handles an event
// or is between connections, and none while an open stream has nothing
// to deliver: that stream names only blocks with the chaincode's events,
// so the checkpoint stays behind through blocks without any.
func TestLagBlocks(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	lag := func() float64 { return metricstest.Value(t, reg, "judicial_listener_lag_blocks") }

	m.at(Checkpoint{Block: 5})
	require.Zero(t, lag(), "the height not read yet")
	m.chainHeight(20)
	require.Equal(t, 14.0, lag(), "connecting from the checkpoint")
	m.waiting()
	require.Zero(t, lag(), "the stream is open with nothing to deliver")
	m.handling(7)
	require.Equal(t, 12.0, lag())
	m.handled(Checkpoint{Block: 7, TxID: "tx"})
	require.Zero(t, lag(), "waiting on the stream again")
	m.at(Checkpoint{Block: 7, TxID: "tx"})
	require.Equal(t, 12.0, lag(), "the stream ended")
	m.handling(25)
	require.Zero(t, lag(), "past the height last read: never negative")
	m.chainHeight(8)
	m.at(Checkpoint{Block: 7})
	require.Zero(t, lag(), "at the last block")
}
