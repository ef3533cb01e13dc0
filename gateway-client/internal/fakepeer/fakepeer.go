// Package fakepeer is a Fabric gateway peer in the test process: a TLS gRPC
// server on the loopback interface that answers Evaluate, Endorse, Submit
// and CommitStatus from a handler, and a connection profile with an
// enrolled identity that reaches it. It lets the client and the command
// line be tested through fabric-gateway's real client, its real errors
// and the real TLS set-up, with no Fabric network.
//
// Its certificate names peer0.fake.example.com and not 127.0.0.1, so a
// profile without hostOverride fails its TLS handshake, as with
// fabric-samples' test-network.
package fakepeer

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	gatewaypb "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// Names the profile uses.
const (
	Channel      = "judicial"
	Chaincode    = "judicial"
	MSPID        = "CourtMSP"
	PeerName     = "peer0.court"
	Identity     = "judge1"
	HostOverride = "peer0.fake.example.com"
)

// Request is one call as the peer received it.
type Request struct {
	// Kind is "evaluate" or "endorse".
	Kind          string
	TxID          string
	Channel       string
	Chaincode     string
	Function      string
	Args          []string
	Transient     map[string][]byte
	EndorsingOrgs []string
}

// Response is what the handler makes the peer answer.
type Response struct {
	Payload []byte
	// Err is returned as is; Refuse builds the error a real gateway
	// returns when the chaincode fails.
	Err error
	// Code is the commit's validation code (VALID by default); only
	// endorsements are committed.
	Code  peer.TxValidationCode
	Block uint64
}

// Handler answers a request.
type Handler func(Request) Response

// Peer is a running fake gateway peer. The peers StartOrg starts share
// one ledger: a transaction one of them endorsed can be submitted through
// and its status asked of another, as with a real org's peers.
type Peer struct {
	Name     string
	Endpoint string
	// Dir holds the profile, the TLS CA and the identity's MSP folder.
	Dir         string
	ProfilePath string

	mu      sync.Mutex
	handler Handler
	// onSubmit and onStatus, when set, answer Submit and CommitStatus
	// first: a failure to inject, or a wait until the caller gives up.
	onSubmit func(txID string) error
	onStatus func(ctx context.Context, txID string) error
	ledger   *ledger
	srv      *grpc.Server
	creds    credentials.TransportCredentials

	gatewaypb.UnimplementedGatewayServer
}

// ledger is what an org's peers share: every request, the endorsed
// transactions' outcomes and how often each was submitted.
type ledger struct {
	mu       sync.Mutex
	requests []Request
	commits  map[string]Response
	submits  map[string]int
}

// Start runs one peer until the test ends. handler may be nil until
// Handle.
func Start(t testing.TB, handler Handler) *Peer {
	t.Helper()
	return StartOrg(t, 1, handler)[0]
}

