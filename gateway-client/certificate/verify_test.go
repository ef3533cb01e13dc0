package certificate_test

import (
	"bytes"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/certificate"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
)

func TestAValidCertificateSaysWhoAnchoredWhat(t *testing.T) {
	n := newNetwork(t)
	c := n.build(t, n.defaults())
	r, err := certificate.Verify(c, n.trust(t), make([]byte, 32))
	require.NoError(t, err)
	require.True(t, r.FileMatches)
	require.Equal(t, "CN=clerk1,OU=client,O=CourtMSP", r.AnchoredBy.Subject)
	require.Equal(t, txTime, r.AnchoredAt, "the transaction's time, checked against it though the certificates have long expired")
	require.Equal(t, []string{"CourtMSP", "CreditMSP"}, []string{r.Endorsers[0].MSPID, r.Endorsers[1].MSPID})
	require.Equal(t, "OrdererMSP", r.BlockSigner.MSPID)
	require.Len(t, r.Attesters, 2)
	require.Equal(t, []string{certificate.CheckFormat, certificate.CheckRoots, certificate.CheckBlock, certificate.CheckTransaction, certificate.CheckOrderer,
		certificate.CheckEndorsements, certificate.CheckPolicy, certificate.CheckRecord, certificate.CheckAttestations, certificate.CheckFile}, r.Checks)
	require.Contains(t, r.Unknown, certificate.UnknownStatus, "offline, a later revocation cannot be known")

	c.Attestations[0].Peer, c.Attestations[0].MSPID = "peer9.elsewhere", "ElsewhereMSP"
	r, err = certificate.Verify(c, n.trust(t), nil)
	require.NoError(t, err, "the labels are not signed, and not read")
	require.Equal(t, "peer0.court", r.Attesters[0].Peer, "the attester's name is its certificate's")
	require.Equal(t, "CourtMSP", r.Attesters[0].MSPID)

	data, err := json.Marshal(c)
	require.NoError(t, err)
	parsed, err := certificate.Parse(data)
	require.NoError(t, err)
	_, err = certificate.Verify(parsed, n.trust(t), nil)
	require.NoError(t, err, "a certificate survives its file")
}

