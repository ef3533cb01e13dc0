package enforcement

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// KindInstalment is the deadline kind of a settlement instalment.
const KindInstalment = "instalment"

const maxInstalments = 60

// Settlement is an enforcement settlement: the parties agree on
// instalments, enforcement is suspended while they are paid, and a
// missed one resumes the original enforcement.
type Settlement struct {
	// No numbers the case's settlements, so that a deadline of an earlier
	// settlement never acts on a later one.
	No          int          `json:"no"`
	Document    string       `json:"document"`
	Total       int64        `json:"total"`
	Paid        int64        `json:"paid"`
	Instalments []Instalment `json:"instalments"`
	AgreedAt    string       `json:"agreedAt"`
}

// Instalment is one payment of a settlement.
type Instalment struct {
	Amount int64  `json:"amount"`
	Due    string `json:"due"`
	Paid   bool   `json:"paid"`
}

// SettlementRequest records a settlement: the digest of the agreement and
// its instalments, in due order.
type SettlementRequest struct {
	Document    string `json:"document"`
	Instalments []struct {
		Amount int64  `json:"amount"`
		Due    string `json:"due"`
	} `json:"instalments"`
}

// Settle records an enforcement settlement: the case is suspended while
// the instalments are paid, each instalment's due time goes into the
// deadline index, and full payment concludes the case (CPL art. 237; 2018
// SPC Provisions on enforcement settlement, arts. 2, 8, 9). The total may
// be less than what is owed: the creditor may concede. Enforcement
// officers and judges, in an active or resumed case.
func (c *Contract) Settle(ctx contractapi.TransactionContextInterface, number string, request string) (*Case, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":Settle", access.EnforcementOfficer, access.Judge)
	if err != nil {
		return nil, err
	}
	var req SettlementRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, fmt.Errorf("settlement request: %w", err)
	}
	if err := input.Digest("document", req.Document); err != nil {
		return nil, err
	}
	if len(req.Instalments) == 0 || len(req.Instalments) > maxInstalments {
		return nil, fmt.Errorf("a settlement needs 1 to %d instalments, got %d", maxInstalments, len(req.Instalments))
	}
	cs, err := load(ctx, number)
	if err != nil {
		return nil, err
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	s := &Settlement{No: cs.Settlements + 1, Document: req.Document, AgreedAt: now.Format(time.RFC3339Nano)}
	last := now
	for i, in := range req.Instalments {
		field := fmt.Sprintf("instalments[%d]", i)
		if err := input.Amount(field+".amount", in.Amount); err != nil {
			return nil, err
		}
		due, err := time.Parse(time.RFC3339, in.Due)
		if err != nil {
			return nil, fmt.Errorf("%s.due %q is not an RFC 3339 time", field, input.Short(in.Due))
		}
		if !due.After(last) {
			return nil, fmt.Errorf("%s.due %s must be after the settlement and the instalment before it", field, in.Due)
		}
		last = due
		s.Total += in.Amount
		s.Instalments = append(s.Instalments, Instalment{Amount: in.Amount, Due: due.UTC().Format(time.RFC3339)})
	}
	if s.Total > cs.Outstanding() {
		return nil, fmt.Errorf("the instalments add up to %d fen, more than the %d fen still owed in case %s", s.Total, cs.Outstanding(), number)
	}
	events := &deadline.Events{}
	note := fmt.Sprintf("settlement %d: %d instalments, %d fen of the %d fen owed", s.No, len(s.Instalments), s.Total, cs.Outstanding())
	if err := move(ctx, cs, Settled, Operation{Kind: OpSettlement, Officer: caller.String(), Document: req.Document, Amount: s.Total, Note: note}, events); err != nil {
		return nil, err
	}
	cs.Settlements, cs.Settlement = s.No, s
	for i, in := range s.Instalments {
		due, _ := time.Parse(time.RFC3339, in.Due)
		if err := deadline.Schedule(ctx, due, KindInstalment, instalmentRef(number, s.No, i)); err != nil {
			return nil, err
		}
	}
	return cs, finish(ctx, cs, events)
}

