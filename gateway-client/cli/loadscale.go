package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/courtchain/judicial/gateway-client/system"
	"github.com/spf13/cobra"
)

// scaleTarget is the most a call may cost at full size, as a multiple of
// its cost at the base size (issue 16, item 4).
const scaleTarget = 1.2

// scalePageSize is the client's default page, a quarter of the most the
// chaincode serves (creditapi.MaxPerPerson).
const scalePageSize = gateway.DefaultPageSize

// anchorRound is how many records are anchored between two updates of the
// sample: a round of a hundred bulk transactions keeps them in flight
// while the digests of one round, not a million, are held at a time.
const anchorRound = 100 * evidenceapi.MaxBulk

func (a *App) loadScaleCommand() *cobra.Command {
	var f scaleFlags
	cmd := &cobra.Command{
		Use:   "scale",
		Short: "Measure verification, bank checks and paging at a base size and again at full size, and the ledger's memory and disk per million records",
		Long: `Anchors --base-records records in bulk and lists --base-people people (as
load listings does), then measures, each for --duration after a --warmup,
with --clients callers in a closed loop:
  ping    system:Ping, the baseline
  verify  evidence:Verify of a digest drawn from a uniform sample of those
          this run anchored (--sample digests, over the whole key space)
  check   credit:Check as --bank (of --bank-org): a person this run listed,
          and every other call a valid ID number no one was listed under
  page    credit:Page of the court's dishonest listings, 50 a page, each
          caller following the bookmarks and starting over at the end
It reads the resident memory of the peers and chaincode servers and the
size of each peer's ledger (under --nodes, the pid files in its sibling
pids; skipped when there is none). Then it anchors up to --records, reads
the sizes again, lists up to --people, measures again and prints each
workload's cost at full size over its cost at the base size (base calls/s
÷ full calls/s; the target is 1.2× at most), also set against ping's in
the same phases, since the machine's noise moves both; and memory and
disk per million records anchored (between the base size and the end of
anchoring) and per 100,000 listings (from there to the end).

The counts are what this run adds: start from a fresh network for the
ledger to hold what the figures say. Names and ID numbers are never
printed.`,
		Example: `  judicial --identity judge1 load scale --base-records 10000 --records 1000000 --base-people 500 --people 50000 \
      --clients 32 --duration 15s --nodes network/run/nodes`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.check(); err != nil {
				return err
			}
			return a.scale(cmd.Context(), f)
		},
	}
	fs := cmd.Flags()
	fs.IntVar(&f.baseRecords, "base-records", 10000, "records anchored for the base size")
	fs.IntVar(&f.records, "records", 1000000, "records anchored for the full size")
	fs.IntVar(&f.basePeople, "base-people", 500, "people listed for the base size (two listings each)")
	fs.IntVar(&f.people, "people", 50000, "people listed for the full size")
	fs.IntVar(&f.clients, "clients", 32, "concurrent callers of each workload")
	fs.DurationVar(&f.duration, "duration", 15*time.Second, "how long each workload is measured")
	fs.DurationVar(&f.warmup, "warmup", 3*time.Second, "unmeasured run before each workload")
	fs.IntVar(&f.sample, "sample", 20000, "anchored digests kept for verify to draw from")
	fs.IntVar(&f.anchorParallel, "anchor-parallel", 8, "bulk anchoring transactions in flight at once")
	fs.StringVar(&f.nodes, "nodes", "network/run/nodes", "the network's node folders (empty: skip memory and disk)")
	fs.StringVar(&f.bank, "bank", "bank1", "bank identity the check workload runs as")
	fs.StringVar(&f.bankOrg, "bank-org", "CreditMSP", "the bank identity's org")
	f.listing.register(cmd)
	return cmd
}

// scaleFlags are the scale command's flags.
type scaleFlags struct {
	listing                                  listingFlags
	baseRecords, records, basePeople, people int
	clients, sample, anchorParallel          int
	duration, warmup                         time.Duration
	nodes, bank, bankOrg                     string
}

