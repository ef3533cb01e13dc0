package ledgertest

import "github.com/hyperledger/fabric-chaincode-go/v2/shim"

// The fakes' Calls methods take the shim's iterator interfaces.
type (
	shimStateIterator   = shim.StateQueryIteratorInterface
	shimHistoryIterator = shim.HistoryQueryIteratorInterface
)
