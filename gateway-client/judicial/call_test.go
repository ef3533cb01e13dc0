package judicial

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func conflict(code peer.TxValidationCode) error {
	return &CommitError{Function: "f", TxID: "t", Code: code}
}

func TestRetryOnlyRetriesReadConflicts(t *testing.T) {
	cases := []struct {
		name     string
		errs     []error
		attempts int
		wantN    int
		wantErr  bool
	}{
		{"success first", []error{nil}, 5, 1, false},
		{"mvcc then success", []error{conflict(peer.TxValidationCode_MVCC_READ_CONFLICT), nil}, 5, 2, false},
		{"phantom then success", []error{conflict(peer.TxValidationCode_PHANTOM_READ_CONFLICT), nil}, 5, 2, false},
		{"gives up after attempts", []error{conflict(peer.TxValidationCode_MVCC_READ_CONFLICT), conflict(peer.TxValidationCode_MVCC_READ_CONFLICT), conflict(peer.TxValidationCode_MVCC_READ_CONFLICT)}, 3, 3, true},
		{"policy failure is final", []error{conflict(peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE), nil}, 5, 1, true},
		{"endorse error is final", []error{&EndorseError{Message: "no"}, nil}, 5, 1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			res, err := retry(context.Background(), tc.attempts, time.Millisecond, func(context.Context) (*Result, error) {
				e := tc.errs[n]
				n++
				if e != nil {
					return nil, e
				}
				return &Result{TxID: "ok"}, nil
			})
			require.Equal(t, tc.wantN, n)
			if tc.wantErr {
				require.Error(t, err)
				var ce *CommitError
				if errors.As(err, &ce) {
					require.Equal(t, tc.wantN, ce.Attempts)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.wantN, res.Attempts)
		})
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	_, err := retry(ctx, 10, time.Hour, func(context.Context) (*Result, error) {
		n++
		cancel()
		return nil, conflict(peer.TxValidationCode_MVCC_READ_CONFLICT)
	})
	require.Error(t, err)
	require.Equal(t, 1, n)
}

func TestWrapPutsTheChaincodeMessageFirst(t *testing.T) {
	st, err := status.New(codes.Aborted, "failed to endorse transaction, see attached details for more info").WithDetails(
		&gateway.ErrorDetail{Address: "127.0.0.1:7051", MspId: "CourtMSP",
			Message: `chaincode response 500, access denied: system:SetParameter needs role judge (CourtMSP); caller MediationMSP/mediator1 has role "mediator"`})
	require.NoError(t, err)
	got := wrap("system:SetParameter", "endorse", st.Err())
	var ee *EndorseError
	require.True(t, errors.As(got, &ee))
	require.Equal(t, `access denied: system:SetParameter needs role judge (CourtMSP); caller MediationMSP/mediator1 has role "mediator"`, ee.Message)
	require.Equal(t, []PeerDetail{{Address: "127.0.0.1:7051", MSPID: "CourtMSP", Message: st.Details()[0].(*gateway.ErrorDetail).Message}}, ee.Details)
	require.Equal(t, ee.Message, ChaincodeMessage(got))
	require.Contains(t, got.Error(), "system:SetParameter: endorse refused: access denied")

	plain := wrap("system:Ping", "evaluate", status.Error(codes.Unknown, "evaluate call to endorser returned error: chaincode response 500, unknown parameter \"x\""))
	require.Equal(t, `unknown parameter "x"`, ChaincodeMessage(plain))
}

func TestCommitErrorNamesTheValidationCode(t *testing.T) {
	e := &CommitError{Function: "system:SetParameter", TxID: "abc", Code: peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE, Block: 12}
	require.Equal(t, "ENDORSEMENT_POLICY_FAILURE", e.CodeName())
	require.Contains(t, e.Error(), "transaction abc was invalidated at commit in block 12: ENDORSEMENT_POLICY_FAILURE")
	require.False(t, e.Retryable())
}
