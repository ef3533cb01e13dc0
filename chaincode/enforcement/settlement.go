package enforcement

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// Settle records an enforcement settlement: the case is suspended while
// the instalments are paid, each instalment's due time goes into the
// deadline index, and full payment concludes the case (CPL 2023 art. 241;
// 2018 SPC Provisions on enforcement settlement, arts. 2, 8, 9). The total
// may be less than what is owed: the creditor may concede. In an active
// case. When an instalment is missed, the original enforcement resumes
// only on the creditor's application (art. 241): made in advance here
// (preAuthorised, with the application's digest), the resumption case is
// docketed as the instalment falls due (Opinions item 16); otherwise the
// default is reported to the creditor and the court, and the creditor
// applies then (Resume).
func (c *Contract) Settle(tx *kernel.Tx, number string, request string) (*enforcementapi.Case, error) {
	var req enforcementapi.SettlementRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := input.Digest("document", &req.Document); err != nil {
		return nil, err
	}
	if req.PreAuthorised {
		if err := input.Digest("authorisation", &req.Authorisation); err != nil {
			return nil, err
		}
	} else if req.Authorisation != "" {
		return nil, kernel.Errorf(api.CodeInvalid, "authorisation is the creditor's application to resume on default; send it with preAuthorised true, or not at all")
	}
	if len(req.Instalments) == 0 || len(req.Instalments) > enforcementapi.MaxInstalments {
		return nil, kernel.Errorf(api.CodeInvalid, "a settlement needs 1 to %d instalments, got %d", enforcementapi.MaxInstalments, len(req.Instalments))
	}
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	s := &enforcementapi.Settlement{No: cs.Settlements + 1, Document: req.Document, AgreedAt: tx.At(),
		PreAuthorised: req.PreAuthorised, Authorisation: req.Authorisation}
	last := tx.Now
	for i, in := range req.Instalments {
		field := fmt.Sprintf("instalments[%d]", i)
		if err := input.Amount(field+".amount", in.Amount); err != nil {
			return nil, err
		}
		due, err := time.Parse(time.RFC3339, in.Due)
		if err != nil {
			return nil, kernel.Errorf(api.CodeInvalid, "%s.due %q is not an RFC 3339 time", field, api.Short(in.Due))
		}
		// Checked as it is kept, to the second; its deadline key before
		// the case moves, so that a refusal writes nothing.
		due = due.UTC().Truncate(time.Second)
		if !due.After(last) {
			return nil, kernel.Errorf(api.CodeInvalid, "%s.due %s must be after the settlement and the instalment before it", field, in.Due)
		}
		if _, err := kernel.DeadlineKey(due, enforcementapi.KindInstalment, instalmentRef(number, s.No, i)); err != nil {
			return nil, kernel.Errorf(api.CodeInvalid, "%s.due: %s", field, api.StripCode(err.Error()))
		}
		last = due
		s.Total += in.Amount
		s.Instalments = append(s.Instalments, enforcementapi.Instalment{Amount: in.Amount, Due: due.Format(time.RFC3339)})
	}
	amounts := make([]int64, len(s.Instalments))
	for i, in := range s.Instalments {
		amounts[i] = in.Amount
	}
	if _, err := input.Total("the instalments", amounts...); err != nil {
		return nil, err
	}
	if s.Total > cs.Outstanding() {
		return nil, kernel.Errorf(api.CodeInvalid, "the instalments add up to %d fen, more than the %d fen still owed in case %s", s.Total, cs.Outstanding(), number)
	}
	note := fmt.Sprintf("settlement %d: %d instalments, %d fen of the %d fen owed", s.No, len(s.Instalments), s.Total, cs.Outstanding())
	if s.PreAuthorised {
		note += "; the creditor applied in advance to resume enforcement should an instalment be missed"
	}
	if err := move(tx, cs, cases.Settled, enforcementapi.Operation{Kind: enforcementapi.OpSettlement, Officer: tx.Caller, Document: req.Document, Amount: s.Total, Note: note}); err != nil {
		return nil, err
	}
	cs.Settlements, cs.Settlement = s.No, s
	for i, in := range s.Instalments {
		due, _ := time.Parse(time.RFC3339, in.Due)
		if err := kernel.Schedule(tx, due, enforcementapi.KindInstalment, instalmentRef(number, s.No, i)); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// payInstalments applies a payment to the settlement: instalments are
// paid in due order, and each one paid in full leaves the index.
func payInstalments(t *kernel.Tx, cs *enforcementapi.Case, amount int64) error {
	s := cs.Settlement
	s.Paid += amount
	var covered int64
	for i := range s.Instalments {
		in := &s.Instalments[i]
		covered += in.Amount
		if in.Paid || covered > s.Paid {
			continue
		}
		in.Paid = true
		if err := cancelInstalment(t, cs.Number, s, i); err != nil {
			return err
		}
	}
	return nil
}

// cancelInstalments removes the unpaid instalments' deadlines but skip's.
func cancelInstalments(t *kernel.Tx, cs *enforcementapi.Case, skip int) error {
	s := cs.Settlement
	if s == nil {
		return nil
	}
	for i, in := range s.Instalments {
		if !in.Paid && i != skip {
			if err := cancelInstalment(t, cs.Number, s, i); err != nil {
				return err
			}
		}
	}
	return nil
}

func cancelInstalment(t *kernel.Tx, number string, s *enforcementapi.Settlement, i int) error {
	due, err := time.Parse(time.RFC3339, s.Instalments[i].Due)
	if err != nil {
		return kernel.Errorf(api.CodeCorrupt, "instalment %d of settlement %d of %s has an unreadable due time: %v", i, s.No, number, err)
	}
	return kernel.Cancel(t, due, enforcementapi.KindInstalment, instalmentRef(number, s.No, i))
}

func instalmentRef(number string, no, i int) string {
	return number + "#" + strconv.Itoa(no) + "#" + strconv.Itoa(i)
}

func parseInstalmentRef(ref string) (string, int, int, error) {
	parts := strings.Split(ref, "#")
	if len(parts) == 3 {
		no, err1 := strconv.Atoi(parts[1])
		i, err2 := strconv.Atoi(parts[2])
		if err1 == nil && err2 == nil {
			return parts[0], no, i, nil
		}
	}
	return "", 0, 0, kernel.Errorf(api.CodeInvalid, "%q does not name an instalment (CASE#SETTLEMENT#INDEX)", api.Short(ref))
}

func instalmentCase(_ *kernel.Tx, ref string) []string {
	number, _, _ := strings.Cut(ref, "#")
	return []string{"case " + number}
}

// instalment finds the instalment ref names in the settlement in force,
// or says why there is none.
func instalment(t *kernel.Tx, ref string) (*enforcementapi.Case, *enforcementapi.Instalment, int, string, error) {
	number, no, i, err := parseInstalmentRef(ref)
	if err != nil {
		return nil, nil, 0, "", err
	}
	cs, err := load(t, number)
	if err != nil {
		return nil, nil, 0, "", err
	}
	s := cs.Settlement
	if s == nil || s.No != no {
		return cs, nil, 0, fmt.Sprintf("settlement %d of %s is not the one in force", no, number), nil
	}
	if i < 0 || i >= len(s.Instalments) {
		return nil, nil, 0, "", kernel.Errorf(api.CodeNotFound, "settlement %d of %s has instalments 0 to %d, not %d", no, number, len(s.Instalments)-1, i)
	}
	return cs, &s.Instalments[i], i, "", nil
}

func instalmentDueTime(t *kernel.Tx, ref string) (time.Time, error) {
	_, in, _, why, err := instalment(t, ref)
	if err != nil {
		return time.Time{}, err
	}
	if in == nil {
		return time.Time{}, kernel.Errorf(api.CodeState, "%s; nothing is due", why)
	}
	return time.Parse(time.RFC3339, in.Due)
}

// instalmentDue acts on an instalment that falls due unpaid while its
// settlement is in force (CPL 2023 art. 241; 2018 SPC Provisions on
// enforcement settlement, art. 9): where the creditor applied in advance,
// the resumption case is docketed now; otherwise the default is recorded
// and reported to the creditors and the court (event
// settlement.defaulted), and enforcement resumes when the creditor
// applies. Either way the later instalments leave the index: one default
// is reported once.
func instalmentDue(t *kernel.Tx, ref string) (string, error) {
	cs, in, i, why, err := instalment(t, ref)
	if err != nil {
		return "", err
	}
	switch {
	case in == nil:
		return why + "; nothing to do", nil
	case len(cs.ResumedAs) > 0:
		return "case resumed as " + cs.ResumedAs[len(cs.ResumedAs)-1] + "; nothing to do", nil
	case cs.State != cases.Settled:
		return "case " + cs.State + "; nothing to do", nil
	case in.Paid:
		return "instalment paid; nothing to do", nil
	case cs.Settlement.Default != nil:
		return "settlement defaulted already; nothing to do", nil
	}
	s := cs.Settlement
	missed := fmt.Sprintf("instalment %d of settlement %d (%d fen due %s) not paid", i, s.No, in.Amount, in.Due)
	if s.PreAuthorised {
		res, err := resumeCase(t, cs, t.Auto(), s.Authorisation, missed+"; the creditor applied in advance to resume (CPL 2023 art. 241)", nil)
		if err != nil {
			return "", err
		}
		return res.Result + ": " + missed, nil
	}
	if err := cancelInstalments(t, cs, i); err != nil {
		return "", err
	}
	s.Default = &enforcementapi.Default{Instalment: i, Amount: in.Amount, Due: in.Due, ReportedAt: t.At()}
	note := missed + ": reported to the creditors and the court; enforcement resumes on the creditor's application (CPL 2023 art. 241)"
	if _, err := appendOp(t, cs, enforcementapi.Operation{Kind: enforcementapi.OpSettlement, Step: "defaulted", Officer: t.Auto(), Document: s.Document, Amount: in.Amount, Note: note}); err != nil {
		return "", err
	}
	t.Event(enforcementapi.EventSettlementDefaulted, cs.Number, map[string]string{"creditors": strings.Join(cs.Creditors, ","), "court": access.Court(),
		"settlement": strconv.Itoa(s.No), "instalment": strconv.Itoa(i), "amount": strconv.FormatInt(in.Amount, 10), "due": in.Due})
	return "defaulted: " + note, nil
}
