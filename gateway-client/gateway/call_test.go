package gateway

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"

	"github.com/courtchain/judicial/gateway-client/profile"
	gatewaypb "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// f is a function for the retry tests: what it is does not matter to
// them, and it answers anything.
var f = api.Raw(&api.Spec{Function: "test:F", Submit: true, Anyone: true, Doc: "test"})

// fakeTransactor answers submits from a script, one entry per attempt.
type fakeTransactor struct {
	script    []error
	submits   []request
	evaluates []request
	evalErr   error
}

func (f *fakeTransactor) evaluate(_ context.Context, call request) ([]byte, error) {
	f.evaluates = append(f.evaluates, call)
	if f.evalErr != nil {
		return nil, f.evalErr
	}
	return []byte(`{"ok":true}`), nil
}

func (f *fakeTransactor) submit(_ context.Context, call request) (*Result, error) {
	n := len(f.submits)
	f.submits = append(f.submits, call)
	if n < len(f.script) && f.script[n] != nil {
		return nil, f.script[n]
	}
	return &Result{Payload: []byte("done"), TxID: fmt.Sprintf("tx%d", n+1), Block: uint64(10 + n)}, nil
}

// newFake is a client over a fake, recording the back-off delays instead
// of sleeping them.
func newFake(tx *fakeTransactor, attempts int, base time.Duration) (*Client, *[]time.Duration) {
	var slept []time.Duration
	c := &Client{
		tx: tx, mspID: "CourtMSP", identity: "judge1",
		peer:     profile.Peer{Name: "peer0.court", Endpoint: "127.0.0.1:7051"},
		settings: settings{attempts: attempts, baseDelay: base},
		sleep: func(ctx context.Context, d time.Duration) error {
			slept = append(slept, d)
			return ctx.Err()
		},
	}
	return c, &slept
}

func conflict(code peer.TxValidationCode) error {
	return &CommitError{Function: "f", TxID: "t", Code: code}
}

func TestSubmitRetriesOnlyReadConflicts(t *testing.T) {
	mvcc, phantom := conflict(peer.TxValidationCode_MVCC_READ_CONFLICT), conflict(peer.TxValidationCode_PHANTOM_READ_CONFLICT)
	cases := []struct {
		name     string
		script   []error
		attempts int
		wantN    int
		wantErr  bool
	}{
		{"success first", nil, 5, 1, false},
		{"mvcc then success", []error{mvcc}, 5, 2, false},
		{"phantom then success", []error{phantom}, 5, 2, false},
		{"mixed conflicts then success", []error{mvcc, phantom, mvcc}, 5, 4, false},
		{"gives up after max attempts", []error{mvcc, mvcc, mvcc, mvcc}, 3, 3, true},
		{"one attempt means no retry", []error{mvcc}, 1, 1, true},
		{"policy failure is final", []error{conflict(peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE)}, 5, 1, true},
		{"endorse error is final", []error{&EndorseError{Message: "no"}}, 5, 1, true},
		{"connect error is final", []error{&ConnectError{Err: errors.New("refused")}}, 5, 1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := &fakeTransactor{script: tc.script}
			c, slept := newFake(fake, tc.attempts, time.Millisecond)
			_, res, err := Submit(context.Background(), c, api.Raw(systemapi.SetParameter.Spec), WithArgs("a", "b"))
			require.Len(t, fake.submits, tc.wantN, "each attempt is a new submit")
			require.Len(t, *slept, tc.wantN-1, "a back-off between attempts")
			for _, call := range fake.submits {
				require.Equal(t, request{function: systemapi.SetParameter.Function, args: []string{"a", "b"}}, call)
			}
			if tc.wantErr {
				require.Error(t, err)
				require.Nil(t, res)
				var ce *CommitError
				if errors.As(err, &ce) {
					require.Equal(t, tc.wantN, ce.Attempts)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.wantN, res.Attempts)
			require.Equal(t, fmt.Sprintf("tx%d", tc.wantN), res.TxID, "the result is the last attempt's")
		})
	}
}

