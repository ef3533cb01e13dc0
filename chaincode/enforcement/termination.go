package enforcement

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// The current enforcement procedure ends for lack of property (终结本次执行
// 程序) only when five conditions hold (2016 SPC Provisions on Strictly
// Regulating the Termination of the Current Enforcement Procedure, art.
// 1):
//
//	(1) the enforcement notice served and the debtor ordered to report
//	    property: a notice (Activate) and a report_order in the log;
//	(2) the consumption-restriction order issued and, where a ground
//	    exists, the debtor listed as dishonest: a restriction_order, and
//	    a listing or no_listing_grounds (the credit contract lists; an
//	    officer records here that it was done, or that art. 1 of the 2017
//	    List Provisions gives no ground);
//	(3) the property investigation exhausted: a search through every
//	    channel of parameter enforcement.searchChannels (LogSearch);
//	(4) more than three calendar months since the case was docketed
//	    (parameter enforcement.terminationMonths, never below the law's
//	    3 but on a test network);
//	(5) a missing debtor searched for: a debtor_search, or
//	    debtor_not_missing where the debtor's whereabouts are known.
//
// Each log entry that meets one is recorded in the case's checks as it
// is appended, so Terminate reads the case, not its whole log. A
// resumption case carries over the entries of (1) and (2) from the case
// it resumes: the notice, the orders and the listing concern the debtor
// in the same matter and stay in force. It searches (3), waits (4) and
// looks for the debtor (5) on its own.

// conditionKinds are the operation kinds that meet a condition; carried
// are those a resumption case carries over.
var (
	conditionKinds = []string{enforcementapi.OpNotice, enforcementapi.OpReportOrder, enforcementapi.OpRestrictionOrder,
		enforcementapi.OpListing, enforcementapi.OpNoListingGrounds, enforcementapi.OpSearch,
		enforcementapi.OpDebtorSearch, enforcementapi.OpDebtorNotMissing}
	carried = []string{enforcementapi.OpNotice, enforcementapi.OpReportOrder, enforcementapi.OpRestrictionOrder,
		enforcementapi.OpListing, enforcementapi.OpNoListingGrounds}
)

// check records op in the case's checks if it meets a condition of
// termination and no earlier entry of its kind (and channel) does.
func check(c *enforcementapi.Case, op enforcementapi.Operation) {
	if !slices.Contains(conditionKinds, op.Kind) {
		return
	}
	if hasCheck(c, op.Kind, op.Channel) || len(c.Checks) >= enforcementapi.MaxChecks {
		return
	}
	c.Checks = append(c.Checks, enforcementapi.Check{Kind: op.Kind, Channel: op.Channel, Seq: op.Seq, Case: c.Number})
}

func hasCheck(c *enforcementapi.Case, kind, channel string) bool {
	return slices.ContainsFunc(c.Checks, func(k enforcementapi.Check) bool { return k.Kind == kind && k.Channel == channel })
}

// Terminate ends the current procedure for lack of property once the
// case's log shows the five conditions; the refusal lists every one that
// is unmet. The case stays open to resume, and the court's network
// inquiry is scheduled every 6 months for 5 years (2016 SPC Provisions,
// arts. 1 and 9).
func (c *Contract) Terminate(tx *kernel.Tx, number string, reason string, document string) (*enforcementapi.Case, error) {
	cs, err := begin(tx, number, &document, &reason)
	if err != nil {
		return nil, err
	}
	if slices.Contains(transitions[cs.State], cases.Terminated) && len(cs.ResumedAs) == 0 {
		if err := terminable(tx, cs); err != nil {
			return nil, err
		}
	}
	if err := move(tx, cs, cases.Terminated, enforcementapi.Operation{Kind: enforcementapi.OpTermination, Officer: tx.Caller, Document: document, Note: reason + "; " + evidence(cs)}); err != nil {
		return nil, err
	}
	if err := scheduleInquiries(tx, cs); err != nil {
		return nil, err
	}
	return cs, nil
}

