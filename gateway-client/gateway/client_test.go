package gateway_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"

	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// These tests go through fabric-gateway's client, gRPC and TLS to a fake
// gateway peer in the test process.

func connect(t *testing.T, fp *fakepeer.Peer, opts ...gateway.Option) *gateway.Client {
	t.Helper()
	p, err := profile.Load(fp.ProfilePath)
	require.NoError(t, err)
	c, err := gateway.Connect(p, fakepeer.MSPID, fakepeer.Identity, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

func ctx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestEvaluateThroughTheGateway(t *testing.T) {
	fp := fakepeer.Start(t, func(r fakepeer.Request) fakepeer.Response {
		return fakepeer.Response{Payload: []byte(`{"chaincode":"judicial","version":"1.0"}`)}
	})
	c := connect(t, fp)
	require.Equal(t, fakepeer.MSPID, c.MSPID())
	require.Equal(t, fakepeer.Identity, c.Identity())
	require.Equal(t, fakepeer.PeerName, c.Peer().Name)
	require.Equal(t, fakepeer.Channel, c.Channel())
	require.Equal(t, fakepeer.Chaincode, c.Chaincode())
	require.Equal(t, fakepeer.Chaincode, c.Contract().ChaincodeName())
	require.NotNil(t, c.Network())

	payload, err := gateway.Evaluate(ctx(t), c, api.Raw(systemapi.Ping.Spec))
	require.NoError(t, err)
	require.JSONEq(t, `{"chaincode":"judicial","version":"1.0"}`, string(payload))

	reqs := fp.Requests()
	require.Len(t, reqs, 1)
	require.Equal(t, "evaluate", reqs[0].Kind)
	require.Equal(t, fakepeer.Channel, reqs[0].Channel)
	require.Equal(t, fakepeer.Chaincode, reqs[0].Chaincode)
	require.Equal(t, string(systemapi.Ping.Function), reqs[0].Function, "the contract namespace is part of the function name")
	require.Empty(t, reqs[0].Args)
}

func TestSubmitRetriesAConflictWithANewProposal(t *testing.T) {
	n := 0
	fp := fakepeer.Start(t, func(r fakepeer.Request) fakepeer.Response {
		n++
		if n < 3 {
			return fakepeer.Response{Payload: []byte("stale"), Code: peer.TxValidationCode_MVCC_READ_CONFLICT, Block: uint64(n)}
		}
		return fakepeer.Response{Payload: []byte(`{"name":"time.window","value":"7m"}`), Block: 42}
	})
	c := connect(t, fp, gateway.WithRetry(5, time.Millisecond))

	_, res, err := gateway.Submit(ctx(t), c, systemapi.SetParameter, gateway.WithArgs("time.window", "7m"))
	require.NoError(t, err)
	require.Equal(t, 3, res.Attempts)
	require.Equal(t, uint64(42), res.Block, "the block comes from the commit status")
	require.JSONEq(t, `{"name":"time.window","value":"7m"}`, string(res.Payload))

	reqs := fp.Requests()
	require.Len(t, reqs, 3)
	seen := map[string]bool{}
	for _, r := range reqs {
		require.Equal(t, "endorse", r.Kind)
		require.Equal(t, []string{"time.window", "7m"}, r.Args)
		require.False(t, seen[r.TxID], "each attempt is a new proposal with a new transaction ID")
		seen[r.TxID] = true
	}
	require.Equal(t, reqs[2].TxID, res.TxID)
}

func TestConflictsGiveUpAfterMaxAttempts(t *testing.T) {
	fp := fakepeer.Start(t, func(r fakepeer.Request) fakepeer.Response {
		return fakepeer.Response{Code: peer.TxValidationCode_PHANTOM_READ_CONFLICT, Block: 7}
	})
	c := connect(t, fp, gateway.WithRetry(2, time.Millisecond))
	_, _, err := gateway.Submit(ctx(t), c, deadlineapi.Sweep)
	var ce *gateway.CommitError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "PHANTOM_READ_CONFLICT", ce.CodeName())
	require.Equal(t, 2, ce.Attempts)
	require.Equal(t, uint64(7), ce.Block)
	require.Equal(t, fp.Requests()[1].TxID, ce.TxID)
	require.Len(t, fp.Requests(), 2)
}

func TestPolicyFailureIsNotRetried(t *testing.T) {
	fp := fakepeer.Start(t, func(r fakepeer.Request) fakepeer.Response {
		return fakepeer.Response{Code: peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE, Block: 9}
	})
	c := connect(t, fp)
	_, _, err := gateway.Submit(ctx(t), c, systemapi.SetParameter, gateway.WithArgs("a", "b"), gateway.WithEndorsingOrgs("MediationMSP", "CreditMSP"))
	var ce *gateway.CommitError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "ENDORSEMENT_POLICY_FAILURE", ce.CodeName())
	require.Equal(t, 1, ce.Attempts)
	reqs := fp.Requests()
	require.Len(t, reqs, 1)
	require.Equal(t, []string{"MediationMSP", "CreditMSP"}, reqs[0].EndorsingOrgs)
}

