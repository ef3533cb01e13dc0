package credit

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// ApproveConsumption records a judge's approval of a specific necessary
// consumption by a restricted person or entity — a flight to see a doctor
// in another city, a child's school fees — until a time (2015 Provisions
// art. 8). A bank's check shows it with the restriction.
func (c *Contract) ApproveConsumption(tx *kernel.Tx, id string, request string) (*creditapi.Listing, error) {
	var req creditapi.ApprovalRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := input.Digest("document", &req.Document); err != nil {
		return nil, err
	}
	if n := len(strings.TrimSpace(req.Purpose)); n == 0 || n > creditapi.MaxReason {
		return nil, kernel.Errorf(api.CodeInvalid, "purpose (what the consumption is necessary for) must be 1 to %d bytes", creditapi.MaxReason)
	}
	until, err := time.Parse(time.RFC3339, req.Until)
	if err != nil || !until.After(tx.Now) {
		return nil, kernel.Errorf(api.CodeInvalid, "until %q must be an RFC 3339 time after the transaction time %s", api.Short(req.Until), tx.Now.Format(time.RFC3339))
	}
	l, err := activeListing(tx, id)
	if err != nil {
		return nil, err
	}
	if l.Kind != creditapi.Consumption {
		return nil, kernel.Errorf(api.CodeInvalid, "listing %s is a %s listing: consumption is approved on the consumption restriction (listing %s)", id, l.Kind, l.With)
	}
	if !slices.Contains(l.Restrictions, req.Restriction) {
		return nil, kernel.Errorf(api.CodeInvalid, "restriction %q is not one of listing %s's: %s", api.Short(req.Restriction), id, strings.Join(l.Restrictions, ", "))
	}
	if len(l.Approvals) == creditapi.MaxApprovals {
		return nil, kernel.Errorf(api.CodeLimit, "listing %s has %d approvals, its limit", id, creditapi.MaxApprovals)
	}
	a := creditapi.Approval{ID: fmt.Sprintf("A%d", len(l.Approvals)+1), Restriction: req.Restriction, Purpose: strings.TrimSpace(req.Purpose),
		Until: until.UTC().Format(time.RFC3339), Document: req.Document, By: tx.Caller, At: tx.At()}
	l.Approvals = append(l.Approvals, a)
	tx.Event(creditapi.EventConsumptionApproved, id, map[string]string{"approval": a.ID, "restriction": a.Restriction, "until": a.Until})
	return l, nil
}
