package mediation

import (
	"fmt"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// Payments on an obligation or a judgment are reported with their proof
// and count once someone of another org confirms them: the bank that saw
// the money move, or a clerk on the creditor's word. No one person, and
// no one org, both reports and confirms a payment: two officers of one
// bank could otherwise discharge a judgment between them, and the
// enforcement the creditor authorised in advance would never open. A
// judgment's payment is confirmed with the court on one side or the
// other.

// report adds a payment report of amount to reports, within what is still
// owed and not already reported.
func report(t *kernel.Tx, reports *[]*mediationapi.Performance, amount int64, proof string, owed int64, what string) error {
	if len(*reports) >= mediationapi.MaxReports {
		return kernel.Errorf(api.CodeLimit, "%s has %d payment reports, the most one may have", what, len(*reports))
	}
	if waiting := pending(*reports); amount > owed-waiting {
		return kernel.Errorf(api.CodeInvalid, "amount %d fen is more than the %d fen still owed on %s (%d reported and unconfirmed)",
			amount, owed-waiting, what, waiting)
	}
	*reports = append(*reports, &mediationapi.Performance{Amount: amount, Proof: proof, ReportedBy: t.Caller, ReportedAt: t.At()})
	return nil
}

// confirm marks report i confirmed by the caller, who must be of another
// org than the person who reported it, and with withCourt, the court must
// be one of the two.
func confirm(t *kernel.Tx, reports []*mediationapi.Performance, i int, what string, withCourt bool) (*mediationapi.Performance, error) {
	if i < 0 || i >= len(reports) {
		return nil, kernel.Errorf(api.CodeNotFound, "%s has %d reports; report %d does not exist", what, len(reports), i)
	}
	r := reports[i]
	switch {
	case r.ReportedBy.Same(t.Caller):
		return nil, access.Deny(string(t.Function()), t.Caller, fmt.Sprintf("reported payment %d of %s and cannot also confirm it", i, what))
	case r.ReportedBy.MSPID == t.Caller.MSPID:
		return nil, access.Deny(string(t.Function()), t.Caller, fmt.Sprintf("is of %s, as %s who reported payment %d of %s is: someone of another org confirms it", t.Caller.MSPID, r.ReportedBy, i, what))
	case withCourt && r.ReportedBy.MSPID != access.Court() && t.Caller.MSPID != access.Court():
		return nil, access.Deny(string(t.Function()), t.Caller, fmt.Sprintf("is not of the court, and neither is %s who reported payment %d of %s: the court reports or confirms a judgment's payment", r.ReportedBy, i, what))
	}
	if r.ConfirmedBy != nil {
		return nil, kernel.Errorf(api.CodeState, "report %d of %s was already confirmed by %s at %s", i, what, r.ConfirmedBy, r.ConfirmedAt)
	}
	by := t.Caller
	r.ConfirmedBy, r.ConfirmedAt = &by, t.At()
	return r, nil
}

func pending(reports []*mediationapi.Performance) int64 {
	var sum int64
	for _, r := range reports {
		if r.ConfirmedBy == nil {
			sum += r.Amount
		}
	}
	return sum
}
