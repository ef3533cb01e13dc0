// Package idnumber checks the identifiers of the people and entities the
// courts list and turns them into the pseudonyms the shared ledger uses
// instead.
//
// A resident ID number (GB 11643-1999) is 18 characters: the 6-digit
// code of the region that registered the person (GB/T 2260), the birth
// date as YYYYMMDD, a 3-digit sequence number and a check character. The
// weighted sum of the first 17 digits, with weights 7 9 10 5 8 4 2 1 6 3
// 7 9 10 5 8 4 2, taken mod 11, indexes the check characters 1 0 X 9 8 7
// 6 5 4 3 2. The check character catches every single mistyped digit;
// beyond it, a number must be one that could have been issued:
//
//   - Its first two digits are a province-level code of GB/T 2260: 11-15,
//     21-23, 31-37, 41-46, 50-54, 61-65, 71 (Taiwan), 81 (Hong Kong) and
//     82 (Macao), and 83, which the residence permits of Taiwan residents
//     carry (810000, 820000 and 830000 are the permits' codes under the
//     State Council's 2018 Measures for Residence Permits for Hong Kong,
//     Macao and Taiwan Residents; their holders can be debtors too). The
//     other four digits are not checked: a person keeps the number for
//     life, counties have been merged and renumbered since it was issued,
//     and a list of today's counties would refuse numbers in use.
//   - Its birth date is a real date of the Gregorian calendar, on or
//     after 1 January 1900: no one born earlier is alive to be listed. The
//     standard's second example, 440524188001010014 (born 1880), is
//     refused for that reason. The date is not compared with today,
//     because validation has no clock (every endorser must reach the same
//     answer); [AgeAt] compares it with the listing date.
//
// Age is counted in full years, the birthday included: a person is 18
// from the day of their 18th birthday. Both dates are read on China's
// calendar (UTC+8), where the birth was registered, whatever the time
// zone of the listing time. Someone born on 29 February is a year older
// on 1 March in non-leap years, and their 18th birthday always falls in
// one (18 is not a multiple of 4), so they are adults from 1 March.
// Minors are never listed as dishonest judgment defaulters (SPC 2017
// Provisions on the List of Dishonest Judgment Defaulters, art. 4):
// [AdultAt] is that rule.
//
// An entity is named by its unified social credit code (GB 32100-2015):
// 18 characters from 0-9 and A-Y without I, O, S, V and Z, each worth
// its index in that alphabet. Character 1 is the registration authority,
// 2 the entity category, 3-8 the region code of the registering
// authority (digits), 9-17 the organisation code and 18 the check
// character, worth 31 minus the weighted sum of the first 17 mod 31 (0
// when that is 31), with weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24
// 10 30 28. Entities are listed too, and restricting one restricts its
// legal representative, principal officers and actual controller with
// it (SPC 2015 Provisions on Restricting High Consumption, art. 3
// para. 2). Only the alphabet, the digits of the region code and the
// check character are checked: registration authorities beyond the
// standard's table have been given codes since 2015, and codes
// registered by central authorities carry the region 100000, which is
// no province.
//
// A pseudonym is HMAC-SHA256 (RFC 2104), under a key the judicial orgs
// share, in lower-case hex, of the normalised resident ID number (spaces
// trimmed, the check character upper-cased) or of "entity|" and the
// normalised code. No ID number begins with "entity|", so no entity has a
// person's pseudonym; a person's input is the bare number, as it was
// before entities were added, so the pseudonyms on ledgers still match.
// Without the key, the 10^17 or so valid numbers cannot be hashed and
// compared one by one against the ledger.
//
// Whoever supplies an identifier should say which kind it is: an
// 18-digit string can be valid as both (111101198001010492 is a resident
// ID number and a well-formed code). [Classify] is a convenience for when
// no one says; it refuses such a string rather than guess, because the
// kind decides whether the minors' rule applies and which pseudonym
// is looked up.
//
// Errors never repeat the identifier or the birth date.
package idnumber

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"
)

var (
	weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	checks  = "10X98765432"

	// provinces are the province-level codes of GB/T 2260 and the
	// residence permits' 83.
	provinces = map[string]bool{
		"11": true, "12": true, "13": true, "14": true, "15": true,
		"21": true, "22": true, "23": true,
		"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
		"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
		"50": true, "51": true, "52": true, "53": true, "54": true,
		"61": true, "62": true, "63": true, "64": true, "65": true,
		"71": true, "81": true, "82": true, "83": true,
	}

	// chinaTime is fixed rather than loaded as Asia/Shanghai: China has
	// kept UTC+8 without daylight saving since 1991, and chaincode
	// containers need not carry a time zone database.
	chinaTime = time.FixedZone("UTC+8", 8*60*60)
)

const (
	// KeySize is the pseudonym key's length in bytes.
	KeySize = 32
	// AdultAge is the age in full years from which a person may be listed.
	AdultAge = 18
)

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
	// The check character first: a number that fails it was most likely
	// mistyped, whatever else is wrong with it.
	if id[17] != checks[sum%11] {
		return errors.New("the ID number fails the GB 11643 check character: it is mistyped")
	}
	if !provinces[id[:2]] {
		return errors.New("the ID number's region code is not a province of GB/T 2260 nor a residence permit's")
	}
	_, err := birthDate(id)
	return err
}

// birthDate reads the birth date of an ID number whose first 17
// characters are digits.
func birthDate(id string) (time.Time, error) {
	y, m, d := atoi(id[6:10]), atoi(id[10:12]), atoi(id[12:14])
	// time.Date carries 30 February into March, so a date that does not
	// come back unchanged does not exist.
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, errors.New("the ID number's birth date is not a real date")
	}
	if y < 1900 {
		return time.Time{}, errors.New("the ID number's birth date is before 1900")
	}
	return t, nil
}

func atoi(digits string) int {
	n := 0
	for _, c := range digits {
		n = 10*n + int(c-'0')
	}
	return n
}

// BirthDate normalises and validates id, then returns the birth date it
// holds, at midnight UTC.
func BirthDate(id string) (time.Time, error) {
	id = Normalise(id)
	if err := Validate(id); err != nil {
		return time.Time{}, err
	}
	return birthDate(id)
}

// AgeAt is the age in full years, at the listing time at, of the person
// whose resident ID number is id.
func AgeAt(id string, at time.Time) (int, error) {
	birth, err := BirthDate(id)
	if err != nil {
		return 0, err
	}
	y, m, d := at.In(chinaTime).Date()
	if time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Before(birth) {
		return 0, errors.New("the birth date is after the listing date")
	}
	age := y - birth.Year()
	if m < birth.Month() || m == birth.Month() && d < birth.Day() {
		age--
	}
	return age, nil
}

// AdultAt refuses a person who is not yet AdultAge at the listing time
// at.
func AdultAt(id string, at time.Time) error {
	age, err := AgeAt(id, at)
	if err != nil {
		return err
	}
	if age < AdultAge {
		return errors.New("the person is under 18 on the listing date: minors are never listed (SPC 2017 Provisions on the List of Dishonest Judgment Defaulters, art. 4)")
	}
	return nil
}

// Pseudonym normalises and validates id, a resident ID number, then
// returns its pseudonym: 64 lower-case hex characters.
func Pseudonym(key []byte, id string) (string, error) {
	if len(key) != KeySize {
		return "", errors.New("the pseudonym key must be 32 bytes")
	}
	id = Normalise(id)
	if err := Validate(id); err != nil {
		return "", err
	}
	return mac(key, id), nil
}

func mac(key []byte, input string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(input))
	return hex.EncodeToString(m.Sum(nil))
}
