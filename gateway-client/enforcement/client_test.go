package enforcement_test

import (
	"context"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/gateway-client/enforcement"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/clienttest"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/stretchr/testify/require"
)

const (
	number = "(2026)J执1a2b3c4d5e号"
	d1     = "1111111111111111111111111111111111111111111111111111111111111111"
	d2     = "2222222222222222222222222222222222222222222222222222222222222222"
	p1     = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	p2     = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

	officerJSON = `{"mspId":"CourtMSP","enrollmentId":"officer1","role":"enforcement_officer"}`
	judgeJSON   = `{"mspId":"CourtMSP","enrollmentId":"judge1","role":"judge"}`
	bankJSON    = `{"mspId":"CreditMSP","enrollmentId":"bank1","role":"bank_officer"}`
)

var (
	officer = api.Actor{MSPID: "CourtMSP", EnrollmentID: "officer1", Role: api.EnforcementOfficer}
	judge   = api.Actor{MSPID: "CourtMSP", EnrollmentID: "judge1", Role: api.Judge}
	bank    = api.Actor{MSPID: "CreditMSP", EnrollmentID: "bank1", Role: api.BankOfficer}
)

const caseJSON = `{"number":"` + number + `","kind":"enforcement","state":"settled",
	"origin":{"type":"judgment","id":"(2025)J民初9号"},"creditors":["` + p1 + `"],"debtors":["` + p2 + `"],
	"amountDue":9000000000,"claims":[{"creditor":"` + p1 + `","priority":1,"amount":9000000000,"distributed":300}],
	"evidence":["` + d1 + `"],"reason":"application","openedAt":"2026-01-02T00:00:00Z","openedBy":` + officerJSON + `,"txId":"tx1",
	"collected":500,"distributed":300,"operations":12,"investigations":2,"measures":3,"settlements":1,
	"settlement":{"no":1,"document":"` + d2 + `","total":8000000000,"paid":500,
		"instalments":[{"amount":500,"due":"2026-02-01T00:00:00Z","paid":true},{"amount":7999999500,"due":"2026-03-01T00:00:00Z","paid":false}],
		"agreedAt":"2026-01-20T00:00:00Z"},
	"stateSince":"2026-01-20T00:00:00Z"}`

var enforcementCase = &enforcementapi.Case{
	Case: cases.Case{Number: number, Kind: cases.Enforcement, State: cases.Settled,
		Origin: cases.Origin{Type: "judgment", ID: "(2025)J民初9号"}, Creditors: []string{p1}, Debtors: []string{p2},
		AmountDue: 9000000000, Claims: []cases.Claim{{Creditor: p1, Priority: 1, Amount: 9000000000, Distributed: 300}},
		Evidence: []string{d1}, Reason: "application", OpenedAt: "2026-01-02T00:00:00Z", OpenedBy: officer, TxID: "tx1"},
	Collected: 500, Distributed: 300, Operations: 12, Investigations: 2, Measures: 3, Settlements: 1,
	Settlement: &enforcementapi.Settlement{No: 1, Document: d2, Total: 8000000000, Paid: 500,
		Instalments: []enforcementapi.Instalment{{Amount: 500, Due: "2026-02-01T00:00:00Z", Paid: true}, {Amount: 7999999500, Due: "2026-03-01T00:00:00Z"}},
		AgreedAt:    "2026-01-20T00:00:00Z"},
	StateSince: "2026-01-20T00:00:00Z",
}

const operationJSON = `{"case":"` + number + `","seq":11,"kind":"distribution","officer":` + officerJSON + `,"at":"2026-02-02T00:00:00Z",
	"document":"` + d2 + `","amount":300,"shares":[{"creditor":"` + p1 + `","priority":1,"amount":300}],"txId":"tx5"}`

var operation = enforcementapi.Operation{Case: number, Seq: 11, Kind: enforcementapi.OpDistribution, Officer: officer, At: "2026-02-02T00:00:00Z",
	Document: d2, Amount: 300, Shares: []enforcementapi.Share{{Creditor: p1, Priority: 1, Amount: 300}}, TxID: "tx5"}

