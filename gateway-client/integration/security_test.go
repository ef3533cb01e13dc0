//go:build integration

package integration

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-gateway/pkg/identity"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	gatewaypb "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// forged builds the proposal an attacker with an enrolled identity can
// build: fn with args as org/name, its channel header's timestamp set to
// at, signed with the identity's own key and handed to the gateway through
// its offline-signing entry. Fabric 2.5.0 does not check the timestamp
// (CVE-2024-45244); the chaincode must.
func forged(t *testing.T, org, name string, at time.Time, fn api.Function, args ...string) *client.Proposal {
	t.Helper()
	c := as(t, org, name)
	p, err := c.Contract().NewProposal(string(fn), client.WithArguments(args...))
	require.NoError(t, err)
	raw, err := p.Bytes()
	require.NoError(t, err)
	var pt gatewaypb.ProposedTransaction
	require.NoError(t, proto.Unmarshal(raw, &pt))
	var prop peer.Proposal
	require.NoError(t, proto.Unmarshal(pt.GetProposal().GetProposalBytes(), &prop))
	var hdr common.Header
	require.NoError(t, proto.Unmarshal(prop.GetHeader(), &hdr))
	var ch common.ChannelHeader
	require.NoError(t, proto.Unmarshal(hdr.GetChannelHeader(), &ch))
	ch.Timestamp = timestamppb.New(at)
	hdr.ChannelHeader = marshal(t, &ch)
	prop.Header = marshal(t, &hdr)
	pt.Proposal.ProposalBytes = marshal(t, &prop)
	digest := sha256.Sum256(pt.Proposal.ProposalBytes)
	signature, err := signer(t, org, name)(digest[:])
	require.NoError(t, err)
	signed, err := c.Gateway().NewSignedProposal(marshal(t, &pt), signature)
	require.NoError(t, err)
	return signed
}

func marshal(t *testing.T, m proto.Message) []byte {
	b, err := proto.Marshal(m)
	require.NoError(t, err)
	return b
}

// signer signs with the private key of an identity of the profile.
func signer(t *testing.T, org, name string) identity.Sign {
	p, err := profile.Load(profilePath)
	require.NoError(t, err)
	o, err := p.Org(org)
	require.NoError(t, err)
	id, err := o.Identity(name)
	require.NoError(t, err)
	keyFile, err := id.KeyFile()
	require.NoError(t, err)
	keyPEM, err := os.ReadFile(keyFile)
	require.NoError(t, err)
	key, err := identity.PrivateKeyFromPEM(keyPEM)
	require.NoError(t, err)
	sign, err := identity.NewPrivateKeySign(key)
	require.NoError(t, err)
	return sign
}

// submitted endorses, submits and waits for a proposal, and says how it
// ended: the endorsement error, or nil once committed valid.
func submitted(t *testing.T, p *client.Proposal) error {
	t.Helper()
	tx, err := p.Endorse()
	if err != nil {
		return err
	}
	commit, err := tx.Submit()
	require.NoError(t, err)
	status, err := commit.Status()
	require.NoError(t, err)
	require.True(t, status.Successful, "committed as %s", status.Code)
	synced(t, status.BlockNumber)
	return nil
}

// peersSaid is what the endorsing peers answered inside a gateway error.
func peersSaid(err error) string {
	st, _ := status.FromError(err)
	said := st.Message()
	for _, d := range st.Details() {
		if detail, ok := d.(*gatewaypb.ErrorDetail); ok {
			said += "\n" + detail.GetMessage()
		}
	}
	return said
}

