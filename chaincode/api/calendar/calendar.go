// Package calendar is the arithmetic of court periods: which days are
// working days, and when periods counted in days, working days and months
// end. The chaincode and the client both use it, so it reads no clock and
// its answers depend on its arguments alone.
//
// # Days
//
// Courts count days in Beijing time: an instant is taken as the date it
// falls on in China Standard Time (UTC+8), whatever zone it carries, so
// 2024-09-30T17:00:00Z is 1 October. The zone is fixed, not loaded from
// the tz database, so that every endorser gets the same dates whatever
// zone files its image has (China has kept no daylight saving since
// 1991). Dates travel as YYYY-MM-DD; ParseDate reads one as midnight UTC,
// 08:00 of the same day in Beijing, so every function here takes it as
// that date. A period ends at the last instant of its last day in Beijing
// (23:59:59.999999999 CST, the 24:00 of Civil Code art. 203), returned in
// UTC: an act at any moment of that day is in time, and the period has
// run out once the time is After its end.
//
// Working days are Monday to Friday except the holidays an administrator
// lists, plus the Saturdays and Sundays the State Council's holiday
// arrangements make working days (调休). The lists are channel data, so a
// Calendar is built from them and checked; a nil Calendar knows weekends
// only, which is what a channel has before anyone lists a holiday.
//
// # Rules
//
// Civil Procedure Law of the PRC (CPL), 2023 amendment, in force 1
// January 2024, art. 85: periods are counted in hours, days, months and
// years; the hour and the day on which a period begins are not counted;
// when the last day of a period is a statutory holiday, the first day
// after the holiday is the last day; time in transit is not part of a
// period. PeriodEnd counts days. Months end on the corresponding day of
// the last month, or on its last day when it has none (Civil Code art.
// 202), as AddMonths and MoreThanMonths count them. Time in transit is
// not counted here: a document posted before a period ends is in time
// (art. 85), so a caller compares the time it was posted, not the time it
// arrived, with the end. Periods in hours need no calendar.
//
// The law says "statutory holiday" (法定休假日). Like the Supreme People's
// Court's practice, and as the repealed 1988 Opinions on the General
// Principles of Civil Law (art. 198) said outright, this package treats
// a Saturday or Sunday that is a rest day as one, and a weekend day made
// a working day as a working day.
//
// Article numbers are those the provisions have had since the 2021
// amendment (arts. 85 and 95); check them against the 2023 text before
// relying on them in a ruling.
package calendar

import (
	"errors"
	"fmt"
	"time"
)

// Periods fixed by law that the contracts count with this package.
const (
	// DelistWorkingDays: once a ground for removal arises, a court deletes
	// a dishonest judgment defaulter's listing within 3 working days (2017
	// SPC Provisions on Publishing the List of Dishonest Judgment
	// Defaulters, art. 10). Count it with AddWorkingDays.
	DelistWorkingDays = 3
	// TerminationMonths: the current enforcement procedure may end only
	// once more than 3 months have passed since the case was docketed
	// (2016 SPC Provisions on Strictly Regulating the Termination of the
	// Current Enforcement Procedure, art. 1(4)). Count it with
	// MoreThanMonths.
	TerminationMonths = 3
	// PublicationDays: service by publication is deemed made when 30 days
	// have passed since publication (CPL art. 95). DeemedServed counts it.
	PublicationDays = 30
)

// MaxDays bounds each list of a Calendar. The lists are channel data that
// every transaction counting days reads; 2000 entries hold decades of
// holidays (about 30 a year) and adjusted working days (about 6 a year).
const MaxDays = 2000

// MaxPeriod bounds periods in days and working days: the law's periods in
// days are weeks long, and longer ones are counted in months or years.
// It also bounds the work one call does.
const MaxPeriod = 366

// DateLayout is how dates are written on the wire.
const DateLayout = "2006-01-02"

var beijing = time.FixedZone("CST", 8*60*60)