const pageJSON = `{"operations":[` + operationJSON + `,
	{"case":"` + number + `","seq":12,"kind":"freeze","step":"approved","officer":` + judgeJSON + `,"at":"2026-02-03T00:00:00Z","measure":"M1","txId":"tx6"}],
	"bookmark":"g1AAAA"}`

var page = &enforcementapi.OperationPage{Operations: []enforcementapi.Operation{operation,
	{Case: number, Seq: 12, Kind: enforcementapi.OpFreeze, Step: "approved", Officer: judge, At: "2026-02-03T00:00:00Z", Measure: "M1", TxID: "tx6"}},
	Bookmark: "g1AAAA"}

const measureJSON = `{"case":"` + number + `","id":"M1","kind":"freeze","state":"executed","target":"` + d1 + `","amount":6000000000,
	"bank":"CreditMSP","document":"` + d2 + `","origin":"officer","requestedBy":` + officerJSON + `,"requestedAt":"2026-01-05T00:00:00Z",
	"decidedBy":` + judgeJSON + `,"decidedAt":"2026-01-06T00:00:00Z","decision":"` + d2 + `",
	"executedBy":` + bankJSON + `,"executedAt":"2026-01-07T00:00:00Z","executed":5999999999,"proof":"` + d1 + `"}`

var measure = &enforcementapi.Measure{Case: number, ID: "M1", Kind: enforcementapi.OpFreeze, State: enforcementapi.Executed, Target: d1, Amount: 6000000000,
	Bank: "CreditMSP", Document: d2, Origin: "officer", RequestedBy: officer, RequestedAt: "2026-01-05T00:00:00Z",
	DecidedBy: &judge, DecidedAt: "2026-01-06T00:00:00Z", Decision: d2,
	ExecutedBy: &bank, ExecutedAt: "2026-01-07T00:00:00Z", Executed: 5999999999, Proof: d1}

const measureResultJSON = `{"measure":` + measureJSON + `,"case":` + caseJSON + `}`

var measureResult = &enforcementapi.MeasureResult{Measure: measure, Case: enforcementCase}

const clueJSON = `{"id":"C1","debtor":"` + p2 + `","kind":"deposit","description":"` + d1 + `","value":4000000000,"bank":"CreditMSP",
	"reportedBy":` + bankJSON + `,"reportedAt":"2026-01-08T00:00:00Z","txId":"tx7"}`

var clue = &enforcementapi.Clue{ID: "C1", Debtor: p2, Kind: "deposit", Description: d1, Value: 4000000000, Bank: "CreditMSP",
	ReportedBy: bank, ReportedAt: "2026-01-08T00:00:00Z", TxID: "tx7"}

const (
	resumption       = "(2026)J执恢6f7e8d9c0b号"
	terminatedJSON   = `{"number":"` + number + `","kind":"enforcement","state":"terminated","origin":{"type":"judgment","id":"(2025)J民初9号"},"creditors":["` + p1 + `"],"debtors":["` + p2 + `"],"amountDue":9000,"claims":[{"creditor":"` + p1 + `","priority":0,"amount":9000,"distributed":0}],"reason":"application","openedAt":"2026-01-02T00:00:00Z","openedBy":` + officerJSON + `,"txId":"tx1","collected":0,"distributed":0,"operations":14,"investigations":4,"measures":0,"settlements":0,"resumedAs":["` + resumption + `"],"checks":[{"kind":"notice","seq":0,"case":"` + number + `"},{"kind":"search","channel":"vehicles","seq":5,"case":"` + number + `"}],"inquiries":[{"round":1,"due":"2026-10-02T00:00:00Z","state":"due","answered":["real_estate/CreditMSP"]},{"round":2,"due":"2027-04-02T00:00:00Z","state":"cancelled"}],"taskCount":1}`
	resumedJSON      = `{"number":"` + resumption + `","kind":"enforcement","state":"active","origin":{"type":"resumption","id":"` + number + `"},"creditors":["` + p1 + `"],"debtors":["` + p2 + `"],"amountDue":9000,"claims":[{"creditor":"` + p1 + `","priority":0,"amount":9000,"distributed":0}],"reason":"resumption","openedAt":"2026-10-03T00:00:00Z","openedBy":` + bankJSON + `,"txId":"tx9","collected":0,"distributed":0,"operations":2,"investigations":0,"measures":1,"settlements":0,"resumes":"` + number + `"}`
	resumptionResult = `{"case":` + terminatedJSON + `,"resumption":` + resumedJSON + `,"measure":"M1","result":"resumed as ` + resumption + `; freeze M1 requested from CreditMSP"}`
)