func TestBackoffDoublesWithJitterAndACap(t *testing.T) {
	script := make([]error, 9)
	for i := range script {
		script[i] = conflict(peer.TxValidationCode_MVCC_READ_CONFLICT)
	}
	fake := &fakeTransactor{script: script}
	c, slept := newFake(fake, 10, time.Second)
	_, res, err := Submit(context.Background(), c, f)
	require.NoError(t, err)
	require.Equal(t, 10, res.Attempts)
	require.Len(t, *slept, 9)
	for i, d := range *slept {
		base := min(time.Second<<i, maxDelay)
		require.GreaterOrEqual(t, d, base, "try %d", i+2)
		require.LessOrEqual(t, d, base+base/2, "try %d: jitter is at most half the delay", i+2)
	}
}

func TestBackoffSurvivesManyAttemptsAndOddSettings(t *testing.T) {
	script := make([]error, 99)
	for i := range script {
		script[i] = conflict(peer.TxValidationCode_MVCC_READ_CONFLICT)
	}
	c, slept := newFake(&fakeTransactor{script: script}, 100, time.Hour)
	_, _, err := Submit(context.Background(), c, f)
	require.NoError(t, err)
	for _, d := range *slept {
		require.LessOrEqual(t, d, maxDelay+maxDelay/2, "no overflow past the cap")
	}

	for _, base := range []time.Duration{0, -time.Second} {
		c, slept = newFake(&fakeTransactor{script: script[:2]}, 3, base)
		_, _, err = Submit(context.Background(), c, f)
		require.NoError(t, err)
		require.Equal(t, []time.Duration{0, 0}, *slept)
	}
}

func TestSubmitStopsWhenTheContextEndsDuringBackoff(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	fake := &fakeTransactor{script: []error{conflict(peer.TxValidationCode_MVCC_READ_CONFLICT), nil}}
	c, _ := newFake(fake, 5, time.Millisecond)
	c.sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	_, _, err := Submit(ctx, c, f)
	var ce *CommitError
	require.ErrorAs(t, err, &ce, "the caller learns which conflict it gave up on")
	require.Equal(t, 1, ce.Attempts)
	require.Len(t, fake.submits, 1)

	// The real sleep gives up on cancellation too.
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	require.ErrorIs(t, sleepCtx(ctx, time.Hour), context.Canceled)
	require.Less(t, time.Since(start), time.Second)
}

func TestCallsPassTransientAndEndorsingOrgs(t *testing.T) {
	fake := &fakeTransactor{}
	c, slept := newFake(fake, 5, time.Millisecond)
	secret := map[string][]byte{"pii": []byte("x")}
	_, err := Evaluate(context.Background(), c, api.Raw(evidenceapi.Verify.Spec), WithArgs("a", "d"), WithTransient(secret))
	require.NoError(t, err)
	_, _, err = Submit(context.Background(), c, api.Raw(evidenceapi.Anchor.Spec), WithArgs("b"), WithTransient(secret))
	require.NoError(t, err)
	_, _, err = Submit(context.Background(), c, api.Raw(systemapi.SetParameter.Spec), WithArgs("n", "v"), WithEndorsingOrgs("CourtMSP"))
	require.NoError(t, err)
	require.Equal(t, []request{{function: evidenceapi.Verify.Function, args: []string{"a", "d"}, transient: secret}}, fake.evaluates)
	require.Equal(t, []request{
		{function: evidenceapi.Anchor.Function, args: []string{"b"}, transient: secret},
		{function: systemapi.SetParameter.Function, args: []string{"n", "v"}, endorsingOrgs: []string{"CourtMSP"}},
	}, fake.submits)
	require.Empty(t, *slept)
}

func TestUnreachablePeerSaysWhoCouldNotConnect(t *testing.T) {
	refused := status.Error(codes.Unavailable, `connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:7051: connect: connection refused"`)
	fake := &fakeTransactor{evalErr: wrap(systemapi.Ping.Function, "evaluate", refused)}
	c, _ := newFake(fake, 5, time.Millisecond)
	_, err := Evaluate(context.Background(), c, api.Raw(systemapi.Ping.Spec))
	var ce *ConnectError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, ConnectError{Org: "CourtMSP", Identity: "judge1", Peer: "127.0.0.1:7051", Err: refused}, *ce)
	require.EqualError(t, err, "connecting to 127.0.0.1:7051 as CourtMSP/judge1: Error while dialing: dial tcp 127.0.0.1:7051: connect: connection refused")
	require.Equal(t, codes.Unavailable, status.Code(err), "the gRPC status stays reachable")

	fake.script = []error{wrap(systemapi.SetParameter.Function, "endorse", refused)}
	_, _, err = Submit(context.Background(), c, systemapi.SetParameter)
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "127.0.0.1:7051", ce.Peer)
	require.Len(t, fake.submits, 1, "not retried")
}

