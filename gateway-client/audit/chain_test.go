package audit_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/hyperledger/fabric-chaincode-go/v2/pkg/attrmgr"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

const (
	channel   = "judicial"
	caseNo    = "(2026)J执0A1B2C3D4E号"
	judgeCN   = "judge01"
	collName  = "sealedEvidence"
	evidenceK = "evidence~E1"
)

var function = string(enforcementapi.Activate.Function)

var epoch = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// judgeCert is a self-signed certificate carrying the Fabric CA attribute
// extension {"attrs":{"role":"judge"}}, made once per test binary.
var judgeCert = sync.OnceValues(func() ([]byte, error) { return selfSigned(judgeCN, "judge") })

func selfSigned(cn, role string) ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7),
		Subject:      pkix.Name{CommonName: cn, Organization: []string{"Court"}, OrganizationalUnit: []string{"client"}},
		NotBefore:    epoch.Add(-time.Hour),
		NotAfter:     epoch.Add(365 * 24 * time.Hour),
	}
	if role != "" {
		// attrmgr appends to Extensions, which x509 ignores when signing.
		if err := attrmgr.New().AddAttributesToCert(&attrmgr.Attributes{Attrs: map[string]string{"role": role}}, tmpl); err != nil {
			return nil, err
		}
		tmpl.ExtraExtensions, tmpl.Extensions = tmpl.Extensions, nil
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}

func marshal(tb testing.TB, m proto.Message) []byte {
	tb.Helper()
	b, err := proto.Marshal(m)
	require.NoError(tb, err)
	return b
}

func unmarshal(tb testing.TB, b []byte, m proto.Message) {
	tb.Helper()
	require.NoError(tb, proto.Unmarshal(b, m))
}

