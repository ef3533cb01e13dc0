package ledgertest_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/stretchr/testify/require"
)

// A copy is a ledger of its own: what runs on it leaves the original as
// it was.
func TestCloneIsIndependent(t *testing.T) {
	l := ledgertest.New()
	tx := l.Tx(ledgertest.Clerk)
	require.NoError(t, tx.Stub.PutState("a", []byte("1")))
	require.NoError(t, tx.Stub.PutPrivateData("coll", "p", []byte("x")))
	tx.Commit()

	c := l.Clone()
	require.NotEqual(t, l.Channel, c.Channel)
	ctx := c.Tx(ledgertest.Clerk)
	require.NoError(t, ctx.Stub.PutState("a", []byte("2")))
	require.NoError(t, ctx.Stub.PutState("b", []byte("3")))
	require.NoError(t, ctx.Stub.PurgePrivateData("coll", "p"))
	ctx.Commit()

	require.Equal(t, map[string][]byte{"a": []byte("1")}, l.State)
	require.Equal(t, []byte("x"), l.Private["coll"]["p"])
	require.Equal(t, []byte("2"), c.State["a"])
	require.Empty(t, c.Private["coll"])
}

// Fuzz fails a refused transaction that wrote anything, and commits an
// accepted one.
func TestFuzzFailsARefusalThatWrote(t *testing.T) {
	l := ledgertest.New()
	ft := &recorder{TB: t}
	_, err := ledgertest.Fuzz(ft, l, ledgertest.Clerk, func(tx *ledgertest.Tx) (bool, error) {
		if err := tx.Stub.PutState("half", []byte{1}); err != nil {
			return false, err
		}
		return false, fmt.Errorf("refused after a write")
	})
	require.Error(t, err)
	require.Contains(t, ft.failed, `refused with "refused after a write", yet wrote state "half"`)
	require.Empty(t, l.State)

	ft = &recorder{TB: t}
	_, err = ledgertest.Fuzz(ft, l, ledgertest.Clerk, func(tx *ledgertest.Tx) (bool, error) {
		return true, tx.Stub.PutState("whole", []byte{1})
	})
	require.NoError(t, err)
	require.Empty(t, ft.failed)
	require.Equal(t, []byte{1}, l.State["whole"])
}

// recorder keeps what Fatalf says instead of stopping the test.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }
func (r *recorder) Helper()                           {}

// Every fuzz target of the chaincode and the client runs in CI: make fuzz has a line for
// it, and it has a committed seed corpus.
func TestEveryFuzzTargetRunsInCI(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	makefile, err := os.ReadFile(filepath.Join(root, "Makefile"))
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(root, "chaincode", "*", "*_test.go"))
	require.NoError(t, err)
	client, err := filepath.Glob(filepath.Join(root, "gateway-client", "*", "*_test.go"))
	require.NoError(t, err)
	files = append(files, client...)
	found := 0
	for _, f := range files {
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		require.NoError(t, err)
		pkg := "./" + filepath.ToSlash(must(filepath.Rel(root, filepath.Dir(f))))
		for _, d := range parsed.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Fuzz") {
				continue
			}
			found++
			line := regexp.MustCompile(`(?m)^\t@\$\(call fuzz1,` + fn.Name.Name + `,` + regexp.QuoteMeta(pkg) + `\)$`)
			require.Regexp(t, line, string(makefile), "make fuzz does not run %s in %s", fn.Name.Name, pkg)
			corpus, _ := filepath.Glob(filepath.Join(filepath.Dir(f), "testdata", "fuzz", fn.Name.Name, "*"))
			require.NotEmpty(t, corpus, "%s in %s has no committed seed corpus", fn.Name.Name, pkg)
		}
	}
	require.NotZero(t, found)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
