// Package system is the client of the chaincode's housekeeping contract
// (chaincode/api/system): liveness, who the caller is, channel parameters
// and any record's history.
package system

import (
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// Client calls the system contract.
type Client struct {
	c *gateway.Client
}

// New wraps a connected gateway client.
func New(c *gateway.Client) *Client { return &Client{c: c} }