// A proposal whose timestamp is far from the endorsing server's clock is
// refused, whatever it asks; the same call made now is accepted.
func TestForgedProposalTimesAreRefused(t *testing.T) {
	now := time.Now()
	anchor := func() string {
		req, _ := json.Marshal(evidenceapi.AnchorRequest{Algorithm: api.SHA256, Digest: hex.EncodeToString(freshDigest(t)), Kind: evidenceapi.KindElectronicEvidence, Size: 1})
		return string(req)
	}
	filing := func() string {
		req, _ := json.Marshal(mediationapi.FilingRequest{Claimants: []string{pseudo(t)}, Respondents: []string{pseudo(t)}, Claim: pseudo(t)})
		return string(req)
	}
	// A case that may end for lack of property now: active, the five
	// conditions of the 2016 Provisions logged, and the waiting period set
	// to nothing (the test network runs with test periods).
	allowTermination(t)
	req, _ := json.Marshal(enforcementapi.OpenRequest{Basis: cases.Origin{Type: "notarial", ID: "N-" + strconv.FormatInt(time.Now().UnixNano(), 10)},
		Document: pseudo(t), Creditors: []string{pseudo(t)}, Debtors: []string{pseudo(t)}, Amount: 1000})
	cs, _ := submitJSON(t, as(t, "CourtMSP", "clerk1"), enforcementapi.OpenCase, string(req))
	submitJSON(t, as(t, "CourtMSP", "officer1"), enforcementapi.Activate, cs.Number, pseudo(t))
	logTerminationConditions(t, cs.Number)

	for _, tc := range []struct {
		name     string
		org, who string
		fn       api.Function
		args     func() []string
		at       time.Time
	}{
		{"anchoring backdated 400 days", "CourtMSP", "clerk1", evidenceapi.Anchor.Function, func() []string { return []string{anchor()} }, now.AddDate(0, 0, -400)},
		{"anchoring postdated an hour", "CourtMSP", "clerk1", evidenceapi.Anchor.Function, func() []string { return []string{anchor()} }, now.Add(time.Hour)},
		{"filing backdated past its review period", "CourtMSP", "clerk1", mediationapi.SubmitFiling.Function, func() []string { return []string{filing()} }, now.AddDate(0, 0, -8)},
		{"termination postdated", "CourtMSP", "judge1", enforcementapi.Terminate.Function, func() []string { return []string{cs.Number, "no property", pseudo(t)} }, now.AddDate(0, 4, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := submitted(t, forged(t, tc.org, tc.who, tc.at, tc.fn, tc.args()...))
			require.Error(t, err)
			said := peersSaid(err)
			require.Contains(t, said, "the proposal's timestamp")
			require.Contains(t, said, "refusing to endorse "+string(tc.fn))

			require.NoError(t, submitted(t, forged(t, tc.org, tc.who, time.Now(), tc.fn, tc.args()...)), "the same call made now")
		})
	}
	final := evaluateJSON(t, as(t, "CourtMSP", "auditor"), enforcementapi.GetCase, cs.Number)
	require.Equal(t, cases.Terminated, final.State, "terminated by the call made now")
}

