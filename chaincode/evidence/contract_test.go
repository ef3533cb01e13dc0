package evidence_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/chaincode/evidence"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
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
	r, err := evidence.New().Anchor(tx, request(t, anchorReq(digest)))
	require.NoError(t, err)
	tx.Commit()
	return r
}

func TestAnchorTakesDepositorAndTimeFromTheTransaction(t *testing.T) {
	l := ledgertest.New()
	r := anchored(t, l, clerk, strings.ToUpper(digestA))

	require.Equal(t, digestA, r.Digest, "digest is normalised to lower case")
	require.Equal(t, "sha256", r.Algorithm)
	require.Regexp(t, `^EV[0-9A-F]{32}$`, r.Number)
	require.Equal(t, "CourtMSP/clerk1", r.Depositor.String())
	require.Equal(t, "2026-01-05T09:00:00Z", r.AnchoredAt)
	require.Equal(t, evidenceapi.StatusValid, r.Status)
	require.NotEmpty(t, r.TxID)

	shown, err := evidence.New().Show(l.Tx(auditor), r.Number)
	require.NoError(t, err)
	require.Equal(t, r, shown)
}

func TestEveryDepositorRoleMayAnchorButNotOthers(t *testing.T) {
	for _, who := range []ledgertest.Identity{judge, clerk, officer, mediator, bank} {
		_, err := evidence.New().Anchor(ledgertest.New().Tx(who), request(t, anchorReq(digestA)))
		require.NoError(t, err, who.Name)
	}
	for _, who := range []ledgertest.Identity{auditor, rogue, nobody} {
		tx := ledgertest.New().Tx(who)
		_, err := evidence.New().Anchor(tx, request(t, anchorReq(digestA)))
		require.ErrorContains(t, err, "access denied: evidence:Anchor", who.Name)
		require.Empty(t, tx.Writes())
	}
}

func TestSecondAnchoringIsRefusedWithAReferenceToTheFirst(t *testing.T) {
	l := ledgertest.New()
	first := anchored(t, l, clerk, digestA)
	l.Now = l.Now.Add(time.Hour)

	tx := l.Tx(mediator)
	_, err := evidence.New().Anchor(tx, request(t, anchorReq(digestA)))
	var dup *evidence.AlreadyAnchoredError
	require.True(t, errors.As(err, &dup), "%v", err)
	require.Equal(t, first.Number, dup.Existing.Number)
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
			tx := ledgertest.New().Tx(clerk)
			_, err := evidence.New().Anchor(tx, tc.req)
			require.ErrorContains(t, err, tc.want)
			require.Empty(t, tx.Writes(), "nothing is written")
		})
	}
}

func TestSM3IsAcceptedUnderItsUsualSpellings(t *testing.T) {
	l := ledgertest.New()
	req := anchorReq(digestA)
	req.Algorithm = "SM3"
	tx := l.Tx(clerk)
	r, err := evidence.New().Anchor(tx, request(t, req))
	require.NoError(t, err)
	tx.Commit()
	require.Equal(t, "sm3", r.Algorithm)

	// The same hex under another algorithm is another digest.
	v, err := evidence.New().Verify(l.Tx(auditor), "SHA-256", digestA)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.NotOnChain, v.Verdict)
}

func TestVerifyGivesThreeDistinctAnswers(t *testing.T) {
	l := ledgertest.New()
	r := anchored(t, l, clerk, digestA)
	c := evidence.New()

	v, err := c.Verify(l.Tx(auditor), "sha256", digestA)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Anchored, v.Verdict)
	require.Equal(t, r.Number, v.Record.Number)
	require.Equal(t, r.TxID, v.Record.TxID)

	v, err = c.Verify(l.Tx(auditor), "sha256", digestB)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.NotOnChain, v.Verdict)
	require.Nil(t, v.Record)

	v, err = c.VerifyNumber(l.Tx(auditor), r.Number, "sha256", digestB)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Mismatch, v.Verdict)
	require.Contains(t, v.Message, "content differs")

	v, err = c.VerifyNumber(l.Tx(auditor), r.Number, "sha256", digestA)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Anchored, v.Verdict)

	v, err = c.VerifyNumber(l.Tx(auditor), "EV00000000000000000000000000000000", "sha256", digestA)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.NotOnChain, v.Verdict)

	_, err = c.Verify(l.Tx(auditor), "sha256", "abc")
	require.ErrorContains(t, err, "must be a 64-character hex digest")
}

