// Package input checks what callers send the contracts: strict JSON
// requests and pseudonyms, with errors that name the field and never echo
// more than a short prefix of what was sent (it may be personal data).
package input

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Decode decodes a JSON request, refusing unknown fields (a typo must not
// silently drop data) and trailing data.
func Decode(s string, v any) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("empty request: send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("not a valid JSON request: %w", err)
	}
	if dec.More() {
		return errors.New("not a valid JSON request: data after the object")
	}
	return nil
}

var pseudonym = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Pseudonym checks that p is a pseudonym: 64 lower-case hex characters
// (HMAC-SHA256 of the normalised ID number), never a name or ID number.
// The error does not repeat the value: it may be the ID number itself.
func Pseudonym(field, p string) error {
	if !pseudonym.MatchString(p) {
		return fmt.Errorf("%s is not a pseudonym (64 lower-case hex characters; got %d characters); names and ID numbers never go on the ledger", field, len(p))
	}
	return nil
}

// Digest checks that d is a 64-character lower-case hex digest (SHA-256
// or SM3).
func Digest(field, d string) error {
	if len(d) != 64 {
		return fmt.Errorf("%s must be a 64-character hex digest, got %d characters", field, len(d))
	}
	if _, err := hex.DecodeString(d); err != nil || strings.ToLower(d) != d {
		return fmt.Errorf("%s %q is not lower-case hexadecimal", field, Short(d))
	}
	return nil
}

// MaxAmount bounds one amount in fen (10^15 fen is 10 trillion yuan), so
// sums of a few thousand amounts cannot overflow int64.
const MaxAmount int64 = 1_000_000_000_000_000

// Amount checks a positive amount in fen.
func Amount(field string, a int64) error {
	if a <= 0 {
		return fmt.Errorf("%s must be a positive amount in fen, got %d", field, a)
	}
	if a > MaxAmount {
		return fmt.Errorf("%s %d fen is above the limit of %d fen", field, a, MaxAmount)
	}
	return nil
}

// Short cuts s for an error message.
func Short(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}
