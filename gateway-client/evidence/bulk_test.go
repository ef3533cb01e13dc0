package evidence_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/clienttest"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/stretchr/testify/require"
)

// bulkLedger answers AnchorBulk requests as the chaincode would, numbering
// each item by its digest, and keeps every request it saw.
type bulkLedger struct {
	mu       sync.Mutex
	requests []evidenceapi.BulkRequest
	refuse   string // a digest whose request is refused
}

func (l *bulkLedger) handle(r fakepeer.Request) fakepeer.Response {
	var req evidenceapi.BulkRequest
	if err := json.Unmarshal([]byte(r.Args[0]), &req); err != nil {
		panic(err)
	}
	l.mu.Lock()
	l.requests = append(l.requests, req)
	l.mu.Unlock()
	res := evidenceapi.BulkResult{TxID: r.TxID}
	for _, item := range req.Items {
		if item.Digest == l.refuse {
			return fakepeer.Response{Err: fakepeer.Refuse(r.Kind, "item 3: sha256 digest "+item.Digest+" is not hexadecimal [invalid]")}
		}
		res.Numbers = append(res.Numbers, "EV"+item.Digest[:8])
	}
	payload, _ := json.Marshal(res)
	return fakepeer.Response{Payload: payload, Block: 7}
}

func bulkItems(n int) []evidenceapi.BulkItem {
	items := make([]evidenceapi.BulkItem, n)
	for i := range items {
		items[i].Digest = fmt.Sprintf("%064x", i)
	}
	return items
}

func TestAnchorManyChunksInOrderAndSkipsWhatIsAnchored(t *testing.T) {
	f := clienttest.Start(t, evidence.New)
	l := &bulkLedger{}
	f.Peer.Handle(l.handle)
	items := bulkItems(2*evidenceapi.MaxBulk + 5)
	var progress []int
	out, err := f.Client.AnchorMany(t.Context(), api.SHA256, evidenceapi.KindArchive, items, 2, func(n int) { progress = append(progress, n) })
	require.NoError(t, err)
	require.Len(t, out, 3)
	for i, b := range out {
		require.Equal(t, i*evidenceapi.MaxBulk, b.First)
	}
	var numbers []string
	for _, b := range out {
		numbers = append(numbers, b.Numbers...)
		require.Equal(t, uint64(7), b.Transaction.Block)
	}
	require.Len(t, numbers, len(items))
	for i, n := range numbers {
		require.Equal(t, "EV"+items[i].Digest[:8], n, "item %d", i)
	}
	require.Len(t, l.requests, 3)
	sizes := []int{}
	for _, r := range l.requests {
		require.True(t, r.SkipAnchored, "a loader that runs again must not be refused for what it anchored before")
		require.Equal(t, evidenceapi.KindArchive, r.Kind)
		sizes = append(sizes, len(r.Items))
	}
	slices.Sort(sizes)
	require.Equal(t, []int{5, evidenceapi.MaxBulk, evidenceapi.MaxBulk}, sizes)
	require.Equal(t, len(items), progress[len(progress)-1])
}

func TestAnchorManyStopsAtTheFirstRefusal(t *testing.T) {
	f := clienttest.Start(t, evidence.New)
	items := bulkItems(5 * evidenceapi.MaxBulk)
	l := &bulkLedger{refuse: items[evidenceapi.MaxBulk+3].Digest}
	f.Peer.Handle(l.handle)
	out, err := f.Client.AnchorMany(t.Context(), api.SHA256, evidenceapi.KindArchive, items, 1, nil)
	require.ErrorContains(t, err, "items 1000 to 1999: ")
	require.ErrorContains(t, err, "item 3: sha256 digest")
	require.Len(t, out, 1, "the chunk before the refused one committed")
	require.Len(t, l.requests, 2, "no chunk starts after a refusal")
}

// A chunk whose commit is never confirmed is sent again as a new
// transaction, which the ledger answers by skipping what is there.
func TestAnchorManySendsAnUnconfirmedChunkAgain(t *testing.T) {
	fp := fakepeer.Start(t, nil)
	p, err := profile.Load(fp.ProfilePath)
	require.NoError(t, err)
	c, err := gateway.Connect(p, fakepeer.MSPID, fakepeer.Identity, gateway.WithFailureBound(300*time.Millisecond, 100*time.Millisecond))
	require.NoError(t, err)
	defer c.Close()
	l := &bulkLedger{}
	fp.Handle(l.handle)
	var statuses atomic.Int32
	fp.OnStatus(func(ctx context.Context, txID string) error {
		if statuses.Add(1) <= 3 { // every status of the first transaction
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	})
	out, err := evidence.New(c).AnchorMany(t.Context(), api.SHA256, evidenceapi.KindArchive, bulkItems(10), 1, nil)
	require.NoError(t, err)
	require.Len(t, out, 1)
	require.GreaterOrEqual(t, len(l.requests), 2, "sent again after the first was not confirmed")
	require.True(t, l.requests[len(l.requests)-1].SkipAnchored)
}
