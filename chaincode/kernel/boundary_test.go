package kernel_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/stretchr/testify/require"
)

// A contract of the test's own, declared like the chaincode's, shows what
// the boundary does for every function: none of its functions checks a
// role, a time or a bound, writes a record or emits an event by hand.

type note struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

var notes = kernel.Kind[note]{Object: "note", Court: true}

var (
	write = api.Declare[*note](api.Spec{Function: "kerneltest:Write", Submit: true, Roles: []api.Role{api.Clerk},
		Args: []api.Arg{api.String("id"), api.String("text")}, Events: []string{"note.written"}, Doc: "Writes a note, or changes one."})
	read = api.Declare[*note](api.Spec{Function: "kerneltest:Read", Roles: []api.Role{api.Clerk, api.Auditor},
		Args: []api.Arg{api.String("id")}, Transient: []string{"hint"}, Doc: "Reads a note."})
	sneak = api.Declare[api.None](api.Spec{Function: "kerneltest:Sneak", Anyone: true, Doc: "A query that tries to write."})
	drop  = api.Declare[api.None](api.Spec{Function: "kerneltest:Drop", Submit: true, Anyone: true, Doc: "Anyone's write: a marker."})
	fail  = api.Declare[api.None](api.Spec{Function: "kerneltest:Fail", Submit: true, Roles: []api.Role{api.Clerk},
		Args: []api.Arg{api.String("id")}, Events: []string{"note.written"}, Doc: "Changes a note, emits an event, then fails."})
)

type testContract struct{ contractapi.Contract }

func (c *testContract) Write(t *kernel.Tx, id, text string) (*note, error) {
	n, err := notes.Get(t, id)
	if err != nil {
		return nil, err
	}
	if n == nil {
		n = &note{ID: id}
		if err := notes.Put(t, n, id); err != nil {
			return nil, err
		}
	}
	n.Text = text
	t.Event("note.written", id, nil)
	return n, nil
}

func (c *testContract) Read(t *kernel.Tx, id string) (*note, error) { return notes.Must(t, id) }

func (c *testContract) Sneak(t *kernel.Tx) error { return t.GetStub().PutState("sneaked", []byte{1}) }

func (c *testContract) Drop(t *kernel.Tx) error { return t.GetStub().PutState("dropped", []byte{1}) }

func (c *testContract) Fail(t *kernel.Tx, id string) error {
	n, err := notes.Must(t, id)
	if err != nil {
		return err
	}
	n.Text = "changed, then refused"
	t.Event("note.written", id, nil)
	return kernel.Errorf(api.CodeState, "refused after a change")
}

var contract = &testContract{Contract: kernel.NewContract("kerneltest")}

// boundaryLedger serves the test contract and the system contract's
// parameters (read through the kernel).
func boundaryLedger() *ledgertest.Ledger { return ledgertest.New(contract) }

// A caller without the function's role is refused before anything is
// read; so is a call of a function that is not declared.
func TestTheBoundaryAuthorisesFirst(t *testing.T) {
	l := boundaryLedger()
	tx := l.Tx(ledgertest.Auditor)
	_, err := ledgertest.Call(tx, write, "n1", "x")
	require.ErrorContains(t, err, "access denied: kerneltest:Write needs role clerk (CourtMSP); caller CourtMSP/auditor has role \"auditor\"")
	require.True(t, api.Is(err, api.CodeDenied))
	require.Zero(t, tx.Stub.GetStateCallCount(), "a refused caller reads nothing")

	_, err = l.Tx(ledgertest.Clerk).Invoke("kerneltest:Nothing")
	require.ErrorContains(t, err, "function kerneltest:Nothing is not in the published contract")
	require.True(t, api.Is(err, api.CodeInvalid))
}

// A function that writes runs only on a proposal whose time is within the
// channel's window of this server's clock; a query's time is the
// caller's own business; the window's edge is inside it.
func TestTheBoundaryChecksTheTimeOfWrites(t *testing.T) {
	l := boundaryLedger()
	for _, skew := range []time.Duration{-400 * 24 * time.Hour, 5*time.Minute + time.Second, -5*time.Minute - time.Second} {
		l.ServerSkew = skew
		tx := l.Tx(ledgertest.Clerk)
		_, err := ledgertest.Call(tx, write, "n1", "x")
		require.ErrorContains(t, err, "the proposal's timestamp 2026-01-05T09:00:00Z is", "skew %s", skew)
		require.ErrorContains(t, err, "beyond the window of 5m0s (parameter time.window): refusing to endorse kerneltest:Write")
		require.True(t, api.Is(err, api.CodeTime))
		require.Empty(t, tx.Writes())
		_, err = ledgertest.Call(l.Tx(ledgertest.Clerk), read, "n1")
		require.ErrorContains(t, err, "note n1 is not on the ledger", "a query is not refused for its time")
	}
	l.ServerSkew = 5 * time.Minute
	ledgertest.MustDo(t, l, ledgertest.Clerk, write, "n1", "x")
}

