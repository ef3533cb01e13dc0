// Package input checks what callers send the contracts: strict JSON
// requests, pseudonyms, digests, amounts and bounded text, with errors
// that name the field, carry api.CodeInvalid and never echo more than a
// short prefix of what was sent (it may be personal data).
package input

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/courtchain/judicial/chaincode/api"
)

func invalid(format string, args ...any) error {
	return &api.Error{Code: api.CodeInvalid, Message: fmt.Sprintf(format, args...)}
}

// Decode decodes a JSON request, refusing unknown fields (a typo must not
// silently drop data) and trailing data.
func Decode(s string, v any) error {
	if strings.TrimSpace(s) == "" {
		return invalid("empty request: send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return invalid("not a valid JSON request: %v", err)
	}
	if dec.More() {
		return invalid("not a valid JSON request: data after the object")
	}
	return nil
}

var pseudonym = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Pseudonym checks that p is a pseudonym: 64 lower-case hex characters
// (HMAC-SHA256 of the normalised ID number), never a name or ID number.
// The error does not repeat the value: it may be the ID number itself.
func Pseudonym(field, p string) error {
	if !pseudonym.MatchString(p) {
		return invalid("%s is not a pseudonym (64 lower-case hex characters; got %d characters); names and ID numbers never go on the ledger", field, len(p))
	}
	return nil
}

// Digest checks *d by the one digest rule (api.NormaliseDigest) and
// stores it normalised: lower-case hex.
func Digest(field string, d *string) error {
	n, err := api.NormaliseDigest(field, *d)
	if err != nil {
		return err
	}
	*d = n
	return nil
}

// Digests checks each digest of a list, naming it field[i].
func Digests(field string, ds []string) error {
	for i := range ds {
		if err := Digest(fmt.Sprintf("%s[%d]", field, i), &ds[i]); err != nil {
			return err
		}
	}
	return nil
}

// MaxAmount bounds one amount in fen (10^15 fen is 10 trillion yuan), so
// sums of a few thousand amounts cannot overflow int64.
const MaxAmount int64 = 1_000_000_000_000_000

// Amount checks a positive amount in fen.
func Amount(field string, a int64) error {
	if a <= 0 {
		return invalid("%s must be a positive amount in fen, got %d", field, a)
	}
	if a > MaxAmount {
		return invalid("%s %d fen is above the limit of %d fen", field, a, MaxAmount)
	}
	return nil
}

// Payment checks a reported payment: a positive amount in fen and the
// digest of its proof, which it normalises.
func Payment(amount int64, proof *string) error {
	if err := Amount("amount", amount); err != nil {
		return err
	}
	return Digest("proof", proof)
}

// Text checks free text: valid UTF-8, at most max bytes, and not blank
// when required.
func Text(field, s string, max int, required bool) error {
	switch {
	case required && strings.TrimSpace(s) == "":
		return invalid("%s is required", field)
	case len(s) > max:
		return invalid("%s is %d bytes long; at most %d", field, len(s), max)
	case !utf8.ValidString(s):
		return invalid("%s is not valid UTF-8", field)
	}
	return nil
}

// Short cuts s for an error message.
func Short(s string) string { return api.Short(s) }
