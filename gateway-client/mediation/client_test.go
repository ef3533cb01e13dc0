package mediation_test

import (
	"context"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/clienttest"
	"github.com/courtchain/judicial/gateway-client/mediation"
	"github.com/stretchr/testify/require"
)

var (
	clerk    = api.Actor{MSPID: "CourtMSP", EnrollmentID: "clerk1", Role: api.Clerk}
	mediator = api.Actor{MSPID: "MediationMSP", EnrollmentID: "mediator1", Role: api.Mediator}
	bank     = api.Actor{MSPID: "CreditMSP", EnrollmentID: "bank1", Role: api.BankOfficer}
	judge    = api.Actor{MSPID: "CourtMSP", EnrollmentID: "judge1", Role: api.Judge}
)

const (
	clerkJSON    = `{"mspId":"CourtMSP","enrollmentId":"clerk1","role":"clerk"}`
	mediatorJSON = `{"mspId":"MediationMSP","enrollmentId":"mediator1","role":"mediator"}`
	bankJSON     = `{"mspId":"CreditMSP","enrollmentId":"bank1","role":"bank_officer"}`
	judgeJSON    = `{"mspId":"CourtMSP","enrollmentId":"judge1","role":"judge"}`

	d1 = "1111111111111111111111111111111111111111111111111111111111111111"
	d2 = "2222222222222222222222222222222222222222222222222222222222222222"
	p1 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	p2 = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

const filingJSON = `{"id":"F1","claimants":["` + p1 + `"],"respondents":["` + p2 + `"],"claim":"repay the loan",
	"materials":["` + d1 + `"],"amount":12345678901,"state":"docketed","submittedBy":` + clerkJSON + `,
	"submittedAt":"2026-01-02T03:04:05Z","reviewDeadline":"2026-01-09T03:04:05Z","decidedBy":` + clerkJSON + `,
	"decidedAt":"2026-01-03T03:04:05Z","caseNumber":"(2026)J民初1号","txId":"tx1"}`

var filing = &mediationapi.Filing{ID: "F1", Claimants: []string{p1}, Respondents: []string{p2}, Claim: "repay the loan",
	Materials: []string{d1}, Amount: 12345678901, State: mediationapi.FilingDocketed, SubmittedBy: clerk,
	SubmittedAt: "2026-01-02T03:04:05Z", ReviewDeadline: "2026-01-09T03:04:05Z", DecidedBy: &clerk,
	DecidedAt: "2026-01-03T03:04:05Z", CaseNumber: "(2026)J民初1号", TxID: "tx1"}

const agreementJSON = `{"id":"MA1","digest":"` + d1 + `","judiciallyConfirmed":true,"evidence":["` + d2 + `"],
	"obligations":[{"debtor":"` + p2 + `","creditor":"` + p1 + `","amount":5000000000,"due":"2026-02-01T00:00:00Z",
		"deadline":"2026-02-08T00:00:00Z","paid":100,"state":"breached","breach":"MA1",
		"reports":[{"amount":100,"proof":"` + d2 + `","reportedBy":` + mediatorJSON + `,"reportedAt":"2026-01-20T00:00:00Z",
			"confirmedBy":` + bankJSON + `,"confirmedAt":"2026-01-21T00:00:00Z"}]},
		{"debtor":"` + p2 + `","creditor":"` + p1 + `","amount":7,"due":"2026-03-01T00:00:00Z","deadline":"2026-03-01T00:00:00Z","paid":0,"state":"active"}],
	"state":"breached","mediator":` + mediatorJSON + `,"registeredAt":"2026-01-02T00:00:00Z","effectiveAt":"2025-12-30T00:00:00Z",
	"confirmation":{"state":"confirmed","applyBy":"2026-01-29T15:59:59.999999999Z",
		"application":{"document":"` + d1 + `","by":` + clerkJSON + `,"at":"2026-01-03T00:00:00Z","txId":"tx0"},
		"ruling":{"number":"(2026)J民特1号","date":"2026-01-05","document":"` + d2 + `","judge":` + judgeJSON + `,"at":"2026-01-05T02:00:00Z","txId":"tx1"}},
	"preAuthorization":{"document":"` + d2 + `","by":` + clerkJSON + `,"at":"2026-01-06T00:00:00Z","txId":"tx5"},
	"applicationPeriodEnds":"2028-03-01T15:59:59.999999999Z",
	"breach":{"ref":"MA1","obligation":0,"obligations":[0],"debtors":["` + p2 + `"],"creditors":["` + p1 + `"],"amount":4999999900,
		"claims":[{"creditor":"` + p1 + `","priority":0,"amount":4999999900,"distributed":0}],
		"how":"reported","by":` + clerkJSON + `,"at":"2026-02-09T00:00:00Z","outcome":"enforcement","caseNumber":"(2026)J执2号","caseKind":"enforcement"},
	"txId":"tx2"}`

var agreement = &mediationapi.Agreement{ID: "MA1", Digest: d1, Confirmed: true, Evidence: []string{d2},
	Obligations: []*mediationapi.Obligation{{Debtor: p2, Creditor: p1, Amount: 5000000000, Due: "2026-02-01T00:00:00Z",
		Deadline: "2026-02-08T00:00:00Z", Paid: 100, State: mediationapi.Breached, Breach: "MA1",
		Reports: []*mediationapi.Performance{{Amount: 100, Proof: d2, ReportedBy: mediator, ReportedAt: "2026-01-20T00:00:00Z",
			ConfirmedBy: &bank, ConfirmedAt: "2026-01-21T00:00:00Z"}}},
		{Debtor: p2, Creditor: p1, Amount: 7, Due: "2026-03-01T00:00:00Z", Deadline: "2026-03-01T00:00:00Z", State: mediationapi.Active}},
	State: mediationapi.Breached, Mediator: mediator, RegisteredAt: "2026-01-02T00:00:00Z", EffectiveAt: "2025-12-30T00:00:00Z",
	Confirmation: &mediationapi.Confirmation{State: mediationapi.ConfirmationConfirmed, ApplyBy: "2026-01-29T15:59:59.999999999Z",
		Application: mediationapi.Act{Document: d1, By: clerk, At: "2026-01-03T00:00:00Z", TxID: "tx0"},
		Ruling:      &mediationapi.Ruling{Number: "(2026)J民特1号", Date: "2026-01-05", Document: d2, Judge: judge, At: "2026-01-05T02:00:00Z", TxID: "tx1"}},
	PreAuthorization:      &mediationapi.Act{Document: d2, By: clerk, At: "2026-01-06T00:00:00Z", TxID: "tx5"},
	ApplicationPeriodEnds: "2028-03-01T15:59:59.999999999Z",
	Breach: &mediationapi.Breach{Ref: "MA1", Obligation: 0, Obligations: []int{0}, Debtors: []string{p2}, Creditors: []string{p1}, Amount: 4999999900,
		Claims: []cases.Claim{{Creditor: p1, Amount: 4999999900}},
		How:    "reported", By: clerk, At: "2026-02-09T00:00:00Z", Outcome: mediationapi.BreachEnforcement, CaseNumber: "(2026)J执2号", CaseKind: cases.Enforcement},
	TxID: "tx2"}

const judgmentJSON = `{"id":"(2025)J民初9号","digest":"` + d1 + `","debtors":["` + p2 + `"],"creditors":["` + p1 + `"],
	"amount":9000000000,"paid":1,"effectiveAt":"2026-01-01T00:00:00Z","deadline":"2026-01-15T00:00:00Z","preAuthorized":true,
	"applicationPeriodEnds":"2028-01-15T15:59:59.999999999Z","state":"overdue","judge":` + judgeJSON + `,"caseNumber":"(2026)J执3号","txId":"tx3"}`

var judgment = &mediationapi.Judgment{ID: "(2025)J民初9号", Digest: d1, Debtors: []string{p2}, Creditors: []string{p1},
	Amount: 9000000000, Paid: 1, EffectiveAt: "2026-01-01T00:00:00Z", Deadline: "2026-01-15T00:00:00Z", PreAuthorized: true,
	ApplicationPeriodEnds: "2028-01-15T15:59:59.999999999Z", State: mediationapi.JudgmentOverdue, Judge: judge, CaseNumber: "(2026)J执3号", TxID: "tx3"}

// TestMethods checks that each method makes the call its row below
// describes, through a fake gateway peer: see clienttest.Run.
func TestMethods(t *testing.T) {
	clienttest.Run(t, mediation.New, append(methods(), generated()...), mediationapi.Namespace)
}

// method is a row of the table clienttest.Run checks the client against.
type method = clienttest.Method[*mediation.Client]

func methods() []method {
	filingReq := mediationapi.FilingRequest{Claimants: []string{p1}, Respondents: []string{p2}, Claim: "repay the loan", Materials: []string{d1}, Amount: 12345678901}
	agreementReq := mediationapi.AgreementRequest{Digest: d1, EffectiveAt: "2025-12-30T08:00:00+08:00", Evidence: []string{d2},
		Obligations: []mediationapi.ObligationRequest{
			{Debtor: p2, Creditor: p1, Amount: 5000000000, Due: "2026-02-01T00:00:00Z"},
			{Debtor: p2, Creditor: p1, Amount: 1, Due: "2026-03-01T00:00:00+08:00"},
		}}
	confirmationReq := mediationapi.ConfirmationRequest{RulingNumber: "(2026)J民特1号", RulingDate: "2026-01-05", Document: d2, PreAuthorization: d1}
	judgmentReq := mediationapi.JudgmentRequest{ID: "(2025)J民初9号", Digest: d1, Debtors: []string{p2}, Creditors: []string{p1},
		Amount: 9000000000, EffectiveAt: "2026-01-01T00:00:00Z", Deadline: "2026-01-15T00:00:00Z", PreAuthorized: true}
	return []method{
		{
			Name: "SubmitFiling", Fn: mediationapi.SubmitFiling.Function, Request: filingReq, Answer: filingJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.SubmitFiling(ctx, filingReq)
			},
			Want: filing,
		},
		{
			Name: "Docket", Fn: mediationapi.Docket.Function, Args: []string{"F1"}, Answer: filingJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.Docket(ctx, "F1")
			},
			Want: filing,
		},
		{
			Name: "Reject", Fn: mediationapi.Reject.Function, Args: []string{"F1", "not within the court's jurisdiction"}, Answer: filingJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.Reject(ctx, "F1", "not within the court's jurisdiction")
			},
			Want: filing,
		},
		{
			Name: "Filing", Fn: mediationapi.GetFiling.Function, Args: []string{"F1"}, Answer: filingJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				v, err := c.GetFiling(ctx, "F1")
				return v, nil, err
			},
			Want: filing,
		},
		{
			Name: "RegisterAgreement", Fn: mediationapi.RegisterAgreement.Function, Request: agreementReq, Answer: agreementJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.RegisterAgreement(ctx, agreementReq)
			},
			Want: agreement,
		},
		{
			Name: "ApplyForConfirmation", Fn: mediationapi.ApplyForConfirmation.Function, Args: []string{"MA1", d1}, Answer: agreementJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.ApplyForConfirmation(ctx, "MA1", d1)
			},
			Want: agreement,
		},
		{
			Name: "ConfirmAgreement", Fn: mediationapi.ConfirmAgreement.Function, Args: []string{"MA1"}, Request: confirmationReq, Answer: agreementJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.ConfirmAgreement(ctx, "MA1", confirmationReq)
			},
			Want: agreement,
		},
		{
			Name: "RejectConfirmation", Fn: mediationapi.RejectConfirmation.Function, Args: []string{"MA1", "a third party's property"}, Answer: agreementJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.RejectConfirmation(ctx, "MA1", "a third party's property")
			},
			Want: agreement,
		},
		{
			Name: "PreAuthorise", Fn: mediationapi.PreAuthorise.Function, Args: []string{"MA1", d2}, Answer: agreementJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.PreAuthorise(ctx, "MA1", d2)
			},
			Want: agreement,
		},
		{
			Name: "ReportPerformance", Fn: mediationapi.ReportPerformance.Function, Args: []string{"MA1", "3", "5000000000", d2}, Answer: agreementJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.ReportPerformance(ctx, "MA1", 3, 5000000000, d2)
			},
			Want: agreement,
		},
		{
			Name: "ConfirmPerformance", Fn: mediationapi.ConfirmPerformance.Function, Args: []string{"MA1", "119", "12"}, Answer: agreementJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.ConfirmPerformance(ctx, "MA1", 119, 12)
			},
			Want: agreement,
		},
		{
			Name: "ReportBreach", Fn: mediationapi.ReportBreach.Function, Args: []string{"MA1", "0", "nothing paid by the due time"}, Answer: agreementJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.ReportBreach(ctx, "MA1", 0, "nothing paid by the due time")
			},
			Want: agreement,
		},
		{
			Name: "Agreement", Fn: mediationapi.GetAgreement.Function, Args: []string{"MA1"}, Answer: agreementJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				v, err := c.GetAgreement(ctx, "MA1")
				return v, nil, err
			},
			Want: agreement,
		},
		{
			Name: "RecordJudgment", Fn: mediationapi.RecordJudgment.Function, Request: judgmentReq, Answer: judgmentJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.RecordJudgment(ctx, judgmentReq)
			},
			Want: judgment,
		},
		{
			Name: "ReportJudgmentPayment", Fn: mediationapi.ReportJudgmentPayment.Function, Args: []string{"(2025)J民初9号", "-1", d2}, Answer: judgmentJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				// A negative amount is the chaincode's to refuse; the client sends it as given.
				return c.ReportJudgmentPayment(ctx, "(2025)J民初9号", -1, d2)
			},
			Want: judgment,
		},
		{
			Name: "ConfirmJudgmentPayment", Fn: mediationapi.ConfirmJudgmentPayment.Function, Args: []string{"(2025)J民初9号", "3"}, Answer: judgmentJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				return c.ConfirmJudgmentPayment(ctx, "(2025)J民初9号", 3)
			},
			Want: judgment,
		},
		{
			Name: "Judgment", Fn: mediationapi.GetJudgment.Function, Args: []string{"(2025)J民初9号"}, Answer: judgmentJSON,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				v, err := c.GetJudgment(ctx, "(2025)J民初9号")
				return v, nil, err
			},
			Want: judgment,
		},
		{
			Name: "Case", Fn: mediationapi.GetCase.Function, Args: []string{"(2026)J执2号"},
			Answer: `{"number":"(2026)J执2号","kind":"enforcement","state":"filed","origin":{"type":"mediation","id":"MA1"},
				"creditors":["` + p1 + `"],"debtors":["` + p2 + `"],"amountDue":5000000000,
				"claims":[{"creditor":"` + p1 + `","priority":0,"amount":5000000000,"distributed":0}],
				"evidence":["` + d1 + `"],"reason":"breach","openedAt":"2026-02-09T00:00:00Z","openedBy":` + clerkJSON + `,"txId":"tx4"}`,
			Call: func(ctx context.Context, c *mediation.Client) (any, *gateway.Result, error) {
				v, err := c.GetCase(ctx, "(2026)J执2号")
				return v, nil, err
			},
			Want: &cases.Case{Number: "(2026)J执2号", Kind: cases.Enforcement, State: cases.Filed, Origin: cases.Origin{Type: "mediation", ID: "MA1"},
				Creditors: []string{p1}, Debtors: []string{p2}, AmountDue: 5000000000,
				Claims:   []cases.Claim{{Creditor: p1, Amount: 5000000000}},
				Evidence: []string{d1}, Reason: "breach", OpenedAt: "2026-02-09T00:00:00Z", OpenedBy: clerk, TxID: "tx4"},
		},
	}
}

