package profile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/stretchr/testify/require"
)

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

func TestTestNetworkProfileShipsValid(t *testing.T) {
	p, err := profile.Load(filepath.Join("..", "..", "test-network-config", "profile.json"))
	require.NoError(t, err)
	require.Equal(t, "mychannel", p.Channel)
	require.Equal(t, []string{"Org1MSP", "Org2MSP"}, p.OrgNames())
	org, err := p.Org("Org1MSP")
	require.NoError(t, err)
	peer, err := org.Peer("")
	require.NoError(t, err)
	require.Equal(t, "localhost:7051", peer.Endpoint)
	require.Equal(t, "peer0.org1.example.com", peer.HostOverride)
	require.True(t, filepath.IsAbs(peer.TLSCACert), "relative paths are resolved against the profile's folder")
}

// A profile laid out like fabric-samples' test-network: the client reaches
// the peer on localhost while its TLS certificate names
// peer0.org1.example.com, and cryptogen leaves the key as keystore/priv_sk.
func TestTestNetworkShapedProfile(t *testing.T) {
	dir := t.TempDir()
	org1 := "organizations/peerOrganizations/org1.example.com"
	write(t, dir, org1+"/users/User1@org1.example.com/msp/keystore/priv_sk", "key")
	path := write(t, dir, "profile.json", `{
  "channel": "mychannel",
  "chaincode": "judicial",
  "organizations": {
    "Org1MSP": {
      "peers": [
        {"name": "peer0.org1", "endpoint": "localhost:7051", "hostOverride": "peer0.org1.example.com",
         "tlsCACert": "`+org1+`/tlsca/tlsca.org1.example.com-cert.pem"}
      ],
      "identities": {
        "user1": {"cert": "`+org1+`/users/User1@org1.example.com/msp/signcerts/User1@org1.example.com-cert.pem",
                  "key": "`+org1+`/users/User1@org1.example.com/msp/keystore"}
      }
    }
  }
}`)
	p, err := profile.Load(path)
	require.NoError(t, err)
	require.Equal(t, path, p.Path)
	org, err := p.Org("Org1MSP")
	require.NoError(t, err)
	require.Equal(t, "Org1MSP", org.MSPID)
	require.Equal(t, []string{"peer0.org1"}, org.PeerNames())
	require.Equal(t, []string{"user1"}, org.IdentityNames())

	peer, err := org.Peer("")
	require.NoError(t, err)
	require.Equal(t, "peer0.org1", peer.Name)
	require.Equal(t, "localhost:7051", peer.Endpoint)
	require.Equal(t, "peer0.org1.example.com", peer.HostOverride)
	require.Equal(t, filepath.Join(dir, org1, "tlsca/tlsca.org1.example.com-cert.pem"), peer.TLSCACert)

	id, err := org.Identity("user1")
	require.NoError(t, err)
	key, err := id.KeyFile()
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, org1, "users/User1@org1.example.com/msp/keystore/priv_sk"), key)
}

