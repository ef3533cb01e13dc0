package idnumber

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// alphabet leaves out I, O, S, V and Z, which are read as 1, 0, 5, U
	// and 2; a character is worth its index.
	alphabet      = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	entityWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
)

// entityPrefix separates entities' pseudonyms from people's: see the
// package doc.
const entityPrefix = "entity|"

// NormaliseEntity trims spaces and upper-cases, the ways the same unified
// social credit code is commonly written differently.
func NormaliseEntity(code string) string {
	return strings.ToUpper(strings.TrimSpace(code))
}

// ValidateEntity checks a normalised unified social credit code.
func ValidateEntity(code string) error {
	if len(code) != 18 {
		return errors.New("a unified social credit code has 18 characters")
	}
	sum := 0
	for i := 0; i < 18; i++ {
		v := strings.IndexByte(alphabet, code[i])
		if v < 0 {
			return fmt.Errorf("character %d of the unified social credit code is not in the GB 32100 alphabet (digits and capital letters but I, O, S, V and Z)", i+1)
		}
		if i >= 2 && i < 8 && v > 9 {
			return errors.New("characters 3 to 8 of a unified social credit code, the region code, are digits")
		}
		if i < 17 {
			sum += v * entityWeights[i]
		}
	}
	// 31 - sum%31 is 1 to 31, and 31 is written 0.
	if code[17] != alphabet[(31-sum%31)%31] {
		return errors.New("the unified social credit code fails the GB 32100 check character: it is mistyped")
	}
	return nil
}

// EntityPseudonym normalises and validates code, a unified social credit
// code, then returns its pseudonym: 64 lower-case hex characters, never
// one a person has.
func EntityPseudonym(key []byte, code string) (string, error) {
	if len(key) != KeySize {
		return "", errors.New("the pseudonym key must be 32 bytes")
	}
	code = NormaliseEntity(code)
	if err := ValidateEntity(code); err != nil {
		return "", err
	}
	return mac(key, entityPrefix+code), nil
}

// Kind says whether an identifier names a person or an entity.
type Kind string

const (
	// Individual is a person, named by a resident ID number.
	Individual Kind = "individual"
	// Entity is a legal person or other organisation, named by a unified
	// social credit code.
	Entity Kind = "entity"
)

// Classify normalises id and tells which kind of identifier it is. It
// refuses an identifier valid as both rather than guess: the caller must
// then say which it meant and call Validate or ValidateEntity.
func Classify(id string) (Kind, error) {
	id = Normalise(id)
	if len(id) != 18 {
		return "", errors.New("a resident ID number or unified social credit code has 18 characters")
	}
	person, entity := Validate(id), ValidateEntity(id)
	switch {
	case person == nil && entity == nil:
		return "", errors.New("the identifier is valid both as a resident ID number and as a unified social credit code: say which it is")
	case person == nil:
		return Individual, nil
	case entity == nil:
		return Entity, nil
	}
	return "", fmt.Errorf("the identifier is neither a resident ID number (%v) nor a unified social credit code (%v)", person, entity)
}