func (f scaleFlags) check() error {
	if err := f.listing.check(); err != nil {
		return err
	}
	switch {
	case f.baseRecords < 1:
		return fmt.Errorf("--base-records must be at least 1 (verify draws from what was anchored), not %d", f.baseRecords)
	case f.records <= f.baseRecords:
		return fmt.Errorf("--records %d must be above --base-records %d", f.records, f.baseRecords)
	case f.basePeople < 1:
		return fmt.Errorf("--base-people must be at least 1 (check draws from who was listed), not %d", f.basePeople)
	case f.people < f.basePeople:
		return fmt.Errorf("--people %d must not be below --base-people %d", f.people, f.basePeople)
	case f.people > maxPeople:
		return fmt.Errorf("--people must be at most %d, not %d", maxPeople, f.people)
	case f.clients < 1:
		return fmt.Errorf("--clients must be at least 1, not %d", f.clients)
	case f.duration <= 0:
		return fmt.Errorf("--duration must be above 0, not %s", f.duration)
	case f.warmup < 0:
		return fmt.Errorf("--warmup must not be negative, not %s", f.warmup)
	case f.sample < 1:
		return fmt.Errorf("--sample must be at least 1, not %d", f.sample)
	case f.anchorParallel < 1:
		return fmt.Errorf("--anchor-parallel must be at least 1, not %d", f.anchorParallel)
	case f.bank == "" || f.bankOrg == "":
		return fmt.Errorf("--bank and --bank-org must name the bank identity the check workload runs as")
	}
	return nil
}

// scaleReport is the whole run, as --json prints it.
type scaleReport struct {
	Court    string        `json:"court"`
	Target   float64       `json:"target"`
	Clients  int           `json:"clients"`
	Duration time.Duration `json:"duration"`
	Base     scalePhase    `json:"base"`
	Full     scalePhase    `json:"full"`
	// AfterAnchoring is read between anchoring and listing up to the full
	// size, so that each gets the growth it caused.
	AfterAnchoring nodeUsage     `json:"usageAfterAnchoring"`
	Comparison     []comparison  `json:"comparison"`
	Resources      []resourceRow `json:"resources"`
}

// scalePhase is one size: how it was reached and what was measured there.
type scalePhase struct {
	// Records, People and Listings count what this run added so far.
	Records   int               `json:"records"`
	People    int               `json:"people"`
	Listings  int               `json:"listings"`
	Height    uint64            `json:"height"`
	InForce   []creditapi.Count `json:"inForce"`
	Anchoring anchorRun         `json:"anchoring"`
	Listing   listingRun        `json:"listing"`
	Workloads []load.Stats      `json:"workloads"`
	Usage     nodeUsage         `json:"usage"`
}

// scaler holds a run's connections and what it has added to the ledger.
type scaler struct {
	*App
	f      scaleFlags
	lister *lister
	bank   *gateway.Client
	sample *reservoir
	// records, people and listings are what this run added.
	records, people, listings int
}

func (a *App) scale(ctx context.Context, f scaleFlags) error {
	l, err := a.newLister(ctx, f.listing)
	if err != nil {
		return err
	}
	defer l.close()
	bank, err := a.connectAs(f.bankOrg, f.bank)
	if err != nil {
		return fmt.Errorf("--bank: %w", err)
	}
	defer bank.Close()
	s := &scaler{App: a, f: f, lister: l, bank: bank, sample: newReservoir(f.sample, rand.Uint64())}
	r := scaleReport{Court: f.listing.court, Target: scaleTarget, Clients: f.clients, Duration: f.duration}

	fmt.Fprintf(a.Err, "base size: %d records, %d people\n", f.baseRecords, f.basePeople)
	if r.Base.Anchoring, err = s.anchorUpTo(ctx, f.baseRecords); err != nil {
		return err
	}
	if r.Base.Listing, err = s.listUpTo(ctx, f.basePeople); err != nil {
		return err
	}
	if err := s.measure(ctx, &r.Base); err != nil {
		return err
	}

	fmt.Fprintf(a.Err, "full size: %d records, %d people\n", f.records, f.people)
	if r.Full.Anchoring, err = s.anchorUpTo(ctx, f.records); err != nil {
		return err
	}
	r.AfterAnchoring = readUsage(f.nodes, "/proc")
	if r.Full.Listing, err = s.listUpTo(ctx, f.people); err != nil {
		return err
	}
	if err := s.measure(ctx, &r.Full); err != nil {
		return err
	}

	r.Comparison = compareSizes(r.Base.Workloads, r.Full.Workloads, scaleTarget)
	r.Resources = resourceRows(r.Base.Usage, r.AfterAnchoring, r.Full.Usage, r.Full.Records-r.Base.Records, r.Full.Listings-r.Base.Listings)
	return a.emit(r, func(w io.Writer) { printScale(w, r) })
}

