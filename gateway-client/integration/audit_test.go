//go:build integration

package integration

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"

	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/stretchr/testify/require"
)

var everyPeer = []struct{ org, peer string }{
	{"CourtMSP", "peer0.court"}, {"CourtMSP", "peer1.court"}, {"MediationMSP", "peer0.mediation"}, {"CreditMSP", "peer0.credit"},
}

// cliJSON runs the CLI with --json and decodes its output.
func cliJSON[T any](t *testing.T, args ...string) *T {
	t.Helper()
	out, code := cli(t, t.TempDir(), append([]string{"--json"}, args...)...)
	require.Equal(t, 0, code, out)
	var v T
	require.NoError(t, json.Unmarshal([]byte(out), &v), out)
	return &v
}

// The hash chain verifies on every peer, and every peer holds the same
// blocks.
func TestAuditChainOnEveryPeerAndConsistency(t *testing.T) {
	height, err := as(t, "CourtMSP", "auditor").Height(ctx(t))
	require.NoError(t, err)
	for _, p := range everyPeer {
		res := cliJSON[[]map[string]any](t, "--org", p.org, "--identity", "auditor", "audit", "verify-chain", "--peer", p.peer)
		require.Len(t, *res, 1)
		require.Empty(t, (*res)[0]["error"], p.peer)
		require.GreaterOrEqual(t, (*res)[0]["blocks"], float64(height), "%s: the whole chain, from block 0", p.peer)
	}
	r := cliJSON[audit.ConsistencyReport](t, "audit", "consistency", "--samples", "24")
	require.Len(t, r.Peers, 4)
	for _, p := range r.Peers {
		require.Equal(t, audit.Equal, p.Status, "%s: %s", p.Peer, p.Error)
	}
	require.GreaterOrEqual(t, len(r.Heights), int(min(height, 24)), "every block, or 24 spread over them")
}

// audit tx decodes a transaction of each contract: creator and role,
// function, argument digests, writes; transient data never appears.
func TestAuditTxDecodesEachContract(t *testing.T) {
	key := pseudonymKey(t)
	id := freshID(t)
	number := activeCaseAgainst(t, key, id)
	name := "审计" + pseudo(t)[:4]
	_, listed, err := credit.New(as(t, "CourtMSP", "judge1")).List(ctx(t), number, listRequest("J0491", creditapi.Consumption), creditapi.Subject{Name: name, IDNumber: id})
	require.NoError(t, err)
	_, anchored := submitJSON(t, as(t, "CourtMSP", "clerk1"), evidenceapi.Anchor,
		`{"algorithm":"sha256","digest":"`+pseudo(t)+`","kind":"electronic_evidence","size":1}`)
	_, registered := submitJSON(t, as(t, "MediationMSP", "mediator1"), mediationapi.RegisterAgreement, agreementRequest(t, false, soon(time.Hour)))
	opened, _ := json.Marshal(enforcementapi.OpenRequest{Basis: cases.Origin{Type: "notarial", ID: "N-" + strconv.FormatInt(time.Now().UnixNano(), 10)},
		Document: pseudo(t), Creditors: []string{pseudo(t)}, Debtors: []string{pseudo(t)}, Amount: 1000})
	_, openedRes := submitJSON(t, as(t, "CourtMSP", "clerk1"), enforcementapi.OpenCase, string(opened))
	_, param := submitJSON(t, as(t, "CourtMSP", "judge1"), systemapi.SetParameter, "time.window", "5m")
	synced(t, max(listed.Block, anchored.Block, registered.Block, openedRes.Block, param.Block))

	for _, tc := range []struct {
		txID     string
		function api.Function
		msp      string
		role     string
	}{
		{listed.TxID, creditapi.List.Function, "CourtMSP", "judge"},
		{anchored.TxID, evidenceapi.Anchor.Function, "CourtMSP", "clerk"},
		{registered.TxID, mediationapi.RegisterAgreement.Function, "MediationMSP", "mediator"},
		{openedRes.TxID, enforcementapi.OpenCase.Function, "CourtMSP", "clerk"},
		{param.TxID, systemapi.SetParameter.Function, "CourtMSP", "judge"},
	} {
		out, code := cli(t, t.TempDir(), "--json", "--org", "CreditMSP", "--identity", "auditor", "audit", "tx", tc.txID)
		require.Equal(t, 0, code, out)
		var tx audit.Tx
		require.NoError(t, json.Unmarshal([]byte(out), &tx))
		require.Equal(t, string(tc.function), tx.Function)
		require.Equal(t, "VALID", tx.Validation)
		require.Equal(t, tc.msp, tx.Creator.MSPID)
		require.Equal(t, tc.role, tx.Creator.Role)
		require.Equal(t, "judicial", tx.Channel)
		require.NotEmpty(t, tx.Writes, string(tc.function))
		require.NotEmpty(t, tx.Args, string(tc.function))
		if tc.function == creditapi.List.Function {
			require.NotContains(t, out, id, "transient data never appears")
			require.NotContains(t, out, name)
			require.NotEmpty(t, tx.PrivateWrites, "the personal data's write is there, as a hash")
			require.NotEmpty(t, tx.MetadataWrites, "the listing's key-level policy")
		}
	}
	_, code := cli(t, t.TempDir(), "--identity", "auditor", "audit", "tx", strings.Repeat("ab", 32))
	require.Equal(t, 1, code)
	out, _ := cli(t, t.TempDir(), "--identity", "auditor", "audit", "tx", strings.Repeat("ab", 32))
	require.Contains(t, out, "is not on the ledger of channel judicial")
	out, code = cli(t, t.TempDir(), "--identity", "auditor", "audit", "block", "99999999")
	require.Equal(t, 1, code)
	require.Contains(t, out, "block 99999999 is beyond the ledger: peer peer0.court has blocks 0 to ")
}

