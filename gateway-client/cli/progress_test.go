package cli

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// In a pipe, progress is a clean line at each tenth crossed, whether the
// steps come one or a thousand at a time.
func TestProgressInAPipeIsLines(t *testing.T) {
	var err bytes.Buffer
	a := &App{Err: &err}
	for i := 1; i <= 3; i++ {
		a.progress("hashing", i, 3)
	}
	require.Equal(t, "hashing 1/3\nhashing 2/3\nhashing 3/3\n", err.String())

	err.Reset()
	for i := 1000; i <= 25000; i += 1000 {
		a.progress("anchored", min(i+500, 25000), 25000)
	}
	lines := bytes.Count(err.Bytes(), []byte("\n"))
	require.Equal(t, 10, lines, "one line per tenth:\n%s", err.String())
	require.NotContains(t, err.String(), "\r")
	require.Contains(t, err.String(), "anchored 25000/25000\n")

	err.Reset()
	a.JSON = true
	a.progress("hashing", 1, 3)
	require.Empty(t, err.String(), "JSON output stays clean")
}
