package serve_test

import (
	"reflect"
	"testing"

	"github.com/courtchain/judicial/chaincode/serve"
	"github.com/hyperledger/fabric-contract-api-go/v2/metadata"
	"github.com/stretchr/testify/require"
)

type record struct {
	Number string `json:"number"`
	Note   string `json:"note,omitempty"`
}

func TestSerializerWritesJSONWithoutSchemaCheck(t *testing.T) {
	s := &serve.Serializer{}
	// The plain JSONSerializer would validate against returns.CompiledSchema,
	// which is nil here; this one never looks at it.
	returns := &metadata.ReturnMetadata{}
	v := &record{Number: "EV1"}
	out, err := s.ToString(reflect.ValueOf(v), reflect.TypeOf(v), returns, nil)
	require.NoError(t, err)
	require.JSONEq(t, `{"number":"EV1"}`, out)

	got, err := s.FromString(`{"number":"EV2"}`, reflect.TypeOf(record{}), nil, nil)
	require.NoError(t, err)
	require.Equal(t, record{Number: "EV2"}, got.Interface())
}

// Text arguments are passed as they are: their schema admits every
// string, so the check (gojsonschema on every call) is skipped. Numbers
// are still parsed and checked against theirs.
func TestSerializerPassesTextArgumentsAsTheyAre(t *testing.T) {
	s := &serve.Serializer{}
	text := `{"digest":"ab"} | 中文 \u0000`
	got, err := s.FromString(text, reflect.TypeOf(""), &metadata.ParameterMetadata{Name: "request"}, nil)
	require.NoError(t, err)
	require.Equal(t, text, got.Interface())

	_, err = s.FromString("12x", reflect.TypeOf(0), nil, nil)
	require.Error(t, err, "a number is still parsed")
}
