package idnumber_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/stretchr/testify/require"
)

// 11010519491231002X is the standard's worked example: weighted sum 167,
// 167 mod 11 = 2, check character X.
const example = "11010519491231002X"

// person completes 17 digits with their GB 11643 check character, so
// that a table can hold a number whose only fault is the one under test.
func person(digits string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range w {
		sum += int(digits[i]-'0') * w
	}
	return digits + string("10X98765432"[sum%11])
}

// refused checks an error and that it gives away neither the input nor,
// for a resident ID number, the birth date in it.
func refused(t *testing.T, err error, want, input string) {
	t.Helper()
	require.ErrorContains(t, err, want, input)
	msg := err.Error()
	for _, s := range []string{input, strings.TrimSpace(input), idnumber.Normalise(input)} {
		if s != "" {
			require.NotContains(t, msg, s, "errors never repeat the identifier")
		}
	}
	if s := idnumber.Normalise(input); len(s) == 18 {
		require.NotContains(t, msg, s[:10], "nor a part of it")
		require.NotContains(t, msg, s[6:14], "nor the birth date")
	}
}

func TestPersonHelper(t *testing.T) {
	require.Equal(t, example, person(example[:17]))
}

func TestValidate(t *testing.T) {
	for _, good := range []string{
		example,
		// python-stdnum, tests/test_cn_ric.doctest.
		"360426199101010071",
		"44011320141005001X",
		person("11010520000229001"), // 2000 is a leap year: divisible by 400
		person("11010520040229001"),
		person("11010519000101001"), // the earliest birth date taken
		person("71000019800101001"), // Taiwan
		person("81000019800101001"), // Hong Kong, and its residents' permits
		person("82000019800101001"), // Macao
	} {
		require.NoError(t, idnumber.Validate(good), good)
	}
	for _, bad := range []struct{ id, want string }{
		{"110105194912310021", "fails the GB 11643 check character"},
		{"11010519491231002", "18 characters"},
		{"1101051949123100XX", "first 17 characters"},
		{"11010519491231002x", "fails the GB 11643 check character"}, // not normalised
		// The standard's second example: born 1 January 1880.
		{"440524188001010014", "birth date is before 1900"},
		{person("11010518991231001"), "birth date is before 1900"},
		{person("11010500000101001"), "birth date is before 1900"},
		{person("11010519000229001"), "birth date is not a real date"}, // 1900 is not a leap year
		{person("11010520230229001"), "birth date is not a real date"},
		{person("11010520240230001"), "birth date is not a real date"},
		{person("11010519490431001"), "birth date is not a real date"},
		{person("11010519490132001"), "birth date is not a real date"},
		{person("11010519490100001"), "birth date is not a real date"},
		{person("11010519490001001"), "birth date is not a real date"},
		{"360426199113010079", "birth date is not a real date"},              // python-stdnum: month 13
		{"990426199112010074", "region code is not a province of GB/T 2260"}, // python-stdnum: unknown region
		{person("84000019800101001"), "region code is not a province of GB/T 2260"},
		{person("00000019800101001"), "region code is not a province of GB/T 2260"},
	} {
		refused(t, idnumber.Validate(bad.id), bad.want, bad.id)
	}
}

// Exactly the 34 province-level codes of GB/T 2260 and the residence
// permits' 83 pass.
func TestRegionCodes(t *testing.T) {
	provinces := strings.Fields("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83")
	for code := range 100 {
		cc := fmt.Sprintf("%02d", code)
		id := person(cc + "010519800101001")
		if slices.Contains(provinces, cc) {
			require.NoError(t, idnumber.Validate(id), cc)
		} else {
			refused(t, idnumber.Validate(id), "not a province", id)
		}
	}
}

// Every single-digit change is caught: the weights are all non-zero mod 11.
func TestCheckCharacterCatchesEverySingleDigitTypo(t *testing.T) {
	for i := 0; i < 17; i++ {
		for d := byte('0'); d <= '9'; d++ {
			if d == example[i] {
				continue
			}
			typo := []byte(example)
			typo[i] = d
			require.Error(t, idnumber.Validate(string(typo)), "position %d digit %c", i, d)
		}
	}
}