// anchorRun is one stretch of bulk anchoring.
type anchorRun struct {
	Records      int           `json:"records"`
	Transactions int           `json:"transactions"`
	Parallel     int           `json:"parallel"`
	Elapsed      time.Duration `json:"elapsed"`
	PerSecond    float64       `json:"recordsPerSecond"`
}

func (r anchorRun) String() string {
	return fmt.Sprintf("%d records anchored in %d transactions in %s: %.0f records/s (%d in flight)",
		r.Records, r.Transactions, r.Elapsed.Round(time.Millisecond), r.PerSecond, r.Parallel)
}

// anchorUpTo anchors random digests in bulk until this run has anchored n
// records, a round at a time, and offers each committed round's digests
// to the sample.
func (s *scaler) anchorUpTo(ctx context.Context, n int) (anchorRun, error) {
	run := anchorRun{Parallel: s.f.anchorParallel}
	start := time.Now()
	ev := evidence.New(s.lister.judge)
	for s.records < n {
		items := make([]evidenceapi.BulkItem, min(anchorRound, n-s.records))
		for i := range items {
			items[i] = evidenceapi.BulkItem{Digest: randomDigest(), Size: 1}
		}
		before := s.records
		bulks, err := ev.AnchorMany(ctx, api.SHA256, evidenceapi.KindCaseFile, items, s.f.anchorParallel,
			func(done int) { s.progress("anchored", before+done, n) })
		for _, b := range bulks {
			// A digest anchored before (there is none among random ones)
			// is on the ledger all the same: it may be verified.
			for _, it := range items[b.First : b.First+len(b.Numbers)] {
				s.sample.add(it.Digest)
			}
			added := len(b.Numbers) - len(b.Existing)
			s.records += added
			run.Records += added
			run.Transactions++
		}
		if err != nil {
			return run, fmt.Errorf("after %d records anchored by this run: %w", s.records, err)
		}
	}
	run.Elapsed = time.Since(start)
	if run.Records > 0 {
		run.PerSecond = float64(run.Records) / run.Elapsed.Seconds()
	}
	return run, nil
}

// listUpTo lists people until this run has listed n.
func (s *scaler) listUpTo(ctx context.Context, n int) (listingRun, error) {
	s.lister.progress = func(done int) { s.progress("listed", s.people+done, n) }
	run, err := s.lister.list(ctx, s.people, n)
	s.people += run.People
	s.listings += run.Listings
	if err != nil {
		return run, fmt.Errorf("after %d people listed by this run: %w", s.people, err)
	}
	return run, nil
}

// measure runs each workload at the size reached and reads what the
// network holds.
func (s *scaler) measure(ctx context.Context, p *scalePhase) error {
	p.Records, p.People, p.Listings = s.records, s.people, s.listings
	for _, w := range s.workloads() {
		if s.f.warmup > 0 {
			load.Run(ctx, w.name, s.f.clients, s.f.warmup, w.call)
		}
		st := load.Run(ctx, w.name, s.f.clients, s.f.duration, w.call)
		if err := ctx.Err(); err != nil {
			return err
		}
		fmt.Fprintln(s.Err, "  "+st.String())
		p.Workloads = append(p.Workloads, st)
	}
	var err error
	if p.Height, err = s.lister.judge.Height(ctx); err != nil {
		return err
	}
	if p.InForce, err = credit.New(s.lister.judge).Stats(ctx, s.f.listing.court); err != nil {
		return err
	}
	p.Usage = readUsage(s.f.nodes, "/proc")
	return nil
}

