package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/enforcement"
	"github.com/courtchain/judicial/gateway-client/gateway"
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
			if people < 1 {
				return fmt.Errorf("--people must be at least 1, not %d", people)
			}
			if people > maxPeople {
				return fmt.Errorf("--people must be at most %d, not %d", maxPeople, people)
			}
			if out == "" {
				return fmt.Errorf("--out must name the file for the ID numbers listed")
			}
			if err := f.check(); err != nil {
				return err
			}
			ctx := cmd.Context()
			l, err := a.newLister(ctx, f)
			if err != nil {
				return err
			}
			defer l.close()
			// Created before the first listing, so that a run that cannot
			// keep its ID numbers does not list anyone.
			file, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
			if err != nil {
				return fmt.Errorf("--out: %w", err)
			}
			w := bufio.NewWriter(file)
			l.record = func(id string) error {
				_, err := w.WriteString(id + "\n")
				return err
			}
			l.progress = func(done int) { a.progress("listed", done, people) }
			run, err := l.list(ctx, 0, people)
			if werr := errors.Join(w.Flush(), file.Close()); werr != nil && err == nil {
				err = fmt.Errorf("--out %s: %w", out, werr)
			}
			if err != nil {
				return fmt.Errorf("after %d people listed in %s (their ID numbers are in %s): %w", run.People, run.Elapsed.Round(time.Millisecond), out, err)
			}
			return a.emit(struct {
				listingRun
				Out string `json:"out"`
			}{run, out}, func(w io.Writer) {
				fmt.Fprintf(w, "%s; ID numbers in %s\n", run, out)
			})
		},
	}
	cmd.Flags().IntVar(&people, "people", 1000, "people to list (two listings each)")
	cmd.Flags().StringVar(&out, "out", "listed-ids.txt", "file for the ID numbers listed, one a line (mode 0600)")
	f.register(cmd)
	return cmd
}

// maxDebtorsPerCase: a case has at most api.MaxParties parties, one of
// them its creditor, and when a case ends its listings in force (two for
// each debtor listed as dishonest) are read back in one read bounded by
// creditapi.MaxPerPerson.
const maxDebtorsPerCase = min(api.MaxParties-1, creditapi.MaxPerPerson/2)

// listingAttempts is how often a listing is tried when it loses a read
// conflict. Every listing adds to one of 1,000 counters of its court and
// kind (and writes the person's record), so 64 listings in flight collide
// now and then; the default five tries can run out under load.
const listingAttempts = 20

// listingFlags are what the commands that list people share.
type listingFlags struct {
	perCase, parallel              int
	court, clerk, officer, keyFile string
}

func (f *listingFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.IntVar(&f.perCase, "debtors-per-case", 50, fmt.Sprintf("debtors of each enforcement case opened (1 to %d)", maxDebtorsPerCase))
	fs.IntVar(&f.parallel, "parallel", 8, "listing transactions in flight at once")
	fs.StringVar(&f.court, "court", "J0491", "the listing court's code")
	fs.StringVar(&f.clerk, "clerk", "clerk1", "identity of the command's org that opens the enforcement cases (a clerk)")
	fs.StringVar(&f.officer, "officer", "", "identity of the command's org that activates the cases, an enforcement officer (default: the command's identity; judges may too)")
	fs.StringVar(&f.keyFile, "key-file", "", "pseudonym key file (default: JUDICIAL_PSEUDONYM_KEY, or pseudonym.key beside the profile)")
}

func (f listingFlags) check() error {
	switch {
	case f.perCase < 1 || f.perCase > maxDebtorsPerCase:
		return fmt.Errorf("--debtors-per-case must be 1 to %d (a case has at most %d parties, one of them the creditor), not %d",
			maxDebtorsPerCase, api.MaxParties, f.perCase)
	case f.parallel < 1:
		return fmt.Errorf("--parallel must be at least 1, not %d", f.parallel)
	case f.court == "" || len(f.court) > creditapi.MaxCourt || strings.ContainsAny(f.court, "|\x00\U0010FFFF"):
		return fmt.Errorf("--court must be 1 to %d characters without '|' or NUL, not %q", creditapi.MaxCourt, f.court)
	case f.clerk == "":
		return fmt.Errorf("--clerk must name the identity that opens the enforcement cases")
	}
	return nil
}

