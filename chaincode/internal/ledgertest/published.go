package ledgertest

import (
	"reflect"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/stretchr/testify/require"
)

// RequirePublished checks a contract against the published wire contract
// (package api): every transaction function it serves has a spec in
// namespace with as many arguments, and every spec of namespace has a
// function. So the contract cannot drift from docs/api.md.
func RequirePublished(t testing.TB, contract any, namespace string) {
	t.Helper()
	inherited := map[string]bool{}
	base := reflect.TypeOf(&contractapi.Contract{})
	for i := range base.NumMethod() {
		inherited[base.Method(i).Name] = true
	}
	served := map[string]bool{}
	typ := reflect.TypeOf(contract)
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		if inherited[m.Name] {
			continue
		}
		fn := api.Function(namespace + ":" + m.Name)
		spec, ok := api.Lookup(fn)
		require.True(t, ok, "%s is served but not in the published contract", fn)
		// Receiver and transaction context come first.
		require.Equal(t, len(spec.Args), m.Type.NumIn()-2, "%s takes %d arguments, its spec lists %d", fn, m.Type.NumIn()-2, len(spec.Args))
		served[m.Name] = true
	}
	for _, s := range api.Specs() {
		if s.Function.Namespace() == namespace {
			require.True(t, served[s.Function.Name()], "%s is published but not served", s.Function)
		}
	}
	require.NotEmpty(t, served)
}
