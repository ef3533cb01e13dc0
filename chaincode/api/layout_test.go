package api_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	_ "github.com/courtchain/judicial/chaincode/api/capabilities"
	"github.com/stretchr/testify/require"
)

// These tests hold the layout the project depends on: the wire contract
// is the only part of the chaincode the client sees, and capabilities
// are siblings over the kernel.

const module = "github.com/courtchain/judicial/"

func repoRoot(t *testing.T) string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return root
}

func deps(t *testing.T, pattern string) []string {
	cmd := exec.Command("go", "list", "-deps", pattern)
	cmd.Dir = repoRoot(t)
	out, err := cmd.Output()
	require.NoError(t, err, "go list -deps %s", pattern)
	return strings.Fields(string(out))
}

func TestTheClientSeesOnlyTheWireContract(t *testing.T) {
	for _, p := range deps(t, "./gateway-client/...") {
		if strings.HasPrefix(p, module+"chaincode/") {
			require.True(t, strings.HasPrefix(p, module+"chaincode/api"), "the client depends on %s", p)
		}
	}
	for _, p := range deps(t, "./gateway-client/cmd/judicial") {
		require.NotContains(t, p, "fabric-contract-api-go", "the CLI links the contract API")
		require.NotContains(t, p, "fabric-chaincode-go", "the CLI links the chaincode shim")
	}
}

func TestTheWireContractIsFabricFree(t *testing.T) {
	for _, p := range deps(t, "./chaincode/api/...") {
		require.NotContains(t, p, "hyperledger", "chaincode/api depends on %s", p)
	}
}

// capabilities are the packages that serve a contract, as the registry
// names them; they may import the kernel and the shared record stores,
// never one another.
func capabilities(t *testing.T) []string {
	var out []string
	for _, c := range api.Capabilities() {
		out = append(out, c.Name)
	}
	require.NotEmpty(t, out, "no capability registered: the api packages are not imported")
	return out
}

func TestCapabilitiesAreSiblings(t *testing.T) {
	root := repoRoot(t)
	capabilities := capabilities(t)
	for _, c := range capabilities {
		files, err := filepath.Glob(filepath.Join(root, "chaincode", c, "*.go"))
		require.NoError(t, err)
		require.NotEmpty(t, files, c)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			require.NoError(t, err)
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				for _, other := range capabilities {
					require.NotEqual(t, module+"chaincode/"+other, path, "%s imports capability %s", f, other)
				}
			}
		}
	}
}

// A function name in the client is a constant of this package, so that a
// renamed function breaks the build instead of a call at run time.
func TestNoFunctionNameLiteralsInTheClient(t *testing.T) {
	names := map[string]bool{}
	for _, s := range api.Specs() {
		names[string(s.Function)] = true
	}
	require.NotEmpty(t, names)
	root := filepath.Join(repoRoot(t), "gateway-client")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && names[s] {
				t.Errorf("%s: function name %q as a literal; use its chaincode/api constant", fset.Position(lit.Pos()), s)
			}
			return true
		})
		return nil
	})
	require.NoError(t, err)
}
