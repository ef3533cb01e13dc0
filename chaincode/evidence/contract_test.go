package evidence_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/chaincode/evidence"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/stretchr/testify/require"
)

var (
	judge    = ledgertest.Identity{MSPID: "CourtMSP", Name: "judge1", Role: "judge"}
	clerk    = ledgertest.Identity{MSPID: "CourtMSP", Name: "clerk1", Role: "clerk"}
	officer  = ledgertest.Identity{MSPID: "CourtMSP", Name: "officer1", Role: "enforcement_officer"}
	mediator = ledgertest.Identity{MSPID: "MediationMSP", Name: "mediator1", Role: "mediator"}
	bank     = ledgertest.Identity{MSPID: "CreditMSP", Name: "bank1", Role: "bank_officer"}
	auditor  = ledgertest.Identity{MSPID: "CreditMSP", Name: "auditor", Role: "auditor"}
	rogue    = ledgertest.Identity{MSPID: "MediationMSP", Name: "rogue1", Role: "judge"}
	nobody   = ledgertest.Identity{MSPID: "CourtMSP", Name: "user1"}
)

const (
	digestA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	digestB = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
)

// newLedger is a ledger served by the evidence and service contracts,
// and the system contract that sets the channel's parameters.
func newLedger() *ledgertest.Ledger {
	return ledgertest.New(contracts...)
}

// contracts are one value each, so that the ledgers share one chaincode.
var contracts = []contractapi.ContractInterface{evidence.New(), evidence.NewService(), system.New()}

func request(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func anchorReq(digest string) evidenceapi.AnchorRequest {
	return evidenceapi.AnchorRequest{Algorithm: "sha256", Digest: digest, Kind: evidenceapi.KindElectronicEvidence,
		CaseNumber: "(2026)京0491民初1号", Size: 1024, MediaType: "application/pdf", Location: "court-store://a/1"}
}

// anchored anchors digest as who and commits.
func anchored(t *testing.T, l *ledgertest.Ledger, who ledgertest.Identity, digest string) *evidenceapi.Record {
	t.Helper()
	tx := l.Tx(who)
	r, err := ledgertest.Call(tx, evidenceapi.Anchor, request(t, anchorReq(digest)))
	require.NoError(t, err)
	tx.Commit()
	return r
}

func TestAnchorTakesDepositorAndTimeFromTheTransaction(t *testing.T) {
	l := newLedger()
	r := anchored(t, l, clerk, strings.ToUpper(digestA))

	require.Equal(t, digestA, r.Digest, "digest is normalised to lower case")
	require.Equal(t, "sha256", r.Algorithm)
	require.Regexp(t, `^EV[0-9A-F]{32}$`, r.Number)
	require.Equal(t, "CourtMSP/clerk1", r.Depositor.String())
	require.Equal(t, "2026-01-05T09:00:00Z", r.AnchoredAt)
	require.Equal(t, evidenceapi.StatusValid, r.Status)
	require.NotEmpty(t, r.TxID)

	shown, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Show, r.Number)
	require.NoError(t, err)
	require.Equal(t, r, shown)
}

func TestEveryDepositorRoleMayAnchorButNotOthers(t *testing.T) {
	for _, who := range []ledgertest.Identity{judge, clerk, officer, mediator, bank} {
		_, err := ledgertest.Call(newLedger().Tx(who), evidenceapi.Anchor, request(t, anchorReq(digestA)))
		require.NoError(t, err, who.Name)
	}
	for _, who := range []ledgertest.Identity{auditor, rogue, nobody} {
		tx := newLedger().Tx(who)
		_, err := ledgertest.Call(tx, evidenceapi.Anchor, request(t, anchorReq(digestA)))
		require.ErrorContains(t, err, "access denied: evidence:Anchor", who.Name)
		require.Empty(t, tx.Writes())
	}
}

func TestSecondAnchoringIsRefusedWithAReferenceToTheFirst(t *testing.T) {
	l := newLedger()
	first := anchored(t, l, clerk, digestA)
	l.Now = l.Now.Add(time.Hour)

	tx := l.Tx(mediator)
	_, err := ledgertest.Call(tx, evidenceapi.Anchor, request(t, anchorReq(digestA)))
	require.True(t, api.Is(err, api.CodeExists), "%v", err)
	for _, want := range []string{first.Number, first.AnchoredAt, "CourtMSP/clerk1", first.TxID} {
		require.Contains(t, err.Error(), want)
	}
	require.Empty(t, tx.Writes())
}

