//go:build integration

package integration

import (
	"encoding/hex"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/certificate"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/internal/qrtest"
	"github.com/courtchain/judicial/gateway-client/portal"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/stretchr/testify/require"
)

// Certificates of a single record, a batch leaf and a bulk-anchored
// record, issued by the real network and verified offline; a revoked
// record's certificate still proves the anchoring, and says online that
// the record was revoked since.
func TestCertificatesVerifyOffline(t *testing.T) {
	p, err := profile.Load(profilePath)
	require.NoError(t, err)
	attesters := evidence.Attesters(p)
	clerk := ev(t, "CourtMSP", "clerk1")
	singleDigest := freshDigest(t)
	single, err := clerk.AnchorFile(ctx(t), api.SHA256, fileOf(singleDigest), meta)
	require.NoError(t, err)
	leaves := [][]byte{freshDigest(t), freshDigest(t), freshDigest(t), freshDigest(t), freshDigest(t)}
	b, err := clerk.AnchorBatch(ctx(t), api.SM3, leaves, "", "certificate batch")
	require.NoError(t, err)
	items := []evidenceapi.BulkItem{{Digest: hex.EncodeToString(freshDigest(t))}, {Digest: hex.EncodeToString(freshDigest(t))}}
	bulks, err := clerk.AnchorMany(ctx(t), api.SHA256, evidenceapi.KindArchive, items, 1, nil)
	require.NoError(t, err)
	synced(t, max(single.Transaction.Block, b.Transaction.Block, bulks[0].Transaction.Block))

	// The trust file a court publishes, from its own peer.
	trust, err := clerk.Trust(ctx(t), "")
	require.NoError(t, err)
	require.Equal(t, "AND('CourtMSP.peer', OR('MediationMSP.peer', 'CreditMSP.peer'))", trust.EndorsementPolicy)
	require.Equal(t, []string{"OrdererMSP"}, trust.OrdererOrgs)

	auditor := ev(t, "MediationMSP", "auditor")
	for _, tc := range []struct {
		name, number string
		receipt      int
		digest       []byte
	}{
		{"single", single.Record.Number, -1, singleDigest},
		{"batch leaf", b.Record.Number, 3, leaves[3]},
		{"bulk record", bulks[0].Numbers[1], -1, mustHex(t, items[1].Digest)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := auditor.Certificate(ctx(t), tc.number, receiptAt(b.Receipts, tc.receipt), attesters)
			require.NoError(t, err)
			require.GreaterOrEqual(t, len(c.Attestations), 2)
			offline := reparse(t, c)
			r, err := certificate.Verify(offline, trust, tc.digest)
			require.NoError(t, err)
			require.True(t, r.FileMatches)
			require.Equal(t, "CourtMSP", r.AnchoredBy.MSPID)
			require.Equal(t, hex.EncodeToString(tc.digest), r.Digest)
			require.Equal(t, "OrdererMSP", r.BlockSigner.MSPID)

			tampered := reparse(t, c)
			tampered.Record = []byte(string(tampered.Record[:len(tampered.Record)-1]) + `,"extra":1}`)
			_, err = certificate.Verify(tampered, trust, nil)
			require.ErrorContains(t, err, "record: the certificate's record differs")
		})
	}

	other := *trust
	other.Orgs = append([]certificate.TrustedOrg{{MSPID: "CourtMSP", Roots: []string{"sha256:" + hex.EncodeToString(make([]byte, 32))}}}, trust.Orgs[1:]...)
	c, err := auditor.Certificate(ctx(t), single.Record.Number, nil, attesters)
	require.NoError(t, err)
	_, err = certificate.Verify(c, &other, nil)
	require.ErrorIs(t, err, certificate.ErrUntrusted, "a court's roots that the trust file does not pin")

	// Revoked later: the certificate still proves the anchoring; online,
	// the CLI says what happened since, and exits 2.
	dir := t.TempDir()
	certFile, trustFile := filepath.Join(dir, "cert.json"), filepath.Join(dir, "trust.json")
	writeFileJSON(t, certFile, c)
	out, code := cli(t, dir, "--identity", "clerk1", "evidence", "trust-file", "-o", trustFile, "--published-by", "integration")
	require.Equal(t, 0, code, out)
	out, code = cli(t, dir, "evidence", "verify-certificate", "--trust", trustFile, certFile)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "VALID — record "+single.Record.Number)
	_, rev, err := ev(t, "CourtMSP", "judge1").Revoke(ctx(t), single.Record.Number, "forged exhibit")
	require.NoError(t, err)
	synced(t, rev.Block)
	out, code = cli(t, dir, "evidence", "verify-certificate", "--trust", trustFile, certFile)
	require.Equal(t, 0, code, "offline, the anchoring stands: %s", out)
	require.Contains(t, out, "not known offline: whether the record was revoked")
	out, code = cli(t, dir, "--identity", "auditor", "evidence", "verify-certificate", "--online", "--trust", trustFile, certFile)
	require.Equal(t, 2, code, out)
	require.Contains(t, out, "status now (online): revoked")
	require.Contains(t, out, "forged exhibit")
}

