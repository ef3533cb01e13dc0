//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/stretchr/testify/require"
)

// Every org reaches the chaincode through its own gateway peer.
func TestEveryOrgReachesTheChaincode(t *testing.T) {
	for _, tc := range []struct{ org, peer string }{
		{"CourtMSP", "peer0.court"}, {"CourtMSP", "peer1.court"}, {"MediationMSP", ""}, {"CreditMSP", ""},
	} {
		c := as(t, tc.org, "auditor", gateway.WithPeer(tc.peer))
		payload, err := gateway.Evaluate(ctx(t), c, api.Raw(systemapi.Ping.Spec))
		require.NoError(t, err, "%s via %s", tc.org, c.Peer().Name)
		var info systemapi.Info
		require.NoError(t, json.Unmarshal(payload, &info))
		require.Equal(t, systemapi.ChaincodeVersion, info.Version)
	}
}

// The chaincode sees the role the org's CA wrote into the certificate.
func TestRolesComeFromCertificates(t *testing.T) {
	for _, tc := range []struct {
		org, id string
		role    api.Role
	}{
		{"CourtMSP", "judge1", api.Judge}, {"CourtMSP", "clerk1", api.Clerk},
		{"CourtMSP", "officer1", api.EnforcementOfficer}, {"CourtMSP", "auditor", api.Auditor},
		{"MediationMSP", "mediator1", api.Mediator}, {"CreditMSP", "bank1", api.BankOfficer},
		{"CourtMSP", "user1", ""},
	} {
		payload, err := gateway.Evaluate(ctx(t), as(t, tc.org, tc.id), api.Raw(systemapi.WhoAmI.Spec))
		require.NoError(t, err)
		var me api.Actor
		require.NoError(t, json.Unmarshal(payload, &me))
		require.Equal(t, tc.org, me.MSPID)
		require.Equal(t, tc.id, me.EnrollmentID)
		require.Equal(t, tc.role, me.Role)
	}
}

// A judge's write is endorsed across orgs, committed, and read by every org.
func TestJudgeSetsAParameterEveryOrgReads(t *testing.T) {
	value := fmt.Sprintf("%dh", 100+time.Now().UnixNano()%1000)
	judge := as(t, "CourtMSP", "judge1")
	_, res, err := gateway.Submit(ctx(t), judge, systemapi.SetParameter, gateway.WithArgs(systemapi.MediationGracePeriod, value))
	require.NoError(t, err)
	t.Cleanup(func() {
		gateway.Submit(context.Background(), judge, systemapi.SetParameter, gateway.WithArgs(systemapi.MediationGracePeriod, "0s"))
	})
	require.NotEmpty(t, res.TxID)
	require.Positive(t, res.Block)
	synced(t, res.Block)

	for _, org := range []string{"CourtMSP", "MediationMSP", "CreditMSP"} {
		payload, err := gateway.Evaluate(ctx(t), as(t, org, "auditor"), api.Raw(systemapi.GetParameter.Spec), gateway.WithArgs(systemapi.MediationGracePeriod))
		require.NoError(t, err)
		var p systemapi.Parameter
		require.NoError(t, json.Unmarshal(payload, &p))
		require.Equal(t, value, p.Value, org)
		require.Equal(t, res.TxID, p.TxID, org)
	}
	block, err := as(t, "CreditMSP", "auditor").BlockOfTransaction(ctx(t), res.TxID)
	require.NoError(t, err)
	require.Equal(t, res.Block, block)
}

// An identity of one org cannot act in another org's role, and an identity
// without the role a function needs is refused, with the chaincode's message.
func TestRoleRefusals(t *testing.T) {
	cases := []struct {
		org, id, want string
	}{
		{"MediationMSP", "rogue1", `caller MediationMSP/rogue1 has role "judge", which only CourtMSP identities may hold`},
		{"MediationMSP", "mediator1", `caller MediationMSP/mediator1 has role "mediator"`},
		{"CreditMSP", "bank1", `caller CreditMSP/bank1 has role "bank_officer"`},
		{"CourtMSP", "clerk1", `caller CourtMSP/clerk1 has role "clerk"`},
		{"CourtMSP", "user1", "caller CourtMSP/user1 has no role attribute in its certificate"},
		{"CourtMSP", "admin", "caller CourtMSP/admin has no role attribute in its certificate"},
	}
	for _, tc := range cases {
		t.Run(tc.org+"/"+tc.id, func(t *testing.T) {
			_, _, err := gateway.Submit(ctx(t), as(t, tc.org, tc.id), systemapi.SetParameter, gateway.WithArgs(systemapi.TimestampWindow, "7m"))
			var ee *gateway.EndorseError
			require.True(t, errors.As(err, &ee), "%v", err)
			require.Contains(t, ee.Message, "access denied: system:SetParameter needs role judge (CourtMSP)")
			require.Contains(t, ee.Message, tc.want)
			require.NotEmpty(t, ee.Details, "the peers' answers are attached")
		})
	}
}

