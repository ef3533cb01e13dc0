package system_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/clienttest"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/courtchain/judicial/gateway-client/system"
	"github.com/stretchr/testify/require"
)

var judge = api.Actor{MSPID: "CourtMSP", EnrollmentID: "judge1", Role: api.Judge, ID: "x509::CN=judge1::CN=ca"}

const judgeJSON = `{"mspId":"CourtMSP","enrollmentId":"judge1","role":"judge","id":"x509::CN=judge1::CN=ca"}`

// TestMethods checks that each method makes the call its row below
// describes, through a fake gateway peer: see clienttest.Run.
func TestMethods(t *testing.T) {
	clienttest.Run(t, system.New, append(methods(), generated()...), systemapi.Namespace)
}

// method is a row of the table clienttest.Run checks the client against.
type method = clienttest.Method[*system.Client]

func methods() []method {
	return []method{
		{
			Name: "Ping", Fn: systemapi.Ping.Function,
			Answer: `{"chaincode":"judicial","contract":"system","version":"0.2.0"}`,
			Call: func(ctx context.Context, c *system.Client) (any, *gateway.Result, error) {
				v, err := c.Ping(ctx)
				return v, nil, err
			},
			Want: &systemapi.Info{Chaincode: "judicial", Contract: "system", Version: "0.2.0"},
		},
		{
			Name: "Noop", Fn: systemapi.Noop.Function, Raw: true,
			Call: func(ctx context.Context, c *system.Client) (any, *gateway.Result, error) {
				res, err := c.Noop(ctx)
				return nil, res, err
			},
		},
		{
			Name: "WhoAmI", Fn: systemapi.WhoAmI.Function,
			Answer: judgeJSON,
			Call: func(ctx context.Context, c *system.Client) (any, *gateway.Result, error) {
				v, err := c.WhoAmI(ctx)
				return v, nil, err
			},
			Want: &judge,
		},
		{
			Name: "Parameter", Fn: systemapi.GetParameter.Function, Args: []string{systemapi.TimestampWindow},
			Answer: `{"name":"time.window","value":"5m","doc":"how far a timestamp may drift","default":true}`,
			Call: func(ctx context.Context, c *system.Client) (any, *gateway.Result, error) {
				v, err := c.GetParameter(ctx, systemapi.TimestampWindow)
				return v, nil, err
			},
			Want: &systemapi.Parameter{Name: "time.window", Value: "5m", Doc: "how far a timestamp may drift", Default: true},
		},
		{
			Name: "Parameters", Fn: systemapi.ListParameters.Function,
			Answer: `[{"name":"filing.reviewDays","value":"7","doc":"review"},
				{"name":"sweep.maxItems","value":"200","doc":"sweep","updatedBy":` + judgeJSON + `,"updatedAt":"2026-01-02T03:04:05Z","txId":"tx9"}]`,
			Call: func(ctx context.Context, c *system.Client) (any, *gateway.Result, error) {
				v, err := c.ListParameters(ctx)
				return v, nil, err
			},
			Want: []*systemapi.Parameter{
				{Name: "filing.reviewDays", Value: "7", Doc: "review"},
				{Name: "sweep.maxItems", Value: "200", Doc: "sweep", UpdatedBy: &judge, UpdatedAt: "2026-01-02T03:04:05Z", TxID: "tx9"},
			},
		},
		{
			Name: "SetParameter", Fn: systemapi.SetParameter.Function, Args: []string{systemapi.SweepMaxItems, "300"},
			Answer: `{"name":"sweep.maxItems","value":"300","doc":"sweep","updatedBy":` + judgeJSON + `,"updatedAt":"2026-01-02T03:04:05Z","txId":"tx10"}`,
			Call: func(ctx context.Context, c *system.Client) (any, *gateway.Result, error) {
				return c.SetParameter(ctx, systemapi.SweepMaxItems, "300")
			},
			Want: &systemapi.Parameter{Name: "sweep.maxItems", Value: "300", Doc: "sweep", UpdatedBy: &judge, UpdatedAt: "2026-01-02T03:04:05Z", TxID: "tx10"},
		},
		{
			Name: "SetHolidays", Fn: systemapi.SetHolidays.Function, Args: []string{"2025", `{"holidays":["2025-01-01"],"workdays":["2025-01-26"],"basis":"国办发明电〔2024〕12号"}`},
			Answer: `{"years":[{"year":2025,"holidays":["2025-01-01"],"workdays":["2025-01-26"],"basis":"国办发明电〔2024〕12号","setBy":` + judgeJSON + `,"setAt":"2026-01-02T03:04:05Z","txId":"tx11"}]}`,
			Call: func(ctx context.Context, c *system.Client) (any, *gateway.Result, error) {
				return c.SetHolidays(ctx, 2025, systemapi.HolidaysRequest{Holidays: []string{"2025-01-01"}, Workdays: []string{"2025-01-26"}, Basis: "国办发明电〔2024〕12号"})
			},
			Want: &systemapi.Calendar{Years: []systemapi.Year{{Year: 2025, Holidays: []string{"2025-01-01"}, Workdays: []string{"2025-01-26"}, Basis: "国办发明电〔2024〕12号", SetBy: judge, SetAt: "2026-01-02T03:04:05Z", TxID: "tx11"}}},
		},
		{
			Name: "Calendar", Fn: systemapi.GetCalendar.Function,
			Answer: `{"years":[]}`,
			Call: func(ctx context.Context, c *system.Client) (any, *gateway.Result, error) {
				v, err := c.GetCalendar(ctx)
				return v, nil, err
			},
			Want: &systemapi.Calendar{Years: []systemapi.Year{}},
		},
		{
			Name: "History", Fn: systemapi.History.Function, Args: []string{"case", `["(2026)J执1号","x"]`},
			Answer: `[{"txId":"tx2","timestamp":"2026-01-02T03:04:05Z","deleted":false,"value":{"number":"(2026)J执1号"}},
				{"txId":"tx1","timestamp":"2026-01-01T03:04:05Z","deleted":true,"raw":"\u0000counter"}]`,
			Call: func(ctx context.Context, c *system.Client) (any, *gateway.Result, error) {
				v, err := c.History(ctx, "case", []string{"(2026)J执1号", "x"})
				return v, nil, err
			},
			Want: []systemapi.KeyVersion{
				{TxID: "tx2", Timestamp: "2026-01-02T03:04:05Z", Value: json.RawMessage(`{"number":"(2026)J执1号"}`)},
				{TxID: "tx1", Timestamp: "2026-01-01T03:04:05Z", Deleted: true, Raw: "\x00counter"},
			},
		},
	}
}

