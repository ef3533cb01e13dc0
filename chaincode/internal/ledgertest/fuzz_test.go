package ledgertest_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
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

// Every fuzz target of the chaincode and the client has a committed seed
// corpus, which the unit tests run. make fuzz runs every target it finds
// (network/scripts/fuzz.sh lists them with go test -list), so none needs
// a line of its own.
func TestEveryFuzzTargetHasACorpus(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	var files []string
	for _, dir := range []string{"chaincode", "gateway-client"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if err == nil && strings.HasSuffix(path, "_test.go") {
				files = append(files, path)
			}
			return err
		})
		require.NoError(t, err)
	}
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