func TestLookups(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "users/u/keystore/abc_sk", "key")
	path := write(t, dir, "p.json", `{"channel":"c","chaincode":"cc","organizations":{"A":{
		"peers":[{"name":"p0","endpoint":"127.0.0.1:1","tlsCACert":"ca.pem"},{"name":"p1","endpoint":"127.0.0.1:2","tlsCACert":"/abs/ca.pem"}],
		"identities":{"u":{"cert":"users/u/cert.pem","key":"users/u/keystore"},"k":{"cert":"c.pem","key":"k.pem"}}},
		"B":{"peers":[{"name":"b0","endpoint":"[::1]:7051","tlsCACert":"b.pem"}]}}}`)
	p, err := profile.Load(path)
	require.NoError(t, err)
	require.Equal(t, []string{"A", "B"}, p.OrgNames())
	org, err := p.Org("A")
	require.NoError(t, err)

	tests := []struct {
		name    string
		peer    string
		want    string
		wantErr string
	}{
		{name: "default is the first", peer: "", want: "p0"},
		{name: "by name", peer: "p1", want: "p1"},
		{name: "unknown lists the known", peer: "p9", wantErr: `peer "p9" is not in organization A; it has [p0 p1]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := org.Peer(tc.peer)
			if tc.wantErr != "" {
				require.EqualError(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got.Name)
		})
	}

	peer, _ := org.Peer("p1")
	require.Equal(t, "/abs/ca.pem", peer.TLSCACert, "absolute paths are kept")

	id, err := org.Identity("u")
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, "users/u/cert.pem"), id.Cert)
	key, err := id.KeyFile()
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, "users/u/keystore/abc_sk"), key)

	write(t, dir, "users/u/keystore/def_sk", "key2")
	_, err = id.KeyFile()
	require.ErrorContains(t, err, "holds 2 files")

	k, _ := org.Identity("k")
	_, err = k.KeyFile()
	require.ErrorContains(t, err, filepath.Join(dir, "k.pem"))
	require.ErrorIs(t, err, os.ErrNotExist)

	_, err = org.Identity("judge9")
	require.EqualError(t, err, `identity "judge9" is not in organization A; it has [k u]`)
	_, err = p.Org("C")
	require.EqualError(t, err, `organization "C" is not in `+path+`; it has [A B]`)

	_, err = profile.Org{MSPID: "Z"}.Peer("")
	require.EqualError(t, err, "organization Z has no peers", "an org built in code without peers does not panic")
}

func TestInvalidProfiles(t *testing.T) {
	peer := `{"name":"p","endpoint":"127.0.0.1:7051","tlsCACert":"ca.pem"}`
	tests := []struct {
		name, body, want string
	}{
		{"not JSON", `{`, "unexpected EOF"},
		{"misspelt field", `{"channel":"c","chaincode":"cc","chanel":"x"}`, `unknown field "chanel"`},
		{"no channel", `{"chaincode":"cc","organizations":{"A":{}}}`, `"channel" is missing`},
		{"no chaincode", `{"channel":"c","organizations":{"A":{}}}`, `"chaincode" is missing`},
		{"no organizations", `{"channel":"c","chaincode":"cc"}`, `"organizations" is empty`},
		{"org without peers", `{"channel":"c","chaincode":"cc","organizations":{"A":{}}}`, `organizations.A: "peers" is empty`},
		{"first org in name order", `{"channel":"c","chaincode":"cc","organizations":{"B":{},"A":{}}}`, `organizations.A: "peers" is empty`},
		{"peer without name", `{"channel":"c","chaincode":"cc","organizations":{"A":{"peers":[{"endpoint":"e:1"}]}}}`, `organizations.A.peers[0]: "name" is missing`},
		{"peer twice", `{"channel":"c","chaincode":"cc","organizations":{"A":{"peers":[` + peer + `,` + peer + `]}}}`, `organizations.A.peers[1]: name "p" is used twice`},
		{"peer without endpoint", `{"channel":"c","chaincode":"cc","organizations":{"A":{"peers":[{"name":"p"}]}}}`, `organizations.A.peers[0] (p): "endpoint" is missing`},
		{"endpoint without port", `{"channel":"c","chaincode":"cc","organizations":{"A":{"peers":[{"name":"p","endpoint":"localhost7051"}]}}}`, `"endpoint" "localhost7051" is not host:port`},
		{"peer without TLS CA", `{"channel":"c","chaincode":"cc","organizations":{"A":{"peers":[{"name":"p","endpoint":"e:1"}]}}}`, `organizations.A.peers[0] (p): "tlsCACert" is missing`},
		{"identity without key", `{"channel":"c","chaincode":"cc","organizations":{"A":{"peers":[` + peer + `],"identities":{"u":{"cert":"c"}}}}}`, `organizations.A.identities.u: "key" is missing`},
		{"identity without cert", `{"channel":"c","chaincode":"cc","organizations":{"A":{"peers":[` + peer + `],"identities":{"u":{"key":"k"}}}}}`, `organizations.A.identities.u: "cert" is missing`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := write(t, t.TempDir(), "p.json", tc.body)
			_, err := profile.Load(path)
			require.ErrorContains(t, err, tc.want)
			require.ErrorContains(t, err, path, "the error names the file")
		})
	}
	_, err := profile.Load(filepath.Join(t.TempDir(), "missing.json"))
	require.ErrorContains(t, err, "missing.json")
	require.ErrorIs(t, err, os.ErrNotExist)
}
