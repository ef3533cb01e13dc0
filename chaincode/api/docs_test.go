package api_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The docs say which test proves a claim (docs/security.md's third
// column, docs/reliability.md's targets): a test renamed or removed
// leaves a claim with nothing behind it, so every test the docs name must
// exist.
func TestTheDocsNameTestsThatExist(t *testing.T) {
	root := repoRoot(t)
	declared := map[string]bool{}
	funcTest := regexp.MustCompile(`(?m)^func (Test\w+)\(`)
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || strings.HasPrefix(path, filepath.Join(root, "network", "run"))) {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range funcTest.FindAllStringSubmatch(string(src), -1) {
			declared[m[1]] = true
		}
		return nil
	})
	require.NoError(t, err)
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	require.NoError(t, err)
	named := regexp.MustCompile("`(?:[\\w./]+\\.)?(Test[A-Z]\\w*)`")
	for _, doc := range append(docs, filepath.Join(root, "README.md")) {
		text, err := os.ReadFile(doc)
		require.NoError(t, err)
		for _, m := range named.FindAllStringSubmatch(string(text), -1) {
			require.True(t, declared[m[1]], "%s names %s, which no test file declares", filepath.Base(doc), m[1])
		}
	}
}