// Each org's chaincode server accepts only its own peers: a connection
// without a client certificate, with one another org's CA issued, with a
// member's enrolment certificate from its own CA (a clerk's, a bank
// officer's: no extended key usage, which Go would take for a client
// certificate) or with another TLS client certificate of its own CA (the
// org admin's) is refused; the certificate its peers present is accepted.
// A connection the server took for a peer could ask the chaincode for the
// pseudonym of any ID number, or feed it a pseudonym key of its own.
func TestChaincodeServersAcceptOnlyTheirOrgsPeers(t *testing.T) {
	orgs := filepath.Join(repoRoot, "network", "run", "orgs")
	pool := func(org string) *x509.CertPool {
		p := x509.NewCertPool()
		pem, err := os.ReadFile(filepath.Join(orgs, org, "tls-ca.pem"))
		require.NoError(t, err)
		require.True(t, p.AppendCertsFromPEM(pem))
		return p
	}
	clientCert := func(org string) []tls.Certificate {
		dir := filepath.Join(orgs, org, "users", "ccpeer", "tls")
		cert, err := tls.LoadX509KeyPair(filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key"))
		require.NoError(t, err)
		return []tls.Certificate{cert}
	}
	adminTLS := func(org string) []tls.Certificate {
		dir := filepath.Join(orgs, org, "users", "admin", "tls")
		cert, err := tls.LoadX509KeyPair(filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key"))
		require.NoError(t, err)
		return []tls.Certificate{cert}
	}
	enrolment := func(org, name string) []tls.Certificate {
		msp := filepath.Join(orgs, org, "users", name, "msp")
		keys, err := filepath.Glob(filepath.Join(msp, "keystore", "*_sk"))
		require.NoError(t, err)
		require.Len(t, keys, 1, "%s's key", name)
		cert, err := tls.LoadX509KeyPair(filepath.Join(msp, "signcerts", "cert.pem"), keys[0])
		require.NoError(t, err)
		return []tls.Certificate{cert}
	}
	members := map[string]string{"court": "clerk1", "mediation": "mediator1", "credit": "bank1"}
	// dial reports whether the server kept the connection: a refused
	// client certificate comes back as a TLS alert on the first read (TLS
	// 1.3 finishes the client's handshake first), an accepted one waits
	// for the peer's HTTP/2 preface until the read times out.
	dial := func(server, org string, certs []tls.Certificate) error {
		conn, err := tls.Dial("tcp", "127.0.0.1:"+map[string]string{"court": "9999", "mediation": "9998", "credit": "9997"}[server],
			&tls.Config{RootCAs: pool(server), ServerName: "chaincode", Certificates: certs, NextProtos: []string{"h2"}})
		if err != nil {
			return err
		}
		defer conn.Close()
		conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		_, err = conn.Read(make([]byte, 1))
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return nil
		}
		return err
	}
	for _, server := range []string{"court", "mediation", "credit"} {
		require.Error(t, dial(server, server, nil), "%s's server, no client certificate", server)
		other := map[string]string{"court": "credit", "mediation": "court", "credit": "mediation"}[server]
		require.Error(t, dial(server, other, clientCert(other)), "%s's server, %s's certificate", server, other)
		require.Error(t, dial(server, server, enrolment(server, members[server])), "%s's server, %s's enrolment certificate", server, members[server])
		require.Error(t, dial(server, server, adminTLS(server)), "%s's server, its admin's TLS certificate", server)
		require.NoError(t, dial(server, server, clientCert(server)), "%s's server, its own peers' certificate", server)
	}
}

// No other local user reads the network's secrets (review of 2026-12-08,
// issue 25 item 3): as the user nobody, no file under the run folder
// opens (keys, CA databases and configurations, chaincode packages with
// the peers' client key, registrar secrets), and no process's command
// line, which every local user reads in /proc, holds a CA registrar's
// secret; nor does the configuration Fabric CA wrote, which kept the
// bootstrap identity's password in clear.
func TestNoOtherLocalUserReadsTheNetworksSecrets(t *testing.T) {
	run := network.RunDir
	info, err := os.Stat(run)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), info.Mode().Perm(), "the run folder is the owner's alone")
	var open []string
	err = filepath.WalkDir(run, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.Type()&os.ModeSymlink != 0 {
			return err
		}
		if fi, err := d.Info(); err == nil && fi.Mode().Perm()&0o077 != 0 {
			open = append(open, fmt.Sprintf("%s %s", fi.Mode().Perm(), strings.TrimPrefix(path, run+"/")))
		}
		return nil
	})
	require.NoError(t, err)
	require.Empty(t, open, "written with group or other permissions (a network made by older scripts: make network-clean)")

	if os.Geteuid() == 0 {
		// find lists on its standard output what nobody can read; the
		// folders it may not enter it reports on its error output.
		readable := func(path string) string {
			out, _ := exec.Command("runuser", "-u", "nobody", "--", "find", path, "-readable", "-type", "f").Output()
			return strings.TrimSpace(string(out))
		}
		readme := filepath.Join(repoRoot, "README.md")
		require.Equal(t, readme, readable(readme), "the check works: nobody reads the README")
		require.Empty(t, readable(run), "files the user nobody can read")
	} else {
		t.Log("not root: the check as the user nobody is left to CI; the permissions above hold")
	}

	secrets, err := filepath.Glob(filepath.Join(run, "ca", "*", "registrar.secret"))
	require.NoError(t, err)
	require.NotEmpty(t, secrets)
	cmdlines, err := filepath.Glob("/proc/[0-9]*/cmdline")
	require.NoError(t, err)
	for _, file := range secrets {
		secret, err := os.ReadFile(file)
		require.NoError(t, err)
		require.NotEmpty(t, secret)
		for _, c := range cmdlines {
			line, err := os.ReadFile(c)
			if err != nil {
				continue // the process ended
			}
			require.NotContains(t, string(line), string(secret), "%s holds the secret of %s", c, file)
		}
		config, err := os.ReadFile(filepath.Join(filepath.Dir(file), "fabric-ca-server-config.yaml"))
		require.NoError(t, err)
		require.NotContains(t, string(config), string(secret), "the CA's configuration")
	}
}
