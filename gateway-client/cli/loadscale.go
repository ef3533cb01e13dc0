package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/spf13/cobra"
)

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
	fs.IntVar(&f.cfg.BaseRecords, "base-records", 10000, "records anchored for the base size")
	fs.IntVar(&f.cfg.Records, "records", 1000000, "records anchored for the full size")
	fs.IntVar(&f.cfg.BasePeople, "base-people", 500, "people listed for the base size (two listings each)")
	fs.IntVar(&f.cfg.People, "people", 50000, "people listed for the full size")
	fs.IntVar(&f.cfg.Clients, "clients", 32, "concurrent callers of each workload")
	fs.DurationVar(&f.cfg.Duration, "duration", 15*time.Second, "how long each workload is measured")
	fs.DurationVar(&f.cfg.Warmup, "warmup", 3*time.Second, "unmeasured run before each workload")
	fs.IntVar(&f.cfg.Sample, "sample", 20000, "anchored digests kept for verify to draw from")
	fs.IntVar(&f.cfg.AnchorParallel, "anchor-parallel", 8, "bulk anchoring transactions in flight at once")
	fs.StringVar(&f.cfg.Nodes, "nodes", "network/run/nodes", "the network's node folders (empty: skip memory and disk)")
	fs.StringVar(&f.bank, "bank", "bank1", "bank identity the check workload runs as")
	fs.StringVar(&f.bankOrg, "bank-org", "CreditMSP", "the bank identity's org")
	f.listing.register(cmd)
	return cmd
}

// scaleFlags are the scale command's flags.
type scaleFlags struct {
	listing       listingFlags
	cfg           load.ScaleConfig
	bank, bankOrg string
}

func (f scaleFlags) check() error {
	if err := f.listing.check(); err != nil {
		return err
	}
	c := f.cfg
	switch {
	case c.BaseRecords < 1:
		return fmt.Errorf("--base-records must be at least 1 (verify draws from what was anchored), not %d", c.BaseRecords)
	case c.Records <= c.BaseRecords:
		return fmt.Errorf("--records %d must be above --base-records %d", c.Records, c.BaseRecords)
	case c.BasePeople < 1:
		return fmt.Errorf("--base-people must be at least 1 (check draws from who was listed), not %d", c.BasePeople)
	case c.People < c.BasePeople:
		return fmt.Errorf("--people %d must not be below --base-people %d", c.People, c.BasePeople)
	case c.People > load.MaxPeople:
		return fmt.Errorf("--people must be at most %d, not %d", load.MaxPeople, c.People)
	case c.Clients < 1:
		return fmt.Errorf("--clients must be at least 1, not %d", c.Clients)
	case c.Duration <= 0:
		return fmt.Errorf("--duration must be above 0, not %s", c.Duration)
	case c.Warmup < 0:
		return fmt.Errorf("--warmup must not be negative, not %s", c.Warmup)
	case c.Sample < 1:
		return fmt.Errorf("--sample must be at least 1, not %d", c.Sample)
	case c.AnchorParallel < 1:
		return fmt.Errorf("--anchor-parallel must be at least 1, not %d", c.AnchorParallel)
	case f.bank == "" || f.bankOrg == "":
		return fmt.Errorf("--bank and --bank-org must name the bank identity the check workload runs as")
	}
	return nil
}

// scale connects the identities a scale run acts as and runs it.
func (a *App) scale(ctx context.Context, f scaleFlags) error {
	lc, err := a.connectListing(ctx, f.listing)
	if err != nil {
		return err
	}
	defer lc.close()
	bank, err := a.connectAs(f.bankOrg, f.bank)
	if err != nil {
		return fmt.Errorf("--bank: %w", err)
	}
	defer bank.Close()
	r, err := load.Scale(ctx, lc.lister(nil), bank, f.cfg, a.Err, a.progress)
	if err != nil {
		return err
	}
	return a.emit(r, func(w io.Writer) { load.PrintScale(w, r) })
}
