//go:build testnetwork

package testnetwork

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/gateway-client/certificate"
	"github.com/courtchain/judicial/gateway-client/deadline"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/mediation"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/stretchr/testify/require"
)

// The client reads test-network-config/profile.json byte for byte, and
// every file it names, and the ones test-network's scripts leave beside
// them, are where test-network puts them.
func TestProfileIsTestNetworks(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(repoRoot, "test-network-config", "profile.json"))
	require.NoError(t, err)
	got, err := os.ReadFile(profilePath)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "the profile in use is test-network-config/profile.json unchanged")

	p, err := profile.Load(profilePath)
	require.NoError(t, err)
	require.Equal(t, "mychannel", p.Channel)
	require.Equal(t, []string{"Org1MSP", "Org2MSP"}, p.OrgNames())

	for _, f := range []string{
		"organizations/fabric-ca/org1/ca-cert.pem",
		"organizations/fabric-ca/org2/ca-cert.pem",
		"organizations/peerOrganizations/org1.example.com/msp/config.yaml",
		"organizations/peerOrganizations/org2.example.com/ca/ca.org2.example.com-cert.pem",
		"organizations/peerOrganizations/org1.example.com/peers/peer0.org1.example.com/tls/server.crt",
		"organizations/peerOrganizations/org2.example.com/peers/peer0.org2.example.com/msp/signcerts/cert.pem",
		"organizations/peerOrganizations/org1.example.com/users/clerk1@org1.example.com/msp/signcerts/cert.pem",
		"organizations/peerOrganizations/org2.example.com/users/bank1@org2.example.com/msp/signcerts/cert.pem",
		"organizations/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem",
		"organizations/ordererOrganizations/example.com/orderers/orderer.example.com/tls/server.crt",
		"organizations/ordererOrganizations/example.com/users/Admin@example.com/msp/signcerts/cert.pem",
	} {
		require.FileExists(t, filepath.Join(runDir, f))
	}
	// The profile dials localhost and overrides the TLS name, as it does
	// for test-network's containers: the peers' certificates carry it.
	for _, org := range []string{"org1", "org2"} {
		host := "peer0." + org + ".example.com"
		cert := readCert(t, filepath.Join(runDir, "organizations/peerOrganizations", org+".example.com", "peers", host, "tls/server.crt"))
		require.Contains(t, cert.DNSNames, host)
	}
}

// test-network-config/README.md section 3, command by command, and the
// role mapping it describes: Org1's judge is the court's judge, Org2's
// mediator the mediation centre's, and neither acts for the other.
func TestReadmeCommandsAndRoleMapping(t *testing.T) {
	out, code := cli(t, "--org", "Org1MSP", "--identity", "judge1", "whoami")
	require.Equal(t, 0, code, out)
	requireLine(t, out, "msp:", "Org1MSP")
	requireLine(t, out, "role:", "judge")

	out, code = cli(t, "--org", "Org2MSP", "--identity", "mediator1", "whoami")
	require.Equal(t, 0, code, out)
	requireLine(t, out, "msp:", "Org2MSP")
	requireLine(t, out, "role:", "mediator")

	out, code = cli(t, "--org", "Org1MSP", "--identity", "judge1", "param", "set", "time.window", "10m")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "set by Org1MSP/judge1")
	settle(t)

	out, code = cli(t, "--org", "Org2MSP", "--identity", "mediator1", "param", "set", "time.window", "10m")
	require.NotEqual(t, 0, code, out)
	require.Contains(t, out, "system:SetParameter needs role judge (Org1MSP)")

	// The pseudonym key goes to the personalData collection of
	// test-network-config/collections.json; a second init finds it set.
	out, code = cli(t, "--org", "Org1MSP", "--identity", "judge1", "credit", "key", "init")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "pseudonym key")
	require.FileExists(t, filepath.Join(runDir, "pseudonym.key"))
	settle(t)
}

