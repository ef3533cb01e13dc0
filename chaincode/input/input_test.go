package input_test

import (
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/input"
	"github.com/stretchr/testify/require"
)

func TestDecode(t *testing.T) {
	var v struct {
		A string `json:"a"`
	}
	require.NoError(t, input.Decode(`{"a":"x"}`, &v))
	require.ErrorContains(t, input.Decode(" ", &v), "empty request")
	require.ErrorContains(t, input.Decode(`{"b":1}`, &v), `unknown field "b"`)
	require.ErrorContains(t, input.Decode(`{"a":"x"} {}`, &v), "data after the object")
	require.ErrorContains(t, input.Decode(`{"a":`, &v), "not a valid JSON request")
}

func TestPseudonymNeverEchoesAWholeIDNumber(t *testing.T) {
	require.NoError(t, input.Pseudonym("recipient", strings.Repeat("ab", 32)))
	err := input.Pseudonym("recipient", "11010519491231002X")
	require.ErrorContains(t, err, "recipient is not a pseudonym (64 lower-case hex characters; got 18 characters)")
	require.NotContains(t, err.Error(), "1101051949")
	require.NotContains(t, input.Pseudonym("debtor", "张三").Error(), "张三")
	require.ErrorContains(t, input.Pseudonym("x", strings.Repeat("AB", 32)), "not a pseudonym")
}
