package load

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
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
)

// MaxDebtorsPerCase: a case has at most api.MaxParties parties, one of
// them its creditor, and when a case ends its listings in force (two for
// each debtor listed as dishonest) are read back in one read bounded by
// creditapi.MaxPerPerson.
const MaxDebtorsPerCase = min(api.MaxParties-1, creditapi.MaxPerPerson/2)

// ListingAttempts is how often a listing is tried when it loses a read
// conflict (the lister's judge connects with gateway.WithRetry of it).
// Every listing adds to one of 1,000 counters of its court and kind (and
// writes the person's record), so 64 listings in flight collide now and
// then; the default five tries can run out under load.
const ListingAttempts = 20

// ListingConfig is how a Lister lists.
type ListingConfig struct {
	// PerCase debtors are named in each enforcement case opened (1 to
	// MaxDebtorsPerCase); Parallel transactions are in flight at once.
	PerCase, Parallel int
	// Court is the listing court's code.
	Court string
	// Record, if set, is called with each ID number once it is listed.
	Record func(id string) error
}

// Lister lists made-up people as dishonest judgment defaulters: it opens
// enforcement cases against them, activates them and lists each debtor,
// parallel transactions in flight.
type Lister struct {
	judge, clerk, officer *gateway.Client
	key                   []byte
	people                persons
	request               creditapi.ListRequest
	perCase, parallel     int
	record                func(id string) error
	// tag names this run in the cases' bases; cases counts the cases
	// opened so far, so that a second call opens new ones.
	tag   string
	cases int
}

// NewLister lists as judge, opens the cases as clerk and activates them
// as officer; key is the channel's pseudonym key, already stored on the
// channel: the cases' debtors must be the pseudonyms the chaincode
// computes from the ID numbers listed. It draws a new set of people. The
// clients stay the caller's to close.
func NewLister(judge, clerk, officer *gateway.Client, key []byte, cfg ListingConfig) *Lister {
	seed := rand.Uint64()
	return &Lister{judge: judge, clerk: clerk, officer: officer, key: key, people: newPersons(seed),
		perCase: cfg.PerCase, parallel: cfg.Parallel, record: cfg.Record, tag: fmt.Sprintf("%016x", seed),
		request: creditapi.ListRequest{Kinds: []string{creditapi.Dishonest}, Court: cfg.Court, Ground: 1,
			Basis: "ruling (2026)J执1号; 2017 SPC Provisions art. 1(1)", Exclusion: "no security given; nothing frozen, seized or sealed"}}
}

// ListingRun is what one call of List did.
type ListingRun struct {
	People       int           `json:"people"`
	Listings     int           `json:"listings"`
	Cases        int           `json:"cases"`
	Transactions int           `json:"transactions"`
	Retries      int           `json:"retries"`
	Parallel     int           `json:"parallel"`
	Elapsed      time.Duration `json:"elapsed"`
	PerSecond    float64       `json:"listingsPerSecond"`
}

func (r ListingRun) String() string {
	return fmt.Sprintf("%d people listed (%d listings) in %d cases, %d transactions in %s: %.1f listings/s (%d in flight), %d retried for a conflict",
		r.People, r.Listings, r.Cases, r.Transactions, r.Elapsed.Round(time.Millisecond), r.PerSecond, r.Parallel, r.Retries)
}

