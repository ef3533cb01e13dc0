//go:build faults

// Package faults injects node failures into the running network under a
// steady load and counts what the clients saw and what the ledger kept:
// SIGKILL of the Raft leader, SIGSTOP of a follower orderer for 20 s, SIGKILL
// of a gateway peer, SIGKILL of one org's chaincode server, and a full stop
// and start. After each, every acknowledged write must be on every peer,
// the peers must agree, and the figures go to the report docs/reliability.md
// quotes. Run with `make test-faults` (after the integration tests: it
// reuses their network or starts one).
package faults

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/nettest"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/stretchr/testify/require"
)

var (
	network                 *nettest.Network
	profilePath, reportPath string
)

func TestMain(m *testing.M) {
	os.Exit(nettest.Main(m, "judicial", func(n *nettest.Network, _ string) {
		network, profilePath = n, n.Profile()
		reportPath = filepath.Join(n.RunDir, "faults-report.md")
		os.Remove(reportPath)
	}))
}

// connect is a client of one org, on all its gateway peers unless pinned.
func connect(t *testing.T, org, identity string, opts ...gateway.Option) *gateway.Client {
	t.Helper()
	p, err := profile.Load(profilePath)
	require.NoError(t, err)
	c, err := gateway.Connect(p, org, identity, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// anchorer is one client of the steady load: it anchors fresh digests one
// after another and keeps what was acknowledged and what failed.
type anchorer struct {
	name   string
	org    string
	client *gateway.Client
	ev     *evidence.Client

	mu      sync.Mutex
	acked   []string // digests
	failed  []string // errors
	pending []string // transactions whose commit the call could not confirm
	longest time.Duration
	calls   int
}

func (a *anchorer) loop(ctx context.Context) {
	for ctx.Err() == nil {
		d := make([]byte, 32)
		rand.Read(d)
		digest := hex.EncodeToString(d)
		start := time.Now()
		_, err := a.ev.Anchor(context.WithoutCancel(ctx), evidenceapi.AnchorRequest{Algorithm: api.SHA256, Digest: digest, Kind: evidenceapi.KindElectronicEvidence, Size: 1})
		took := time.Since(start)
		a.mu.Lock()
		a.calls++
		a.longest = max(a.longest, took)
		var pe *gateway.PendingError
		if errors.As(err, &pe) {
			a.pending = append(a.pending, pe.TxID)
		}
		if err != nil {
			a.failed = append(a.failed, fmt.Sprintf("%s after %s: %v", a.name, took.Round(time.Millisecond), err))
		} else {
			a.acked = append(a.acked, digest)
		}
		a.mu.Unlock()
	}
}

// load is the steady load of one scenario.
type load struct {
	anchorers []*anchorer
	cancel    context.CancelFunc
	wg        sync.WaitGroup
}

// startLoad runs six clients: three of the court (on both its peers),
// two of the mediation centre, one of the credit org.
func startLoad(t *testing.T) *load {
	t.Helper()
	l := &load{}
	for _, c := range []struct{ name, org, identity string }{
		{"court-1", "CourtMSP", "clerk1"}, {"court-2", "CourtMSP", "clerk1"}, {"court-3", "CourtMSP", "officer1"},
		{"mediation-1", "MediationMSP", "mediator1"}, {"mediation-2", "MediationMSP", "mediator1"},
		{"credit-1", "CreditMSP", "bank1"},
	} {
		client := connect(t, c.org, c.identity)
		l.anchorers = append(l.anchorers, &anchorer{name: c.name, org: c.org, client: client, ev: evidence.New(client)})
	}
	ctx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	for _, a := range l.anchorers {
		l.wg.Add(1)
		go func() { defer l.wg.Done(); a.loop(ctx) }()
	}
	return l
}

// stop ends the load once every call in flight has its outcome.
func (l *load) stop() { l.cancel(); l.wg.Wait() }

// outcome is what one scenario's clients saw.
type outcome struct {
	calls, acked int
	// pending are calls that ended unconfirmed; landed, those of them
	// found committed afterwards (each at most once: a transaction ID
	// commits once).
	pending, landed int
	failures        map[string][]string // org: errors
	longest         time.Duration
}

func (l *load) outcome() outcome {
	o := outcome{failures: map[string][]string{}}
	for _, a := range l.anchorers {
		o.calls += a.calls
		o.acked += len(a.acked)
		o.longest = max(o.longest, a.longest)
		o.pending += len(a.pending)
		if len(a.failed) > 0 {
			o.failures[a.org] = append(o.failures[a.org], a.failed...)
		}
	}
	return o
}

func (o outcome) failed() int {
	n := 0
	for _, f := range o.failures {
		n += len(f)
	}
	return n
}

// verify checks that every acknowledged anchoring is on every peer and
// that the peers hold the same chain.
func verify(t *testing.T, l *load) {
	t.Helper()
	p, err := profile.Load(profilePath)
	require.NoError(t, err)
	for _, org := range p.OrgNames() {
		for _, peer := range p.Organizations[org].PeerNames() {
			ev := evidence.New(connect(t, org, "auditor", gateway.WithPeer(peer)))
			require.Eventually(t, func() bool {
				_, err := ev.Lookup(context.Background(), api.SHA256, l.anchorers[0].lastAcked())
				return err == nil
			},
				60*time.Second, 500*time.Millisecond, "%s catches up", peer)
			for _, a := range l.anchorers {
				for _, d := range a.acked {
					v, err := ev.Lookup(context.Background(), api.SHA256, d)
					require.NoError(t, err, "%s: acknowledged by %s", peer, a.name)
					require.Equal(t, evidenceapi.Anchored, v.Verdict, "%s: digest %s acknowledged by %s is lost", peer, d, a.name)
				}
			}
		}
	}
	var refs []audit.PeerRef
	for _, org := range p.OrgNames() {
		for _, peer := range p.Organizations[org].PeerNames() {
			refs = append(refs, audit.PeerRef{Org: org, Peer: peer, Ledger: connect(t, org, "auditor", gateway.WithPeer(peer))})
		}
	}
	require.Eventually(t, func() bool {
		r := audit.Consistency(context.Background(), refs, 16)
		return r.Divergent == 0 && r.Unreachable == 0 && sameHeight(r)
	}, 60*time.Second, time.Second, "the peers agree, at one height")
}

// landed counts the pending transactions that committed after all.
func landed(t *testing.T, l *load) int {
	t.Helper()
	n := 0
	for _, a := range l.anchorers {
		for _, tx := range a.pending {
			if _, err := a.client.BlockOfTransaction(context.Background(), tx); err == nil {
				n++
			}
		}
	}
	return n
}

func sameHeight(r *audit.ConsistencyReport) bool {
	for _, p := range r.Peers {
		if p.Height != r.Peers[0].Height {
			return false
		}
	}
	return true
}

func (a *anchorer) lastAcked() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.acked) == 0 {
		return strings.Repeat("0", 64)
	}
	return a.acked[len(a.acked)-1]
}

