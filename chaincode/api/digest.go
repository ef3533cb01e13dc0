package api

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Digest algorithms. SM3 (GB/T 32905-2016) is what Chinese judicial
// chains use; SHA-256 (FIPS 180-4) is what browsers and most tools
// compute. Both give 32 bytes.
const (
	SHA256 = "sha256"
	SM3    = "sm3"
)

// DigestSize is the length of a digest of either algorithm, in bytes.
const DigestSize = 32

// Limits every contract applies to what one request carries.
const (
	// MaxParties bounds the parties of one case, filing or judgment, all
	// sides together.
	MaxParties = 100
	// MaxDigests bounds a list of digests (evidence, materials) in one
	// request.
	MaxDigests = 50
	// MaxID bounds any identifier a caller names (a case number, an
	// evidence number, a judgment's number), in bytes.
	MaxID = 128
)

// NormaliseAlgorithm accepts the usual spellings (SHA-256, sha256, SM3)
// and returns the canonical name.
func NormaliseAlgorithm(a string) (string, error) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(a)), "-", "") {
	case SHA256:
		return SHA256, nil
	case SM3:
		return SM3, nil
	case "":
		return "", &Error{CodeInvalid, fmt.Sprintf("digest algorithm is missing: use %s or %s", SHA256, SM3)}
	}
	return "", &Error{CodeInvalid, fmt.Sprintf("unknown digest algorithm %q: use %s or %s", Short(a), SHA256, SM3)}
}

// NormaliseDigest is the one rule for every digest the contracts take: 64
// hexadecimal characters (32 bytes), stored in lower case. field names it
// in the error.
func NormaliseDigest(field, d string) (string, error) {
	d = strings.ToLower(strings.TrimSpace(d))
	if d == "" {
		return "", &Error{CodeInvalid, field + " is missing: give a 64-character hex digest"}
	}
	if len(d) != 2*DigestSize {
		return "", &Error{CodeInvalid, fmt.Sprintf("%s must be a 64-character hex digest (32 bytes), got %d characters", field, len(d))}
	}
	if _, err := hex.DecodeString(d); err != nil {
		return "", &Error{CodeInvalid, fmt.Sprintf("%s %q is not hexadecimal", field, Short(d))}
	}
	return d, nil
}

// Short is what an error message may repeat of a value a caller sent: at
// most 40 characters of it, and nothing of a value that may hold a
// resident ID number (15 or 18 characters, GB 11643) or a unified social
// credit code (18, GB 32100), whatever field it was typed into.
func Short(s string) string {
	if mayIdentify(s) {
		return fmt.Sprintf("(%d characters, not shown)", utf8.RuneCountInString(s))
	}
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "..."
	}
	return s
}

// mayIdentify looks for a run of exactly 15 or 18 digits and capitals, or
// of 15 or more digits: evidence numbers (32 capitals and digits) and
// digests (lower case) pass.
func mayIdentify(s string) bool {
	alnum, digits := 0, 0
	check := func() bool { return alnum == 15 || alnum == 18 }
	for _, c := range s {
		isDigit := '0' <= c && c <= '9'
		if isDigit || ('A' <= c && c <= 'Z') {
			alnum++
		} else {
			if check() {
				return true
			}
			alnum = 0
		}
		if isDigit {
			if digits++; digits >= 15 {
				return true
			}
		} else {
			digits = 0
		}
	}
	return check()
}
