package ledgertest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/stretchr/testify/require"
)

// Refusal is a call the chaincode refused: its message as a client would
// read it, with the code at its end (api.Is reads it).
type Refusal struct {
	Message string
}

func (r *Refusal) Error() string { return r.Message }

// Invoke runs the function called fn with its wire arguments in tx,
// through the chaincode's dispatcher, and returns its answer as a peer
// would, or its refusal.
func (tx *Tx) Invoke(fn api.Function, args ...string) ([]byte, error) {
	if tx.ledger.cc == nil {
		panic("ledgertest: this ledger serves no contracts: pass them to New")
	}
	tx.Stub.GetFunctionAndParametersReturns(string(fn), args)
	resp := tx.ledger.cc.Invoke(tx.Stub)
	if resp.GetStatus() != shim.OK {
		return nil, &Refusal{Message: resp.GetMessage()}
	}
	return resp.GetPayload(), nil
}

// Call runs fn in tx with Go values as its arguments (api.Spec.Encode: a
// string is sent as it is, so a test can send what no client would) and
// decodes its answer. Arguments that do not fit fn's declaration are the
// test's own mistake, and panic.
func Call[R any](tx *Tx, fn api.Fn[R], args ...any) (R, error) {
	var zero R
	wire, err := fn.Encode(args...)
	if err != nil {
		panic("ledgertest: " + err.Error())
	}
	payload, err := tx.Invoke(fn.Function, wire...)
	if err != nil {
		return zero, err
	}
	tx.requireDeclaredEvents(fn.Spec)
	v, err := fn.Decode(payload)
	if err != nil {
		return zero, fmt.Errorf("ledgertest: %s answered %q, which does not decode as %T: %w", fn, payload, zero, err)
	}
	return v, nil
}

// requireDeclaredEvents panics when a call emitted an event its
// declaration does not list: docs/api.md and the applications that
// follow the events rely on the list.
func (tx *Tx) requireDeclaredEvents(spec *api.Spec) {
	if tx.event == nil {
		return
	}
	var env api.EventEnvelope
	if err := json.Unmarshal(tx.event, &env); err != nil {
		panic(fmt.Sprintf("ledgertest: %s emitted an event that is not an envelope: %v", spec.Function, err))
	}
	allowed := spec.MayEmit()
	for _, e := range env.Events {
		if !slices.Contains(allowed, e.Type) {
			panic(fmt.Sprintf("ledgertest: %s emitted event %q, which its declaration does not list (it lists %v)", spec.Function, e.Type, allowed))
		}
	}
}

// Run runs fn as one transaction by who and commits it if fn succeeds:
// fn makes its call, or calls, with Call.
func Run[T any](l *Ledger, who Identity, fn func(*Tx) (T, error)) (T, error) {
	tx := l.Tx(who)
	v, err := fn(tx)
	if err == nil {
		tx.Commit()
	}
	return v, err
}

// Must is Run for a step that has to succeed.
func Must[T any](t testing.TB, l *Ledger, who Identity, fn func(*Tx) (T, error)) T {
	t.Helper()
	v, err := Run(l, who, fn)
	require.NoError(t, err)
	return v
}

// Do calls fn as one transaction by who and commits it if it succeeds.
func Do[R any](l *Ledger, who Identity, fn api.Fn[R], args ...any) (R, error) {
	return Run(l, who, func(tx *Tx) (R, error) { return Call(tx, fn, args...) })
}

// MustDo is Do for a step that has to succeed.
func MustDo[R any](t testing.TB, l *Ledger, who Identity, fn api.Fn[R], args ...any) R {
	t.Helper()
	v, err := Do(l, who, fn, args...)
	require.NoError(t, err, "%s by %s", fn, who.Name)
	return v
}

// Hex is the SHA-256 of s in hex: a digest, or a pseudonym, that tests
// can name.
func Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// JSON marshals a request.
func JSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
