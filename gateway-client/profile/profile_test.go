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

func TestKeystoreFolderAndRelativePaths(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "users/u/keystore/abc_sk", "key")
	path := write(t, dir, "p.json", `{"channel":"c","chaincode":"cc","organizations":{"A":{
		"peers":[{"name":"p0","endpoint":"127.0.0.1:1","tlsCACert":"ca.pem"},{"name":"p1","endpoint":"127.0.0.1:2","tlsCACert":"/abs/ca.pem"}],
		"identities":{"u":{"cert":"users/u/cert.pem","key":"users/u/keystore"}}}}}`)
	p, err := profile.Load(path)
	require.NoError(t, err)
	org, _ := p.Org("A")
	peer, err := org.Peer("p1")
	require.NoError(t, err)
	require.Equal(t, "/abs/ca.pem", peer.TLSCACert)
	id, err := org.Identity("u")
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, "users/u/cert.pem"), id.Cert)
	key, err := id.KeyFile()
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, "users/u/keystore/abc_sk"), key)

	write(t, dir, "users/u/keystore/def_sk", "key2")
	_, err = id.KeyFile()
	require.ErrorContains(t, err, "holds 2 files")

	_, err = org.Peer("p9")
	require.ErrorContains(t, err, `peer "p9" is not in organization A; it has [p0 p1]`)
	_, err = org.Identity("judge9")
	require.ErrorContains(t, err, `identity "judge9" is not in organization A; it has [u]`)
	_, err = p.Org("B")
	require.ErrorContains(t, err, `organization "B" is not in`)
}

func TestInvalidProfiles(t *testing.T) {
	cases := map[string]string{
		`{`: "unexpected EOF",
		`{"chaincode":"cc","organizations":{"A":{}}}`:                                                    `"channel" is missing`,
		`{"channel":"c","organizations":{"A":{}}}`:                                                       `"chaincode" is missing`,
		`{"channel":"c","chaincode":"cc"}`:                                                               `"organizations" is empty`,
		`{"channel":"c","chaincode":"cc","organizations":{"A":{}}}`:                                      "organization A has no peers",
		`{"channel":"c","chaincode":"cc","chanel":"x"}`:                                                  `unknown field "chanel"`,
		`{"channel":"c","chaincode":"cc","organizations":{"A":{"peers":[{"name":"p"}]}}}`:                `peer "p" has no endpoint`,
		`{"channel":"c","chaincode":"cc","organizations":{"A":{"peers":[{"name":"p","endpoint":"e"}]}}}`: `peer "p" has no tlsCACert`,
		`{"channel":"c","chaincode":"cc","organizations":{"A":{"peers":[{"name":"p","endpoint":"e","tlsCACert":"x"}],"identities":{"u":{"cert":"c"}}}}}`: `identity "u" needs both cert and key`,
	}
	for body, want := range cases {
		path := write(t, t.TempDir(), "p.json", body)
		_, err := profile.Load(path)
		require.ErrorContains(t, err, want, body)
		require.ErrorContains(t, err, path, "the error names the file")
	}
	_, err := profile.Load(filepath.Join(t.TempDir(), "missing.json"))
	require.ErrorContains(t, err, "no such file")
}