type scaleWorkload struct {
	name string
	call load.Call
}

// workloads are the calls measured at the size reached so far. Their
// errors never name a person.
func (s *scaler) workloads() []scaleWorkload {
	court := s.lister.judge
	sys, ev, cr, bank := system.New(court), evidence.New(court), credit.New(court), credit.New(s.bank)
	listed, people, everyone := s.people, s.lister.people, s.f.people
	// Each caller pages on its own, from the start.
	bookmarks := make([]string, s.f.clients)
	return []scaleWorkload{
		{"ping", func(ctx context.Context, _, _ int) error {
			_, err := sys.Ping(ctx)
			return err
		}},
		{"verify", func(ctx context.Context, _, _ int) error {
			v, err := ev.Lookup(ctx, api.SHA256, s.sample.pick())
			if err != nil {
				return err
			}
			if v.Verdict != evidenceapi.Anchored {
				return fmt.Errorf("a digest this run anchored verifies as %s", v.Verdict)
			}
			return nil
		}},
		{"check", func(ctx context.Context, _, i int) error {
			id, want := people.id(rand.IntN(listed)), true
			if i%2 == 1 {
				id, want = people.unlisted(everyone), false
			}
			res, err := bank.Check(ctx, id)
			if err != nil {
				return err
			}
			if res.Listed != want {
				return fmt.Errorf("a person checked as listed=%t, not %t", res.Listed, want)
			}
			return nil
		}},
		{"page", func(ctx context.Context, client, _ int) error {
			page, err := cr.Page(ctx, s.f.listing.court, creditapi.Dishonest,
				gateway.WithPageSize(scalePageSize), gateway.WithBookmark(bookmarks[client]))
			if err != nil {
				return err
			}
			bookmarks[client] = page.Bookmark
			return nil
		}},
	}
}

// reservoir is a uniform sample of the digests anchored so far (Vitter's
// Algorithm R), so that lookups spread over the whole key space as a
// court's would, and not over the few keys a cache holds.
type reservoir struct {
	items      []string
	size, seen int
	rng        *rand.Rand
}