// ParseDate reads a date written YYYY-MM-DD and returns its midnight in
// UTC.
func ParseDate(s string) (time.Time, error) {
	// time.Parse alone would also take a signed year such as "-001-01-01".
	if !wellFormed(s) {
		return time.Time{}, fmt.Errorf("%q is not a date written YYYY-MM-DD", s)
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		reason := ""
		var pe *time.ParseError
		if errors.As(err, &pe) {
			reason = pe.Message // ": day out of range" and the like
		}
		return time.Time{}, fmt.Errorf("%q is not a date written YYYY-MM-DD%s", s, reason)
	}
	return t, nil
}

// wellFormed tells whether s is four digits, a hyphen, two digits, a
// hyphen and two digits.
func wellFormed(s string) bool {
	if len(s) != len(DateLayout) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatDate writes the date t falls on in Beijing as YYYY-MM-DD: the
// date ParseDate read, or the last day of a period whose end this package
// returned.
func FormatDate(t time.Time) string {
	return t.In(beijing).Format(DateLayout)
}

// Calendar holds a court's holidays and adjusted working days. Its
// methods work on a nil or zero Calendar, which knows weekends only.
type Calendar struct {
	// Keyed by the Unix time of a date's midnight UTC (see date). Only
	// looked up, never ranged over: results must not depend on map order.
	holidays map[int64]bool
	workdays map[int64]bool
}

// New builds a calendar from holidays, the days on which courts do not
// work (weekdays, or weekend days of a holiday period, listed or not), and
// workdays, the Saturdays and Sundays that are working days. Each entry is
// taken as the date it falls on in Beijing. A date listed twice, in both
// lists, or a weekday listed as a working day is refused: it is a typing
// error in channel data, and the error names the first one in list order.
func New(holidays, workdays []time.Time) (*Calendar, error) {
	if err := checkSizes(len(holidays), len(workdays)); err != nil {
		return nil, err
	}
	c := &Calendar{
		holidays: make(map[int64]bool, len(holidays)),
		workdays: make(map[int64]bool, len(workdays)),
	}
	for _, h := range holidays {
		d := date(h)
		if c.holidays[d.Unix()] {
			return nil, fmt.Errorf("holiday %s is listed twice", FormatDate(d))
		}
		c.holidays[d.Unix()] = true
	}
	for _, w := range workdays {
		d := date(w)
		switch {
		case !weekend(d):
			return nil, fmt.Errorf("working day %s is a %s: only a Saturday or Sunday is listed as a working day, weekdays are working days unless listed as holidays", FormatDate(d), d.Weekday())
		case c.workdays[d.Unix()]:
			return nil, fmt.Errorf("working day %s is listed twice", FormatDate(d))
		case c.holidays[d.Unix()]:
			return nil, fmt.Errorf("%s is listed both as a holiday and as a working day", FormatDate(d))
		}
		c.workdays[d.Unix()] = true
	}
	return c, nil
}

// Parse is New for dates written YYYY-MM-DD, as channel data holds them.
func Parse(holidays, workdays []string) (*Calendar, error) {
	// Before parsing, so that an oversized list costs nothing.
	if err := checkSizes(len(holidays), len(workdays)); err != nil {
		return nil, err
	}
	hs, err := parseAll("holiday", holidays)
	if err != nil {
		return nil, err
	}
	ws, err := parseAll("working day", workdays)
	if err != nil {
		return nil, err
	}
	return New(hs, ws)
}

func checkSizes(holidays, workdays int) error {
	if holidays > MaxDays {
		return fmt.Errorf("%d holidays listed: a calendar holds at most %d", holidays, MaxDays)
	}
	if workdays > MaxDays {
		return fmt.Errorf("%d working days listed: a calendar holds at most %d", workdays, MaxDays)
	}
	return nil
}

func parseAll(what string, ss []string) ([]time.Time, error) {
	out := make([]time.Time, len(ss))
	for i, s := range ss {
		t, err := ParseDate(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out[i] = t
	}
	return out, nil
}

// IsWorkingDay tells whether courts work on the day t falls on in
// Beijing.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	return c.working(date(t))
}

// AddWorkingDays returns the end of the nth working day after the day of
// from, which is not counted even if it is a working day (CPL art. 85).
// n runs from 1 to MaxPeriod.
func (c *Calendar) AddWorkingDays(from time.Time, n int) (time.Time, error) {
	if err := checkPeriod(n, "working days"); err != nil {
		return time.Time{}, err
	}
	// Ends: a calendar lists at most MaxDays holidays, so at most n plus
	// those plus the weekends among them are stepped over.
	d := date(from)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.working(d) {
			n--
		}
	}
	return endOf(d), nil
}

