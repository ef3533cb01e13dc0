package batch_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/emmansun/gmsm/sm3"
	"github.com/stretchr/testify/require"
	"github.com/transparency-dev/merkle/rfc6962"
	"github.com/transparency-dev/merkle/testonly"
)

func digests(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		d := sha256.Sum256([]byte(fmt.Sprintf("document %d", i)))
		out[i] = d[:]
	}
	return out
}

var anchoring = batch.Anchoring{Channel: "judicial", Chaincode: "judicial", EvidenceNumber: "EV20260105-0011223344556677", TxID: "abc", Block: 7}

// The tree agrees with transparency-dev's reference tree on roots and on
// every audit path, for every size up to 70 (all shapes of imperfect trees).
func TestTreeMatchesReferenceImplementation(t *testing.T) {
	for n := 1; n <= 70; n++ {
		ds := digests(n)
		tree, err := batch.Build(rfc6962.DefaultHasher, ds)
		require.NoError(t, err)
		ref := testonly.New(rfc6962.DefaultHasher)
		ref.AppendData(ds...)
		require.Equal(t, ref.Hash(), tree.Root(), "root of %d leaves", n)
		for i := uint64(0); i < uint64(n); i++ {
			want, err := ref.InclusionProof(i, uint64(n))
			require.NoError(t, err)
			got, err := tree.AuditPath(i)
			require.NoError(t, err)
			require.Equal(t, want, got, "path of leaf %d of %d", i, n)
		}
	}
}

// Known answer from RFC 6962's test vectors as published with
// transparency-dev/merkle: the root of the 8 reference leaves.
func TestKnownRoot(t *testing.T) {
	tree, err := batch.Build(rfc6962.DefaultHasher, testonly.LeafInputs())
	require.NoError(t, err)
	roots := testonly.RootHashes()
	require.Equal(t, roots[len(roots)-1], tree.Root())
}

func TestReceiptsVerifyOfflineForBothAlgorithms(t *testing.T) {
	for _, alg := range []string{"sha256", "sm3"} {
		hasher, err := batch.Hasher(alg)
		require.NoError(t, err)
		ds := digests(13)
		tree, err := batch.Build(hasher, ds)
		require.NoError(t, err)
		receipts, err := tree.Receipts(alg, ds, anchoring)
		require.NoError(t, err)
		for i, r := range receipts {
			require.NoError(t, r.VerifyOffline(), "%s receipt %d", alg, i)
			require.True(t, r.Covers(ds[i]))
			data, err := json.Marshal(r)
			require.NoError(t, err)
			back, err := batch.ParseReceipt(data)
			require.NoError(t, err)
			require.Equal(t, r, back)
		}
	}
}

func TestSM3HasherIsDomainSeparated(t *testing.T) {
	h, err := batch.Hasher("sm3")
	require.NoError(t, err)
	leaf := []byte("x")
	want := sm3.Sum(append([]byte{0}, leaf...))
	require.Equal(t, want[:], h.HashLeaf(leaf))
	node := sm3.Sum(append([]byte{1}, bytes.Repeat([]byte{7}, 64)...))
	require.Equal(t, node[:], h.HashChildren(bytes.Repeat([]byte{7}, 32), bytes.Repeat([]byte{7}, 32)))
	require.NotEqual(t, h.HashLeaf(leaf), rfc6962.DefaultHasher.HashLeaf(leaf))
}

