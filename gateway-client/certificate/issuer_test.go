package certificate_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"slices"
	"testing"
	"time"

	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/courtchain/judicial/gateway-client/certificate"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// The tests issue certificates from a PKI of their own, built the way a
// Fabric network builds them, so that every field can be changed and the
// layers above it signed again: each tamper then meets the one check
// that must catch it. The fixture in testdata comes from the real
// network and checks that the format matches what peers produce.

// bigSize is a size past float64's exact integers: a record that says
// one less must not pass as the same.
const bigSize = "9007199254740993"

var (
	// Certificates are valid for half a year around the transaction, and
	// verified long after: a certificate is checked at signing time.
	validFrom  = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	validUntil = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	txTime     = time.Date(2026, 3, 2, 1, 2, 3, 456789000, time.UTC)
)

type org struct {
	id     string
	ca     *x509.Certificate
	caKey  *ecdsa.PrivateKey
	caPEM  string
	serial int64
}

func newOrg(t testing.TB, id string) *org {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ca." + id, Organization: []string{id}},
		NotBefore: validFrom, NotAfter: validUntil.AddDate(10, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	ca, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return &org{id: id, ca: ca, caKey: key, caPEM: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), serial: 1}
}

type signer struct {
	key        *ecdsa.PrivateKey
	serialized []byte
}

// enroll issues an identity with Fabric's NodeOU role as its OU.
func (o *org) enroll(t testing.TB, cn, role string) *signer {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	o.serial++
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(o.serial), Subject: pkix.Name{CommonName: cn, OrganizationalUnit: []string{role}, Organization: []string{o.id}},
		NotBefore: validFrom, NotAfter: validUntil, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, o.ca, &key.PublicKey, o.caKey)
	require.NoError(t, err)
	ser, err := proto.Marshal(&msp.SerializedIdentity{Mspid: o.id, IdBytes: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})})
	require.NoError(t, err)
	return &signer{key: key, serialized: ser}
}

// sign signs as Fabric's BCCSP does: SHA-256, ECDSA, low S.
func (s *signer) sign(t testing.TB, msg []byte) []byte {
	digest := sha256.Sum256(msg)
	r, sv, err := ecdsa.Sign(rand.Reader, s.key, digest[:])
	require.NoError(t, err)
	if half := new(big.Int).Rsh(elliptic.P256().Params().N, 1); sv.Cmp(half) > 0 {
		sv.Sub(elliptic.P256().Params().N, sv)
	}
	sig, err := marshalECDSA(r, sv)
	require.NoError(t, err)
	return sig
}

// network is the test channel: three application orgs and an orderer org.
type network struct {
	court, mediation, credit, orderer  *org
	clerk, courtPeer, mediationPeer    *signer
	creditPeer, ordererNode, requester *signer
}

func newNetwork(t testing.TB) *network {
	n := &network{court: newOrg(t, "CourtMSP"), mediation: newOrg(t, "MediationMSP"), credit: newOrg(t, "CreditMSP"), orderer: newOrg(t, "OrdererMSP")}
	n.clerk = n.court.enroll(t, "clerk1", "client")
	n.courtPeer = n.court.enroll(t, "peer0.court", "peer")
	n.mediationPeer = n.mediation.enroll(t, "peer0.mediation", "peer")
	n.creditPeer = n.credit.enroll(t, "peer0.credit", "peer")
	n.ordererNode = n.orderer.enroll(t, "orderer1", "orderer")
	n.requester = n.credit.enroll(t, "auditor1", "client")
	return n
}

func (n *network) orgs() []*org { return []*org{n.court, n.credit, n.mediation, n.orderer} }

func (n *network) trust(t testing.TB) *certificate.Trust {
	tr := &certificate.Trust{Format: certificate.TrustFormat, Channel: "judicial", Chaincode: "judicial",
		EndorsementPolicy: "AND('CourtMSP.peer', OR('MediationMSP.peer', 'CreditMSP.peer'))",
		OrdererOrgs:       []string{"OrdererMSP"}, AttestingOrgs: 2}
	for _, o := range n.orgs() {
		tr.Orgs = append(tr.Orgs, certificate.TrustedOrg{MSPID: o.id, Roots: []string{certificate.Fingerprint(o.ca)}})
	}
	data, err := json.Marshal(tr)
	require.NoError(t, err)
	parsed, err := certificate.ParseTrust(data)
	require.NoError(t, err)
	return parsed
}

// attest is one attestation to issue.
type attest struct {
	peer *signer
	name string
	code peer.TxValidationCode
	args []string // default: GetTransactionByID judicial TXID
}

