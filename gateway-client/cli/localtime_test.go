package cli

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// People read the court's local time with its offset; JSON and records
// keep RFC 3339 UTC.
func TestTimesInTheCourtsZone(t *testing.T) {
	a := &App{TZ: DefaultZone}
	require.Equal(t, "2026-01-05 17:00:00 +08:00", a.when("2026-01-05T09:00:00Z"))
	require.Equal(t, "2026-01-06 00:30:00 +08:00", a.when("2026-01-05T16:30:00.123456789Z"), "the day changes at the court's midnight")
	require.Equal(t, "", a.when(""))
	require.Equal(t, "2026-01-05", a.when("2026-01-05"), "not a time: shown as it is")

	utc := &App{TZ: "UTC"}
	require.Equal(t, "2026-01-05 09:00:00 +00:00", utc.when("2026-01-05T09:00:00Z"))
}

func TestAnUnknownZoneIsRefusedBeforeAnythingRuns(t *testing.T) {
	clearEnv(t)
	var out, errOut bytes.Buffer
	code := Main([]string{"--tz", "Mars/Olympus", "whoami"}, &out, &errOut)
	require.Equal(t, 1, code)
	require.Contains(t, errOut.String(), `--tz "Mars/Olympus" is not a time zone of the IANA database (e.g. Asia/Shanghai, UTC)`)
}
