package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/stretchr/testify/require"
)

// The committed client methods and their test rows are what the
// declarations make: a function added, renamed or changed in chaincode/api
// fails here until `go generate ./gateway-client/internal/clientgen` is
// run.
func TestGeneratedClientsAreCurrent(t *testing.T) {
	caps := api.Capabilities()
	require.NotEmpty(t, caps)
	for _, c := range caps {
		methods, rows, err := Generate("../../..", c)
		require.NoError(t, err, c.Name)
		for path, want := range map[string][]byte{Path("", c): methods, filepath.Join(filepath.Dir(Path("", c)), TestFile): rows} {
			got, err := os.ReadFile(filepath.Join("../../..", path))
			require.NoError(t, err, c.Name)
			require.Equal(t, string(want), string(got), "%s is out of date: run go generate ./gateway-client/internal/clientgen", path)
		}
	}
}

// A method is called what the function's declaration is, and one the
// client package writes by hand is not made again.
func TestDeclarationNamesAndHandWrittenMethods(t *testing.T) {
	decls, err := declarations("../../../chaincode/api/evidence")
	require.NoError(t, err)
	require.Equal(t, "RecordService", decls[evidenceapi.RecordService.Function])
	require.Equal(t, "Anchor", decls[evidenceapi.Anchor.Function])
	own, err := handWritten("../../evidence")
	require.NoError(t, err)
	require.True(t, own["AnchorBatch"], "the evidence client builds the Merkle tree itself")
	require.False(t, own["Show"])
	require.Equal(t, "caseNumber", paramName("case"))
	require.Equal(t, "typeArg", paramName("type"))
}
