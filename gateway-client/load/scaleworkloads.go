package load

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/system"
)

// scalePageSize is the client's default page, a quarter of the most the
// chaincode serves (creditapi.MaxPerPerson).
const scalePageSize = gateway.DefaultPageSize

type scaleWorkload struct {
	name string
	call Call
}

// workloads are the calls measured at the size reached so far. Their
// errors never name a person.
func (s *scaler) workloads() []scaleWorkload {
	return []scaleWorkload{
		{"ping", s.ping()},
		{"verify", s.verify()},
		{"check", s.check()},
		{"page", s.page()},
	}
}

func (s *scaler) ping() Call {
	sys := system.New(s.lister.judge)
	return func(ctx context.Context, _, _ int) error {
		_, err := sys.Ping(ctx)
		return err
	}
}

// verify looks up a digest of the sample of those this run anchored.
func (s *scaler) verify() Call {
	ev := evidence.New(s.lister.judge)
	return func(ctx context.Context, _, _ int) error {
		v, err := ev.Lookup(ctx, api.SHA256, s.sample.pick())
		if err != nil {
			return err
		}
		if v.Verdict != evidenceapi.Anchored {
			return fmt.Errorf("a digest this run anchored verifies as %s", v.Verdict)
		}
		return nil
	}
}

// check checks, as the bank, a person this run listed, and every other
// call a valid ID number no one was listed under.
func (s *scaler) check() Call {
	bank := credit.New(s.bank)
	listed, people, everyone := s.people, s.lister.people, s.cfg.People
	return func(ctx context.Context, _, i int) error {
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
	}
}

// page pages through the court's dishonest listings, each caller
// following its own bookmarks from the start.
func (s *scaler) page() Call {
	cr, court := credit.New(s.lister.judge), s.lister.request.Court
	bookmarks := make([]string, s.cfg.Clients)
	return func(ctx context.Context, client, _ int) error {
		page, err := cr.Page(ctx, court, creditapi.Dishonest,
			gateway.WithPageSize(scalePageSize), gateway.WithBookmark(bookmarks[client]))
		if err != nil {
			return err
		}
		bookmarks[client] = page.Bookmark
		return nil
	}
}