// terminable refuses termination while a condition is unmet, naming each
// one with its article.
func terminable(t *kernel.Tx, cs *enforcementapi.Case) error {
	if cs.Checks == nil && cs.Operations > 0 {
		// A case whose log was written before checks were recorded.
		if err := recheck(t, cs); err != nil {
			return err
		}
	}
	var unmet []string
	var missing []string
	for _, k := range []string{enforcementapi.OpNotice, enforcementapi.OpReportOrder} {
		if !hasCheck(cs, k, "") {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		unmet = append(unmet, "art. 1(1): the enforcement notice and the order to report property must be served, and the log has no "+strings.Join(missing, " and ")+" (log report_order)")
	}
	missing = nil
	if !hasCheck(cs, enforcementapi.OpRestrictionOrder, "") {
		missing = append(missing, "no restriction_order")
	}
	if !hasCheck(cs, enforcementapi.OpListing, "") && !hasCheck(cs, enforcementapi.OpNoListingGrounds, "") {
		missing = append(missing, "neither a listing nor no_listing_grounds")
	}
	if len(missing) > 0 {
		unmet = append(unmet, "art. 1(2): the consumption-restriction order must be issued and, where a ground exists, the debtor listed as dishonest, and the log has "+strings.Join(missing, " and "))
	}
	channels, err := kernel.Channels(t)
	if err != nil {
		return err
	}
	missing = nil
	for _, ch := range channels {
		if !hasCheck(cs, enforcementapi.OpSearch, ch) {
			missing = append(missing, ch)
		}
	}
	if len(missing) > 0 {
		unmet = append(unmet, fmt.Sprintf("art. 1(3): property must be searched through every channel the court defines (parameter %s), and the log has no search through %s (LogSearch)",
			system.EnforcementSearchChannels, strings.Join(missing, ", ")))
	}
	opened, err := time.Parse(time.RFC3339Nano, cs.OpenedAt)
	if err != nil {
		return kernel.Errorf(api.CodeCorrupt, "case %s has an unreadable docketing time: %v", cs.Number, err)
	}
	end, months, err := kernel.MonthsEnd(t, opened, system.EnforcementTerminationMonths)
	if err != nil {
		return err
	}
	early := !t.Now.After(end)
	if early {
		unmet = append(unmet, fmt.Sprintf("art. 1(4): more than %d calendar months must have passed since the case was docketed at %s, that is after %s (parameter %s)",
			months, cs.OpenedAt, end.Format(time.RFC3339), system.EnforcementTerminationMonths))
	}
	if !hasCheck(cs, enforcementapi.OpDebtorSearch, "") && !hasCheck(cs, enforcementapi.OpDebtorNotMissing, "") {
		unmet = append(unmet, "art. 1(5): a missing debtor must be searched for, and the log has neither debtor_search nor debtor_not_missing")
	}
	if len(unmet) == 0 {
		return nil
	}
	code := api.CodeState
	if early && len(unmet) == 1 {
		code = api.CodeTime // only time will meet it
	}
	return kernel.Errorf(code, "case %s may not end for lack of property: %d of the 5 conditions of the 2016 SPC Provisions, art. 1, are unmet: %s",
		cs.Number, len(unmet), strings.Join(unmet, "; "))
}

// evidence names the log entries that met the conditions, for the
// termination's own entry.
func evidence(cs *enforcementapi.Case) string {
	parts := make([]string, 0, len(cs.Checks))
	for _, k := range cs.Checks {
		p := k.Kind
		if k.Channel != "" {
			p += " " + k.Channel
		}
		p += " #" + strconv.Itoa(k.Seq)
		if k.Case != cs.Number {
			p += " of " + k.Case
		}
		parts = append(parts, p)
	}
	return "conditions met by " + strings.Join(parts, ", ")
}

// maxRecheck bounds the log a case written before checks were recorded
// may have for them to be read from it.
const maxRecheck = 2000

// recheck rebuilds the checks of a case whose log was written before they
// were recorded, reading the log itself.
func recheck(t *kernel.Tx, cs *enforcementapi.Case) error {
	if cs.Operations > maxRecheck {
		return kernel.Errorf(api.CodeLimit, "case %s has %d log entries, more than the %d read to find the conditions of termination", cs.Number, cs.Operations, maxRecheck)
	}
	it, err := t.GetStub().GetStateByPartialCompositeKey(opObject, []string{cs.Number})
	if err != nil {
		return fmt.Errorf("reading the log of %s: %w", cs.Number, err)
	}
	defer it.Close()
	cs.Checks = []enforcementapi.Check{}
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return err
		}
		var op enforcementapi.Operation
		if err := json.Unmarshal(kv.Value, &op); err != nil {
			return kernel.Errorf(api.CodeCorrupt, "an entry of the log of %s is unreadable: %v", cs.Number, err)
		}
		check(cs, op)
	}
	return nil
}
