package clienttest_test

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/clienttest"
	"github.com/stretchr/testify/require"
)

// Run is only worth having if it fails a client that is wrong. These
// tests give it a small client of two system functions that can be made
// wrong in the ways a typed client goes wrong, and check that Run passes
// it as written and fails it with each fault.

// client reads and sets channel parameters, with fault, if set, as the
// mistake it makes.
type client struct {
	c     *gateway.Client
	fault string
}

func (c *client) Parameter(ctx context.Context, name string) (*systemapi.Parameter, error) {
	fn, opts := systemapi.GetParameter, []gateway.CallOption{gateway.WithArgs(name)}
	switch c.fault {
	case "function":
		p, err := gateway.Evaluate(ctx, c.c, api.Fn[*systemapi.Parameter]{Spec: &api.Spec{Function: systemapi.ListParameters.Function, Args: fn.Args}}, opts...)
		return p, err
	case "transient":
		opts = append(opts, gateway.WithTransient(map[string][]byte{"name": []byte(name)}))
	case "kind":
		p, _, err := gateway.Submit(ctx, c.c, fn, opts...)
		return p, err
	}
	p, err := gateway.Evaluate(ctx, c.c, fn, opts...)
	switch {
	case c.fault == "decoding" && p != nil:
		p.Doc = ""
	case c.fault == "half answer" && err != nil:
		p = &systemapi.Parameter{}
	}
	return p, err
}

func (c *client) SetParameter(ctx context.Context, name, value string) (*systemapi.Parameter, *gateway.Result, error) {
	if c.fault == "order" {
		name, value = value, name
	}
	return gateway.Submit(ctx, c.c, systemapi.SetParameter, gateway.WithArgs(name, value))
}

func methods() []clienttest.Method[*client] {
	return []clienttest.Method[*client]{
		{
			Name: "Parameter", Fn: systemapi.GetParameter.Function, Args: []string{systemapi.TimestampWindow},
			Answer: `{"name":"time.window","value":"5m","doc":"drift"}`,
			Want:   &systemapi.Parameter{Name: systemapi.TimestampWindow, Value: "5m", Doc: "drift"},
			Call: func(ctx context.Context, c *client) (any, *gateway.Result, error) {
				v, err := c.Parameter(ctx, systemapi.TimestampWindow)
				return v, nil, err
			},
		},
		{
			Name: "SetParameter", Fn: systemapi.SetParameter.Function, Args: []string{systemapi.SweepMaxItems, "300"},
			Answer: `{"name":"sweep.maxItems","value":"300","doc":"sweep"}`,
			Want:   &systemapi.Parameter{Name: systemapi.SweepMaxItems, Value: "300", Doc: "sweep"},
			Call: func(ctx context.Context, c *client) (any, *gateway.Result, error) {
				return c.SetParameter(ctx, systemapi.SweepMaxItems, "300")
			},
		},
	}
}

// faultEnv names the fault the test binary, started again by
// TestRunFailsAWrongClient, gives the client; a failing Run cannot be
// watched from inside the test it fails.
const faultEnv = "CLIENTTEST_FAULT"

func TestRunPassesARightClient(t *testing.T) {
	clienttest.Run(t, func(c *gateway.Client) *client { return &client{c: c} }, methods())
}

func TestRunFailsAWrongClient(t *testing.T) {
	if fault := os.Getenv(faultEnv); fault != "" {
		var namespaces []string
		if fault == "uncovered" {
			// The table leaves out most of the system contract.
			namespaces = []string{systemapi.Namespace}
		}
		clienttest.Run(t, func(c *gateway.Client) *client { return &client{c: c, fault: fault} }, methods(), namespaces...)
		return
	}
	// Each fault and what Run says of it.
	for _, c := range []struct{ fault, failure string }{
		{"function", `actual  : "system:ListParameters"`},
		{"order", `actual  : []string{"300", "sweep.maxItems"}`},
		{"kind", "system:GetParameter reads: it is evaluated"},
		{"transient", "Should be empty, but was map[name:"},
		{"decoding", `actual  : &system.Parameter{Name:"time.window", Value:"5m", Doc:""`},
		{"half answer", "no answer with an error: &system.Parameter"},
		{"uncovered", "no method of the client calls system:"},
	} {
		t.Run(c.fault, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestRunFailsAWrongClient$", "-test.v")
			cmd.Env = append(os.Environ(), faultEnv+"="+c.fault)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "Run passes a client with the fault %q:\n%s", c.fault, out)
			require.Contains(t, string(out), "--- FAIL: TestRunFailsAWrongClient")
			require.Contains(t, string(out), c.failure)
		})
	}
}
