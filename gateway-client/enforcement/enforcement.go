// Package enforcement is the client of the enforcement contract
// (chaincode/api/enforcement): cases from filing to conclusion, their
// operations log, the request–approval–execution loop of freezes,
// seizures and deductions, termination for lack of property and the
// court's inquiries after it, resumption cases, property clues,
// settlements, suspension and final termination, and distribution.
package enforcement

import (
	"context"
	"strconv"

	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/gateway-client/judicial"
)

// Client calls the enforcement contract.
type Client struct {
	c *judicial.Client
}

// New wraps a connected gateway client.
func New(c *judicial.Client) *Client { return &Client{c: c} }

func amount(a int64) string { return strconv.FormatInt(a, 10) }

// Open files a case on a creditor's application (clerks).
func (e *Client) Open(ctx context.Context, req enforcementapi.OpenRequest) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitRequest[enforcementapi.Case](ctx, e.c, enforcementapi.OpenCase.Function, req)
}

// Activate issues the enforcement notice (officers, judges).
func (e *Client) Activate(ctx context.Context, number, document string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.Activate.Function, number, document)
}

// Terminate ends the current procedure for lack of property once the
// case's log shows the five conditions (judges); the refusal lists every
// unmet one.
func (e *Client) Terminate(ctx context.Context, number, reason, document string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.Terminate.Function, number, reason, document)
}

// Resume resumes a terminated case, or a settled one whose settlement is
// not performed, on the creditor's application (judges): the answer
// holds the resumption case docketed for it.
func (e *Client) Resume(ctx context.Context, number, reason, document string) (*enforcementapi.ResumptionResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.ResumptionResult](ctx, e.c, enforcementapi.Resume.Function, number, reason, document)
}

// LogSearch logs a property search through one of the channels the court
// defines (officers).
func (e *Client) LogSearch(ctx context.Context, number, channel, document, note string) (*enforcementapi.Operation, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Operation](ctx, e.c, enforcementapi.LogSearch.Function, number, channel, document, note)
}

// Inquiries reads a terminated case's inquiry rounds and whether each is
// still in the deadline index.
func (e *Client) Inquiries(ctx context.Context, number string) ([]enforcementapi.ScheduledInquiry, error) {
	return judicial.Query[[]enforcementapi.ScheduledInquiry](ctx, e.c, judicial.Call{Function: enforcementapi.Inquiries.Function, Args: []string{number}})
}

// AnswerInquiry records a bank's answer to the court's inquiry in a
// terminated case (bank officers): covering property resumes the case,
// less becomes an officer's task.
func (e *Client) AnswerInquiry(ctx context.Context, number string, answer enforcementapi.InquiryAnswer) (*enforcementapi.ResumptionResult, *judicial.Result, error) {
	return judicial.SubmitRequest[enforcementapi.ResumptionResult](ctx, e.c, enforcementapi.AnswerInquiry.Function, answer, number)
}

// DecideTask decides a task a property report raised: resume or
// no_resumption with a reason (officers).
func (e *Client) DecideTask(ctx context.Context, number, task, decision, reason string) (*enforcementapi.ResumptionResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.ResumptionResult](ctx, e.c, enforcementapi.DecideTask.Function, number, task, decision, reason)
}

// ApplyResumption records a creditor's application to resume a
// terminated case with the property the creditor found (clerks).
func (e *Client) ApplyResumption(ctx context.Context, number string, req enforcementapi.ResumptionApplication) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitRequest[enforcementapi.Case](ctx, e.c, enforcementapi.ApplyResumption.Function, req, number)
}

// VerifyProperty records whether the property a creditor reported is
// verified (officers): verified, the resumption case is docketed.
func (e *Client) VerifyProperty(ctx context.Context, number, application string, verified bool, document string) (*enforcementapi.ResumptionResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.ResumptionResult](ctx, e.c, enforcementapi.VerifyProperty.Function, number, application, strconv.FormatBool(verified), document)
}

// Suspend suspends enforcement for a retrial or the debtor's bankruptcy
// (judges).
func (e *Client) Suspend(ctx context.Context, number, ground, document string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.Suspend.Function, number, ground, document)
}

// EndSuspension ends a suspension: the case is active again (judges).
func (e *Client) EndSuspension(ctx context.Context, number, document string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.EndSuspension.Function, number, document)
}

// RuleNotToEnforce records a ruling not to enforce the document (judges).
func (e *Client) RuleNotToEnforce(ctx context.Context, number, document, reason string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.RuleNotToEnforce.Function, number, document, reason)
}

// FinallyTerminate terminates enforcement on a ground of CPL 2023 art.
// 268 (judges).
func (e *Client) FinallyTerminate(ctx context.Context, number, ground, document string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.FinallyTerminate.Function, number, ground, document)
}

// Settle records an enforcement settlement (officers, judges).
func (e *Client) Settle(ctx context.Context, number string, req enforcementapi.SettlementRequest) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitRequest[enforcementapi.Case](ctx, e.c, enforcementapi.Settle.Function, req, number)
}

// RecordCollection records money a bank moved under an approved measure
// of the case (bank officers of that bank).
func (e *Client) RecordCollection(ctx context.Context, number string, paid int64, proof, note string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.RecordCollection.Function, number, amount(paid), proof, note)
}

