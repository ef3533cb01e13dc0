package kernel

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// MintID makes a record's identifier the way every endorser computes the
// same one: prefix, the transaction's date (UTC, YYYYMMDD), "-" and the
// first n bytes of SHA-256 of seed in upper-case hex. The seed must make
// the ID unique: the transaction ID for records a transaction creates one
// of, or what the record is about (a digest is anchored once).
func MintID(prefix string, at time.Time, seed string, n int) string {
	h := sha256.Sum256([]byte(seed))
	return prefix + at.UTC().Format("20060102") + "-" + strings.ToUpper(hex.EncodeToString(h[:n]))
}
