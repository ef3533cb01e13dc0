package kernel

import (
	"encoding/json"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-chaincode-go/v2/pkg/cid"
	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Tx is one transaction as a contract function sees it: contractapi makes
// one for every call (it is each contract's transaction context), and the
// boundary (boundary.go) fills it in before the function runs and ends it
// after. It carries the authorised caller, the transaction's time, the
// records the transaction read or created (records.go) and the domain
// events it causes; the function only reads, decides and changes records.
type Tx struct {
	contractapi.TransactionContext
	stub *stub
	// Spec is the function called, as chaincode/api declares it.
	Spec *api.Spec
	// Caller is who submitted it. A query any enrolled identity may make
	// leaves it empty: reading the certificate is work the hot public
	// queries (verification) need not do.
	Caller api.Actor
	// Now is the proposal's timestamp: the only clock that writes use.
	Now     time.Time
	fresh   bool
	events  []api.Event
	records records
	// ending are the steps that derive records from the transaction's
	// changes when it ends (OnEnd), in the order they were added.
	ending []ender
}

// SetStub is how contractapi hands the transaction the peer's stub; the
// functions see it through a stub that remembers what the peer answered
// and guards every write (stub.go).
func (t *Tx) SetStub(s shim.ChaincodeStubInterface) {
	t.TransactionContext.SetStub(s)
	t.stub = newStub(t, s)
}

// GetStub is the transaction's stub.
func (t *Tx) GetStub() shim.ChaincodeStubInterface { return t.stub }

// Open makes a transaction outside a contract call, for the kernel's own
// tests and tools: the caller and time are given, every write allowed.
func Open(s shim.ChaincodeStubInterface, ci cid.ClientIdentity, caller api.Actor, now time.Time) *Tx {
	t := &Tx{Spec: &api.Spec{Function: "kernel:Open", Submit: true, Anyone: true}, Caller: caller, Now: now, fresh: true}
	t.SetStub(s)
	t.SetClientIdentity(ci)
	return t
}

// Function is the function called.
func (t *Tx) Function() api.Function { return t.Spec.Function }

// TxID is the transaction's ID.
func (t *Tx) TxID() string { return t.GetStub().GetTxID() }

// At is the transaction's time as records store it.
func (t *Tx) At() string { return t.Now.Format(time.RFC3339Nano) }

// Auto is the stamp of a step the contract takes on its own in this
// transaction.
func (t *Tx) Auto() api.Actor { return api.Automatic(t.Caller) }

// Identify reads the caller from the certificate, also where the
// boundary did not need to.
func (t *Tx) Identify() (api.Actor, error) { return access.Identify(t.GetClientIdentity()) }

// Event records a domain event of the transaction.
func (t *Tx) Event(typ, id string, details map[string]string) {
	t.events = append(t.events, api.Event{Type: typ, ID: id, Details: details})
}

// Events are the transaction's domain events so far.
func (t *Tx) Events() []api.Event { return t.events }

// emit sends the transaction's events as its one chaincode event: Fabric
// keeps only the last event a transaction sets.
func (t *Tx) emit() error {
	if len(t.events) == 0 {
		return nil
	}
	payload, err := json.Marshal(api.EventEnvelope{TxID: t.TxID(), Events: t.events})
	if err != nil {
		return err
	}
	return t.GetStub().SetEvent(api.EventName, payload)
}
