// Package mediation is the client of the mediation contract
// (chaincode/api/mediation): filings and their docketing, mediation
// agreements, their judicial confirmation, performance and breaches,
// judgments and their deadlines, and the cases their triggers open.
package mediation

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/gateway-client/judicial"
)

// Client calls the mediation contract.
type Client struct {
	c *judicial.Client
}

// New wraps a connected gateway client.
func New(c *judicial.Client) *Client { return &Client{c: c} }

// SubmitFiling records a filing; it is docketed automatically when its
// review period ends undecided (clerks, mediators).
func (m *Client) SubmitFiling(ctx context.Context, req mediationapi.FilingRequest) (*mediationapi.Filing, *judicial.Result, error) {
	return judicial.SubmitRequest[mediationapi.Filing](ctx, m.c, mediationapi.SubmitFiling.Function, req)
}

// Docket accepts a filing and opens its trial case (clerks).
func (m *Client) Docket(ctx context.Context, id string) (*mediationapi.Filing, *judicial.Result, error) {
	return judicial.SubmitAs[mediationapi.Filing](ctx, m.c, mediationapi.Docket.Function, id)
}

// Reject refuses a filing with the reason the parties are told.
func (m *Client) Reject(ctx context.Context, id, reason string) (*mediationapi.Filing, *judicial.Result, error) {
	return judicial.SubmitAs[mediationapi.Filing](ctx, m.c, mediationapi.Reject.Function, id, reason)
}

// Filing reads a filing.
func (m *Client) Filing(ctx context.Context, id string) (*mediationapi.Filing, error) {
	return judicial.EvaluateAs[mediationapi.Filing](ctx, m.c, mediationapi.GetFiling.Function, id)
}

// RegisterAgreement records a mediation agreement (mediators).
func (m *Client) RegisterAgreement(ctx context.Context, req mediationapi.AgreementRequest) (*mediationapi.Agreement, *judicial.Result, error) {
	return judicial.SubmitRequest[mediationapi.Agreement](ctx, m.c, mediationapi.RegisterAgreement.Function, req)
}

// ApplyForConfirmation records the parties' joint application for
// judicial confirmation of an agreement, with the application's digest
// (clerks); refused more than 30 days after the agreement took effect
// (CPL 2023 art. 205).
func (m *Client) ApplyForConfirmation(ctx context.Context, id, document string) (*mediationapi.Agreement, *judicial.Result, error) {
	return judicial.SubmitAs[mediationapi.Agreement](ctx, m.c, mediationapi.ApplyForConfirmation.Function, id, document)
}

// ConfirmAgreement records the ruling that confirms an agreement
// (judges): from then on a breach of it leads to enforcement.
func (m *Client) ConfirmAgreement(ctx context.Context, id string, req mediationapi.ConfirmationRequest) (*mediationapi.Agreement, *judicial.Result, error) {
	return judicial.SubmitRequest[mediationapi.Agreement](ctx, m.c, mediationapi.ConfirmAgreement.Function, req, id)
}

// RejectConfirmation records the ruling that refuses to confirm an
// agreement, with its reason (judges).
func (m *Client) RejectConfirmation(ctx context.Context, id, reason string) (*mediationapi.Agreement, *judicial.Result, error) {
	return judicial.SubmitAs[mediationapi.Agreement](ctx, m.c, mediationapi.RejectConfirmation.Function, id, reason)
}

// PreAuthorise records the creditor's application for enforcement made in
// advance, with its digest (clerks): a breach of the confirmed agreement
// found later opens its enforcement case at once.
func (m *Client) PreAuthorise(ctx context.Context, id, document string) (*mediationapi.Agreement, *judicial.Result, error) {
	return judicial.SubmitAs[mediationapi.Agreement](ctx, m.c, mediationapi.PreAuthorise.Function, id, document)
}

// ReportPerformance records a payment on obligation with the digest of its
// proof; it counts once confirmed.
func (m *Client) ReportPerformance(ctx context.Context, id string, obligation int, amount int64, proof string) (*mediationapi.Agreement, *judicial.Result, error) {
	return judicial.SubmitAs[mediationapi.Agreement](ctx, m.c, mediationapi.ReportPerformance.Function, id, strconv.Itoa(obligation), strconv.FormatInt(amount, 10), proof)
}