// lister lists people for the load commands: it opens enforcement cases
// against them, activates them and lists each debtor, parallel
// transactions in flight.
type lister struct {
	judge, clerk, officer *gateway.Client
	key                   []byte
	people                persons
	request               creditapi.ListRequest
	perCase, parallel     int
	// tag names this run in the cases' bases; cases counts the cases
	// opened so far, so that a second call opens new ones.
	tag   string
	cases int
	// record, if set, is called with each ID number once it is listed;
	// progress with how many people are listed so far in this call.
	record   func(id string) error
	progress func(done int)
}

// newLister connects the identities a listing needs, stores the channel's
// pseudonym key and draws a new set of people.
func (a *App) newLister(ctx context.Context, f listingFlags) (*lister, error) {
	seed := rand.Uint64()
	l := &lister{people: newPersons(seed), perCase: f.perCase, parallel: f.parallel, tag: fmt.Sprintf("%016x", seed),
		request: creditapi.ListRequest{Kinds: []string{creditapi.Dishonest}, Court: f.court, Ground: 1,
			Basis: "ruling (2026)J执1号; 2017 SPC Provisions art. 1(1)", Exclusion: "no security given; nothing frozen, seized or sealed"}}
	var err error
	if l.judge, err = a.connectAs(a.Org, a.Identity, gateway.WithRetry(listingAttempts, gateway.DefaultBaseDelay)); err != nil {
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

func (l *lister) close() {
	for _, c := range []*gateway.Client{l.judge, l.clerk, l.officer} {
		if c != nil {
			c.Close()
		}
	}
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

// listingRun is what one call of list did.
type listingRun struct {
	People       int           `json:"people"`
	Listings     int           `json:"listings"`
	Cases        int           `json:"cases"`
	Transactions int           `json:"transactions"`
	Retries      int           `json:"retries"`
	Parallel     int           `json:"parallel"`
	Elapsed      time.Duration `json:"elapsed"`
	PerSecond    float64       `json:"listingsPerSecond"`
}

func (r listingRun) String() string {
	return fmt.Sprintf("%d people listed (%d listings) in %d cases, %d transactions in %s: %.1f listings/s (%d in flight), %d retried for a conflict",
		r.People, r.Listings, r.Cases, r.Transactions, r.Elapsed.Round(time.Millisecond), r.PerSecond, r.Parallel, r.Retries)
}

// debtor is a person of an opened, active case, ready to be listed.
type debtor struct {
	index      int
	caseNumber string
}

// list lists people from to to (indexes into l.people). Each worker lists
// a debtor whose case is ready if there is one, and opens the next case
// otherwise, so that parallel transactions stay in flight from the first
// case to the last listing.
func (l *lister) list(ctx context.Context, from, to int) (listingRun, error) {
	n := to - from
	if n <= 0 {
		return listingRun{Parallel: l.parallel}, nil
	}
	cases := (n + l.perCase - 1) / l.perCase
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		run      = listingRun{Parallel: l.parallel}
		firstErr error
		next     atomic.Int64
		settled  atomic.Int64
		wg       sync.WaitGroup
	)
	ready := make(chan debtor, n)
	allSettled := make(chan struct{})
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	open := func(c int) {
		lo := from + c*l.perCase
		hi := min(lo+l.perCase, to)
		number, err := l.openCase(ctx, l.cases+c, lo, hi)
		if err != nil {
			fail(err)
			return
		}
		mu.Lock()
		run.Cases++
		run.Transactions += 2
		mu.Unlock()
		for i := lo; i < hi; i++ {
			ready <- debtor{index: i, caseNumber: number}
		}
	}
	listOne := func(d debtor) {
		listings, res, err := credit.New(l.judge).List(ctx, d.caseNumber, l.request, l.subject(d.index))
		if err != nil {
			// The chaincode's errors never repeat a name or an ID number.
			fail(fmt.Errorf("listing debtor %d of case %s: %w", d.index-from+1, d.caseNumber, err))
			return
		}
		mu.Lock()
		defer mu.Unlock()
		run.People++
		run.Listings += len(listings)
		run.Transactions++
		run.Retries += res.Attempts - 1
		if l.record != nil {
			if err := l.record(l.people.id(d.index)); err != nil && firstErr == nil {
				firstErr = fmt.Errorf("keeping the ID numbers listed: %w", err)
				cancel()
			}
		}
		if l.progress != nil && (run.People%100 == 0 || run.People == n) {
			l.progress(run.People)
		}
		if settled.Add(1) == int64(n) {
			close(allSettled)
		}
	}
	start := time.Now()
	for range l.parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				select {
				case d := <-ready:
					listOne(d)
					continue
				default:
				}
				if c := int(next.Add(1)) - 1; c < cases {
					open(c)
					continue
				}
				// Every case is taken: wait for the debtors of those
				// still being opened.
				select {
				case d := <-ready:
					listOne(d)
				case <-allSettled:
					return
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	wg.Wait()
	l.cases += cases
	run.Elapsed = time.Since(start)
	run.PerSecond = float64(run.Listings) / run.Elapsed.Seconds()
	if firstErr == nil && run.People < n {
		firstErr = ctx.Err()
	}
	return run, firstErr
}

// openCase opens an enforcement case of 80,000 fen against people lo to
// hi and activates it.
func (l *lister) openCase(ctx context.Context, c, lo, hi int) (string, error) {
	debtors := make([]string, 0, hi-lo)
	for i := lo; i < hi; i++ {
		p, err := idnumber.Pseudonym(l.key, l.people.id(i))
		if err != nil {
			return "", err
		}
		debtors = append(debtors, p)
	}
	req := enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: "LOAD-" + l.tag + "-" + strconv.Itoa(c)},
		Document: randomDigest(), Creditors: []string{randomDigest()}, Debtors: debtors, Amount: 80000}
	cs, _, err := enforcement.New(l.clerk).OpenCase(ctx, req)
	if err != nil {
		return "", fmt.Errorf("opening an enforcement case as --clerk %s: %w", l.clerk.Identity(), err)
	}
	if _, _, err := enforcement.New(l.officer).Activate(ctx, cs.Number, randomDigest()); err != nil {
		return "", fmt.Errorf("activating enforcement case %s as %s: %w", cs.Number, l.officer.Identity(), err)
	}
	return cs.Number, nil
}

func (l *lister) subject(i int) creditapi.Subject {
	return creditapi.Subject{Name: "测试" + strconv.Itoa(i+1), IDNumber: l.people.id(i)}
}

// The people a run lists are numbered into a space of resident ID numbers
// that could all have been issued: ten districts' codes, the birth dates
// of 50 years from 1950 (every one an adult), and the 1,000 sequence
// numbers of each date. A run's seed picks where in the space its
// numbering starts.
var (
	idRegions  = [...]string{"110105", "120101", "310104", "320102", "330106", "420106", "440106", "440305", "510107", "610113"}
	firstBirth = time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
)

const (
	birthDays = 18262
	idSpace   = len(idRegions) * birthDays * 1000
	// idStride is a prime that divides no factor of idSpace (2, 5, 23 and
	// 397), so i ↦ (offset + i·idStride) mod idSpace gives each index its
	// own number, and consecutive people differ in region, date and
	// sequence number alike.
	idStride = 100_003
	// maxPeople leaves half the space to the numbers a run never lists.
	maxPeople = idSpace / 2
)

// persons numbers the people of one run.
type persons struct{ offset int }

func newPersons(seed uint64) persons { return persons{offset: int(seed % uint64(idSpace))} }

// id is the resident ID number of person i (0 ≤ i < idSpace).
func (p persons) id(i int) string {
	m := (p.offset + i%idSpace*idStride) % idSpace
	seq, m := m%1000, m/1000
	day, region := m%birthDays, m/birthDays
	base := idRegions[region] + firstBirth.AddDate(0, 0, day).Format("20060102") + fmt.Sprintf("%03d", seq)
	return base + string(checkCharacter(base))
}

// unlisted is a random ID number of this run's space that is not among its
// first listed people.
func (p persons) unlisted(listed int) string {
	return p.id(listed + rand.IntN(idSpace-listed))
}

// checkCharacter completes 17 digits as GB 11643-1999 does (the idnumber
// package's documentation gives the rule).
func checkCharacter(base string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(base[i]-'0') * w
	}
	return "10X98765432"[sum%11]
}
