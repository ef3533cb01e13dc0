package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
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

func TestLoadListingsAndScaleRefuseBadFlags(t *testing.T) {
	tests := []struct {
		cmd     string
		args    []string
		wantErr string
	}{
		{"listings", []string{"--people", "0"}, "--people must be at least 1, not 0"},
		{"listings", []string{"--people", "100000000"}, "--people must be at most 91310000, not 100000000"},
		{"listings", []string{"--out", ""}, "--out must name the file"},
		{"listings", []string{"--debtors-per-case", "0"}, "--debtors-per-case must be 1 to 99 (a case has at most 100 parties, one of them the creditor), not 0"},
		{"listings", []string{"--debtors-per-case", "100"}, "--debtors-per-case must be 1 to 99"},
		{"listings", []string{"--parallel", "0"}, "--parallel must be at least 1, not 0"},
		{"listings", []string{"--court", ""}, "--court must be 1 to 32 characters"},
		{"listings", []string{"--court", "J|1"}, "--court must be 1 to 32 characters without '|' or NUL, not \"J|1\""},
		{"listings", []string{"--clerk", ""}, "--clerk must name the identity"},
		{"scale", []string{"--base-records", "0"}, "--base-records must be at least 1"},
		{"scale", []string{"--records", "10000"}, "--records 10000 must be above --base-records 10000"},
		{"scale", []string{"--base-people", "0"}, "--base-people must be at least 1"},
		{"scale", []string{"--people", "499"}, "--people 499 must not be below --base-people 500"},
		{"scale", []string{"--clients", "0"}, "--clients must be at least 1, not 0"},
		{"scale", []string{"--duration", "0s"}, "--duration must be above 0, not 0s"},
		{"scale", []string{"--warmup", "-1s"}, "--warmup must not be negative, not -1s"},
		{"scale", []string{"--sample", "0"}, "--sample must be at least 1, not 0"},
		{"scale", []string{"--anchor-parallel", "0"}, "--anchor-parallel must be at least 1, not 0"},
		{"scale", []string{"--bank", ""}, "--bank and --bank-org must name"},
		{"scale", []string{"--debtors-per-case", "100"}, "--debtors-per-case must be 1 to 99"},
	}
	for _, tc := range tests {
		t.Run(tc.cmd+" "+strings.Join(tc.args, " "), func(t *testing.T) {
			// No profile: a flag checked after connecting would fail here
			// on the profile instead.
			a := &App{Profile: filepath.Join(t.TempDir(), "none.json"), Org: "CourtMSP", Identity: "judge1", Out: io.Discard, Err: io.Discard}
			cmd := map[string]*cobra.Command{"listings": a.loadListingsCommand(), "scale": a.loadScaleCommand()}[tc.cmd]
			err := execute(cmd, tc.args...)
			require.Error(t, err)
			require.True(t, strings.HasPrefix(err.Error(), tc.wantErr), err.Error())
		})
	}
}

// execute runs a command that is not yet in the tree.
func execute(cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.ExecuteContext(context.Background())
}

func TestLoadListingsAndScaleHaveHelpWithAnExample(t *testing.T) {
	clearEnv(t)
	for _, name := range []string{"listings", "scale"} {
		t.Run(name, func(t *testing.T) {
			a := &App{}
			root := a.Root()
			loadCmd, _, err := root.Find([]string{"load"})
			require.NoError(t, err)
			loadCmd.AddCommand(a.loadListingsCommand(), a.loadScaleCommand())
			var out bytes.Buffer
			root.SetArgs([]string{"load", name, "--help"})
			root.SetOut(&out)
			require.NoError(t, root.Execute())
			require.Contains(t, out.String(), "Examples:")
			require.Contains(t, out.String(), "  judicial ")
			require.Contains(t, out.String(), "--profile")
		})
	}
}

