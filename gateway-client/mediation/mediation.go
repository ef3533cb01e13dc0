// Package mediation is the client of the mediation contract
// (chaincode/api/mediation): filings and their docketing, mediation
// agreements, their judicial confirmation, performance and breaches,
// judgments and their deadlines, and the cases their triggers open.
package mediation

import (
	"fmt"
	"strings"

	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// Client calls the mediation contract.
type Client struct {
	c *gateway.Client
}

// New wraps a connected gateway client.
func New(c *gateway.Client) *Client { return &Client{c: c} }

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
