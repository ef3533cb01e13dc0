// Package mocks holds counterfeiter fakes of the shim interfaces for the
// contracts' unit tests. Regenerate with `go generate ./chaincode/...`.
package mocks

import (
	"github.com/hyperledger/fabric-chaincode-go/v2/pkg/cid"
	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

//go:generate go run github.com/maxbrunsfeld/counterfeiter/v6@v6.14.0 -o transaction.go -fake-name TransactionContext . transactionContext
type transactionContext interface {
	contractapi.TransactionContextInterface
}

//go:generate go run github.com/maxbrunsfeld/counterfeiter/v6@v6.14.0 -o stub.go -fake-name ChaincodeStub . chaincodeStub
type chaincodeStub interface {
	shim.ChaincodeStubInterface
}

//go:generate go run github.com/maxbrunsfeld/counterfeiter/v6@v6.14.0 -o identity.go -fake-name ClientIdentity . clientIdentity
type clientIdentity interface {
	cid.ClientIdentity
}

//go:generate go run github.com/maxbrunsfeld/counterfeiter/v6@v6.14.0 -o state_iterator.go -fake-name StateIterator . stateIterator
type stateIterator interface {
	shim.StateQueryIteratorInterface
}

//go:generate go run github.com/maxbrunsfeld/counterfeiter/v6@v6.14.0 -o history_iterator.go -fake-name HistoryIterator . historyIterator
type historyIterator interface {
	shim.HistoryQueryIteratorInterface
}