func TestCompareSetsEachWorkloadAgainstPing(t *testing.T) {
	stats := func(name string, perSecond float64, errs int) load.Stats {
		return load.Stats{Name: name, PerSecond: perSecond, P50: 10 * time.Millisecond, P99: 40 * time.Millisecond, Errors: errs}
	}
	base := []load.Stats{stats("ping", 1000, 0), stats("verify", 500, 0), stats("check", 300, 1), stats("page", 100, 0), stats("gone", 1, 0)}
	full := []load.Stats{stats("ping", 900, 0), stats("verify", 400, 0), stats("check", 0, 7), stats("page", 95, 0)}
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
	proc := func(node string, rss int64) processUsage { return processUsage{Node: node, PID: 1, RSS: rss} }
	base := nodeUsage{Processes: []processUsage{proc("peer0.court", 100e6), proc("chaincode.court", 50e6), {Node: "peer1.court", Error: "pid 9 is not running"}},
		Ledgers: []ledgerUsage{{Peer: "peer0.court", State: 10e6, History: 1e6, Blocks: 100e6, Private: 1e5}}}
	anchored := nodeUsage{Processes: []processUsage{proc("peer0.court", 300e6), proc("chaincode.court", 60e6)},
		Ledgers: []ledgerUsage{{Peer: "peer0.court", State: 208e6, History: 21e6, Blocks: 500e6, Private: 1e5}}}
	full := nodeUsage{Processes: []processUsage{proc("peer0.court", 320e6), proc("chaincode.court", 62e6), proc("peer1.court", 90e6)},
		Ledgers: []ledgerUsage{{Peer: "peer0.court", State: 248e6, History: 25e6, Blocks: 560e6, Private: 40e6}}}

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
	unread := resourceRows(base, nodeUsage{Note: "not read"}, full, 990_000, 200_000)
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
	require.Equal(t, []ledgerUsage{{Peer: "peer0.court", State: 320, History: 50, Blocks: 1024}}, u.Ledgers)
	require.Equal(t, []processUsage{
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
	st := func(name string, perSecond float64) load.Stats {
		return load.Stats{Name: name, PerSecond: perSecond, P50: 12340 * time.Microsecond, P99: 45 * time.Millisecond}
	}
	r := scaleReport{Court: "J0491", Target: 1.2, Clients: 32, Duration: 15 * time.Second,
		Base: scalePhase{Records: 10000, People: 500, Listings: 1000, Height: 40, InForce: []creditapi.Count{{Court: "J0491", Kind: "dishonest", Active: 500}},
			Workloads: []load.Stats{st("ping", 1000), st("verify", 500)}},
		Full: scalePhase{Records: 1000000, People: 50000, Listings: 100000, Height: 1500,
			Workloads: []load.Stats{st("ping", 1000), {Name: "verify", PerSecond: 350, Errors: 2, FirstError: "boom"}}},
	}
	r.Comparison = compareSizes(r.Base.Workloads, r.Full.Workloads, 1.2)
	r.Resources = []resourceRow{{Node: "peer0.court", What: "state", Base: 4e6, Full: 600e6, PerMillionRecords: 550e6, PerHundredThousandListings: 12.5e6}}
	r.Base.Usage.Note = "--nodes not given: memory and ledger sizes not read"
	var out bytes.Buffer
	printScale(&out, r)
	text := out.String()
	require.Contains(t, text, "base size: 10000 records and 500 people (1000 listings) added by this run; height 40; 500 dishonest listings of court J0491 in force\n")
	require.Contains(t, text, "ping           1000.0    12.3ms      45ms       1000.0    12.3ms      45ms   1.00×    1.00×\n")
	require.Contains(t, text, "verify          500.0    12.3ms      45ms        350.0        0s        0s   1.43×    1.43×  OVER\n")
	require.Contains(t, text, "    verify at full size: 2 errors; first: boom\n")
	require.Contains(t, text, "--nodes not given")
	require.Contains(t, text, "peer0.court          state DB           4.0 MB    600.0 MB        550.0 MB            12.5 MB\n")
}

// fakeCourt answers what the load commands call, and keeps what a court
// would: the key, the cases, who is listed, what is anchored.
type fakeCourt struct {
	mu       sync.Mutex
	key      []byte
	cases    map[string][]string // number: debtors
	opened   []enforcementapi.OpenRequest
	active   map[string]bool
	listed   map[string]bool // pseudonyms
	ids      []string        // ID numbers listed, as sent
	names    []string
	anchored map[string]bool
	pages    map[string]int // bookmark asked for: times
}

func newFakeCourt() *fakeCourt {
	return &fakeCourt{cases: map[string][]string{}, active: map[string]bool{}, listed: map[string]bool{}, anchored: map[string]bool{}, pages: map[string]int{}}
}

func (f *fakeCourt) handle(r fakepeer.Request) fakepeer.Response {
	f.mu.Lock()
	defer f.mu.Unlock()
	ok := func(v any) fakepeer.Response {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		return fakepeer.Response{Payload: b, Block: 5}
	}
	refuse := func(format string, args ...any) fakepeer.Response {
		return fakepeer.Response{Err: fakepeer.Refuse(r.Kind, fmt.Sprintf(format, args...))}
	}
	if r.Chaincode == "qscc" && r.Function == "GetChainInfo" {
		b, _ := proto.Marshal(&common.BlockchainInfo{Height: 77})
		return fakepeer.Response{Payload: b}
	}
	switch r.Function {
	case string(systemapi.Ping.Function):
		return ok(systemapi.Info{Chaincode: "judicial"})
	case string(creditapi.SetPseudonymKey.Function):
		f.key = r.Transient[creditapi.TransientKey]
		return ok(creditapi.KeyInfo{Fingerprint: "f1", Changed: true})
	case string(enforcementapi.OpenCase.Function):
		var req enforcementapi.OpenRequest
		if err := json.Unmarshal([]byte(r.Args[0]), &req); err != nil {
			return refuse("request: %v", err)
		}
		number := fmt.Sprintf("(2026)J执%d号", len(f.cases)+1)
		f.cases[number] = req.Debtors
		f.opened = append(f.opened, req)
		var cs enforcementapi.Case
		cs.Number = number
		return ok(cs)
	case string(enforcementapi.Activate.Function):
		if _, ok := f.cases[r.Args[0]]; !ok {
			return refuse("no case %s", r.Args[0])
		}
		f.active[r.Args[0]] = true
		return ok(enforcementapi.Case{})
	case string(creditapi.List.Function):
		var s creditapi.Subject
		if err := json.Unmarshal(r.Transient[creditapi.TransientPerson], &s); err != nil {
			return refuse("person: %v", err)
		}
		if len(r.Transient[creditapi.TransientSalt]) != creditapi.SaltSize {
			return refuse("salt")
		}
		p, err := idnumber.Pseudonym(f.key, s.IDNumber)
		if err != nil {
			return refuse("idNumber: %v", err)
		}
		if !f.active[r.Args[0]] || !slices.Contains(f.cases[r.Args[0]], p) {
			return refuse("the person is not a debtor of active case %s", r.Args[0])
		}
		f.listed[p] = true
		f.ids = append(f.ids, s.IDNumber)
		f.names = append(f.names, s.Name)
		return ok([]creditapi.Listing{{ID: "CR1", Kind: creditapi.Dishonest}, {ID: "CR2", Kind: creditapi.Consumption}})
	case string(evidenceapi.AnchorBulk.Function):
		var req evidenceapi.BulkRequest
		if err := json.Unmarshal([]byte(r.Args[0]), &req); err != nil {
			return refuse("request: %v", err)
		}
		res := evidenceapi.BulkResult{}
		for i, it := range req.Items {
			f.anchored[it.Digest] = true
			res.Numbers = append(res.Numbers, fmt.Sprintf("EV%d", i))
		}
		return ok(res)
	case string(evidenceapi.Verify.Function):
		v := evidenceapi.Verification{Verdict: evidenceapi.NotOnChain}
		if f.anchored[r.Args[1]] {
			v.Verdict = evidenceapi.Anchored
		}
		return ok(v)
	case string(creditapi.Check.Function):
		p, err := idnumber.Pseudonym(f.key, string(r.Transient[creditapi.TransientIDNumber]))
		if err != nil {
			return refuse("idNumber: %v", err)
		}
		return ok(creditapi.CheckResult{Listed: f.listed[p]})
	case string(creditapi.Page.Function):
		f.pages[r.Args[3]]++
		next := map[string]string{"": "b1", "b1": "b2", "b2": ""}[r.Args[3]]
		return ok(creditapi.ListingPage{Listings: []*creditapi.Listing{}, Bookmark: next})
	case string(creditapi.Stats.Function):
		return ok([]creditapi.Count{{Court: "J0491", Kind: creditapi.Dishonest, Active: int64(len(f.listed))}})
	}
	return refuse("unknown function %s", r.Function)
}

// fakeApp acts as the fake peer's one identity, which stands for the
// clerk and the bank too.
func fakeApp(t *testing.T, fp *fakepeer.Peer) (*App, *bytes.Buffer, *bytes.Buffer) {
	clearEnv(t)
	t.Setenv("JUDICIAL_PSEUDONYM_KEY", "")
	var out, errOut bytes.Buffer
	return &App{Profile: fp.ProfilePath, Org: fakepeer.MSPID, Identity: fakepeer.Identity, Out: &out, Err: &errOut}, &out, &errOut
}

func TestLoadListingsOpensCasesAndListsEveryDebtor(t *testing.T) {
	court := newFakeCourt()
	fp := fakepeer.Start(t, court.handle)
	a, out, errOut := fakeApp(t, fp)
	file := filepath.Join(t.TempDir(), "ids.txt")

	err := execute(a.loadListingsCommand(), "--people", "23", "--debtors-per-case", "5", "--parallel", "4", "--clerk", fakepeer.Identity, "--out", file)
	require.NoError(t, err, errOut.String())

	key, err := credit.LoadKey(filepath.Join(filepath.Dir(fp.ProfilePath), credit.KeyFileName))
	require.NoError(t, err, "the key file beside the profile was made")
	require.Equal(t, key, court.key, "and stored on the channel")
	require.Len(t, court.opened, 5, "23 debtors, 5 a case")
	var debtors []string
	for _, req := range court.opened {
		require.LessOrEqual(t, len(req.Debtors), 5)
		require.Len(t, req.Creditors, 1)
		require.Equal(t, "judgment", req.Basis.Type)
		debtors = append(debtors, req.Debtors...)
	}
	require.Len(t, court.active, 5)

	data, err := os.ReadFile(file)
	require.NoError(t, err)
	ids := strings.Fields(string(data))
	require.ElementsMatch(t, court.ids, ids, "--out holds exactly the ID numbers listed")
	var pseudonyms []string
	for _, id := range ids {
		require.NoError(t, idnumber.AdultAt(id, time.Now()))
		p, err := idnumber.Pseudonym(key, id)
		require.NoError(t, err)
		pseudonyms = append(pseudonyms, p)
	}
	require.ElementsMatch(t, debtors, pseudonyms, "the cases' debtors are the pseudonyms of the people listed")
	info, err := os.Stat(file)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	for _, name := range court.names {
		require.True(t, strings.HasPrefix(name, "测试"), name)
	}

	require.Contains(t, out.String(), "23 people listed (46 listings) in 5 cases, 33 transactions in ")
	require.Contains(t, out.String(), "(4 in flight), 0 retried for a conflict; ID numbers in "+file+"\n")
	for _, id := range ids {
		require.NotContains(t, out.String()+errOut.String(), id, "no ID number outside --out")
	}
}

func TestLoadListingsNamesTheFlagOfAFailingIdentity(t *testing.T) {
	fp := fakepeer.Start(t, newFakeCourt().handle)
	a, _, _ := fakeApp(t, fp)
	err := execute(a.loadListingsCommand(), "--people", "1", "--clerk", "clerk9", "--out", filepath.Join(t.TempDir(), "ids.txt"))
	require.ErrorContains(t, err, "--clerk: ")
	require.ErrorContains(t, err, "clerk9")
}

func TestLoadScaleMeasuresBothSizesAgainstAFakePeer(t *testing.T) {
	court := newFakeCourt()
	fp := fakepeer.Start(t, court.handle)
	a, out, errOut := fakeApp(t, fp)
	a.JSON = true

	err := execute(a.loadScaleCommand(), "--base-records", "30", "--records", "2500", "--base-people", "3", "--people", "7",
		"--debtors-per-case", "2", "--parallel", "3", "--anchor-parallel", "2", "--clients", "2", "--duration", "20ms", "--warmup", "0",
		"--sample", "100", "--nodes", "", "--clerk", fakepeer.Identity, "--bank", fakepeer.Identity, "--bank-org", fakepeer.MSPID)
	require.NoError(t, err, errOut.String())

	var r scaleReport
	require.NoError(t, json.Unmarshal(out.Bytes(), &r), out.String())
	require.Equal(t, 30, r.Base.Records)
	require.Equal(t, 3, r.Base.People)
	require.Equal(t, 6, r.Base.Listings)
	require.Equal(t, 2500, r.Full.Records)
	require.Equal(t, 7, r.Full.People)
	require.Equal(t, 14, r.Full.Listings)
	require.Len(t, court.anchored, 2500)
	require.Equal(t, 3, r.Full.Anchoring.Transactions, "2,470 more records: 1,000 a transaction")
	require.EqualValues(t, 77, r.Full.Height)
	require.Equal(t, []creditapi.Count{{Court: "J0491", Kind: creditapi.Dishonest, Active: 7}}, r.Full.InForce)
	for _, phase := range []scalePhase{r.Base, r.Full} {
		var names []string
		for _, s := range phase.Workloads {
			names = append(names, s.Name)
			// A verify of a digest not anchored, or a check answered
			// wrongly, would be an error.
			require.Zero(t, s.Errors, "%s: %s", s.Name, s.FirstError)
			require.Positive(t, s.Calls, s.Name)
		}
		require.Equal(t, []string{"ping", "verify", "check", "page"}, names)
		require.Contains(t, phase.Usage.Note, "--nodes not given")
	}
	require.Len(t, r.Comparison, 4)
	require.Empty(t, r.Resources)
	require.Positive(t, court.pages[""], "paging starts at the first page")
	for _, id := range court.ids {
		require.NotContains(t, out.String()+errOut.String(), id, "no ID number is printed")
	}
}
