package judicial

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/status"
)

// PeerDetail is one peer's answer inside a gateway error.
type PeerDetail struct {
	Address string `json:"address"`
	MSPID   string `json:"mspId"`
	Message string `json:"message"`
}

// EndorseError is a call the peers refused: the chaincode returned an
// error, or no endorsement could be gathered. Message is the chaincode's
// own text when there is one.
type EndorseError struct {
	Function string       `json:"function"`
	Stage    string       `json:"stage"`
	TxID     string       `json:"txId,omitempty"`
	Message  string       `json:"message"`
	Details  []PeerDetail `json:"details,omitempty"`
	Err      error        `json:"-"`
}

func (e *EndorseError) Error() string {
	return fmt.Sprintf("%s: %s refused: %s", e.Function, e.Stage, e.Message)
}

func (e *EndorseError) Unwrap() error { return e.Err }

// CommitError is a transaction that was ordered but invalidated by the
// peers, with Fabric's validation code (MVCC_READ_CONFLICT,
// ENDORSEMENT_POLICY_FAILURE, ...).
type CommitError struct {
	Function string                `json:"function"`
	TxID     string                `json:"txId"`
	Code     peer.TxValidationCode `json:"-"`
	Block    uint64                `json:"block"`
	Attempts int                   `json:"attempts"`
}

// CodeName is the validation code's name.
func (e *CommitError) CodeName() string { return e.Code.String() }

func (e *CommitError) Error() string {
	s := fmt.Sprintf("%s: transaction %s was invalidated at commit in block %d: %s", e.Function, e.TxID, e.Block, e.Code)
	if e.Attempts > 1 {
		s += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return s
}

// ChaincodeMessage returns the chaincode's message inside err, or err's text.
func ChaincodeMessage(err error) string {
	var ee *EndorseError
	if errors.As(err, &ee) {
		return ee.Message
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// wrap turns fabric-gateway's errors into this package's, keeping the
// chaincode's message and each peer's detail.
func wrap(function, stage string, err error) error {
	var commitErr *client.CommitError
	if errors.As(err, &commitErr) {
		return &CommitError{Function: function, TxID: commitErr.TransactionID, Code: commitErr.Code}
	}
	st, ok := status.FromError(err)
	if !ok {
		return fmt.Errorf("%s: %s: %w", function, stage, err)
	}
	e := &EndorseError{Function: function, Stage: stage, Err: err}
	var txErr *client.TransactionError
	if errors.As(err, &txErr) {
		e.TxID = txErr.TransactionID
	}
	for _, d := range st.Details() {
		if detail, ok := d.(*gateway.ErrorDetail); ok {
			e.Details = append(e.Details, PeerDetail{Address: detail.GetAddress(), MSPID: detail.GetMspId(), Message: detail.GetMessage()})
		}
	}
	e.Message = chaincodeText(st.Message())
	// The gateway's own message is generic when the peers answered; the
	// first peer's message then says what the chaincode said.
	for _, d := range e.Details {
		if strings.Contains(d.Message, "chaincode response") || e.Message == "" || strings.Contains(e.Message, "see attached details") {
			e.Message = chaincodeText(d.Message)
			break
		}
	}
	return e
}

// chaincodeText strips the peer's framing ("... chaincode response 500, ")
// so the chaincode's own message comes first.
func chaincodeText(msg string) string {
	if i := strings.Index(msg, "chaincode response "); i >= 0 {
		rest := msg[i+len("chaincode response "):]
		if j := strings.Index(rest, ", "); j >= 0 {
			return rest[j+2:]
		}
	}
	return msg
}
