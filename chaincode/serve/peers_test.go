package serve

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// issuer makes certificates as an org's Fabric CA does: enrolment
// certificates without extended key usage, TLS certificates with it.
type issuer struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newIssuer(t *testing.T, name string) *issuer {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return &issuer{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue makes a certificate and its key for name, for the usages given
// (none: an enrolment certificate).
func (i *issuer) issue(t *testing.T, name string, usages ...x509.ExtKeyUsage) (tls.Certificate, []byte) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: name}, ExtKeyUsage: usages,
		KeyUsage: x509.KeyUsageDigitalSignature, DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, i.cert, &key.PublicKey, i.key)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

type idle struct{}

func (idle) Init(shim.ChaincodeStubInterface) *peer.Response   { return nil }
func (idle) Invoke(shim.ChaincodeStubInterface) *peer.Response { return nil }

// serveForPeers starts a chaincode server as Run does, from files and the
// environment it reads, and returns its address.
func serveForPeers(t *testing.T, ca *issuer, server tls.Certificate, peerPEM []byte) string {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, data, 0o600))
		return path
	}
	keyDER, err := x509.MarshalECPrivateKey(server.PrivateKey.(*ecdsa.PrivateKey))
	require.NoError(t, err)
	env := map[string]string{
		"CHAINCODE_TLS_CERT":         write("server.crt", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: server.Certificate[0]})),
		"CHAINCODE_TLS_KEY":          write("server.key", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})),
		"CHAINCODE_TLS_CLIENT_CA":    write("ca.pem", ca.pem),
		"CHAINCODE_TLS_CLIENT_CERTS": write("peers.pem", peerPEM),
	}
	cfg, err := serverTLS(func(k string) string { return env[k] })
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go servePeers(ln, cfg, &shim.ChaincodeServer{CCID: "judicial_1:abc", CC: idle{}})
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String()
}

// connect dials the server as a peer does and reads the first message of
// the chaincode stream: the chaincode registering itself, if the server
// took the client for a peer.
func connect(t *testing.T, address string, ca *issuer, client tls.Certificate) (*peer.ChaincodeMessage, error) {
	roots := x509.NewCertPool()
	roots.AddCert(ca.cert)
	conn, err := grpc.NewClient(address, grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{client}, RootCAs: roots, ServerName: "localhost"})))
	require.NoError(t, err)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	stream, err := peer.NewChaincodeClient(conn).Connect(ctx)
	if err != nil {
		return nil, err
	}
	return stream.Recv()
}

// The server admits the org's peers and no one else its CA enrolled: a
// clerk's or bank officer's enrolment certificate (no extended key usage,
// which Go would accept for client authentication), another TLS client
// certificate of the same CA (an admin's), a pinned certificate of another
// CA, and no certificate at all are refused before the chaincode speaks.
func TestOnlyTheOrgsPeersConnect(t *testing.T) {
	ca, stranger := newIssuer(t, "ca.court"), newIssuer(t, "ca.elsewhere")
	server, _ := ca.issue(t, "chaincode", x509.ExtKeyUsageServerAuth)
	peerCert, peerPEM := ca.issue(t, "ccpeer", x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth)
	forged, forgedPEM := stranger.issue(t, "ccpeer", x509.ExtKeyUsageClientAuth)
	address := serveForPeers(t, ca, server, append(peerPEM, forgedPEM...))

	msg, err := connect(t, address, ca, peerCert)
	require.NoError(t, err)
	require.Equal(t, peer.ChaincodeMessage_REGISTER, msg.Type, "the peer is served")

	clerk, _ := ca.issue(t, "clerk1")
	admin, _ := ca.issue(t, "admin", x509.ExtKeyUsageClientAuth)
	for name, cert := range map[string]tls.Certificate{"a clerk's enrolment certificate": clerk,
		"an admin's TLS certificate": admin, "a pinned certificate of another CA": forged, "no certificate": {}} {
		_, err := connect(t, address, ca, cert)
		require.Error(t, err, name)
	}
}

func TestTLSWithoutThePeersIsRefused(t *testing.T) {
	env := map[string]string{"CHAINCODE_TLS_CERT": "server.crt", "CHAINCODE_TLS_KEY": "server.key", "CHAINCODE_TLS_CLIENT_CA": "ca.pem"}
	_, err := serverTLS(func(k string) string { return env[k] })
	require.ErrorContains(t, err, "any client could pose as a peer")

	cfg, err := serverTLS(func(string) string { return "" })
	require.NoError(t, err)
	require.Nil(t, cfg, "no TLS at all: a development network")

	_, err = ReadPeerPins([]byte("not a certificate"))
	require.ErrorContains(t, err, "no PEM certificate")
}
