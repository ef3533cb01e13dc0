package load

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// The people a run lists are numbered into a space of resident ID numbers
// that could all have been issued: ten districts' codes, the birth dates
// of 50 years from 1950 (every one an adult), and the 1,000 sequence
// numbers of each date. A run's seed picks where in the space its
// numbering starts.
var (
	idRegions  = [...]string{"110105", "120101", "310104", "320102", "330106", "420106", "440106", "440305", "510107", "610113"}
	firstBirth = time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
)

const (
	birthDays = 18262
	idSpace   = len(idRegions) * birthDays * 1000
	// idStride is a prime that divides no factor of idSpace (2, 5, 23 and
	// 397), so i ↦ (offset + i·idStride) mod idSpace gives each index its
	// own number, and consecutive people differ in region, date and
	// sequence number alike.
	idStride = 100_003
	// MaxPeople is the most people a run lists: it leaves half the space
	// to the numbers a run never lists.
	MaxPeople = idSpace / 2
)

// persons numbers the people of one run.
type persons struct{ offset int }

func newPersons(seed uint64) persons { return persons{offset: int(seed % uint64(idSpace))} }

// id is the resident ID number of person i (0 ≤ i < idSpace).
func (p persons) id(i int) string {
	m := (p.offset + i%idSpace*idStride) % idSpace
	seq, m := m%1000, m/1000
	day, region := m%birthDays, m/birthDays
	base := idRegions[region] + firstBirth.AddDate(0, 0, day).Format("20060102") + fmt.Sprintf("%03d", seq)
	return base + string(checkCharacter(base))
}

// unlisted is a random ID number of this run's space that is not among its
// first listed people.
func (p persons) unlisted(listed int) string {
	return p.id(listed + rand.IntN(idSpace-listed))
}

// checkCharacter completes 17 digits as GB 11643-1999 does (the idnumber
// package's documentation gives the rule).
func checkCharacter(base string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(base[i]-'0') * w
	}
	return "10X98765432"[sum%11]
}
