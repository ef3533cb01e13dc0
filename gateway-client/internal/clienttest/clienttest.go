// Package clienttest is the harness the typed gateway clients' unit tests
// share (gateway-client/system, mediation, deadline, enforcement, credit,
// evidence). Each of those clients is a thin layer over the published
// contract in chaincode/api: a method names a function, puts its
// arguments in order, evaluates or submits it, and decodes the answer.
// A client goes wrong in one of those steps, the same way for every one,
// so they are checked here once, against the table of methods each
// client's test file keeps: rows written by hand for the methods written
// by hand (and for answers worth checking field by field), rows
// clientgen generates (Generated) for the methods it generates. What is
// particular to a client stays in its own tests.
//
// The calls go through fabric-gateway's real client, gRPC and TLS to a
// fake gateway peer in the test process (internal/fakepeer), which records
// the proposal it received: what is checked is what a real peer would see.
package clienttest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/stretchr/testify/require"
)

// Block is the block the fake peer commits every submitted transaction in
// after Answer, so that a test can tell the client reports the commit it
// was given rather than a zero value.
const Block = 7

// Fake is a running fake gateway peer and a typed client C connected to
// it. Tests set what the peer answers (Answer, Refuse, or Peer.Handle for
// anything else) and read what it received from Peer.Requests.
type Fake[C any] struct {
	Peer   *fakepeer.Peer
	Client C
}

// Start runs a fake peer until the test ends and connects to it the way
// an application does, from the connection profile it writes, then makes
// the typed client with newClient (the client package's New).
func Start[C any](t *testing.T, newClient func(*gateway.Client) C) *Fake[C] {
	t.Helper()
	fp := fakepeer.Start(t, nil)
	p, err := profile.Load(fp.ProfilePath)
	require.NoError(t, err)
	c, err := gateway.Connect(p, fakepeer.MSPID, fakepeer.Identity)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return &Fake[C]{Peer: fp, Client: newClient(c)}
}

// Answer makes the peer answer every call with payload, and commit every
// submitted transaction in Block.
func (f *Fake[C]) Answer(payload string) {
	f.Peer.Handle(func(fakepeer.Request) fakepeer.Response {
		return fakepeer.Response{Payload: []byte(payload), Block: Block}
	})
}

// Refuse makes the chaincode refuse every call with message, which may
// end in a refusal code such as "[state]", as the chaincode's do.
func (f *Fake[C]) Refuse(message string) {
	f.Peer.Handle(func(r fakepeer.Request) fakepeer.Response {
		return fakepeer.Response{Err: fakepeer.Refuse(r.Kind, message)}
	})
}

// Method is one method of a typed client C and the proposal it must make:
// a row of the table a client's test file gives Run.
type Method[C any] struct {
	// Name names the subtest; a function called in several ways (with
	// and without options, say) has a row for each.
	Name string
	Fn   api.Function
	// Args are the positional arguments but a JSON request, which is
	// always the last one and must decode to Request.
	Args    []string
	Request any
	// Answer is what the peer answers the call with; Respond, when set,
	// makes the answer from the request instead (an answer sealed to a key
	// the call sends).
	Answer  string
	Respond func(fakepeer.Request) string
	// Call calls the method, and hands back its decoded answer and, for
	// a submit, its transaction (nil for an evaluation).
	Call func(context.Context, C) (any, *gateway.Result, error)
	// Want is what Answer decodes to.
	Want any
	// Raw: the method hands back no decoded answer.
	Raw bool
	// Check looks at the transient data (which must be empty otherwise)
	// and anything else the method sends.
	Check func(t *testing.T, r fakepeer.Request)
}

// Run checks each method of a typed client against its row in methods,
// each subtest on a peer of its own:
//
//   - EveryMethodMakesItsCall: the method calls its function with its
//     arguments in order, as an evaluation or a submit as the function's
//     spec says, sends only the transient data its spec reads, hands back
//     its transaction, and decodes the answer to Want. Every function of
//     namespaces must be called by some method, so a function added to the
//     contract without a client method fails here.
//   - RefusalIsATypedErrorWithItsCode: a chaincode refusal reaches the
//     caller as a *gateway.EndorseError with its code and message apart,
//     and no answer or transaction with it.
//   - UnreadableAnswerNamesTheFunction: an answer that is not the
//     published record is a *gateway.AnswerError naming the function
//     (and, after a submit, the transaction that committed all the same),
//     not a half-read value.
func Run[C any](t *testing.T, newClient func(*gateway.Client) C, methods []Method[C], namespaces ...string) {
	t.Run("EveryMethodMakesItsCall", func(t *testing.T) {
		everyMethodMakesItsCall(t, Start(t, newClient), methods, namespaces)
	})
	t.Run("RefusalIsATypedErrorWithItsCode", func(t *testing.T) {
		refusalIsATypedErrorWithItsCode(t, Start(t, newClient), methods)
	})
	t.Run("UnreadableAnswerNamesTheFunction", func(t *testing.T) {
		unreadableAnswerNamesTheFunction(t, Start(t, newClient), methods)
	})
}