func receiptAt(receipts []*batch.Receipt, i int) *batch.Receipt {
	if i < 0 {
		return nil
	}
	return receipts[i]
}

func reparse(t *testing.T, c *certificate.Certificate) *certificate.Certificate {
	data, err := json.Marshal(c)
	require.NoError(t, err)
	out, err := certificate.Parse(data)
	require.NoError(t, err)
	return out
}

func writeFileJSON(t *testing.T, path string, v any) {
	data, err := json.Marshal(v)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o644))
}

func mustHex(t *testing.T, s string) []byte {
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

// verifierDir builds the WebAssembly verifier as `make wasm` does.
func verifierDir(t *testing.T) string {
	dir := t.TempDir()
	build := exec.Command("go", "build", "-ldflags=-s -w", "-o", filepath.Join(dir, "certificate.wasm"), "./gateway-client/cmd/certificate-wasm")
	build.Dir, build.Env = repoRoot, append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	require.NoError(t, err)
	js, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "wasm_exec.js"), js, 0o644))
	return dir
}

// A party opens the page the certificate's QR code names, and verifies
// the certificate in Chromium, offline, by the Go verifier compiled to
// WebAssembly: valid with the original file, the named check when
// tampered, and the record's status online.
func TestCertificatePageInChromium(t *testing.T) {
	dir := t.TempDir()
	original := filepath.Join(dir, "judgment.txt")
	require.NoError(t, os.WriteFile(original, []byte("Judgment "+t.Name()+time.Now().String()), 0o600))
	f, err := digest.HashFile(api.SHA256, original)
	require.NoError(t, err)
	clerk := ev(t, "CourtMSP", "clerk1")
	anchored, err := clerk.AnchorFile(ctx(t), api.SHA256, f, meta)
	require.NoError(t, err)
	synced(t, anchored.Transaction.Block)
	p, err := profile.Load(profilePath)
	require.NoError(t, err)
	c, err := clerk.Certificate(ctx(t), anchored.Record.Number, nil, evidence.Attesters(p))
	require.NoError(t, err)
	trust, err := clerk.Trust(ctx(t), "")
	require.NoError(t, err)
	certFile, trustFile, tamperedFile := filepath.Join(dir, "judgment.certificate.json"), filepath.Join(dir, "trust.json"), filepath.Join(dir, "tampered.certificate.json")
	writeFileJSON(t, certFile, c)
	writeFileJSON(t, trustFile, trust)
	tampered := reparse(t, c)
	tampered.Record = setJSONField(t, tampered.Record, "anchoredAt", "2020-01-01T00:00:00Z")
	writeFileJSON(t, tamperedFile, tampered)

	srv := httptest.NewServer(portal.New(evidence.New(as(t, "CourtMSP", "auditor")), portal.Options{Verifier: verifierDir(t), Trust: trustFile}))
	defer srv.Close()
	page := browser(t)
	verify := func(cert, shot string) (string, string) {
		require.NoError(t, chromedp.Do(page,
			chromedp.Navigate(srv.URL+"/certificate?number="+c.Number),
			chromedp.WaitVisible(chromedp.CSS(`#loading[data-ready]`)),
			chromedp.SetUploadFiles(chromedp.CSS("#certificate"), []string{cert}),
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{original}),
			chromedp.Click(chromedp.CSS("#verify")),
			chromedp.WaitVisible(chromedp.CSS(`#verdict[data-verdict]`)),
			chromedp.WaitVisible(chromedp.CSS(`#status[data-status]`)),
		))
		verdict, err := chromedp.Run(page, chromedp.AttributeValue(chromedp.CSS("#verdict"), "data-verdict"))
		require.NoError(t, err)
		text, err := chromedp.Run(page, chromedp.Text(chromedp.CSS("main")))
		require.NoError(t, err)
		png, err := chromedp.Run(page, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(screenshotDir(t), shot), png, 0o644))
		return verdict.Value, text
	}
	verdict, text := verify(certFile, "certificate-valid.png")
	require.Equal(t, "valid", verdict, text)
	require.Contains(t, text, "judgment.txt: matches 一致")
	require.Contains(t, text, "CN=clerk1")
	require.Contains(t, text, "Validity attestations 有效性证明")
	require.Contains(t, text, "Valid 有效", "the record's status, online")

	verdict, text = verify(tamperedFile, "certificate-tampered.png")
	require.Equal(t, "invalid", verdict, text)
	require.Contains(t, text, "Record 存证记录: the certificate's record differs from the one transaction "+c.TxID+" wrote, at field anchoredAt")
}

