package credit

import (
	"fmt"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// ApplyCorrection records a listed person's application, through the
// court, to correct a listing: listed wrongly, or not removed when it
// should have been (2017 Provisions art. 11). The court decides within 15
// days (art. 12), counted as the law counts periods in days on the
// courts' calendar; a sweep reports an application still undecided then.
// One application is pending at a time.
func (c *Contract) ApplyCorrection(tx *kernel.Tx, id string, request string) (*creditapi.Listing, error) {
	var req creditapi.CorrectionRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := checkReason(&req.Reason, &req.Document); err != nil {
		return nil, err
	}
	l, err := activeListing(tx, id)
	if err != nil {
		return nil, err
	}
	for _, k := range l.Corrections {
		if k.State == creditapi.CorrectionPending {
			return nil, kernel.Errorf(api.CodeExists, "listing %s already has application %s pending, to be decided by %s", id, k.ID, k.DecideBy)
		}
	}
	if len(l.Corrections) == creditapi.MaxCorrections {
		return nil, kernel.Errorf(api.CodeLimit, "listing %s has %d correction applications, its limit", id, creditapi.MaxCorrections)
	}
	cal, err := kernel.Calendar(tx)
	if err != nil {
		return nil, err
	}
	decideBy, err := cal.PeriodEnd(tx.Now, creditapi.CorrectionDays)
	if err != nil {
		return nil, err
	}
	// Kept to the second (DecideBy), and so scheduled: the key that
	// Cancel and the sweep compute from the record must be this one.
	decideBy = decideBy.Truncate(time.Second)
	k := creditapi.Correction{ID: fmt.Sprintf("K%d", len(l.Corrections)+1), Reason: req.Reason, Document: req.Document,
		AppliedBy: tx.Caller, AppliedAt: tx.At(), DecideBy: decideBy.Format(time.RFC3339), State: creditapi.CorrectionPending}
	l.Corrections = append(l.Corrections, k)
	if err := kernel.Schedule(tx, decideBy, creditapi.KindCorrection, correctionID(l, k.ID)); err != nil {
		return nil, err
	}
	tx.Event(creditapi.EventCorrectionApplied, id, map[string]string{"application": k.ID, "decideBy": k.DecideBy})
	return l, nil
}

// DecideCorrection decides a pending application (art. 12): upheld, the
// listing is removed on the ground that it was wrong; rejected, it stays.
func (c *Contract) DecideCorrection(tx *kernel.Tx, id string, application string, request string) (*creditapi.Listing, error) {
	var req creditapi.CorrectionDecision
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := checkReason(&req.Reason, &req.Document); err != nil {
		return nil, err
	}
	l, err := activeListing(tx, id)
	if err != nil {
		return nil, err
	}
	k, err := pending(l, application)
	if err != nil {
		return nil, err
	}
	decideBy, err := time.Parse(time.RFC3339, k.DecideBy)
	if err != nil {
		return nil, kernel.Errorf(api.CodeCorrupt, "application %s of listing %s has an unreadable deadline", application, id)
	}
	if err := kernel.Cancel(tx, decideBy, creditapi.KindCorrection, correctionID(l, k.ID)); err != nil {
		return nil, err
	}
	by := tx.Caller
	k.State, k.Decision, k.DecidedBy, k.DecidedAt = creditapi.CorrectionRejected, req.Reason, &by, tx.At()
	if req.Uphold {
		k.State = creditapi.CorrectionUpheld
	}
	tx.Event(creditapi.EventCorrectionDecided, id, map[string]string{"application": k.ID, "state": k.State})
	if !req.Uphold {
		return l, nil
	}
	removal := creditapi.Removal{Ground: creditapi.GroundCorrected, By: tx.Caller, Document: req.Document, Note: "application " + k.ID + ": " + req.Reason}
	return l, remove(tx, l, removal)
}

func checkReason(reason, document *string) error {
	*reason = strings.TrimSpace(*reason)
	if n := len(*reason); n == 0 || n > creditapi.MaxReason {
		return kernel.Errorf(api.CodeInvalid, "reason must be 1 to %d bytes", creditapi.MaxReason)
	}
	return input.Digest("document", document)
}

func pending(l *creditapi.Listing, application string) (*creditapi.Correction, error) {
	for i := range l.Corrections {
		if k := &l.Corrections[i]; k.ID == application {
			if k.State != creditapi.CorrectionPending {
				return nil, kernel.Errorf(api.CodeState, "application %s of listing %s was already decided (%s by %s at %s)", application, l.ID, k.State, k.DecidedBy, k.DecidedAt)
			}
			return k, nil
		}
	}
	return nil, kernel.Errorf(api.CodeNotFound, "listing %s has no correction application %s", l.ID, api.Short(application))
}

// cancelCorrections takes a removed listing's pending applications out of
// the deadline index: there is nothing left to decide on.
func cancelCorrections(t *kernel.Tx, l *creditapi.Listing) error {
	for _, k := range l.Corrections {
		if k.State != creditapi.CorrectionPending {
			continue
		}
		due, err := time.Parse(time.RFC3339, k.DecideBy)
		if err != nil {
			return kernel.Errorf(api.CodeCorrupt, "application %s of listing %s has an unreadable deadline", k.ID, l.ID)
		}
		if err := kernel.Cancel(t, due, creditapi.KindCorrection, correctionID(l, k.ID)); err != nil {
			return err
		}
	}
	return nil
}

// correctionID names an application in the deadline index.
func correctionID(l *creditapi.Listing, application string) string { return l.ID + "#" + application }

// correctionRecords: marking an application overdue changes the listing,
// and so the copies in the records of those it binds.
func correctionRecords(t *kernel.Tx, id string) []string {
	listing, _, _ := strings.Cut(id, "#")
	return boundRecords(t, listing)
}

func correctionTime(t *kernel.Tx, id string) (time.Time, error) {
	listing, application, _ := strings.Cut(id, "#")
	l, err := getListing(t, listing)
	if err != nil {
		return time.Time{}, err
	}
	for _, k := range l.Corrections {
		if k.ID == application {
			return time.Parse(time.RFC3339, k.DecideBy)
		}
	}
	return time.Time{}, kernel.Errorf(api.CodeNotFound, "listing %s has no correction application %s", listing, application)
}

// correctionOverdue reports an application the court has not decided in
// its 15 days: the contract cannot decide it, so it marks it overdue and
// says so in an event the keeper and the court's systems watch.
func correctionOverdue(t *kernel.Tx, id string) (string, error) {
	listing, application, _ := strings.Cut(id, "#")
	l, err := getListing(t, listing)
	if err != nil {
		return "", err
	}
	k, err := pending(l, application)
	if err != nil {
		return "already decided; nothing to do", nil
	}
	k.Overdue = true
	t.Event(creditapi.EventCorrectionOverdue, listing, map[string]string{"application": k.ID, "decideBy": k.DecideBy, "court": l.Court})
	return "overdue: the court has not decided application " + k.ID + " within 15 days (2017 Provisions art. 12)", nil
}
