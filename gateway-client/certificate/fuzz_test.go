package certificate_test

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/courtchain/judicial/gateway-client/certificate"
	"github.com/stretchr/testify/require"
)

// A certificate is untrusted input, read by the CLI, by other programs
// through this package and by the browser page: whatever it holds, Verify
// answers an Outcome with a named check, and never panics. FuzzVerifyJSON
// feeds it whole documents; FuzzTamper edits a certificate the real
// network issued (testdata), byte by byte, and a changed certificate that
// still verifies must prove what the original proves.
func FuzzVerifyJSON(f *testing.F) {
	trust := seed(f, "testdata/network.trust.json")
	f.Add([]byte(`{"format":"courtchain/evidence-certificate/1","channel":"judicial","chaincode":"judicial","block":{"envelopes":["AA=="],"position":0}}`))
	f.Add([]byte(`{"format":"courtchain/evidence-certificate/1","channel":"judicial","chaincode":"judicial","msps":[{"id":"CourtMSP","rootCerts":["-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----"]}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		requireAnswered(t, certificate.VerifyJSON(doc, trust, nil))
	})
}

func FuzzTamper(f *testing.F) {
	cert := seed(f, "testdata/network.certificate.json")
	trust := seed(f, "testdata/network.trust.json")
	orig := certificate.VerifyJSON(cert, trust, nil)
	require.Equal(f, "valid", orig.Verdict)
	f.Add(uint32(0), byte(0), []byte(nil))
	f.Add(uint32(len(cert)/2), byte(1), []byte(nil))
	f.Add(uint32(len(cert)/3), byte(0), []byte(`,"extra":1`))
	f.Fuzz(func(t *testing.T, at uint32, flip byte, insert []byte) {
		edited := slices.Clone(cert)
		i := int(at % uint32(len(edited)))
		edited[i] ^= flip
		edited = slices.Insert(edited, i, insert...)
		out := certificate.VerifyJSON(edited, trust, nil)
		requireAnswered(t, out)
		if out.Verdict == "valid" {
			// Only a change the JSON decoder does not see (whitespace, an
			// escaped character) leaves it valid: it proves the same.
			require.Equal(t, orig.Report.Digest, out.Report.Digest)
			require.Equal(t, orig.Report.TxID, out.Report.TxID)
			require.Equal(t, orig.Report.AnchoredAt, out.Report.AnchoredAt)
			require.Equal(t, orig.Report.AnchoredBy, out.Report.AnchoredBy)
		}
	})
}

func seed(f *testing.F, path string) []byte {
	data, err := os.ReadFile(path)
	require.NoError(f, err)
	return data
}

func requireAnswered(t *testing.T, out certificate.Outcome) {
	switch out.Verdict {
	case "valid":
	case "invalid":
		require.NotEmpty(t, out.Failed, "an invalid certificate names its check: %s", out.Reason)
		require.NotEmpty(t, out.Reason)
	default:
		t.Fatalf("verdict %q", out.Verdict)
	}
	if _, err := json.Marshal(out); err != nil {
		t.Fatalf("the outcome does not encode: %v", err)
	}
}

// Policies come from trust files: any text parses or is refused with a
// reason, and what parses writes back to the same policy.
func FuzzParsePolicy(f *testing.F) {
	for _, s := range []string{"AND('CourtMSP.peer', OR('MediationMSP.peer', 'CreditMSP.peer'))", "OutOf(2, 'A.member', 'B.member', 'C.member')", "OR('A.admin')", "AND(", "'x.peer'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := certificate.ParsePolicy(s)
		if err != nil {
			require.NotEmpty(t, err.Error())
			return
		}
		again, err := certificate.ParsePolicy(p.String())
		require.NoError(t, err, "%q wrote %q", s, p.String())
		require.Equal(t, p, again)
		p.SatisfiedBy([]certificate.Signer{{MSPID: "A", Role: "peer"}, {MSPID: "B", Role: "member"}})
	})
}
