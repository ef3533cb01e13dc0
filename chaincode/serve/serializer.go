package serve

import (
	"reflect"

	"github.com/hyperledger/fabric-contract-api-go/v2/metadata"
	"github.com/hyperledger/fabric-contract-api-go/v2/serializer"
)

// Serializer is contractapi's JSON serializer without the check of return
// values against their JSON schema. Arguments, which come from outside,
// are still checked. Return values are built by the contracts' own typed Go
// code, so checking them proves nothing the compiler has not, and the check
// (gojsonschema on every response) cost a tenth of the anchoring throughput
// at 64 clients (docs/performance.md).
type Serializer struct {
	serializer.JSONSerializer
}

// ToString serializes a return value as JSON.
func (s *Serializer) ToString(v reflect.Value, t reflect.Type, _ *metadata.ReturnMetadata, c *metadata.ComponentMetadata) (string, error) {
	return s.JSONSerializer.ToString(v, t, nil, c)
}
