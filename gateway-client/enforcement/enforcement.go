// Package enforcement is the client of the enforcement contract
// (chaincode/api/enforcement): cases from filing to conclusion, their
// operations log, the request–approval–execution loop of freezes,
// seizures and deductions, property clues, settlements and distribution.
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
	return judicial.SubmitRequest[enforcementapi.Case](ctx, e.c, enforcementapi.OpenCase, req)
}

// Activate issues the enforcement notice (officers, judges).
func (e *Client) Activate(ctx context.Context, number, document string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.Activate, number, document)
}

// Terminate ends the current procedure for lack of property (judges).
func (e *Client) Terminate(ctx context.Context, number, reason, document string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.Terminate, number, reason, document)
}

// Resume resumes a terminated or settled case on the creditor's
// application (judges).
func (e *Client) Resume(ctx context.Context, number, reason, document string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.Resume, number, reason, document)
}

// Settle records an enforcement settlement (officers, judges).
func (e *Client) Settle(ctx context.Context, number string, req enforcementapi.SettlementRequest) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitRequest[enforcementapi.Case](ctx, e.c, enforcementapi.Settle, req, number)
}

// RecordCollection records money a bank moved under an approved measure
// of the case (bank officers of that bank).
func (e *Client) RecordCollection(ctx context.Context, number string, paid int64, proof, note string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.RecordCollection, number, amount(paid), proof, note)
}

// ReportCollection reports money paid towards the case that no bank under
// a measure saw (officers, clerks); it counts once confirmed.
func (e *Client) ReportCollection(ctx context.Context, number string, paid int64, proof, note string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.ReportCollection, number, amount(paid), proof, note)
}

// ConfirmCollection confirms a reported collection (judges, clerks; never
// who reported it).
func (e *Client) ConfirmCollection(ctx context.Context, number, report string) (*enforcementapi.Case, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Case](ctx, e.c, enforcementapi.ConfirmCollection, number, report)
}

// Distribute pays collected money out to the creditors (officers).
func (e *Client) Distribute(ctx context.Context, number string, total int64, document string) (*enforcementapi.Distribution, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Distribution](ctx, e.c, enforcementapi.Distribute, number, amount(total), document)
}

// Case reads an enforcement case.
func (e *Client) Case(ctx context.Context, number string) (*enforcementapi.Case, error) {
	return judicial.EvaluateAs[enforcementapi.Case](ctx, e.c, enforcementapi.GetCase, number)
}

// KeyPolicy lists the orgs whose peers must endorse a change of the case.
func (e *Client) KeyPolicy(ctx context.Context, number string) ([]string, error) {
	return judicial.Query[[]string](ctx, e.c, judicial.Call{Function: enforcementapi.KeyPolicy, Args: []string{number}})
}

// LogOperation appends an investigation, valuation, auction, interview,
// credit punishment or archiving step to the case's log (officers).
func (e *Client) LogOperation(ctx context.Context, number, kind, document, note string) (*enforcementapi.Operation, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.Operation](ctx, e.c, enforcementapi.LogOperation, number, kind, document, note)
}

// Operations reads one page of a case's log, in order.
func (e *Client) Operations(ctx context.Context, number string, opts ...judicial.PageOption) (*enforcementapi.OperationPage, error) {
	p := judicial.Pages(opts...)
	return judicial.EvaluateAs[enforcementapi.OperationPage](ctx, e.c, enforcementapi.Operations, number, strconv.Itoa(p.Size), p.Bookmark)
}

// OperationsByKind reads one page of the operations of one kind across
// cases with a time in [from, to) (RFC 3339), in time order (auditors,
// judges).
func (e *Client) OperationsByKind(ctx context.Context, kind, from, to string, opts ...judicial.PageOption) (*enforcementapi.OperationPage, error) {
	p := judicial.Pages(opts...)
	return judicial.EvaluateAs[enforcementapi.OperationPage](ctx, e.c, enforcementapi.OperationsByKind, kind, from, to, strconv.Itoa(p.Size), p.Bookmark)
}

// RequestMeasure asks a judge to approve a freeze, seizure or deduction
// (officers).
func (e *Client) RequestMeasure(ctx context.Context, number, kind, target string, limit int64, document string) (*enforcementapi.MeasureResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.MeasureResult](ctx, e.c, enforcementapi.RequestMeasure, number, kind, target, amount(limit), document)
}

// ApproveMeasure approves a requested measure (judges other than the
// requester).
func (e *Client) ApproveMeasure(ctx context.Context, number, measure, document string) (*enforcementapi.MeasureResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.MeasureResult](ctx, e.c, enforcementapi.ApproveMeasure, number, measure, document)
}

// RejectMeasure rejects a requested measure with a reason (judges).
func (e *Client) RejectMeasure(ctx context.Context, number, measure, reason string) (*enforcementapi.MeasureResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.MeasureResult](ctx, e.c, enforcementapi.RejectMeasure, number, measure, reason)
}

// ConfirmMeasure records the bank's execution of an approved measure
// (bank officers of the addressed bank).
func (e *Client) ConfirmMeasure(ctx context.Context, number, measure string, executed int64, proof string) (*enforcementapi.MeasureResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.MeasureResult](ctx, e.c, enforcementapi.ConfirmMeasure, number, measure, amount(executed), proof)
}

// Measure reads a measure.
func (e *Client) Measure(ctx context.Context, number, measure string) (*enforcementapi.Measure, error) {
	return judicial.EvaluateAs[enforcementapi.Measure](ctx, e.c, enforcementapi.GetMeasure, number, measure)
}

// ReportPropertyClue reports a clue to a debtor's property (bank
// officers): terminated cases resume, active ones get a freeze request.
func (e *Client) ReportPropertyClue(ctx context.Context, debtor, kind, description string, value int64) (*enforcementapi.ClueResult, *judicial.Result, error) {
	return judicial.SubmitAs[enforcementapi.ClueResult](ctx, e.c, enforcementapi.ReportPropertyClue, debtor, kind, description, amount(value))
}

// Clue reads a property clue.
func (e *Client) Clue(ctx context.Context, id string) (*enforcementapi.Clue, error) {
	return judicial.EvaluateAs[enforcementapi.Clue](ctx, e.c, enforcementapi.GetClue, id)
}
