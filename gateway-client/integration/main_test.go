//go:build integration

// Package integration tests the chaincode and the client against the real
// network: Fabric peer, orderer and CA binaries running as processes on
// 127.0.0.1. It reuses a network started by `make network-up`, or starts
// one and stops it afterwards.
package integration

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
	repoRoot = filepath.Clean(filepath.Join(wd, "..", ".."))
	networkSh = filepath.Join(repoRoot, "network", "scripts", "network.sh")
	// The judicial layout, whatever the caller's shell chose.
	os.Unsetenv("JUDICIAL_LAYOUT")
	profilePath = filepath.Join(repoRoot, "network", "run", "profile.json")

	started := false
	if err := exec.Command(networkSh, "status").Run(); err != nil {
		fmt.Println("integration: starting the network (network.sh up)")
		if err := script("up"); err != nil {
			fmt.Fprintln(os.Stderr, "integration: network.sh up failed:", err)
			return 1
		}
		started = true
	} else {
		// up on a running network only rebuilds the chaincode, restarting
		// its servers if the sources changed since they started.
		fmt.Println("integration: reusing the running network")
		if err := script("up"); err != nil {
			fmt.Fprintln(os.Stderr, "integration: network.sh up failed:", err)
			return 1
		}
	}
	if started {
		defer func() {
			if err := script("down"); err != nil {
				fmt.Fprintln(os.Stderr, "integration: network.sh down failed:", err)
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
		fmt.Fprintln(os.Stderr, "integration: building the CLI failed:", err)
		return 1
	}
	return m.Run()
}

// script runs network.sh with its output on the test's output.
func script(args ...string) error {
	cmd := exec.Command(networkSh, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
