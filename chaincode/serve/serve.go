// Package serve runs the chaincode either as a service (CCaaS: the peer
// dials it, as on the judicial network) or launched by the peer (the
// classic `--lang golang` package, as on fabric-samples' test-network).
package serve

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Run serves cc. With CHAINCODE_SERVER_ADDRESS set it listens there as a
// service identified by CHAINCODE_ID, with TLS from CHAINCODE_TLS_CERT and
// CHAINCODE_TLS_KEY (and CHAINCODE_TLS_CLIENT_CA to require peers' client
// certificates); without it, the peer launched it and it dials the peer.
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
	tls, err := tlsProperties()
	if err != nil {
		return err
	}
	if err := servePprof(os.Getenv("CHAINCODE_PPROF_ADDRESS")); err != nil {
		return err
	}
	server := &shim.ChaincodeServer{CCID: id, Address: address, CC: cc, TLSProps: tls}
	return server.Start()
}

func tlsProperties() (shim.TLSProperties, error) {
	certFile, keyFile := os.Getenv("CHAINCODE_TLS_CERT"), os.Getenv("CHAINCODE_TLS_KEY")
	if certFile == "" && keyFile == "" {
		return shim.TLSProperties{Disabled: true}, nil
	}
	if certFile == "" || keyFile == "" {
		return shim.TLSProperties{}, fmt.Errorf("set both CHAINCODE_TLS_CERT and CHAINCODE_TLS_KEY, or neither")
	}
	props := shim.TLSProperties{}
	var err error
	if props.Cert, err = os.ReadFile(certFile); err != nil {
		return props, fmt.Errorf("reading CHAINCODE_TLS_CERT: %w", err)
	}
	if props.Key, err = os.ReadFile(keyFile); err != nil {
		return props, fmt.Errorf("reading CHAINCODE_TLS_KEY: %w", err)
	}
	if ca := os.Getenv("CHAINCODE_TLS_CLIENT_CA"); ca != "" {
		if props.ClientCACerts, err = os.ReadFile(ca); err != nil {
			return props, fmt.Errorf("reading CHAINCODE_TLS_CLIENT_CA: %w", err)
		}
	}
	return props, nil
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