func TestTransientDataReachesThePeer(t *testing.T) {
	fp := fakepeer.Start(t, func(r fakepeer.Request) fakepeer.Response { return fakepeer.Response{Payload: r.Transient["doc"]} })
	c := connect(t, fp)
	secret := map[string][]byte{"doc": []byte("private")}
	got, err := gateway.Evaluate(ctx(t), c, api.Raw(evidenceapi.Verify.Spec), gateway.WithArgs("x", "y"), gateway.WithTransient(secret))
	require.NoError(t, err)
	require.Equal(t, "private", string(got))
	_, res, err := gateway.Submit(ctx(t), c, api.Raw(evidenceapi.Anchor.Spec), gateway.WithArgs("y"), gateway.WithTransient(secret))
	require.NoError(t, err)
	require.Equal(t, "private", string(res.Payload))
	for _, r := range fp.Requests() {
		require.Equal(t, secret, r.Transient)
	}
}

func TestChaincodeRefusalSurfacesPlainly(t *testing.T) {
	const denied = `caller MediationMSP/mediator1 has role "mediator"; system:SetParameter needs judge (CourtMSP)`
	fp := fakepeer.Start(t, func(r fakepeer.Request) fakepeer.Response {
		return fakepeer.Response{Err: fakepeer.Refuse(r.Kind, denied)}
	})
	c := connect(t, fp)

	_, _, err := gateway.Submit(ctx(t), c, systemapi.SetParameter, gateway.WithArgs("time.window", "7m"))
	require.EqualError(t, err, "system:SetParameter: endorse: chaincode refused: "+denied)
	var ee *gateway.EndorseError
	require.ErrorAs(t, err, &ee)
	require.Equal(t, denied, ee.Message)
	require.True(t, ee.FromChaincode)
	require.Equal(t, "endorse", ee.Stage)
	require.Equal(t, fp.Requests()[0].TxID, ee.TxID)
	require.Equal(t, []gateway.PeerDetail{{Address: "peer0.court:7051", MSPID: fakepeer.MSPID, Message: "chaincode response 500, " + denied}}, ee.Details)
	require.Equal(t, denied, gateway.ChaincodeMessage(err))
	var gwErr *client.EndorseError
	require.ErrorAs(t, err, &gwErr, "fabric-gateway's own error is still underneath")
	require.Equal(t, codes.Aborted, status.Code(err))
	require.Len(t, fp.Requests(), 1, "a refusal is not retried")

	_, err = gateway.Evaluate(ctx(t), c, api.Raw(systemapi.GetParameter.Spec), gateway.WithArgs("nope"))
	require.EqualError(t, err, "system:GetParameter: evaluate: chaincode refused: "+denied)
	require.Equal(t, denied, gateway.ChaincodeMessage(err))
}

func TestEvaluateTimeout(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	fp := fakepeer.Start(t, func(r fakepeer.Request) fakepeer.Response {
		<-release
		return fakepeer.Response{}
	})
	c := connect(t, fp, gateway.WithTimeouts(100*time.Millisecond, 0, 0, 0))
	start := time.Now()
	_, err := gateway.Evaluate(context.Background(), c, api.Raw(systemapi.Ping.Spec))
	require.Less(t, time.Since(start), 5*time.Second, "the timeout applies to calls made with a context")
	require.Equal(t, codes.DeadlineExceeded, status.Code(err))
	require.ErrorContains(t, err, "system:Ping: evaluate: timed out")
}

func TestChannelAndChaincodeOverrides(t *testing.T) {
	fp := fakepeer.Start(t, func(fakepeer.Request) fakepeer.Response { return fakepeer.Response{} })
	c := connect(t, fp, gateway.WithChannel("other"), gateway.WithChaincode("judicial-v2"), gateway.WithPeer(fakepeer.PeerName))
	_, err := gateway.Evaluate(ctx(t), c, api.Raw(systemapi.Ping.Spec))
	require.NoError(t, err)
	require.Equal(t, "other", fp.Requests()[0].Channel)
	require.Equal(t, "judicial-v2", fp.Requests()[0].Chaincode)
}

