package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/stretchr/testify/require"
)

// What the user reads when a command fails (printError): the chaincode's
// message first, then the call and each peer's answer; with --json, one
// document on stderr.

// A refusal and a failed commit, as text and as JSON.
func TestErrorOutput(t *testing.T) {
	fp := fakepeer.Start(t, fakeChaincode)
	const denied = `caller MediationMSP/mediator1 has role "mediator"; system:SetParameter needs judge (CourtMSP)`

	out, errOut, code := run(t, fp, "param", "set", "time.window", "forbidden")
	require.Equal(t, 1, code)
	require.Empty(t, out)
	txID := fp.Requests()[len(fp.Requests())-1].TxID
	require.Equal(t, "error: "+denied+"\n"+
		"  system:SetParameter was refused by the chaincode at endorse (code denied), transaction "+txID+"\n"+
		"  peer peer0.court:7051 (CourtMSP): chaincode response 500, "+denied+" [denied]\n", errOut)

	out, errOut, code = run(t, fp, "--json", "param", "set", "time.window", "forbidden")
	require.Equal(t, 1, code)
	require.Empty(t, out)
	var doc struct {
		Error   string               `json:"error"`
		Message string               `json:"message"`
		Endorse gateway.EndorseError `json:"endorse"`
	}
	require.NoError(t, json.Unmarshal([]byte(errOut), &doc))
	require.Equal(t, denied, doc.Message)
	require.Equal(t, api.CodeDenied, doc.Endorse.Code)
	require.Equal(t, "system:SetParameter: endorse: chaincode refused: "+denied, doc.Error)
	require.Equal(t, "endorse", doc.Endorse.Stage)
	require.True(t, doc.Endorse.FromChaincode)
	require.Len(t, doc.Endorse.Details, 1)

	out, errOut, code = run(t, fp, "query", "nope:Nothing")
	require.Equal(t, 1, code)
	require.Empty(t, out)
	require.True(t, strings.HasPrefix(errOut, "error: unknown function nope:Nothing\n  nope:Nothing was refused by the chaincode at evaluate\n"), errOut)

	_, errOut, code = run(t, fp, "invoke", "--endorsing-orgs", "MediationMSP", string(systemapi.SetParameter.Function), "time.window", "7m")
	require.Equal(t, 1, code)
	txID = fp.Requests()[len(fp.Requests())-1].TxID
	require.Equal(t, "error: system:SetParameter: transaction "+txID+" was invalidated at commit in block 8: ENDORSEMENT_POLICY_FAILURE\n", errOut)

	_, errOut, code = run(t, fp, "--json", "invoke", "--endorsing-orgs", "MediationMSP", string(systemapi.SetParameter.Function), "time.window", "7m")
	require.Equal(t, 1, code)
	txID = fp.Requests()[len(fp.Requests())-1].TxID
	require.JSONEq(t, `{"error":"system:SetParameter: transaction `+txID+` was invalidated at commit in block 8: ENDORSEMENT_POLICY_FAILURE",
		"commit":{"function":"system:SetParameter","txId":"`+txID+`","code":"ENDORSEMENT_POLICY_FAILURE","block":8,"attempts":1}}`, errOut)
}

// Errors before any call: no such identity or org, no profile, a missing
// argument.
func TestErrorOutputBeforeACall(t *testing.T) {
	fp := fakepeer.Start(t, fakeChaincode)

	_, errOut, code := run(t, fp, "--identity", "nobody", "ping")
	require.Equal(t, 1, code)
	require.Equal(t, `error: connecting to `+fp.Endpoint+` as CourtMSP/nobody: identity "nobody" is not in organization CourtMSP; it has [judge1]`+"\n", errOut)

	_, errOut, code = run(t, fp, "--json", "--org", "BankMSP", "ping")
	require.Equal(t, 1, code)
	var connDoc map[string]any
	require.NoError(t, json.Unmarshal([]byte(errOut), &connDoc))
	require.Equal(t, map[string]any{"org": "BankMSP", "identity": "judge1", "peer": ""}, connDoc["connect"])

	_, errOut, code = run(t, fp, "--profile", filepath.Join(t.TempDir(), "none.json"), "ping")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "none.json: no such file or directory (give --profile or JUDICIAL_PROFILE;")

	_, errOut, code = run(t, fp, "param", "get")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "accepts 1 arg(s), received 0")
}

func TestPrintErrorOfOtherErrors(t *testing.T) {
	var errOut bytes.Buffer
	(&App{Err: &errOut}).printError(errors.New("boom"))
	require.Equal(t, "error: boom\n", errOut.String())

	errOut.Reset()
	(&App{JSON: true, Err: &errOut}).printError(errors.New("boom"))
	require.JSONEq(t, `{"error":"boom"}`, errOut.String())
}
