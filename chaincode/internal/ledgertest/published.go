package ledgertest

import (
	"reflect"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/stretchr/testify/require"
)

// RequirePublished checks a contract against its declarations in
// chaincode/api: every transaction function it serves is declared in
// namespace, takes the transaction and the declared arguments in order,
// each of the Go type its form arrives as (an integer of the declared
// width, a boolean, or a string), and every function declared in
// namespace is served. So the contract cannot drift from docs/api.md or
// from the clients made from the declarations.
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
		require.True(t, ok, "%s is served but not declared", fn)
		require.Equal(t, reflect.TypeFor[*kernel.Tx](), m.Type.In(1), "%s takes the transaction (*kernel.Tx) first", fn)
		require.Equal(t, len(spec.Args), m.Type.NumIn()-2, "%s takes %d arguments, its declaration lists %d", fn, m.Type.NumIn()-2, len(spec.Args))
		for j, a := range spec.Args {
			want := a.Type
			if a.Form == api.FormJSON {
				want = reflect.TypeFor[string]()
			}
			require.Equal(t, want, m.Type.In(j+2), "%s: argument %s", fn, a.Name)
		}
		returns := m.Type.NumOut() == 2
		require.Equal(t, spec.Returns != nil, returns, "%s: answers something, or not, as declared", fn)
		if returns {
			require.Equal(t, spec.Returns, m.Type.Out(0), "%s answers the declared type", fn)
		}
		served[m.Name] = true
	}
	for _, s := range api.Specs() {
		if s.Function.Namespace() == namespace {
			require.True(t, served[s.Function.Name()], "%s is declared but not served", s.Function)
		}
	}
	require.NotEmpty(t, served)
}
