package idnumber_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/stretchr/testify/require"
)

// Published unified social credit codes. Each check character was
// recomputed by hand from GB 32100's weights as well as by the code.
var entities = []string{
	// Circulated as GB 32100's example (hutool's CreditCodeUtilTest and
	// most validators use it); weighted sum mod 31 = 28, 31 - 28 = 3.
	"91350100M000100Y43",
	// python-stdnum, stdnum/cn/uscc.py and tests/test_cn_uscc.doctest
	// ("found online"):
	"91110000600037341L",
	"121200004013590816", // all digits: a public institution (12)
	"91310115MA1K3BTP2B",
	"9144030071526726XG",
	"92340602MA2PBMEM24", // an individual business (92)
	"91620105L015101280", // weighted sum mod 31 = 0: 31 is written 0
	// Registered centrally, region 100000; public test data label it the
	// Industrial and Commercial Bank of China's.
	"91100000100003962T",
}

// ambiguous is valid as both kinds: a person from region 111101 born 1
// January 1980, and a code of registration authority 1, category 1,
// region 110119. Found by trying the three digits after the date until
// the two check characters agreed.
const ambiguous = "111101198001010492"

func TestValidateEntity(t *testing.T) {
	for _, good := range entities {
		require.NoError(t, idnumber.ValidateEntity(good), good)
		require.Equal(t, good, idnumber.NormaliseEntity(" "+strings.ToLower(good)+"\t"))
	}
	require.NoError(t, idnumber.ValidateEntity(ambiguous))

	const code = "91350100M000100Y43"
	for _, bad := range []struct{ code, want string }{
		{"", "18 characters"},
		{code[:17], "18 characters"},
		{code + "3", "18 characters"},
		{"9135010OM000100Y43", "character 8 of the unified social credit code is not in the GB 32100 alphabet"},
		{"91350100I000100Y43", "character 9 of the unified social credit code is not in the GB 32100 alphabet"},
		{"91350100O000100Y43", "character 9"},
		{"91350100Z000100Y43", "character 9"},
		{"91350100S000100Y43", "character 9"},
		{"91350100V000100Y43", "character 9"},
		{"91350100M000100Y4V", "character 18"},
		{"9111000060003IOZSV", "character 14"}, // python-stdnum
		{"91350100m000100y43", "character 9"},  // not normalised
		{"91350100M000100Y4-", "character 18"},
		{"91A50100M000100Y43", "characters 3 to 8 of a unified social credit code, the region code, are digits"},
		{"913501A0M000100Y43", "the region code, are digits"},
		{"91350100M000100Y44", "fails the GB 32100 check character"},
		{"91350100M000100Y40", "fails the GB 32100 check character"},
		{"91110000600037341N", "fails the GB 32100 check character"}, // python-stdnum
		{"91350100M000100Y34", "fails the GB 32100 check character"}, // neighbours swapped
	} {
		refused(t, idnumber.ValidateEntity(bad.code), bad.want, bad.code)
	}
}

// Every change of one character is caught, whatever it is replaced with:
// 31 is prime and no weight is a multiple of it, so the weighted sum
// moves by a non-zero amount mod 31.
func TestCheckCharacterCatchesEverySingleSubstitution(t *testing.T) {
	replacements := "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz -"
	for _, code := range entities {
		for i := range len(code) {
			for _, r := range []byte(replacements) {
				if r == code[i] {
					continue
				}
				typo := []byte(code)
				typo[i] = r
				require.Error(t, idnumber.ValidateEntity(string(typo)), "%s: character %d to %c", code, i+1, r)
			}
		}
	}
}

func TestEntityPseudonym(t *testing.T) {
	key := bytes.Repeat([]byte{7}, idnumber.KeySize)
	p, err := idnumber.EntityPseudonym(key, "91350100M000100Y43")
	require.NoError(t, err)
	// HMAC-SHA256 of "entity|91350100M000100Y43", computed with Python's
	// hmac module: the input is the contract with other implementations.
	require.Equal(t, "8a9c789e9fcc2c933c6f30560aa62b6a9e204426269d37ca8695767da8fbfbb0", p)
	same, err := idnumber.EntityPseudonym(key, " 91350100m000100y43 ")
	require.NoError(t, err)
	require.Equal(t, p, same, "normalised first")
	other, err := idnumber.EntityPseudonym(bytes.Repeat([]byte{8}, idnumber.KeySize), "91350100M000100Y43")
	require.NoError(t, err)
	require.NotEqual(t, p, other, "keyed")

	// The same 18 characters as a person and as an entity have different
	// pseudonyms.
	asPerson, err := idnumber.Pseudonym(key, ambiguous)
	require.NoError(t, err)
	asEntity, err := idnumber.EntityPseudonym(key, ambiguous)
	require.NoError(t, err)
	require.NotEqual(t, asPerson, asEntity)

	_, err = idnumber.EntityPseudonym(key[:31], "91350100M000100Y43")
	require.ErrorContains(t, err, "must be 32 bytes")
	_, err = idnumber.EntityPseudonym(key, "91350100M000100Y44")
	refused(t, err, "check character", "91350100M000100Y44")
	_, err = idnumber.EntityPseudonym(key, example)
	require.Error(t, err, "a person's number is not an entity's code")
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		id   string
		kind idnumber.Kind
	}{
		{example, idnumber.Individual},
		{" " + strings.ToLower(example) + " ", idnumber.Individual},
		{"91350100M000100Y43", idnumber.Entity},
		{" 91350100m000100y43", idnumber.Entity},
		// All digits, but its "birth date" 00401359 is no date.
		{"121200004013590816", idnumber.Entity},
	} {
		kind, err := idnumber.Classify(c.id)
		require.NoError(t, err, c.id)
		require.Equal(t, c.kind, kind, c.id)
	}
	for _, bad := range []struct{ id, want string }{
		{ambiguous, "valid both as a resident ID number and as a unified social credit code: say which it is"},
		{"1101051949123100", "18 characters"},
		{"110105194912310021", "neither a resident ID number (the ID number fails the GB 11643 check character: it is mistyped) nor a unified social credit code (the unified social credit code fails the GB 32100 check character: it is mistyped)"},
		{"91350100I000100Y43", "(the first 17 characters of an ID number are digits) nor a unified social credit code (character 9 "},
		{"440524188001010014", "birth date is before 1900"},
	} {
		kind, err := idnumber.Classify(bad.id)
		refused(t, err, bad.want, bad.id)
		require.Empty(t, kind)
	}
}
