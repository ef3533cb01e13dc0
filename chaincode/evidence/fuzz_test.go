package evidence_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/chaincode/evidence"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/stretchr/testify/require"
)

// Fuzz targets of the evidence and service contracts. Each input runs on
// a copy of a ledger set up once (fixture); ledgertest.Fuzz checks that a
// refusal writes nothing, and each target that what was accepted reads
// back.

// callers are who a fuzzed call runs as: the depositors first, then
// callers every writing function refuses.
var callers = []ledgertest.Identity{clerk, judge, officer, mediator, bank, auditor, rogue, nobody}

func caller(who int) ledgertest.Identity {
	return callers[uint(who)%uint(len(callers))]
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fixture is a ledger with digestA and digestB anchored and digestA
// served on recipient.
type fixture struct {
	l              *ledgertest.Ledger
	numberA, numbB string
	service        string
}

func newFixture(f *testing.F) *fixture {
	l := newLedger()
	x := &fixture{l: l}
	for _, d := range []string{digestA, digestB} {
		ledgertest.Must(f, l, clerk, func(tx *ledgertest.Tx) (*evidenceapi.Record, error) {
			return ledgertest.Call(tx, evidenceapi.Anchor, js(anchorReq(d)))
		})
	}
	x.numberA, x.numbB = evidence.Number("sha256", digestA), evidence.Number("sha256", digestB)
	s := ledgertest.Must(f, l, clerk, func(tx *ledgertest.Tx) (*evidenceapi.Service, error) {
		return ledgertest.Call(tx, evidenceapi.RecordService, js(serviceReq(digestA)))
	})
	x.service = s.ID
	return x
}

// requireAnchored checks that record r reads back as it was returned and
// that its digest verifies as anchored under its number.
func requireAnchored(t *testing.T, l *ledgertest.Ledger, r *evidenceapi.Record) {
	shown, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Show, r.Number)
	require.NoError(t, err)
	require.Equal(t, r, shown)
	v, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Verify, r.Algorithm, r.Digest)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Anchored, v.Verdict)
	require.Equal(t, r.Number, v.Number)
}

func FuzzAnchor(f *testing.F) {
	const digestC = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
	f.Add(0, js(anchorReq(digestC)))
	f.Add(3, js(evidenceapi.AnchorRequest{Algorithm: "SM3", Digest: strings.ToUpper(digestC), Kind: evidenceapi.KindLitigationDocument}))
	f.Add(0, js(anchorReq(digestA)))
	f.Add(5, js(anchorReq(digestC)))
	f.Add(0, js(evidenceapi.AnchorRequest{Algorithm: "sha256", Digest: digestC, Kind: evidenceapi.KindMerkleBatch}))
	f.Add(0, js(evidenceapi.AnchorRequest{Algorithm: "sha256", Digest: digestC[:63], Kind: evidenceapi.KindElectronicEvidence}))
	f.Add(0, js(evidenceapi.AnchorRequest{Algorithm: "sha256", Digest: digestC, Kind: evidenceapi.KindElectronicEvidence, Size: -1}))
	f.Add(0, js(evidenceapi.AnchorRequest{Algorithm: "sha256", Digest: digestC, Kind: evidenceapi.KindElectronicEvidence, MediaType: "text/plain; charset=utf-8"}))
	f.Add(0, `{"algorithm":"sha256","digest":"`+digestC+`","kind":"electronic_evidence","caseNumber":"\udbff\udfff"}`)
	f.Add(0, `{"algorithm":"sha256","digest":"`+digestC+`","kind":"electronic_evidence","size":1e3}`)
	f.Add(0, `{"algorithm":"sha256"} {}`)
	f.Add(0, ``)
	x := newFixture(f)
	f.Fuzz(func(t *testing.T, who int, request string) {
		l := x.l.Clone()
		r, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (*evidenceapi.Record, error) {
			return ledgertest.Call(tx, evidenceapi.Anchor, request)
		})
		if err != nil {
			return
		}
		require.Equal(t, evidenceapi.StatusValid, r.Status)
		require.NotEqual(t, evidenceapi.KindMerkleBatch, r.Kind, "a single digest is not a batch root")
		requireAnchored(t, l, r)
	})
}

