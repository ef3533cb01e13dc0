//go:build integration

// Package integration tests the chaincode and the client against the real
// network: Fabric peer, orderer and CA binaries running as processes on
// 127.0.0.1. It reuses a network started by `make network-up`, or starts
// one and stops it afterwards.
package integration

import (
	"os"
	"testing"

	"github.com/courtchain/judicial/gateway-client/internal/nettest"
)

var (
	network     *nettest.Network
	repoRoot    string
	profilePath string
	cliPath     string
)

func TestMain(m *testing.M) {
	os.Exit(nettest.Main(m, "judicial", func(n *nettest.Network, cli string) {
		network, repoRoot, profilePath, cliPath = n, n.Root, n.Profile(), cli
	}))
}