// Every single-field tamper is caught by the check that owns the field;
// the layers above it are signed again, as a forger with those keys
// would, so that nothing else catches it first.
func TestEveryTamperIsNamed(t *testing.T) {
	n := newNetwork(t)
	stranger := newOrg(t, "CourtMSP") // a self-made CA under the court's name
	forged := stranger.enroll(t, "clerk1", "client")
	for _, tc := range []struct {
		name  string
		issue func(*issue)
		after func(*certificate.Certificate)
		check string
		says  string
	}{
		{name: "digest of the record", after: func(c *certificate.Certificate) { c.Record = setField(t, c.Record, "digest", "ff") },
			check: certificate.CheckRecord, says: "field digest"},
		{name: "a number of the record that float64 cannot tell apart", after: func(c *certificate.Certificate) {
			c.Record = bytes.Replace(c.Record, []byte(bigSize), []byte("9007199254740992"), 1)
		}, check: certificate.CheckRecord, says: "field size"},
		{name: "time of the record", issue: func(is *issue) { is.recordTime = txTime.Add(-24 * time.Hour) },
			check: certificate.CheckRecord, says: "anchored at"},
		{name: "time of the transaction", issue: func(is *issue) {
			is.afterSigning = func(ch *common.ChannelHeader) { ch.Timestamp.Seconds -= 86400 }
		}, check: certificate.CheckTransaction, says: "does not verify"},
		{name: "signer", issue: func(is *issue) { is.signAs = n.requester }, check: certificate.CheckTransaction, says: "does not verify"},
		{name: "signer from a self-made CA", issue: func(is *issue) { is.creator = forged }, check: certificate.CheckTransaction, says: "not trusted"},
		{name: "an endorsement's signature", after: func(c *certificate.Certificate) {
			n.resignEnvelope(t, c, func(a *peer.ChaincodeEndorsedAction) { a.Endorsements[1].Signature = a.Endorsements[0].Signature })
		}, check: certificate.CheckEndorsements, says: "endorsement 2"},
		{name: "an endorsement in high-S form", after: func(c *certificate.Certificate) {
			n.resignEnvelope(t, c, func(a *peer.ChaincodeEndorsedAction) {
				a.Endorsements[1].Signature = highS(t, a.Endorsements[1].Signature)
			})
		}, check: certificate.CheckEndorsements, says: "high-S form"},
		{name: "endorsements short of the policy", issue: func(is *issue) { is.endorsers = is.endorsers[:1] },
			check: certificate.CheckPolicy, says: "do not satisfy AND('CourtMSP.peer', OR('MediationMSP.peer', 'CreditMSP.peer'))"},
		{name: "an endorsement by a client", issue: func(is *issue) { is.endorsers = []*signer{n.courtPeer, n.requester} },
			check: certificate.CheckPolicy, says: "CreditMSP.client"},
		{name: "block header number", after: func(c *certificate.Certificate) { c.Block.Number = 8 }, check: certificate.CheckBlock, says: "certificate says block 8"},
		{name: "block header data hash", after: func(c *certificate.Certificate) {
			var h common.BlockHeader
			require.NoError(t, proto.Unmarshal(c.Block.Header, &h))
			h.PreviousHash = []byte("another chain")
			c.Block.Header = m(proto.Marshal(&h))
		}, check: certificate.CheckOrderer, says: "no signature of block 7"},
		{name: "an envelope of the block", after: func(c *certificate.Certificate) { c.Block.Envelopes[0] = []byte("x") },
			check: certificate.CheckBlock, says: "the envelopes hash to"},
		{name: "block signed by a peer", issue: func(is *issue) { is.blockSigner = n.courtPeer }, check: certificate.CheckOrderer, says: "not an ordering org"},
		{name: "one org attests", issue: func(is *issue) { is.attests = is.attests[:1] }, check: certificate.CheckAttestations, says: "peers of 1 orgs"},
		{name: "attested invalid", issue: func(is *issue) { is.attests[1].code = peer.TxValidationCode_MVCC_READ_CONFLICT },
			check: certificate.CheckAttestations, says: "MVCC_READ_CONFLICT"},
		{name: "attestation of another transaction", issue: func(is *issue) {
			is.attests[1].args = []string{"GetTransactionByID", "judicial", "another"}
		}, check: certificate.CheckAttestations, says: "argument 2"},
		{name: "attestation by a client", issue: func(is *issue) { is.attests[1] = attest{peer: n.requester, name: "auditor1"} },
			check: certificate.CheckAttestations, says: "is not a peer"},
		{name: "root certificates swapped", after: func(c *certificate.Certificate) { c.MSPs[0].RootCerts = []string{stranger.caPEM} },
			check: certificate.CheckRoots, says: "msp CourtMSP: none of the certificate's 1 root certificates is pinned"},
		{name: "channel", after: func(c *certificate.Certificate) { c.Channel = "other" }, check: certificate.CheckFormat, says: `channel "other"`},
		{name: "position", after: func(c *certificate.Certificate) { c.Block.Position = 0 }, check: certificate.CheckTransaction, says: "envelope 0 is transaction another, the certificate names"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			is := n.defaults()
			if tc.issue != nil {
				tc.issue(&is)
			}
			c := n.build(t, is)
			if tc.after != nil {
				tc.after(c)
			}
			_, err := certificate.Verify(c, n.trust(t), nil)
			var ce *certificate.Error
			require.True(t, errors.As(err, &ce), "%v", err)
			require.Equal(t, tc.check, ce.Check, "%v", err)
			require.ErrorContains(t, err, tc.says)
			if tc.says == "not trusted" {
				require.ErrorIs(t, err, certificate.ErrUntrusted)
			}
		})
	}
}

// resignEnvelope changes the endorsed action, then signs the envelope
// again as its creator and the block as the orderer: only the
// endorsements' own signatures are left to catch the change.
func (n *network) resignEnvelope(t *testing.T, c *certificate.Certificate, change func(*peer.ChaincodeEndorsedAction)) {
	var env common.Envelope
	var p common.Payload
	var tx peer.Transaction
	var ap peer.ChaincodeActionPayload
	require.NoError(t, proto.Unmarshal(c.Block.Envelopes[1], &env))
	require.NoError(t, proto.Unmarshal(env.Payload, &p))
	require.NoError(t, proto.Unmarshal(p.Data, &tx))
	require.NoError(t, proto.Unmarshal(tx.Actions[0].Payload, &ap))
	change(ap.Action)
	tx.Actions[0].Payload = m(proto.Marshal(&ap))
	p.Data = m(proto.Marshal(&tx))
	env.Payload = m(proto.Marshal(&p))
	env.Signature = n.clerk.sign(t, env.Payload)
	c.Block.Envelopes[1] = m(proto.Marshal(&env))
	n.sealBlock(t, c, n.ordererNode)
	for i, a := range c.Attestations {
		c.Attestations[i] = n.attestation(t, attest{peer: n.signerOf(a.Peer), name: a.Peer}, c.TxID, c.Block.Envelopes[1])
	}
}

func (n *network) signerOf(peerName string) *signer {
	return map[string]*signer{"peer0.court": n.courtPeer, "peer0.mediation": n.mediationPeer}[peerName]
}

func setField(t *testing.T, record []byte, field string, value any) []byte {
	var fields map[string]any
	require.NoError(t, json.Unmarshal(record, &fields))
	fields[field] = value
	return m(json.Marshal(fields))
}