// List lists people from to to (indexes into the lister's people), and
// calls progress (if not nil) with how many this call has listed, every
// hundred and at the end.
func (l *Lister) List(ctx context.Context, from, to int, progress func(done int)) (ListingRun, error) {
	n := to - from
	if n <= 0 {
		return ListingRun{Parallel: l.parallel}, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c := &listing{Lister: l, from: from, to: to, n: n, toOpen: (n + l.perCase - 1) / l.perCase, progress: progress, cancel: cancel,
		run: ListingRun{Parallel: l.parallel}, ready: make(chan debtor, n), allSettled: make(chan struct{})}
	start := time.Now()
	var wg sync.WaitGroup
	for range l.parallel {
		wg.Go(func() { c.work(ctx) })
	}
	wg.Wait()
	l.cases += c.toOpen
	run := c.run
	run.Elapsed = time.Since(start)
	run.PerSecond = float64(run.Listings) / run.Elapsed.Seconds()
	if c.firstErr == nil && run.People < n {
		c.firstErr = ctx.Err()
	}
	return run, c.firstErr
}

// listing is one call of List, which its workers share.
type listing struct {
	*Lister
	// from, to and n are the people of this call; toOpen is how many
	// cases it opens.
	from, to, n, toOpen int
	progress            func(done int)
	cancel              context.CancelFunc
	// next is the next case to open; settled counts the debtors listed,
	// and allSettled is closed when they all are.
	next, settled atomic.Int64
	ready         chan debtor
	allSettled    chan struct{}

	mu       sync.Mutex
	run      ListingRun
	firstErr error
}

// debtor is a person of an opened, active case, ready to be listed.
type debtor struct {
	index      int
	caseNumber string
}

// work lists a debtor whose case is ready if there is one, and opens the
// next case otherwise, so that parallel transactions stay in flight from
// the first case to the last listing.
func (c *listing) work(ctx context.Context) {
	for ctx.Err() == nil {
		select {
		case d := <-c.ready:
			c.listOne(ctx, d)
			continue
		default:
		}
		if i := int(c.next.Add(1)) - 1; i < c.toOpen {
			c.open(ctx, i)
			continue
		}
		// Every case is taken: wait for the debtors of those still being
		// opened.
		select {
		case d := <-c.ready:
			c.listOne(ctx, d)
		case <-c.allSettled:
			return
		case <-ctx.Done():
			return
		}
	}
}

// fail keeps the first error and stops the other workers.
func (c *listing) fail(err error) {
	c.mu.Lock()
	if c.firstErr == nil {
		c.firstErr = err
	}
	c.mu.Unlock()
	c.cancel()
}

// open opens case i of this call and makes its debtors ready.
func (c *listing) open(ctx context.Context, i int) {
	lo := c.from + i*c.perCase
	hi := min(lo+c.perCase, c.to)
	number, err := c.openCase(ctx, c.cases+i, lo, hi)
	if err != nil {
		c.fail(err)
		return
	}
	c.mu.Lock()
	c.run.Cases++
	c.run.Transactions += 2
	c.mu.Unlock()
	for p := lo; p < hi; p++ {
		c.ready <- debtor{index: p, caseNumber: number}
	}
}

// listOne lists a debtor, records the ID number and reports progress.
func (c *listing) listOne(ctx context.Context, d debtor) {
	listings, res, err := credit.New(c.judge).List(ctx, d.caseNumber, c.request, c.subject(d.index))
	if err != nil {
		// The chaincode's errors never repeat a name or an ID number.
		c.fail(fmt.Errorf("listing debtor %d of case %s: %w", d.index-c.from+1, d.caseNumber, err))
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.run.People++
	c.run.Listings += len(listings)
	c.run.Transactions++
	c.run.Retries += res.Attempts - 1
	if c.record != nil {
		if err := c.record(c.people.id(d.index)); err != nil && c.firstErr == nil {
			c.firstErr = fmt.Errorf("keeping the ID numbers listed: %w", err)
			c.cancel()
		}
	}
	if c.progress != nil && (c.run.People%100 == 0 || c.run.People == c.n) {
		c.progress(c.run.People)
	}
	if c.settled.Add(1) == int64(c.n) {
		close(c.allSettled)
	}
}

// openCase opens an enforcement case of 80,000 fen against people lo to
// hi and activates it.
func (l *Lister) openCase(ctx context.Context, c, lo, hi int) (string, error) {
	debtors := make([]string, 0, hi-lo)
	for i := lo; i < hi; i++ {
		p, err := idnumber.Pseudonym(l.key, l.people.id(i))
		if err != nil {
			return "", err
		}
		debtors = append(debtors, p)
	}
	req := enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: "LOAD-" + l.tag + "-" + strconv.Itoa(c)},
		Document: RandomDigest(), Creditors: []string{RandomDigest()}, Debtors: debtors, Amount: 80000}
	cs, _, err := enforcement.New(l.clerk).OpenCase(ctx, req)
	if err != nil {
		return "", fmt.Errorf("opening an enforcement case as --clerk %s: %w", l.clerk.Identity(), err)
	}
	if _, _, err := enforcement.New(l.officer).Activate(ctx, cs.Number, RandomDigest()); err != nil {
		return "", fmt.Errorf("activating enforcement case %s as %s: %w", cs.Number, l.officer.Identity(), err)
	}
	return cs.Number, nil
}

func (l *Lister) subject(i int) creditapi.Subject {
	return creditapi.Subject{Name: "测试" + strconv.Itoa(i+1), IDNumber: l.people.id(i)}
}