// ReportCollection reports money paid towards the case that no bank under
// a measure saw (officers, clerks); it counts once confirmed.
func (e *Client) ReportCollection(ctx context.Context, number string, paid int64, proof, note string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.ReportCollection.Function, number, amount(paid), proof, note)
}

// ConfirmCollection confirms a reported collection (judges, clerks; never
// who reported it).
func (e *Client) ConfirmCollection(ctx context.Context, number, report string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.ConfirmCollection.Function, number, report)
}

// Distribute pays collected money out to the creditors (officers).
func (e *Client) Distribute(ctx context.Context, number string, total int64, document string) (*enforcementapi.Distribution, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Distribution](ctx, e.c, enforcementapi.Distribute.Function, number, amount(total), document)
}

// Case reads an enforcement case.
func (e *Client) Case(ctx context.Context, number string) (*enforcementapi.Case, error) {
	return judicial.EvaluateAs[enforcementapi.Case](ctx, e.c, enforcementapi.GetCase.Function, number)
}

// KeyPolicy lists the orgs whose peers must endorse a change of the case.
func (e *Client) KeyPolicy(ctx context.Context, number string) ([]string, error) {
	return judicial.Query[[]string](ctx, e.c, judicial.Call{Function: enforcementapi.KeyPolicy.Function, Args: []string{number}})
}

// LogOperation appends an investigation, valuation, auction, interview,
// credit punishment or archiving step, or a step the conditions of
// termination ask for (report_order, restriction_order, listing,
// no_listing_grounds, debtor_search, debtor_not_missing), to the case's
// log (officers).
func (e *Client) LogOperation(ctx context.Context, number, kind, document, note string) (*enforcementapi.Operation, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Operation](ctx, e.c, enforcementapi.LogOperation.Function, number, kind, document, note)
}

// Operations reads one page of a case's log, in order.
func (e *Client) Operations(ctx context.Context, number string, opts ...judicial.PageOption) (*enforcementapi.OperationPage, error) {
	p := judicial.Pages(opts...)
	return judicial.EvaluateAs[enforcementapi.OperationPage](ctx, e.c, enforcementapi.Operations.Function, number, strconv.Itoa(p.Size), p.Bookmark)
}

// OperationsByKind reads one page of the operations of one kind across
// cases with a time in [from, to) (RFC 3339), in time order (auditors,
// judges).
func (e *Client) OperationsByKind(ctx context.Context, kind, from, to string, opts ...judicial.PageOption) (*enforcementapi.OperationPage, error) {
	p := judicial.Pages(opts...)
	return judicial.EvaluateAs[enforcementapi.OperationPage](ctx, e.c, enforcementapi.OperationsByKind.Function, kind, from, to, strconv.Itoa(p.Size), p.Bookmark)
}

// RequestMeasure asks a judge to approve a freeze, seizure or deduction
// (officers).
func (e *Client) RequestMeasure(ctx context.Context, number, kind, target string, limit int64, document string) (*enforcementapi.MeasureResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.MeasureResult](ctx, e.c, enforcementapi.RequestMeasure.Function, number, kind, target, amount(limit), document)
}

// ApproveMeasure approves a requested measure (judges other than the
// requester).
func (e *Client) ApproveMeasure(ctx context.Context, number, measure, document string) (*enforcementapi.MeasureResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.MeasureResult](ctx, e.c, enforcementapi.ApproveMeasure.Function, number, measure, document)
}

// RejectMeasure rejects a requested measure with a reason (judges).
func (e *Client) RejectMeasure(ctx context.Context, number, measure, reason string) (*enforcementapi.MeasureResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.MeasureResult](ctx, e.c, enforcementapi.RejectMeasure.Function, number, measure, reason)
}

// ConfirmMeasure records the bank's execution of an approved measure
// (bank officers of the addressed bank).
func (e *Client) ConfirmMeasure(ctx context.Context, number, measure string, executed int64, proof string) (*enforcementapi.MeasureResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.MeasureResult](ctx, e.c, enforcementapi.ConfirmMeasure.Function, number, measure, amount(executed), proof)
}

// Measure reads a measure.
func (e *Client) Measure(ctx context.Context, number, measure string) (*enforcementapi.Measure, error) {
	return judicial.EvaluateAs[enforcementapi.Measure](ctx, e.c, enforcementapi.GetMeasure.Function, number, measure)
}

// ReportPropertyClue reports a clue to a debtor's property (bank
// officers): in terminated cases covering property dockets a resumption
// case and less becomes an officer's task; active ones get a freeze
// request.
func (e *Client) ReportPropertyClue(ctx context.Context, debtor, kind, description string, value int64) (*enforcementapi.ClueResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.ClueResult](ctx, e.c, enforcementapi.ReportPropertyClue.Function, debtor, kind, description, amount(value))
}

// Clue reads a property clue.
func (e *Client) Clue(ctx context.Context, id string) (*enforcementapi.Clue, error) {
	return judicial.EvaluateAs[enforcementapi.Clue](ctx, e.c, enforcementapi.GetClue.Function, id)
}