func newReservoir(size int, seed uint64) *reservoir {
	return &reservoir{size: size, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// add offers one digest: each of the n offered so far is kept with
// probability size/n.
func (r *reservoir) add(d string) {
	r.seen++
	if len(r.items) < r.size {
		r.items = append(r.items, d)
		return
	}
	if j := r.rng.IntN(r.seen); j < r.size {
		r.items[j] = d
	}
}

// pick draws a digest of the sample; callers may pick at once, but not
// while digests are added.
func (r *reservoir) pick() string { return r.items[rand.IntN(len(r.items))] }

// comparison is one workload at both sizes.
type comparison struct {
	Workload      string        `json:"workload"`
	BasePerSecond float64       `json:"basePerSecond"`
	BaseP50       time.Duration `json:"baseP50"`
	BaseP99       time.Duration `json:"baseP99"`
	FullPerSecond float64       `json:"fullPerSecond"`
	FullP50       time.Duration `json:"fullP50"`
	FullP99       time.Duration `json:"fullP99"`
	// Cost is base calls/s ÷ full calls/s: how many times a call costs
	// more at full size. CostByPing divides it by ping's, measured in the
	// same phases: a machine busier during one phase slows ping too. Both
	// are 0 where a rate is 0.
	Cost         float64 `json:"cost"`
	CostByPing   float64 `json:"costByPing"`
	Within       bool    `json:"within"`
	WithinByPing bool    `json:"withinByPing"`
	Errors       int     `json:"errors"`
}

// compareSizes sets each workload measured at the base size beside
// itself at full size.
func compareSizes(base, full []load.Stats, target float64) []comparison {
	find := func(all []load.Stats, name string) (load.Stats, bool) {
		i := slices.IndexFunc(all, func(s load.Stats) bool { return s.Name == name })
		if i < 0 {
			return load.Stats{}, false
		}
		return all[i], true
	}
	cost := func(b, f load.Stats) float64 {
		if b.PerSecond <= 0 || f.PerSecond <= 0 {
			return 0
		}
		return b.PerSecond / f.PerSecond
	}
	pingCost := 0.0
	if b, ok := find(base, "ping"); ok {
		if f, ok := find(full, "ping"); ok {
			pingCost = cost(b, f)
		}
	}
	var out []comparison
	for _, b := range base {
		f, ok := find(full, b.Name)
		if !ok {
			continue
		}
		c := comparison{Workload: b.Name, BasePerSecond: b.PerSecond, BaseP50: b.P50, BaseP99: b.P99,
			FullPerSecond: f.PerSecond, FullP50: f.P50, FullP99: f.P99, Cost: cost(b, f), Errors: b.Errors + f.Errors}
		if c.Cost > 0 && pingCost > 0 {
			c.CostByPing = c.Cost / pingCost
		}
		c.Within = c.Cost > 0 && c.Cost <= target
		c.WithinByPing = c.CostByPing > 0 && c.CostByPing <= target
		out = append(out, c)
	}
	return out
}

// nodeUsage is what the network's processes hold: the resident memory of
// each peer and chaincode server, and each peer's ledger on disk.
type nodeUsage struct {
	Processes []processUsage `json:"processes,omitempty"`
	Ledgers   []ledgerUsage  `json:"ledgers,omitempty"`
	Note      string         `json:"note,omitempty"`
}

type processUsage struct {
	Node    string `json:"node"`
	PID     int    `json:"pid"`
	Command string `json:"command,omitempty"`
	RSS     int64  `json:"rssBytes"`
	Error   string `json:"error,omitempty"`
}

// ledgerUsage is a peer's ledger on disk, in bytes (the files' lengths,
// as du -b counts them): the state database, the history database, the
// block files and the private data store.
type ledgerUsage struct {
	Peer    string `json:"peer"`
	State   int64  `json:"stateBytes"`
	History int64  `json:"historyBytes"`
	Blocks  int64  `json:"blocksBytes"`
	Private int64  `json:"privateBytes"`
}

// readUsage reads what the network holds as network/scripts lays it out: a
// node's pid file is NODE.pid in the pids folder beside nodes, and a
// peer's ledger is under nodes/PEER/data/ledgersData. Memory comes from
// procRoot (/proc). A network that is not there is a note, not an error:
// the figures the run measured stand without it.
func readUsage(nodes, procRoot string) nodeUsage {
	if nodes == "" {
		return nodeUsage{Note: "--nodes not given: memory and ledger sizes not read"}
	}
	entries, err := os.ReadDir(nodes)
	if err != nil {
		return nodeUsage{Note: fmt.Sprintf("--nodes %s: %v; memory and ledger sizes not read", nodes, errors.Unwrap(err))}
	}
	var u nodeUsage
	for _, e := range entries {
		ledger := filepath.Join(nodes, e.Name(), "data", "ledgersData")
		if _, err := os.Stat(ledger); err != nil {
			continue
		}
		size := func(db string) int64 { return dirSize(filepath.Join(ledger, db)) }
		u.Ledgers = append(u.Ledgers, ledgerUsage{Peer: e.Name(), State: size("stateLeveldb"), History: size("historyLeveldb"),
			Blocks: size("chains"), Private: size("pvtdataStore")})
	}
	pids := filepath.Join(filepath.Dir(filepath.Clean(nodes)), "pids")
	files, _ := filepath.Glob(filepath.Join(pids, "*.pid"))
	for _, file := range files {
		node := strings.TrimSuffix(filepath.Base(file), ".pid")
		if strings.HasPrefix(node, "peer") || strings.HasPrefix(node, "chaincode") {
			u.Processes = append(u.Processes, readProcess(node, file, procRoot))
		}
	}
	if len(u.Ledgers) == 0 && len(u.Processes) == 0 {
		u.Note = fmt.Sprintf("no peer ledgers under %s and no peer or chaincode pid files in %s", nodes, pids)
	}
	return u
}

// readProcess reads a node's pid file and its process's VmRSS.
func readProcess(node, pidFile, procRoot string) processUsage {
	p := processUsage{Node: node}
	data, err := os.ReadFile(pidFile)
	if err != nil {
		p.Error = err.Error()
		return p
	}
	if p.PID, err = strconv.Atoi(strings.TrimSpace(string(data))); err != nil {
		p.Error = fmt.Sprintf("%s does not hold a pid", pidFile)
		return p
	}
	f, err := os.Open(filepath.Join(procRoot, strconv.Itoa(p.PID), "status"))
	if err != nil {
		p.Error = fmt.Sprintf("pid %d is not running", p.PID)
		return p
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), ":")
		value = strings.TrimSpace(value)
		switch key {
		case "Name":
			p.Command = value
		case "VmRSS":
			kb, err := strconv.ParseInt(strings.TrimSuffix(value, " kB"), 10, 64)
			if err != nil {
				p.Error = fmt.Sprintf("pid %d: VmRSS %q", p.PID, value)
				return p
			}
			p.RSS = kb * 1024
			return p
		}
	}
	// A zombie, or a kernel thread, has no VmRSS.
	p.Error = fmt.Sprintf("pid %d has no VmRSS", p.PID)
	return p
}