func TestBirthDate(t *testing.T) {
	born, err := idnumber.BirthDate(" " + strings.ToLower(example) + " ")
	require.NoError(t, err, "normalised first")
	require.Equal(t, time.Date(1949, 12, 31, 0, 0, 0, 0, time.UTC), born)
	require.Equal(t, time.UTC, born.Location())
	born, err = idnumber.BirthDate(person("11010520000229001"))
	require.NoError(t, err)
	require.Equal(t, time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC), born)
	bad := person("11010520230229001")
	_, err = idnumber.BirthDate(bad)
	refused(t, err, "not a real date", bad)
}

func TestAge(t *testing.T) {
	beijing := time.FixedZone("CST", 8*60*60)
	on := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, beijing) }
	march1st2008 := person("11010520080301001")
	leapDay2008 := person("11010520080229001")
	leapDay2004 := person("11010520040229001")
	for _, c := range []struct {
		name string
		id   string
		at   time.Time
		age  int
	}{
		{"the 18th birthday", march1st2008, on(2026, 3, 1), 18},
		{"the day before", march1st2008, on(2026, 2, 28), 17},
		{"the first minute of the birthday in China", march1st2008, time.Date(2026, 2, 28, 16, 0, 0, 0, time.UTC), 18},
		{"the last second before it in China", march1st2008, time.Date(2026, 2, 28, 15, 59, 59, 0, time.UTC), 17},
		{"the birthday in China, still the day before in New York", march1st2008, time.Date(2026, 2, 28, 12, 0, 0, 0, time.FixedZone("EST", -5*60*60)), 18},
		{"born 29 February: 28 February of a non-leap year", leapDay2008, on(2026, 2, 28), 17},
		{"born 29 February: adult on 1 March", leapDay2008, on(2026, 3, 1), 18},
		{"born 29 February: a leap year's 29 February", leapDay2004, on(2024, 2, 29), 20},
		{"born 29 February: the day before in a leap year", leapDay2004, on(2024, 2, 28), 19},
		{"born on the listing date", march1st2008, on(2008, 3, 1), 0},
		{"long ago", example, on(2026, 1, 1), 76},
	} {
		t.Run(c.name, func(t *testing.T) {
			age, err := idnumber.AgeAt(c.id, c.at)
			require.NoError(t, err)
			require.Equal(t, c.age, age)
			err = idnumber.AdultAt(c.id, c.at)
			if c.age >= idnumber.AdultAge {
				require.NoError(t, err)
			} else {
				refused(t, err, "under 18 on the listing date: minors are never listed", c.id)
			}
		})
	}

	_, err := idnumber.AgeAt(march1st2008, on(2008, 2, 29))
	refused(t, err, "the birth date is after the listing date", march1st2008)
	refused(t, idnumber.AdultAt(march1st2008, time.Time{}), "the birth date is after the listing date", march1st2008)
	bad := person("11010519000229001")
	refused(t, idnumber.AdultAt(bad, on(2026, 1, 1)), "not a real date", bad)
	refused(t, idnumber.AdultAt("110105194912310021", on(2026, 1, 1)), "check character", "110105194912310021")
}

func TestPseudonym(t *testing.T) {
	key := bytes.Repeat([]byte{7}, idnumber.KeySize)
	p, err := idnumber.Pseudonym(key, example)
	require.NoError(t, err)
	require.Len(t, p, 64)
	same, err := idnumber.Pseudonym(key, " "+strings.ToLower(example)+" ")
	require.NoError(t, err)
	require.Equal(t, p, same, "normalised first")
	other, err := idnumber.Pseudonym(bytes.Repeat([]byte{8}, idnumber.KeySize), example)
	require.NoError(t, err)
	require.NotEqual(t, p, other, "keyed")
	_, err = idnumber.Pseudonym(key[:5], example)
	require.ErrorContains(t, err, "must be 32 bytes")
	_, err = idnumber.Pseudonym(key, "110105194912310021")
	require.Error(t, err)
	_, err = idnumber.Pseudonym(key, "91350100M000100Y43")
	require.Error(t, err, "an entity's code is not a person's number")
}

// A person's pseudonym is HMAC-SHA256 of the bare number, as it was
// before entities were added: the pseudonyms on ledgers must not change.
// The value was computed with the code before that change and with
// Python's hmac module.
func TestPseudonymIsUnchanged(t *testing.T) {
	p, err := idnumber.Pseudonym(bytes.Repeat([]byte{7}, idnumber.KeySize), example)
	require.NoError(t, err)
	require.Equal(t, "e36da84fef3a1c6a3ea976b0ae4b9fe3dec7f484c700ccc7492e231095d58ec5", p)
}