// Court data cannot be written without the court's endorsement, whatever
// the other orgs' peers compute: the transaction is invalidated at commit.
func TestWritesWithoutTheCourtsEndorsementAreInvalidated(t *testing.T) {
	c := as(t, "CourtMSP", "judge1")
	before, err := gateway.Evaluate(ctx(t), c, api.Raw(systemapi.GetParameter.Spec), gateway.WithArgs(systemapi.TimestampWindow))
	require.NoError(t, err)

	_, _, err = gateway.Submit(ctx(t), c, systemapi.SetParameter, gateway.WithArgs(systemapi.TimestampWindow, "9m"),
		gateway.WithEndorsingOrgs("MediationMSP", "CreditMSP"))
	var ce *gateway.CommitError
	require.True(t, errors.As(err, &ce), "%v", err)
	require.Equal(t, "ENDORSEMENT_POLICY_FAILURE", ce.CodeName())
	require.Equal(t, 1, ce.Attempts, "a policy failure is not retried")

	after, err := gateway.Evaluate(ctx(t), c, api.Raw(systemapi.GetParameter.Spec), gateway.WithArgs(systemapi.TimestampWindow))
	require.NoError(t, err)
	require.Equal(t, string(before), string(after), "nothing was written")
}

// Bad input gets an error that names what is wrong.
func TestBadParameterInput(t *testing.T) {
	c := as(t, "CourtMSP", "judge1")
	for _, tc := range []struct{ name, value, want string }{
		{"nope.period", "1h", `unknown parameter "nope.period"`},
		{systemapi.MediationGracePeriod, "seven days", `"seven days" is not a duration`},
		{systemapi.FilingReviewDays, "8", "8 is outside the allowed range 0 to 7"},
		{systemapi.SweepMaxItems, "5000", "5000 is outside the allowed range 1 to 1000"},
	} {
		_, _, err := gateway.Submit(ctx(t), c, systemapi.SetParameter, gateway.WithArgs(tc.name, tc.value))
		require.ErrorContains(t, err, tc.want)
	}
}

// The CLI drives the same calls, with --json for machines.
func TestCLIWhoAmIAndErrors(t *testing.T) {
	out, code := cli(t, t.TempDir(), "--org", "CreditMSP", "--identity", "bank1", "--json", "whoami")
	require.Equal(t, 0, code, out)
	var me api.Actor
	require.NoError(t, json.Unmarshal([]byte(out), &me))
	require.Equal(t, api.BankOfficer, me.Role)

	out, code = cli(t, t.TempDir(), "--org", "MediationMSP", "--identity", "mediator1", "param", "set", systemapi.TimestampWindow, "8m")
	require.Equal(t, 1, code)
	require.Contains(t, out, "error: access denied: system:SetParameter needs role judge (CourtMSP)", "the chaincode's message comes first")
	require.Contains(t, out, "system:SetParameter was refused by the chaincode at endorse")
	require.Contains(t, out, "peer 127.0.0.1:8051 (MediationMSP)")

	out, code = cli(t, t.TempDir(), "--org", "MediationMSP", "--identity", "judge1", "whoami")
	require.Equal(t, 1, code)
	require.Contains(t, out, `identity "judge1" is not in organization MediationMSP`)
}

// The status command sees every node healthy and the peers at one height.
func TestNetworkStatus(t *testing.T) {
	out, err := network.Command("status").CombinedOutput()
	require.NoError(t, err, string(out))
	heights := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		// NODE PID ADDRESS HEALTH HEIGHT RESTARTS
		if len(f) == 6 && strings.HasPrefix(f[0], "peer") {
			require.Equal(t, "OK", f[3], line)
			heights[f[4]] = true
		}
	}
	require.Len(t, heights, 1, "peers at different heights:\n%s", out)
	require.Contains(t, string(out), "RESTARTS", "each node's restarts by its supervisor")
}

// Stopping the network leaves none of its processes; starting it again
// resumes the same ledger; an upgrade keeps the data too.
func TestRestartAndUpgradeKeepTheLedger(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts the network")
	}
	value := fmt.Sprintf("%dm", 2+time.Now().UnixNano()%50)
	_, res, err := gateway.Submit(ctx(t), as(t, "CourtMSP", "judge1"), systemapi.SetParameter, gateway.WithArgs(systemapi.TimestampWindow, value))
	require.NoError(t, err)
	synced(t, res.Block)

	pids := readPids(t)
	require.NoError(t, network.Script("down"))
	for node, pid := range pids {
		require.Error(t, exec.Command("kill", "-0", strconv.Itoa(pid)).Run(), "%s (pid %d) still runs", node, pid)
	}
	out, _ := network.Command("status").CombinedOutput()
	require.NotContains(t, string(out), " OK ", "nothing answers after down")

	require.NoError(t, network.Script("up"))
	synced(t, res.Block)
	requireParameter(t, value)

	require.NoError(t, network.Script("upgrade"))
	requireParameter(t, value)
	payload, err := gateway.Evaluate(ctx(t), as(t, "CreditMSP", "auditor"), api.Raw(systemapi.Ping.Spec))
	require.NoError(t, err, "the upgraded chaincode answers: %s", payload)
}

func requireParameter(t *testing.T, want string) {
	t.Helper()
	payload, err := gateway.Evaluate(ctx(t), as(t, "MediationMSP", "auditor"), api.Raw(systemapi.GetParameter.Spec), gateway.WithArgs(systemapi.TimestampWindow))
	require.NoError(t, err)
	var p systemapi.Parameter
	require.NoError(t, json.Unmarshal(payload, &p))
	require.Equal(t, want, p.Value)
}

func readPids(t *testing.T) map[string]int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, "network", "run", "pids", "*.pid"))
	require.NoError(t, err)
	require.Len(t, files, 14, "3 orderers, 4 peers, 4 CAs and each org's chaincode server")
	out := map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
		require.NoError(t, err)
		out[filepath.Base(f)] = pid
	}
	return out
}
