package judicial

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/courtchain/judicial/chaincode/api"
)

// The typed clients of each capability are built on these: a function of
// the published contract (chaincode/api) in, its JSON answer decoded out.

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

// Query evaluates a call and decodes its answer.
func Query[T any](ctx context.Context, c *Client, call Call) (T, error) {
	var v T
	payload, err := c.EvaluateCall(ctx, call)
	if err != nil {
		return v, err
	}
	if err := decode(payload, &v); err != nil {
		return v, &AnswerError{Function: call.Function, Err: err}
	}
	return v, nil
}

// Invoke submits a call, waits for its commit and decodes its answer. An
// answer it cannot read is an *AnswerError that carries the committed
// transaction, which is also returned.
func Invoke[T any](ctx context.Context, c *Client, call Call) (T, *Result, error) {
	var v T
	res, err := c.SubmitCall(ctx, call)
	if err != nil {
		return v, nil, err
	}
	if err := decode(res.Payload, &v); err != nil {
		return v, res, &AnswerError{Function: call.Function, Result: res, Err: err}
	}
	return v, res, nil
}

// EvaluateAs evaluates fn with args and decodes its answer into a new T.
func EvaluateAs[T any](ctx context.Context, c *Client, fn api.Function, args ...string) (*T, error) {
	return Query[*T](ctx, c, Call{Function: fn, Args: args})
}

// SubmitAs submits fn with args and decodes its answer into a new T.
func SubmitAs[T any](ctx context.Context, c *Client, fn api.Function, args ...string) (*T, *Result, error) {
	return Invoke[*T](ctx, c, Call{Function: fn, Args: args})
}

// SubmitRequest submits fn with args followed by req as JSON: requests
// are always a function's last argument.
func SubmitRequest[T any](ctx context.Context, c *Client, fn api.Function, req any, args ...string) (*T, *Result, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, nil, err
	}
	return SubmitAs[T](ctx, c, fn, append(args, string(body))...)
}

// decode reads a JSON answer into v; a record (a pointer) must be there:
// a null answer is not one.
func decode(payload []byte, v any) error {
	if err := json.Unmarshal(payload, v); err != nil {
		return err
	}
	if p := reflect.ValueOf(v).Elem(); p.Kind() == reflect.Pointer && p.IsNil() {
		return errors.New("no record (null)")
	}
	return nil
}