// Anyone may submit some functions, which the boundary does not check in
// advance: their first write is checked instead.
func TestEveryWriteIsGuardedByTheTime(t *testing.T) {
	l := boundaryLedger()
	l.ServerSkew = time.Hour
	tx := l.Tx(ledgertest.Mediator)
	_, err := ledgertest.Call(tx, drop)
	require.ErrorContains(t, err, "refusing to endorse kerneltest:Drop")
	require.Empty(t, tx.Writes())
	l.ServerSkew = 0
	ledgertest.MustDo(t, l, ledgertest.Mediator, drop)
	require.NotNil(t, l.State["dropped"])
}

// A court may narrow the window; the check follows the parameter.
func TestTheWindowIsAChannelParameter(t *testing.T) {
	l := boundaryLedger()
	tx := l.Tx(ledgertest.Judge)
	k := tx.Kernel()
	_, err := kernel.SetParameter(k, system.TimestampWindow, "30s")
	require.NoError(t, err)
	require.NoError(t, k.End())
	tx.Commit()
	l.ServerSkew = time.Minute
	_, err = ledgertest.Do(l, ledgertest.Clerk, write, "n1", "x")
	require.ErrorContains(t, err, "beyond the window of 30s")
	_, err = kernel.SetParameter(l.Tx(ledgertest.Judge).Kernel(), system.TimestampWindow, "2h")
	require.ErrorContains(t, err, "outside the allowed range 1s to 1h0m0s", "the window has an upper bound")
}

// A query writes nothing, whatever it tries.
func TestAQueryWritesNothing(t *testing.T) {
	tx := boundaryLedger().Tx(ledgertest.Clerk)
	_, err := ledgertest.Call(tx, sneak)
	require.ErrorContains(t, err, "kerneltest:Sneak is a query: it writes nothing")
	require.Empty(t, tx.Writes())
}

// The boundary bounds the arguments and the transient data before the
// function reads them: their number, their size, and no transient field
// the function does not read.
func TestTheBoundaryBoundsWhatACallCarries(t *testing.T) {
	l := boundaryLedger()
	_, err := l.Tx(ledgertest.Clerk).Invoke(write.Function, "n1")
	require.ErrorContains(t, err, "kerneltest:Write takes 2 arguments, not 1")
	_, err = ledgertest.Call(l.Tx(ledgertest.Clerk), write, "n1", strings.Repeat("x", api.MaxArg+1))
	require.ErrorContains(t, err, "kerneltest:Write: argument text is 4097 bytes long; at most 4096")
	_, err = ledgertest.Call(l.Tx(ledgertest.Clerk).WithTransient(map[string][]byte{"idNumber": []byte("x")}), read, "n1")
	require.ErrorContains(t, err, `kerneltest:Read reads no transient field "idNumber" (it reads: hint)`)
	_, err = ledgertest.Call(l.Tx(ledgertest.Clerk).WithTransient(map[string][]byte{"hint": make([]byte, api.MaxTransient+1)}), read, "n1")
	require.ErrorContains(t, err, "transient field hint is 65537 bytes long; at most 65536")
	_, err = ledgertest.Call(l.Tx(ledgertest.Clerk).WithTransient(map[string][]byte{"hint": []byte("x")}), read, "n1")
	require.ErrorContains(t, err, "note n1 is not on the ledger", "a declared field passes")
}

// A record is written once, when the function succeeded, under the
// court's policy when its kind says so, and only if it changed; a refused
// function writes nothing and emits nothing.
func TestRecordsAreWrittenOnceAtTheEnd(t *testing.T) {
	l := boundaryLedger()
	tx := l.Tx(ledgertest.Clerk)
	n, err := ledgertest.Call(tx, write, "n1", "first")
	require.NoError(t, err)
	require.Equal(t, &note{ID: "n1", Text: "first"}, n)
	key, err := notes.Key(tx.Kernel(), "n1")
	require.NoError(t, err)
	require.Equal(t, `{"id":"n1","text":"first"}`, string(tx.Writes()[key]))
	require.Contains(t, tx.Policies(), key, "a court record carries the court's policy")
	require.Equal(t, 1, tx.Stub.PutStateCallCount(), "one write")
	tx.Commit()

	tx = l.Tx(ledgertest.Clerk)
	_, err = ledgertest.Call(tx, write, "n1", "first")
	require.NoError(t, err)
	require.Empty(t, tx.Writes(), "a record that did not change is not written")

	tx = l.Tx(ledgertest.Clerk)
	_, err = ledgertest.Call(tx, fail, "n1")
	require.ErrorContains(t, err, "refused after a change")
	require.Empty(t, tx.Writes())
	require.Nil(t, tx.Event())
}

// A transaction's events travel in one chaincode event.
func TestEventsTravelInOneEnvelope(t *testing.T) {
	l := boundaryLedger()
	tx := l.Tx(ledgertest.Clerk)
	k := tx.Kernel()
	require.NoError(t, k.End())
	require.Nil(t, tx.Event(), "no events, no chaincode event")
	k.Event("case.opened", "C1", map[string]string{"kind": "trial"})
	k.Event("filing.docketed", "F1", nil)
	require.NoError(t, k.End())
	var env api.EventEnvelope
	require.NoError(t, json.Unmarshal(tx.Event(), &env))
	require.Equal(t, tx.Stub.GetTxID(), env.TxID)
	require.Equal(t, []api.Event{{Type: "case.opened", ID: "C1", Details: map[string]string{"kind": "trial"}}, {Type: "filing.docketed", ID: "F1"}}, env.Events)
}
