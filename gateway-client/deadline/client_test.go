package deadline_test

import (
	"context"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	"github.com/courtchain/judicial/gateway-client/deadline"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/clienttest"
)

const sweepJSON = `{"processed":[
	{"key":"d~2026-03-01T00:00:00Z~filing~F1","kind":"filing","id":"F1","due":"2026-03-01T00:00:00Z","result":"docketed"},
	{"key":"d~2026-03-01T00:00:00Z~obligation~MA1~0","kind":"obligation","id":"MA1~0","due":"2026-03-01T00:00:00Z","result":"","deferred":true}],
	"events":[{"type":"filing.docketed","id":"F1","details":{"case":"(2026)J民初1号"}}],
	"next":"d~2026-03-01T00:00:00Z~obligation~MA1~0"}`

var sweepResult = &deadlineapi.SweepResult{
	Processed: []deadlineapi.Outcome{
		{Key: "d~2026-03-01T00:00:00Z~filing~F1", Kind: "filing", ID: "F1", Due: "2026-03-01T00:00:00Z", Result: "docketed"},
		{Key: "d~2026-03-01T00:00:00Z~obligation~MA1~0", Kind: "obligation", ID: "MA1~0", Due: "2026-03-01T00:00:00Z", Deferred: true},
	},
	Events: []api.Event{{Type: "filing.docketed", ID: "F1", Details: map[string]string{"case": "(2026)J民初1号"}}},
	Next:   "d~2026-03-01T00:00:00Z~obligation~MA1~0",
}

// TestMethods checks that each method makes the call its row below
// describes, through a fake gateway peer: see clienttest.Run.
func TestMethods(t *testing.T) {
	clienttest.Run(t, deadline.New, append(methods(), generated()...), deadlineapi.Namespace)
}

// method is a row of the table clienttest.Run checks the client against.
type method = clienttest.Method[*deadline.Client]

func methods() []method {
	return []method{
		{
			Name: "Due", Fn: deadlineapi.Due.Function, Args: []string{"", "25"},
			Answer: `[{"due":"2026-03-01T00:00:00Z","kind":"filing","id":"F1","key":"d~1"},
				{"due":"2026-03-02T12:30:00Z","kind":"instalment","id":"(2026)J执1号~1~0","key":"d~2"}]`,
			Call: func(ctx context.Context, c *deadline.Client) (any, *gateway.Result, error) {
				v, err := c.Due(ctx, "", 25)
				return v, nil, err
			},
			Want: []deadlineapi.Item{
				{Due: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Kind: "filing", ID: "F1", Key: "d~1"},
				{Due: time.Date(2026, 3, 2, 12, 30, 0, 0, time.UTC), Kind: "instalment", ID: "(2026)J执1号~1~0", Key: "d~2"},
			},
		},
		{
			Name: "DueFromAKey", Fn: deadlineapi.Due.Function, Args: []string{"d~2026-03-01T00:00:00Z~filing~F1", "10000"},
			Answer: `[]`,
			Call: func(ctx context.Context, c *deadline.Client) (any, *gateway.Result, error) {
				v, err := c.Due(ctx, "d~2026-03-01T00:00:00Z~filing~F1", 10000)
				return v, nil, err
			},
			Want: []deadlineapi.Item{},
		},
		{
			Name: "Sweep", Fn: deadlineapi.Sweep.Function, Args: []string{"d~a", "d~m", "1000"},
			Answer: sweepJSON,
			Call: func(ctx context.Context, c *deadline.Client) (any, *gateway.Result, error) {
				return c.Sweep(ctx, "d~a", "d~m", deadlineapi.MaxSweep)
			},
			Want: sweepResult,
		},
		{
			Name: "SweepUnbounded", Fn: deadlineapi.Sweep.Function, Args: []string{"", "", "0"},
			Answer: `{"processed":[],"events":[]}`,
			Call: func(ctx context.Context, c *deadline.Client) (any, *gateway.Result, error) {
				return c.Sweep(ctx, "", "", 0)
			},
			Want: &deadlineapi.SweepResult{Processed: []deadlineapi.Outcome{}, Events: []api.Event{}},
		},
		{
			Name: "Trigger", Fn: deadlineapi.Trigger.Function, Args: []string{"filing", "F1"},
			Answer: sweepJSON,
			Call: func(ctx context.Context, c *deadline.Client) (any, *gateway.Result, error) {
				return c.Trigger(ctx, "filing", "F1")
			},
			Want: sweepResult,
		},
		{
			Name: "SetAside", Fn: deadlineapi.SetAside.Function, Args: []string{"", "20"},
			Answer: `[{"due":"2026-01-05T09:00:00Z","kind":"filing","id":"F2","key":"k2","reason":"unreadable","at":"2026-02-01T00:00:00Z","txId":"t9"}]`,
			Call: func(ctx context.Context, c *deadline.Client) (any, *gateway.Result, error) {
				v, err := c.SetAside(ctx, "", 20)
				return v, nil, err
			},
			Want: []deadlineapi.SetAsideItem{{Item: deadlineapi.Item{Due: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), Kind: "filing", ID: "F2", Key: "k2"},
				Reason: "unreadable", At: "2026-02-01T00:00:00Z", TxID: "t9"}},
		},
	}
}
