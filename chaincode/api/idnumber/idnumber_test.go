package idnumber_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/stretchr/testify/require"
)

// 11010519491231002X is the standard's worked example: weighted sum 167,
// 167 mod 11 = 2, check character X.
const example = "11010519491231002X"

func TestValidate(t *testing.T) {
	require.NoError(t, idnumber.Validate(example))
	require.NoError(t, idnumber.Validate("440524188001010014"))
	for _, bad := range []struct{ id, want string }{
		{"110105194912310021", "fails the GB 11643 check character"},
		{"11010519491231002", "18 characters"},
		{"1101051949123100XX", "first 17 characters"},
		{"11010519491231002x", "fails the GB 11643 check character"}, // not normalised
	} {
		err := idnumber.Validate(bad.id)
		require.ErrorContains(t, err, bad.want, bad.id)
		require.NotContains(t, err.Error(), bad.id[:10], "errors never repeat the number")
	}
}

// Every single-digit change is caught: the weights are all non-zero mod 11.
func TestCheckCharacterCatchesEverySingleDigitTypo(t *testing.T) {
	for i := 0; i < 17; i++ {
		for d := byte('0'); d <= '9'; d++ {
			if d == example[i] {
				continue
			}
			typo := []byte(example)
			typo[i] = d
			require.Error(t, idnumber.Validate(string(typo)), "position %d digit %c", i, d)
		}
	}
}

func TestPseudonym(t *testing.T) {
	key := bytes.Repeat([]byte{7}, idnumber.KeySize)
	p, err := idnumber.Pseudonym(key, example)
	require.NoError(t, err)
	require.Len(t, p, 64)
	same, err := idnumber.Pseudonym(key, " "+strings.ToLower(example)+" ")
	require.NoError(t, err)
	require.Equal(t, p, same, "normalised first")
	other, err := idnumber.Pseudonym(bytes.Repeat([]byte{8}, idnumber.KeySize), example)
	require.NoError(t, err)
	require.NotEqual(t, p, other, "keyed")
	_, err = idnumber.Pseudonym(key[:5], example)
	require.ErrorContains(t, err, "must be 32 bytes")
	_, err = idnumber.Pseudonym(key, "110105194912310021")
	require.Error(t, err)
}
