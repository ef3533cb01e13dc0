package printout_test

import (
	"bytes"
	"encoding/base64"
	"html"
	"regexp"
	"testing"
	"time"

	"github.com/courtchain/judicial/gateway-client/certificate"
	"github.com/courtchain/judicial/gateway-client/internal/qrtest"
	"github.com/courtchain/judicial/gateway-client/printout"
	"github.com/stretchr/testify/require"
)

func report() (*certificate.Certificate, *certificate.Report) {
	c := &certificate.Certificate{Number: "EV0123456789ABCDEF0123456789ABCDEF"}
	r := &certificate.Report{Number: c.Number, Algorithm: "sha256", Digest: "ab12", TxID: "9043ef", Block: 274, Position: 1,
		AnchoredAt: time.Date(2026, 12, 1, 13, 6, 53, 516000000, time.UTC),
		AnchoredBy: certificate.Signer{MSPID: "CourtMSP", Subject: "CN=clerk1,OU=client,O=CourtMSP"},
		Endorsers:  []certificate.Signer{{MSPID: "CourtMSP", Subject: "CN=peer1.court"}, {MSPID: "CreditMSP", Subject: "CN=peer0.credit"}},
		Attesters:  []certificate.Attester{{Peer: "peer0.court", Signer: certificate.Signer{MSPID: "CourtMSP"}, At: time.Date(2026, 12, 1, 13, 7, 0, 0, time.UTC)}},
		Checks:     []string{certificate.CheckFormat, certificate.CheckRecord}}
	return c, r
}

// The page carries the facts in the court's time, and a QR code that
// decodes to the verification page of the record.
func TestThePageHoldsTheFactsAndAQRCodeOfTheVerificationPage(t *testing.T) {
	c, r := report()
	var buf bytes.Buffer
	require.NoError(t, printout.HTML(&buf, c, r, printout.Options{Portal: "https://verify.court.example/portal/"}))
	page := html.UnescapeString(buf.String())
	for _, fact := range []string{"电子数据存证证明", "EV0123456789ABCDEF0123456789ABCDEF", "sha256:ab12", "2026-12-01 21:06:53.516 +08:00",
		"CN=clerk1,OU=client,O=CourtMSP (CourtMSP)", "9043ef", "274 (#1)", "CN=peer1.court (CourtMSP); CN=peer0.credit (CreditMSP)", "peer0.court (CourtMSP), 2026-12-01 21:07:00.000 +08:00"} {
		require.Contains(t, page, fact)
	}
	m := regexp.MustCompile(`src="data:image/png;base64,([^"]+)"`).FindStringSubmatch(page)
	require.NotNil(t, m, "the QR code is in the page")
	png, err := base64.StdEncoding.DecodeString(m[1])
	require.NoError(t, err)
	require.Equal(t, "https://verify.court.example/portal/certificate?number=EV0123456789ABCDEF0123456789ABCDEF", qrtest.Decode(t, png))
}

func TestPortalsMustBeWebAddresses(t *testing.T) {
	c, r := report()
	for _, portal := range []string{"", "verify.court.example", "ftp://x/", "javascript:alert(1)"} {
		err := printout.HTML(&bytes.Buffer{}, c, r, printout.Options{Portal: portal})
		require.ErrorContains(t, err, "is not an http(s) URL", portal)
	}
}