func everyMethodMakesItsCall[C any](t *testing.T, f *Fake[C], methods []Method[C], namespaces []string) {
	seen := map[api.Function]bool{}
	for _, m := range methods {
		t.Run(m.Name, func(t *testing.T) {
			f.Answer(m.Answer)
			if m.Respond != nil {
				f.Peer.Handle(func(r fakepeer.Request) fakepeer.Response {
					return fakepeer.Response{Payload: []byte(m.Respond(r)), Block: Block}
				})
			}
			r, got, res, err := f.once(t, m)
			require.NoError(t, err)
			require.Equal(t, string(m.Fn), r.Function)
			args := r.Args
			if m.Request != nil {
				require.NotEmpty(t, args)
				decoded := reflect.New(reflect.TypeOf(m.Request))
				require.NoError(t, json.Unmarshal([]byte(args[len(args)-1]), decoded.Interface()))
				require.Equal(t, m.Request, decoded.Elem().Interface(), "the request arrives as sent")
				args = args[:len(args)-1]
			}
			if len(m.Args) == 0 {
				require.Empty(t, args)
			} else {
				require.Equal(t, m.Args, args)
			}
			if m.Check != nil {
				m.Check(t, r)
			} else {
				require.Empty(t, r.Transient)
			}
			spec := checkSpec(t, r)
			if spec.Submit {
				require.NotNil(t, res, "a submit tells its transaction")
				require.Equal(t, r.TxID, res.TxID)
				require.Equal(t, uint64(Block), res.Block)
				require.Equal(t, 1, res.Attempts)
			} else {
				require.Nil(t, res)
			}
			if !m.Raw {
				require.Equal(t, m.Want, got)
			}
			seen[m.Fn] = true
		})
	}
	for _, s := range api.Specs() {
		if slices.Contains(namespaces, s.Function.Namespace()) {
			require.True(t, seen[s.Function], "no method of the client calls %s", s.Function)
		}
	}
}

func refusalIsATypedErrorWithItsCode[C any](t *testing.T, f *Fake[C], methods []Method[C]) {
	f.Refuse("case X is concluded [state]")
	for _, m := range methods {
		t.Run(m.Name, func(t *testing.T) {
			r, got, res, err := f.once(t, m)
			require.Error(t, err)
			var ee *gateway.EndorseError
			require.True(t, errors.As(err, &ee), "%T: %v", err, err)
			require.Equal(t, api.CodeState, ee.Code)
			require.Equal(t, api.CodeState, gateway.CodeOf(err))
			require.Equal(t, "case X is concluded", ee.Message, "the code is not part of the message")
			require.True(t, ee.FromChaincode)
			require.Equal(t, string(m.Fn), ee.Function)
			require.Equal(t, r.Kind, ee.Stage)
			require.NotContains(t, err.Error(), "[state]")
			require.True(t, isNil(got), "no answer with an error: %#v", got)
			require.Nil(t, res)
		})
	}
}

func unreadableAnswerNamesTheFunction[C any](t *testing.T, f *Fake[C], methods []Method[C]) {
	f.Answer(`<html>502 Bad Gateway</html>`)
	for _, m := range methods {
		if m.Raw {
			continue
		}
		t.Run(m.Name, func(t *testing.T) {
			r, got, _, err := f.once(t, m)
			require.Error(t, err)
			require.Contains(t, err.Error(), string(m.Fn)+" answered something this client does not read")
			require.True(t, isNil(got), "no half-read answer: %#v", got)
			var ae *gateway.AnswerError
			require.ErrorAs(t, err, &ae)
			require.Equal(t, m.Fn, ae.Function)
			if r.Kind == "endorse" {
				require.NotNil(t, ae.Result, "a submit whose answer is unreadable has committed all the same")
				require.Equal(t, r.TxID, ae.Result.TxID)
				require.Equal(t, uint64(Block), ae.Result.Block)
			} else {
				require.Nil(t, ae.Result)
			}
		})
	}
}

// once runs m against the peer and returns the one request it made: a
// method that calls twice, or not at all, is wrong whatever it answers.
func (f *Fake[C]) once(t *testing.T, m Method[C]) (fakepeer.Request, any, *gateway.Result, error) {
	t.Helper()
	n := len(f.Peer.Requests())
	got, res, err := m.Call(t.Context(), f.Client)
	reqs := f.Peer.Requests()[n:]
	require.Len(t, reqs, 1, "one call to the chaincode")
	return reqs[0], got, res, err
}

// checkSpec checks a request against the function's published spec: the
// kind of call, how many arguments, numbers in decimal, requests in JSON,
// and the transient fields it reads. The table says what one call sends;
// the spec is what the chaincode will accept, so a row copied wrongly
// from the client still fails here.
func checkSpec(t *testing.T, r fakepeer.Request) *api.Spec {
	t.Helper()
	spec, ok := api.Lookup(api.Function(r.Function))
	require.True(t, ok, "%s is a function of the published contract", r.Function)
	if spec.Submit {
		require.Equal(t, "endorse", r.Kind, "%s writes: it is endorsed and submitted", r.Function)
	} else {
		require.Equal(t, "evaluate", r.Kind, "%s reads: it is evaluated", r.Function)
	}
	require.Len(t, r.Args, len(spec.Args), "%s takes %v", r.Function, spec.Args)
	for i, a := range spec.Args {
		switch {
		case a.Form == api.FormInt:
			n, err := strconv.ParseInt(r.Args[i], 10, 64)
			require.NoError(t, err, "argument %s", a.Name)
			require.Equal(t, strconv.FormatInt(n, 10), r.Args[i], "argument %s in decimal", a.Name)
		case a.Form == api.FormJSON:
			require.True(t, json.Valid([]byte(r.Args[i])), "argument %s is JSON: %s", a.Name, r.Args[i])
		}
	}
	var transient []string
	for k := range r.Transient {
		transient = append(transient, k)
	}
	require.ElementsMatch(t, spec.Transient, transient, "transient fields of %s", r.Function)
	require.Equal(t, fakepeer.Channel, r.Channel)
	require.Equal(t, fakepeer.Chaincode, r.Chaincode)
	return spec
}

// isNil tells whether a method's answer is absent. Call hands answers
// back as any, so a nil *Record is a non-nil interface; this looks inside.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
