//go:build integration

package integration

import (
	"encoding/hex"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/stretchr/testify/require"
)

// TestBulkRecordsVerifyOneByOne anchors more than one transaction's worth
// of digests, checks each sampled record through the public verification
// as if it had been anchored alone, and runs the same load again as a
// loader would after a crash: nothing is anchored twice.
func TestBulkRecordsVerifyOneByOne(t *testing.T) {
	items := make([]evidenceapi.BulkItem, evidenceapi.MaxBulk+250)
	for i := range items {
		items[i] = evidenceapi.BulkItem{Digest: hex.EncodeToString(freshDigest(t)), CaseNumber: "(2025)京0491民初9号", Size: int64(i)}
	}
	clerk := ev(t, "CourtMSP", "clerk1")
	bulks, err := clerk.AnchorMany(ctx(t), api.SHA256, evidenceapi.KindArchive, items, 2, nil)
	require.NoError(t, err)
	require.Len(t, bulks, 2)
	last := max(bulks[0].Transaction.Block, bulks[1].Transaction.Block)
	synced(t, last)

	public := ev(t, "CreditMSP", "auditor")
	for _, i := range []int{0, 999, 1000, len(items) - 1} {
		b := bulks[i/evidenceapi.MaxBulk]
		number := b.Numbers[i-b.First]
		v, err := public.Verify(ctx(t), api.SHA256, items[i].Digest, number)
		require.NoError(t, err, "item %d", i)
		require.Equal(t, evidenceapi.Anchored, v.Verdict, "item %d", i)
		require.Equal(t, b.Transaction.Block, v.Block, "item %d: the block comes from the ledger", i)
		require.Equal(t, int64(i), v.Record.Size)
		require.Equal(t, evidenceapi.KindArchive, v.Record.Kind)
		require.Equal(t, "CourtMSP/clerk1", v.Record.Depositor.String())
	}

	again, err := ev(t, "MediationMSP", "mediator1").AnchorMany(ctx(t), api.SHA256, evidenceapi.KindArchive, items[900:1100], 1, nil)
	require.NoError(t, err)
	require.Len(t, again, 1)
	require.Len(t, again[0].Existing, 200, "every item was anchored before")
	require.Equal(t, bulks[0].Numbers[900:], again[0].Numbers[:100])

	_, err = clerk.AnchorBulk(ctx(t), evidenceapi.BulkRequest{Algorithm: api.SHA256, Kind: evidenceapi.KindArchive, Items: items[5:7]})
	require.ErrorContains(t, err, "item 0: sha256 digest "+items[5].Digest+" is already anchored")
}
