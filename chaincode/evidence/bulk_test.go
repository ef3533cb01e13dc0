package evidence_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/chaincode/evidence"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/stretchr/testify/require"
)

// digests returns n distinct digests, the SHA-256 of "<seed>/<i>".
func digests(seed string, n int) []string {
	out := make([]string, n)
	for i := range out {
		h := sha256.Sum256(fmt.Appendf(nil, "%s/%d", seed, i))
		out[i] = hex.EncodeToString(h[:])
	}
	return out
}

func bulkReq(ds ...string) evidenceapi.BulkRequest {
	req := evidenceapi.BulkRequest{Algorithm: "sha256", Kind: evidenceapi.KindCaseFile}
	for i, d := range ds {
		req.Items = append(req.Items, evidenceapi.BulkItem{Digest: d, CaseNumber: "(2026)京0491民初1号", Size: int64(100 + i), MediaType: "application/pdf"})
	}
	return req
}

func TestBulkRecordsAreSingleRecords(t *testing.T) {
	l := newLedger()
	ds := digests("bulk", evidenceapi.MaxBulk)
	res := ledgertest.Must(t, l, clerk, func(tx *ledgertest.Tx) (*evidenceapi.BulkResult, error) {
		return ledgertest.Call(tx, evidenceapi.AnchorBulk, request(t, bulkReq(ds...)))
	})
	require.Len(t, res.Numbers, len(ds))
	require.Empty(t, res.Existing)
	for _, i := range []int{0, 1, 499, len(ds) - 1} {
		require.Equal(t, evidence.Number("sha256", ds[i]), res.Numbers[i], "item %d", i)
		v, err := ledgertest.Call(l.Tx(auditor), evidenceapi.VerifyNumber, res.Numbers[i], "sha256", ds[i])
		require.NoError(t, err)
		require.Equal(t, evidenceapi.Anchored, v.Verdict, "item %d", i)
		r := v.Record
		require.Equal(t, evidenceapi.KindCaseFile, r.Kind)
		require.Equal(t, int64(100+i), r.Size)
		require.Equal(t, "(2026)京0491民初1号", r.CaseNumber)
		require.Equal(t, res.TxID, r.TxID)
		require.Equal(t, res.AnchoredAt, r.AnchoredAt)
		require.Equal(t, "CourtMSP/clerk1", r.Depositor.String())
		require.Equal(t, evidenceapi.StatusValid, r.Status)
	}
	// A bulk record is revoked like any other.
	ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*evidenceapi.Record, error) {
		return ledgertest.Call(tx, evidenceapi.Revoke, res.Numbers[7], "wrong file")
	})
}

