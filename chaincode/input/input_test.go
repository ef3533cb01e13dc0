package input_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
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

func TestPartiesAreBoundedAndDistinct(t *testing.T) {
	p := func(i int) string { return fmt.Sprintf("%064x", i) }
	require.NoError(t, input.Parties(input.Group{Field: "creditors", Parties: []string{p(1)}}, input.Group{Field: "debtors", Parties: []string{p(2), p(3)}}))
	require.ErrorContains(t, input.Parties(input.Group{Field: "creditors", Parties: nil}), "creditors: at least one party is required")
	require.ErrorContains(t, input.Parties(input.Group{Field: "creditors", Parties: []string{p(1)}}, input.Group{Field: "debtors", Parties: []string{p(2), p(1)}}),
		"debtors[1] is the same person as creditors[0]")
	require.ErrorContains(t, input.Parties(input.Group{Field: "debtors", Parties: []string{p(2), p(2)}}), "debtors[1] is the same person as debtors[0]")
	many := make([]string, api.MaxParties)
	for i := range many {
		many[i] = p(i + 10)
	}
	require.ErrorContains(t, input.Parties(input.Group{Field: "creditors", Parties: []string{p(1)}}, input.Group{Field: "debtors", Parties: many}),
		"more than 100 parties: 101")
	err := input.Parties(input.Group{Field: "debtors", Parties: []string{"11010519491231002X"}})
	require.ErrorContains(t, err, "debtors[0] is not a pseudonym")
	require.NotContains(t, err.Error(), "1101051949")
}

func TestDigestListsAreBoundedAndDistinct(t *testing.T) {
	d := func(i int) string { return fmt.Sprintf("%064X", i) }
	list := []string{d(1), d(2)}
	require.NoError(t, input.Digests("evidence", list))
	require.Equal(t, strings.ToLower(d(1)), list[0], "stored in lower case")
	require.ErrorContains(t, input.Digests("evidence", []string{d(1), strings.ToLower(d(1))}), "evidence[1] is evidence[0] again")
	long := make([]string, api.MaxDigests+1)
	for i := range long {
		long[i] = d(i)
	}
	require.ErrorContains(t, input.Digests("materials", long), "materials has 51 digests; at most 50")
}

func TestTotalsCannotOverflow(t *testing.T) {
	sum, err := input.Total("the obligations", 1, 2, 3)
	require.NoError(t, err)
	require.EqualValues(t, 6, sum)
	_, err = input.Total("the obligations", input.MaxAmount, 1)
	require.ErrorContains(t, err, "the obligations add up to more than the limit of 1000000000000000 fen")
	_, err = input.Total("the instalments", math.MaxInt64, math.MaxInt64)
	require.ErrorContains(t, err, "add up to more than the limit")
	_, err = input.Total("x", -1)
	require.Error(t, err)
}

func TestTextIsBounded(t *testing.T) {
	require.NoError(t, input.Text("note", "", 10, false))
	require.ErrorContains(t, input.Text("reason", "  ", 10, true), "reason is required")
	require.ErrorContains(t, input.Text("note", strings.Repeat("执", 4), 10, false), "note is 12 bytes long; at most 10")
	require.ErrorContains(t, input.Text("note", "\xff", 10, false), "note is not valid UTF-8")
}