// Evidence anchored in one org is found from the other: the judge of Org1
// and the mediator of Org2 each anchor a file and verify the other's, and
// a file no one anchored is not on chain.
func TestAnchorInOneOrgVerifyInTheOther(t *testing.T) {
	for _, tc := range []struct{ by, byID, other, otherID string }{
		{"Org1MSP", "judge1", "Org2MSP", "mediator1"},
		{"Org2MSP", "mediator1", "Org1MSP", "judge1"},
	} {
		t.Run(tc.byID, func(t *testing.T) {
			file := freshFile(t)
			number := anchor(t, tc.by, tc.byID, file)
			out, code := cli(t, "--org", tc.other, "--identity", tc.otherID, "evidence", "verify", "--number", number, file)
			require.Equal(t, 0, code, out)
			require.Contains(t, out, "ANCHORED")
			require.Contains(t, out, "by "+tc.by+"/"+tc.byID)
		})
	}
	out, code := cli(t, "--org", "Org2MSP", "--identity", "mediator1", "evidence", "verify", freshFile(t))
	require.Equal(t, 2, code, out)
	require.Contains(t, out, "NOT ON CHAIN")
}

// A certificate issued on this network carries the endorsements of both
// orgs' peers, as test-network's policy AND('Org1MSP.peer','Org2MSP.peer')
// asks, is attested valid by a peer of each org, and verifies with no
// network against the court's (Org1's) trust file.
func TestCertificateAttestedByBothOrgs(t *testing.T) {
	file := freshFile(t)
	number := anchor(t, "Org1MSP", "judge1", file)
	dir := t.TempDir()
	certFile, trustFile := filepath.Join(dir, "cert.json"), filepath.Join(dir, "trust.json")
	out, code := cli(t, "--org", "Org2MSP", "--identity", "mediator1", "evidence", "certificate", "-o", certFile, number)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "attested by 2 peers")
	out, code = cli(t, "--org", "Org1MSP", "--identity", "judge1", "evidence", "trust-file", "-o", trustFile, "--published-by", "Org1MSP (the court)")
	require.Equal(t, 0, code, out)

	trust, err := certificate.ParseTrust(readFile(t, trustFile))
	require.NoError(t, err)
	require.Equal(t, "AND('Org1MSP.peer', 'Org2MSP.peer')", trust.EndorsementPolicy)
	require.Equal(t, []string{"OrdererMSP"}, trust.OrdererOrgs)
	c, err := certificate.Parse(readFile(t, certFile))
	require.NoError(t, err)
	sum := sha256.Sum256(readFile(t, file))
	r, err := certificate.Verify(c, trust, sum[:])
	require.NoError(t, err)
	require.True(t, r.FileMatches)
	require.Equal(t, "Org1MSP", r.AnchoredBy.MSPID)
	require.Equal(t, "OrdererMSP", r.BlockSigner.MSPID)
	require.Equal(t, []string{"Org1MSP", "Org2MSP"}, mspIDs(r.Endorsers))
	var attesters []certificate.Signer
	for _, a := range r.Attesters {
		attesters = append(attesters, a.Signer)
	}
	require.Equal(t, []string{"Org1MSP", "Org2MSP"}, mspIDs(attesters))

	// The CLI's offline verification says the same, and refuses another file.
	out, code = cli(t, "evidence", "verify-certificate", "--trust", trustFile, "--file", file, certFile)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "VALID — record "+number)
	require.Contains(t, out, "attested valid by peer0.org1.example.com (Org1MSP)")
	require.Contains(t, out, "attested valid by peer0.org2.example.com (Org2MSP)")
	out, code = cli(t, "evidence", "verify-certificate", "--trust", trustFile, "--file", freshFile(t), certFile)
	require.NotEqual(t, 0, code, out)
	require.Contains(t, out, "file digest")
}

// Item 13 on test-network's shape: a filing the mediation centre (Org2)
// submits is docketed by the chaincode itself once the court's review
// period has ended, and a trial case opens in the court's (Org1's) name.
// The layout's chaincode servers run with test periods, so Org1's judge
// may set the review period to 0 days; a court's never do.
func TestFilingDocketedWhenReviewEnds(t *testing.T) {
	out, code := cli(t, "--org", "Org1MSP", "--identity", "judge1", "param", "set", "filing.reviewDays", "0")
	require.Equal(t, 0, code, out)
	t.Cleanup(func() {
		out, code := cli(t, "--org", "Org1MSP", "--identity", "judge1", "param", "set", "filing.reviewDays", "7")
		require.Equal(t, 0, code, out)
		settle(t)
	})
	settle(t)

	mediator := connect(t, "Org2MSP", "mediator1")
	f, _, err := mediation.New(mediator).SubmitFiling(ctx(t), mediationapi.FilingRequest{
		Claimants: []string{freshHex(t)}, Respondents: []string{freshHex(t)}, Claim: freshHex(t), Amount: 880000})
	require.NoError(t, err)
	require.Equal(t, "Org2MSP", f.SubmittedBy.MSPID)
	settle(t)
	r, _, err := deadline.New(mediator).Trigger(ctx(t), mediationapi.KindFiling, f.ID)
	require.NoError(t, err)
	require.Len(t, r.Processed, 1)
	require.Contains(t, r.Processed[0].Result, "docketed automatically as ")
	settle(t)

	court := mediation.New(connect(t, "Org1MSP", "judge1"))
	got, err := court.GetFiling(ctx(t), f.ID)
	require.NoError(t, err)
	require.Equal(t, mediationapi.FilingDocketed, got.State)
	require.True(t, got.DecidedBy.Auto)
	require.Equal(t, "Org2MSP", got.DecidedBy.MSPID, "the trigger's org: the mediator's transaction set it off")
	c, err := court.GetCase(ctx(t), got.CaseNumber)
	require.NoError(t, err)
	require.Equal(t, got.CaseNumber, c.Number)
}

