package load

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// ScaleTarget is the most a call may cost at full size, as a multiple of
// its cost at the base size (issue 16, item 4).
const ScaleTarget = 1.2

// anchorRound is how many records are anchored between two updates of the
// sample: a round of a hundred bulk transactions keeps them in flight
// while the digests of one round, not a million, are held at a time.
const anchorRound = 100 * evidenceapi.MaxBulk

// ScaleConfig is what a scale run adds to the ledger and how it measures.
type ScaleConfig struct {
	// BaseRecords are anchored and BasePeople listed for the base size;
	// Records and People for the full size.
	BaseRecords, Records, BasePeople, People int
	// Clients callers measure each workload for Duration, after an
	// unmeasured Warmup.
	Clients          int
	Duration, Warmup time.Duration
	// Sample anchored digests are kept for verify to draw from;
	// AnchorParallel bulk transactions are in flight at once.
	Sample, AnchorParallel int
	// Nodes is the network's node folders; empty, memory and disk are not
	// read.
	Nodes string
}

// ScaleReport is the whole run, as --json prints it.
type ScaleReport struct {
	Court    string        `json:"court"`
	Target   float64       `json:"target"`
	Clients  int           `json:"clients"`
	Duration time.Duration `json:"duration"`
	Base     ScalePhase    `json:"base"`
	Full     ScalePhase    `json:"full"`
	// AfterAnchoring is read between anchoring and listing up to the full
	// size, so that each gets the growth it caused.
	AfterAnchoring NodeUsage     `json:"usageAfterAnchoring"`
	Comparison     []Comparison  `json:"comparison"`
	Resources      []ResourceRow `json:"resources"`
}

// ScalePhase is one size: how it was reached and what was measured there.
type ScalePhase struct {
	// Records, People and Listings count what this run added so far.
	Records   int               `json:"records"`
	People    int               `json:"people"`
	Listings  int               `json:"listings"`
	Height    uint64            `json:"height"`
	InForce   []creditapi.Count `json:"inForce"`
	Anchoring AnchorRun         `json:"anchoring"`
	Listing   ListingRun        `json:"listing"`
	Workloads []Stats           `json:"workloads"`
	Usage     NodeUsage         `json:"usage"`
}

// scaler holds a run's connections and what it has added to the ledger.
type scaler struct {
	cfg      ScaleConfig
	lister   *Lister
	bank     *gateway.Client
	sample   *reservoir
	log      io.Writer
	progress func(label string, done, total int)
	// records, people and listings are what this run added.
	records, people, listings int
}

// Scale anchors and lists up to the base size, measures verification,
// bank checks and paging there, does the same at full size, and sets the
// two sizes side by side with the nodes' memory and disk. The lister's
// judge anchors and reads; bank runs the check workload. A line goes to
// log (if not nil) as each size starts and each workload is measured;
// progress (if not nil) counts the records anchored and the people listed.
func Scale(ctx context.Context, l *Lister, bank *gateway.Client, cfg ScaleConfig, log io.Writer,
	progress func(label string, done, total int)) (ScaleReport, error) {
	if log == nil {
		log = io.Discard
	}
	if progress == nil {
		progress = func(string, int, int) {}
	}
	s := &scaler{cfg: cfg, lister: l, bank: bank, sample: newReservoir(cfg.Sample, rand.Uint64()), log: log, progress: progress}
	r := ScaleReport{Court: l.request.Court, Target: ScaleTarget, Clients: cfg.Clients, Duration: cfg.Duration}

	fmt.Fprintf(log, "base size: %d records, %d people\n", cfg.BaseRecords, cfg.BasePeople)
	if err := s.grow(ctx, &r.Base, cfg.BaseRecords, cfg.BasePeople, nil); err != nil {
		return r, err
	}
	fmt.Fprintf(log, "full size: %d records, %d people\n", cfg.Records, cfg.People)
	if err := s.grow(ctx, &r.Full, cfg.Records, cfg.People, &r.AfterAnchoring); err != nil {
		return r, err
	}
	r.Comparison = compareSizes(r.Base.Workloads, r.Full.Workloads, ScaleTarget)
	r.Resources = resourceRows(r.Base.Usage, r.AfterAnchoring, r.Full.Usage, r.Full.Records-r.Base.Records, r.Full.Listings-r.Base.Listings)
	return r, nil
}

// grow anchors up to records and lists up to people, reading the nodes'
// usage in between into afterAnchoring if it is not nil, and measures the
// phase reached.
func (s *scaler) grow(ctx context.Context, p *ScalePhase, records, people int, afterAnchoring *NodeUsage) error {
	var err error
	if p.Anchoring, err = s.anchorUpTo(ctx, records); err != nil {
		return err
	}
	if afterAnchoring != nil {
		*afterAnchoring = readUsage(s.cfg.Nodes, "/proc")
	}
	if p.Listing, err = s.listUpTo(ctx, people); err != nil {
		return err
	}
	return s.measure(ctx, p)
}

// AnchorRun is one stretch of bulk anchoring.
type AnchorRun struct {
	Records      int           `json:"records"`
	Transactions int           `json:"transactions"`
	Parallel     int           `json:"parallel"`
	Elapsed      time.Duration `json:"elapsed"`
	PerSecond    float64       `json:"recordsPerSecond"`
}

func (r AnchorRun) String() string {
	return fmt.Sprintf("%d records anchored in %d transactions in %s: %.0f records/s (%d in flight)",
		r.Records, r.Transactions, r.Elapsed.Round(time.Millisecond), r.PerSecond, r.Parallel)
}

// anchorUpTo anchors random digests in bulk until this run has anchored n
// records, a round at a time, and offers each committed round's digests
// to the sample.
func (s *scaler) anchorUpTo(ctx context.Context, n int) (AnchorRun, error) {
	run := AnchorRun{Parallel: s.cfg.AnchorParallel}
	start := time.Now()
	ev := evidence.New(s.lister.judge)
	for s.records < n {
		items := randomItems(min(anchorRound, n-s.records))
		before := s.records
		bulks, err := ev.AnchorMany(ctx, api.SHA256, evidenceapi.KindCaseFile, items, s.cfg.AnchorParallel,
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
func (s *scaler) listUpTo(ctx context.Context, n int) (ListingRun, error) {
	run, err := s.lister.List(ctx, s.people, n, func(done int) { s.progress("listed", s.people+done, n) })
	s.people += run.People
	s.listings += run.Listings
	if err != nil {
		return run, fmt.Errorf("after %d people listed by this run: %w", s.people, err)
	}
	return run, nil
}

// measure runs each workload at the size reached and reads what the
// network holds.
func (s *scaler) measure(ctx context.Context, p *ScalePhase) error {
	p.Records, p.People, p.Listings = s.records, s.people, s.listings
	for _, w := range s.workloads() {
		if s.cfg.Warmup > 0 {
			Run(ctx, w.name, s.cfg.Clients, s.cfg.Warmup, w.call)
		}
		st := Run(ctx, w.name, s.cfg.Clients, s.cfg.Duration, w.call)
		if err := ctx.Err(); err != nil {
			return err
		}
		fmt.Fprintln(s.log, "  "+st.String())
		p.Workloads = append(p.Workloads, st)
	}
	var err error
	if p.Height, err = s.lister.judge.Height(ctx); err != nil {
		return err
	}
	if p.InForce, err = credit.New(s.lister.judge).Stats(ctx, s.lister.request.Court); err != nil {
		return err
	}
	p.Usage = readUsage(s.cfg.Nodes, "/proc")
	return nil
}
