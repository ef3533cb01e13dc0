package ledgertest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// Run runs fn as one transaction by who and commits it if fn succeeds.
func Run[T any](l *Ledger, who Identity, fn func(*Tx) (T, error)) (T, error) {
	tx := l.Tx(who)
	v, err := fn(tx)
	if err == nil {
		tx.Commit()
	}
	return v, err
}

// Must is Run for a step that has to succeed.
func Must[T any](t testing.TB, l *Ledger, who Identity, fn func(*Tx) (T, error)) T {
	t.Helper()
	v, err := Run(l, who, fn)
	require.NoError(t, err)
	return v
}

// Hex is the SHA-256 of s in hex: a digest, or a pseudonym, that tests
// can name.
func Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// JSON marshals a request.
func JSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
