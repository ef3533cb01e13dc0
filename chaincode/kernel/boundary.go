package kernel

import (
	"fmt"
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// The transaction boundary is the same for every function, so no
// function writes it: contractapi calls the contract's before hook, then
// the function, then its after hook (only when the function succeeded),
// all with the same *Tx. Before the function runs, the call is checked
// against the function's declaration in chaincode/api:
//
//   - the function is declared, and takes the arguments it declares, none
//     longer than its bound, and no transient field it does not read;
//   - the caller holds one of its roles, granted by the org that may
//     grant it (unless it is declared open to anyone);
//   - a function that writes runs only on a proposal whose timestamp is
//     within the channel's time.window of this server's clock, and every
//     write, by any function, is guarded the same way (stub.go);
//
// and after it succeeds, the records it read and changed are written once,
// in key order (records.go), and its domain events are sent as one
// chaincode event. A function that fails writes nothing: its writes were
// never made.

// NewContract is a contract of the judicial chaincode: its namespace, its
// transaction context (*Tx) and the boundary's hooks.
func NewContract(namespace string) contractapi.Contract {
	return contractapi.Contract{
		Name:                      namespace,
		TransactionContextHandler: new(Tx),
		BeforeTransaction:         func(t *Tx) error { return t.begin(namespace) },
		AfterTransaction:          func(t *Tx, _ interface{}) error { return t.End() },
	}
}

// begin checks the call against its declaration.
func (t *Tx) begin(namespace string) error {
	name, args := t.TransactionContext.GetStub().GetFunctionAndParameters()
	if !strings.Contains(name, ":") {
		name = namespace + ":" + name // contractapi's default contract
	}
	spec, ok := api.Lookup(api.Function(name))
	if !ok {
		return Errorf(api.CodeInvalid, "function %s is not in the published contract", api.Short(name))
	}
	t.Spec = spec
	if err := t.bounded(args); err != nil {
		return err
	}
	if !spec.Anyone || spec.Submit {
		caller, err := access.Require(t.GetClientIdentity(), string(spec.Function), spec.Roles...)
		if err != nil {
			return err
		}
		t.Caller = caller
	}
	var err error
	if t.Now, err = txTime(t); err != nil {
		return err
	}
	if spec.Submit && !spec.Anyone {
		return t.checkFresh()
	}
	return nil
}

// bounded refuses arguments and transient data the declaration does not
// allow, before anything reads them.
func (t *Tx) bounded(args []string) error {
	spec := t.Spec
	if len(args) != len(spec.Args) {
		return Errorf(api.CodeInvalid, "%s takes %d arguments, not %d", spec.Function, len(spec.Args), len(args))
	}
	for i, a := range spec.Args {
		if len(args[i]) > a.Max {
			return Errorf(api.CodeInvalid, "%s: argument %s is %d bytes long; at most %d", spec.Function, a.Name, len(args[i]), a.Max)
		}
	}
	transient, err := t.TransactionContext.GetStub().GetTransient()
	if err != nil {
		return Errorf(api.CodeInvalid, "reading the transient data: %v", err)
	}
	for field, value := range transient {
		switch {
		case !slices.Contains(spec.Transient, field):
			return Errorf(api.CodeInvalid, "%s reads no transient field %q (it reads: %s)", spec.Function, api.Short(field), fieldList(spec.Transient))
		case len(value) > api.MaxTransient:
			return Errorf(api.CodeInvalid, "%s: transient field %s is %d bytes long; at most %d", spec.Function, field, len(value), api.MaxTransient)
		}
	}
	return nil
}

func fieldList(fields []string) string {
	if len(fields) == 0 {
		return "none"
	}
	return strings.Join(fields, ", ")
}

// End writes what the transaction changed and sends its events; a query
// writes nothing. The boundary calls it after a function succeeded;
// tests of the kernel's helpers, which run outside a function, call it
// themselves.
func (t *Tx) End() error {
	if !t.Spec.Submit {
		return nil
	}
	if err := t.finish(); err != nil {
		return err
	}
	return t.emit()
}

// finish runs the steps that derive records from the transaction's
// changes, then writes every changed record.
func (t *Tx) finish() error {
	for _, e := range t.ending {
		if err := e.step.End(t); err != nil {
			return fmt.Errorf("%s: %w", e.name, err)
		}
	}
	return t.records.flush(t)
}

// Ender is a step that derives records from what a transaction changed,
// when it ends: the records of who a listing binds, say, computed once
// from all of the transaction's changes to listings.
type Ender interface {
	End(*Tx) error
}

type ender struct {
	name string
	step Ender
}

// OnEnd is the transaction's ending step of this name, made by fresh the
// first time it is asked for. A capability that keeps derived records
// notes in it what each function changes; it runs before the records
// are written.
func OnEnd[E Ender](t *Tx, name string, fresh func() E) E {
	for _, e := range t.ending {
		if e.name == name {
			return e.step.(E)
		}
	}
	step := fresh()
	t.ending = append(t.ending, ender{name, step})
	return step
}