func TestRequestsKeepTheirWireNames(t *testing.T) {
	// The chaincode reads the request's JSON names, not Go's field names.
	f := clienttest.Start(t, mediation.New)
	f.Answer(agreementJSON)
	_, _, err := f.Client.RegisterAgreement(t.Context(), mediationapi.AgreementRequest{Digest: d1, EffectiveAt: "2026-01-01T00:00:00Z",
		Obligations: []mediationapi.ObligationRequest{{Debtor: p2, Creditor: p1, Amount: 7, Due: "2026-02-01T00:00:00Z"}}})
	require.NoError(t, err)
	require.JSONEq(t, `{"digest":"`+d1+`","effectiveAt":"2026-01-01T00:00:00Z",
		"obligations":[{"debtor":"`+p2+`","creditor":"`+p1+`","amount":7,"due":"2026-02-01T00:00:00Z"}]}`,
		f.Peer.Requests()[0].Args[0], "no judiciallyConfirmed: it is the court's to record")
	_, _, err = f.Client.ConfirmAgreement(t.Context(), "MA1", mediationapi.ConfirmationRequest{RulingNumber: "R1", RulingDate: "2026-01-05", Document: d2})
	require.NoError(t, err)
	require.JSONEq(t, `{"rulingNumber":"R1","rulingDate":"2026-01-05","document":"`+d2+`"}`, f.Peer.Requests()[1].Args[1])
}

