package enforcement

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// RecordCollection records money a bank an approved measure of the case is
// addressed to saw paid to the court (a transfer to the court's account):
// like every report of money, it counts once the court confirms it
// (ConfirmCollection). A bank concludes nothing on its own word: an
// approved measure of 1 fen made any bank officer of the org able to
// record a million and conclude the case, with its listings removed and
// the debtor's personal data purged. The money a bank moves itself is the
// execution of an approved deduction (ConfirmMeasure), up to what was
// approved.
func (c *Contract) RecordCollection(tx *kernel.Tx, number string, amount int64, proof string, note string) (*enforcementapi.Case, error) {
	cs, err := beginCollection(tx, number, amount, &proof, note)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(cs.Banks, tx.Caller.MSPID) {
		return nil, access.Deny(string(tx.Function()), tx.Caller, fmt.Sprintf("is not of a bank an approved measure of case %s is addressed to (%s); the court reports and confirms other payments",
			number, strings.Join(cs.Banks, ", ")))
	}
	return cs, report(tx, cs, amount, proof, note, "to be confirmed by the court")
}

// ReportCollection reports money paid towards the case that no bank under
// a measure saw: it counts once another person confirms it
// (ConfirmCollection), so that no one person concludes a case.
func (c *Contract) ReportCollection(tx *kernel.Tx, number string, amount int64, proof string, note string) (*enforcementapi.Case, error) {
	cs, err := beginCollection(tx, number, amount, &proof, note)
	if err != nil {
		return nil, err
	}
	return cs, report(tx, cs, amount, proof, note, "to be confirmed by another person")
}

// report keeps money reported towards the case until it is confirmed.
func report(tx *kernel.Tx, cs *enforcementapi.Case, amount int64, proof, note, until string) error {
	if err := collectable(cs, amount+reported(cs)); err != nil {
		return err
	}
	if len(cs.Reports) >= enforcementapi.MaxPendingReports {
		return kernel.Errorf(api.CodeLimit, "case %s has %d collections awaiting confirmation; confirm them first", cs.Number, len(cs.Reports))
	}
	cs.Collections++
	r := enforcementapi.CollectionReport{ID: "R" + strconv.Itoa(cs.Collections), Amount: amount, Proof: proof, Note: note, ReportedBy: tx.Caller, ReportedAt: tx.At()}
	cs.Reports = append(cs.Reports, r)
	if _, err := appendOp(tx, cs, enforcementapi.Operation{Kind: enforcementapi.OpCollection, Step: enforcementapi.Requested, Officer: tx.Caller, Document: proof, Amount: amount,
		Note: "reported as " + r.ID + ", " + until + noteSuffix(note)}); err != nil {
		return err
	}
	tx.Event(enforcementapi.EventCollectionReported, cs.Number, map[string]string{"report": r.ID, "amount": strconv.FormatInt(amount, 10)})
	return nil
}

// ConfirmCollection confirms a reported collection, by a person other than
// the one who reported it; the money then counts, and may conclude the
// case.
func (c *Contract) ConfirmCollection(tx *kernel.Tx, number string, report string) (*enforcementapi.Case, error) {
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(cs.Reports, func(r enforcementapi.CollectionReport) bool { return r.ID == report })
	if i < 0 {
		return nil, kernel.Errorf(api.CodeNotFound, "case %s has no collection %q awaiting confirmation", number, api.Short(report))
	}
	r := cs.Reports[i]
	if r.ReportedBy.Same(tx.Caller) {
		return nil, access.Deny(string(tx.Function()), tx.Caller, fmt.Sprintf("reported collection %s of %s and cannot also confirm it", r.ID, number))
	}
	cs.Reports = slices.Delete(cs.Reports, i, i+1)
	op := enforcementapi.Operation{Kind: enforcementapi.OpCollection, Step: "confirmed", Officer: tx.Caller, Document: r.Proof,
		Note: r.ID + " reported by " + r.ReportedBy.String() + noteSuffix(r.Note)}
	if err := c.collect(tx, cs, r.Amount, op); err != nil {
		return nil, err
	}
	return cs, nil
}