// payInstalments applies a payment to the settlement: instalments are
// paid in due order, and each one paid in full leaves the index.
func payInstalments(ctx contractapi.TransactionContextInterface, cs *Case, amount int64) error {
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
		if err := cancelInstalment(ctx, cs.Number, s, i); err != nil {
			return err
		}
	}
	return nil
}

// cancelInstalments removes the unpaid instalments' deadlines but skip's.
func cancelInstalments(ctx contractapi.TransactionContextInterface, cs *Case, skip int) error {
	s := cs.Settlement
	if s == nil {
		return nil
	}
	for i, in := range s.Instalments {
		if !in.Paid && i != skip {
			if err := cancelInstalment(ctx, cs.Number, s, i); err != nil {
				return err
			}
		}
	}
	return nil
}

func cancelInstalment(ctx contractapi.TransactionContextInterface, number string, s *Settlement, i int) error {
	due, err := time.Parse(time.RFC3339, s.Instalments[i].Due)
	if err != nil {
		return fmt.Errorf("instalment %d of settlement %d of %s has an unreadable due time: %w", i, s.No, number, err)
	}
	return deadline.Cancel(ctx, due, KindInstalment, instalmentRef(number, s.No, i))
}

// Kinds are the deadline kinds this contract schedules.
func Kinds() []deadline.Kind {
	return []deadline.Kind{{Name: KindInstalment, DueTime: instalmentDueTime, Process: instalmentDue, Records: instalmentCase}}
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
	return "", 0, 0, fmt.Errorf("%q does not name an instalment (CASE#SETTLEMENT#INDEX)", input.Short(ref))
}

func instalmentCase(ref string) []string {
	number, _, _ := strings.Cut(ref, "#")
	return []string{"case " + number}
}

// instalment finds the instalment ref names in the settlement in force,
// or says why there is none.
func instalment(ctx contractapi.TransactionContextInterface, ref string) (*Case, *Instalment, int, string, error) {
	number, no, i, err := parseInstalmentRef(ref)
	if err != nil {
		return nil, nil, 0, "", err
	}
	cs, err := load(ctx, number)
	if err != nil {
		return nil, nil, 0, "", err
	}
	s := cs.Settlement
	if s == nil || s.No != no {
		return cs, nil, 0, fmt.Sprintf("settlement %d of %s is not the one in force", no, number), nil
	}
	if i < 0 || i >= len(s.Instalments) {
		return nil, nil, 0, "", fmt.Errorf("settlement %d of %s has instalments 0 to %d, not %d", no, number, len(s.Instalments)-1, i)
	}
	return cs, &s.Instalments[i], i, "", nil
}

func instalmentDueTime(ctx contractapi.TransactionContextInterface, ref string) (time.Time, error) {
	_, in, _, why, err := instalment(ctx, ref)
	if err != nil {
		return time.Time{}, err
	}
	if in == nil {
		return time.Time{}, fmt.Errorf("%s; nothing is due", why)
	}
	return time.Parse(time.RFC3339, in.Due)
}

// instalmentDue resumes the original enforcement when an instalment
// falls due unpaid while its settlement is in force (CPL art. 237; 2018
// SPC Provisions on enforcement settlement, art. 9).
func instalmentDue(ctx contractapi.TransactionContextInterface, ref string, events *deadline.Events) (string, error) {
	cs, in, i, why, err := instalment(ctx, ref)
	if err != nil {
		return "", err
	}
	switch {
	case in == nil:
		return why + "; nothing to do", nil
	case cs.State != Settled:
		return "case " + cs.State + "; nothing to do", nil
	case in.Paid:
		return "instalment paid; nothing to do", nil
	}
	if err := cancelInstalments(ctx, cs, i); err != nil {
		return "", err
	}
	note := fmt.Sprintf("instalment %d of settlement %d (%d fen due %s) not paid: the original enforcement resumes", i, cs.Settlement.No, in.Amount, in.Due)
	if err := move(ctx, cs, Resumed, Operation{Kind: OpResumption, Officer: "auto", Document: cs.Settlement.Document, Note: note}, events); err != nil {
		return "", err
	}
	return "resumed: " + note, save(ctx, cs)
}
