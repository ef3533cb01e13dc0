//go:build integration

package integration

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/stretchr/testify/require"
)

// as connects as one identity of one org through that org's first peer,
// once every running peer has committed what the last test submitted.
func as(t *testing.T, org, identity string, opts ...gateway.Option) *gateway.Client {
	t.Helper()
	settle(t)
	p, err := profile.Load(profilePath)
	require.NoError(t, err)
	c, err := gateway.Connect(p, org, identity, opts...)
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

// watchers are one auditor connection to each peer, kept for the whole
// run: synced asks them for their height after every submit.
var watchers = sync.OnceValues(func() ([]*gateway.Client, error) {
	p, err := profile.Load(profilePath)
	if err != nil {
		return nil, err
	}
	var out []*gateway.Client
	for _, w := range [][3]string{{"CourtMSP", "auditor", "peer0.court"}, {"CourtMSP", "auditor", "peer1.court"}, {"MediationMSP", "auditor", ""}, {"CreditMSP", "auditor", ""}} {
		c, err := gateway.Connect(p, w[0], w[1], gateway.WithPeer(w[2]))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
})

// synced waits until every peer of the network has committed block: a
// submit returns once the gateway peer committed, the others follow by
// gossip and delivery a moment later, and a transaction that another
// org's peer endorses before then reads stale state (its endorsements
// then differ, "ProposalResponsePayloads do not match").
func synced(t *testing.T, block uint64) {
	t.Helper()
	clients, err := watchers()
	require.NoError(t, err)
	for _, c := range clients {
		require.Eventually(t, func() bool {
			h, err := c.Height(ctx(t))
			return err == nil && h > block
		}, 30*time.Second, 20*time.Millisecond, "%s did not reach block %d", c.Peer().Name, block)
	}
}

// settle waits, for up to 30 seconds, until every peer that answers has
// the same height. A test's cleanup submits (a parameter put back) and
// then the next test's first transaction, endorsed by another org's peer,
// would otherwise read the parameter's old version. A peer a test has
// stopped does not answer and is left out.
func settle(t *testing.T) {
	t.Helper()
	clients, err := watchers()
	require.NoError(t, err)
	deadline := time.Now().Add(30 * time.Second)
	for {
		heights := map[uint64]bool{}
		for _, c := range clients {
			cx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			h, err := c.Height(cx)
			cancel()
			if err == nil {
				heights[h] = true
			}
		}
		if len(heights) <= 1 || time.Now().After(deadline) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
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
