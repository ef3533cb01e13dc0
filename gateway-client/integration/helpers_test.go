//go:build integration

package integration

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/courtchain/judicial/gateway-client/judicial"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/stretchr/testify/require"
)

// as connects as one identity of one org through that org's first peer.
func as(t *testing.T, org, identity string, opts ...judicial.Option) *judicial.Client {
	t.Helper()
	p, err := profile.Load(profilePath)
	require.NoError(t, err)
	c, err := judicial.Connect(p, org, identity, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return c
}

var unique atomic.Int64

// freshDigest is a digest no earlier run anchored: the ledger outlives test runs.
func freshDigest(t *testing.T) []byte {
	d := sha256.Sum256([]byte(fmt.Sprintf("%s %d %d", t.Name(), time.Now().UnixNano(), unique.Add(1))))
	return d[:]
}

// cli runs the judicial command with the test network's profile.
func cli(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(cliPath, append([]string{"--profile", profilePath}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running judicial %s: %v", strings.Join(args, " "), err)
	}
	return string(out), code
}
