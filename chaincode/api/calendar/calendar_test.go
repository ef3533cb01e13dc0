package calendar_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/calendar"
	"github.com/stretchr/testify/require"
)

var cst = time.FixedZone("CST", 8*60*60)

// The State Council's arrangements for the second half of 2024 and the
// Spring Festival of 2025:
//   - Mid-Autumn 2024: 15–17 September off (the 15th a Sunday), Saturday
//     14 September worked;
//   - National Day 2024: 1–7 October off (Tuesday to Monday), Sunday 29
//     September and Saturday 12 October worked;
//   - New Year 2025: 1 January off (a Wednesday);
//   - Spring Festival 2025: 28 January to 4 February off (Tuesday to
//     Tuesday), Sunday 26 January and Saturday 8 February worked.
var (
	holidays = []string{
		"2024-09-15", "2024-09-16", "2024-09-17",
		"2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05", "2024-10-06", "2024-10-07",
		"2025-01-01",
		"2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04",
	}
	workdays = []string{"2024-09-14", "2024-09-29", "2024-10-12", "2025-01-26", "2025-02-08"}
)

func courts(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := calendar.Parse(holidays, workdays)
	require.NoError(t, err)
	return c
}

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := calendar.ParseDate(s)
	require.NoError(t, err)
	return d
}

func at(t *testing.T, rfc3339 string) time.Time {
	t.Helper()
	i, err := time.Parse(time.RFC3339Nano, rfc3339)
	require.NoError(t, err)
	return i
}

// end is the last instant of the Beijing day s, in UTC.
func end(t *testing.T, s string) time.Time {
	t.Helper()
	y, m, d := day(t, s).Date()
	return time.Date(y, m, d, 23, 59, 59, 999999999, cst).UTC()
}

func TestParseDate(t *testing.T) {
	d := day(t, "2024-10-01")
	require.Equal(t, time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC), d)
	require.Equal(t, "2024-10-01", calendar.FormatDate(d))
	require.Equal(t, "2024-02-29", calendar.FormatDate(day(t, "2024-02-29")))
	for _, bad := range []struct{ s, want string }{
		{"2023-02-29", "day out of range"},
		{"2024-13-01", "month out of range"},
		{"2024-10-1", "YYYY-MM-DD"},
		{"2024/10/01", "YYYY-MM-DD"},
		{"-001-01-01", "YYYY-MM-DD"},
		{" 2024-10-01", "YYYY-MM-DD"},
		{"2024-10-01T00:00:00Z", "YYYY-MM-DD"},
		{"", "YYYY-MM-DD"},
	} {
		_, err := calendar.ParseDate(bad.s)
		require.ErrorContains(t, err, bad.want, bad.s)
		require.ErrorContains(t, err, fmt.Sprintf("%q", bad.s), "the error names the text")
	}
}

// An instant's Beijing date is what counts, for output as for input.
func TestFormatDateIsBeijingDate(t *testing.T) {
	require.Equal(t, "2024-10-01", calendar.FormatDate(at(t, "2024-09-30T17:00:00Z")))
	require.Equal(t, "2024-09-30", calendar.FormatDate(at(t, "2024-09-30T15:59:59.999999999Z")))
	require.Equal(t, "2024-10-08", calendar.FormatDate(end(t, "2024-10-08")))
}

