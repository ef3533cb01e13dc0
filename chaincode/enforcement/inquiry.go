package enforcement

import (
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
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

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
// found in a terminated case (resumption.go): enough to cover what is
// outstanding (足额) dockets the resumption case and asks the answering
// bank to freeze, in the same transaction (Opinions item 16); less
// becomes an enforcement officer's task.

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

// AnswerInquiry records a bank's answer to the round of the court's
// inquiry that fell due last in a terminated case: through which channel
// (one of parameter enforcement.searchChannels), whether it found
// property of the debtors, its worth and the digest of its particulars.
// One answer per channel and bank a round. Property found is handled in
// the same transaction (found, resumption.go).
func (c *Contract) AnswerInquiry(tx *kernel.Tx, number string, request string) (*enforcementapi.ResumptionResult, error) {
	var req enforcementapi.InquiryAnswer
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := input.Digest("description", &req.Description); err != nil {
		return nil, err
	}
	if req.Value < 0 || req.Value > input.MaxAmount || (!req.Found && req.Value != 0) {
		return nil, kernel.Errorf(api.CodeInvalid, "value %d fen must be 0 to %d, and 0 when nothing was found", req.Value, input.MaxAmount)
	}
	channels, err := kernel.Channels(tx)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(channels, req.Channel) {
		return nil, kernel.Errorf(api.CodeInvalid, "channel %q is not one the court searches through; parameter %s lists: %s",
			api.Short(req.Channel), system.EnforcementSearchChannels, strings.Join(channels, ", "))
	}
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	if err := resumedAway(cs); err != nil {
		return nil, err
	}
	if cs.State != cases.Terminated {
		return nil, kernel.Errorf(api.CodeState, "case %s is %s; the court's inquiry is answered only while a case is terminated for lack of property", number, cs.State)
	}
	in := lastDue(cs)
	if in == nil {
		return nil, kernel.Errorf(api.CodeState, "no inquiry round of case %s has fallen due yet%s", number, nextRound(cs))
	}
	tag := req.Channel + "/" + tx.Caller.MSPID
	if slices.Contains(in.Answered, tag) {
		return nil, kernel.Errorf(api.CodeExists, "%s answered round %d of case %s through %s already", tx.Caller.MSPID, in.Round, number, req.Channel)
	}
	if len(in.Answered) >= system.MaxSearchChannels {
		return nil, kernel.Errorf(api.CodeLimit, "round %d of case %s has %d answers, the most one round takes", in.Round, number, len(in.Answered))
	}
	in.Answered = append(in.Answered, tag)
	what := "nothing found"
	if req.Found {
		what = "property found " + worth(req.Value)
	}
	source := fmt.Sprintf("%s's answer to inquiry round %d through %s", tx.Caller.MSPID, in.Round, req.Channel)
	if _, err := appendOp(tx, cs, enforcementapi.Operation{Kind: enforcementapi.OpInquiry, Step: "answered", Channel: req.Channel, Officer: tx.Caller,
		Document: req.Description, Amount: req.Value, Note: source + ": " + what}); err != nil {
		return nil, err
	}
	tx.Event(enforcementapi.EventInquiryAnswered, number, map[string]string{"round": strconv.Itoa(in.Round), "channel": req.Channel, "bank": tx.Caller.MSPID,
		"found": strconv.FormatBool(req.Found)})
	res := &enforcementapi.ResumptionResult{Case: cs, Result: what + "; logged"}
	if req.Found {
		if res, err = found(tx, cs, property{source: source, channel: req.Channel, description: req.Description, value: req.Value,
			bank: tx.Caller.MSPID, by: tx.Caller}); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// lastDue is the round that fell due last, if one has.
func lastDue(cs *enforcementapi.Case) *enforcementapi.Inquiry {
	for i := len(cs.Inquiries) - 1; i >= 0; i-- {
		if cs.Inquiries[i].State == enforcementapi.InquiryDue {
			return &cs.Inquiries[i]
		}
	}
	return nil
}

// nextRound says when the next round falls due, for a refusal.
func nextRound(cs *enforcementapi.Case) string {
	for _, in := range cs.Inquiries {
		if in.State == enforcementapi.InquiryScheduled {
			return fmt.Sprintf(" (round %d is due at %s)", in.Round, in.Due)
		}
	}
	return " (it has no inquiry scheduled)"
}
