// Package deadline is the client of the sweep contract
// (chaincode/api/deadline): what is due, bounded sweeps over the deadline
// index, and single triggers of one overdue item.
package deadline

import (
	"context"
	"strconv"

	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	"github.com/courtchain/judicial/gateway-client/judicial"
)

// Client calls the sweep contract.
type Client struct {
	c *judicial.Client
}

// New wraps a connected gateway client.
func New(c *judicial.Client) *Client { return &Client{c: c} }

// Due lists up to limit items due now, from the index key from on (""
// for the start).
func (d *Client) Due(ctx context.Context, from string, limit int) ([]deadlineapi.Item, error) {
	return judicial.Query[[]deadlineapi.Item](ctx, d.c, judicial.Call{Function: deadlineapi.Due.Function, Args: []string{from, strconv.Itoa(limit)}})
}

// Sweep processes at most limit due items from the key from up to the key
// to (exclusive; "" for no bound). Court judges and clerks.
func (d *Client) Sweep(ctx context.Context, from, to string, limit int) (*deadlineapi.SweepResult, *judicial.Result, error) {
	return judicial.SubmitAs[deadlineapi.SweepResult](ctx, d.c, deadlineapi.Sweep.Function, from, to, strconv.Itoa(limit))
}

// Trigger processes one overdue item of kind now.
func (d *Client) Trigger(ctx context.Context, kind, id string) (*deadlineapi.SweepResult, *judicial.Result, error) {
	return judicial.SubmitAs[deadlineapi.SweepResult](ctx, d.c, deadlineapi.Trigger.Function, kind, id)
}

// SetAside lists up to limit items sweeps set aside because processing
// them failed, with the reasons, from the index key from on.
func (d *Client) SetAside(ctx context.Context, from string, limit int) ([]deadlineapi.SetAsideItem, error) {
	return judicial.Query[[]deadlineapi.SetAsideItem](ctx, d.c, judicial.Call{Function: deadlineapi.SetAside.Function, Args: []string{from, strconv.Itoa(limit)}})
}