// StartOrg runs n peers of one org (peer0.court, peer1.court, ...) that
// share a ledger, a TLS CA and the identity, with one profile listing
// them all in order; each peer's ProfilePath is that profile.
func StartOrg(t testing.TB, n int, handler Handler) []*Peer {
	t.Helper()
	dir := t.TempDir()
	ca, caKey := newCA(t)
	serverCert := newLeaf(t, ca, caKey, &x509.Certificate{
		Subject:     pkix.Name{CommonName: HostOverride},
		DNSNames:    []string{HostOverride},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	userCert := newLeaf(t, ca, caKey, &x509.Certificate{
		Subject:     pkix.Name{CommonName: Identity, OrganizationalUnit: []string{"client"}},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})

	writePEM(t, filepath.Join(dir, "court/tls-ca.pem"), "CERTIFICATE", ca.Raw)
	writePEM(t, filepath.Join(dir, "court/users", Identity, "msp/signcerts/cert.pem"), "CERTIFICATE", userCert.Certificate[0])
	userKey, err := x509.MarshalPKCS8PrivateKey(userCert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	// Named as Fabric CA names keys: the keystore folder is the profile's key.
	writePEM(t, filepath.Join(dir, "court/users", Identity, "msp/keystore/4f1c2b_sk"), "PRIVATE KEY", userKey)

	shared := &ledger{commits: map[string]Response{}, submits: map[string]int{}}
	creds := credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{serverCert}, MinVersion: tls.VersionTLS12})
	peers := make([]*Peer, n)
	for i := range peers {
		p := &Peer{Name: fmt.Sprintf("peer%d.court", i), Dir: dir, ProfilePath: filepath.Join(dir, "profile.json"),
			handler: handler, ledger: shared, creds: creds}
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p.Endpoint = lis.Addr().String()
		p.serve(lis)
		t.Cleanup(p.Stop)
		peers[i] = p
	}
	peers[0].writeProfile(t, HostOverride, peers)
	return peers
}

func (p *Peer) serve(lis net.Listener) {
	srv := grpc.NewServer(grpc.Creds(p.creds))
	gatewaypb.RegisterGatewayServer(srv, p)
	p.mu.Lock()
	p.srv = srv
	p.mu.Unlock()
	go srv.Serve(lis)
}

// Stop kills the peer: its port closes and calls in flight end.
func (p *Peer) Stop() {
	p.mu.Lock()
	srv := p.srv
	p.srv = nil
	p.mu.Unlock()
	if srv != nil {
		srv.Stop()
	}
}

// Restart brings a stopped peer back on its port.
func (p *Peer) Restart(t testing.TB) {
	t.Helper()
	var lis net.Listener
	var err error
	// The port was just released; another listener may not have let go.
	for range 50 {
		if lis, err = net.Listen("tcp", p.Endpoint); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	p.serve(lis)
}

// OnSubmit makes Submit answer f's error first (nil: accept).
func (p *Peer) OnSubmit(f func(txID string) error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onSubmit = f
}

// OnStatus makes CommitStatus answer f's error first (nil: the outcome);
// f may wait on ctx to make the status hang.
func (p *Peer) OnStatus(f func(ctx context.Context, txID string) error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onStatus = f
}

// Submits is how often transaction txID was submitted, through any peer
// of the org.
func (p *Peer) Submits(txID string) int {
	p.ledger.mu.Lock()
	defer p.ledger.mu.Unlock()
	return p.ledger.submits[txID]
}

// WriteProfile (re)writes the profile of this one peer with this TLS
// server name.
func (p *Peer) WriteProfile(t testing.TB, hostOverride string) {
	t.Helper()
	p.writeProfile(t, hostOverride, []*Peer{p})
}

func (p *Peer) writeProfile(t testing.TB, hostOverride string, peers []*Peer) {
	t.Helper()
	var list []map[string]string
	for _, q := range peers {
		list = append(list, map[string]string{"name": q.Name, "endpoint": q.Endpoint, "hostOverride": hostOverride, "tlsCACert": "court/tls-ca.pem"})
	}
	profile := map[string]any{
		"channel":   Channel,
		"chaincode": Chaincode,
		"organizations": map[string]any{
			MSPID: map[string]any{
				"peers": list,
				"identities": map[string]any{
					Identity: map[string]string{
						"cert": "court/users/" + Identity + "/msp/signcerts/cert.pem",
						"key":  "court/users/" + Identity + "/msp/keystore",
					},
				},
			},
		},
	}
	data, err := json.MarshalIndent(profile, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p.ProfilePath, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Handle replaces the handler.
func (p *Peer) Handle(h Handler) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.handler = h
}

// Requests returns the calls the org's peers received so far.
func (p *Peer) Requests() []Request {
	p.ledger.mu.Lock()
	defer p.ledger.mu.Unlock()
	return append([]Request(nil), p.ledger.requests...)
}

// Refuse is the error a Fabric v2.5 gateway returns when the chaincode
// answers an error: the gateway's summary, and each peer's message as a
// detail.
func Refuse(kind, message string) error {
	detail := fmt.Sprintf("chaincode response 500, %s", message)
	code, summary := codes.Aborted, "failed to endorse transaction, see attached details for more info"
	if kind == "evaluate" {
		code, summary = codes.Unknown, "evaluate call to endorser returned error: "+detail
	}
	st, err := status.New(code, summary).WithDetails(&gatewaypb.ErrorDetail{Address: "peer0.court:7051", MspId: MSPID, Message: detail})
	if err != nil {
		panic(err)
	}
	return st.Err()
}

func (p *Peer) handle(kind, txID, channel string, signed *peer.SignedProposal, orgs []string) (Response, error) {
	req, err := parseProposal(signed)
	if err != nil {
		return Response{}, status.Error(codes.InvalidArgument, err.Error())
	}
	req.Kind, req.TxID, req.Channel, req.EndorsingOrgs = kind, txID, channel, orgs
	p.ledger.mu.Lock()
	p.ledger.requests = append(p.ledger.requests, req)
	p.ledger.mu.Unlock()
	p.mu.Lock()
	h := p.handler
	p.mu.Unlock()
	if h == nil {
		return Response{}, status.Error(codes.Unimplemented, "no handler")
	}
	return h(req), nil
}

// Evaluate implements the gateway service.
func (p *Peer) Evaluate(_ context.Context, in *gatewaypb.EvaluateRequest) (*gatewaypb.EvaluateResponse, error) {
	res, err := p.handle("evaluate", in.GetTransactionId(), in.GetChannelId(), in.GetProposedTransaction(), in.GetTargetOrganizations())
	if err != nil {
		return nil, err
	}
	if res.Err != nil {
		return nil, res.Err
	}
	return &gatewaypb.EvaluateResponse{Result: &peer.Response{Status: 200, Payload: res.Payload}}, nil
}

// Endorse implements the gateway service.
func (p *Peer) Endorse(_ context.Context, in *gatewaypb.EndorseRequest) (*gatewaypb.EndorseResponse, error) {
	res, err := p.handle("endorse", in.GetTransactionId(), in.GetChannelId(), in.GetProposedTransaction(), in.GetEndorsingOrganizations())
	if err != nil {
		return nil, err
	}
	if res.Err != nil {
		return nil, res.Err
	}
	p.ledger.mu.Lock()
	p.ledger.commits[in.GetTransactionId()] = res
	p.ledger.mu.Unlock()
	return &gatewaypb.EndorseResponse{PreparedTransaction: envelope(in.GetChannelId(), in.GetTransactionId(), res.Payload)}, nil
}

// Submit implements the gateway service.
func (p *Peer) Submit(_ context.Context, in *gatewaypb.SubmitRequest) (*gatewaypb.SubmitResponse, error) {
	p.mu.Lock()
	f := p.onSubmit
	p.mu.Unlock()
	if f != nil {
		if err := f(in.GetTransactionId()); err != nil {
			return nil, err
		}
	}
	p.ledger.mu.Lock()
	p.ledger.submits[in.GetTransactionId()]++
	p.ledger.mu.Unlock()
	return &gatewaypb.SubmitResponse{}, nil
}

// CommitStatus implements the gateway service.
func (p *Peer) CommitStatus(ctx context.Context, in *gatewaypb.SignedCommitStatusRequest) (*gatewaypb.CommitStatusResponse, error) {
	var req gatewaypb.CommitStatusRequest
	if err := proto.Unmarshal(in.GetRequest(), &req); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	p.mu.Lock()
	f := p.onStatus
	p.mu.Unlock()
	if f != nil {
		if err := f(ctx, req.GetTransactionId()); err != nil {
			return nil, err
		}
	}
	p.ledger.mu.Lock()
	res, ok := p.ledger.commits[req.GetTransactionId()]
	p.ledger.mu.Unlock()
	if !ok {
		return nil, status.Errorf(codes.NotFound, "transaction %s was not endorsed here", req.GetTransactionId())
	}
	return &gatewaypb.CommitStatusResponse{Result: res.Code, BlockNumber: res.Block}, nil
}

func parseProposal(signed *peer.SignedProposal) (Request, error) {
	var prop peer.Proposal
	if err := proto.Unmarshal(signed.GetProposalBytes(), &prop); err != nil {
		return Request{}, err
	}
	var payload peer.ChaincodeProposalPayload
	if err := proto.Unmarshal(prop.GetPayload(), &payload); err != nil {
		return Request{}, err
	}
	var spec peer.ChaincodeInvocationSpec
	if err := proto.Unmarshal(payload.GetInput(), &spec); err != nil {
		return Request{}, err
	}
	args := spec.GetChaincodeSpec().GetInput().GetArgs()
	if len(args) == 0 {
		return Request{}, fmt.Errorf("no function name")
	}
	req := Request{Chaincode: spec.GetChaincodeSpec().GetChaincodeId().GetName(), Function: string(args[0]), Transient: payload.GetTransientMap()}
	for _, a := range args[1:] {
		req.Args = append(req.Args, string(a))
	}
	return req, nil
}

// envelope is the smallest endorsed transaction fabric-gateway's client
// reads: the channel and the chaincode's result.
func envelope(channel, txID string, result []byte) *common.Envelope {
	marshal := func(m proto.Message) []byte {
		b, err := proto.Marshal(m)
		if err != nil {
			panic(err)
		}
		return b
	}
	action := marshal(&peer.ChaincodeAction{Response: &peer.Response{Status: 200, Payload: result}})
	prp := marshal(&peer.ProposalResponsePayload{Extension: action})
	actionPayload := marshal(&peer.ChaincodeActionPayload{Action: &peer.ChaincodeEndorsedAction{ProposalResponsePayload: prp}})
	payload := marshal(&common.Payload{
		Header: &common.Header{ChannelHeader: marshal(&common.ChannelHeader{ChannelId: channel, TxId: txID, Type: int32(common.HeaderType_ENDORSER_TRANSACTION)})},
		Data:   marshal(&peer.Transaction{Actions: []*peer.TransactionAction{{Payload: actionPayload}}}),
	})
	return &common.Envelope{Payload: payload}
}

func newCA(t testing.TB) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1), // the leaves' are random
		Subject:               pkix.Name{CommonName: "fake CA", Organization: []string{MSPID}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

func newLeaf(t testing.TB, ca *x509.Certificate, caKey *ecdsa.PrivateKey, tmpl *x509.Certificate) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if tmpl.SerialNumber, err = rand.Int(rand.Reader, big.NewInt(1<<62)); err != nil {
		t.Fatal(err)
	}
	tmpl.NotBefore, tmpl.NotAfter = time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func writePEM(t testing.TB, path, kind string, der []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
