package kernel

import (
	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
)

// Try runs step as a part of the transaction that either happens whole or
// not at all: its records and writes are held back and replayed into the
// transaction only if step succeeds, with its events. A sweep uses it so
// that an item that fails (a record that cannot be read, say) leaves
// nothing half written behind while the items after it go on.
//
// Reads go to the peer as usual, through the transaction's stub; step
// holds its own records, so it does not see what the transaction changed
// in records before it (a sweep changes each record once, see
// DeadlineKind.Records).
func (t *Tx) Try(step func(*Tx) error) error {
	staged := &stagedStub{ChaincodeStubInterface: t.GetStub()}
	child := &Tx{TransactionContext: t.TransactionContext, Spec: t.Spec, Caller: t.Caller, Now: t.Now, fresh: t.fresh}
	child.stub = newStub(child, staged)
	if err := step(child); err != nil {
		return err
	}
	if err := child.finish(); err != nil {
		return err
	}
	for _, w := range staged.writes {
		if err := w(t.GetStub()); err != nil {
			return err
		}
	}
	t.events = append(t.events, child.events...)
	return nil
}

// stagedStub records the writes it is asked for, in order, to replay them
// into the real stub.
type stagedStub struct {
	shim.ChaincodeStubInterface
	writes []func(shim.ChaincodeStubInterface) error
}

func (s *stagedStub) hold(w func(shim.ChaincodeStubInterface) error) error {
	s.writes = append(s.writes, w)
	return nil
}

func (s *stagedStub) PutState(key string, value []byte) error {
	return s.hold(func(real shim.ChaincodeStubInterface) error { return real.PutState(key, value) })
}

func (s *stagedStub) DelState(key string) error {
	return s.hold(func(real shim.ChaincodeStubInterface) error { return real.DelState(key) })
}

func (s *stagedStub) SetStateValidationParameter(key string, ep []byte) error {
	return s.hold(func(real shim.ChaincodeStubInterface) error { return real.SetStateValidationParameter(key, ep) })
}

func (s *stagedStub) PutPrivateData(collection, key string, value []byte) error {
	return s.hold(func(real shim.ChaincodeStubInterface) error { return real.PutPrivateData(collection, key, value) })
}

func (s *stagedStub) DelPrivateData(collection, key string) error {
	return s.hold(func(real shim.ChaincodeStubInterface) error { return real.DelPrivateData(collection, key) })
}

func (s *stagedStub) PurgePrivateData(collection, key string) error {
	return s.hold(func(real shim.ChaincodeStubInterface) error { return real.PurgePrivateData(collection, key) })
}

func (s *stagedStub) SetPrivateDataValidationParameter(collection, key string, ep []byte) error {
	return s.hold(func(real shim.ChaincodeStubInterface) error {
		return real.SetPrivateDataValidationParameter(collection, key, ep)
	})
}

func (s *stagedStub) SetEvent(name string, payload []byte) error {
	return s.hold(func(real shim.ChaincodeStubInterface) error { return real.SetEvent(name, payload) })
}
