package capabilities_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	_ "github.com/courtchain/judicial/chaincode/api/capabilities"
)

// Every package below chaincode/api whose source declares a capability
// is registered once this package is imported: one left out would be
// missing from docs/api.md, the typed clients and the keeper's labels.
func TestEveryCapabilityIsRegistered(t *testing.T) {
	var registered []string
	for _, c := range api.Capabilities() {
		registered = append(registered, c.Name)
	}
	sources, err := filepath.Glob(filepath.Join("..", "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	declaring := 0
	for _, f := range sources {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, "_test.go") || !bytes.Contains(src, []byte("api.DeclareCapability(")) {
			continue
		}
		declaring++
		if dir := filepath.Base(filepath.Dir(f)); !slices.Contains(registered, dir) {
			t.Errorf("chaincode/api/%s declares a capability that is not registered: add\n\t_ \"github.com/courtchain/judicial/chaincode/api/%s\"\nto the imports of chaincode/api/capabilities/capabilities.go", dir, dir)
		}
	}
	if declaring == 0 {
		t.Fatal("no package below chaincode/api calls api.DeclareCapability")
	}
}
