package evidence

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// AnchorBulk anchors many digests in one transaction, each as its own
// record under its own number: the same record a single anchoring writes,
// so it is verified, shown, revoked and certified the same way. A court
// archiving its case files (Opinions item 9) anchors thousands of
// documents a day; one transaction per thousand keeps them from queueing
// behind the ordering round one by one.
//
// All or nothing: an item that is refused refuses the request, named by
// its index, and nothing is written.
func (c *Contract) AnchorBulk(tx *kernel.Tx, request string) (*evidenceapi.BulkResult, error) {
	var req evidenceapi.BulkRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if !slices.Contains(evidenceapi.Kinds, req.Kind) {
		return nil, kernel.Errorf(api.CodeInvalid, "unknown kind %q; one of: %s", api.Short(req.Kind), strings.Join(evidenceapi.Kinds, ", "))
	}
	if n := len(req.Items); n < 1 || n > evidenceapi.MaxBulk {
		return nil, kernel.Errorf(api.CodeLimit, "a bulk anchoring has 1 to %d items, got %d", evidenceapi.MaxBulk, n)
	}
	alg, err := api.NormaliseAlgorithm(req.Algorithm)
	if err != nil {
		return nil, err
	}
	res := &evidenceapi.BulkResult{Numbers: make([]string, len(req.Items)), Depositor: tx.Caller, AnchoredAt: tx.At(), TxID: tx.TxID()}
	// Lookup only, never iterated: two items of one digest would
	// otherwise both read "not anchored" and the second overwrite the
	// first. (The second read of a key is the transaction's memory, not
	// the peer's.)
	seen := make(map[string]int, len(req.Items))
	fresh := make([]*evidenceapi.Record, 0, len(req.Items))
	for i, item := range req.Items {
		r := &evidenceapi.Record{Kind: req.Kind, CaseNumber: item.CaseNumber, Size: item.Size, MediaType: item.MediaType, Location: item.Location}
		err := complete(tx, alg, item.Digest, r)
		if err == nil {
			if first, dup := seen[r.Digest]; dup {
				err = kernel.Errorf(api.CodeInvalid, "%s digest %s is also item %d: a digest is anchored once", alg, r.Digest, first)
			} else {
				seen[r.Digest] = i
			}
		}
		var anchored *AlreadyAnchoredError
		switch {
		case errors.As(err, &anchored) && req.SkipAnchored:
			res.Numbers[i] = anchored.Existing.Number
			res.Existing = append(res.Existing, i)
		case err != nil:
			return nil, itemError(i, err)
		default:
			res.Numbers[i] = r.Number
			fresh = append(fresh, r)
		}
	}
	for _, r := range fresh {
		if err := records.Put(tx, r, r.Number); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// itemError names the item an error is about, keeping its code.
func itemError(i int, err error) error {
	var e *api.Error
	if errors.As(err, &e) {
		return kernel.Errorf(e.Code, "item %d: %s", i, e.Message)
	}
	return fmt.Errorf("item %d: %w", i, err)
}
