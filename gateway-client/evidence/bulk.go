package evidence

import (
	"context"
	"errors"
	"fmt"
	"sync"

	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// Bulk is one committed bulk anchoring.
type Bulk struct {
	evidenceapi.BulkResult
	Transaction *gateway.Result `json:"transaction"`
	// First is the index of the first item among those AnchorMany was
	// given (0 from AnchorBulk).
	First int `json:"first"`
}

// AnchorBulk anchors up to evidenceapi.MaxBulk digests in one
// transaction, each as its own record.
func (e *Client) AnchorBulk(ctx context.Context, req evidenceapi.BulkRequest) (*Bulk, error) {
	r, res, err := gateway.Submit(ctx, e.c, evidenceapi.AnchorBulk, gateway.WithArgs(req))
	if err != nil {
		return nil, err
	}
	return &Bulk{BulkResult: *r, Transaction: res}, nil
}

// pendingRetries is how many times AnchorMany sends a chunk again whose
// commit the client could not confirm: a network that is slow to commit
// under a bulk load, not one that refuses.
const pendingRetries = 2

// AnchorMany anchors any number of digests as records of one kind, in
// bulk transactions of at most evidenceapi.MaxBulk items, parallel of
// them in flight at once. Each request skips digests anchored before, so
// a loader that stopped half-way runs again over the same items and
// anchors only what is missing; for the same reason a chunk whose commit
// could not be confirmed is sent again. done, if not nil, is called after each
// transaction with how many items are anchored so far.
//
// It returns the committed transactions in item order and the error of
// the first chunk that failed. No chunk starts after it, and those in
// flight are cancelled: what they anchored all the same, a second run
// finds and skips.
func (e *Client) AnchorMany(ctx context.Context, algorithm, kind string, items []evidenceapi.BulkItem, parallel int, done func(n int)) ([]*Bulk, error) {
	chunks := (len(items) + evidenceapi.MaxBulk - 1) / evidenceapi.MaxBulk
	out := make([]*Bulk, chunks)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		settled  int
		firstErr error // the cause: chunks after it fail as cancelled
	)
	sem := make(chan struct{}, max(parallel, 1))
	for i := range chunks {
		lo, hi := i*evidenceapi.MaxBulk, min((i+1)*evidenceapi.MaxBulk, len(items))
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			req := evidenceapi.BulkRequest{Algorithm: algorithm, Kind: kind, Items: items[lo:hi], SkipAnchored: true}
			b, err := e.AnchorBulk(ctx, req)
			// A request whose commit could not be confirmed is sent
			// again as a new transaction: it skips what the first
			// anchored if that one committed, and if the new one commits
			// first, the first fails its read of the same keys. Either
			// way each digest is written once.
			var pending *gateway.PendingError
			for retry := 0; retry < pendingRetries && errors.As(err, &pending) && ctx.Err() == nil; retry++ {
				b, err = e.AnchorBulk(ctx, req)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("items %d to %d: %w", lo, hi-1, err)
				}
				cancel()
				return
			}
			b.First = lo
			out[i] = b
			settled += hi - lo
			if done != nil {
				done(settled)
			}
		}()
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	var committed []*Bulk
	for _, b := range out {
		if b != nil {
			committed = append(committed, b)
		}
	}
	return committed, firstErr
}
