// Package input checks what callers send the contracts: strict JSON
// requests and pseudonyms, with errors that name the field and never echo
// more than a short prefix of what was sent (it may be personal data).
package input

import (
	"bytes"
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

// Short cuts s for an error message.
func Short(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}
