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
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var (
	repoRoot    string
	networkSh   string
	runDir      string
	profilePath string
	cliPath     string
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	repoRoot = filepath.Clean(filepath.Join(wd, "..", "..", ".."))
	networkSh = filepath.Join(repoRoot, "network", "scripts", "network.sh")
	runDir = filepath.Join(repoRoot, "network", "run-test-network")
	profilePath = filepath.Join(runDir, "profile.json")
	// Every network.sh this process starts works on the test-network layout.
	os.Setenv("JUDICIAL_LAYOUT", "test-network")
	os.Unsetenv("JUDICIAL_RUN_DIR")

	started := exec.Command(networkSh, "status").Run() != nil
	if started {
		fmt.Println("testnetwork: starting the test-network layout (JUDICIAL_LAYOUT=test-network network.sh up)")
	} else {
		fmt.Println("testnetwork: reusing the running test-network layout")
	}
	// up on a running network only rebuilds the chaincode.
	if err := script("up"); err != nil {
		fmt.Fprintln(os.Stderr, "testnetwork: network.sh up failed:", err)
		return 1
	}
	if started {
		defer func() {
			if err := script("down"); err != nil {
				fmt.Fprintln(os.Stderr, "testnetwork: network.sh down failed:", err)
			}
		}()
	}

	dir, err := os.MkdirTemp("", "judicial-cli")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	cliPath = filepath.Join(dir, "judicial")
	build := exec.Command("go", "build", "-o", cliPath, "./gateway-client/cmd/judicial")
	build.Dir, build.Stdout, build.Stderr = repoRoot, os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "testnetwork: building the CLI failed:", err)
		return 1
	}
	return m.Run()
}

func script(args ...string) error {
	cmd := exec.Command(networkSh, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
