package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/stretchr/testify/require"
)

// The people a run lists are valid resident ID numbers of adults, each
// index its own number; the numbers a check draws as unlisted are none of
// the listed ones.
func TestPersonsAreDistinctValidAdults(t *testing.T) {
	gcd := func(a, b int) int {
		for b != 0 {
			a, b = b, a%b
		}
		return a
	}
	require.Equal(t, 1, gcd(idStride, idSpace), "the stride visits every number of the space")
	require.LessOrEqual(t, firstBirth.AddDate(0, 0, birthDays-1).Year(), 1999)

	now := time.Now()
	seen := map[string]bool{}
	p := newPersons(0xfeedface)
	const n = 200_000
	for i := range n {
		id := p.id(i)
		require.False(t, seen[id], "person %d repeats an earlier number", i)
		seen[id] = true
		require.NoError(t, idnumber.Validate(id), "person %d", i)
		require.NoError(t, idnumber.AdultAt(id, now), "person %d", i)
	}
	for range 10_000 {
		require.False(t, seen[p.unlisted(n)])
	}
	require.NotEqual(t, p.id(0), newPersons(0xfeedfacf).id(0), "another seed, other people")
	require.Equal(t, p.id(idSpace-1), newPersons(0xfeedface).id(idSpace-1), "the last index is in the space")
}

func TestCheckCharacterIsTheStandardsOne(t *testing.T) {
	// GB 11643-1999's examples (the second is too old to validate; its
	// check character is the rule's all the same).
	for _, id := range []string{"11010519491231002X", "440524188001010014"} {
		require.Equal(t, id[17], checkCharacter(id[:17]), id)
	}
}

func TestReservoirKeepsAUniformSample(t *testing.T) {
	small := newReservoir(10, 1)
	for i := range 7 {
		small.add(fmt.Sprint(i))
	}
	require.Equal(t, []string{"0", "1", "2", "3", "4", "5", "6"}, small.items, "fewer than its size: every digest, in order")

	r := newReservoir(1000, 42)
	const offered = 100_000
	for i := range offered {
		r.add(fmt.Sprint(i))
	}
	require.Len(t, r.items, 1000)
	require.Equal(t, offered, r.seen)
	sum, firstHalf := 0, 0
	distinct := map[string]bool{}
	for _, d := range r.items {
		var v int
		fmt.Sscan(d, &v)
		sum += v
		if v < offered/2 {
			firstHalf++
		}
		distinct[d] = true
	}
	require.Len(t, distinct, 1000)
	// Drawn from the whole stream, not its head or its tail (fixed seed:
	// the same sample every run).
	require.InDelta(t, offered/2, sum/len(r.items), offered*0.05)
	require.InDelta(t, 500, firstHalf, 60)
	require.Contains(t, distinct, r.pick())
}

func TestCompareSetsEachWorkloadAgainstPing(t *testing.T) {
	stats := func(name string, perSecond float64, errs int) Stats {
		return Stats{Name: name, PerSecond: perSecond, P50: 10 * time.Millisecond, P99: 40 * time.Millisecond, Errors: errs}
	}
	base := []Stats{stats("ping", 1000, 0), stats("verify", 500, 0), stats("check", 300, 1), stats("page", 100, 0), stats("gone", 1, 0)}
	full := []Stats{stats("ping", 900, 0), stats("verify", 400, 0), stats("check", 0, 7), stats("page", 95, 0)}
	got := compareSizes(base, full, 1.2)
	require.Len(t, got, 4, "a workload measured at one size only has no row")

	ping, verify, check, page := got[0], got[1], got[2], got[3]
	require.InDelta(t, 1000.0/900, ping.Cost, 1e-9)
	require.InDelta(t, 1, ping.CostByPing, 1e-9)
	require.InDelta(t, 1.25, verify.Cost, 1e-9)
	require.InDelta(t, 1.25/(1000.0/900), verify.CostByPing, 1e-9)
	require.False(t, verify.Within)
	require.True(t, verify.WithinByPing, "the machine slowed ping by as much")
	require.Zero(t, check.Cost, "no call succeeded at full size: no ratio")
	require.Zero(t, check.CostByPing)
	require.False(t, check.Within || check.WithinByPing)
	require.Equal(t, 8, check.Errors)
	require.True(t, page.Within && page.WithinByPing)

	_, err := json.Marshal(got)
	require.NoError(t, err, "no infinity for JSON to refuse")
	require.Empty(t, compareSizes(base, nil, 1.2))
}

