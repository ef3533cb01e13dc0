package digest_test

import (
	"github.com/courtchain/judicial/chaincode/api"
	"os"
	"path/filepath"
	"testing"

	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/stretchr/testify/require"
)

// Known answers: SHA-256 of "abc" (FIPS 180-4 example) and SM3 of "abc"
// (GB/T 32905-2016, appendix A.1).
func TestKnownAnswers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "abc.txt")
	require.NoError(t, os.WriteFile(path, []byte("abc"), 0o600))

	f, err := digest.HashFile(api.SHA256, path)
	require.NoError(t, err)
	require.Equal(t, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", f.Hex())
	require.EqualValues(t, 3, f.Size)

	f, err = digest.HashFile(api.SM3, path)
	require.NoError(t, err)
	require.Equal(t, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", f.Hex())
}

func TestErrors(t *testing.T) {
	_, err := digest.HashFile("md5", "x")
	require.ErrorContains(t, err, `unknown digest algorithm "md5"`)
	_, err = digest.HashFile(api.SHA256, filepath.Join(t.TempDir(), "missing"))
	require.ErrorContains(t, err, "no such file")
	_, err = digest.HashFile(api.SHA256, t.TempDir())
	require.ErrorContains(t, err, "is a directory")
	require.True(t, digest.LooksLikeDigest("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"))
	require.False(t, digest.LooksLikeDigest("report.pdf"))
}
