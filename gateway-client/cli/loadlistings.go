package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/spf13/cobra"
)

func (a *App) loadListingsCommand() *cobra.Command {
	var f listingFlags
	var people int
	var out string
	cmd := &cobra.Command{
		Use:   "listings",
		Short: "List N made-up people as dishonest judgment defaulters and report listings per second",
		Long: `Makes --people made-up persons (valid resident ID numbers of adults, new
to each run, named 测试 and a number), opens enforcement cases against them
as --clerk with --debtors-per-case debtors each, activates the cases, and
lists every debtor on ground (1) as the command's identity, a judge; each
listing brings its consumption restriction, so a person makes two listings.
--parallel transactions are in flight at once. The debtors are pseudonyms
under the channel's key (stored on the channel first, as credit key init
does). The ID numbers listed are written to --out, one a line, for checks
to draw on, and nowhere else.`,
		Example: "  judicial --identity judge1 load listings --people 10000 --debtors-per-case 50 --parallel 64",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case people < 1:
				return fmt.Errorf("--people must be at least 1, not %d", people)
			case people > load.MaxPeople:
				return fmt.Errorf("--people must be at most %d, not %d", load.MaxPeople, people)
			case out == "":
				return fmt.Errorf("--out must name the file for the ID numbers listed")
			}
			if err := f.check(); err != nil {
				return err
			}
			return a.listPeople(cmd.Context(), f, people, out)
		},
	}
	cmd.Flags().IntVar(&people, "people", 1000, "people to list (two listings each)")
	cmd.Flags().StringVar(&out, "out", "listed-ids.txt", "file for the ID numbers listed, one a line (mode 0600)")
	f.register(cmd)
	return cmd
}

// listPeople lists people, their ID numbers kept in the file out.
func (a *App) listPeople(ctx context.Context, f listingFlags, people int, out string) error {
	lc, err := a.connectListing(ctx, f)
	if err != nil {
		return err
	}
	defer lc.close()
	// Created before the first listing, so that a run that cannot keep
	// its ID numbers does not list anyone.
	file, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	w := bufio.NewWriter(file)
	l := lc.lister(func(id string) error {
		_, err := w.WriteString(id + "\n")
		return err
	})
	run, err := l.List(ctx, 0, people, func(done int) { a.progress("listed", done, people) })
	if werr := errors.Join(w.Flush(), file.Close()); werr != nil && err == nil {
		err = fmt.Errorf("--out %s: %w", out, werr)
	}
	if err != nil {
		return fmt.Errorf("after %d people listed in %s (their ID numbers are in %s): %w", run.People, run.Elapsed.Round(time.Millisecond), out, err)
	}
	return a.emit(struct {
		load.ListingRun
		Out string `json:"out"`
	}{run, out}, func(w io.Writer) {
		fmt.Fprintf(w, "%s; ID numbers in %s\n", run, out)
	})
}

// listingFlags are what the commands that list people share.
type listingFlags struct {
	perCase, parallel              int
	court, clerk, officer, keyFile string
}

func (f *listingFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.IntVar(&f.perCase, "debtors-per-case", 50, fmt.Sprintf("debtors of each enforcement case opened (1 to %d)", load.MaxDebtorsPerCase))
	fs.IntVar(&f.parallel, "parallel", 8, "listing transactions in flight at once")
	fs.StringVar(&f.court, "court", "J0491", "the listing court's code")
	fs.StringVar(&f.clerk, "clerk", "clerk1", "identity of the command's org that opens the enforcement cases (a clerk)")
	fs.StringVar(&f.officer, "officer", "", "identity of the command's org that activates the cases, an enforcement officer (default: the command's identity; judges may too)")
	fs.StringVar(&f.keyFile, "key-file", "", "pseudonym key file (default: JUDICIAL_PSEUDONYM_KEY, or pseudonym.key beside the profile)")
}

func (f listingFlags) check() error {
	switch {
	case f.perCase < 1 || f.perCase > load.MaxDebtorsPerCase:
		return fmt.Errorf("--debtors-per-case must be 1 to %d (a case has at most %d parties, one of them the creditor), not %d",
			load.MaxDebtorsPerCase, api.MaxParties, f.perCase)
	case f.parallel < 1:
		return fmt.Errorf("--parallel must be at least 1, not %d", f.parallel)
	case f.court == "" || len(f.court) > creditapi.MaxCourt || strings.ContainsAny(f.court, "|\x00\U0010FFFF"):
		return fmt.Errorf("--court must be 1 to %d characters without '|' or NUL, not %q", creditapi.MaxCourt, f.court)
	case f.clerk == "":
		return fmt.Errorf("--clerk must name the identity that opens the enforcement cases")
	}
	return nil
}

// listing is what the commands that list people act as: the identities,
// connected, and the channel's pseudonym key.
type listing struct {
	f                     listingFlags
	judge, clerk, officer *gateway.Client
	key                   []byte
}

// connectListing connects the identities a listing needs and stores the
// channel's pseudonym key.
func (a *App) connectListing(ctx context.Context, f listingFlags) (*listing, error) {
	l := &listing{f: f}
	var err error
	if l.judge, err = a.connectAs(a.Org, a.Identity, gateway.WithRetry(load.ListingAttempts, gateway.DefaultBaseDelay)); err != nil {
		return nil, err
	}
	if l.clerk, err = a.connectAs(a.Org, f.clerk); err != nil {
		l.close()
		return nil, fmt.Errorf("--clerk: %w", err)
	}
	l.officer = l.judge
	if f.officer != "" {
		if l.officer, err = a.connectAs(a.Org, f.officer); err != nil {
			l.close()
			return nil, fmt.Errorf("--officer: %w", err)
		}
	}
	if l.key, err = a.channelKey(ctx, l.judge, f.keyFile); err != nil {
		l.close()
		return nil, err
	}
	return l, nil
}

func (l *listing) close() {
	for _, c := range []*gateway.Client{l.judge, l.clerk, l.officer} {
		if c != nil {
			c.Close()
		}
	}
}

// lister lists a new set of people; record, if not nil, is given each ID
// number once it is listed.
func (l *listing) lister(record func(id string) error) *load.Lister {
	return load.NewLister(l.judge, l.clerk, l.officer, l.key,
		load.ListingConfig{PerCase: l.f.perCase, Parallel: l.f.parallel, Court: l.f.court, Record: record})
}

// channelKey loads the pseudonym key file, making one if there is none,
// and stores the key on the channel as credit key init does: the cases'
// debtors must be the pseudonyms the chaincode computes from the ID
// numbers listed.
func (a *App) channelKey(ctx context.Context, judge *gateway.Client, flag string) ([]byte, error) {
	file := a.keyFile(flag)
	key, _, err := credit.LoadOrCreateKey(file)
	if err != nil {
		return nil, err
	}
	if _, _, err := credit.New(judge).SetPseudonymKey(ctx, key); err != nil {
		return nil, fmt.Errorf("storing the pseudonym key of %s on the channel: %w", file, err)
	}
	return key, nil
}
