package kernel

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/calendar"
	"github.com/courtchain/judicial/chaincode/api/system"
)

// The courts' calendar is one record: every contract that counts days
// reads it in one call, and the years it holds are capped
// (system.MaxYears), so the read stays small.
var calendars = Kind[system.Calendar]{Object: "calendar", Noun: "the courts' calendar"}

const courtsCalendar = "courts"

// CalendarRecord reads the courts' calendar as declared.
func CalendarRecord(t *Tx) (*system.Calendar, error) {
	c, err := calendars.Get(t, courtsCalendar)
	if c == nil && err == nil {
		c = &system.Calendar{Years: []system.Year{}}
	}
	return c, err
}

// Calendar is the courts' calendar for counting: working days and
// periods (api/calendar).
func Calendar(t *Tx) (*calendar.Calendar, error) {
	rec, err := CalendarRecord(t)
	if err != nil {
		return nil, err
	}
	var holidays, workdays []string
	for _, y := range rec.Years {
		holidays = append(holidays, y.Holidays...)
		workdays = append(workdays, y.Workdays...)
	}
	c, err := calendar.Parse(holidays, workdays)
	if err != nil {
		return nil, Errorf(api.CodeCorrupt, "the courts' calendar on the ledger is invalid: %v", err)
	}
	return c, nil
}

// SetHolidays declares one year's days off and adjusted working days,
// replacing what was declared for that year.
func SetHolidays(t *Tx, year int, req *system.HolidaysRequest) (*system.Calendar, error) {
	invalid := func(format string, args ...any) (*system.Calendar, error) {
		return nil, Errorf(api.CodeInvalid, format, args...)
	}
	if year < system.FirstYear || year > system.LastYear {
		return invalid("year %d is outside %d to %d", year, system.FirstYear, system.LastYear)
	}
	if len(req.Holidays) > system.MaxHolidays {
		return invalid("%d holidays declared for %d; at most %d", len(req.Holidays), year, system.MaxHolidays)
	}
	if len(req.Workdays) > system.MaxWorkdays {
		return invalid("%d adjusted working days declared for %d; at most %d", len(req.Workdays), year, system.MaxWorkdays)
	}
	if n := len(strings.TrimSpace(req.Basis)); n == 0 || n > system.MaxCalendarBasis {
		return invalid("basis (the State Council's arrangement the days come from) must be 1 to %d bytes", system.MaxCalendarBasis)
	}
	prefix := fmt.Sprintf("%04d-", year)
	for _, list := range []struct {
		what  string
		dates []string
	}{{"holiday", req.Holidays}, {"working day", req.Workdays}} {
		for _, d := range list.dates {
			if _, err := calendar.ParseDate(d); err != nil {
				return invalid("%s %v", list.what, err)
			}
			if !strings.HasPrefix(d, prefix) {
				return invalid("%s %s is not in %d", list.what, d, year)
			}
		}
	}
	// calendar.Parse refuses duplicates, a date that is both, and a
	// "working day" that is not a weekend day, naming the date.
	if _, err := calendar.Parse(req.Holidays, req.Workdays); err != nil {
		return invalid("%v", err)
	}
	rec, err := CalendarRecord(t)
	if err != nil {
		return nil, err
	}
	y := system.Year{Year: year, Holidays: sorted(req.Holidays), Workdays: sorted(req.Workdays), Basis: strings.TrimSpace(req.Basis),
		SetBy: t.Caller, SetAt: t.At(), TxID: t.TxID()}
	i, found := slices.BinarySearchFunc(rec.Years, year, func(y system.Year, year int) int { return y.Year - year })
	if found {
		rec.Years[i] = y
	} else {
		if len(rec.Years) == system.MaxYears {
			return invalid("the calendar holds %d years already, its limit", system.MaxYears)
		}
		rec.Years = slices.Insert(rec.Years, i, y)
	}
	if err := calendars.Put(t, rec, courtsCalendar); err != nil {
		return nil, err
	}
	t.Event(system.EventCalendarSet, fmt.Sprint(year), map[string]string{"holidays": fmt.Sprint(len(y.Holidays)), "workdays": fmt.Sprint(len(y.Workdays))})
	return rec, nil
}

func sorted(dates []string) []string {
	out := slices.Clone(dates)
	if out == nil {
		out = []string{}
	}
	slices.Sort(out)
	return out
}

// PeriodEnd is the end of a period of days from `from` whose length is
// the whole-number parameter name, counted on the courts' calendar (CPL
// art. 85). A length of 0, which only test periods allow, ends at from.
func PeriodEnd(t *Tx, from time.Time, name string) (time.Time, error) {
	days, err := Int(t, name)
	if err != nil || days == 0 {
		return from, err
	}
	cal, err := Calendar(t)
	if err != nil {
		return time.Time{}, err
	}
	end, err := cal.PeriodEnd(from, days)
	if err != nil {
		return time.Time{}, Errorf(api.CodeCorrupt, "parameter %s: %v", name, err)
	}
	return end, nil
}

// MonthsEnd is the last instant of a period of calendar months from
// since whose length is the whole-number parameter name: the condition
// "more than n months" is met once the transaction time is after it. A
// length of 0, which only test periods allow, ends at since.
func MonthsEnd(t *Tx, since time.Time, name string) (time.Time, int, error) {
	months, err := Int(t, name)
	if err != nil || months == 0 {
		return since, months, err
	}
	return calendar.MonthsEnd(since, months), months, nil
}
