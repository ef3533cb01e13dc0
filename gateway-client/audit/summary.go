package audit

import (
	"encoding/hex"
	"errors"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
)

// TxSummary is one line of a block listing.
type TxSummary struct {
	Index      int    `json:"index"`
	TxID       string `json:"txId"`
	Type       string `json:"type"`
	Function   string `json:"function,omitempty"`
	Validation string `json:"validation"`
}

// BlockSummary is a block at a glance. Hashes are lower-case hex; Hash is
// the HeaderHash of the block's header, PreviousHash and DataHash are what
// the header records (Verifier checks them).
type BlockSummary struct {
	Number       uint64      `json:"number"`
	Hash         string      `json:"hash"`
	PreviousHash string      `json:"previousHash"`
	DataHash     string      `json:"dataHash"`
	TxCount      int         `json:"txCount"`
	Transactions []TxSummary `json:"transactions"`
}

// Summarise lists a block's transactions without their read-write sets.
func Summarise(b *common.Block) (*BlockSummary, error) {
	h := b.GetHeader()
	if h == nil {
		return nil, errors.New("block has no header")
	}
	txs, err := DecodeBlock(b)
	if err != nil {
		return nil, err
	}
	s := &BlockSummary{
		Number:       h.GetNumber(),
		Hash:         hex.EncodeToString(HeaderHash(h)),
		PreviousHash: hex.EncodeToString(h.GetPreviousHash()),
		DataHash:     hex.EncodeToString(h.GetDataHash()),
		TxCount:      len(txs),
		Transactions: make([]TxSummary, 0, len(txs)),
	}
	for _, tx := range txs {
		s.Transactions = append(s.Transactions, TxSummary{
			Index: tx.Index, TxID: tx.TxID, Type: tx.Type, Function: tx.Function, Validation: tx.Validation,
		})
	}
	return s, nil
}
