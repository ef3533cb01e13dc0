package enforcement

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/calendar"
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

// For five years after the current procedure ends for lack of property
// the court searches the debtors' property through the network inquiry
// and control system every six months, tells the creditors what it
// finds and resumes on its own when the case may be resumed (2016 SPC
// Provisions, art. 9 para. 2). Termination schedules the ten rounds in
// the deadline index, in calendar months (Civil Code art. 202: the same
// day of the month, or the month's last day; parameter
// enforcement.inquiryMonths, 6, which only a test network lowers); the
// keeper's sweep records
// each round as due and reports it (event case.inquiryDue); the banks,
// and through them the registries, answer against the case
// (AnswerInquiry). What an answer finds follows the rule of property
// found in a terminated case (resumption.go, found): enough to cover what is
// outstanding (足额) dockets the resumption case and asks the answering
// bank to freeze, in the same transaction (Opinions item 16); less
// becomes an enforcement officer's task.

// scheduleInquiries puts the court's ten inquiries into the deadline
// index: 6, 12, … 60 calendar months after the termination (every
// enforcement.inquiryMonths months).
func scheduleInquiries(t *kernel.Tx, cs *enforcementapi.Case) error {
	every, err := kernel.Int(t, system.EnforcementInquiryMonths)
	if err != nil {
		return err
	}
	cs.Inquiries = make([]enforcementapi.Inquiry, 0, enforcementapi.InquiryRounds)
	for round := 1; round <= enforcementapi.InquiryRounds; round++ {
		due := calendar.AddMonths(t.Now, round*every)
		if err := kernel.Schedule(t, due, enforcementapi.KindInquiry, inquiryRef(cs.Number, round)); err != nil {
			return err
		}
		cs.Inquiries = append(cs.Inquiries, enforcementapi.Inquiry{Round: round, Due: due.Format(time.RFC3339Nano), State: enforcementapi.InquiryScheduled})
	}
	t.Event(cases.EventInquiriesScheduled, cs.Number, map[string]string{"rounds": strconv.Itoa(enforcementapi.InquiryRounds),
		"first": cs.Inquiries[0].Due, "last": cs.Inquiries[len(cs.Inquiries)-1].Due})
	return nil
}

// inquiryRef names round of case number in the deadline index.
func inquiryRef(number string, round int) string { return number + "#" + strconv.Itoa(round) }

func parseInquiryRef(ref string) (string, int, error) {
	number, r, ok := strings.Cut(ref, "#")
	round, err := strconv.Atoi(r)
	if !ok || err != nil || round < 1 || round > enforcementapi.InquiryRounds {
		return "", 0, kernel.Errorf(api.CodeInvalid, "%q does not name an inquiry round (CASE#ROUND, 1 to %d)", api.Short(ref), enforcementapi.InquiryRounds)
	}
	return number, round, nil
}

func inquiryCase(_ *kernel.Tx, ref string) []string {
	number, _, _ := strings.Cut(ref, "#")
	return []string{"case " + number}
}

// inquiry finds the round ref names.
func inquiry(t *kernel.Tx, ref string) (*enforcementapi.Case, *enforcementapi.Inquiry, error) {
	number, round, err := parseInquiryRef(ref)
	if err != nil {
		return nil, nil, err
	}
	cs, err := load(t, number)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(cs.Inquiries, func(in enforcementapi.Inquiry) bool { return in.Round == round })
	if i < 0 {
		return nil, nil, kernel.Errorf(api.CodeNotFound, "case %s has no inquiry round %d scheduled", number, round)
	}
	return cs, &cs.Inquiries[i], nil
}

func inquiryDueTime(t *kernel.Tx, ref string) (time.Time, error) {
	_, in, err := inquiry(t, ref)
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339Nano, in.Due)
}

// inquiryDue records a round that fell due in a case still terminated,
// and reports it: the court searches now, and the banks answer.
func inquiryDue(t *kernel.Tx, ref string) (string, error) {
	cs, in, err := inquiry(t, ref)
	if err != nil {
		return "", err
	}
	switch {
	case len(cs.ResumedAs) > 0:
		return "case resumed as " + cs.ResumedAs[len(cs.ResumedAs)-1] + "; nothing to do", nil
	case cs.State != cases.Terminated:
		return "case " + cs.State + "; nothing to do", nil
	case in.State != enforcementapi.InquiryScheduled:
		return "round " + in.State + "; nothing to do", nil
	}
	channels, err := kernel.Channels(t)
	if err != nil {
		return "", err
	}
	in.State = enforcementapi.InquiryDue
	note := fmt.Sprintf("round %d of %d due: the court searches the debtors' property through %s and tells the creditors what it finds (2016 SPC Provisions, art. 9 para. 2)",
		in.Round, enforcementapi.InquiryRounds, strings.Join(channels, ", "))
	if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: enforcementapi.OpInquiry, Step: enforcementapi.InquiryDue, Officer: t.Auto(), Note: note}); err != nil {
		return "", err
	}
	t.Event(cases.EventInquiryDue, cs.Number, map[string]string{"round": strconv.Itoa(in.Round), "of": strconv.Itoa(enforcementapi.InquiryRounds),
		"due": in.Due, "channels": strings.Join(channels, ",")})
	return "inquiry " + note, nil
}

// cancelInquiries takes the rounds not yet due out of the index: the case
// was resumed or ended.
func cancelInquiries(t *kernel.Tx, cs *enforcementapi.Case) error {
	for i := range cs.Inquiries {
		in := &cs.Inquiries[i]
		if in.State != enforcementapi.InquiryScheduled {
			continue
		}
		due, err := time.Parse(time.RFC3339Nano, in.Due)
		if err != nil {
			return kernel.Errorf(api.CodeCorrupt, "inquiry round %d of %s has an unreadable due time: %v", in.Round, cs.Number, err)
		}
		if err := kernel.Cancel(t, due, enforcementapi.KindInquiry, inquiryRef(cs.Number, in.Round)); err != nil {
			return err
		}
		in.State = enforcementapi.InquiryCancelled
	}
	return nil
}

// Inquiries lists a case's inquiry rounds and whether each is still in
// the deadline index.
func (c *Contract) Inquiries(tx *kernel.Tx, number string) ([]enforcementapi.ScheduledInquiry, error) {
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	out := make([]enforcementapi.ScheduledInquiry, 0, len(cs.Inquiries))
	for _, in := range cs.Inquiries {
		due, err := time.Parse(time.RFC3339Nano, in.Due)
		if err != nil {
			return nil, kernel.Errorf(api.CodeCorrupt, "inquiry round %d of %s has an unreadable due time: %v", in.Round, number, err)
		}
		key, err := kernel.DeadlineKey(due, enforcementapi.KindInquiry, inquiryRef(number, in.Round))
		if err != nil {
			return nil, err
		}
		indexed, err := kernel.Scheduled(tx, key)
		if err != nil {
			return nil, err
		}
		out = append(out, enforcementapi.ScheduledInquiry{Inquiry: in, Key: key, Indexed: indexed})
	}
	return out, nil
}
