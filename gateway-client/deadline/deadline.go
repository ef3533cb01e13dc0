// Package deadline is the client of the sweep contract
// (chaincode/api/deadline): what is due, bounded sweeps over the deadline
// index, and single triggers of one overdue item.
package deadline

import (
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// Client calls the sweep contract.
type Client struct {
	c *gateway.Client
}

// New wraps a connected gateway client.
func New(c *gateway.Client) *Client { return &Client{c: c} }
