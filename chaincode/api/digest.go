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

// mayIdentify looks for what may be a resident ID number or a unified
// social credit code, however it is written: a word of letters (either
// case) and digits of exactly 15 or 18 characters with at least 6 digits
// (an ID number has 14 or 17, a credit code 6 or more), a run of 15 digits
// or more, or groups of digits split by single spaces, hyphens or dots that
// add up to 15 digits or more, the last group perhaps ending in a check
// character ("110105 19491231 002X"). Evidence numbers (34 characters) and
// digests (64) pass.
func mayIdentify(s string) bool {
	grouped := 0
	for _, w := range words(s) {
		digits, run, longest := 0, 0, 0
		for _, c := range w.text {
			if isDigit(c) {
				digits++
				run++
				longest = max(longest, run)
			} else {
				run = 0
			}
		}
		n := len(w.text)
		if (n == 15 || n == 18) && digits >= 6 || longest >= 15 {
			return true
		}
		checked := digits == n-1 && (w.text[n-1] == 'X' || w.text[n-1] == 'x')
		if digits != n && !checked {
			grouped = 0
			continue
		}
		if grouped += digits; grouped >= 15 {
			return true
		}
		if checked || !isSeparator(w.next) {
			grouped = 0
		}
	}
	return false
}

// word is a run of ASCII letters and digits, and the one character after
// it (0 at the end).
type word struct {
	text string
	next rune
}

func words(s string) []word {
	var out []word
	start := -1
	for i, c := range s {
		alnum := isDigit(c) || ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z')
		switch {
		case alnum && start < 0:
			start = i
		case !alnum && start >= 0:
			out = append(out, word{s[start:i], c})
			start = -1
		case !alnum && len(out) > 0 && out[len(out)-1].next != 0 && start < 0:
			// A second character between words: no longer one separator.
			out[len(out)-1].next = -1
		}
	}
	if start >= 0 {
		out = append(out, word{s[start:], 0})
	}
	return out
}

func isDigit(c rune) bool { return '0' <= c && c <= '9' }

// isSeparator is what people put between the groups of a long number.
func isSeparator(c rune) bool {
	return c == ' ' || c == '-' || c == '.' || c == '\u3000' || c == '－'
}