// pid reads a node's process ID.
func pid(t *testing.T, node string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(network.RunDir, "pids", node+".pid"))
	require.NoError(t, err)
	n, err := strconv.Atoi(strings.TrimSpace(string(data)))
	require.NoError(t, err)
	return n
}

// leader is the orderer that leads the channel's Raft now, from the
// operations endpoints' metrics.
func leader(t *testing.T) (string, []string) {
	t.Helper()
	ports := map[string]int{"orderer1": 17050, "orderer2": 17150, "orderer3": 17250}
	var lead string
	var followers []string
	for _, node := range []string{"orderer1", "orderer2", "orderer3"} {
		res, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", ports[node]))
		require.NoError(t, err)
		body := new(strings.Builder)
		_, err = fmt.Fprint(body, readAll(t, res))
		require.NoError(t, err)
		if regexp.MustCompile(`(?m)^consensus_etcdraft_is_leader\{channel="judicial"\} 1$`).MatchString(body.String()) {
			lead = node
		} else {
			followers = append(followers, node)
		}
	}
	require.NotEmpty(t, lead, "no Raft leader")
	return lead, followers
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

// healthy waits until network status says every node is OK and returns
// how long that took.
func healthy(t *testing.T, since time.Time, within time.Duration) time.Duration {
	t.Helper()
	require.Eventually(t, func() bool { return network.Command("status").Run() == nil }, within, 500*time.Millisecond, "the network is not healthy again")
	return time.Since(since)
}

// scenario runs the load, injects a fault after a few seconds, keeps the
// load on through recovery, verifies and reports.
func scenario(t *testing.T, name string, inject func(t *testing.T) (recovered time.Duration)) outcome {
	l := startLoad(t)
	time.Sleep(3 * time.Second)
	recovered := inject(t)
	time.Sleep(5 * time.Second)
	l.stop()
	o := l.outcome()
	verify(t, l)
	o.landed = landed(t, l)
	report(t, name, o, recovered)
	return o
}

var reportMu sync.Mutex

func report(t *testing.T, name string, o outcome, recovered time.Duration) {
	reportMu.Lock()
	defer reportMu.Unlock()
	orgs := make([]string, 0, len(o.failures))
	for org, f := range o.failures {
		orgs = append(orgs, fmt.Sprintf("%s %d", org, len(f)))
	}
	sort.Strings(orgs)
	line := fmt.Sprintf("| %s | %d | %d | 0 | %d (%.2f %%) %s | %d (%d committed later) | %s | %s |\n", name, o.calls, o.acked, o.failed(),
		100*float64(o.failed())/float64(max(o.calls, 1)), strings.Join(orgs, ", "), o.pending, o.landed, o.longest.Round(10*time.Millisecond), recovered.Round(100*time.Millisecond))
	t.Log(strings.TrimSpace(line))
	for _, fs := range o.failures {
		for i, f := range fs {
			if i < 3 {
				t.Log("  " + f)
			}
		}
	}
	f, err := os.OpenFile(reportPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		info, _ := f.Stat()
		if info.Size() == 0 {
			fmt.Fprintln(f, "| fault | calls | acknowledged | acknowledged and lost | client-visible failures | of which pending | longest call | recovered in |")
			fmt.Fprintln(f, "|---|---|---|---|---|---|---|---|")
		}
		f.WriteString(line)
		f.Close()
	}
}

func signal(t *testing.T, node string, sig syscall.Signal) {
	t.Helper()
	require.NoError(t, syscall.Kill(pid(t, node), sig), "%s %s", sig, node)
}

// The Raft leader dies: a new one is elected, transactions in flight are
// submitted again by their clients, nothing acknowledged is lost.
func TestRaftLeaderKilled(t *testing.T) {
	lead, _ := leader(t)
	o := scenario(t, "SIGKILL of the Raft leader ("+lead+")", func(t *testing.T) time.Duration {
		start := time.Now()
		signal(t, lead, syscall.SIGKILL)
		return healthy(t, start, 60*time.Second)
	})
	require.LessOrEqual(t, float64(o.failed()), 0.01*float64(o.calls), "at most 1%% of calls fail: %v", o.failures)
	require.Less(t, o.longest, bound)
}

// bound is the longest a call may take: the client's 20 s, and the
// moment it takes to report.
const bound = 20*time.Second + 500*time.Millisecond

// A follower orderer freezes for 20 s and thaws. A peer that was pulling
// blocks from it stalls with it, so a client whose org has that one peer
// may see its commit unconfirmed (PendingError): it commits later, once.
func TestFollowerOrdererFrozen(t *testing.T) {
	_, followers := leader(t)
	node := followers[0]
	o := scenario(t, "SIGSTOP of a follower orderer ("+node+") for 20 s", func(t *testing.T) time.Duration {
		signal(t, node, syscall.SIGSTOP)
		time.Sleep(20 * time.Second)
		start := time.Now()
		signal(t, node, syscall.SIGCONT)
		return healthy(t, start, 60*time.Second)
	})
	require.LessOrEqual(t, float64(o.failed()), 0.01*float64(o.calls), "at most 1%% of calls fail: %v", o.failures)
	require.Equal(t, o.failed(), o.pending, "the only failures are unconfirmed commits: %v", o.failures)
	require.Less(t, o.longest, bound)
}

// The court's first gateway peer dies: its clients go on through the
// court's other peer without one failure.
func TestGatewayPeerKilled(t *testing.T) {
	o := scenario(t, "SIGKILL of a gateway peer (peer0.court)", func(t *testing.T) time.Duration {
		start := time.Now()
		signal(t, "peer0.court", syscall.SIGKILL)
		return healthy(t, start, 60*time.Second)
	})
	require.Empty(t, o.failures["CourtMSP"], "court clients see no failure")
	require.Less(t, o.longest, bound)
}

// One org's chaincode server dies: the other orgs' calls go on; it is
// back within 10 s.
func TestChaincodeServerKilled(t *testing.T) {
	var back time.Duration
	o := scenario(t, "SIGKILL of one org's chaincode server (chaincode.mediation)", func(t *testing.T) time.Duration {
		start := time.Now()
		signal(t, "chaincode.mediation", syscall.SIGKILL)
		back = healthy(t, start, 30*time.Second)
		return back
	})
	require.Empty(t, o.failures["CourtMSP"], "the court's path is unaffected")
	require.Empty(t, o.failures["CreditMSP"], "the credit org's path is unaffected")
	require.Less(t, back, 10*time.Second)
}

// The whole network stops and starts: everything acknowledged is back,
// the peers agree, within a minute.
func TestFullStopAndStart(t *testing.T) {
	l := startLoad(t)
	time.Sleep(5 * time.Second)
	l.stop()
	start := time.Now()
	require.NoError(t, network.Script("down"))
	require.NoError(t, network.Script("up"))
	took := time.Since(start)
	verify(t, l)
	report(t, "full stop and start (no load during it)", l.outcome(), took)
	require.Zero(t, l.outcome().failed())
	require.Less(t, took, 60*time.Second)
}
