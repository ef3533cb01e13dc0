package cli

import (
	"fmt"
	"time"

	// The zone database is built in: a court's client machine may have
	// none (a minimal container), and a wrong zone would misstate times.
	_ "time/tzdata"
)

// DefaultZone is the courts' time zone: China keeps one, UTC+8, with no
// daylight saving.
const DefaultZone = "Asia/Shanghai"

// zone is the location text output shows times in, from --tz.
func (a *App) zone() (*time.Location, error) {
	if a.location != nil {
		return a.location, nil
	}
	loc, err := time.LoadLocation(a.TZ)
	if err != nil || a.TZ == "" {
		return nil, fmt.Errorf("--tz %q is not a time zone of the IANA database (e.g. %s, UTC)", a.TZ, DefaultZone)
	}
	a.location = loc
	return loc, nil
}

// when shows a ledger time — RFC 3339, as records and JSON output keep it,
// in UTC — in the court's zone with its offset, as people read it:
// "2026-01-05 17:00:00 +08:00". A value that is not a time (empty, or a
// date) is shown as it is.
func (a *App) when(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return a.local(t)
}

// local shows a time in the court's zone with its offset, or in UTC
// when --tz names no zone (the command has refused it before).
func (a *App) local(t time.Time) string {
	loc, err := a.zone()
	if err != nil {
		loc = time.UTC
	}
	return t.In(loc).Format("2006-01-02 15:04:05 -07:00")
}