func TestRevokeAndSupersedeKeepTheRecordAndItsHistory(t *testing.T) {
	l := ledgertest.New()
	old := anchored(t, l, clerk, digestA)
	newer := anchored(t, l, clerk, digestB)
	c := evidence.New()

	for _, who := range []ledgertest.Identity{mediator, bank, officer, auditor, rogue} {
		tx := l.Tx(who)
		_, err := c.Revoke(tx, old.Number, "forged")
		require.ErrorContains(t, err, "access denied: evidence:Revoke", who.Name)
	}
	_, err := c.Supersede(l.Tx(judge), old.Number, old.Number, "corrected")
	require.ErrorContains(t, err, "cannot supersede itself")
	_, err = c.Supersede(l.Tx(judge), old.Number, "EV-nope", "corrected")
	require.ErrorContains(t, err, "superseding evidence number EV-nope is not on the ledger")
	_, err = c.Supersede(l.Tx(judge), old.Number, newer.Number, "  ")
	require.ErrorContains(t, err, "reason is required")

	l.Now = l.Now.Add(24 * time.Hour)
	tx := l.Tx(judge)
	marked, err := c.Supersede(tx, old.Number, newer.Number, "corrected version filed")
	require.NoError(t, err)
	tx.Commit()
	require.Equal(t, evidenceapi.StatusSuperseded, marked.Status)
	require.Equal(t, newer.Number, marked.StatusNote.SupersededBy)
	require.Equal(t, "CourtMSP/judge1", marked.StatusNote.By.String())

	_, err = c.Revoke(l.Tx(judge), old.Number, "again")
	require.ErrorContains(t, err, "already superseded")

	v, err := c.Verify(l.Tx(auditor), "sha256", digestA)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Anchored, v.Verdict, "a superseded record is still proof of existence")
	require.Contains(t, v.Message, "marked superseded: corrected version filed")

	h, err := c.History(l.Tx(auditor), old.Number)
	require.NoError(t, err)
	require.Len(t, h, 2)
	require.Equal(t, evidenceapi.StatusValid, h[0].Record.Status)
	require.Equal(t, evidenceapi.StatusSuperseded, h[1].Record.Status)

	_, err = c.History(l.Tx(auditor), "EV-unknown")
	require.ErrorContains(t, err, "not on the ledger")
}

func TestAnchorBatch(t *testing.T) {
	l := ledgertest.New()
	c := evidence.New()
	req := evidenceapi.BatchRequest{Algorithm: "sha256", Root: digestB, TreeSize: 1000, Description: "daily batch"}
	tx := l.Tx(clerk)
	r, err := c.AnchorBatch(tx, request(t, req))
	require.NoError(t, err)
	tx.Commit()
	require.Equal(t, evidenceapi.KindMerkleBatch, r.Kind)
	require.EqualValues(t, 1000, r.TreeSize)

	_, err = c.AnchorBatch(l.Tx(clerk), request(t, req))
	require.ErrorContains(t, err, "already anchored as "+r.Number)

	for _, size := range []int64{0, -5, 1<<32 + 1} {
		req.TreeSize, req.Root = size, digestA
		_, err = c.AnchorBatch(l.Tx(clerk), request(t, req))
		require.ErrorContains(t, err, "tree size")
	}
	_, err = c.AnchorBatch(l.Tx(auditor), request(t, req))
	require.ErrorContains(t, err, "access denied")
}