// dirSize is the length of every file under dir; 0 if there is none.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			// LevelDB deletes files as it compacts: skip what went.
			return nil
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// resourceRow is one figure of one node at each point of the run, and its
// growth per million records anchored (from the base size to the end of
// anchoring) and per 100,000 listings (from there to the full size). The
// sizes are read after each phase's measurement and straight after
// anchoring, so memory's split between the two is rougher than the
// disk's: it was read after reads in one case and after writes in the
// other.
type resourceRow struct {
	Node                       string  `json:"node"`
	What                       string  `json:"what"`
	Base                       int64   `json:"base"`
	AfterAnchoring             int64   `json:"afterAnchoring"`
	Full                       int64   `json:"full"`
	PerMillionRecords          float64 `json:"perMillionRecords"`
	PerHundredThousandListings float64 `json:"perHundredThousandListings"`
}

// The figures of a node, in the order they are printed.
var resourceKinds = []string{"memory", "state", "history", "blocks", "private"}

func usageFigures(u nodeUsage) map[[2]string]int64 {
	out := map[[2]string]int64{}
	for _, p := range u.Processes {
		if p.Error == "" {
			out[[2]string{p.Node, "memory"}] = p.RSS
		}
	}
	for _, l := range u.Ledgers {
		out[[2]string{l.Peer, "state"}] = l.State
		out[[2]string{l.Peer, "history"}] = l.History
		out[[2]string{l.Peer, "blocks"}] = l.Blocks
		out[[2]string{l.Peer, "private"}] = l.Private
	}
	return out
}

// resourceRows sets the figures read at the three points side by side; a
// figure missing at the base or full size (a process that was not
// running) has no row.
func resourceRows(base, anchored, full nodeUsage, records, listings int) []resourceRow {
	b, a, f := usageFigures(base), usageFigures(anchored), usageFigures(full)
	var keys [][2]string
	for k := range f {
		if _, ok := b[k]; ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y [2]string) int {
		if c := strings.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return slices.Index(resourceKinds, x[1]) - slices.Index(resourceKinds, y[1])
	})
	var out []resourceRow
	for _, k := range keys {
		r := resourceRow{Node: k[0], What: k[1], Base: b[k], Full: f[k]}
		if mid, ok := a[k]; ok {
			r.AfterAnchoring = mid
			if records > 0 {
				r.PerMillionRecords = float64(mid-r.Base) / float64(records) * 1e6
			}
			if listings > 0 {
				r.PerHundredThousandListings = float64(r.Full-mid) / float64(listings) * 1e5
			}
		}
		out = append(out, r)
	}
	return out
}

