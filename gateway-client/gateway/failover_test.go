package gateway_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"

	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// twoPeers is an org of two fake gateway peers that answer every call.
func twoPeers(t *testing.T, opts ...gateway.Option) ([]*fakepeer.Peer, *gateway.Client) {
	t.Helper()
	peers := fakepeer.StartOrg(t, 2, func(fakepeer.Request) fakepeer.Response {
		return fakepeer.Response{Payload: []byte("ok"), Block: 9}
	})
	p, err := profile.Load(peers[0].ProfilePath)
	require.NoError(t, err)
	c, err := gateway.Connect(p, fakepeer.MSPID, fakepeer.Identity, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return peers, c
}

// A gateway peer that is down is left for the org's other peer, at once,
// and tried first again once its cool-down has passed and it is back.
func TestADownPeerIsLeftForTheOrgsOther(t *testing.T) {
	peers, c := twoPeers(t, gateway.WithPeerCooldown(300*time.Millisecond))
	require.Equal(t, []string{"peer0.court", "peer1.court"}, []string{c.Peers()[0].Name, c.Peers()[1].Name})
	_, res, err := gateway.Submit(t.Context(), c, systemapi.Noop)
	require.NoError(t, err)
	require.Equal(t, "peer0.court", res.Peer)

	peers[0].Stop()
	start := time.Now()
	_, res, err = gateway.Submit(t.Context(), c, systemapi.Noop)
	require.NoError(t, err, "no client-visible failure")
	require.Equal(t, "peer1.court", res.Peer)
	require.Less(t, time.Since(start), 5*time.Second)
	_, err = gateway.Evaluate(t.Context(), c, api.Raw(systemapi.Ping.Spec))
	require.NoError(t, err)
	require.Equal(t, "peer1.court", c.Peer().Name)

	peers[0].Restart(t)
	require.Eventually(t, func() bool {
		_, res, err := gateway.Submit(t.Context(), c, systemapi.Noop)
		return err == nil && res.Peer == "peer0.court"
	}, 10*time.Second, 100*time.Millisecond, "back to the first peer once it answers")
}

// With every peer down, the call fails within its bound, saying who
// could not be reached.
func TestAllPeersDownFailsWithinTheBound(t *testing.T) {
	peers, c := twoPeers(t, gateway.WithFailureBound(time.Second, 200*time.Millisecond))
	peers[0].Stop()
	peers[1].Stop()
	start := time.Now()
	_, _, err := gateway.Submit(t.Context(), c, systemapi.Noop)
	var ce *gateway.ConnectError
	require.True(t, errors.As(err, &ce), "%v", err)
	require.Less(t, time.Since(start), 3*time.Second)
}

// A transaction whose commit status does not come in time is submitted
// again as the same envelope — the same transaction ID — through a peer
// that answers; the call reports its one outcome.
func TestALostEnvelopeIsSubmittedAgainWithTheSameID(t *testing.T) {
	peers, c := twoPeers(t, gateway.WithFailureBound(10*time.Second, 300*time.Millisecond))
	var hang atomic.Bool
	hang.Store(true)
	for _, p := range peers {
		p.OnStatus(func(ctx context.Context, _ string) error {
			if hang.Load() {
				hang.Store(false) // the first wait is lost; the next answers
				<-ctx.Done()
				return status.FromContextError(ctx.Err()).Err()
			}
			return nil
		})
	}
	_, res, err := gateway.Submit(t.Context(), c, systemapi.Noop)
	require.NoError(t, err)
	require.Equal(t, 2, res.Submits)
	require.Equal(t, 2, peers[0].Submits(res.TxID), "the same transaction ID, twice")
	require.Len(t, peers[0].Requests(), 1, "endorsed once")
}

// A commit that never shows is reported pending, with its transaction ID,
// within the bound: never a hang, never a guess.
func TestACommitThatNeverShowsIsReportedPending(t *testing.T) {
	peers, c := twoPeers(t, gateway.WithFailureBound(time.Second, 200*time.Millisecond))
	for _, p := range peers {
		p.OnStatus(func(ctx context.Context, _ string) error {
			<-ctx.Done()
			return status.FromContextError(ctx.Err()).Err()
		})
	}
	start := time.Now()
	_, _, err := gateway.Submit(t.Context(), c, systemapi.Noop)
	var pe *gateway.PendingError
	require.True(t, errors.As(err, &pe), "%v", err)
	require.NotEmpty(t, pe.TxID)
	require.GreaterOrEqual(t, pe.Submits, 2)
	require.Equal(t, pe.Submits, peers[0].Submits(pe.TxID))
	require.Less(t, time.Since(start), 2*time.Second)
	require.Contains(t, err.Error(), "it may still commit; ask its status before submitting again")
}

// An overloaded gateway is waited out with back-off, not returned as an
// error; a refusal is the answer and is not asked again.
func TestABusyGatewayIsWaitedOut(t *testing.T) {
	peers, c := twoPeers(t)
	var calls atomic.Int32
	busy := func(fakepeer.Request) fakepeer.Response {
		if calls.Add(1) <= 3 {
			return fakepeer.Response{Err: status.Error(codes.Unknown, "too many requests for /gateway.Gateway, exceeding concurrency limit (500)")}
		}
		return fakepeer.Response{Payload: []byte("ok"), Block: 3}
	}
	for _, p := range peers {
		p.Handle(busy)
	}
	_, res, err := gateway.Submit(t.Context(), c, systemapi.Noop)
	require.NoError(t, err)
	require.Equal(t, int32(4), calls.Load())
	require.Equal(t, uint64(3), res.Block)

	// An endorsing peer whose chaincode server died in the middle of the
	// simulation, then is restarting, is waited out too: its supervisor
	// brings it back in seconds; so are endorsers whose answers differ
	// because one of them is a block behind.
	calls.Store(0)
	for _, p := range peers {
		p.Handle(func(fakepeer.Request) fakepeer.Response {
			switch calls.Add(1) {
			case 1:
				return fakepeer.Response{Err: fakepeer.Refuse("endorse", "error in simulation: failed to execute transaction 075c6f: error sending: chaincode stream terminated")}
			case 2:
				return fakepeer.Response{Err: fakepeer.Refuse("endorse", "error in simulation: could not launch chaincode judicial_4:0591: connection refused")}
			case 3:
				return fakepeer.Response{Err: fakepeer.Refuse("endorse", "ProposalResponsePayloads do not match")}
			}
			return fakepeer.Response{Payload: []byte("ok"), Block: 4}
		})
	}
	_, res, err = gateway.Submit(t.Context(), c, systemapi.Noop)
	require.NoError(t, err)
	require.Equal(t, int32(4), calls.Load())
	for _, p := range peers {
		p.Handle(busy)
	}

	calls.Store(0)
	payload, err := gateway.Evaluate(t.Context(), c, api.Raw(systemapi.Ping.Spec))
	require.NoError(t, err)
	require.Equal(t, "ok", string(payload))

	for _, p := range peers {
		p.Handle(func(fakepeer.Request) fakepeer.Response {
			calls.Add(1)
			return fakepeer.Response{Err: fakepeer.Refuse("endorse", "access denied [denied]")}
		})
	}
	calls.Store(0)
	_, _, err = gateway.Submit(t.Context(), c, systemapi.Noop)
	var ee *gateway.EndorseError
	require.True(t, errors.As(err, &ee), "%v", err)
	require.Equal(t, int32(1), calls.Load(), "a refusal is not asked again")
}

// WithPeer pins the client to one peer: what is asked of that peer is
// never answered by another.
func TestAPinnedClientDoesNotFailOver(t *testing.T) {
	peers, _ := twoPeers(t)
	p, err := profile.Load(peers[0].ProfilePath)
	require.NoError(t, err)
	c, err := gateway.Connect(p, fakepeer.MSPID, fakepeer.Identity, gateway.WithPeer("peer0.court"), gateway.WithFailureBound(time.Second, 0))
	require.NoError(t, err)
	defer c.Close()
	require.Len(t, c.Peers(), 1)
	peers[0].Stop()
	_, err = gateway.Evaluate(t.Context(), c, api.Raw(systemapi.Ping.Spec))
	var ce *gateway.ConnectError
	require.True(t, errors.As(err, &ce), "%v", err)
}
