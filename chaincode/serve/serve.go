// Package serve runs the chaincode either as a service (CCaaS: the peer
// dials it, as on the judicial network) or launched by the peer (the
// classic `--lang golang` package, as on fabric-samples' test-network).
package serve

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Run serves cc. With CHAINCODE_SERVER_ADDRESS set it listens there as a
// service identified by CHAINCODE_ID; without it, the peer launched it and
// it dials the peer. A service speaks TLS with CHAINCODE_TLS_CERT and
// CHAINCODE_TLS_KEY, and then admits only the org's peers: clients that
// CHAINCODE_TLS_CLIENT_CA verifies and whose certificate is one of those
// in CHAINCODE_TLS_CLIENT_CERTS (peers.go). Without TLS (a development
// network such as fabric-samples' test-network in Docker) anyone who
// reaches the address is taken for a peer.
func Run(cc *contractapi.ContractChaincode) error {
	cc.TransactionSerializer = &Serializer{}
	address := os.Getenv("CHAINCODE_SERVER_ADDRESS")
	if address == "" {
		return cc.Start()
	}
	id := os.Getenv("CHAINCODE_ID")
	if id == "" {
		return fmt.Errorf("CHAINCODE_ID must name the installed package when CHAINCODE_SERVER_ADDRESS is set")
	}
	tlsCfg, err := serverTLS(os.Getenv)
	if err != nil {
		return err
	}
	if err := servePprof(os.Getenv("CHAINCODE_PPROF_ADDRESS")); err != nil {
		return err
	}
	server := &shim.ChaincodeServer{CCID: id, Address: address, CC: cc, TLSProps: shim.TLSProperties{Disabled: true}}
	if tlsCfg == nil {
		return server.Start()
	}
	ln, err := net.Listen("tcp", address)
	if err != nil {
		return err
	}
	return servePeers(ln, tlsCfg, server)
}

// serverTLS is the service's TLS configuration from the environment, nil
// for none. A certificate without the peers' CA and pins is refused: it
// would let any client pose as a peer.
func serverTLS(getenv func(string) string) (*tls.Config, error) {
	certFile, keyFile := getenv("CHAINCODE_TLS_CERT"), getenv("CHAINCODE_TLS_KEY")
	caFile, pinFile := getenv("CHAINCODE_TLS_CLIENT_CA"), getenv("CHAINCODE_TLS_CLIENT_CERTS")
	switch {
	case certFile == "" && keyFile == "" && caFile == "" && pinFile == "":
		return nil, nil
	case certFile == "" || keyFile == "":
		return nil, fmt.Errorf("set both CHAINCODE_TLS_CERT and CHAINCODE_TLS_KEY, or neither")
	case caFile == "" || pinFile == "":
		return nil, fmt.Errorf("CHAINCODE_TLS_CLIENT_CA and CHAINCODE_TLS_CLIENT_CERTS must both be set with TLS: the CA that issued the org's peers' client certificates and those certificates themselves; without them any client could pose as a peer")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("CHAINCODE_TLS_CERT and CHAINCODE_TLS_KEY: %w", err)
	}
	caPEM, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("reading CHAINCODE_TLS_CLIENT_CA: %w", err)
	}
	cas := x509.NewCertPool()
	if !cas.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("CHAINCODE_TLS_CLIENT_CA %s holds no PEM certificate", caFile)
	}
	pinPEM, err := os.ReadFile(pinFile)
	if err != nil {
		return nil, fmt.Errorf("reading CHAINCODE_TLS_CLIENT_CERTS: %w", err)
	}
	pins, err := ReadPeerPins(pinPEM)
	if err != nil {
		return nil, fmt.Errorf("CHAINCODE_TLS_CLIENT_CERTS %s: %w", pinFile, err)
	}
	return pins.tlsConfig(cert, cas), nil
}

// servePprof serves Go's profiles on a loopback address, when one is
// given: what the chaincode costs beside the peer's own profile is found
// by profiling both under the same load. A profile names functions, not
// data; still, only loopback is accepted.
func servePprof(address string) error {
	if address == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		return fmt.Errorf("CHAINCODE_PPROF_ADDRESS %q must be a loopback address with a port (e.g. 127.0.0.1:19999)", address)
	}
	ln, err := net.Listen("tcp", address)
	if err != nil {
		return fmt.Errorf("profiling endpoint: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	go http.Serve(ln, mux)
	return nil
}