func TestBulkRefusalsNameTheItemAndWriteNothing(t *testing.T) {
	l := newLedger()
	anchored(t, l, clerk, digestA)
	ds := digests("refused", 3)
	mut := func(f func(*evidenceapi.BulkRequest)) string {
		req := bulkReq(ds...)
		f(&req)
		return request(t, req)
	}
	for _, c := range []struct{ name, request, want string }{
		{"anchored before", mut(func(r *evidenceapi.BulkRequest) { r.Items[2].Digest = digestA }),
			"item 2: sha256 digest " + digestA + " is already anchored as " + evidence.Number("sha256", digestA)},
		{"twice in the request", mut(func(r *evidenceapi.BulkRequest) { r.Items[2].Digest = r.Items[0].Digest }),
			"item 2: sha256 digest " + ds[0] + " is also item 0: a digest is anchored once [invalid]"},
		{"twice, in capitals", mut(func(r *evidenceapi.BulkRequest) { r.Items[1].Digest = strings.ToUpper(ds[0]) }),
			"item 1: sha256 digest " + ds[0] + " is also item 0"},
		{"bad digest", mut(func(r *evidenceapi.BulkRequest) { r.Items[1].Digest = ds[1][:10] }),
			"item 1: sha256 digest must be a 64-character hex digest (32 bytes), got 10 characters [invalid]"},
		{"bad size", mut(func(r *evidenceapi.BulkRequest) { r.Items[0].Size = -1 }), "item 0: size -1 is outside 0 to"},
		{"bad media type", mut(func(r *evidenceapi.BulkRequest) { r.Items[1].MediaType = "pdf" }), `item 1: media type "pdf" is not of the form`},
		{"batch kind", mut(func(r *evidenceapi.BulkRequest) { r.Kind = evidenceapi.KindMerkleBatch }), `unknown kind "merkle_batch"`},
		{"no items", mut(func(r *evidenceapi.BulkRequest) { r.Items = nil }), "a bulk anchoring has 1 to 1000 items, got 0 [limit]"},
		{"too many", request(t, bulkReq(digests("many", evidenceapi.MaxBulk+1)...)), "a bulk anchoring has 1 to 1000 items, got 1001 [limit]"},
		{"unknown algorithm", mut(func(r *evidenceapi.BulkRequest) { r.Algorithm = "md5" }), `unknown digest algorithm "md5"`},
		{"unknown field", `{"algorithm":"sha256","kind":"case_file","items":[{"digest":"` + ds[0] + `","owner":"x"}]}`, `unknown field "owner"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ledgertest.Fuzz(t, l, clerk, func(tx *ledgertest.Tx) (*evidenceapi.BulkResult, error) {
				return ledgertest.Call(tx, evidenceapi.AnchorBulk, c.request)
			})
			require.ErrorContains(t, err, c.want)
		})
	}
	for _, d := range ds {
		v, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Verify, "sha256", d)
		require.NoError(t, err)
		require.Equal(t, evidenceapi.NotOnChain, v.Verdict, "a refused bulk anchoring left %s behind", d)
	}
}

func TestBulkResumesWithSkipAnchored(t *testing.T) {
	l := newLedger()
	first := anchored(t, l, mediator, digestA)
	ds := append(digests("resume", 2), digestA)
	req := bulkReq(ds...)
	req.SkipAnchored = true
	res := ledgertest.Must(t, l, clerk, func(tx *ledgertest.Tx) (*evidenceapi.BulkResult, error) {
		return ledgertest.Call(tx, evidenceapi.AnchorBulk, request(t, req))
	})
	require.Equal(t, []int{2}, res.Existing)
	require.Equal(t, first.Number, res.Numbers[2])
	shown, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Show, first.Number)
	require.NoError(t, err)
	require.Equal(t, first, shown, "the earlier record is left as it was")
	// The same request again: everything is there already.
	again := ledgertest.Must(t, l, clerk, func(tx *ledgertest.Tx) (*evidenceapi.BulkResult, error) {
		return ledgertest.Call(tx, evidenceapi.AnchorBulk, request(t, req))
	})
	require.Equal(t, []int{0, 1, 2}, again.Existing)
	require.Equal(t, res.Numbers, again.Numbers)
}

func TestBulkAnchoringRoles(t *testing.T) {
	for _, who := range []ledgertest.Identity{auditor, rogue, nobody} {
		_, err := ledgertest.Call(newLedger().Tx(who), evidenceapi.AnchorBulk, request(t, bulkReq(digestA)))
		require.ErrorContains(t, err, "access denied: evidence:AnchorBulk", who.Name)
	}
}

// BenchmarkAnchorBulk anchors full requests of MaxBulk digests; set its
// records/s beside BenchmarkAnchor's 1/(ns/op) for what one transaction
// per record costs the chaincode beyond the records themselves.
func BenchmarkAnchorBulk(b *testing.B) {
	l := newLedger()
	n := 0
	for i := 0; b.Loop(); i++ {
		req := bulkReq(digests(fmt.Sprint("bench", i), evidenceapi.MaxBulk)...)
		data, _ := json.Marshal(req)
		tx := l.Tx(clerk)
		if _, err := ledgertest.Call(tx, evidenceapi.AnchorBulk, string(data)); err != nil {
			b.Fatal(err)
		}
		tx.Commit()
		n += len(req.Items)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}
