//go:build integration

package integration

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"github.com/courtchain/judicial/chaincode/api"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/portal"
	"github.com/stretchr/testify/require"
)

// chromium finds Debian's Chromium; .ci/run and `make test-deps` install it.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if path, err := exec.LookPath("chromium"); err == nil {
		return path
	}
	t.Fatal("Chromium is not installed: run `make test-deps` (apt-get install chromium) or set CHROMIUM")
	return ""
}

// browser starts headless Chromium with the flags this closed network needs.
func browser(t *testing.T) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	tctx, cancelTimeout := context.WithTimeout(bctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelBrowser(); cancelAlloc() })
	return tctx
}

func screenshotDir(t *testing.T) string {
	dir := filepath.Join(repoRoot, "build", "test-output")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// A party drops a file on the page in a real browser and sees the verdict:
// anchored for the anchored file, not on chain for an altered copy, and a
// receipt's verdict; the page's SM3 agrees with the Go implementation.
func TestPortalInChromium(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "judgment.txt")
	require.NoError(t, os.WriteFile(good, []byte("Judgment "+t.Name()+time.Now().String()), 0o600))
	altered := filepath.Join(dir, "judgment-altered.txt")
	require.NoError(t, os.WriteFile(altered, []byte("Judgment, altered "+time.Now().String()), 0o600))
	f, err := digest.HashFile(api.SHA256, good)
	require.NoError(t, err)
	anchored, err := ev(t, "CourtMSP", "clerk1").AnchorFile(ctx(t), "sha256", f, evidence.Metadata{Kind: evidenceapi.KindLitigationDocument})
	require.NoError(t, err)

	photos := [][]byte{freshDigest(t), freshDigest(t), freshDigest(t)}
	b, err := ev(t, "CourtMSP", "clerk1").AnchorBatch(ctx(t), "sha256", photos, "", "portal test")
	require.NoError(t, err)
	receipt := filepath.Join(dir, "photo.receipt.json")
	data, err := json.Marshal(b.Receipts[1])
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(receipt, data, 0o600))

	srv := httptest.NewServer(portal.New(evidence.New(as(t, "CourtMSP", "auditor")), portal.Options{}))
	defer srv.Close()
	page := browser(t)
	shots := screenshotDir(t)

	drop := func(input, file, shot string) (string, string) {
		require.NoError(t, chromedp.Do(page,
			chromedp.Navigate(srv.URL+"/"),
			chromedp.WaitVisible(chromedp.CSS("#drop")),
			chromedp.SetUploadFiles(chromedp.CSS(input), []string{file}),
			chromedp.WaitVisible(chromedp.CSS(`#verdict[data-verdict]:not([data-verdict="pending"])`)),
		))
		verdict, err := chromedp.Run(page, chromedp.AttributeValue(chromedp.CSS("#verdict"), "data-verdict"))
		require.NoError(t, err)
		text, err := chromedp.Run(page, chromedp.Text(chromedp.CSS("#result")))
		require.NoError(t, err)
		png, err := chromedp.Run(page, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(shots, shot), png, 0o644))
		return verdict.Value, text
	}

	verdict, text := drop("#file", good, "portal-anchored.png")
	require.Equal(t, evidenceapi.Anchored, verdict, text)
	require.Contains(t, text, anchored.Record.Number)
	require.Contains(t, text, anchored.Record.TxID)
	at, err := time.Parse(time.RFC3339Nano, anchored.Record.AnchoredAt)
	require.NoError(t, err)
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	require.Contains(t, text, at.In(shanghai).Format("2006-01-02 15:04:05")+" +08:00", "the anchoring time in the court's zone, with the offset")

	verdict, text = drop("#file", altered, "portal-not-on-chain.png")
	require.Equal(t, evidenceapi.NotOnChain, verdict, text)

	verdict, text = drop("#receipt", receipt, "portal-receipt.png")
	require.Equal(t, evidenceapi.Anchored, verdict, text)
	require.Contains(t, text, b.Record.Number)

	local, err := chromedp.Run(page, chromedp.Evaluate[string](`localTime("2026-01-05T16:30:00.5Z")`))
	require.NoError(t, err)
	require.Equal(t, "2026-01-06 00:30:00 +08:00", local, "the day changes at the court's midnight")

	sm3, err := chromedp.Run(page, chromedp.Evaluate[string](`sm3Hex(new TextEncoder().encode("abc"))`))
	require.NoError(t, err)
	require.Equal(t, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", sm3)
	long := strings.Repeat("judicial blockchain ", 1000)
	sm3, err = chromedp.Run(page, chromedp.Evaluate[string](`sm3Hex(new TextEncoder().encode("`+long+`"))`))
	require.NoError(t, err)
	h, _ := digest.New(api.SM3)
	h.Write([]byte(long))
	require.Equal(t, hex.EncodeToString(h.Sum(nil)), sm3, "multi-block SM3 agrees with the Go implementation")
}
