//go:build testnetwork

// Package testnetwork runs a subset of the integration tests against the
// native reproduction of fabric-samples' test-network
// (JUDICIAL_LAYOUT=test-network, network/layouts/test-network.sh): orgs
// Org1MSP and Org2MSP, one Raft orderer, channel mychannel, test-network's
// ports and organizations/ folder. The client reads
// test-network-config/profile.json unchanged and uses only the identities
// it names; the chaincode maps the court to Org1 and mediation and credit
// to Org2, as test-network-config/README.md describes. What this proves
// and what only a Docker run of test-network would: that README.
//
// It reuses a network started by `make test-network-up`, or starts one
// and stops it afterwards (make test-on-test-network).
package testnetwork

import (
	"os"
	"testing"

	"github.com/courtchain/judicial/gateway-client/internal/nettest"
)

var (
	repoRoot    string
	runDir      string
	profilePath string
	cliPath     string
)

func TestMain(m *testing.M) {
	os.Exit(nettest.Main(m, "test-network", func(n *nettest.Network, cli string) {
		repoRoot, runDir, profilePath, cliPath = n.Root, n.RunDir, n.Profile(), cli
	}))
}
