package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"
)

// Every declared function can be called from the command line: by a
// command made from its declaration, or by one written by hand that says
// it calls it.
func TestEveryDeclaredFunctionHasACommand(t *testing.T) {
	root := (&App{Out: io.Discard, Err: io.Discard}).Root()
	called := calledFunctions(root)
	specs := api.Specs()
	require.NotEmpty(t, specs)
	for _, s := range specs {
		require.True(t, called[s.Function], "no command calls %s", s.Function)
	}
	for f := range called {
		_, ok := api.Lookup(f)
		require.True(t, ok, "a command says it calls %s, which is not declared", f)
	}
}

// A command made from a declaration sends the arguments in order, a JSON
// one read from @file and checked before anything is sent, and prints
// the answer as the declared type with the transaction.
func TestAFunctionsCommandCallsItAsDeclared(t *testing.T) {
	fp := fakepeer.Start(t, func(r fakepeer.Request) fakepeer.Response {
		return fakepeer.Response{Payload: []byte(`{"id":"FL1","state":"submitted","claim":"` + strings.Repeat("a", 64) + `"}`), Block: 5}
	})
	file := filepath.Join(t.TempDir(), "filing.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"claimants":["x"],"respondents":["y"],"claim":"z"}`), 0o600))
	out, errOut, code := run(t, fp, "filing", "submit", "@"+file)
	require.Equal(t, 0, code, errOut)
	reqs := fp.Requests()
	require.Len(t, reqs, 1)
	require.Equal(t, string(mediationapi.SubmitFiling.Function), reqs[0].Function)
	require.Equal(t, "endorse", reqs[0].Kind)
	require.JSONEq(t, `{"claimants":["x"],"respondents":["y"],"claim":"z"}`, reqs[0].Args[0])
	require.Contains(t, out, `"id": "FL1"`)
	require.Contains(t, out, "committed in block 5, transaction "+reqs[0].TxID)

	_, errOut, code = run(t, fp, "filing", "submit", `{"claimant":["x"]}`)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, `request is not a JSON mediation.FilingRequest: json: unknown field "claimant"`)
	_, errOut, code = run(t, fp, "agreement", "confirm", "MA1", "first", "0")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "error: obligation is not a whole number\n")
	require.Len(t, fp.Requests(), 1, "nothing was sent for the bad ones")
}

// A command written by hand stands in for the one a declaration would
// make: ping prints text, not the answer's JSON.
func TestAHandWrittenCommandTakesThePlaceOfTheMadeOne(t *testing.T) {
	root := (&App{Out: io.Discard, Err: io.Discard}).Root()
	var found []*cobra.Command
	for _, c := range root.Commands() {
		if c.Name() == "ping" {
			found = append(found, c)
		}
	}
	require.Len(t, found, 1)
	require.Equal(t, "Check that the chaincode answers through the gateway peer", found[0].Short)
}