func FuzzAnchorBatch(f *testing.F) {
	const root = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
	batch := func(size int64) string {
		return js(evidenceapi.BatchRequest{Algorithm: "sha256", Root: root, TreeSize: size, CaseNumber: "(2026)京0491民初1号", Description: "three photos"})
	}
	f.Add(0, batch(3))
	f.Add(4, batch(1))
	f.Add(0, batch(evidenceapi.MaxTreeSize))
	f.Add(0, batch(evidenceapi.MaxTreeSize+1))
	f.Add(0, batch(0))
	f.Add(6, batch(3))
	f.Add(0, js(evidenceapi.BatchRequest{Algorithm: "sha256", Root: digestA, TreeSize: 2}))
	f.Add(0, `{"algorithm":"md5","root":"`+root+`","treeSize":2}`)
	f.Add(0, `{"algorithm":"sha256","root":"`+root+`","treeSize":"2"}`)
	x := newFixture(f)
	f.Fuzz(func(t *testing.T, who int, request string) {
		l := x.l.Clone()
		r, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (*evidenceapi.Record, error) {
			return ledgertest.Call(tx, evidenceapi.AnchorBatch, request)
		})
		if err != nil {
			return
		}
		require.Equal(t, evidenceapi.KindMerkleBatch, r.Kind)
		require.True(t, r.TreeSize >= 1 && r.TreeSize <= evidenceapi.MaxTreeSize)
		requireAnchored(t, l, r)
	})
}

// FuzzMark supersedes or revokes a record: accepted, the record shows its
// new status, once, with the reason as recorded.
func FuzzMark(f *testing.F) {
	x := newFixture(f)
	f.Add(0, true, x.numberA, x.numbB, "replaced by a certified copy")
	f.Add(1, false, x.numberA, "", "anchored by mistake")
	f.Add(0, true, x.numberA, x.numberA, "itself")
	f.Add(0, true, x.numberA, "EV00000000000000000000000000000000", "not on the ledger")
	f.Add(0, false, x.numbB, "", "   ")
	f.Add(2, false, x.numbB, "", "an officer may not")
	f.Add(0, false, "", "", "no number")
	f.Add(0, false, "EV\x00", "", "a NUL")
	f.Add(0, false, x.numberA, "", "\xff\xfe")
	f.Fuzz(func(t *testing.T, who int, supersede bool, number, by, reason string) {
		l := x.l.Clone()
		r, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (*evidenceapi.Record, error) {
			if supersede {
				return ledgertest.Call(tx, evidenceapi.Supersede, number, by, reason)
			}
			return ledgertest.Call(tx, evidenceapi.Revoke, number, reason)
		})
		if err != nil {
			return
		}
		want := evidenceapi.StatusRevoked
		if supersede {
			want = evidenceapi.StatusSuperseded
		}
		shown, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Show, number)
		require.NoError(t, err)
		require.Equal(t, r, shown)
		require.Equal(t, want, shown.Status)
		require.Equal(t, strings.TrimSpace(reason), shown.StatusNote.Reason)
	})
}

func FuzzRecordService(f *testing.F) {
	f.Add(0, js(serviceReq(digestA)))
	f.Add(1, js(serviceReq(strings.ToUpper(digestB))))
	publication := serviceReq(digestA)
	publication.Method = evidenceapi.MethodPublication
	f.Add(0, js(publication))
	late := serviceReq(digestA)
	late.ServedAt = "2026-01-05T09:00:01Z"
	f.Add(0, js(late))
	notAnchored := serviceReq("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
	f.Add(0, js(notAnchored))
	named := serviceReq(digestA)
	named.Recipient = "张三"
	f.Add(0, js(named))
	f.Add(3, js(serviceReq(digestA)))
	f.Add(0, `{"algorithm":"sha256","document":"`+digestA+`","recipient":"`+recipient+`","method":"post","servedAt":"0001-01-01T00:00:00Z"}`)
	f.Add(0, `{"algorithm":"sha256","document":"`+digestA+`","recipient":"`+recipient+`","method":"post","servedAt":"2026-01-05T08:00:00.999999999+23:59"}`)
	x := newFixture(f)
	f.Fuzz(func(t *testing.T, who int, request string) {
		l := x.l.Clone()
		s, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (*evidenceapi.Service, error) {
			return ledgertest.Call(tx, evidenceapi.RecordService, request)
		})
		if err != nil {
			return
		}
		status, err := ledgertest.Call(l.Tx(auditor), evidenceapi.ServiceStatus, s.Algorithm, s.Document)
		require.NoError(t, err)
		i := slices.IndexFunc(status, func(o *evidenceapi.Service) bool { return o.ID == s.ID })
		require.GreaterOrEqual(t, i, 0, "service %s recorded, not in the document's status", s.ID)
		require.Equal(t, s, status[i])
	})
}

