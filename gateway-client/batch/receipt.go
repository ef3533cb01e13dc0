package batch

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/transparency-dev/merkle/proof"
)

// ReceiptVersion is the receipt format this package writes and reads.
const ReceiptVersion = 1

// Receipt proves that one digest is a leaf of an anchored batch: with the
// audit path anyone recomputes the root offline, then checks online that the
// root is anchored in the named transaction.
type Receipt struct {
	Version        int      `json:"version"`
	Algorithm      string   `json:"algorithm"`
	Leaf           string   `json:"leaf"`
	Index          uint64   `json:"index"`
	TreeSize       uint64   `json:"treeSize"`
	AuditPath      []string `json:"auditPath"`
	Root           string   `json:"root"`
	Channel        string   `json:"channel"`
	Chaincode      string   `json:"chaincode"`
	EvidenceNumber string   `json:"evidenceNumber"`
	TxID           string   `json:"txId"`
	Block          uint64   `json:"block"`
}

// Anchoring says where a batch root was anchored; every receipt of the batch
// carries it.
type Anchoring struct {
	Channel, Chaincode, EvidenceNumber, TxID string
	Block                                    uint64
}

// Receipts returns one receipt per leaf, in leaf order.
func (t *Tree) Receipts(algorithm string, digests [][]byte, a Anchoring) ([]*Receipt, error) {
	if uint64(len(digests)) != t.size {
		return nil, fmt.Errorf("%d digests for a tree of %d leaves", len(digests), t.size)
	}
	root := hex.EncodeToString(t.root)
	out := make([]*Receipt, len(digests))
	for i, d := range digests {
		path, err := t.AuditPath(uint64(i))
		if err != nil {
			return nil, err
		}
		hexPath := make([]string, len(path))
		for j, p := range path {
			hexPath[j] = hex.EncodeToString(p)
		}
		out[i] = &Receipt{
			Version: ReceiptVersion, Algorithm: algorithm, Leaf: hex.EncodeToString(d),
			Index: uint64(i), TreeSize: t.size, AuditPath: hexPath, Root: root,
			Channel: a.Channel, Chaincode: a.Chaincode, EvidenceNumber: a.EvidenceNumber,
			TxID: a.TxID, Block: a.Block,
		}
	}
	return out, nil
}

// ErrTampered is matched (errors.Is) when a well-formed receipt's audit path
// does not lead from its leaf to its root.
var ErrTampered = errors.New("receipt does not verify")

// VerifyOffline checks the receipt's form and recomputes its root from the
// leaf and the audit path. It needs no network.
func (r *Receipt) VerifyOffline() error {
	hasher, err := Hasher(r.Algorithm)
	if err != nil {
		return fmt.Errorf("receipt: %w", err)
	}
	if r.Version != ReceiptVersion {
		return fmt.Errorf("receipt: version %d is not supported (this client reads version %d)", r.Version, ReceiptVersion)
	}
	size := hasher.Size()
	leaf, err := decodeHex("leaf", r.Leaf, size)
	if err != nil {
		return err
	}
	root, err := decodeHex("root", r.Root, size)
	if err != nil {
		return err
	}
	if r.TreeSize == 0 || r.Index >= r.TreeSize {
		return fmt.Errorf("receipt: index %d is outside a tree of %d leaves", r.Index, r.TreeSize)
	}
	path := make([][]byte, len(r.AuditPath))
	for i, p := range r.AuditPath {
		if path[i], err = decodeHex(fmt.Sprintf("auditPath[%d]", i), p, size); err != nil {
			return err
		}
	}
	if r.Channel == "" || r.Chaincode == "" || r.TxID == "" || r.EvidenceNumber == "" {
		return errors.New("receipt: channel, chaincode, evidenceNumber and txId are all required")
	}
	if err := proof.VerifyInclusion(hasher, r.Index, r.TreeSize, hasher.HashLeaf(leaf), path, root); err != nil {
		return fmt.Errorf("%w: leaf %d of %d does not lead to root %s: %v", ErrTampered, r.Index, r.TreeSize, r.Root, err)
	}
	return nil
}

// Covers reports whether the receipt is for this digest.
func (r *Receipt) Covers(digest []byte) bool {
	leaf, err := hex.DecodeString(r.Leaf)
	return err == nil && bytes.Equal(leaf, digest)
}

func decodeHex(field, s string, size int) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("receipt: %s is not hexadecimal", field)
	}
	if len(b) != size {
		return nil, fmt.Errorf("receipt: %s is %d bytes; the algorithm gives %d", field, len(b), size)
	}
	return b, nil
}

// ParseReceipt reads a receipt, refusing unknown fields and trailing data.
func ParseReceipt(data []byte) (*Receipt, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Receipt
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("receipt is not valid JSON of the receipt format: %w", err)
	}
	if dec.More() {
		return nil, errors.New("receipt has data after its JSON object")
	}
	return &r, nil
}

// ReadReceipt reads a receipt file.
func ReadReceipt(path string) (*Receipt, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := ParseReceipt(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}
