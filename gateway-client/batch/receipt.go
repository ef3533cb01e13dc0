package batch

import (
	"runtime"
	"strconv"
	"sync"

	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/transparency-dev/merkle/compact"
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

// Receipts returns one receipt per leaf, in leaf order, stamped with
// where the root was anchored (Stamp can fill that in later, so receipts
// can be built while the root is being anchored). Work is spread over the
// machine's cores; audit path nodes are hex-encoded once per tree.
func (t *Tree) Receipts(algorithm string, digests [][]byte, a Anchoring) ([]*Receipt, error) {
	if uint64(len(digests)) != t.size {
		return nil, fmt.Errorf("%d digests for a tree of %d leaves", len(digests), t.size)
	}
	hexLevels := make([][]string, len(t.levels))
	for l, level := range t.levels {
		hexLevels[l] = make([]string, len(level))
		for i, h := range level {
			hexLevels[l][i] = hex.EncodeToString(h)
		}
	}
	root := hex.EncodeToString(t.root)
	out := make([]*Receipt, len(digests))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(digests)/1024))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ephemeral := map[compact.NodeID]string{}
			for i := w; i < len(digests); i += workers {
				path, err := t.auditPathHex(uint64(i), hexLevels, ephemeral)
				if err != nil {
					errs[w] = err
					return
				}
				out[i] = &Receipt{Version: ReceiptVersion, Algorithm: algorithm, Leaf: hex.EncodeToString(digests[i]),
					Index: uint64(i), TreeSize: t.size, AuditPath: path, Root: root}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	Stamp(out, a)
	return out, nil
}

// Stamp records in each receipt where the batch root was anchored.
func Stamp(receipts []*Receipt, a Anchoring) {
	for _, r := range receipts {
		r.Channel, r.Chaincode, r.EvidenceNumber, r.TxID, r.Block = a.Channel, a.Chaincode, a.EvidenceNumber, a.TxID, a.Block
	}
}

// auditPathHex is AuditPath in hex, reading stored nodes from hexLevels and
// caching the few ephemeral nodes (one per level at most) a tree has.
func (t *Tree) auditPathHex(i uint64, hexLevels [][]string, ephemeral map[compact.NodeID]string) ([]string, error) {
	nodes, err := proof.Inclusion(i, t.size)
	if err != nil {
		return nil, err
	}
	ephem, begin, end := nodes.Ephem()
	out := make([]string, 0, len(nodes.IDs))
	for j := 0; j < len(nodes.IDs); j++ {
		if j == begin && end-begin > 1 {
			h, ok := ephemeral[ephem]
			if !ok {
				// As proof.Nodes.Rehash: fold the right border into one node.
				hash := t.levels[nodes.IDs[begin].Level][nodes.IDs[begin].Index]
				for k := begin + 1; k < end; k++ {
					id := nodes.IDs[k]
					hash = t.hasher.HashChildren(t.levels[id.Level][id.Index], hash)
				}
				h = hex.EncodeToString(hash)
				ephemeral[ephem] = h
			}
			out = append(out, h)
			j = end - 1
			continue
		}
		id := nodes.IDs[j]
		if id.Level >= uint(len(hexLevels)) || id.Index >= uint64(len(hexLevels[id.Level])) {
			return nil, fmt.Errorf("merkle node %d at level %d is not in the tree", id.Index, id.Level)
		}
		out = append(out, hexLevels[id.Level][id.Index])
	}
	return out, nil
}

// AppendJSON appends the receipt as one line of JSON, byte for byte what
// encoding/json writes, without its reflection: batches write 100,000s.
func (r *Receipt) AppendJSON(b []byte) []byte {
	b = append(b, `{"version":`...)
	b = strconv.AppendInt(b, int64(r.Version), 10)
	b = appendField(b, "algorithm", r.Algorithm)
	b = appendField(b, "leaf", r.Leaf)
	b = append(b, `,"index":`...)
	b = strconv.AppendUint(b, r.Index, 10)
	b = append(b, `,"treeSize":`...)
	b = strconv.AppendUint(b, r.TreeSize, 10)
	b = append(b, `,"auditPath":`...)
	if r.AuditPath == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, p := range r.AuditPath {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, p)
		}
		b = append(b, ']')
	}
	b = appendField(b, "root", r.Root)
	b = appendField(b, "channel", r.Channel)
	b = appendField(b, "chaincode", r.Chaincode)
	b = appendField(b, "evidenceNumber", r.EvidenceNumber)
	b = appendField(b, "txId", r.TxID)
	b = append(b, `,"block":`...)
	b = strconv.AppendUint(b, r.Block, 10)
	return append(b, "}\n"...)
}

func appendField(b []byte, name, value string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendString(b, value)
}

// appendString quotes plain strings directly and leaves anything that
// needs escaping to encoding/json.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
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