func FuzzAcknowledge(f *testing.F) {
	x := newFixture(f)
	const receipt = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
	f.Add(0, x.service, "sha256", receipt)
	f.Add(1, x.service, "SM3", strings.ToUpper(receipt))
	f.Add(0, x.service, "sha256", digestB)
	f.Add(0, x.service, "sha1", receipt)
	f.Add(0, "SV20260105-0000000000000000", "sha256", receipt)
	f.Add(4, x.service, "sha256", receipt)
	f.Add(0, "", "sha256", receipt)
	f.Fuzz(func(t *testing.T, who int, service, algorithm, digest string) {
		l := x.l.Clone()
		s, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (*evidenceapi.Service, error) {
			return ledgertest.Call(tx, evidenceapi.Acknowledge, service, algorithm, digest)
		})
		if err != nil {
			return
		}
		require.NotNil(t, s.Acknowledged)
		status, err := ledgertest.Call(l.Tx(auditor), evidenceapi.ServiceStatus, s.Algorithm, s.Document)
		require.NoError(t, err)
		require.Contains(t, status, s)
		r, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Show, s.Acknowledged.ReceiptNumber)
		require.NoError(t, err)
		require.Equal(t, evidenceapi.KindServiceReceipt, r.Kind)
		requireAnchored(t, l, r)
	})
}

// FuzzVerify runs the public reads on whatever is asked: they answer or
// refuse, and write nothing.
func FuzzVerify(f *testing.F) {
	x := newFixture(f)
	f.Add(x.numberA, "sha256", digestA)
	f.Add(x.numberA, "sha256", digestB)
	f.Add(x.numbB, "SM3", strings.ToUpper(digestB))
	f.Add("EV0", "sha512", "00")
	f.Add("", "", "")
	f.Add("EV\x00", "sha256", digestA)
	f.Fuzz(func(t *testing.T, number, algorithm, digest string) {
		read := func(fn func(tx *ledgertest.Tx) (any, error)) {
			ledgertest.FuzzRead(t, x.l, auditor, fn)
		}
		read(func(tx *ledgertest.Tx) (any, error) {
			return ledgertest.Call(tx, evidenceapi.Verify, algorithm, digest)
		})
		read(func(tx *ledgertest.Tx) (any, error) {
			return ledgertest.Call(tx, evidenceapi.VerifyNumber, number, algorithm, digest)
		})
		read(func(tx *ledgertest.Tx) (any, error) { return ledgertest.Call(tx, evidenceapi.Show, number) })
		read(func(tx *ledgertest.Tx) (any, error) { return ledgertest.Call(tx, evidenceapi.History, number) })
		read(func(tx *ledgertest.Tx) (any, error) {
			return ledgertest.Call(tx, evidenceapi.ServiceStatus, algorithm, digest)
		})
	})
}

func FuzzAnchorBulk(f *testing.F) {
	ds := digests("fuzz", 3)
	f.Add(0, js(bulkReq(ds...)))
	f.Add(2, js(bulkReq(ds[0], digestA)))
	skip := bulkReq(ds[0], digestA)
	skip.SkipAnchored = true
	f.Add(0, js(skip))
	f.Add(0, js(bulkReq(ds[0], ds[0])))
	f.Add(0, js(bulkReq(ds[0], strings.ToUpper(ds[0]))))
	f.Add(5, js(bulkReq(ds...)))
	f.Add(0, `{"algorithm":"sha256","kind":"case_file","items":[]}`)
	f.Add(0, `{"algorithm":"sha256","kind":"case_file","items":[{"digest":"`+ds[0]+`","size":-1}]}`)
	f.Add(0, `{"algorithm":"sm3","kind":"archive","items":[{"digest":"`+ds[1]+`","location":"\udbff\udfff"}]}`)
	x := newFixture(f)
	f.Fuzz(func(t *testing.T, who int, request string) {
		l := x.l.Clone()
		res, err := ledgertest.Fuzz(t, l, caller(who), func(tx *ledgertest.Tx) (*evidenceapi.BulkResult, error) {
			return ledgertest.Call(tx, evidenceapi.AnchorBulk, request)
		})
		if err != nil {
			return
		}
		var req evidenceapi.BulkRequest
		require.NoError(t, json.Unmarshal([]byte(request), &req))
		require.Len(t, res.Numbers, len(req.Items))
		for i, n := range res.Numbers {
			r, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Show, n)
			require.NoError(t, err, "item %d", i)
			if slices.Contains(res.Existing, i) {
				require.True(t, req.SkipAnchored, "item %d reported as existing without skipAnchored", i)
				continue
			}
			require.Equal(t, res.TxID, r.TxID, "item %d", i)
			requireAnchored(t, l, r)
		}
	})
}