func TestCalendarsRefused(t *testing.T) {
	many := make([]string, calendar.MaxDays+1)
	for i := range many {
		many[i] = time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC).Format(calendar.DateLayout)
	}
	for _, c := range []struct {
		name               string
		holidays, workdays []string
		want               []string
	}{
		{"holiday twice", []string{"2024-10-01", "2024-10-02", "2024-10-01"}, nil,
			[]string{"holiday 2024-10-01 is listed twice"}},
		{"working day twice", nil, []string{"2024-09-29", "2024-09-29"},
			[]string{"working day 2024-09-29 is listed twice"}},
		{"weekday as working day", nil, []string{"2024-10-08"},
			[]string{"2024-10-08", "Tuesday", "only a Saturday or Sunday"}},
		{"in both lists", []string{"2024-10-05"}, []string{"2024-10-05"},
			[]string{"2024-10-05 is listed both as a holiday and as a working day"}},
		{"bad holiday", []string{"2024-10-01", "2024-10-32"}, nil,
			[]string{"holiday", `"2024-10-32"`, "day out of range"}},
		{"bad working day", nil, []string{"12/10/2024"},
			[]string{"working day", `"12/10/2024"`}},
		{"too many holidays", many, nil, []string{"2001 holidays", "at most 2000"}},
		{"too many working days", nil, many, []string{"2001 working days", "at most 2000"}},
		// Endorsers must agree on the error too: the first problem in
		// list order is the one named.
		{"first problem named", []string{"2024-10-03", "2024-10-02", "2024-10-03", "2024-10-02"}, nil,
			[]string{"holiday 2024-10-03 is listed twice"}},
	} {
		_, err := calendar.Parse(c.holidays, c.workdays)
		require.Error(t, err, c.name)
		for _, w := range c.want {
			require.ErrorContains(t, err, w, c.name)
		}
	}
}

// New takes each entry as its Beijing date: 17:00 UTC on 30 September is
// 1 October in Beijing, the same day as the date 2024-10-01.
func TestNewTakesBeijingDates(t *testing.T) {
	_, err := calendar.New([]time.Time{at(t, "2024-09-30T17:00:00Z"), day(t, "2024-10-01")}, nil)
	require.EqualError(t, err, "holiday 2024-10-01 is listed twice")
	c, err := calendar.New([]time.Time{at(t, "2024-09-30T17:00:00Z")}, nil)
	require.NoError(t, err)
	require.False(t, c.IsWorkingDay(day(t, "2024-10-01")))
	require.True(t, c.IsWorkingDay(day(t, "2024-09-30")))
}

// A holiday period's weekend days may be listed as holidays, as the State
// Council's notices list them: it changes nothing.
func TestWeekendHolidaysAccepted(t *testing.T) {
	c, err := calendar.Parse([]string{"2024-09-15"}, nil)
	require.NoError(t, err)
	require.False(t, c.IsWorkingDay(day(t, "2024-09-15")))
}

func TestIsWorkingDay(t *testing.T) {
	c := courts(t)
	for _, w := range []struct {
		when    string
		working bool
	}{
		{"2024-09-14", true},  // Saturday worked for Mid-Autumn
		{"2024-09-16", false}, // Mid-Autumn, a Monday
		{"2024-09-28", false}, // Saturday
		{"2024-09-29", true},  // Sunday worked for National Day
		{"2024-09-30", true},  // Monday
		{"2024-10-01", false}, // National Day
		{"2024-10-07", false}, // Monday of the National Day holiday
		{"2024-10-08", true},  // Tuesday
		{"2024-10-12", true},  // Saturday worked for National Day
		{"2024-10-13", false}, // Sunday
		{"2025-01-01", false},
		{"2025-01-26", true},  // Sunday worked for the Spring Festival
		{"2025-01-28", false}, // New Year's Eve
		{"2025-02-04", false},
		{"2025-02-05", true},
		{"2025-02-08", true}, // Saturday worked for the Spring Festival
		{"2025-02-09", false},
	} {
		require.Equal(t, w.working, c.IsWorkingDay(day(t, w.when)), w.when)
	}
	for _, w := range []struct {
		instant string
		working bool
	}{
		{"2024-09-30T15:59:59.999999999Z", true}, // 23:59 on 30 September in Beijing
		{"2024-09-30T16:00:00Z", false},          // midnight: 1 October in Beijing
		{"2024-09-30T17:00:00Z", false},          // 01:00 on 1 October in Beijing
		{"2024-10-01T00:30:00+08:00", false},
		{"2024-10-07T20:00:00-04:00", true}, // 08:00 on 8 October in Beijing
	} {
		require.Equal(t, w.working, c.IsWorkingDay(at(t, w.instant)), w.instant)
	}
}