// After the tests' transactions, both orgs' peers hold the same blocks
// (read by each org's admin: the profile names no auditor).
func TestPeersAgree(t *testing.T) {
	settle(t)
	out, code := cli(t, "--org", "Org1MSP", "--identity", "admin", "audit", "consistency")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "peer0.org1")
	require.Contains(t, out, "peer0.org2")
}

// anchor anchors file as one record and returns its number, once both
// orgs' peers have committed it.
func anchor(t *testing.T, org, id, file string) string {
	t.Helper()
	out, code := cli(t, "--org", org, "--identity", id, "evidence", "anchor", "--single", file)
	require.Equal(t, 0, code, out)
	number, _, ok := strings.Cut(out, " ")
	require.True(t, ok && strings.HasPrefix(number, "EV"), "no evidence number in %q", out)
	settle(t)
	return number
}

// cli runs the judicial command with test-network's profile, from the run
// folder, where test-network-config/README.md has a user run it.
func cli(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(cliPath, append([]string{"--profile", "profile.json"}, args...)...)
	cmd.Dir = runDir
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); ok {
		return string(out), exit.ExitCode()
	}
	require.NoError(t, err, "running judicial %s", strings.Join(args, " "))
	return string(out), 0
}

// settle waits until both orgs' peers have the same height. Every
// transaction is endorsed by both (AND policy), and a peer that has not
// yet committed the last block would endorse against stale state.
func settle(t *testing.T) {
	t.Helper()
	p, err := profile.Load(profilePath)
	require.NoError(t, err)
	var peers []*gateway.Client
	for _, org := range p.OrgNames() {
		c, err := gateway.Connect(p, org, "admin")
		require.NoError(t, err)
		defer c.Close()
		peers = append(peers, c)
	}
	require.Eventually(t, func() bool {
		heights := map[uint64]bool{}
		for _, c := range peers {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			h, err := c.Height(ctx)
			cancel()
			if err != nil {
				return false
			}
			heights[h] = true
		}
		return len(heights) == 1
	}, 30*time.Second, 50*time.Millisecond, "the two orgs' peers did not reach the same height")
}

func connect(t *testing.T, org, id string) *gateway.Client {
	t.Helper()
	p, err := profile.Load(profilePath)
	require.NoError(t, err)
	c, err := gateway.Connect(p, org, id)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// freshHex is a SHA-256 digest, in hex, that no earlier run used: a
// pseudonym or a claim's digest.
func freshHex(t *testing.T) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s %d", t.Name(), time.Now().UnixNano())))
	return hex.EncodeToString(sum[:])
}

// freshFile is a file no earlier run anchored: the ledger outlives runs.
func freshFile(t *testing.T) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "exhibit.txt")
	require.NoError(t, os.WriteFile(f, []byte(fmt.Sprintf("%s %d", t.Name(), time.Now().UnixNano())), 0o644))
	return f
}

func requireLine(t *testing.T, out, key, value string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, key); ok && k == "" && strings.TrimSpace(v) == value {
			return
		}
	}
	t.Fatalf("no line %q %q in:\n%s", key, value, out)
}

func mspIDs(signers []certificate.Signer) []string {
	var out []string
	for _, s := range signers {
		out = append(out, s.MSPID)
	}
	return out
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode(readFile(t, path))
	require.NotNil(t, block, "no PEM block in %s", path)
	cert, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	return cert
}
