package kernel

import (
	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Every read and write of the chaincode is a round trip to the peer over
// the chaincode stream, and on a loaded peer the round trips, not the
// contracts' code, bound what a transaction costs: a sweep docketing 100
// filings made 1,000 of them. A transaction's stub therefore answers
// again, without asking the peer, what the peer already answered in this
// transaction, and leaves out a delete that repeats one already made.
//
// Both keep Fabric's semantics exactly. The peer answers a read with the
// committed value, never with the transaction's own writes, so a key
// read twice reads the same both times; and the read set records a key
// once, at the version first read. A second delete of a key, with no
// write of it in between, changes nothing in the write set.

// memoContext is a transaction context whose stub remembers.
type memoContext struct {
	contractapi.TransactionContextInterface
	stub shim.ChaincodeStubInterface
}

func (c *memoContext) GetStub() shim.ChaincodeStubInterface { return c.stub }

func withMemo(ctx contractapi.TransactionContextInterface) contractapi.TransactionContextInterface {
	if _, ok := ctx.GetStub().(*memoStub); ok {
		return ctx
	}
	return &memoContext{TransactionContextInterface: ctx, stub: &memoStub{ChaincodeStubInterface: ctx.GetStub()}}
}

// memoStub remembers the values read and the keys deleted; both maps are
// looked up, never iterated.
type memoStub struct {
	shim.ChaincodeStubInterface
	read    map[string][]byte
	deleted map[string]bool
}

func (s *memoStub) GetState(key string) ([]byte, error) {
	if v, ok := s.read[key]; ok {
		return v, nil
	}
	v, err := s.ChaincodeStubInterface.GetState(key)
	if err != nil {
		return nil, err
	}
	if s.read == nil {
		s.read = map[string][]byte{}
	}
	s.read[key] = v
	return v, nil
}

func (s *memoStub) PutState(key string, value []byte) error {
	delete(s.deleted, key)
	return s.ChaincodeStubInterface.PutState(key, value)
}

func (s *memoStub) DelState(key string) error {
	if s.deleted[key] {
		return nil
	}
	if err := s.ChaincodeStubInterface.DelState(key); err != nil {
		return err
	}
	if s.deleted == nil {
		s.deleted = map[string]bool{}
	}
	s.deleted[key] = true
	return nil
}
