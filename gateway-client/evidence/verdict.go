// Package evidence is the client side of the evidence contract: it hashes
// files locally, anchors them one by one or as a Merkle batch with a
// receipt per file, and verifies files, digests and receipts against the
// ledger.
package evidence

import (
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
)

// Verdict is the chaincode's verification plus the block that holds the
// anchoring transaction (which the chaincode cannot know).
type Verdict struct {
	evidenceapi.Verification
	Block uint64 `json:"block,omitempty"`
}

// Receipt verdicts, besides the chaincode's anchored and not_on_chain.
const (
	// Invalid: the receipt is malformed or its audit path does not lead to its root.
	Invalid = "invalid"
	// WrongNetwork: the receipt names another channel or chaincode.
	WrongNetwork = "wrong_network"
)

// ReceiptVerdict is the outcome of checking a batch receipt.
type ReceiptVerdict struct {
	Verdict string              `json:"verdict"`
	Message string              `json:"message"`
	Receipt *batch.Receipt      `json:"receipt,omitempty"`
	Record  *evidenceapi.Record `json:"record,omitempty"`
	Block   uint64              `json:"block,omitempty"`
}