// Before an administrator lists any day, weekends are the only days off.
func TestNoCalendarKnowsWeekendsOnly(t *testing.T) {
	for _, c := range []*calendar.Calendar{nil, {}} {
		require.True(t, c.IsWorkingDay(day(t, "2024-10-01")))
		require.False(t, c.IsWorkingDay(day(t, "2024-09-29")))
		got, err := c.AddWorkingDays(day(t, "2024-09-27"), 3) // Friday: Mon 30, Tue 1, Wed 2
		require.NoError(t, err)
		require.Equal(t, end(t, "2024-10-02"), got)
		got, err = c.PeriodEnd(day(t, "2024-09-24"), 7) // Tuesday 1 October is a day like any
		require.NoError(t, err)
		require.Equal(t, end(t, "2024-10-01"), got)
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := courts(t)
	for _, w := range []struct {
		name string
		from time.Time
		n    int
		want string
	}{
		// Monday 30 September is not counted; 1–7 October are off; the
		// 1st, 2nd and 3rd working days are 8, 9 and 10 October.
		{"over National Day", day(t, "2024-09-30"), calendar.DelistWorkingDays, "2024-10-10"},
		// From Sunday 29 September, itself a working day but not counted:
		// 30 September, 8 and 9 October.
		{"from a make-up working day", day(t, "2024-09-29"), 3, "2024-10-09"},
		// Friday 11 October: Saturday 12 (worked), Monday 14, Tuesday 15.
		{"over a make-up Saturday", day(t, "2024-10-11"), 3, "2024-10-15"},
		// Friday 24 January 2025: Sunday 26 (worked), Monday 27, then
		// 28 January to 4 February off, Wednesday 5 February.
		{"over the Spring Festival", day(t, "2025-01-24"), 3, "2025-02-05"},
		// Wednesday 5 February 2025: Thursday 6, Friday 7, Saturday 8 (worked).
		{"ending on a make-up Saturday", day(t, "2025-02-05"), 3, "2025-02-08"},
		// 23:30 on Monday 7 October in Beijing is a holiday: the first
		// working day after it is the 8th.
		{"late on the last holiday", at(t, "2024-10-07T15:30:00Z"), 1, "2024-10-08"},
		// 00:30 on Tuesday 8 October in Beijing, though 7 October in UTC:
		// the day of from is the 8th, so the first working day is the 9th.
		{"just after midnight in Beijing", at(t, "2024-10-07T16:30:00Z"), 1, "2024-10-09"},
		{"one day", day(t, "2024-10-08"), 1, "2024-10-09"},
	} {
		got, err := c.AddWorkingDays(w.from, w.n)
		require.NoError(t, err, w.name)
		require.Equal(t, end(t, w.want), got, w.name)
		require.Equal(t, time.UTC, got.Location(), w.name)
	}
	for _, n := range []int{0, -1, calendar.MaxPeriod + 1} {
		_, err := c.AddWorkingDays(day(t, "2024-10-08"), n)
		require.ErrorContains(t, err, fmt.Sprintf("a period of %d working days", n))
	}
	_, err := c.AddWorkingDays(day(t, "2024-10-08"), calendar.MaxPeriod)
	require.NoError(t, err)
}

func TestPeriodEnd(t *testing.T) {
	c := courts(t)
	for _, w := range []struct {
		name string
		from time.Time
		days int
		want string
	}{
		// Tuesday 24 September is not counted: day 1 is the 25th and day
		// 7 is Tuesday 1 October, National Day; the holiday runs to Monday
		// 7 October, so the period ends with Tuesday 8 October.
		{"7 days ending on National Day", day(t, "2024-09-24"), 7, "2024-10-08"},
		// Friday 20 September plus 15 days is Saturday 5 October, a
		// holiday: moved to Tuesday 8 October.
		{"ending on 5 October", day(t, "2024-09-20"), 15, "2024-10-08"},
		// Holidays inside a period count like any day: 25 September plus
		// 15 days is Thursday 10 October.
		{"holidays inside count", day(t, "2024-09-25"), 15, "2024-10-10"},
		// 2 October plus 10 days is Saturday 12 October, a working day.
		{"ending on a make-up Saturday", day(t, "2024-10-02"), 10, "2024-10-12"},
		// 3 October plus 10 days is Sunday 13 October: moved to Monday.
		{"ending on a Sunday", day(t, "2024-10-03"), 10, "2024-10-14"},
		// 23:30 on 1 October in Beijing: 1 October plus 7 is Tuesday 8.
		{"late on 1 October", at(t, "2024-10-01T15:30:00Z"), 7, "2024-10-08"},
		// 00:30 on 2 October in Beijing: 2 October plus 7 is Wednesday 9.
		{"just after midnight in Beijing", at(t, "2024-10-01T16:30:00Z"), 7, "2024-10-09"},
		// Friday 17 January 2025 plus 15 days is Saturday 1 February, in
		// the Spring Festival holiday: moved to Wednesday 5 February.
		{"ending in the Spring Festival", day(t, "2025-01-17"), 15, "2025-02-05"},
	} {
		got, err := c.PeriodEnd(w.from, w.days)
		require.NoError(t, err, w.name)
		require.Equal(t, end(t, w.want), got, w.name)
	}
	for _, n := range []int{0, -7, calendar.MaxPeriod + 1} {
		_, err := c.PeriodEnd(day(t, "2024-10-08"), n)
		require.ErrorContains(t, err, fmt.Sprintf("a period of %d days", n))
	}
}

func TestDeemedServed(t *testing.T) {
	c := courts(t)
	for _, w := range []struct{ published, served string }{
		{"2024-10-14", "2024-11-13"}, // Monday plus 30 days: Wednesday
		{"2024-09-01", "2024-10-08"}, // 1 October, National Day: moved
		{"2025-01-03", "2025-02-05"}, // Sunday 2 February, Spring Festival: moved
	} {
		require.Equal(t, end(t, w.served), c.DeemedServed(day(t, w.published)), w.published)
	}
}

// A calendar full of holidays still ends its loops: the longest run of
// days off is the MaxDays holidays a calendar holds.
func TestLongestRunOfHolidays(t *testing.T) {
	hs := make([]time.Time, calendar.MaxDays)
	for i := range hs {
		hs[i] = time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC)
	}
	c, err := calendar.New(hs, nil)
	require.NoError(t, err)
	last := end(t, calendar.FormatDate(hs[len(hs)-1]))
	got, err := c.PeriodEnd(day(t, "2023-12-31"), 1)
	require.NoError(t, err)
	require.True(t, got.After(last))
	require.True(t, c.IsWorkingDay(got))
	got, err = c.AddWorkingDays(day(t, "2023-12-31"), calendar.MaxPeriod)
	require.NoError(t, err)
	require.True(t, got.After(last))
}