func sum(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// txSpec varies the transactions of a synthetic chain.
type txSpec struct {
	seq       int
	txID      string
	transient bool // a TransientMap left in the proposal payload, which Fabric strips
}

func (s txSpec) id() string {
	if s.txID != "" {
		return s.txID
	}
	return hex.EncodeToString(sum(fmt.Sprint("tx", s.seq)))
}

// caseKey is how the synthetic chaincode keys a case: by digest, so that
// the case number argument itself is nowhere in the read-write set and the
// tests can assert it never reaches an audit in clear.
var caseKey = hex.EncodeToString(sum(caseNo))[:16]

func (s txSpec) evidenceArg() string { return hex.EncodeToString(sum(fmt.Sprint("evidence", s.seq))) }

// endorserTx builds an envelope shaped like what a Fabric v2 peer commits
// for the judicial chaincode's enforcement:Activate.
func endorserTx(tb testing.TB, s txSpec) *common.Envelope {
	tb.Helper()
	cert, err := judgeCert()
	require.NoError(tb, err)
	creator := marshal(tb, &msp.SerializedIdentity{Mspid: "CourtMSP", IdBytes: cert})
	sigHeader := marshal(tb, &common.SignatureHeader{Creator: creator, Nonce: sum(fmt.Sprint("nonce", s.seq))})
	chHeader := marshal(tb, &common.ChannelHeader{
		Type: int32(common.HeaderType_ENDORSER_TRANSACTION), ChannelId: channel, TxId: s.id(),
		Timestamp: timestamppb.New(epoch.Add(time.Duration(s.seq) * time.Millisecond)),
	})

	input := marshal(tb, &peer.ChaincodeInvocationSpec{ChaincodeSpec: &peer.ChaincodeSpec{
		Type:        peer.ChaincodeSpec_GOLANG,
		ChaincodeId: &peer.ChaincodeID{Name: "judicial"},
		Input:       &peer.ChaincodeInput{Args: [][]byte{[]byte(function), []byte(caseNo), []byte(s.evidenceArg())}},
	}})
	proposal := &peer.ChaincodeProposalPayload{Input: input}
	if s.transient {
		proposal.TransientMap = map[string][]byte{"sealed": []byte("TRANSIENT-SECRET")}
	}

	key := fmt.Sprintf("enforcement~%s~%d", caseKey, s.seq)
	kv := marshal(tb, &kvrwset.KVRWSet{
		Reads: []*kvrwset.KVRead{
			{Key: "case~" + caseKey, Version: &kvrwset.Version{BlockNum: 3, TxNum: 1}},
			{Key: key},
		},
		RangeQueriesInfo: []*kvrwset.RangeQueryInfo{{StartKey: "enforcement~", EndKey: "enforcement~\U0010FFFF", ItrExhausted: true}},
		Writes: []*kvrwset.KVWrite{
			{Key: key, Value: fmt.Appendf(nil, `{"case":%q,"status":"ACTIVE","note":"执行 <b>","seq":%d}`, caseKey, s.seq)},
			{Key: "blob~" + key, Value: []byte{0xff, 0x00, byte(s.seq)}},
			{Key: "pending~" + key, IsDelete: true},
		},
		MetadataWrites: []*kvrwset.KVMetadataWrite{{Key: key, Entries: []*kvrwset.KVMetadataEntry{
			{Name: "VALIDATION_PARAMETER", Value: []byte("policy")},
		}}},
	})
	hashed := marshal(tb, &kvrwset.HashedRWSet{HashedWrites: []*kvrwset.KVWriteHash{
		{KeyHash: sum(evidenceK), ValueHash: sum("sealed evidence")},
		{KeyHash: sum("evidence~old"), IsDelete: true, IsPurge: true},
	}})
	lifecycle := marshal(tb, &kvrwset.KVRWSet{Reads: []*kvrwset.KVRead{
		{Key: "namespaces/fields/judicial/Sequence", Version: &kvrwset.Version{BlockNum: 2}},
	}})
	results := marshal(tb, &rwset.TxReadWriteSet{DataModel: rwset.TxReadWriteSet_KV, NsRwset: []*rwset.NsReadWriteSet{
		{Namespace: "_lifecycle", Rwset: lifecycle},
		{Namespace: "judicial", Rwset: kv, CollectionHashedRwset: []*rwset.CollectionHashedReadWriteSet{
			{CollectionName: collName, HashedRwset: hashed, PvtRwsetHash: sum("pvt")},
		}},
	}})
	action := marshal(tb, &peer.ChaincodeAction{
		Results:     results,
		Events:      marshal(tb, &peer.ChaincodeEvent{ChaincodeId: "judicial", TxId: s.id(), EventName: "judicial", Payload: []byte(`{}`)}),
		Response:    &peer.Response{Status: 200},
		ChaincodeId: &peer.ChaincodeID{Name: "judicial", Version: "1.0"},
	})
	actionPayload := marshal(tb, &peer.ChaincodeActionPayload{
		ChaincodeProposalPayload: marshal(tb, proposal),
		Action: &peer.ChaincodeEndorsedAction{
			ProposalResponsePayload: marshal(tb, &peer.ProposalResponsePayload{ProposalHash: sum(s.id()), Extension: action}),
			Endorsements:            []*peer.Endorsement{{Endorser: creator, Signature: sum("endorsement")}},
		},
	})
	tx := marshal(tb, &peer.Transaction{Actions: []*peer.TransactionAction{{Header: sigHeader, Payload: actionPayload}}})
	payload := marshal(tb, &common.Payload{
		Header: &common.Header{ChannelHeader: chHeader, SignatureHeader: sigHeader},
		Data:   tx,
	})
	return &common.Envelope{Payload: payload, Signature: sum("signature")}
}

// genesis is a config block 0 as configtxgen makes it, with the
// transactions filter a peer adds when it commits it.
func genesis(tb testing.TB) *common.Block {
	tb.Helper()
	env := &common.Envelope{Payload: marshal(tb, &common.Payload{
		Header: &common.Header{
			ChannelHeader: marshal(tb, &common.ChannelHeader{
				Type: int32(common.HeaderType_CONFIG), ChannelId: channel, Timestamp: timestamppb.New(epoch.Add(-time.Minute)),
			}),
			SignatureHeader: marshal(tb, &common.SignatureHeader{Nonce: sum("genesis")}),
		},
		Data: marshal(tb, &common.ConfigEnvelope{Config: &common.Config{Sequence: 0}}),
	})}
	return seal(tb, 0, nil, []*common.Envelope{env}, []peer.TxValidationCode{peer.TxValidationCode_VALID})
}

func seal(tb testing.TB, number uint64, prev []byte, envs []*common.Envelope, codes []peer.TxValidationCode) *common.Block {
	tb.Helper()
	data := &common.BlockData{}
	filter := make([]byte, len(codes))
	for i, env := range envs {
		data.Data = append(data.Data, marshal(tb, env))
		filter[i] = byte(codes[i])
	}
	md := make([][]byte, len(common.BlockMetadataIndex_name))
	md[common.BlockMetadataIndex_TRANSACTIONS_FILTER] = filter
	return &common.Block{
		Header:   &common.BlockHeader{Number: number, PreviousHash: prev, DataHash: audit.DataHash(data)},
		Data:     data,
		Metadata: &common.BlockMetadata{Metadata: md},
	}
}

// buildChain makes blocks 0..n-1: genesis, then blocks of 1 to 3 endorser
// transactions, some of them MVCC conflicts.
func buildChain(tb testing.TB, n int) []*common.Block {
	tb.Helper()
	blocks := []*common.Block{genesis(tb)}
	seq := 0
	for number := 1; number < n; number++ {
		var envs []*common.Envelope
		var codes []peer.TxValidationCode
		for range 1 + number%3 {
			seq++
			envs = append(envs, endorserTx(tb, txSpec{seq: seq}))
			code := peer.TxValidationCode_VALID
			if seq%5 == 0 {
				code = peer.TxValidationCode_MVCC_READ_CONFLICT
			}
			codes = append(codes, code)
		}
		prev := blocks[len(blocks)-1]
		blocks = append(blocks, seal(tb, uint64(number), audit.HeaderHash(prev.Header), envs, codes))
	}
	return blocks
}

// editWrite changes the judicial namespace's first write inside an
// envelope, re-marshalling every layer and keeping the payload header, as a
// forger editing a stored block would.
func editWrite(tb testing.TB, envBytes []byte, value []byte) []byte {
	tb.Helper()
	env, payload, tx := &common.Envelope{}, &common.Payload{}, &peer.Transaction{}
	unmarshal(tb, envBytes, env)
	unmarshal(tb, env.Payload, payload)
	unmarshal(tb, payload.Data, tx)
	ap, prp, act, rws, kv := &peer.ChaincodeActionPayload{}, &peer.ProposalResponsePayload{}, &peer.ChaincodeAction{}, &rwset.TxReadWriteSet{}, &kvrwset.KVRWSet{}
	unmarshal(tb, tx.Actions[0].Payload, ap)
	unmarshal(tb, ap.Action.ProposalResponsePayload, prp)
	unmarshal(tb, prp.Extension, act)
	unmarshal(tb, act.Results, rws)
	ns := rws.NsRwset[1]
	unmarshal(tb, ns.Rwset, kv)

	kv.Writes[0].Value = value
	ns.Rwset = marshal(tb, kv)
	act.Results = marshal(tb, rws)
	prp.Extension = marshal(tb, act)
	ap.Action.ProposalResponsePayload = marshal(tb, prp)
	tx.Actions[0].Payload = marshal(tb, ap)
	payload.Data = marshal(tb, tx)
	env.Payload = marshal(tb, payload)
	return marshal(tb, env)
}