// issue is what a certificate is issued from; a test changes one thing.
type issue struct {
	number     string
	digest     string
	recordTime time.Time // default txTime
	creator    *signer
	// signAs signs the envelope instead of creator (a forged signer).
	signAs       *signer
	endorsers    []*signer
	attests      []attest
	blockSigner  *signer
	afterSigning func(ch *common.ChannelHeader)
}

func (n *network) defaults() issue {
	return issue{number: "EV00000000000000000000000000000001", digest: hex.EncodeToString(make([]byte, 32)),
		creator: n.clerk, endorsers: []*signer{n.courtPeer, n.creditPeer}, blockSigner: n.ordererNode,
		attests: []attest{{peer: n.courtPeer, name: "peer0.court"}, {peer: n.mediationPeer, name: "peer0.mediation"}}}
}

func compositeKey(object, id string) string { return "\x00" + object + "\x00" + id + "\x00" }

// build issues the certificate, signing every layer as the network does.
func (n *network) build(t testing.TB, is issue) *certificate.Certificate {
	nonce := []byte("nonce-of-the-anchoring-proposal")
	sum := sha256.Sum256(slices.Concat(nonce, is.creator.serialized))
	txID := hex.EncodeToString(sum[:])
	at := is.recordTime
	if at.IsZero() {
		at = txTime
	}
	record := m(json.Marshal(map[string]any{"number": is.number, "algorithm": "sha256", "digest": is.digest, "kind": "electronic_evidence",
		"size": json.Number(bigSize), "anchoredAt": at.Format(time.RFC3339Nano), "txId": txID, "status": "valid"}))
	kv := m(proto.Marshal(&kvrwset.KVRWSet{Writes: []*kvrwset.KVWrite{{Key: compositeKey("evidence", is.number), Value: record}}}))
	results := m(proto.Marshal(&rwset.TxReadWriteSet{DataModel: rwset.TxReadWriteSet_KV, NsRwset: []*rwset.NsReadWriteSet{{Namespace: "judicial", Rwset: kv}}}))
	action := m(proto.Marshal(&peer.ChaincodeAction{Results: results, Response: &peer.Response{Status: 200}, ChaincodeId: &peer.ChaincodeID{Name: "judicial", Version: "1"}}))

	ch := &common.ChannelHeader{Type: int32(common.HeaderType_ENDORSER_TRANSACTION), ChannelId: "judicial", TxId: txID, Timestamp: timestamppb.New(txTime)}
	chdr := m(proto.Marshal(ch))
	shdr := m(proto.Marshal(&common.SignatureHeader{Creator: is.creator.serialized, Nonce: nonce}))
	cpp := invocation(t, "judicial", string(evidenceapi.Anchor.Function), "{}")
	prp := m(proto.Marshal(&peer.ProposalResponsePayload{ProposalHash: hash(chdr, shdr, cpp), Extension: action}))
	var endorsements []*peer.Endorsement
	for _, e := range is.endorsers {
		endorsements = append(endorsements, &peer.Endorsement{Endorser: e.serialized, Signature: e.sign(t, slices.Concat(prp, e.serialized))})
	}
	cap := m(proto.Marshal(&peer.ChaincodeActionPayload{ChaincodeProposalPayload: cpp, Action: &peer.ChaincodeEndorsedAction{ProposalResponsePayload: prp, Endorsements: endorsements}}))
	txData := m(proto.Marshal(&peer.Transaction{Actions: []*peer.TransactionAction{{Header: shdr, Payload: cap}}}))
	payload := m(proto.Marshal(&common.Payload{Header: &common.Header{ChannelHeader: chdr, SignatureHeader: shdr}, Data: txData}))
	signer := is.creator
	if is.signAs != nil {
		signer = is.signAs
	}
	sig := signer.sign(t, payload)
	if is.afterSigning != nil {
		is.afterSigning(ch)
		chdr = m(proto.Marshal(ch))
		payload = m(proto.Marshal(&common.Payload{Header: &common.Header{ChannelHeader: chdr, SignatureHeader: shdr}, Data: txData}))
	}
	envelope := m(proto.Marshal(&common.Envelope{Payload: payload, Signature: sig}))
	other := m(proto.Marshal(&common.ChannelHeader{Type: int32(common.HeaderType_ENDORSER_TRANSACTION), ChannelId: "judicial", TxId: "another"}))
	filler := m(proto.Marshal(&common.Envelope{Payload: m(proto.Marshal(&common.Payload{Header: &common.Header{ChannelHeader: other}}))}))

	c := &certificate.Certificate{Format: certificate.Format, Channel: "judicial", Chaincode: "judicial", Number: is.number, Record: record, TxID: txID,
		Block: certificate.Block{Number: 7, Envelopes: [][]byte{filler, envelope}, Position: 1}, IssuedAt: "2026-03-02T02:00:00Z"}
	n.sealBlock(t, c, is.blockSigner)
	for _, a := range is.attests {
		c.Attestations = append(c.Attestations, n.attestation(t, a, txID, envelope))
	}
	for _, o := range n.orgs() {
		c.MSPs = append(c.MSPs, certificate.MSP{ID: o.id, RootCerts: []string{o.caPEM}})
	}
	return c
}