// ApplicationFor files what a breach covers and nothing else.
func TestApplicationFor(t *testing.T) {
	a := *agreement
	awaiting := *agreement.Breach
	awaiting.Outcome, awaiting.CaseNumber, awaiting.CaseKind = mediationapi.BreachAwaitingApplication, "", ""
	later := awaiting
	later.Ref, later.Obligations, later.Amount, later.Claims = "MA1/2", []int{1}, 7, []cases.Claim{{Creditor: p1, Amount: 7}}
	a.Breach, a.LaterBreaches = &awaiting, []*mediationapi.Breach{&later}

	req, err := mediation.ApplicationFor(&a, "MA1/2", d1)
	require.NoError(t, err)
	require.Equal(t, enforcementapi.OpenRequest{Basis: cases.Origin{Type: "mediation", ID: "MA1/2"}, Document: d1,
		Creditors: []string{p1}, Debtors: []string{p2}, Amount: 7, Claims: []cases.Claim{{Creditor: p1, Amount: 7}},
		Evidence: []string{d1, d2}}, req)

	_, err = mediation.ApplicationFor(&a, "MA1/3", d1)
	require.EqualError(t, err, "agreement MA1 has no breach MA1/3; its breaches are MA1, MA1/2")
	_, err = mediation.ApplicationFor(agreement, "MA1", d1)
	require.EqualError(t, err, "breach MA1 of agreement MA1 is not awaiting an application: its outcome is enforcement")
	_, err = mediation.ApplicationFor(&mediationapi.Agreement{ID: "MA9"}, "MA9", d1)
	require.EqualError(t, err, "agreement MA9 is not breached")
}