func TestNoopReturnsItsTransaction(t *testing.T) {
	f := clienttest.Start(t, system.New)
	f.Peer.Handle(func(fakepeer.Request) fakepeer.Response { return fakepeer.Response{Block: 41} })
	res, err := f.Client.Noop(t.Context())
	require.NoError(t, err)
	reqs := f.Peer.Requests()
	require.Len(t, reqs, 1)
	require.Equal(t, "endorse", reqs[0].Kind)
	require.Equal(t, reqs[0].TxID, res.TxID)
	require.Equal(t, uint64(41), res.Block)
	require.Empty(t, res.Payload)
}

func TestHistoryWithoutAttributesSendsAnEmptyArray(t *testing.T) {
	f := clienttest.Start(t, system.New)
	f.Answer(`[]`)
	versions, err := f.Client.History(t.Context(), "parameter", nil)
	require.NoError(t, err)
	require.Empty(t, versions)
	reqs := f.Peer.Requests()
	require.Len(t, reqs, 1)
	require.Equal(t, []string{"parameter", "[]"}, reqs[0].Args, "the chaincode reads a JSON array, never null")

	// Attributes that need escaping in JSON arrive as the strings given.
	_, err = f.Client.History(t.Context(), "listing", []string{`a"b`, `c\d`, ""})
	require.NoError(t, err)
	var attrs []string
	require.NoError(t, json.Unmarshal([]byte(f.Peer.Requests()[1].Args[1]), &attrs))
	require.Equal(t, []string{`a"b`, `c\d`, ""}, attrs)
}

func TestAnswerOfTheWrongShapeIsAnError(t *testing.T) {
	f := clienttest.Start(t, system.New)
	f.Answer(`{"name":"time.window"}`)
	_, err := f.Client.ListParameters(t.Context())
	require.ErrorContains(t, err, string(systemapi.ListParameters.Function))
	var te *json.UnmarshalTypeError
	require.ErrorAs(t, err, &te, "the decoding error is kept")
}