// A batch leaf: its audit path leads to the anchored root; a changed
// node of the path, or another file, is named.
func TestABatchLeafCertificate(t *testing.T) {
	n := newNetwork(t)
	leaves := [][]byte{digestOf("a"), digestOf("b"), digestOf("c")}
	hasher, err := batch.Hasher("sha256")
	require.NoError(t, err)
	tree, err := batch.Build(hasher, leaves)
	require.NoError(t, err)
	is := n.defaults()
	is.digest = hex.EncodeToString(tree.Root())
	c := n.build(t, is)
	receipts, err := tree.Receipts("sha256", leaves, batch.Anchoring{Channel: "judicial", Chaincode: "judicial", EvidenceNumber: is.number, TxID: c.TxID, Block: 7})
	require.NoError(t, err)
	c.Receipt = receipts[1]
	r, err := certificate.Verify(c, n.trust(t), digestOf("b"))
	require.NoError(t, err)
	require.Equal(t, hex.EncodeToString(digestOf("b")), r.Digest)
	require.Equal(t, is.digest, r.Root)

	_, err = certificate.Verify(c, n.trust(t), digestOf("a"))
	requireCheck(t, err, certificate.CheckFile)
	c.Receipt.AuditPath[0] = hex.EncodeToString(digestOf("z"))
	_, err = certificate.Verify(c, n.trust(t), nil)
	requireCheck(t, err, certificate.CheckMerklePath)
}

func digestOf(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

func requireCheck(t *testing.T, err error, check string) {
	t.Helper()
	var ce *certificate.Error
	require.True(t, errors.As(err, &ce), "%v", err)
	require.Equal(t, check, ce.Check, "%v", err)
}

func TestTrustFilesAreChecked(t *testing.T) {
	for _, tc := range []struct{ file, says string }{
		{`{"format":"x"}`, `format "x"`},
		{`{"format":"courtchain/trust/1","channel":"c","chaincode":"c","endorsementPolicy":"OR('A.peer')","ordererOrgs":["O"],"attestingOrgs":1,"orgs":[]}`, "attestingOrgs is 1; at least 2"},
		{`{"format":"courtchain/trust/1","channel":"c","chaincode":"c","endorsementPolicy":"OR('A.peer')","ordererOrgs":["O"],"attestingOrgs":2,"orgs":[]}`, "orderer org O pins no root"},
		{`{"format":"courtchain/trust/1","channel":"c","chaincode":"c","endorsementPolicy":"OR('A.peer')","ordererOrgs":["O"],"attestingOrgs":2,"orgs":[{"mspId":"O","roots":["sha256:AB"]}]}`, "is not sha256: and 64 hex digits"},
		{`{"format":"courtchain/trust/1","channel":"c","chaincode":"c","endorsementPolicy":"XOR('A.peer')","ordererOrgs":["O"],"attestingOrgs":2,"orgs":[]}`, `unknown operator "XOR"`},
		{`{"format":"courtchain/trust/1","extra":1}`, `unknown field "extra"`},
	} {
		_, err := certificate.ParseTrust([]byte(tc.file))
		require.ErrorContains(t, err, tc.says, tc.file)
	}
}

func TestPolicies(t *testing.T) {
	peerOf := func(msp string) certificate.Signer { return certificate.Signer{MSPID: msp, Role: "peer"} }
	for _, tc := range []struct {
		policy  string
		signers []certificate.Signer
		holds   bool
	}{
		{"AND('A.peer', OR('B.peer', 'C.peer'))", []certificate.Signer{peerOf("A"), peerOf("C")}, true},
		{"AND('A.peer', OR('B.peer', 'C.peer'))", []certificate.Signer{peerOf("A")}, false},
		{"AND('A.peer', 'A.peer')", []certificate.Signer{peerOf("A")}, false},
		{"OutOf(2, 'A.member', 'B.member', 'C.member')", []certificate.Signer{peerOf("B"), {MSPID: "C", Role: "client"}}, true},
		{"OR('A.admin')", []certificate.Signer{peerOf("A")}, false},
	} {
		p, err := certificate.ParsePolicy(tc.policy)
		require.NoError(t, err)
		require.Equal(t, tc.holds, p.SatisfiedBy(tc.signers), tc.policy)
		again, err := certificate.ParsePolicy(p.String())
		require.NoError(t, err)
		require.Equal(t, p, again, "String writes what ParsePolicy reads")
	}
	for policy, says := range map[string]string{
		"AND('A.peer'":                 `expected ')'`,
		"OutOf(3, 'A.peer', 'B.peer')": "OutOf(3, …) of 2 rules",
		"OR('A.boss')":                 `role "boss"`,
		"OR('Apeer')":                  "is not MSPID.role",
		"OR('A.peer') x":               "unexpected",
	} {
		_, err := certificate.ParsePolicy(policy)
		require.ErrorContains(t, err, says, policy)
	}
}

// highS is the other form of an ECDSA signature, which verifies
// mathematically but which Fabric refuses.
func highS(t *testing.T, sig []byte) []byte {
	var rs struct{ R, S *big.Int }
	_, err := asn1.Unmarshal(sig, &rs)
	require.NoError(t, err)
	return m(marshalECDSA(rs.R, new(big.Int).Sub(elliptic.P256().Params().N, rs.S)))
}
