package kernel

import (
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
)

// stub is the peer's stub as a transaction's functions see it. It does
// two things for every function, so that none has to remember them.
//
// It guards every write: a query writes nothing, and a write happens only
// on a proposal whose timestamp the server's clock accepts (checkFresh),
// whatever function makes it.
//
// And it remembers. Every read and write is a round trip to the peer over
// the chaincode stream, and on a loaded peer the round trips, not the
// contracts' code, bound what a transaction costs: a sweep docketing 100
// filings made 1,000 of them. So a key the peer answered is answered
// again without asking, and a delete that repeats one already made is
// left out. Both keep Fabric's semantics exactly: the peer answers a read
// with the committed value, never with the transaction's own writes, so a
// key read twice reads the same both times, and the read set records a
// key once, at the version first read; a second delete of a key, with no
// write in between, changes nothing in the write set. Both maps are
// looked up, never iterated.
type stub struct {
	shim.ChaincodeStubInterface
	t       *Tx
	read    map[string][]byte
	deleted map[string]bool
}

func newStub(t *Tx, s shim.ChaincodeStubInterface) *stub {
	return &stub{ChaincodeStubInterface: s, t: t}
}

// writing is asked before every write.
func (s *stub) writing() error {
	if !s.t.Spec.Submit {
		return Errorf(api.CodeInvalid, "%s is a query: it writes nothing", s.t.Function())
	}
	return s.t.checkFresh()
}

func (s *stub) GetState(key string) ([]byte, error) {
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

func (s *stub) PutState(key string, value []byte) error {
	if err := s.writing(); err != nil {
		return err
	}
	delete(s.deleted, key)
	return s.ChaincodeStubInterface.PutState(key, value)
}

func (s *stub) DelState(key string) error {
	if err := s.writing(); err != nil {
		return err
	}
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

func (s *stub) SetStateValidationParameter(key string, ep []byte) error {
	if err := s.writing(); err != nil {
		return err
	}
	return s.ChaincodeStubInterface.SetStateValidationParameter(key, ep)
}

func (s *stub) PutPrivateData(collection, key string, value []byte) error {
	if err := s.writing(); err != nil {
		return err
	}
	return s.ChaincodeStubInterface.PutPrivateData(collection, key, value)
}

func (s *stub) DelPrivateData(collection, key string) error {
	if err := s.writing(); err != nil {
		return err
	}
	return s.ChaincodeStubInterface.DelPrivateData(collection, key)
}

func (s *stub) PurgePrivateData(collection, key string) error {
	if err := s.writing(); err != nil {
		return err
	}
	return s.ChaincodeStubInterface.PurgePrivateData(collection, key)
}

func (s *stub) SetPrivateDataValidationParameter(collection, key string, ep []byte) error {
	if err := s.writing(); err != nil {
		return err
	}
	return s.ChaincodeStubInterface.SetPrivateDataValidationParameter(collection, key, ep)
}

func (s *stub) SetEvent(name string, payload []byte) error {
	if err := s.writing(); err != nil {
		return err
	}
	return s.ChaincodeStubInterface.SetEvent(name, payload)
}