func TestAddMonths(t *testing.T) {
	for _, w := range []struct {
		from string
		n    int
		want string
	}{
		{"2024-01-31T00:00:00Z", 1, "2024-02-29T00:00:00Z"}, // leap year
		{"2025-01-31T00:00:00Z", 1, "2025-02-28T00:00:00Z"},
		{"2024-01-31T00:00:00Z", 2, "2024-03-31T00:00:00Z"}, // from the 31st, not from 29 February
		{"2024-08-31T00:00:00Z", 1, "2024-09-30T00:00:00Z"},
		{"2024-02-29T00:00:00Z", 12, "2025-02-28T00:00:00Z"},
		{"2024-11-30T00:00:00Z", 3, "2025-02-28T00:00:00Z"}, // across the year
		{"2024-03-31T00:00:00Z", -1, "2024-02-29T00:00:00Z"},
		{"2024-10-15T00:00:00Z", 0, "2024-10-15T00:00:00Z"},
		// The time of day in Beijing is kept.
		{"2024-01-31T10:15:00+08:00", 1, "2024-02-29T10:15:00+08:00"},
		// 16:30 UTC on 29 February is 00:30 on 1 March in Beijing: one
		// month later is 00:30 on 1 April there, not 29 March in UTC.
		{"2024-02-29T16:30:00Z", 1, "2024-03-31T16:30:00Z"},
	} {
		got := calendar.AddMonths(at(t, w.from), w.n)
		require.True(t, at(t, w.want).Equal(got), "%s plus %d months: got %s, want %s", w.from, w.n, got, w.want)
		require.Equal(t, time.UTC, got.Location())
	}
}

