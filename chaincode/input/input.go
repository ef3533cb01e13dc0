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

// Digests checks a list of at most api.MaxDigests digests, each named
// field[i] in errors, and refuses one given twice.
func Digests(field string, ds []string) error {
	if len(ds) > api.MaxDigests {
		return invalid("%s has %d digests; at most %d", field, len(ds), api.MaxDigests)
	}
	seen := make(map[string]int, len(ds)) // lookup only
	for i := range ds {
		if err := Digest(fmt.Sprintf("%s[%d]", field, i), &ds[i]); err != nil {
			return err
		}
		if j, dup := seen[ds[i]]; dup {
			return invalid("%s[%d] is %s[%d] again", field, i, field, j)
		}
		seen[ds[i]] = i
	}
	return nil
}

// Group is one side of the parties to a filing, judgment or case.
type Group struct {
	Field   string
	Parties []string
}

// Parties checks the sides of a filing, judgment or case: each side has
// at least one party, each party is a pseudonym, no one is on the record
// twice (on one side or both), and all sides together have at most
// api.MaxParties.
func Parties(sides ...Group) error {
	total := 0
	seen := map[string]string{} // lookup only
	for _, side := range sides {
		if len(side.Parties) == 0 {
			return invalid("%s: at least one party is required", side.Field)
		}
		if total += len(side.Parties); total > api.MaxParties {
			return invalid("more than %d parties: %d", api.MaxParties, total)
		}
		for i, p := range side.Parties {
			field := fmt.Sprintf("%s[%d]", side.Field, i)
			if err := Pseudonym(field, p); err != nil {
				return err
			}
			if other, dup := seen[p]; dup {
				return invalid("%s is the same person as %s", field, other)
			}
			seen[p] = field
		}
	}
	return nil
}

// Total adds amounts that become one amount due, and refuses a total
// above MaxAmount: no sum the contracts keep can overflow.
func Total(field string, amounts ...int64) (int64, error) {
	var sum int64
	for _, a := range amounts {
		if a < 0 || a > MaxAmount || sum > MaxAmount-a {
			return 0, invalid("%s add up to more than the limit of %d fen", field, MaxAmount)
		}
		sum += a
	}
	return sum, nil
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
