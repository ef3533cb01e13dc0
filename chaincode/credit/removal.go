package credit

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// Remove removes a listing on a ground a judge decides: for a dishonest
// listing one of art. 10's (2017 Provisions) or art. 2 para. 2's early
// removal of a defaulter who performs or corrects; for a consumption
// restriction one of art. 9's (2015 Provisions): adequate security, the
// creditor's consent, full performance. The ground and the decision's
// digest are on the record. A term's end, an upheld correction and the
// case events the ledger sees remove listings on their own.
func (c *Contract) Remove(tx *kernel.Tx, id string, request string) (*creditapi.Listing, error) {
	var req creditapi.RemovalRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := input.Digest("document", &req.Document); err != nil {
		return nil, err
	}
	if len(req.Note) > creditapi.MaxReason {
		return nil, kernel.Errorf(api.CodeInvalid, "note is %d bytes; at most %d", len(req.Note), creditapi.MaxReason)
	}
	l, err := activeListing(tx, id)
	if err != nil {
		return nil, err
	}
	grounds := creditapi.JudgeGrounds[l.Kind]
	if !slices.Contains(grounds, req.Ground) {
		return nil, kernel.Errorf(api.CodeInvalid, "ground %q: a judge removes a %s listing on one of %s", api.Short(req.Ground), l.Kind, strings.Join(grounds, ", "))
	}
	if req.Ground == creditapi.GroundEarly && l.End == "" {
		return nil, kernel.Errorf(api.CodeInvalid, "listing %s has no term to end early (ground (1) of art. 1): it ends when the debtor performs (ground %s)", id, creditapi.GroundPerformed)
	}
	removal := creditapi.Removal{Ground: req.Ground, By: tx.Caller, Document: req.Document, Note: strings.TrimSpace(req.Note)}
	if err := remove(tx, l, removal); err != nil {
		return nil, err
	}
	return l, nil
}

// activeListing reads a listing that is still in force.
func activeListing(t *kernel.Tx, id string) (*creditapi.Listing, error) {
	l, err := getListing(t, id)
	if err != nil {
		return nil, err
	}
	if l.State != creditapi.Active {
		return nil, kernel.Errorf(api.CodeState, "listing %s was already removed (%s, by %s at %s)", id, l.Removal.Ground, l.Removal.By, l.Removal.At)
	}
	return l, nil
}

// remove ends a listing: it leaves the indexes and the deadline index,
// its personal data is purged from the collection (and its history), and
// the public record says on what ground, by whom and when it ended.
func remove(t *kernel.Tx, l *creditapi.Listing, r creditapi.Removal) error {
	r.At, r.TxID = t.At(), t.TxID()
	l.State, l.Removal = creditapi.Removed, &r
	if err := changesOf(t).index(t, l, false); err != nil {
		return err
	}
	if l.End != "" {
		end, err := time.Parse(time.RFC3339, l.End)
		if err != nil {
			return kernel.Errorf(api.CodeCorrupt, "listing %s has an unreadable end: %v", l.ID, err)
		}
		if err := kernel.Cancel(t, end, creditapi.KindExpiry, expiryID(l)); err != nil {
			return err
		}
	}
	if err := cancelCorrections(t, l); err != nil {
		return err
	}
	if err := t.GetStub().PurgePrivateData(creditapi.Collection, personalKey+l.ID); err != nil {
		return fmt.Errorf("purging the personal data of listing %s: %w", l.ID, err)
	}
	t.Event(creditapi.EventListingRemoved, l.ID, map[string]string{"kind": l.Kind, "case": l.Case, "ground": r.Ground})
	return nil
}

// endings are the listings a case event removes, and on what ground.
// Every art. 10 ground the ledger sees removes a dishonest listing (2017
// Provisions art. 10(1), (2), (5), (6), (7)). A consumption restriction
// must be lifted on full performance (2015 Provisions art. 9); a ruling
// not to enforce and a final termination leave no enforcement for it to
// serve, so they lift it too (docs/legal.md marks this reading as one to
// confirm); a suspension does not, since enforcement may go on.
var endings = map[cases.Ending]struct {
	ground      string
	consumption bool
}{
	cases.EndPerformed:           {creditapi.GroundPerformed, true},
	cases.EndSettlementPerformed: {creditapi.GroundSettlementPerformed, true},
	cases.EndSuspended:           {creditapi.GroundSuspended, false},
	cases.EndNotEnforced:         {creditapi.GroundNotEnforced, true},
	cases.EndFinallyTerminated:   {creditapi.GroundFinallyTerminated, true},
}

// OnCaseEnded removes the listings of an enforcement case that stopped
// binding its debtors, in the transaction that ends it: the enforcement
// contract runs it as a hook, wired in main.
func OnCaseEnded(t *kernel.Tx, number string, why cases.Ending) error {
	end, ok := endings[why]
	if !ok {
		return kernel.Errorf(api.CodeInvalid, "case %s ended %q, which the credit contract does not know", number, why)
	}
	bound, err := listed(t, caseIndex, []string{number})
	if err != nil {
		return err
	}
	for _, l := range bound {
		if l.Kind == creditapi.Consumption && !end.consumption {
			continue
		}
		if err := remove(t, l, creditapi.Removal{Ground: end.ground, Auto: true, By: t.Auto()}); err != nil {
			return err
		}
	}
	return nil
}

// Kinds are the deadline kinds this contract schedules.
func Kinds() []kernel.DeadlineKind {
	return []kernel.DeadlineKind{
		{Name: creditapi.KindExpiry, DueTime: expiryTime, Process: expired, Records: expiryRecords},
		{Name: creditapi.KindCorrection, DueTime: correctionTime, Process: correctionOverdue, Records: correctionRecords},
	}
}

// expiryID names a listing's expiry in the deadline index. The person
// after the listing's ID is no longer what a sweep reads to know which
// records the expiry changes (expiryRecords reads the listing, which
// names every person it binds); it stays because the index entries
// already on the ledger carry it.
func expiryID(l *creditapi.Listing) string { return l.ID + "#" + l.Person }

// expiryRecords makes a sweep remove at most one listing per person and
// per counter shard: two removals that share either would each read it
// unchanged.
func expiryRecords(t *kernel.Tx, id string) []string {
	listing, _, _ := strings.Cut(id, "#")
	return append(boundRecords(t, listing), "counter shard "+shard(listing))
}

// boundRecords are the records a change of a listing rewrites: its own
// and those of every person it binds, the persons restricted with an
// entity among them (the item's ID names only the subject).
func boundRecords(t *kernel.Tx, id string) []string {
	out := []string{"listing " + id}
	l, err := getListing(t, id)
	if err != nil {
		return out
	}
	for _, p := range bound(l) {
		out = append(out, "person "+p)
	}
	return out
}

func expiryTime(t *kernel.Tx, id string) (time.Time, error) {
	listing, _, _ := strings.Cut(id, "#")
	l, err := getListing(t, listing)
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, l.End)
}

// expired removes a listing whose term has ended (2017 Provisions, art.
// 10, last paragraph: within 3 working days; the sweep does it at once).
func expired(t *kernel.Tx, id string) (string, error) {
	listing, _, _ := strings.Cut(id, "#")
	l, err := getListing(t, listing)
	if err != nil {
		return "", err
	}
	if l.State != creditapi.Active {
		return "listing already " + l.State + "; nothing to do", nil
	}
	if err := remove(t, l, creditapi.Removal{Ground: creditapi.GroundTermEnded, Auto: true, By: t.Auto()}); err != nil {
		return "", err
	}
	return "removed: term ended", nil
}