func withDetails(t *testing.T, code codes.Code, msg string, details ...*gatewaypb.ErrorDetail) error {
	t.Helper()
	st := status.New(code, msg)
	for _, d := range details {
		var err error
		st, err = st.WithDetails(d)
		require.NoError(t, err)
	}
	return st.Err()
}

func TestWrapFindsTheChaincodeMessage(t *testing.T) {
	denied := `caller MediationMSP/mediator1 has role "mediator"; system:SetParameter needs judge (CourtMSP)`
	court := &gatewaypb.ErrorDetail{Address: "127.0.0.1:7051", MspId: "CourtMSP", Message: "chaincode response 500, " + denied}
	cases := []struct {
		name, stage   string
		err           error
		wantMessage   string
		fromChaincode bool
		wantText      string
		wantDetails   int
	}{
		{
			name: "endorse refused by the chaincode", stage: "endorse",
			err:         withDetails(t, codes.Aborted, "failed to endorse transaction, see attached details for more info", court),
			wantMessage: denied, fromChaincode: true, wantDetails: 1,
			wantText: "system:SetParameter: endorse: chaincode refused: " + denied,
		},
		{
			name: "evaluate refused by the chaincode", stage: "evaluate",
			err:         withDetails(t, codes.Unknown, "evaluate call to endorser returned error: chaincode response 500, "+denied, court),
			wantMessage: denied, fromChaincode: true, wantDetails: 1,
			wantText: "system:SetParameter: evaluate: chaincode refused: " + denied,
		},
		{
			name: "evaluate refused without details", stage: "evaluate",
			err:         status.Error(codes.Unknown, `evaluate call to endorser returned error: chaincode response 500, unknown parameter "x"`),
			wantMessage: `unknown parameter "x"`, fromChaincode: true,
			wantText: `system:SetParameter: evaluate: chaincode refused: unknown parameter "x"`,
		},
		{
			name: "endorsement not gathered, a peer's own error", stage: "endorse",
			err: withDetails(t, codes.Aborted, "failed to collect enough transaction endorsements, see attached details for more info",
				&gatewaypb.ErrorDetail{Address: "127.0.0.1:8051", MspId: "MediationMSP", Message: "error in simulation: could not launch chaincode judicial_1.0"}),
			wantMessage: "error in simulation: could not launch chaincode judicial_1.0", wantDetails: 1,
			wantText: "system:SetParameter: endorse: error in simulation: could not launch chaincode judicial_1.0",
		},
		{
			name: "the chaincode's message from the second peer", stage: "endorse",
			err: withDetails(t, codes.Aborted, "failed to collect enough transaction endorsements, see attached details for more info",
				&gatewaypb.ErrorDetail{Address: "127.0.0.1:8051", MspId: "MediationMSP", Message: "rpc error: timeout"}, court),
			wantMessage: denied, fromChaincode: true, wantDetails: 2,
			wantText: "system:SetParameter: endorse: chaincode refused: " + denied,
		},
		{
			name: "gateway refusal without peers", stage: "endorse",
			err:         status.Error(codes.FailedPrecondition, "no combination of peers can be derived which satisfy the endorsement policy"),
			wantMessage: "no combination of peers can be derived which satisfy the endorsement policy",
			wantText:    "system:SetParameter: endorse: no combination of peers can be derived which satisfy the endorsement policy",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := wrap(systemapi.SetParameter.Function, tc.stage, tc.err)
			var ee *EndorseError
			require.ErrorAs(t, got, &ee)
			require.Equal(t, tc.wantMessage, ee.Message)
			require.Equal(t, tc.fromChaincode, ee.FromChaincode)
			require.Len(t, ee.Details, tc.wantDetails)
			require.Equal(t, ee.Details, Details(got))
			require.EqualError(t, got, tc.wantText)
			require.NotContains(t, got.Error(), "rpc error")
			require.Equal(t, tc.wantMessage, ChaincodeMessage(got))
			require.Equal(t, status.Code(tc.err), status.Code(got), "the gRPC status stays reachable")
		})
	}
	got := wrap(systemapi.SetParameter.Function, "endorse", withDetails(t, codes.Aborted, "failed to endorse transaction, see attached details for more info", court))
	require.Equal(t, []PeerDetail{{Address: "127.0.0.1:7051", MSPID: "CourtMSP", Message: "chaincode response 500, " + denied}}, Details(got))
}

