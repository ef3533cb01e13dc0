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
		// As people write them (review of 2026-12-08): grouped by spaces,
		// hyphens or dots, a lower-case check character, a lower-case or
		// padded credit code.
		"110105 19491231 002X", "110105-19491231-002x", "id: 110105.1949.1231.002X.", "110105 491231 002",
		"91350100m000100y43", "code: 91350100M000100Y43 ", "\t91350100m000100y43\n",
	} {
		got := api.Short(s)
		for _, part := range []string{"1101051949", "19491231", "M000100", "m000100", "491231"} {
			require.NotContains(t, got, part, s)
		}
		require.Contains(t, got, "characters, not shown", s)
	}
	for _, s := range []string{
		"EV20260105-0123456789ABCDEF0123456789ABCDEF", "(2026)J执0A1B2C3D4E号", "FL20261124-00A1B2C3D4E5F607",
		"electronic_evidence", strings.Repeat("ab", 32), "2026-01-05T09:00:01Z", "(2026)京0491民初1号", "case 2026 J0491 1",
		"amount 100000 fen due 2026-01-05",
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
