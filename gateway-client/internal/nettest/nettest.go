// Package nettest runs the project's native Fabric network for the test
// suites that need the real one (integration, faults, testnetwork): it
// starts a layout's network unless it runs, stops only what it started,
// and builds the CLI the tests drive. Every command it runs names its
// layout, whatever the caller's shell set.
package nettest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Main is a suite's TestMain: the layout's network up (or reused), the CLI
// built, ready called with both, the tests run, and then what Up started
// stopped. It returns the exit code.
func Main(m *testing.M, layout string, ready func(n *Network, cli string)) int {
	n, err := Up(layout)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() {
		if err := n.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}()
	cli, err := n.BuildCLI()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ready(n, cli)
	return m.Run()
}

// Network is one layout's network, driven through network/scripts/network.sh.
type Network struct {
	Root    string // the repository
	Layout  string // a file of network/layouts: "judicial", "test-network"
	RunDir  string // the layout's run folder
	started bool
	tmp     string // BuildCLI's folder
}

// Up starts the layout's network, or on a running one rebuilds the
// chaincode (restarting its servers if the sources changed since).
func Up(layout string) (*Network, error) {
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	n := &Network{Root: root, Layout: layout, RunDir: filepath.Join(root, "network", "run")}
	if layout != "judicial" {
		n.RunDir += "-" + layout
	}
	n.started = n.Command("status").Run() != nil
	if n.started {
		fmt.Printf("starting the network of layout %s (network.sh up)\n", layout)
	} else {
		fmt.Printf("reusing the running network of layout %s\n", layout)
	}
	if err := n.Script("up"); err != nil {
		return nil, fmt.Errorf("network.sh up (layout %s): %w", layout, err)
	}
	return n, nil
}

// Close removes the CLI BuildCLI built, and stops the network if Up
// started it.
func (n *Network) Close() error {
	if n.tmp != "" {
		os.RemoveAll(n.tmp)
	}
	if !n.started {
		return nil
	}
	if err := n.Script("down"); err != nil {
		return fmt.Errorf("network.sh down (layout %s): %w", n.Layout, err)
	}
	return nil
}

// Profile is the connection profile the layout's network writes.
func (n *Network) Profile() string { return filepath.Join(n.RunDir, "profile.json") }

// Command is network.sh with args, for the layout.
func (n *Network) Command(args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(n.Root, "network", "scripts", "network.sh"), args...)
	cmd.Env = append(os.Environ(), "JUDICIAL_LAYOUT="+n.Layout, "JUDICIAL_RUN_DIR=")
	return cmd
}

// Script runs network.sh with its output on the test's.
func (n *Network) Script(args ...string) error {
	cmd := n.Command(args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// BuildCLI builds the judicial CLI into a folder of its own, which Close
// removes, and returns its path.
func (n *Network) BuildCLI() (string, error) {
	dir, err := os.MkdirTemp("", "judicial-cli")
	if err != nil {
		return "", err
	}
	n.tmp = dir
	path := filepath.Join(dir, "judicial")
	build := exec.Command("go", "build", "-o", path, "./gateway-client/cmd/judicial")
	build.Dir, build.Stdout, build.Stderr = n.Root, os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("building the CLI: %w", err)
	}
	return path, nil
}

// repoRoot is the folder above the working directory (go test runs in
// the package's) that holds the module's go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}