func TestWrapOtherFailures(t *testing.T) {
	ordererDetail := &gatewaypb.ErrorDetail{Address: "orderer0:7050", MspId: "OrdererMSP", Message: "SERVICE_UNAVAILABLE"}
	cases := []struct {
		name, stage string
		err         error
		check       func(t *testing.T, err error)
		wantText    string
	}{
		{
			name: "peer refused the connection", stage: "evaluate",
			err: status.Error(codes.Unavailable, `connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:7051: connect: connection refused"`),
			check: func(t *testing.T, err error) {
				var ce *ConnectError
				require.ErrorAs(t, err, &ce)
			},
			wantText: "connecting to the gateway: Error while dialing: dial tcp 127.0.0.1:7051: connect: connection refused",
		},
		{
			name: "TLS name mismatch", stage: "endorse",
			err: status.Error(codes.Unavailable, `connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate is valid for peer0.org1.example.com, not localhost"`),
			check: func(t *testing.T, err error) {
				var ce *ConnectError
				require.ErrorAs(t, err, &ce)
			},
			wantText: "connecting to the gateway: authentication handshake failed: tls: failed to verify certificate: x509: certificate is valid for peer0.org1.example.com, not localhost",
		},
		{
			name: "endorse timed out", stage: "endorse",
			err:      status.Error(codes.DeadlineExceeded, "context deadline exceeded"),
			check:    func(t *testing.T, err error) { require.Equal(t, codes.DeadlineExceeded, status.Code(err)) },
			wantText: "system:SetParameter: endorse: timed out",
		},
		{
			name: "gateway's own timeout", stage: "commit status",
			err:      status.Error(codes.DeadlineExceeded, "evaluate timeout expired"),
			check:    func(t *testing.T, err error) { require.Equal(t, codes.DeadlineExceeded, status.Code(err)) },
			wantText: "system:SetParameter: commit status: timed out: evaluate timeout expired",
		},
		{
			name: "orderer refused", stage: "submit",
			err: withDetails(t, codes.Unavailable, "insufficient number of orderers could successfully process transaction to satisfy quorum requirement", ordererDetail),
			check: func(t *testing.T, err error) {
				require.Equal(t, []PeerDetail{{Address: "orderer0:7050", MSPID: "OrdererMSP", Message: "SERVICE_UNAVAILABLE"}}, Details(err))
				var ee *EndorseError
				require.False(t, errors.As(err, &ee), "the chaincode accepted it")
			},
			wantText: "system:SetParameter: submit: insufficient number of orderers could successfully process transaction to satisfy quorum requirement",
		},
		{
			name: "not a gRPC error", stage: "proposal",
			err:      errors.New("failed to marshal"),
			check:    func(t *testing.T, err error) { require.Nil(t, Details(err)) },
			wantText: "system:SetParameter: proposal: failed to marshal",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := wrap(systemapi.SetParameter.Function, tc.stage, tc.err)
			tc.check(t, got)
			require.EqualError(t, got, tc.wantText)
			require.ErrorIs(t, got, tc.err)
		})
	}
}

func TestCommitErrorNamesTheValidationCode(t *testing.T) {
	e := &CommitError{Function: string(systemapi.SetParameter.Function), TxID: "abc", Code: peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE, Block: 12}
	require.Equal(t, "ENDORSEMENT_POLICY_FAILURE", e.CodeName())
	require.EqualError(t, e, "system:SetParameter: transaction abc was invalidated at commit in block 12: ENDORSEMENT_POLICY_FAILURE")
	require.False(t, e.Retryable())
	e.Code, e.Attempts = peer.TxValidationCode_MVCC_READ_CONFLICT, 5
	require.True(t, e.Retryable())
	require.EqualError(t, e, "system:SetParameter: transaction abc was invalidated at commit in block 12: MVCC_READ_CONFLICT (after 5 attempts)")
	require.Equal(t, e.Error(), ChaincodeMessage(e))
	require.Empty(t, ChaincodeMessage(nil))
}