// sealBlock writes the block header over the envelopes and signs it.
func (n *network) sealBlock(t testing.TB, c *certificate.Certificate, by *signer) {
	header := &common.BlockHeader{Number: c.Block.Number, PreviousHash: []byte("previous"), DataHash: audit.DataHash(&common.BlockData{Data: c.Block.Envelopes})}
	c.Block.Header = m(proto.Marshal(header))
	value := m(proto.Marshal(&common.OrdererBlockMetadata{LastConfig: &common.LastConfig{Index: 0}}))
	sh := m(proto.Marshal(&common.SignatureHeader{Creator: by.serialized, Nonce: []byte("block nonce")}))
	c.Block.Signatures = m(proto.Marshal(&common.Metadata{Value: value, Signatures: []*common.MetadataSignature{
		{SignatureHeader: sh, Signature: by.sign(t, slices.Concat(value, sh, audit.HeaderBytes(header)))}}}))
}

func (n *network) attestation(t testing.TB, a attest, txID string, envelope []byte) certificate.Attestation {
	args := a.args
	if args == nil {
		args = []string{"GetTransactionByID", "judicial", txID}
	}
	chdr := m(proto.Marshal(&common.ChannelHeader{Type: int32(common.HeaderType_ENDORSER_TRANSACTION), ChannelId: "judicial", TxId: "query-" + a.name,
		Timestamp: timestamppb.New(txTime.Add(time.Hour))}))
	shdr := m(proto.Marshal(&common.SignatureHeader{Creator: n.requester.serialized, Nonce: []byte("query nonce")}))
	cpp := invocation(t, "qscc", args...)
	proposal := m(proto.Marshal(&peer.Proposal{Header: m(proto.Marshal(&common.Header{ChannelHeader: chdr, SignatureHeader: shdr})), Payload: cpp}))
	var env common.Envelope
	require.NoError(t, proto.Unmarshal(envelope, &env))
	pt := m(proto.Marshal(&peer.ProcessedTransaction{TransactionEnvelope: &env, ValidationCode: int32(a.code)}))
	action := m(proto.Marshal(&peer.ChaincodeAction{Response: &peer.Response{Status: 200, Payload: pt}, ChaincodeId: &peer.ChaincodeID{Name: "qscc"}}))
	prp := m(proto.Marshal(&peer.ProposalResponsePayload{ProposalHash: hash(chdr, shdr, cpp), Extension: action}))
	resp := m(proto.Marshal(&peer.ProposalResponse{Version: 1, Response: &peer.Response{Status: 200, Payload: pt}, Payload: prp,
		Endorsement: &peer.Endorsement{Endorser: a.peer.serialized, Signature: a.peer.sign(t, slices.Concat(prp, a.peer.serialized))}}))
	return certificate.Attestation{Peer: a.name, MSPID: mspOf(t, a.peer), Proposal: proposal, Response: resp}
}

func invocation(t testing.TB, chaincode string, args ...string) []byte {
	input := make([][]byte, len(args))
	for i, a := range args {
		input[i] = []byte(a)
	}
	spec := m(proto.Marshal(&peer.ChaincodeInvocationSpec{ChaincodeSpec: &peer.ChaincodeSpec{ChaincodeId: &peer.ChaincodeID{Name: chaincode}, Input: &peer.ChaincodeInput{Args: input}}}))
	return m(proto.Marshal(&peer.ChaincodeProposalPayload{Input: spec}))
}

func hash(parts ...[]byte) []byte {
	sum := sha256.Sum256(slices.Concat(parts...))
	return sum[:]
}

func mspOf(t testing.TB, s *signer) string {
	var sid msp.SerializedIdentity
	require.NoError(t, proto.Unmarshal(s.serialized, &sid))
	return sid.GetMspid()
}

// m takes a marshalled message: marshalling what the test built cannot
// fail.
func m(data []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return data
}

func marshalECDSA(r, s *big.Int) ([]byte, error) {
	return asn1.Marshal(struct{ R, S *big.Int }{r, s})
}