func TestAnchorRejectsBadInput(t *testing.T) {
	mut := func(f func(*evidenceapi.AnchorRequest)) string {
		r := anchorReq(digestA)
		f(&r)
		return request(t, r)
	}
	cases := []struct{ name, req, want string }{
		{"empty request", "", "empty request"},
		{"not JSON", "{digest:", "not a valid JSON request"},
		{"unknown field", `{"algorithm":"sha256","digest":"` + digestA + `","kind":"archive","caseNo":"x"}`, `unknown field "caseNo"`},
		{"trailing data", request(t, anchorReq(digestA)) + "{}", "data after the object"},
		{"unknown algorithm", mut(func(r *evidenceapi.AnchorRequest) { r.Algorithm = "md5" }), `unknown digest algorithm "md5"`},
		{"missing algorithm", mut(func(r *evidenceapi.AnchorRequest) { r.Algorithm = "" }), "digest algorithm is missing"},
		{"short digest", mut(func(r *evidenceapi.AnchorRequest) { r.Digest = digestA[:40] }), "must be a 64-character hex digest (32 bytes), got 40 characters"},
		{"not hex", mut(func(r *evidenceapi.AnchorRequest) { r.Digest = "zz" + digestA[2:] }), "is not hexadecimal"},
		{"missing digest", mut(func(r *evidenceapi.AnchorRequest) { r.Digest = "" }), "digest is missing"},
		{"unknown kind", mut(func(r *evidenceapi.AnchorRequest) { r.Kind = "selfie" }), `unknown kind "selfie"`},
		{"batch kind", mut(func(r *evidenceapi.AnchorRequest) { r.Kind = evidenceapi.KindMerkleBatch }), `unknown kind "merkle_batch"`},
		{"negative size", mut(func(r *evidenceapi.AnchorRequest) { r.Size = -1 }), "size -1 is outside"},
		{"media type", mut(func(r *evidenceapi.AnchorRequest) { r.MediaType = "pdf" }), "not of the form type/subtype"},
		{"long case number", mut(func(r *evidenceapi.AnchorRequest) { r.CaseNumber = strings.Repeat("9", 65) }), "case number is 65 characters long; at most 64"},
		{"long location", mut(func(r *evidenceapi.AnchorRequest) { r.Location = strings.Repeat("x", 1025) }), "location is 1025 characters long"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tx := newLedger().Tx(clerk)
			_, err := ledgertest.Call(tx, evidenceapi.Anchor, tc.req)
			require.ErrorContains(t, err, tc.want)
			require.Empty(t, tx.Writes(), "nothing is written")
		})
	}
}

func TestSM3IsAcceptedUnderItsUsualSpellings(t *testing.T) {
	l := newLedger()
	req := anchorReq(digestA)
	req.Algorithm = "SM3"
	tx := l.Tx(clerk)
	r, err := ledgertest.Call(tx, evidenceapi.Anchor, request(t, req))
	require.NoError(t, err)
	tx.Commit()
	require.Equal(t, "sm3", r.Algorithm)

	// The same hex under another algorithm is another digest.
	v, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Verify, "SHA-256", digestA)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.NotOnChain, v.Verdict)
}

func TestVerifyGivesThreeDistinctAnswers(t *testing.T) {
	l := newLedger()
	r := anchored(t, l, clerk, digestA)

	v, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Verify, "sha256", digestA)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Anchored, v.Verdict)
	require.Equal(t, r.Number, v.Record.Number)
	require.Equal(t, r.TxID, v.Record.TxID)

	v, err = ledgertest.Call(l.Tx(auditor), evidenceapi.Verify, "sha256", digestB)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.NotOnChain, v.Verdict)
	require.Nil(t, v.Record)

	v, err = ledgertest.Call(l.Tx(auditor), evidenceapi.VerifyNumber, r.Number, "sha256", digestB)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Mismatch, v.Verdict)
	require.Contains(t, v.Message, "content differs")

	v, err = ledgertest.Call(l.Tx(auditor), evidenceapi.VerifyNumber, r.Number, "sha256", digestA)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Anchored, v.Verdict)

	v, err = ledgertest.Call(l.Tx(auditor), evidenceapi.VerifyNumber, "EV00000000000000000000000000000000", "sha256", digestA)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.NotOnChain, v.Verdict)

	_, err = ledgertest.Call(l.Tx(auditor), evidenceapi.Verify, "sha256", "abc")
	require.ErrorContains(t, err, "must be a 64-character hex digest")
}