func TestResourceRowsGrowthPerMillionRecordsAndPer100kListings(t *testing.T) {
	proc := func(node string, rss int64) ProcessUsage { return ProcessUsage{Node: node, PID: 1, RSS: rss} }
	base := NodeUsage{Processes: []ProcessUsage{proc("peer0.court", 100e6), proc("chaincode.court", 50e6), {Node: "peer1.court", Error: "pid 9 is not running"}},
		Ledgers: []LedgerUsage{{Peer: "peer0.court", State: 10e6, History: 1e6, Blocks: 100e6, Private: 1e5}}}
	anchored := NodeUsage{Processes: []ProcessUsage{proc("peer0.court", 300e6), proc("chaincode.court", 60e6)},
		Ledgers: []LedgerUsage{{Peer: "peer0.court", State: 208e6, History: 21e6, Blocks: 500e6, Private: 1e5}}}
	full := NodeUsage{Processes: []ProcessUsage{proc("peer0.court", 320e6), proc("chaincode.court", 62e6), proc("peer1.court", 90e6)},
		Ledgers: []LedgerUsage{{Peer: "peer0.court", State: 248e6, History: 25e6, Blocks: 560e6, Private: 40e6}}}

	rows := resourceRows(base, anchored, full, 990_000, 200_000)
	var names []string
	for _, r := range rows {
		names = append(names, r.Node+" "+r.What)
	}
	require.Equal(t, []string{"chaincode.court memory", "peer0.court memory", "peer0.court state", "peer0.court history",
		"peer0.court blocks", "peer0.court private"}, names, "peer1.court was not running at the base size")
	state := rows[2]
	require.EqualValues(t, 10e6, state.Base)
	require.EqualValues(t, 208e6, state.AfterAnchoring)
	require.EqualValues(t, 248e6, state.Full)
	require.InDelta(t, 200e6, state.PerMillionRecords, 1)
	require.InDelta(t, 20e6, state.PerHundredThousandListings, 1)

	noListings := resourceRows(base, anchored, full, 990_000, 0)
	require.Zero(t, noListings[2].PerHundredThousandListings)
	require.NotZero(t, noListings[2].PerMillionRecords)
	unread := resourceRows(base, NodeUsage{Note: "not read"}, full, 990_000, 200_000)
	require.Zero(t, unread[2].PerMillionRecords, "nothing read between anchoring and listing: no split")
}

