package serve

import (
	"reflect"

	"github.com/hyperledger/fabric-contract-api-go/v2/metadata"
	"github.com/hyperledger/fabric-contract-api-go/v2/serializer"
)

// Serializer is contractapi's JSON serializer without the checks that
// prove nothing: of return values against their JSON schema, and of text
// arguments against theirs. Return values are built by the contracts' own
// typed Go code, so checking them proves nothing the compiler has not, and
// the check (gojsonschema on every response) cost a tenth of the anchoring
// throughput at 64 clients (docs/performance.md). A text argument's schema
// is {"type": "string"}, which every argument Fabric passes meets: the
// transaction boundary bounds its length from the function's declaration,
// and the function checks its form (a digest, a case number) or decodes
// it strictly (a JSON request). Other arguments, numbers and lists, are
// still checked.
type Serializer struct {
	serializer.JSONSerializer
}

// FromString reads an argument: text as it is, anything else as
// contractapi's serializer does.
func (s *Serializer) FromString(param string, t reflect.Type, p *metadata.ParameterMetadata, c *metadata.ComponentMetadata) (reflect.Value, error) {
	if t.Kind() == reflect.String {
		return reflect.ValueOf(param).Convert(t), nil
	}
	return s.JSONSerializer.FromString(param, t, p, c)
}

// ToString serializes a return value as JSON.
func (s *Serializer) ToString(v reflect.Value, t reflect.Type, _ *metadata.ReturnMetadata, c *metadata.ComponentMetadata) (string, error) {
	return s.JSONSerializer.ToString(v, t, nil, c)
}
