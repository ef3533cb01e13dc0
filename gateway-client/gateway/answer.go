package gateway

import (
	"fmt"

	"github.com/courtchain/judicial/chaincode/api"
)

// AnswerError is an answer this client cannot read: the chaincode
// answered something other than the published record. After a submit the
// transaction has committed all the same, and Result says where.
type AnswerError struct {
	Function api.Function
	// Result is the committed transaction; nil after an evaluation.
	Result *Result
	Err    error
}

func (e *AnswerError) Error() string {
	msg := fmt.Sprintf("%s answered something this client does not read: %v", e.Function, e.Err)
	if e.Result != nil {
		msg += fmt.Sprintf(" (the transaction %s committed in block %d)", e.Result.TxID, e.Result.Block)
	}
	return msg
}

func (e *AnswerError) Unwrap() error { return e.Err }