var resourceNames = map[string]string{"memory": "memory (RSS)", "state": "state DB", "history": "history DB", "blocks": "blocks", "private": "private data"}

func printScale(w io.Writer, r scaleReport) {
	for _, p := range []struct {
		name  string
		phase scalePhase
	}{{"base", r.Base}, {"full", r.Full}} {
		ph := p.phase
		inForce := int64(0)
		for _, c := range ph.InForce {
			if c.Kind == creditapi.Dishonest {
				inForce += c.Active
			}
		}
		fmt.Fprintf(w, "%s size: %d records and %d people (%d listings) added by this run; height %d; %d dishonest listings of court %s in force\n",
			p.name, ph.Records, ph.People, ph.Listings, ph.Height, inForce, r.Court)
		fmt.Fprintf(w, "    %s\n    %s\n", ph.Anchoring, ph.Listing)
	}
	fmt.Fprintf(w, "\n%d callers, %s each; cost = base calls/s ÷ full calls/s, by ping = cost ÷ ping's cost; target ≤ %.1f×\n",
		r.Clients, r.Duration, r.Target)
	fmt.Fprintf(w, "%-8s %12s %9s %9s %12s %9s %9s %7s %8s\n", "workload", "base call/s", "p50", "p99", "full call/s", "p50", "p99", "cost", "by ping")
	for _, c := range r.Comparison {
		verdict := ""
		switch {
		case c.Workload == "ping":
		case c.Within && c.WithinByPing:
			verdict = "within"
		case c.Within || c.WithinByPing:
			verdict = "within by one measure"
		default:
			verdict = "OVER"
		}
		line := fmt.Sprintf("%-8s %12.1f %9s %9s %12.1f %9s %9s %7s %8s  %s", c.Workload, c.BasePerSecond, roundLatency(c.BaseP50), roundLatency(c.BaseP99),
			c.FullPerSecond, roundLatency(c.FullP50), roundLatency(c.FullP99), timesOrDash(c.Cost), timesOrDash(c.CostByPing), verdict)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	for _, p := range []struct {
		name  string
		stats []load.Stats
	}{{"base", r.Base.Workloads}, {"full", r.Full.Workloads}} {
		for _, s := range p.stats {
			if s.Errors > 0 {
				fmt.Fprintf(w, "    %s at %s size: %d errors; first: %s\n", s.Name, p.name, s.Errors, s.FirstError)
			}
		}
	}
	fmt.Fprintln(w)
	for _, note := range []string{r.Base.Usage.Note, r.AfterAnchoring.Note, r.Full.Usage.Note} {
		if note != "" {
			fmt.Fprintln(w, note)
			break
		}
	}
	if len(r.Resources) == 0 {
		return
	}
	fmt.Fprintf(w, "%-20s %-13s %11s %11s %15s %18s\n", "node", "figure", "base", "full", "per 1M records", "per 100k listings")
	for _, x := range r.Resources {
		fmt.Fprintf(w, "%-20s %-13s %11s %11s %15s %18s\n", x.Node, resourceNames[x.What], megabytes(float64(x.Base)), megabytes(float64(x.Full)),
			megabytes(x.PerMillionRecords), megabytes(x.PerHundredThousandListings))
	}
	for _, p := range []struct {
		name  string
		usage nodeUsage
	}{{"base", r.Base.Usage}, {"full", r.Full.Usage}} {
		for _, proc := range p.usage.Processes {
			if proc.Error != "" {
				fmt.Fprintf(w, "    %s at %s size: %s\n", proc.Node, p.name, proc.Error)
			}
		}
	}
}

func roundLatency(d time.Duration) time.Duration { return d.Round(100 * time.Microsecond) }

// timesOrDash is "1.05×", or "-" for a ratio that could not be taken.
func timesOrDash(x float64) string {
	if x <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", x)
}

func megabytes(b float64) string { return fmt.Sprintf("%.1f MB", b/1e6) }