func TestTamperedOrMalformedReceiptsAreRefused(t *testing.T) {
	ds := digests(10)
	tree, err := batch.Build(rfc6962.DefaultHasher, ds)
	require.NoError(t, err)
	receipts, err := tree.Receipts("sha256", ds, anchoring)
	require.NoError(t, err)
	good := *receipts[3]

	flip := func(s string) string {
		b, _ := hex.DecodeString(s)
		b[0] ^= 1
		return hex.EncodeToString(b)
	}
	cases := []struct {
		name   string
		edit   func(r *batch.Receipt)
		want   string
		tamper bool
	}{
		{"altered leaf", func(r *batch.Receipt) { r.Leaf = flip(r.Leaf) }, "does not lead to root", true},
		{"altered path node", func(r *batch.Receipt) { r.AuditPath = append([]string{flip(r.AuditPath[0])}, r.AuditPath[1:]...) }, "does not lead to root", true},
		{"altered root", func(r *batch.Receipt) { r.Root = flip(r.Root) }, "does not lead to root", true},
		{"other index", func(r *batch.Receipt) { r.Index = 4 }, "does not lead to root", true},
		{"dropped path node", func(r *batch.Receipt) { r.AuditPath = r.AuditPath[1:] }, "does not lead to root", true},
		{"index beyond size", func(r *batch.Receipt) { r.Index = 10 }, "index 10 is outside a tree of 10 leaves", false},
		{"unknown algorithm", func(r *batch.Receipt) { r.Algorithm = "md5" }, `unknown digest algorithm "md5"`, false},
		{"short leaf", func(r *batch.Receipt) { r.Leaf = r.Leaf[:10] }, "leaf is 5 bytes", false},
		{"non-hex path", func(r *batch.Receipt) { r.AuditPath = []string{"zz"} }, "auditPath[0] is not hexadecimal", false},
		{"no transaction", func(r *batch.Receipt) { r.TxID = "" }, "txId are all required", false},
		{"future version", func(r *batch.Receipt) { r.Version = 2 }, "version 2 is not supported", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := good
			r.AuditPath = append([]string(nil), good.AuditPath...)
			tc.edit(&r)
			err := r.VerifyOffline()
			require.ErrorContains(t, err, tc.want)
			require.Equal(t, tc.tamper, errors.Is(err, batch.ErrTampered))
		})
	}

	_, err = batch.ParseReceipt([]byte(`{"version":1,"leaf":"00","extra":1}`))
	require.ErrorContains(t, err, `unknown field "extra"`)
	_, err = batch.ParseReceipt([]byte(`{"version":1`))
	require.ErrorContains(t, err, "not valid JSON")
	_, err = batch.Build(rfc6962.DefaultHasher, nil)
	require.ErrorContains(t, err, "at least one digest")
}

func BenchmarkBuildWithReceipts(b *testing.B) {
	ds := digests(100_000)
	b.ReportAllocs()
	for b.Loop() {
		tree, err := batch.Build(rfc6962.DefaultHasher, ds)
		if err != nil {
			b.Fatal(err)
		}
		receipts, err := tree.Receipts("sha256", ds, anchoring)
		if err != nil {
			b.Fatal(err)
		}
		var line []byte
		for _, r := range receipts {
			line = r.AppendJSON(line[:0])
			io.Discard.Write(line)
		}
	}
	b.ReportMetric(float64(len(ds)*b.N)/b.Elapsed().Seconds(), "digests/s")
}

func BenchmarkVerifyOffline(b *testing.B) {
	ds := digests(100_000)
	tree, _ := batch.Build(rfc6962.DefaultHasher, ds)
	receipts, _ := tree.Receipts("sha256", ds, anchoring)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := receipts[i%len(receipts)].VerifyOffline(); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// AppendJSON writes exactly what encoding/json writes.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	ds := digests(37)
	tree, err := batch.Build(rfc6962.DefaultHasher, ds)
	require.NoError(t, err)
	odd := anchoring
	odd.Channel = `chan"nel<&>` + "\u00e9"
	receipts, err := tree.Receipts("sha256", ds, odd)
	require.NoError(t, err)
	receipts = append(receipts, &batch.Receipt{})
	for _, r := range receipts {
		want, err := json.Marshal(r)
		require.NoError(t, err)
		require.Equal(t, string(want)+"\n", string(r.AppendJSON(nil)))
	}
}

// Receipts built in parallel and with cached hex nodes equal AuditPath's.
func TestReceiptsMatchAuditPaths(t *testing.T) {
	for _, n := range []int{1, 2, 3, 1000, 4097} {
		ds := digests(n)
		tree, err := batch.Build(rfc6962.DefaultHasher, ds)
		require.NoError(t, err)
		receipts, err := tree.Receipts("sha256", ds, anchoring)
		require.NoError(t, err)
		for i, r := range receipts {
			path, err := tree.AuditPath(uint64(i))
			require.NoError(t, err)
			require.Len(t, r.AuditPath, len(path))
			for j := range path {
				require.Equal(t, hex.EncodeToString(path[j]), r.AuditPath[j], "leaf %d of %d, node %d", i, n, j)
			}
		}
	}
}