var terminated = &enforcementapi.Case{
	Case: cases.Case{Number: number, Kind: cases.Enforcement, State: cases.Terminated, Origin: cases.Origin{Type: "judgment", ID: "(2025)J民初9号"},
		Creditors: []string{p1}, Debtors: []string{p2}, AmountDue: 9000, Claims: []cases.Claim{{Creditor: p1, Amount: 9000}},
		Reason: "application", OpenedAt: "2026-01-02T00:00:00Z", OpenedBy: officer, TxID: "tx1"},
	Operations: 14, Investigations: 4, ResumedAs: []string{resumption},
	Checks: []enforcementapi.Check{{Kind: "notice", Case: number}, {Kind: "search", Channel: "vehicles", Seq: 5, Case: number}},
	Inquiries: []enforcementapi.Inquiry{{Round: 1, Due: "2026-10-02T00:00:00Z", State: "due", Answered: []string{"real_estate/CreditMSP"}},
		{Round: 2, Due: "2027-04-02T00:00:00Z", State: "cancelled"}},
	TaskCount: 1,
}

var resumed = &enforcementapi.Case{
	Case: cases.Case{Number: resumption, Kind: cases.Enforcement, State: cases.Active, Origin: cases.Origin{Type: cases.ResumptionOrigin, ID: number},
		Creditors: []string{p1}, Debtors: []string{p2}, AmountDue: 9000, Claims: []cases.Claim{{Creditor: p1, Amount: 9000}},
		Reason: "resumption", OpenedAt: "2026-10-03T00:00:00Z", OpenedBy: bank, TxID: "tx9"},
	Operations: 2, Measures: 1, Resumes: number,
}

var resumptionAnswer = &enforcementapi.ResumptionResult{Case: terminated, Resumption: resumed, Measure: "M1",
	Result: "resumed as " + resumption + "; freeze M1 requested from CreditMSP"}

func resumptionMethod(name string, fn api.Function, args []string, call func(context.Context, *enforcement.Client) (*enforcementapi.ResumptionResult, *gateway.Result, error)) method {
	return method{Name: name, Fn: fn, Args: args, Answer: resumptionResult, Want: resumptionAnswer,
		Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) { return call(ctx, c) }}
}

// TestMethods checks that each method makes the call its row below
// describes, through a fake gateway peer: see clienttest.Run.
func TestMethods(t *testing.T) {
	clienttest.Run(t, enforcement.New, append(methods(), generated()...), enforcementapi.Namespace)
}

// method is a row of the table clienttest.Run checks the client against.
type method = clienttest.Method[*enforcement.Client]

func caseMethod(name string, fn api.Function, args []string, call func(context.Context, *enforcement.Client) (*enforcementapi.Case, *gateway.Result, error)) method {
	return method{Name: name, Fn: fn, Args: args, Answer: caseJSON, Want: enforcementCase,
		Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) { return call(ctx, c) }}
}

func measureMethod(name string, fn api.Function, args []string, call func(context.Context, *enforcement.Client) (*enforcementapi.MeasureResult, *gateway.Result, error)) method {
	return method{Name: name, Fn: fn, Args: args, Answer: measureResultJSON, Want: measureResult,
		Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) { return call(ctx, c) }}
}

