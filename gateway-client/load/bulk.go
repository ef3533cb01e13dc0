package load

import (
	"context"
	"fmt"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/gateway-client/evidence"
)

// BulkConfig is a bulk run: Records random digests, each its own record of
// Kind, in transactions of evidenceapi.MaxBulk, Parallel of them in
// flight.
type BulkConfig struct {
	Records, Parallel int
	Kind              string
}

// BulkResult is a bulk run timed end to end. Its fields are in the order
// --json has always printed them.
type BulkResult struct {
	Parallel         int           `json:"parallel"`
	Records          int           `json:"records"`
	RecordsPerSecond float64       `json:"recordsPerSecond"`
	Seconds          float64       `json:"seconds"`
	Transactions     int           `json:"transactions"`
	Elapsed          time.Duration `json:"-"`
}

func (r BulkResult) String() string {
	return fmt.Sprintf("%d records in %d transactions (%d in flight) in %s: %.0f records/s",
		r.Records, r.Transactions, r.Parallel, r.Elapsed.Round(time.Millisecond), r.RecordsPerSecond)
}

// Bulk anchors the records and times it end to end: endorsement, ordering
// and commit on every peer the gateway waits for. progress (if not nil)
// is called with the records anchored so far. Its error says how many
// records were anchored before it.
func Bulk(ctx context.Context, e *evidence.Client, cfg BulkConfig, progress func(done int)) (BulkResult, error) {
	items := randomItems(cfg.Records)
	start := time.Now()
	bulks, err := e.AnchorMany(ctx, api.SHA256, cfg.Kind, items, cfg.Parallel, progress)
	r := BulkResult{Parallel: cfg.Parallel, Transactions: len(bulks), Elapsed: time.Since(start)}
	for _, b := range bulks {
		r.Records += len(b.Numbers) - len(b.Existing)
	}
	r.Seconds = r.Elapsed.Seconds()
	r.RecordsPerSecond = float64(r.Records) / r.Elapsed.Seconds()
	if err != nil {
		return r, fmt.Errorf("after %d records in %s: %w", r.Records, r.Elapsed.Round(time.Millisecond), err)
	}
	return r, nil
}