// Counted as a period in months: docketed on 15 January 2024, the day
// itself not counted, three months end with 15 April, and more than
// three months have passed from the first instant of 16 April in Beijing.
func TestMoreThanMonths(t *testing.T) {
	for _, w := range []struct {
		since, at string
		n         int
		more      bool
	}{
		{"2024-01-15", "2024-04-15T23:59:59.999999999+08:00", 3, false}, // exactly three months
		{"2024-01-15", "2024-04-16T00:00:00.999999999+08:00", 3, true},  // a second more
		{"2024-01-15", "2024-04-16T00:00:00+08:00", 3, true},
		{"2024-01-15", "2024-04-15T10:00:00+08:00", 3, false},
		{"2024-01-15", "2024-04-14T00:00:00+08:00", 3, false}, // 90 days on, less than three months
		{"2024-01-15", "2024-04-16T00:00:00+09:00", 3, false}, // 23:00 on 15 April in Beijing
		// No 30 February: the months end with 29 February.
		{"2023-11-30", "2024-02-29T23:59:59+08:00", 3, false},
		{"2023-11-30", "2024-03-01T00:00:00+08:00", 3, true},
		{"2024-11-30", "2025-02-28T12:00:00+08:00", 3, false},
		{"2024-11-30", "2025-03-01T00:00:00+08:00", 3, true},
		// A last day on a holiday is not moved: nothing is due on it.
		{"2024-07-01", "2024-10-02T00:00:00+08:00", 3, true},
	} {
		got := calendar.MoreThanMonths(day(t, w.since), at(t, w.at), w.n)
		require.Equal(t, w.more, got, "%s, %d months, at %s", w.since, w.n, w.at)
	}
	// 16:30 UTC on 14 January is 15 January in Beijing.
	since := at(t, "2024-01-14T16:30:00Z")
	require.False(t, calendar.MoreThanMonths(since, at(t, "2024-04-15T15:59:59Z"), 3))
	require.True(t, calendar.MoreThanMonths(since, at(t, "2024-04-15T16:00:00Z"), 3))
	// Docketed at 10:00: the hour does not matter, the day does.
	since = at(t, "2024-01-15T10:00:00+08:00")
	require.False(t, calendar.MoreThanMonths(since, calendar.AddMonths(since, 3).Add(time.Second), 3))
	require.True(t, calendar.MoreThanMonths(since, end(t, "2024-04-15").Add(time.Second), 3))
}

// The chaincode's endorsers must compute the same: nothing depends on the
// process's local zone.
func TestLocalZoneIrrelevant(t *testing.T) {
	c := courts(t)
	saved := time.Local
	defer func() { time.Local = saved }()
	var answers []string
	for _, zone := range []string{"UTC", "America/New_York", "Asia/Tokyo"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Skipf("no zone data: %v", err)
		}
		time.Local = loc
		w, err := c.AddWorkingDays(time.Date(2024, 9, 30, 23, 30, 0, 0, cst), 3)
		require.NoError(t, err)
		p, err := c.PeriodEnd(time.Date(2024, 9, 24, 0, 0, 0, 0, cst), 7)
		require.NoError(t, err)
		answers = append(answers, strings.Join([]string{w.String(), p.String()}, " "))
	}
	require.Equal(t, answers[0], answers[1])
	require.Equal(t, answers[0], answers[2])
}