func methods() []method {
	open := enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: "(2025)J民初9号"}, Document: d1,
		Creditors: []string{p1}, Debtors: []string{p2}, Amount: 9000000000,
		Claims: []cases.Claim{{Creditor: p1, Priority: 1, Amount: 9000000000}}, Evidence: []string{d2}}
	settlement := enforcementapi.SettlementRequest{Document: d2, Instalments: []enforcementapi.InstalmentRequest{
		{Amount: 500, Due: "2026-02-01T00:00:00Z"}, {Amount: 7999999500, Due: "2026-03-01T00:00:00+08:00"}},
		PreAuthorised: true, Authorisation: d1}
	answer := enforcementapi.InquiryAnswer{Channel: "real_estate", Found: true, Value: 9000, Description: d1}
	application := enforcementapi.ResumptionApplication{Document: d2, Property: enforcementapi.PropertyReport{Kind: "vehicle", Description: d1, Value: 0}}
	return []method{
		{
			Name: "Open", Fn: enforcementapi.OpenCase.Function, Request: open, Answer: caseJSON, Want: enforcementCase,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				return c.OpenCase(ctx, open)
			},
		},
		caseMethod("Activate", enforcementapi.Activate.Function, []string{number, d1},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.Case, *gateway.Result, error) {
				return c.Activate(ctx, number, d1)
			}),
		caseMethod("Terminate", enforcementapi.Terminate.Function, []string{number, "no property found", d1},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.Case, *gateway.Result, error) {
				return c.Terminate(ctx, number, "no property found", d1)
			}),
		resumptionMethod("Resume", enforcementapi.Resume.Function, []string{number, "a deposit was found", d2},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.ResumptionResult, *gateway.Result, error) {
				return c.Resume(ctx, number, "a deposit was found", d2)
			}),
		{
			Name: "LogSearch", Fn: enforcementapi.LogSearch.Function, Args: []string{number, "vehicles", d1, "no vehicle registered"},
			Answer: `{"case":"` + number + `","seq":5,"kind":"search","channel":"vehicles","officer":` + officerJSON + `,"at":"2026-02-02T00:00:00Z","document":"` + d1 + `","note":"no vehicle registered","txId":"tx8"}`,
			Want: &enforcementapi.Operation{Case: number, Seq: 5, Kind: enforcementapi.OpSearch, Channel: "vehicles", Officer: officer, At: "2026-02-02T00:00:00Z",
				Document: d1, Note: "no vehicle registered", TxID: "tx8"},
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				return c.LogSearch(ctx, number, "vehicles", d1, "no vehicle registered")
			},
		},
		{
			Name: "Inquiries", Fn: enforcementapi.Inquiries.Function, Args: []string{number},
			Answer: `[{"round":1,"due":"2026-10-02T00:00:00Z","state":"due","answered":["real_estate/CreditMSP"],"key":"~deadline|1|inquiry|x#1","indexed":false},
				{"round":2,"due":"2027-04-02T00:00:00Z","state":"scheduled","key":"~deadline|2|inquiry|x#2","indexed":true}]`,
			Want: []enforcementapi.ScheduledInquiry{
				{Inquiry: enforcementapi.Inquiry{Round: 1, Due: "2026-10-02T00:00:00Z", State: "due", Answered: []string{"real_estate/CreditMSP"}}, Key: "~deadline|1|inquiry|x#1"},
				{Inquiry: enforcementapi.Inquiry{Round: 2, Due: "2027-04-02T00:00:00Z", State: "scheduled"}, Key: "~deadline|2|inquiry|x#2", Indexed: true}},
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				v, err := c.Inquiries(ctx, number)
				return v, nil, err
			},
		},
		{
			Name: "AnswerInquiry", Fn: enforcementapi.AnswerInquiry.Function, Args: []string{number}, Request: answer,
			Answer: resumptionResult, Want: resumptionAnswer,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				return c.AnswerInquiry(ctx, number, answer)
			},
		},
		resumptionMethod("DecideTask", enforcementapi.DecideTask.Function, []string{number, "T1", enforcementapi.DecideResume, "a flat worth auctioning"},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.ResumptionResult, *gateway.Result, error) {
				return c.DecideTask(ctx, number, "T1", enforcementapi.DecideResume, "a flat worth auctioning")
			}),
		{
			Name: "ApplyResumption", Fn: enforcementapi.ApplyResumption.Function, Args: []string{number}, Request: application,
			Answer: caseJSON, Want: enforcementCase,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				return c.ApplyResumption(ctx, number, application)
			},
		},
		resumptionMethod("VerifyProperty", enforcementapi.VerifyProperty.Function, []string{number, "P1", "true", d2},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.ResumptionResult, *gateway.Result, error) {
				return c.VerifyProperty(ctx, number, "P1", true, d2)
			}),
		resumptionMethod("VerifyPropertyNot", enforcementapi.VerifyProperty.Function, []string{number, "P2", "false", d1},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.ResumptionResult, *gateway.Result, error) {
				return c.VerifyProperty(ctx, number, "P2", false, d1)
			}),
		caseMethod("Suspend", enforcementapi.Suspend.Function, []string{number, enforcementapi.SuspendBankruptcy, d1},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.Case, *gateway.Result, error) {
				return c.Suspend(ctx, number, enforcementapi.SuspendBankruptcy, d1)
			}),
		caseMethod("EndSuspension", enforcementapi.EndSuspension.Function, []string{number, d2},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.Case, *gateway.Result, error) {
				return c.EndSuspension(ctx, number, d2)
			}),
		caseMethod("RuleNotToEnforce", enforcementapi.RuleNotToEnforce.Function, []string{number, d1, "the award exceeded the arbitration agreement"},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.Case, *gateway.Result, error) {
				return c.RuleNotToEnforce(ctx, number, d1, "the award exceeded the arbitration agreement")
			}),
		caseMethod("FinallyTerminate", enforcementapi.FinallyTerminate.Function, []string{number, "application_withdrawn", d2},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.Case, *gateway.Result, error) {
				return c.FinallyTerminate(ctx, number, "application_withdrawn", d2)
			}),
		{
			// The case number comes first, the request last.
			Name: "Settle", Fn: enforcementapi.Settle.Function, Args: []string{number}, Request: settlement, Answer: caseJSON, Want: enforcementCase,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				return c.Settle(ctx, number, settlement)
			},
		},
		caseMethod("RecordCollection", enforcementapi.RecordCollection.Function, []string{number, "9000000000", d1, "paid in full"},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.Case, *gateway.Result, error) {
				return c.RecordCollection(ctx, number, 9000000000, d1, "paid in full")
			}),
		caseMethod("ReportCollection", enforcementapi.ReportCollection.Function, []string{number, "500", d1, "paid in cash"},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.Case, *gateway.Result, error) {
				return c.ReportCollection(ctx, number, 500, d1, "paid in cash")
			}),
		caseMethod("ConfirmCollection", enforcementapi.ConfirmCollection.Function, []string{number, "R2"},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.Case, *gateway.Result, error) {
				return c.ConfirmCollection(ctx, number, "R2")
			}),
		{
			Name: "Distribute", Fn: enforcementapi.Distribute.Function, Args: []string{number, "300", d2},
			Answer: `{"case":` + caseJSON + `,"operation":` + operationJSON + `}`,
			Want:   &enforcementapi.Distribution{Case: enforcementCase, Operation: operation},
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				return c.Distribute(ctx, number, 300, d2)
			},
		},
		{
			Name: "Case", Fn: enforcementapi.GetCase.Function, Args: []string{number}, Answer: caseJSON, Want: enforcementCase,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				v, err := c.GetCase(ctx, number)
				return v, nil, err
			},
		},
		{
			Name: "KeyPolicy", Fn: enforcementapi.KeyPolicy.Function, Args: []string{number}, Answer: `["CourtMSP","CreditMSP"]`,
			Want: []string{"CourtMSP", "CreditMSP"},
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				v, err := c.KeyPolicy(ctx, number)
				return v, nil, err
			},
		},
		{
			Name: "LogOperation", Fn: enforcementapi.LogOperation.Function, Args: []string{number, enforcementapi.OpInvestigation, d1, "online inquiry"},
			Answer: operationJSON, Want: &operation,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				return c.LogOperation(ctx, number, enforcementapi.OpInvestigation, d1, "online inquiry")
			},
		},
		{
			Name: "Operations", Fn: enforcementapi.Operations.Function, Args: []string{number, "50", ""}, Answer: pageJSON, Want: page,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				v, err := c.Operations(ctx, number)
				return v, nil, err
			},
		},
		{
			Name: "OperationsPaged", Fn: enforcementapi.Operations.Function, Args: []string{number, "200", "g1AAAA"}, Answer: pageJSON, Want: page,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				v, err := c.Operations(ctx, number, gateway.WithPageSize(enforcementapi.MaxPage), gateway.WithBookmark("g1AAAA"))
				return v, nil, err
			},
		},
		{
			Name: "OperationsByKind", Fn: enforcementapi.OperationsByKind.Function,
			Args: []string{enforcementapi.OpFreeze, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "50", ""}, Answer: pageJSON, Want: page,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				v, err := c.OperationsByKind(ctx, enforcementapi.OpFreeze, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")
				return v, nil, err
			},
		},
		{
			Name: "OperationsByKindPaged", Fn: enforcementapi.OperationsByKind.Function,
			Args: []string{enforcementapi.OpFreeze, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "7", "g1AAAA"}, Answer: pageJSON, Want: page,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				v, err := c.OperationsByKind(ctx, enforcementapi.OpFreeze, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z",
					gateway.WithBookmark("g1AAAA"), gateway.WithPageSize(7))
				return v, nil, err
			},
		},
		measureMethod("RequestMeasure", enforcementapi.RequestMeasure.Function, []string{number, enforcementapi.OpFreeze, d1, "6000000000", d2},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.MeasureResult, *gateway.Result, error) {
				return c.RequestMeasure(ctx, number, enforcementapi.OpFreeze, d1, 6000000000, d2)
			}),
		measureMethod("ApproveMeasure", enforcementapi.ApproveMeasure.Function, []string{number, "M1", d2},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.MeasureResult, *gateway.Result, error) {
				return c.ApproveMeasure(ctx, number, "M1", d2)
			}),
		measureMethod("RejectMeasure", enforcementapi.RejectMeasure.Function, []string{number, "M1", "the account is not the debtor's"},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.MeasureResult, *gateway.Result, error) {
				return c.RejectMeasure(ctx, number, "M1", "the account is not the debtor's")
			}),
		measureMethod("ConfirmMeasure", enforcementapi.ConfirmMeasure.Function, []string{number, "M1", "5999999999", d1},
			func(ctx context.Context, c *enforcement.Client) (*enforcementapi.MeasureResult, *gateway.Result, error) {
				return c.ConfirmMeasure(ctx, number, "M1", 5999999999, d1)
			}),
		{
			Name: "Measure", Fn: enforcementapi.GetMeasure.Function, Args: []string{number, "M1"}, Answer: measureJSON, Want: measure,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				v, err := c.GetMeasure(ctx, number, "M1")
				return v, nil, err
			},
		},
		{
			Name: "ReportPropertyClue", Fn: enforcementapi.ReportPropertyClue.Function, Args: []string{p2, "deposit", d1, "4000000000"},
			Answer: `{"clue":` + clueJSON + `,"duplicate":false,"cases":[{"case":"` + number + `","result":"freeze requested","measure":"M2"},
				{"case":"(2026)J执2号","result":"resumed as ` + resumption + `","measure":"M1","resumption":"` + resumption + `"},
				{"case":"(2026)J执3号","result":"task T4","task":"T4"}]}`,
			Want: &enforcementapi.ClueResult{Clue: clue, Cases: []enforcementapi.ClueOutcome{
				{Case: number, Result: "freeze requested", Measure: "M2"}, {Case: "(2026)J执2号", Result: "resumed as " + resumption, Measure: "M1", Resumption: resumption},
				{Case: "(2026)J执3号", Result: "task T4", Task: "T4"}}},
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				return c.ReportPropertyClue(ctx, p2, "deposit", d1, 4000000000)
			},
		},
		{
			Name: "Clue", Fn: enforcementapi.GetClue.Function, Args: []string{"C1"}, Answer: clueJSON, Want: clue,
			Call: func(ctx context.Context, c *enforcement.Client) (any, *gateway.Result, error) {
				v, err := c.GetClue(ctx, "C1")
				return v, nil, err
			},
		},
	}
}