// ConfirmPerformance confirms a reported payment (bank officers, clerks;
// never who reported it).
func (m *Client) ConfirmPerformance(ctx context.Context, id string, obligation, report int) (*mediationapi.Agreement, *judicial.Result, error) {
	return judicial.SubmitAs[mediationapi.Agreement](ctx, m.c, mediationapi.ConfirmPerformance.Function, id, strconv.Itoa(obligation), strconv.Itoa(report))
}

// ReportBreach records the creditor side's report that a due obligation
// is not performed, and breaches it at once.
func (m *Client) ReportBreach(ctx context.Context, id string, obligation int, reason string) (*mediationapi.Agreement, *judicial.Result, error) {
	return judicial.SubmitAs[mediationapi.Agreement](ctx, m.c, mediationapi.ReportBreach.Function, id, strconv.Itoa(obligation), reason)
}

// Agreement reads an agreement.
func (m *Client) Agreement(ctx context.Context, id string) (*mediationapi.Agreement, error) {
	return judicial.EvaluateAs[mediationapi.Agreement](ctx, m.c, mediationapi.GetAgreement.Function, id)
}

// RecordJudgment records a judgment's performance obligation (judges).
func (m *Client) RecordJudgment(ctx context.Context, req mediationapi.JudgmentRequest) (*mediationapi.Judgment, *judicial.Result, error) {
	return judicial.SubmitRequest[mediationapi.Judgment](ctx, m.c, mediationapi.RecordJudgment.Function, req)
}

// ReportJudgmentPayment records a payment on a judgment with the digest of
// its proof (clerks, bank officers); it counts once another person
// confirms it.
func (m *Client) ReportJudgmentPayment(ctx context.Context, id string, amount int64, proof string) (*mediationapi.Judgment, *judicial.Result, error) {
	return judicial.SubmitAs[mediationapi.Judgment](ctx, m.c, mediationapi.ReportJudgmentPayment.Function, id, strconv.FormatInt(amount, 10), proof)
}

// ConfirmJudgmentPayment confirms a reported payment on a judgment (bank
// officers, clerks; never who reported it).
func (m *Client) ConfirmJudgmentPayment(ctx context.Context, id string, report int) (*mediationapi.Judgment, *judicial.Result, error) {
	return judicial.SubmitAs[mediationapi.Judgment](ctx, m.c, mediationapi.ConfirmJudgmentPayment.Function, id, strconv.Itoa(report))
}

// Judgment reads a judgment.
func (m *Client) Judgment(ctx context.Context, id string) (*mediationapi.Judgment, error) {
	return judicial.EvaluateAs[mediationapi.Judgment](ctx, m.c, mediationapi.GetJudgment.Function, id)
}

// Case reads a case a filing or trigger opened.
func (m *Client) Case(ctx context.Context, number string) (*cases.Case, error) {
	return judicial.EvaluateAs[cases.Case](ctx, m.c, mediationapi.GetCase.Function, number)
}

// ApplicationFor is the creditor's application for enforcement of the
// breach ref of agreement a, for a clerk to file (enforcement:OpenCase
// with basis type mediation): what the breach covers, its creditors,
// debtors, unpaid amount and claims, and nothing else, with document the
// application's digest and the agreement's record and evidence. Only a
// breach of a confirmed agreement that awaits the creditor's application
// can be applied for.
func ApplicationFor(a *mediationapi.Agreement, ref, document string) (enforcementapi.OpenRequest, error) {
	var refs []string
	for _, b := range a.Breaches() {
		if b.Ref != ref {
			refs = append(refs, b.Ref)
			continue
		}
		if b.Outcome != mediationapi.BreachAwaitingApplication {
			return enforcementapi.OpenRequest{}, fmt.Errorf("breach %s of agreement %s is not awaiting an application: its outcome is %s", ref, a.ID, b.Outcome)
		}
		return enforcementapi.OpenRequest{
			Basis: cases.Origin{Type: "mediation", ID: ref}, Document: document,
			Creditors: b.Creditors, Debtors: b.Debtors, Amount: b.Amount, Claims: b.Claims,
			Evidence: append([]string{a.Digest}, a.Evidence...),
		}, nil
	}
	if len(refs) == 0 {
		return enforcementapi.OpenRequest{}, fmt.Errorf("agreement %s is not breached", a.ID)
	}
	return enforcementapi.OpenRequest{}, fmt.Errorf("agreement %s has no breach %s; its breaches are %s", a.ID, ref, strings.Join(refs, ", "))
}