func BenchmarkAnchor(b *testing.B) {
	l := ledgertest.New()
	c := evidence.New()
	req := anchorReq(digestA)
	for i := 0; b.Loop(); i++ {
		req.Digest = strings.Repeat("0", 56) + hex8(i)
		data, _ := json.Marshal(req)
		tx := l.Tx(clerk)
		if _, err := c.Anchor(tx, string(data)); err != nil {
			b.Fatal(err)
		}
		tx.Commit()
	}
}

func BenchmarkVerify(b *testing.B) {
	l := ledgertest.New()
	c := evidence.New()
	tx := l.Tx(clerk)
	data, _ := json.Marshal(anchorReq(digestA))
	if _, err := c.Anchor(tx, string(data)); err != nil {
		b.Fatal(err)
	}
	tx.Commit()
	q := l.Tx(auditor)
	for b.Loop() {
		if _, err := c.Verify(q, "sha256", digestA); err != nil {
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
		l := ledgertest.New()
		var recs []*evidenceapi.Record
		for _, d := range []string{digestA, digestB} {
			data, _ := json.Marshal(anchorReq(d))
			tx := l.Tx(clerk)
			r, err := evidence.New().Anchor(tx, string(data))
			if err != nil {
				b.Fatal(err)
			}
			tx.Commit()
			recs = append(recs, r)
		}
		return l, recs[0], recs[1]
	}
	c, s := evidence.New(), evidence.NewService()
	b.Run("AnchorBatch", func(b *testing.B) {
		l, _, _ := setup()
		for i := 0; b.Loop(); i++ {
			data, _ := json.Marshal(evidenceapi.BatchRequest{Algorithm: "sm3", Root: strings.Repeat("1", 56) + hex8(i), TreeSize: 100000})
			tx := l.Tx(clerk)
			if _, err := c.AnchorBatch(tx, string(data)); err != nil {
				b.Fatal(err)
			}
			tx.Commit()
		}
	})
	b.Run("VerifyNumber", func(b *testing.B) {
		l, a, _ := setup()
		for b.Loop() {
			if _, err := c.VerifyNumber(l.Tx(auditor), a.Number, "sha256", digestB); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Show", func(b *testing.B) {
		l, a, _ := setup()
		for b.Loop() {
			if _, err := c.Show(l.Tx(auditor), a.Number); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("History", func(b *testing.B) {
		l, a, _ := setup()
		for b.Loop() {
			if _, err := c.History(l.Tx(auditor), a.Number); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Supersede", func(b *testing.B) {
		for b.Loop() {
			l, a, n := setup()
			if _, err := c.Supersede(l.Tx(judge), a.Number, n.Number, "corrected"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Revoke", func(b *testing.B) {
		for b.Loop() {
			l, a, _ := setup()
			if _, err := c.Revoke(l.Tx(judge), a.Number, "forged"); err != nil {
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
			sv, err := s.Record(tx, string(data))
			if err != nil {
				b.Fatal(err)
			}
			tx.Commit()
			tx = l.Tx(clerk)
			if _, err := s.Acknowledge(tx, sv.ID, "sha256", strings.Repeat("c", 64)); err != nil {
				b.Fatal(err)
			}
			tx.Commit()
			if _, err := s.Status(l.Tx(auditor), "sha256", a.Digest); err != nil {
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
	l := ledgertest.New()
	r := anchored(t, l, clerk, digestA)
	require.Equal(t, evidence.Number("sha256", digestA), r.Number)
	// Pretend digestB hashes to digestA's number.
	tx := l.Tx(clerk)
	key, err := tx.Stub.CreateCompositeKey("evidence", []string{evidence.Number("sha256", digestB)})
	require.NoError(t, err)
	require.NoError(t, tx.Stub.PutState(key, l.State[mustKey(t, tx, r.Number)]))
	tx.Commit()
	_, err = evidence.New().Anchor(l.Tx(clerk), request(t, anchorReq(digestB)))
	require.ErrorContains(t, err, "share an evidence number (a 128-bit hash collision): it cannot be anchored")
}

func mustKey(t *testing.T, tx *ledgertest.Tx, number string) string {
	key, err := tx.Stub.CreateCompositeKey("evidence", []string{number})
	require.NoError(t, err)
	return key
}
