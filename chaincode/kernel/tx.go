package kernel

import (
	"encoding/json"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/state"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Tx is one transaction as a contract function sees it: the Fabric
// context, the authorised caller, the transaction's time and the domain
// events it causes. Helpers take a *Tx where they would take the context.
type Tx struct {
	contractapi.TransactionContextInterface
	Function api.Function
	Caller   api.Actor
	// Now is the proposal's timestamp: the only clock that writes use.
	Now    time.Time
	events []api.Event
}

// Begin starts a transaction that writes: the caller must hold one of the
// roles fn's spec gives it, and the proposal's timestamp must be within
// the channel's time.window of this chaincode server's clock. The role is
// checked before anything is read.
func Begin(ctx contractapi.TransactionContextInterface, fn api.Function) (*Tx, error) {
	tx, err := Read(ctx, fn)
	if err != nil {
		return nil, err
	}
	if err := tx.checkFresh(); err != nil {
		return nil, err
	}
	return tx, nil
}

// Read starts a transaction that only reads: the caller is authorised as
// for Begin, and Now is the proposal's time, unchecked (a caller who lies
// about the time of a query misleads only itself). A function open to
// anyone enrolled does not identify its caller: the peer has checked the
// signature, and reading the certificate's attributes is work the hot
// public queries (verification) need not do.
func Read(ctx contractapi.TransactionContextInterface, fn api.Function) (*Tx, error) {
	spec, ok := api.Lookup(fn)
	if !ok {
		return nil, Errorf(api.CodeInvalid, "function %s is not in the published contract", fn)
	}
	var caller api.Actor
	if len(spec.Roles) > 0 || spec.Submit {
		var err error
		if caller, err = access.Require(ctx.GetClientIdentity(), string(fn), spec.Roles...); err != nil {
			return nil, err
		}
	}
	now, err := txTime(ctx)
	if err != nil {
		return nil, err
	}
	return &Tx{TransactionContextInterface: withMemo(ctx), Function: fn, Caller: caller, Now: now}, nil
}

// TxID is the transaction's ID.
func (t *Tx) TxID() string { return t.GetStub().GetTxID() }

// At is the transaction's time as records store it.
func (t *Tx) At() string { return t.Now.Format(time.RFC3339Nano) }

// Auto is the stamp of a step the contract takes on its own in this
// transaction.
func (t *Tx) Auto() api.Actor { return api.Automatic(t.Caller) }

// Event records a domain event of the transaction.
func (t *Tx) Event(typ, id string, details map[string]string) {
	t.events = append(t.events, api.Event{Type: typ, ID: id, Details: details})
}

// Events are the transaction's domain events so far.
func (t *Tx) Events() []api.Event { return t.events }

// Finish emits the transaction's events unless err says an earlier step
// failed; it returns err, or the emission's error.
func (t *Tx) Finish(err error) error {
	if err != nil || len(t.events) == 0 {
		return err
	}
	payload, err := json.Marshal(api.EventEnvelope{TxID: t.TxID(), Events: t.events})
	if err != nil {
		return err
	}
	return t.GetStub().SetEvent(api.EventName, payload)
}

// Lookup is a contract's plain getter: it authorises fn's caller as Read
// does and reads the record object/id, which must exist.
func Lookup[T any](ctx contractapi.TransactionContextInterface, fn api.Function, object, id string) (*T, error) {
	tx, err := Read(ctx, fn)
	if err != nil {
		return nil, err
	}
	var v T
	if err := state.MustGet(tx, object, id, &v); err != nil {
		return nil, err
	}
	return &v, nil
}
