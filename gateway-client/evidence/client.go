package evidence

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"

	cc "github.com/courtchain/judicial/chaincode/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/judicial"
)

// Client calls the evidence and service contracts.
type Client struct {
	c *judicial.Client
}

// New wraps a connected gateway client.
func New(c *judicial.Client) *Client { return &Client{c: c} }

// Metadata describes what is anchored; who and when come from the ledger.
type Metadata struct {
	Kind, CaseNumber, MediaType, Location string
}

// Anchored is one committed anchoring.
type Anchored struct {
	Record      *cc.Record       `json:"record"`
	Transaction *judicial.Result `json:"transaction"`
}

// AnchorFile anchors one hashed file.
func (e *Client) AnchorFile(ctx context.Context, algorithm string, f digest.File, m Metadata) (*Anchored, error) {
	req := cc.AnchorRequest{Algorithm: algorithm, Digest: f.Hex(), Kind: m.Kind, CaseNumber: m.CaseNumber,
		Size: f.Size, MediaType: m.MediaType, Location: m.Location}
	return e.submitRecord(ctx, "evidence:Anchor", req)
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
	req := cc.BatchRequest{Algorithm: algorithm, Root: hex.EncodeToString(tree.Root()), TreeSize: int64(tree.Size()),
		CaseNumber: caseNumber, Description: description}
	a, err := e.submitRecord(ctx, "evidence:AnchorBatch", req)
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

func (e *Client) submitRecord(ctx context.Context, fn string, req any) (*Anchored, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	return e.submitForRecord(ctx, fn, string(body))
}

// submitForRecord submits a function that answers with an evidence record.
func (e *Client) submitForRecord(ctx context.Context, fn string, args ...string) (*Anchored, error) {
	res, err := e.c.Submit(ctx, fn, args...)
	if err != nil {
		return nil, err
	}
	var r cc.Record
	if err := json.Unmarshal(res.Payload, &r); err != nil {
		return nil, fmt.Errorf("%s answered an unreadable record: %w", fn, err)
	}
	return &Anchored{Record: &r, Transaction: res}, nil
}

// Verify checks a digest, against an evidence number when one is given,
// and finds the block of an anchored record.
func (e *Client) Verify(ctx context.Context, algorithm, hexDigest, number string) (*Verdict, error) {
	var payload []byte
	var err error
	if number == "" {
		payload, err = e.c.Evaluate(ctx, "evidence:Verify", algorithm, hexDigest)
	} else {
		payload, err = e.c.Evaluate(ctx, "evidence:VerifyNumber", number, algorithm, hexDigest)
	}
	if err != nil {
		return nil, err
	}
	var v Verdict
	if err := json.Unmarshal(payload, &v.Verification); err != nil {
		return nil, fmt.Errorf("unreadable verification: %w", err)
	}
	if v.Verdict == cc.Anchored && v.Record != nil {
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
	case v.Verdict == cc.NotOnChain:
		out.Verdict, out.Message = cc.NotOnChain, "the receipt's audit path is sound, but its root is not on the ledger: "+v.Message
	case v.Verdict == cc.Mismatch:
		out.Verdict, out.Message = Invalid, "evidence "+r.EvidenceNumber+" anchors another root: "+v.Message
	case v.Record.Kind != cc.KindMerkleBatch || uint64(v.Record.TreeSize) != r.TreeSize || v.Record.TxID != r.TxID:
		out.Verdict = Invalid
		out.Message = fmt.Sprintf("the root is anchored as %s (%s, %d leaves, transaction %s), which does not match the receipt (%d leaves, transaction %s)",
			v.Record.Number, v.Record.Kind, v.Record.TreeSize, v.Record.TxID, r.TreeSize, r.TxID)
	default:
		out.Verdict = cc.Anchored
		out.Message = fmt.Sprintf("leaf %d of %d is in the batch anchored as %s at %s", r.Index+1, r.TreeSize, v.Record.Number, v.Record.AnchoredAt)
	}
	return out, nil
}

// Show reads a record.
func (e *Client) Show(ctx context.Context, number string) (*cc.Record, error) {
	var r cc.Record
	return &r, e.evaluateInto(ctx, &r, "evidence:Show", number)
}

// History reads every version of a record, oldest first.
func (e *Client) History(ctx context.Context, number string) ([]*cc.Version, error) {
	var h []*cc.Version
	return h, e.evaluateInto(ctx, &h, "evidence:History", number)
}

// Revoke marks a record revoked.
func (e *Client) Revoke(ctx context.Context, number, reason string) (*Anchored, error) {
	return e.submitForRecord(ctx, "evidence:Revoke", number, reason)
}

// Supersede marks a record superseded by another.
func (e *Client) Supersede(ctx context.Context, number, by, reason string) (*Anchored, error) {
	return e.submitForRecord(ctx, "evidence:Supersede", number, by, reason)
}

func (e *Client) evaluateInto(ctx context.Context, v any, fn string, args ...string) error {
	payload, err := e.c.Evaluate(ctx, fn, args...)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(payload, v); err != nil {
		return fmt.Errorf("%s answered something unreadable: %w", fn, err)
	}
	return nil
}
