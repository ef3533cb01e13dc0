// Package mocks holds counterfeiter fakes of the shim interfaces for the
// contracts' unit tests (ledgertest wires them to an in-memory ledger;
// callers are real certificates, not fakes). Regenerate with `go generate
// ./chaincode/internal/mocks`.
package mocks

import (
	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
)

//go:generate go run github.com/maxbrunsfeld/counterfeiter/v6@v6.14.0 -o stub.go -fake-name ChaincodeStub . chaincodeStub
type chaincodeStub interface {
	shim.ChaincodeStubInterface
}

//go:generate go run github.com/maxbrunsfeld/counterfeiter/v6@v6.14.0 -o state_iterator.go -fake-name StateIterator . stateIterator
type stateIterator interface {
	shim.StateQueryIteratorInterface
}

//go:generate go run github.com/maxbrunsfeld/counterfeiter/v6@v6.14.0 -o history_iterator.go -fake-name HistoryIterator . historyIterator
type historyIterator interface {
	shim.HistoryQueryIteratorInterface
}
