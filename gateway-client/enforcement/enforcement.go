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
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// Client calls the enforcement contract.
type Client struct {
	c *gateway.Client
}

// New wraps a connected gateway client.
func New(c *gateway.Client) *Client { return &Client{c: c} }

func amount(a int64) string { return strconv.FormatInt(a, 10) }

// Operations reads one page of a case's log, in order.
func (e *Client) Operations(ctx context.Context, number string, opts ...gateway.PageOption) (*enforcementapi.OperationPage, error) {
	p := gateway.Pages(opts...)
	return gateway.Evaluate(ctx, e.c, enforcementapi.Operations, gateway.WithArgs(number, p.Size, p.Bookmark))
}

// OperationsByKind reads one page of the operations of one kind across
// cases with a time in [from, to) (RFC 3339), in time order (auditors,
// judges).
func (e *Client) OperationsByKind(ctx context.Context, kind, from, to string, opts ...gateway.PageOption) (*enforcementapi.OperationPage, error) {
	p := gateway.Pages(opts...)
	return gateway.Evaluate(ctx, e.c, enforcementapi.OperationsByKind, gateway.WithArgs(kind, from, to, p.Size, p.Bookmark))
}