// An export verifies from the file alone; an edited or truncated one does not.
func TestAuditExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "ledger.jsonl")
	out, code := cli(t, dir, "--identity", "auditor", "audit", "export", file)
	require.Equal(t, 0, code, out)
	res := cliJSON[[]map[string]any](t, "audit", "verify-chain", "--file", file)
	require.Empty(t, (*res)[0]["error"])
	height, err := as(t, "CourtMSP", "auditor").Height(ctx(t))
	require.NoError(t, err)
	require.GreaterOrEqual(t, (*res)[0]["blocks"], float64(height-2), "the whole ledger at export time")

	data, err := os.ReadFile(file)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	edited := false
	for i, l := range lines {
		if strings.Contains(l, `"type":"tx"`) && strings.Contains(l, `"function":"`+string(systemapi.SetParameter.Function)+`"`) && strings.Contains(l, `"value":"5m"`) {
			lines[i] = strings.Replace(l, `"value":"5m"`, `"value":"9m"`, 1)
			edited = true
			break
		}
	}
	require.True(t, edited, "found a parameter change to edit")
	tampered := filepath.Join(dir, "edited.jsonl")
	require.NoError(t, os.WriteFile(tampered, []byte(strings.Join(lines, "\n")+"\n"), 0o600))
	out, code = cli(t, dir, "audit", "verify-chain", "--file", tampered)
	require.Equal(t, 1, code)
	require.Contains(t, out, "BROKEN")
	require.Contains(t, out, "differs from the raw block")

	truncated := filepath.Join(dir, "truncated.jsonl")
	require.NoError(t, os.WriteFile(truncated, []byte(strings.Join(lines[:len(lines)/2], "\n")+"\n"), 0o600))
	out, code = cli(t, dir, "audit", "verify-chain", "--file", truncated)
	require.Equal(t, 1, code)
	require.Contains(t, out, "truncated")
}

// watch prints each committed transaction and resumes after its checkpoint.
func TestAuditWatchResumes(t *testing.T) {
	c := as(t, "CourtMSP", "auditor")
	h, err := c.Height(ctx(t))
	require.NoError(t, err)
	dir := t.TempDir()
	checkpoint := filepath.Join(dir, "audit.checkpoint")
	out, code := cli(t, dir, "--json", "--identity", "auditor", "audit", "watch", "--checkpoint", checkpoint, "--start-block", strconv.FormatUint(h-1, 10), "--count", "1")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, `"block":`+strconv.FormatUint(h-1, 10))

	_, res := submitJSON(t, as(t, "MediationMSP", "mediator1"), mediationapi.RegisterAgreement, agreementRequest(t, false, soon(time.Hour)))
	out, code = cli(t, dir, "--json", "--identity", "auditor", "audit", "watch", "--checkpoint", checkpoint, "--count", "1")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, res.TxID, "the next block after the checkpoint")
	require.NotContains(t, out, `"block":`+strconv.FormatUint(h-1, 10), "nothing repeated")
}

// Any record's history, generic over the contracts.
func TestAuditHistoryOfAnyRecord(t *testing.T) {
	_, _, err := gateway.Submit(ctx(t), as(t, "CourtMSP", "judge1"), systemapi.SetParameter, gateway.WithArgs("time.window", "5m"))
	require.NoError(t, err)
	versions := cliJSON[[]map[string]any](t, "--identity", "auditor", "audit", "history", "param", "time.window")
	require.NotEmpty(t, *versions)
	require.Contains(t, (*versions)[0], "value")
}

// A peer that is down is reported as unreachable, not as divergent.
func TestAuditConsistencyWithAPeerDown(t *testing.T) {
	if testing.Short() {
		t.Skip("stops a peer")
	}
	// Stopped, not killed: a killed node's supervisor would bring it back.
	require.NoError(t, network.Script("stop", "peer0.mediation"))
	t.Cleanup(func() { require.NoError(t, network.Script("up")) })

	out, code := cli(t, t.TempDir(), "--json", "audit", "consistency")
	require.Equal(t, 1, code)
	var r audit.ConsistencyReport
	require.NoError(t, json.NewDecoder(strings.NewReader(out)).Decode(&r), out)
	require.Equal(t, 1, r.Unreachable)
	require.Equal(t, 0, r.Divergent)
	for _, p := range r.Peers {
		if p.Peer == "peer0.mediation" {
			require.Equal(t, audit.Unreachable, p.Status)
			require.Contains(t, p.Error, "connecting to 127.0.0.1:8051")
		} else {
			require.Equal(t, audit.Equal, p.Status, p.Peer)
		}
	}
	require.Contains(t, out, "1 peers could not be reached; the others agree")
}
