package enforcement

import (
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// OpenCase files an enforcement case on a creditor's application (CPL
// 2023 art. 247). The same basis cannot open a second case, also not one
// a trigger opened; the application hooks may refuse it.
func (c *Contract) OpenCase(tx *kernel.Tx, request string) (*enforcementapi.Case, error) {
	var req enforcementapi.OpenRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if !slices.Contains(enforcementapi.Bases, req.Basis.Type) {
		return nil, kernel.Errorf(api.CodeInvalid, "basis.type %q is not an enforceable document; one of %s", api.Short(req.Basis.Type), strings.Join(enforcementapi.Bases, ", "))
	}
	if req.Basis.ID == "" || len(req.Basis.ID) > 64 || strings.ContainsAny(req.Basis.ID, "|#\x00") {
		return nil, kernel.Errorf(api.CodeInvalid, "basis.id must be 1 to 64 characters without '|', '#' or NUL")
	}
	if err := input.Digest("document", &req.Document); err != nil {
		return nil, err
	}
	if err := input.Digests("evidence", req.Evidence); err != nil {
		return nil, err
	}
	if err := input.Parties(input.Group{Field: "creditors", Parties: req.Creditors}, input.Group{Field: "debtors", Parties: req.Debtors}); err != nil {
		return nil, err
	}
	if err := input.Amount("amount", req.Amount); err != nil {
		return nil, err
	}
	if existing, err := casestore.ByOrigin(tx, cases.Enforcement, req.Basis); err != nil {
		return nil, err
	} else if existing != nil {
		return nil, kernel.Errorf(api.CodeExists, "%s %s already has enforcement case %s (opened by %s, transaction %s)",
			req.Basis.Type, req.Basis.ID, existing.Number, existing.OpenedBy, existing.TxID)
	}
	cs, _, err := casestore.OpenEnforcement(tx, cases.Case{
		Kind: cases.Enforcement, Origin: req.Basis, Creditors: req.Creditors, Debtors: req.Debtors,
		AmountDue: req.Amount, Claims: req.Claims, Evidence: append([]string{req.Document}, req.Evidence...),
		Reason: "creditor's application for enforcement of the " + req.Basis.Type + " " + req.Basis.ID,
	}, tx.Caller)
	if err != nil {
		return nil, err
	}
	for _, hook := range c.onApplication {
		limit, err := hook(tx, req.Basis, &cs.Case)
		if err != nil {
			return nil, err
		}
		if limit != nil {
			cs.Limitation = limit
		}
	}
	if cs.Limitation != nil && cs.Limitation.Late {
		tx.Event(cases.EventApplicationLate, cs.Number, map[string]string{"periodEnded": cs.Limitation.Ends})
	}
	tx.Event(cases.EventOpened, cs.Number, map[string]string{"kind": cases.Enforcement, "origin": req.Basis.Type + ":" + req.Basis.ID})
	return cs, nil
}

// Activate issues the enforcement notice: the case becomes active and its
// measures may begin (CPL 2023 art. 251).
func (c *Contract) Activate(tx *kernel.Tx, number string, document string) (*enforcementapi.Case, error) {
	cs, err := begin(tx, number, &document, nil)
	if err != nil {
		return nil, err
	}
	if cs.State == cases.Suspended {
		return nil, kernel.Errorf(api.CodeState, "case %s is suspended; it becomes active again when the suspension ends (EndSuspension)", number)
	}
	if err := move(tx, cs, cases.Active, enforcementapi.Operation{Kind: enforcementapi.OpNotice, Officer: tx.Caller, Document: document, Note: "enforcement notice issued"}); err != nil {
		return nil, err
	}
	return cs, nil
}
