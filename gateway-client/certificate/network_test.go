package certificate_test

import (
	"crypto/sha256"
	"os"
	"testing"

	"github.com/courtchain/judicial/gateway-client/certificate"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
)

// A certificate the real network issued (make network-up, then
// `judicial evidence certificate` and `trust-file`, testdata/README):
// it verifies here, with no network, long after its signers' sessions,
// and raw edits that no one re-signed fail at the outermost check.
func TestACertificateOfTheRealNetwork(t *testing.T) {
	c, err := certificate.Load("testdata/network.certificate.json")
	require.NoError(t, err)
	trust, err := certificate.LoadTrust("testdata/network.trust.json")
	require.NoError(t, err)
	file, err := os.ReadFile("testdata/complaint.txt")
	require.NoError(t, err)
	sum := sha256.Sum256(file)
	r, err := certificate.Verify(c, trust, sum[:])
	require.NoError(t, err)
	require.True(t, r.FileMatches)
	require.Equal(t, "CourtMSP", r.AnchoredBy.MSPID)
	require.Equal(t, "OrdererMSP", r.BlockSigner.MSPID)
	require.GreaterOrEqual(t, len(r.Attesters), 2)

	for _, tc := range []struct {
		name  string
		edit  func(c *certificate.Certificate)
		check string
	}{
		{"a byte of the transaction", func(c *certificate.Certificate) {
			c.Block.Envelopes[c.Block.Position][len(c.Block.Envelopes[c.Block.Position])-1] ^= 1
		}, certificate.CheckBlock},
		{"the block's number", func(c *certificate.Certificate) {
			var h common.BlockHeader
			require.NoError(t, proto.Unmarshal(c.Block.Header, &h))
			h.Number++
			c.Block.Header, _ = proto.Marshal(&h)
			c.Block.Number++
		}, certificate.CheckOrderer},
		{"an attestation", func(c *certificate.Certificate) {
			for i := range c.Attestations {
				c.Attestations[i].Response[len(c.Attestations[i].Response)-1] ^= 1
			}
		}, certificate.CheckAttestations},
		{"the digest", func(c *certificate.Certificate) {
			c.Record = []byte(string(c.Record[:len(c.Record)-1]) + `,"digest":"00"}`)
		}, certificate.CheckRecord},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fresh, err := certificate.Load("testdata/network.certificate.json")
			require.NoError(t, err)
			tc.edit(fresh)
			_, err = certificate.Verify(fresh, trust, nil)
			requireCheck(t, err, tc.check)
		})
	}
}
