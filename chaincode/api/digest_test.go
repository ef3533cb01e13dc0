package api_test

import (
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/stretchr/testify/require"
)

func TestShortNeverRepeatsAnIDNumberOrCreditCode(t *testing.T) {
	for _, s := range []string{
		"11010519491231002X", "110105491231002", "440524188001010014",
		"id 11010519491231002X please", "x11010519491231002Xy", "91350100M000100Y43",
		"1101051949123100212345",
	} {
		got := api.Short(s)
		require.NotContains(t, got, "1101051949", s)
		require.NotContains(t, got, "M000100", s)
		require.Contains(t, got, "characters, not shown", s)
	}
	for _, s := range []string{
		"EV20260105-0123456789ABCDEF0123456789ABCDEF", "(2026)J执0A1B2C3D4E号", "FL20261124-00A1B2C3D4E5F607",
		"electronic_evidence", strings.Repeat("ab", 32),
	} {
		require.NotContains(t, api.Short(s), "not shown", s)
	}
	require.Equal(t, strings.Repeat("执", 40)+"...", api.Short(strings.Repeat("执", 50)), "cut on characters, not bytes")
}

func TestNormaliseDigestIsTheOneRule(t *testing.T) {
	d, err := api.NormaliseDigest("claim", " "+strings.Repeat("AB", 32)+" ")
	require.NoError(t, err)
	require.Equal(t, strings.Repeat("ab", 32), d)
	for _, bad := range []struct{ in, want string }{
		{"", "claim is missing"},
		{"abc", "got 3 characters"},
		{strings.Repeat("zz", 32), "not hexadecimal"},
	} {
		_, err := api.NormaliseDigest("claim", bad.in)
		require.ErrorContains(t, err, bad.want)
		require.True(t, api.Is(err, api.CodeInvalid))
	}
	for in, want := range map[string]string{"SHA-256": api.SHA256, "sha256": api.SHA256, " SM3 ": api.SM3} {
		got, err := api.NormaliseAlgorithm(in)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	_, err = api.NormaliseAlgorithm("md5")
	require.ErrorContains(t, err, `unknown digest algorithm "md5"`)
}

func TestCodesTravelAtTheEndOfMessages(t *testing.T) {
	err := &api.Error{Code: api.CodeState, Message: "case X is concluded"}
	require.Equal(t, "case X is concluded [state]", err.Error())
	wrapped := "chaincode response 500, enforcing: " + err.Error()
	require.Equal(t, api.CodeState, api.CodeOf(wrapped))
	require.Equal(t, "chaincode response 500, enforcing: case X is concluded", api.StripCode(wrapped))
	require.Equal(t, api.Code(""), api.CodeOf("no code here [Not A Code]"))
	require.Equal(t, "plain", api.StripCode("plain"))
}