func TestReadUsageFromPidFilesAndLedgerFolders(t *testing.T) {
	dir := t.TempDir()
	write := func(path, content string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, path)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, path), []byte(content), 0o644))
	}
	ledger := "run/nodes/peer0.court/data/ledgersData/"
	write(ledger+"stateLeveldb/000001.ldb", strings.Repeat("s", 300))
	write(ledger+"stateLeveldb/LOG", strings.Repeat("s", 20))
	write(ledger+"historyLeveldb/000001.ldb", strings.Repeat("h", 50))
	write(ledger+"chains/chains/judicial/blockfile_000000", strings.Repeat("b", 1000))
	write(ledger+"chains/index/000001.ldb", strings.Repeat("i", 24))
	write("run/nodes/peer0.court/core.yaml", "not the ledger")
	write("run/nodes/orderer1/data/ledger/chains/judicial/blockfile_000000", "an orderer's")
	write("run/pids/peer0.court.pid", "4242\n")
	write("run/pids/peer0.court.sup", "4241\n")
	write("run/pids/chaincode.court.pid", "4243")
	write("run/pids/peer1.court.pid", "999\n")
	write("run/pids/orderer1.pid", "4244\n")
	write("run/pids/ca.court.pid", "4245\n")
	write("proc/4242/status", "Name:\tpeer\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 2000000 kB\nVmRSS:\t  123456 kB\nThreads:\t30\n")
	write("proc/4243/status", "Name:\tjudicial\nVmRSS:\t 2048 kB\n")
	write("proc/4244/status", "Name:\torderer\nVmRSS:\t 1 kB\n")

	u := readUsage(filepath.Join(dir, "run/nodes"), filepath.Join(dir, "proc"))
	require.Empty(t, u.Note)
	require.Equal(t, []LedgerUsage{{Peer: "peer0.court", State: 320, History: 50, Blocks: 1024}}, u.Ledgers)
	require.Equal(t, []ProcessUsage{
		{Node: "chaincode.court", PID: 4243, Command: "judicial", RSS: 2048 * 1024},
		{Node: "peer0.court", PID: 4242, Command: "peer", RSS: 123456 * 1024},
		{Node: "peer1.court", PID: 999, Error: "pid 999 is not running"},
	}, u.Processes, "peers and chaincode servers only, by their own pid (not the supervisor's)")

	require.Contains(t, readUsage("", "/proc").Note, "--nodes not given")
	missing := readUsage(filepath.Join(dir, "elsewhere/nodes"), "/proc")
	require.Empty(t, missing.Processes)
	require.Contains(t, missing.Note, "elsewhere/nodes: no such file or directory; memory and ledger sizes not read")
}

func TestPrintScale(t *testing.T) {
	st := func(name string, perSecond float64) Stats {
		return Stats{Name: name, PerSecond: perSecond, P50: 12340 * time.Microsecond, P99: 45 * time.Millisecond}
	}
	r := ScaleReport{Court: "J0491", Target: 1.2, Clients: 32, Duration: 15 * time.Second,
		Base: ScalePhase{Records: 10000, People: 500, Listings: 1000, Height: 40, InForce: []creditapi.Count{{Court: "J0491", Kind: "dishonest", Active: 500}},
			Workloads: []Stats{st("ping", 1000), st("verify", 500)}},
		Full: ScalePhase{Records: 1000000, People: 50000, Listings: 100000, Height: 1500,
			Workloads: []Stats{st("ping", 1000), {Name: "verify", PerSecond: 350, Errors: 2, FirstError: "boom"}}},
	}
	r.Comparison = compareSizes(r.Base.Workloads, r.Full.Workloads, 1.2)
	r.Resources = []ResourceRow{{Node: "peer0.court", What: "state", Base: 4e6, Full: 600e6, PerMillionRecords: 550e6, PerHundredThousandListings: 12.5e6}}
	r.Base.Usage.Note = "--nodes not given: memory and ledger sizes not read"
	var out bytes.Buffer
	PrintScale(&out, r)
	text := out.String()
	require.Contains(t, text, "base size: 10000 records and 500 people (1000 listings) added by this run; height 40; 500 dishonest listings of court J0491 in force\n")
	require.Contains(t, text, "ping           1000.0    12.3ms      45ms       1000.0    12.3ms      45ms   1.00×    1.00×\n")
	require.Contains(t, text, "verify          500.0    12.3ms      45ms        350.0        0s        0s   1.43×    1.43×  OVER\n")
	require.Contains(t, text, "    verify at full size: 2 errors; first: boom\n")
	require.Contains(t, text, "--nodes not given")
	require.Contains(t, text, "peer0.court          state DB           4.0 MB    600.0 MB        550.0 MB            12.5 MB\n")
}
