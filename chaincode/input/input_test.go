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
	err := input.Pseudonym("recipient", "110105194912310020张三丰")
	require.ErrorContains(t, err, "recipient: ")
	require.NotContains(t, err.Error(), "张三丰")
	require.ErrorContains(t, input.Pseudonym("x", strings.Repeat("AB", 32)), "not a pseudonym")
}