func TestRevokeAndSupersedeKeepTheRecordAndItsHistory(t *testing.T) {
	l := newLedger()
	old := anchored(t, l, clerk, digestA)
	newer := anchored(t, l, clerk, digestB)

	for _, who := range []ledgertest.Identity{mediator, bank, officer, auditor, rogue} {
		tx := l.Tx(who)
		_, err := ledgertest.Call(tx, evidenceapi.Revoke, old.Number, "forged")
		require.ErrorContains(t, err, "access denied: evidence:Revoke", who.Name)
	}
	_, err := ledgertest.Call(l.Tx(judge), evidenceapi.Supersede, old.Number, old.Number, "corrected")
	require.ErrorContains(t, err, "cannot supersede itself")
	_, err = ledgertest.Call(l.Tx(judge), evidenceapi.Supersede, old.Number, "EV-nope", "corrected")
	require.ErrorContains(t, err, "superseding evidence number EV-nope is not on the ledger")
	_, err = ledgertest.Call(l.Tx(judge), evidenceapi.Supersede, old.Number, newer.Number, "  ")
	require.ErrorContains(t, err, "reason is required")

	l.Now = l.Now.Add(24 * time.Hour)
	tx := l.Tx(judge)
	marked, err := ledgertest.Call(tx, evidenceapi.Supersede, old.Number, newer.Number, "corrected version filed")
	require.NoError(t, err)
	tx.Commit()
	require.Equal(t, evidenceapi.StatusSuperseded, marked.Status)
	require.Equal(t, newer.Number, marked.StatusNote.SupersededBy)
	require.Equal(t, "CourtMSP/judge1", marked.StatusNote.By.String())

	_, err = ledgertest.Call(l.Tx(judge), evidenceapi.Revoke, old.Number, "again")
	require.ErrorContains(t, err, "already superseded")

	v, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Verify, "sha256", digestA)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Anchored, v.Verdict, "a superseded record is still proof of existence")
	require.Contains(t, v.Message, "marked superseded: corrected version filed")

	h, err := ledgertest.Call(l.Tx(auditor), evidenceapi.History, old.Number)
	require.NoError(t, err)
	require.Len(t, h, 2)
	require.Equal(t, evidenceapi.StatusValid, h[0].Record.Status)
	require.Equal(t, evidenceapi.StatusSuperseded, h[1].Record.Status)

	_, err = ledgertest.Call(l.Tx(auditor), evidenceapi.History, "EV-unknown")
	require.ErrorContains(t, err, "not on the ledger")
}

func TestAnchorBatch(t *testing.T) {
	l := newLedger()
	req := evidenceapi.BatchRequest{Algorithm: "sha256", Root: digestB, TreeSize: 1000, Description: "daily batch"}
	tx := l.Tx(clerk)
	r, err := ledgertest.Call(tx, evidenceapi.AnchorBatch, request(t, req))
	require.NoError(t, err)
	tx.Commit()
	require.Equal(t, evidenceapi.KindMerkleBatch, r.Kind)
	require.EqualValues(t, 1000, r.TreeSize)

	_, err = ledgertest.Call(l.Tx(clerk), evidenceapi.AnchorBatch, request(t, req))
	require.ErrorContains(t, err, "already anchored as "+r.Number)

	for _, size := range []int64{0, -5, 1<<32 + 1} {
		req.TreeSize, req.Root = size, digestA
		_, err = ledgertest.Call(l.Tx(clerk), evidenceapi.AnchorBatch, request(t, req))
		require.ErrorContains(t, err, "tree size")
	}
	_, err = ledgertest.Call(l.Tx(auditor), evidenceapi.AnchorBatch, request(t, req))
	require.ErrorContains(t, err, "access denied")
}

func BenchmarkAnchor(b *testing.B) {
	l := newLedger()
	req := anchorReq(digestA)
	for i := 0; b.Loop(); i++ {
		req.Digest = strings.Repeat("0", 56) + hex8(i)
		data, _ := json.Marshal(req)
		tx := l.Tx(clerk)
		if _, err := ledgertest.Call(tx, evidenceapi.Anchor, string(data)); err != nil {
			b.Fatal(err)
		}
		tx.Commit()
	}
}

func BenchmarkVerify(b *testing.B) {
	l := newLedger()
	tx := l.Tx(clerk)
	data, _ := json.Marshal(anchorReq(digestA))
	if _, err := ledgertest.Call(tx, evidenceapi.Anchor, string(data)); err != nil {
		b.Fatal(err)
	}
	tx.Commit()
	q := l.Tx(auditor)
	for b.Loop() {
		if _, err := ledgertest.Call(q, evidenceapi.Verify, "sha256", digestA); err != nil {
			b.Fatal(err)
		}
	}
}

func hex8(i int) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 8)
	for j := 7; j >= 0; j-- {
		out[j] = digits[i&15]
		i >>= 4
	}
	return string(out)
}