func setJSONField(t *testing.T, doc []byte, field string, value any) []byte {
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	m[field] = value
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// The printed form: the CLI verifies the certificate, writes the page and
// prints it to PDF; rendered in Chromium, the page shows the facts and
// its QR code reads back as the record's verification page.
func TestPrintedCertificate(t *testing.T) {
	dir := t.TempDir()
	clerk := ev(t, "CourtMSP", "clerk1")
	anchored, err := clerk.AnchorFile(ctx(t), api.SHA256, fileOf(freshDigest(t)), meta)
	require.NoError(t, err)
	synced(t, anchored.Transaction.Block)
	out, code := cli(t, dir, "--identity", "clerk1", "evidence", "trust-file", "-o", "trust.json", "--published-by", "Beijing Internet Court")
	require.Equal(t, 0, code, out)
	out, code = cli(t, dir, "--identity", "clerk1", "evidence", "certificate", "-o", "cert.json", anchored.Record.Number)
	require.Equal(t, 0, code, out)
	out, code = cli(t, dir, "evidence", "print-certificate", "--trust", "trust.json", "--portal", "https://verify.court.example/", "--pdf", "cert.pdf", "cert.json")
	require.Equal(t, 0, code, out)
	pdf, err := os.ReadFile(filepath.Join(dir, "cert.pdf"))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(pdf), "%PDF-"), "a PDF")

	page := browser(t)
	require.NoError(t, chromedp.Do(page,
		chromedp.EmulateViewport(900, 1300),
		chromedp.Navigate("file://"+filepath.Join(dir, "cert.html")),
		chromedp.WaitVisible(chromedp.CSS("#qr")),
	))
	text, err := chromedp.Run(page, chromedp.Text(chromedp.CSS("body")))
	require.NoError(t, err)
	for _, fact := range []string{"电子数据存证证明", anchored.Record.Number, anchored.Record.Digest, anchored.Record.TxID, "CN=clerk1", "Beijing Internet Court"} {
		require.Contains(t, text, fact)
	}
	png, err := chromedp.Run(page, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(screenshotDir(t), "certificate-printed.png"), png, 0o644))
	require.Equal(t, "https://verify.court.example/certificate?number="+anchored.Record.Number, qrtest.Decode(t, png), "the QR code, read off the rendered page")

	// A certificate that does not verify is not printed.
	tampered, err := certificate.Load(filepath.Join(dir, "cert.json"))
	require.NoError(t, err)
	tampered.Block.Position = 1 - min(tampered.Block.Position, 1)
	writeFileJSON(t, filepath.Join(dir, "bad.json"), tampered)
	out, code = cli(t, dir, "evidence", "print-certificate", "--trust", "trust.json", "bad.json")
	require.NotEqual(t, 0, code)
	require.Contains(t, out, "is not a valid certificate, so it is not printed")
}
