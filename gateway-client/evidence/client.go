package evidence

import (
	"context"
	"encoding/hex"
	"fmt"

	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// Client calls the evidence and service contracts.
type Client struct {
	c *gateway.Client
}

// New wraps a connected gateway client.
func New(c *gateway.Client) *Client { return &Client{c: c} }

// Metadata describes what is anchored; who and when come from the ledger.
type Metadata struct {
	Kind, CaseNumber, MediaType, Location string
}

// Anchored is one committed anchoring.
type Anchored struct {
	Record      *evidenceapi.Record `json:"record"`
	Transaction *gateway.Result     `json:"transaction"`
}

// AnchorFile anchors one hashed file.
func (e *Client) AnchorFile(ctx context.Context, algorithm string, f digest.File, m Metadata) (*Anchored, error) {
	return e.Anchor(ctx, evidenceapi.AnchorRequest{Algorithm: algorithm, Digest: f.Hex(), Kind: m.Kind, CaseNumber: m.CaseNumber,
		Size: f.Size, MediaType: m.MediaType, Location: m.Location})
}

// Anchor anchors one digest as the request describes it.
func (e *Client) Anchor(ctx context.Context, req evidenceapi.AnchorRequest) (*Anchored, error) {
	return anchored(gateway.Submit(ctx, e.c, evidenceapi.Anchor, gateway.WithArgs(req)))
}

// Batch is an anchored batch and the receipt of each of its items.
type Batch struct {
	Anchored
	Receipts []*batch.Receipt `json:"receipts"`
}

// AnchorBatch builds the RFC 6962 tree over the digests, anchors its root
// and returns one receipt per digest, in order.
func (e *Client) AnchorBatch(ctx context.Context, algorithm string, digests [][]byte, caseNumber, description string) (*Batch, error) {
	hasher, err := batch.Hasher(algorithm)
	if err != nil {
		return nil, err
	}
	tree, err := batch.Build(hasher, digests)
	if err != nil {
		return nil, err
	}
	// Audit paths do not depend on the anchoring: build them while the
	// root is endorsed, ordered and committed, then stamp them.
	type built struct {
		receipts []*batch.Receipt
		err      error
	}
	done := make(chan built, 1)
	go func() {
		r, err := tree.Receipts(algorithm, digests, batch.Anchoring{})
		done <- built{r, err}
	}()
	req := evidenceapi.BatchRequest{Algorithm: algorithm, Root: hex.EncodeToString(tree.Root()), TreeSize: int64(tree.Size()),
		CaseNumber: caseNumber, Description: description}
	a, err := anchored(gateway.Submit(ctx, e.c, evidenceapi.AnchorBatch, gateway.WithArgs(req)))
	b := <-done
	if err != nil {
		return nil, err
	}
	if b.err != nil {
		return nil, b.err
	}
	receipts := b.receipts
	batch.Stamp(receipts, batch.Anchoring{
		Channel: e.c.Channel(), Chaincode: e.c.Chaincode(), EvidenceNumber: a.Record.Number,
		TxID: a.Transaction.TxID, Block: a.Transaction.Block,
	})
	return &Batch{Anchored: *a, Receipts: receipts}, nil
}

// anchored bundles a record with its transaction; the error of an answer
// that could not be read (*gateway.AnswerError) still says where the
// transaction committed.
func anchored(r *evidenceapi.Record, res *gateway.Result, err error) (*Anchored, error) {
	if err != nil {
		return nil, err
	}
	return &Anchored{Record: r, Transaction: res}, nil
}

// Lookup asks whether a digest is on the ledger: the chaincode's verdict
// alone, one evaluation on the gateway peer.
func (e *Client) Lookup(ctx context.Context, algorithm, hexDigest string) (*evidenceapi.Verification, error) {
	return gateway.Evaluate(ctx, e.c, evidenceapi.Verify, gateway.WithArgs(algorithm, hexDigest))
}

// Verify checks a digest, against an evidence number when one is given,
// and finds the block of an anchored record.
func (e *Client) Verify(ctx context.Context, algorithm, hexDigest, number string) (*Verdict, error) {
	verify := func() (*evidenceapi.Verification, error) {
		if number != "" {
			return gateway.Evaluate(ctx, e.c, evidenceapi.VerifyNumber, gateway.WithArgs(number, algorithm, hexDigest))
		}
		return gateway.Evaluate(ctx, e.c, evidenceapi.Verify, gateway.WithArgs(algorithm, hexDigest))
	}
	verification, err := verify()
	if err != nil {
		return nil, err
	}
	v := Verdict{Verification: *verification}
	if v.Verdict == evidenceapi.Anchored && v.Record != nil {
		if v.Block, err = e.c.BlockOfTransaction(ctx, v.Record.TxID); err != nil {
			return nil, err
		}
	}
	return &v, nil
}

// CheckReceipt verifies a receipt offline, then that its root is anchored
// on this channel as the batch the receipt names.
func (e *Client) CheckReceipt(ctx context.Context, r *batch.Receipt) (*ReceiptVerdict, error) {
	out := &ReceiptVerdict{Receipt: r}
	if err := r.VerifyOffline(); err != nil {
		out.Verdict, out.Message = Invalid, err.Error()
		return out, nil
	}
	if r.Channel != e.c.Channel() || r.Chaincode != e.c.Chaincode() {
		out.Verdict = WrongNetwork
		out.Message = fmt.Sprintf("the receipt is for chaincode %s on channel %s; this client reads %s on %s",
			r.Chaincode, r.Channel, e.c.Chaincode(), e.c.Channel())
		return out, nil
	}
	v, err := e.Verify(ctx, r.Algorithm, r.Root, r.EvidenceNumber)
	if err != nil {
		return nil, err
	}
	out.Record, out.Block = v.Record, v.Block
	switch {
	case v.Verdict == evidenceapi.Anchored && v.Record == nil, v.Verdict != evidenceapi.Anchored && v.Verdict != evidenceapi.NotOnChain && v.Verdict != evidenceapi.Mismatch:
		out.Verdict, out.Message = Invalid, fmt.Sprintf("the ledger answered verdict %q without the record it needs: %s", v.Verdict, v.Message)
	case v.Verdict == evidenceapi.NotOnChain:
		out.Verdict, out.Message = evidenceapi.NotOnChain, "the receipt's audit path is sound, but its root is not on the ledger: "+v.Message
	case v.Verdict == evidenceapi.Mismatch:
		out.Verdict, out.Message = Invalid, "evidence "+r.EvidenceNumber+" anchors another root: "+v.Message
	case v.Record.Kind != evidenceapi.KindMerkleBatch || uint64(v.Record.TreeSize) != r.TreeSize || v.Record.TxID != r.TxID:
		out.Verdict = Invalid
		out.Message = fmt.Sprintf("the root is anchored as %s (%s, %d leaves, transaction %s), which does not match the receipt (%d leaves, transaction %s)",
			v.Record.Number, v.Record.Kind, v.Record.TreeSize, v.Record.TxID, r.TreeSize, r.TxID)
	default:
		out.Verdict = evidenceapi.Anchored
		out.Message = fmt.Sprintf("leaf %d of %d is in the batch anchored as %s at %s", r.Index+1, r.TreeSize, v.Record.Number, v.Record.AnchoredAt)
	}
	return out, nil
}
