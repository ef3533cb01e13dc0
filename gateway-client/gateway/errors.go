package gateway

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-gateway/pkg/client"
	gatewaypb "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// PeerDetail is one peer's answer inside a gateway error.
type PeerDetail struct {
	Address string `json:"address"`
	MSPID   string `json:"mspId"`
	Message string `json:"message"`
}

// EndorseError is a call the peers refused at evaluation or endorsement:
// the chaincode returned an error, or no endorsement could be gathered.
// Message is the chaincode's own text when FromChaincode, the gateway's
// otherwise, without gRPC's framing either way.
type EndorseError struct {
	Function string `json:"function"`
	Stage    string `json:"stage"`
	TxID     string `json:"txId,omitempty"`
	Message  string `json:"message"`
	// Code is the chaincode's refusal code (api.CodeDenied, ...), empty
	// when the chaincode gave none or did not answer.
	Code          api.Code     `json:"code,omitempty"`
	FromChaincode bool         `json:"fromChaincode"`
	Details       []PeerDetail `json:"details,omitempty"`
	Err           error        `json:"-"`
}

func (e *EndorseError) Error() string {
	if e.FromChaincode {
		return fmt.Sprintf("%s: %s: chaincode refused: %s", e.Function, e.Stage, e.Message)
	}
	return fmt.Sprintf("%s: %s: %s", e.Function, e.Stage, e.Message)
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

// callError is any other failure of a call: the orderer did not take the
// transaction, its status could not be had, or a step timed out. It keeps
// fabric-gateway's error for errors.As (client.SubmitError, ...).
type callError struct {
	function, stage, message string
	details                  []PeerDetail
	err                      error
}

func (e *callError) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.function, e.stage, e.message)
}

func (e *callError) Unwrap() error { return e.err }

// ChaincodeMessage returns the chaincode's message inside err, or err's
// text when the chaincode said nothing.
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

// CodeOf is the chaincode's refusal code inside err, or "" if err is not
// a refusal the chaincode coded.
func CodeOf(err error) api.Code {
	var ee *EndorseError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return ""
}

// Details returns what each peer (or orderer) answered inside err, if the
// gateway attached anything.
func Details(err error) []PeerDetail {
	var ee *EndorseError
	if errors.As(err, &ee) {
		return ee.Details
	}
	var ce *callError
	if errors.As(err, &ce) {
		return ce.details
	}
	return nil
}

// wrap turns fabric-gateway's errors into this package's, keeping the
// chaincode's message and each peer's detail.
func wrap(fn api.Function, stage string, err error) error {
	function := string(fn)
	var commitErr *client.CommitError
	if errors.As(err, &commitErr) {
		return &CommitError{Function: function, TxID: commitErr.TransactionID, Code: commitErr.Code}
	}
	st, ok := status.FromError(err)
	if !ok {
		return &callError{function: function, stage: stage, message: err.Error(), err: err}
	}
	var details []PeerDetail
	for _, d := range st.Details() {
		if detail, ok := d.(*gatewaypb.ErrorDetail); ok {
			details = append(details, PeerDetail{Address: detail.GetAddress(), MSPID: detail.GetMspId(), Message: detail.GetMessage()})
		}
	}
	switch {
	case st.Code() == codes.Unavailable && len(details) == 0 && isTransportFailure(st.Message()):
		return &ConnectError{Err: err}
	case (stage == "evaluate" || stage == "endorse") && st.Code() != codes.DeadlineExceeded && st.Code() != codes.Canceled:
		e := &EndorseError{Function: function, Stage: stage, Details: details, Err: err}
		var txErr *client.TransactionError
		if errors.As(err, &txErr) {
			e.TxID = txErr.TransactionID
		}
		e.Message, e.FromChaincode = refusal(st.Message(), details)
		if e.FromChaincode {
			e.Code, e.Message = api.CodeOf(e.Message), api.StripCode(e.Message)
		}
		return e
	case st.Code() == codes.DeadlineExceeded:
		// The text varies with who noticed first (client, server, a
		// stream reset); that the step ran out of time is what matters.
		msg := "timed out"
		if m := st.Message(); !strings.Contains(m, "context deadline exceeded") {
			msg += ": " + m
		}
		return &callError{function: function, stage: stage, message: msg, details: details, err: err}
	default:
		return &callError{function: function, stage: stage, message: st.Message(), details: details, err: err}
	}
}

// refusal finds what to tell about a refused call. When the peers
// answered, the gateway's own message is generic ("failed to endorse
// transaction, see attached details for more info"): the first peer that
// ran the chaincode says what it said, or else the first peer at all.
func refusal(summary string, details []PeerDetail) (message string, fromChaincode bool) {
	if msg, ok := chaincodeText(summary); ok {
		return msg, true
	}
	for _, d := range details {
		if msg, ok := chaincodeText(d.Message); ok {
			return msg, true
		}
	}
	if len(details) > 0 && (summary == "" || strings.Contains(summary, "see attached details")) {
		return details[0].Message, false
	}
	return summary, false
}

// isTransportFailure tells a peer that could not be reached (refused,
// unresolvable, TLS handshake failed) from a gateway that answered
// "unavailable" about the peers behind it.
func isTransportFailure(msg string) bool {
	for _, s := range []string{"connection error:", "last connection error:", "name resolver error:", "produced zero addresses"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// chaincodeText strips the peer's framing ("... chaincode response 500, ")
// so the chaincode's own message comes first, and says whether there was
// such a response.
func chaincodeText(msg string) (string, bool) {
	const marker = "chaincode response "
	if i := strings.Index(msg, marker); i >= 0 {
		rest := msg[i+len(marker):]
		if j := strings.Index(rest, ", "); j >= 0 {
			return rest[j+2:], true
		}
	}
	return msg, false
}

// plain is an error's text without gRPC's "rpc error: code = … desc ="
// and transport framing, which say nothing to the person reading it.
func plain(err error) string {
	if err == nil {
		return ""
	}
	st, ok := status.FromError(err)
	if !ok {
		return err.Error()
	}
	msg := st.Message()
	if rest, ok := strings.CutPrefix(msg, "connection error: desc = "); ok {
		if unquoted, err := strconv.Unquote(rest); err == nil {
			msg = unquoted
		}
	}
	return strings.TrimPrefix(msg, "transport: ")
}