// PeriodEnd returns the end of a period of days counted from the day of
// from (CPL art. 85): that day is not counted, so the period's last day is
// the days-th day after it, and when that is not a working day the period
// ends with the next working day instead. Holidays inside the period are
// counted like any day. days runs from 1 to MaxPeriod.
func (c *Calendar) PeriodEnd(from time.Time, days int) (time.Time, error) {
	if err := checkPeriod(days, "days"); err != nil {
		return time.Time{}, err
	}
	d := date(from).AddDate(0, 0, days)
	for !c.working(d) { // ends: see AddWorkingDays
		d = d.AddDate(0, 0, 1)
	}
	return endOf(d), nil
}

// DeemedServed returns when a document served by publication at
// published is deemed served: the end of the period of PublicationDays
// days from the day of publication (CPL art. 95), moved like any period
// when its last day is not a working day. A period the document starts,
// such as the time to appeal, is then counted from that day.
func (c *Calendar) DeemedServed(published time.Time) time.Time {
	end, _ := c.PeriodEnd(published, PublicationDays) // cannot fail: PublicationDays is in range
	return end
}

func checkPeriod(n int, unit string) error {
	if n < 1 || n > MaxPeriod {
		return fmt.Errorf("a period of %d %s: periods run from 1 to %d", n, unit, MaxPeriod)
	}
	return nil
}

// AddMonths returns the instant n calendar months after from, at the same
// time of day in Beijing, on the same day of the month or on the last day
// of a month that has no such day (Civil Code art. 202): 31 January plus
// one month is 28 or 29 February, plus two months 31 March. n may be
// negative.
func AddMonths(from time.Time, n int) time.Time {
	f := from.In(beijing)
	y, m, d := monthsLater(f, n)
	h, mi, s := f.Clock()
	return time.Date(y, m, d, h, mi, s, f.Nanosecond(), beijing).UTC()
}

// MoreThanMonths tells whether more than n calendar months have passed
// at at since the day of since. Months are counted as a period in months
// under CPL art. 85: the day of since is not counted, the months end with
// the corresponding day of the nth month after (Civil Code art. 202, see
// AddMonths), and more than n months have passed once that day is over
// in Beijing. That day is not moved off a holiday: nothing is to be done
// by it, this only says when a condition is met.
func MoreThanMonths(since, at time.Time, n int) bool {
	return at.After(MonthsEnd(since, n))
}

// MonthsEnd is the last instant of a period of n calendar months from the
// day of since, counted as MoreThanMonths counts it.
func MonthsEnd(since time.Time, n int) time.Time {
	y, m, d := monthsLater(since.In(beijing), n)
	return endOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// monthsLater is the date n months after the date of t in t's zone, on
// the last day of the month when it is shorter.
func monthsLater(t time.Time, n int) (int, time.Month, int) {
	y, m, d := t.Date()
	// time.Date normalises month 13 to January of the next year.
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	y, m, _ = first.Date()
	if last := first.AddDate(0, 1, -1).Day(); d > last {
		d = last
	}
	return y, m, d
}

// date is the day t falls on in Beijing, as that date's midnight UTC:
// a value that steps by whole days and keys maps without zones.
func date(t time.Time) time.Time {
	y, m, d := t.In(beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// endOf is the last instant, in UTC, of the Beijing day of the date d.
func endOf(d time.Time) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd+1, 0, 0, 0, 0, beijing).Add(-time.Nanosecond).UTC()
}

func weekend(d time.Time) bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// working is IsWorkingDay for a date.
func (c *Calendar) working(d time.Time) bool {
	if c != nil {
		if c.holidays[d.Unix()] {
			return false
		}
		if c.workdays[d.Unix()] {
			return true
		}
	}
	return !weekend(d)
}
