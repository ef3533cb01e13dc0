// Package idnumber checks resident identity numbers and turns them into
// the pseudonyms the shared ledger uses instead.
//
// A resident ID number (GB 11643-1999) is 17 digits and a check character:
// the weighted sum of the digits, with weights 7 9 10 5 8 4 2 1 6 3 7 9 10
// 5 8 4 2, taken mod 11, indexes the check characters 1 0 X 9 8 7 6 5 4 3
// 2. A pseudonym is HMAC-SHA256 (RFC 2104) of the normalised number
// (spaces trimmed, the check character upper-cased) under a key the
// judicial orgs share, in lower-case hex: without the key, the 10^17 or so
// valid numbers cannot be hashed and compared one by one against the
// ledger.
//
// Errors never repeat the number.
package idnumber

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
)

var (
	weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	checks  = "10X98765432"
)

// KeySize is the pseudonym key's length in bytes.
const KeySize = 32

// Normalise trims spaces and upper-cases the check character, the ways
// the same number is commonly written differently.
func Normalise(id string) string {
	return strings.ToUpper(strings.TrimSpace(id))
}

// Validate checks a normalised 18-character resident ID number.
func Validate(id string) error {
	if len(id) != 18 {
		return errors.New("an ID number has 18 characters (17 digits and a check character)")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		d := id[i]
		if d < '0' || d > '9' {
			return errors.New("the first 17 characters of an ID number are digits")
		}
		sum += int(d-'0') * weights[i]
	}
	if id[17] != checks[sum%11] {
		return errors.New("the ID number fails the GB 11643 check character: it is mistyped")
	}
	return nil
}

// Pseudonym normalises and validates id, then returns its pseudonym: 64
// lower-case hex characters.
func Pseudonym(key []byte, id string) (string, error) {
	if len(key) != KeySize {
		return "", errors.New("the pseudonym key must be 32 bytes")
	}
	id = Normalise(id)
	if err := Validate(id); err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id))
	return hex.EncodeToString(mac.Sum(nil)), nil
}
