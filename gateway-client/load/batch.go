package load

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"time"

	"github.com/courtchain/judicial/gateway-client/evidence"
)

// BatchConfig is one batch: Digests random digests in a tree of
// Algorithm (sha256 or sm3), the receipts written to the file Receipts.
type BatchConfig struct {
	Digests             int
	Algorithm, Receipts string
}

// BatchResult is a batch anchored end to end. Its fields are in the order
// --json has always printed them.
type BatchResult struct {
	AnchorSeconds    float64 `json:"anchorSeconds"`
	Block            uint64  `json:"block"`
	Digests          int     `json:"digests"`
	DigestsPerSecond float64 `json:"digestsPerSecond"`
	Receipts         string  `json:"receipts"`
	Seconds          float64 `json:"seconds"`
	// Anchored is the time tree building and anchoring took; Elapsed adds
	// writing the receipts.
	Anchored, Elapsed time.Duration `json:"-"`
}

func (r BatchResult) String() string {
	return fmt.Sprintf("%d digests: tree and anchoring %s, with receipts written %s: %.0f digests/s (block %d)",
		r.Digests, r.Anchored.Round(time.Millisecond), r.Elapsed.Round(time.Millisecond), r.DigestsPerSecond, r.Block)
}

// Batch times tree building, anchoring the root (endorse, order, commit)
// and writing every receipt as JSON Lines; hashing files is not part of
// it.
func Batch(ctx context.Context, e *evidence.Client, cfg BatchConfig) (BatchResult, error) {
	digests := make([][]byte, cfg.Digests)
	for i := range digests {
		digests[i] = make([]byte, 32)
		rand.Read(digests[i])
	}
	start := time.Now()
	b, err := e.AnchorBatch(ctx, cfg.Algorithm, digests, "", "load batch")
	if err != nil {
		return BatchResult{}, err
	}
	r := BatchResult{Digests: cfg.Digests, Receipts: cfg.Receipts, Block: b.Transaction.Block, Anchored: time.Since(start)}
	if err := writeJSONLines(cfg.Receipts, b); err != nil {
		return BatchResult{}, err
	}
	r.Elapsed = time.Since(start)
	r.Seconds, r.AnchorSeconds = r.Elapsed.Seconds(), r.Anchored.Seconds()
	r.DigestsPerSecond = float64(cfg.Digests) / r.Elapsed.Seconds()
	return r, nil
}

func writeJSONLines(path string, b *evidence.Batch) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var line []byte
	for _, r := range b.Receipts {
		line = r.AppendJSON(line[:0])
		if _, err := w.Write(line); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
