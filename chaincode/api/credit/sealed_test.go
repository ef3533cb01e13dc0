package credit_test

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"testing"

	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/stretchr/testify/require"
)

func TestSealOpensOnlyWithTheOneTimeKey(t *testing.T) {
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(t, err)
	secret := []byte(`{"name":"张三","idNumber":"11010519491231002X"}`)
	sealed, err := creditapi.Seal(key.PublicKey().Bytes(), "CR1", secret, rand.Reader)
	require.NoError(t, err)
	require.False(t, bytes.Contains(sealed.Ciphertext, []byte("11010519491231002X")))
	plain, err := creditapi.Open(key, sealed)
	require.NoError(t, err)
	require.Equal(t, secret, plain)

	other, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(t, err)
	_, err = creditapi.Open(other, sealed)
	require.ErrorContains(t, err, "does not open with this key")
	moved := *sealed
	moved.Listing = "CR2"
	_, err = creditapi.Open(key, &moved)
	require.ErrorContains(t, err, "does not open with this key", "the listing is bound in")
	altered := *sealed
	altered.Ciphertext = append([]byte(nil), sealed.Ciphertext...)
	altered.Ciphertext[0] ^= 1
	_, err = creditapi.Open(key, &altered)
	require.Error(t, err)
	_, err = creditapi.Seal([]byte("short"), "CR1", secret, rand.Reader)
	require.ErrorContains(t, err, "must be 32 bytes of X25519")
}