// BenchmarkFunctions runs each remaining contract function against the
// fakes (Anchor and Verify have their own benchmarks above).
func BenchmarkFunctions(b *testing.B) {
	setup := func() (*ledgertest.Ledger, *evidenceapi.Record, *evidenceapi.Record) {
		l := newLedger()
		var recs []*evidenceapi.Record
		for _, d := range []string{digestA, digestB} {
			data, _ := json.Marshal(anchorReq(d))
			tx := l.Tx(clerk)
			r, err := ledgertest.Call(tx, evidenceapi.Anchor, string(data))
			if err != nil {
				b.Fatal(err)
			}
			tx.Commit()
			recs = append(recs, r)
		}
		return l, recs[0], recs[1]
	}
	b.Run("AnchorBatch", func(b *testing.B) {
		l, _, _ := setup()
		for i := 0; b.Loop(); i++ {
			data, _ := json.Marshal(evidenceapi.BatchRequest{Algorithm: "sm3", Root: strings.Repeat("1", 56) + hex8(i), TreeSize: 100000})
			tx := l.Tx(clerk)
			if _, err := ledgertest.Call(tx, evidenceapi.AnchorBatch, string(data)); err != nil {
				b.Fatal(err)
			}
			tx.Commit()
		}
	})
	b.Run("VerifyNumber", func(b *testing.B) {
		l, a, _ := setup()
		for b.Loop() {
			if _, err := ledgertest.Call(l.Tx(auditor), evidenceapi.VerifyNumber, a.Number, "sha256", digestB); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Show", func(b *testing.B) {
		l, a, _ := setup()
		for b.Loop() {
			if _, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Show, a.Number); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("History", func(b *testing.B) {
		l, a, _ := setup()
		for b.Loop() {
			if _, err := ledgertest.Call(l.Tx(auditor), evidenceapi.History, a.Number); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Supersede", func(b *testing.B) {
		for b.Loop() {
			l, a, n := setup()
			if _, err := ledgertest.Call(l.Tx(judge), evidenceapi.Supersede, a.Number, n.Number, "corrected"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Revoke", func(b *testing.B) {
		for b.Loop() {
			l, a, _ := setup()
			if _, err := ledgertest.Call(l.Tx(judge), evidenceapi.Revoke, a.Number, "forged"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ServiceRecordAckStatus", func(b *testing.B) {
		for b.Loop() {
			l, a, _ := setup()
			data, _ := json.Marshal(evidenceapi.ServiceRequest{Algorithm: "sha256", Document: a.Digest,
				Recipient: strings.Repeat("ab", 32), Method: "post", ServedAt: "2026-01-05T08:00:00Z"})
			tx := l.Tx(clerk)
			sv, err := ledgertest.Call(tx, evidenceapi.RecordService, string(data))
			if err != nil {
				b.Fatal(err)
			}
			tx.Commit()
			tx = l.Tx(clerk)
			if _, err := ledgertest.Call(tx, evidenceapi.Acknowledge, sv.ID, "sha256", strings.Repeat("c", 64)); err != nil {
				b.Fatal(err)
			}
			tx.Commit()
			if _, err := ledgertest.Call(l.Tx(auditor), evidenceapi.ServiceStatus, "sha256", a.Digest); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Every function the contracts serve is in the published contract.
func TestEveryFunctionIsPublished(t *testing.T) {
	ledgertest.RequirePublished(t, evidence.New(), evidenceapi.Namespace)
	ledgertest.RequirePublished(t, evidence.NewService(), evidenceapi.ServiceNamespace)
}

// A digest's number is computed from it; two digests whose 128-bit hashes
// collided would share one, and the second is refused, never written
// over the first.
func TestANumberCollisionIsRefused(t *testing.T) {
	l := newLedger()
	r := anchored(t, l, clerk, digestA)
	require.Equal(t, evidence.Number("sha256", digestA), r.Number)
	// Pretend digestB hashes to digestA's number.
	tx := l.Tx(clerk)
	key, err := tx.Stub.CreateCompositeKey("evidence", []string{evidence.Number("sha256", digestB)})
	require.NoError(t, err)
	require.NoError(t, tx.Stub.PutState(key, l.State[mustKey(t, tx, r.Number)]))
	tx.Commit()
	_, err = ledgertest.Call(l.Tx(clerk), evidenceapi.Anchor, request(t, anchorReq(digestB)))
	require.ErrorContains(t, err, "share an evidence number (a 128-bit hash collision): it cannot be anchored")
}

func mustKey(t *testing.T, tx *ledgertest.Tx, number string) string {
	key, err := tx.Stub.CreateCompositeKey("evidence", []string{number})
	require.NoError(t, err)
	return key
}

// A number looked up that is an ID number or a credit code, however it is
// written, is not repeated in the refusal (review of 2026-12-08).
func TestShowRepeatsNoIDNumber(t *testing.T) {
	l := newLedger()
	for _, number := range []string{"110105 19491231 002X", "110105-19491231-002x", "91350100m000100y43", " 91350100M000100Y43 "} {
		_, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Show, number)
		require.Error(t, err)
		for _, part := range []string{"19491231", "m000100", "M000100"} {
			require.NotContains(t, err.Error(), part, number)
		}
	}
}
