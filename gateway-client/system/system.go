// Package system is the client of the chaincode's housekeeping contract
// (chaincode/api/system): liveness, who the caller is, channel parameters
// and any record's history.
package system

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/courtchain/judicial/chaincode/api"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/judicial"
)

// Client calls the system contract.
type Client struct {
	c *judicial.Client
}

// New wraps a connected gateway client.
func New(c *judicial.Client) *Client { return &Client{c: c} }

// Ping tells that the chaincode answers, and which version.
func (s *Client) Ping(ctx context.Context) (*systemapi.Info, error) {
	return judicial.EvaluateAs[systemapi.Info](ctx, s.c, systemapi.Ping.Function)
}

// Noop submits the function that does nothing: the baseline of
// benchmarks.
func (s *Client) Noop(ctx context.Context) (*judicial.Result, error) {
	return s.c.Submit(ctx, systemapi.Noop.Function)
}

// WhoAmI is the caller as the chaincode sees it.
func (s *Client) WhoAmI(ctx context.Context) (*api.Actor, error) {
	return judicial.EvaluateAs[api.Actor](ctx, s.c, systemapi.WhoAmI.Function)
}

// Parameter reads a channel parameter in force.
func (s *Client) Parameter(ctx context.Context, name string) (*systemapi.Parameter, error) {
	return judicial.EvaluateAs[systemapi.Parameter](ctx, s.c, systemapi.GetParameter.Function, name)
}

// Parameters reads every channel parameter.
func (s *Client) Parameters(ctx context.Context) ([]*systemapi.Parameter, error) {
	return judicial.Query[[]*systemapi.Parameter](ctx, s.c, judicial.Call{Function: systemapi.ListParameters.Function})
}

// SetParameter changes a channel parameter (court judges).
func (s *Client) SetParameter(ctx context.Context, name, value string) (*systemapi.Parameter, *judicial.Result, error) {
	return judicial.SubmitAs[systemapi.Parameter](ctx, s.c, systemapi.SetParameter.Function, name, value)
}

// History lists every committed version of the record under the
// composite key object/attrs, newest first (auditors, judges).
func (s *Client) History(ctx context.Context, object string, attrs ...string) ([]systemapi.KeyVersion, error) {
	if attrs == nil {
		attrs = []string{}
	}
	key, err := json.Marshal(attrs)
	if err != nil {
		return nil, err
	}
	return judicial.Query[[]systemapi.KeyVersion](ctx, s.c, judicial.Call{Function: systemapi.History.Function, Args: []string{object, string(key)}})
}

// SetHolidays declares one year's non-working days and the weekend days
// made working days (court administrators).
func (s *Client) SetHolidays(ctx context.Context, year int, req systemapi.HolidaysRequest) (*systemapi.Calendar, *judicial.Result, error) {
	return judicial.SubmitRequest[systemapi.Calendar](ctx, s.c, systemapi.SetHolidays.Function, req, strconv.Itoa(year))
}

// Calendar reads the courts' calendar.
func (s *Client) Calendar(ctx context.Context) (*systemapi.Calendar, error) {
	return judicial.EvaluateAs[systemapi.Calendar](ctx, s.c, systemapi.GetCalendar.Function)
}