func TestTLSServerNameComesFromHostOverride(t *testing.T) {
	fp := fakepeer.Start(t, func(fakepeer.Request) fakepeer.Response { return fakepeer.Response{} })
	fp.WriteProfile(t, "")
	p, err := profile.Load(fp.ProfilePath)
	require.NoError(t, err)
	c, err := gateway.Connect(p, fakepeer.MSPID, fakepeer.Identity)
	require.NoError(t, err, "gRPC dials lazily")
	defer c.Close()

	_, err = gateway.Evaluate(ctx(t), c, api.Raw(systemapi.Ping.Spec))
	var ce *gateway.ConnectError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, fp.Endpoint, ce.Peer)
	require.Contains(t, err.Error(), "connecting to "+fp.Endpoint+" as CourtMSP/judge1: ")
	require.Contains(t, err.Error(), "certificate")
	require.NotContains(t, err.Error(), "rpc error")
	require.Empty(t, fp.Requests())
}

func TestUnreachablePeer(t *testing.T) {
	fp := fakepeer.Start(t, nil)
	data, err := os.ReadFile(fp.ProfilePath)
	require.NoError(t, err)
	// Port 1: nothing listens there. The fake's own port, once freed, could
	// be taken by another test's listener.
	data = []byte(strings.ReplaceAll(string(data), fp.Endpoint, "127.0.0.1:1"))
	require.NoError(t, os.WriteFile(fp.ProfilePath, data, 0o600))
	p, err := profile.Load(fp.ProfilePath)
	require.NoError(t, err)
	c, err := gateway.Connect(p, fakepeer.MSPID, fakepeer.Identity)
	require.NoError(t, err)
	defer c.Close()

	_, _, err = gateway.Submit(ctx(t), c, systemapi.SetParameter)
	var ce *gateway.ConnectError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "127.0.0.1:1", ce.Peer)
	require.Contains(t, err.Error(), "connection refused")
}

func TestConnectErrorsNameWhatIsWrong(t *testing.T) {
	fp := fakepeer.Start(t, nil)
	p, err := profile.Load(fp.ProfilePath)
	require.NoError(t, err)
	users := filepath.Join(fp.Dir, "court/users", fakepeer.Identity, "msp")
	cert, err := os.ReadFile(filepath.Join(users, "signcerts/cert.pem"))
	require.NoError(t, err)

	cases := []struct {
		name     string
		org, id  string
		opts     []gateway.Option
		breakIt  func(t *testing.T)
		contains []string
	}{
		{name: "unknown org", org: "BankMSP", id: fakepeer.Identity, contains: []string{`organization "BankMSP" is not in ` + fp.ProfilePath, "[CourtMSP]"}},
		{name: "unknown identity", org: fakepeer.MSPID, id: "judge9", contains: []string{`identity "judge9" is not in organization CourtMSP; it has [judge1]`}},
		{name: "unknown peer", org: fakepeer.MSPID, id: fakepeer.Identity, opts: []gateway.Option{gateway.WithPeer("peer7")}, contains: []string{`peer "peer7" is not in organization CourtMSP; it has [peer0.court]`}},
		{
			name: "unreadable cert", org: fakepeer.MSPID, id: fakepeer.Identity,
			breakIt:  func(t *testing.T) { require.NoError(t, os.Remove(filepath.Join(users, "signcerts/cert.pem"))) },
			contains: []string{fp.ProfilePath, "organizations.CourtMSP.identities.judge1.cert", filepath.Join(users, "signcerts/cert.pem"), "no such file"},
		},
		{
			name: "keystore with two keys", org: fakepeer.MSPID, id: fakepeer.Identity,
			breakIt: func(t *testing.T) {
				require.NoError(t, os.WriteFile(filepath.Join(users, "signcerts/cert.pem"), cert, 0o600))
				require.NoError(t, os.WriteFile(filepath.Join(users, "keystore/other_sk"), []byte("x"), 0o600))
			},
			contains: []string{"organizations.CourtMSP.identities.judge1.key", "holds 2 files"},
		},
		{
			name: "TLS CA not PEM", org: fakepeer.MSPID, id: fakepeer.Identity,
			breakIt: func(t *testing.T) {
				require.NoError(t, os.Remove(filepath.Join(users, "keystore/other_sk")))
				require.NoError(t, os.WriteFile(filepath.Join(fp.Dir, "court/tls-ca.pem"), []byte("junk"), 0o600))
			},
			contains: []string{`organizations.CourtMSP, peer "peer0.court": tlsCACert`, "holds no PEM certificate"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.breakIt != nil {
				tc.breakIt(t)
			}
			_, err := gateway.Connect(p, tc.org, tc.id, tc.opts...)
			var ce *gateway.ConnectError
			require.ErrorAs(t, err, &ce)
			for _, s := range tc.contains {
				require.ErrorContains(t, err, s)
			}
		})
	}
}
