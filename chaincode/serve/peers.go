package serve

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"slices"
	"time"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/keepalive"
)

// A chaincode server must talk only to its org's peers: a peer asks it
// for every transaction and answers every state read it makes, so a
// connection that passes for a peer can make the chaincode compute what
// it likes (the pseudonym of any ID number) and feed it what it likes (a
// pseudonym key of its own). Checking the client certificate against the
// org's CA is not enough: the same CA enrols every clerk and bank officer,
// Fabric CA's enrolment certificates carry no extended key usage, and Go
// accepts a certificate without one for client authentication. So the
// server pins the certificates its peers present, those of the
// connection.json the org packaged (CHAINCODE_TLS_CLIENT_CERTS), and
// also requires them to be client-authentication certificates of the
// org's CA. The shim's own server can do neither; this one serves the
// shim's chaincode stream (shim.ChaincodeServer.Connect) behind its own
// TLS configuration, with the shim's gRPC settings.

// PeerPins are the SHA-256 fingerprints of the certificates a server's
// peers may present.
type PeerPins [][sha256.Size]byte

// ReadPeerPins reads the certificates in a PEM file and pins each.
func ReadPeerPins(pemData []byte) (PeerPins, error) {
	var pins PeerPins
	for rest := pemData; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return nil, fmt.Errorf("a certificate of the peers' is unreadable: %w", err)
		}
		pins = append(pins, sha256.Sum256(block.Bytes))
	}
	if len(pins) == 0 {
		return nil, errors.New("it holds no PEM certificate")
	}
	return pins, nil
}

// verifyPeer accepts a client certificate that the CA verified (the chains
// are Go's), that is meant for client authentication, and that is one of
// the pinned.
func (pins PeerPins) verifyPeer(_ [][]byte, chains [][]*x509.Certificate) error {
	if len(chains) == 0 || len(chains[0]) == 0 {
		return errors.New("no client certificate: only the org's peers may connect")
	}
	leaf := chains[0][0]
	if !slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageClientAuth) {
		return fmt.Errorf("the client certificate of %q is not a TLS client certificate (no clientAuth extended key usage): an enrolment certificate does not make a peer", leaf.Subject.CommonName)
	}
	fp := sha256.Sum256(leaf.Raw)
	if !slices.Contains(pins, fp) {
		return fmt.Errorf("the client certificate of %q (SHA-256 %s) is not one of the org's peers' (CHAINCODE_TLS_CLIENT_CERTS)",
			leaf.Subject.CommonName, hex.EncodeToString(fp[:]))
	}
	return nil
}

// tlsConfig is the server's TLS: its own certificate, and clients that
// the CA verifies and the pins admit.
func (pins PeerPins) tlsConfig(cert tls.Certificate, clientCAs *x509.CertPool) *tls.Config {
	return &tls.Config{
		Certificates:          []tls.Certificate{cert},
		ClientAuth:            tls.RequireAndVerifyClientCert,
		ClientCAs:             clientCAs,
		VerifyPeerCertificate: pins.verifyPeer,
		MinVersion:            tls.VersionTLS12,
	}
}

// The shim's server settings (shim/internal/server.go), kept so that the
// peer sees the same server it would with shim.ChaincodeServer.
const (
	maxMessage        = 100 << 20
	connectionTimeout = 5 * time.Second
)

// servePeers serves the chaincode stream on ln to the peers tlsCfg admits.
func servePeers(ln net.Listener, tlsCfg *tls.Config, cs *shim.ChaincodeServer) error {
	server := grpc.NewServer(
		grpc.Creds(credentials.NewTLS(tlsCfg)),
		grpc.KeepaliveParams(keepalive.ServerParameters{Time: time.Minute, Timeout: 20 * time.Second}),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: time.Minute, PermitWithoutStream: true}),
		grpc.MaxSendMsgSize(maxMessage),
		grpc.MaxRecvMsgSize(maxMessage),
		grpc.ConnectionTimeout(connectionTimeout),
	)
	peer.RegisterChaincodeServer(server, cs)
	return server.Serve(ln)
}