func TestPagesDefaultToFiftyFromTheStart(t *testing.T) {
	require.Equal(t, 50, gateway.DefaultPageSize)
	f := clienttest.Start(t, enforcement.New)
	f.Answer(`{"operations":[],"bookmark":""}`)
	p, err := f.Client.Operations(t.Context(), number)
	require.NoError(t, err)
	require.Empty(t, p.Operations)
	require.Empty(t, p.Bookmark, "the last page has no bookmark")

	// The last option given wins, as fabric-gateway's options do.
	_, err = f.Client.Operations(t.Context(), number, gateway.WithPageSize(10), gateway.WithPageSize(20))
	require.NoError(t, err)

	reqs := f.Peer.Requests()
	require.Len(t, reqs, 2)
	require.Equal(t, []string{number, "50", ""}, reqs[0].Args)
	require.Equal(t, []string{number, "20", ""}, reqs[1].Args)
}

func TestReadingEveryPageFollowsTheBookmarks(t *testing.T) {
	f := clienttest.Start(t, enforcement.New)
	f.Peer.Handle(func(r fakepeer.Request) fakepeer.Response {
		next := map[string]string{"": "b1", "b1": "b2", "b2": ""}[r.Args[4]]
		seq := map[string]string{"": "0", "b1": "1", "b2": "2"}[r.Args[4]]
		return fakepeer.Response{Payload: []byte(`{"operations":[{"case":"` + number + `","seq":` + seq +
			`,"kind":"freeze","officer":` + officerJSON + `,"at":"2026-01-01T00:00:00Z","txId":"t"}],"bookmark":"` + next + `"}`)}
	})
	var seqs []int
	var opts []gateway.PageOption
	for {
		p, err := f.Client.OperationsByKind(t.Context(), enforcementapi.OpFreeze, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", append(opts, gateway.WithPageSize(1))...)
		require.NoError(t, err)
		for _, op := range p.Operations {
			seqs = append(seqs, op.Seq)
		}
		if p.Bookmark == "" {
			break
		}
		opts = []gateway.PageOption{gateway.WithBookmark(p.Bookmark)}
	}
	require.Equal(t, []int{0, 1, 2}, seqs)
	var bookmarks []string
	for _, r := range f.Peer.Requests() {
		require.Equal(t, "1", r.Args[3])
		bookmarks = append(bookmarks, r.Args[4])
	}
	require.Equal(t, []string{"", "b1", "b2"}, bookmarks)
}

func TestRefusalCodesReachTheCaller(t *testing.T) {
	// Each code the chaincode gives reaches the caller as it was given.
	f := clienttest.Start(t, enforcement.New)
	for _, code := range []api.Code{api.CodeDenied, api.CodeInvalid, api.CodeNotFound, api.CodeExists, api.CodeState, api.CodeTime, api.CodeLimit, api.CodeCorrupt} {
		f.Refuse("measure M1 of " + number + " cannot be approved by its requester [" + string(code) + "]")
		_, _, err := f.Client.ApproveMeasure(t.Context(), number, "M1", d2)
		require.Equal(t, code, gateway.CodeOf(err), "%v", err)
		require.NotContains(t, err.Error(), "["+string(code)+"]", "the code is not part of the text")
		require.Equal(t, "measure M1 of "+number+" cannot be approved by its requester", gateway.ChaincodeMessage(err))
	}

	// A refusal without a code has none.
	f.Refuse("something broke")
	_, err := f.Client.GetCase(t.Context(), number)
	var ee *gateway.EndorseError
	require.ErrorAs(t, err, &ee)
	require.Empty(t, ee.Code)
	require.Equal(t, "something broke", ee.Message)
}