// beginCollection authorises a report of money collected, checks the
// amount, its proof and note, and loads the case.
func beginCollection(tx *kernel.Tx, number string, amount int64, proof *string, note string) (*enforcementapi.Case, error) {
	if err := input.Payment(amount, proof); err != nil {
		return nil, err
	}
	if err := input.Text("note", note, enforcementapi.MaxNote, false); err != nil {
		return nil, err
	}
	return load(tx, number)
}

// reported is what the case's pending reports add up to.
func reported(cs *enforcementapi.Case) int64 {
	var sum int64
	for _, r := range cs.Reports {
		sum += r.Amount
	}
	return sum
}

// collectable says whether amount may still be collected in the case: it
// is open, not terminated, suspended or resumed as another case, and
// amount is within what is owed (under a settlement, what the settlement
// still asks).
func collectable(cs *enforcementapi.Case, amount int64) error {
	if err := resumedAway(cs); err != nil {
		return err
	}
	switch {
	case !cs.Open():
		return kernel.Errorf(api.CodeState, "case %s is %s; nothing more is collected in it", cs.Number, cs.State)
	case cs.State == cases.Terminated:
		return kernel.Errorf(api.CodeState, "case %s is terminated for lack of property; it is resumed as a case of its own before anything is collected", cs.Number)
	case cs.State == cases.Suspended:
		return kernel.Errorf(api.CodeState, "case %s is suspended (%s); nothing is collected until the suspension ends", cs.Number, cs.Suspension.Ground)
	}
	limit, of := cs.Outstanding(), "the amount due"
	if cs.State == cases.Settled {
		limit, of = cs.Settlement.Total-cs.Settlement.Paid, "the settlement"
	}
	if amount > limit {
		return kernel.Errorf(api.CodeInvalid, "amount %d fen is more than the %d fen still owed under %s of case %s", amount, limit, of, cs.Number)
	}
	return nil
}

// collect adds amount to what the case collected and concludes it when
// the amount due, or a settlement's total, is reached.
func (c *Contract) collect(t *kernel.Tx, cs *enforcementapi.Case, amount int64, op enforcementapi.Operation) error {
	if err := collectable(cs, amount); err != nil {
		return err
	}
	cs.Collected += amount
	op.Amount = amount
	if _, err := appendOp(t, cs, op); err != nil {
		return err
	}
	t.Event(cases.EventCollected, cs.Number, map[string]string{"amount": strconv.FormatInt(amount, 10), "collected": strconv.FormatInt(cs.Collected, 10)})
	switch {
	case cs.State == cases.Settled:
		if err := payInstalments(t, cs, amount); err != nil {
			return err
		}
		if cs.Settlement.Paid == cs.Settlement.Total {
			return c.conclude(t, cs, "settlement fully performed", cases.EndSettlementPerformed, op.Officer)
		}
	case cs.Outstanding() == 0:
		return c.conclude(t, cs, "amount due collected in full", cases.EndPerformed, op.Officer)
	}
	return nil
}

// Distribute pays amount of the collected, undistributed money out to
// the creditors: priority classes first, then pro rata in whole fen, the
// remainder by the largest-remainder rule (package distribution). The
// shares are in the log.
func (c *Contract) Distribute(tx *kernel.Tx, number string, amount int64, document string) (*enforcementapi.Distribution, error) {
	if err := input.Amount("amount", amount); err != nil {
		return nil, err
	}
	if err := input.Digest("document", &document); err != nil {
		return nil, err
	}
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	if held := cs.Collected - cs.Distributed; amount > held {
		return nil, kernel.Errorf(api.CodeInvalid, "amount %d fen is more than the %d fen collected and not yet distributed in case %s (collected %d, distributed %d)",
			amount, held, number, cs.Collected, cs.Distributed)
	}
	shares, err := allocate(amount, cs.Claims)
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "distributing in case %s: %v", number, err)
	}
	for i, s := range shares {
		cs.Claims[i].Distributed += s.Amount
	}
	cs.Distributed += amount
	op, err := appendOp(tx, cs, enforcementapi.Operation{Kind: enforcementapi.OpDistribution, Officer: tx.Caller, Document: document, Amount: amount, Shares: shares})
	if err != nil {
		return nil, err
	}
	tx.Event(cases.EventDistributed, number, map[string]string{"amount": strconv.FormatInt(amount, 10), "seq": strconv.Itoa(op.Seq)})
	return &enforcementapi.Distribution{Case: cs, Operation: op}, nil
}
