package system_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/stretchr/testify/require"
)

// contract is one value, so that the ledgers share one chaincode.
var contract = system.New()

var (
	judge    = ledgertest.Judge
	mediator = ledgertest.Mediator
	rogue    = ledgertest.Identity{MSPID: "MediationMSP", Name: "rogue1", Role: "judge"}
)

func TestParametersDefaultThenSet(t *testing.T) {
	l := ledgertest.New(contract)

	p, err := ledgertest.Call(l.Tx(mediator), systemapi.GetParameter, systemapi.MediationGracePeriod)
	require.NoError(t, err)
	require.Equal(t, "0s", p.Value)
	require.True(t, p.Default)
	require.Nil(t, p.UpdatedBy)

	set := ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*systemapi.Parameter, error) {
		return ledgertest.Call(tx, systemapi.SetParameter, systemapi.MediationGracePeriod, "240h")
	})
	require.Equal(t, "CourtMSP/judge1", set.UpdatedBy.String())
	require.Equal(t, "2026-01-05T09:00:00Z", set.UpdatedAt)
	require.NotEmpty(t, set.TxID)

	p, err = ledgertest.Call(l.Tx(mediator), systemapi.GetParameter, systemapi.MediationGracePeriod)
	require.NoError(t, err)
	require.Equal(t, "240h", p.Value)
	require.False(t, p.Default)
	require.Equal(t, set.TxID, p.TxID)

	all, err := ledgertest.Call(l.Tx(mediator), systemapi.ListParameters)
	require.NoError(t, err)
	require.Len(t, all, 7)
	for i := 1; i < len(all); i++ {
		require.Less(t, all[i-1].Name, all[i].Name, "listing is in name order")
	}
}

func TestSetParameterRefusals(t *testing.T) {
	cases := []struct {
		name, param, value string
		who                ledgertest.Identity
		want               string
		code               api.Code
	}{
		{"mediator", systemapi.TimestampWindow, "10m", mediator, `has role "mediator"`, api.CodeDenied},
		{"judge role from the wrong org", systemapi.TimestampWindow, "10m", rogue, "only CourtMSP identities may hold", api.CodeDenied},
		{"unknown name", "filing.reviewPeriodz", "1h", judge, `unknown parameter "filing.reviewPeriodz"`, api.CodeInvalid},
		{"not a duration", systemapi.MediationGracePeriod, "seven days", judge, `"seven days" is not a duration`, api.CodeInvalid},
		{"below range", systemapi.TimestampWindow, "500ms", judge, "outside the allowed range", api.CodeInvalid},
		{"below the law's review period", systemapi.FilingReviewDays, "3", judge, "3 is outside the allowed range 7 to 7: the law fixes this bound", api.CodeInvalid},
		{"above the law's review period", systemapi.FilingReviewDays, "10", judge, "10 is outside the allowed range 0 to 7", api.CodeInvalid},
		{"below the law's 3 months", systemapi.EnforcementTerminationMonths, "2", judge, "2 is outside the allowed range 3 to 24: the law fixes this bound", api.CodeInvalid},
		{"above range", systemapi.SweepMaxItems, "100000", judge, "outside the allowed range 1 to 1000", api.CodeInvalid},
		{"not a number", systemapi.SweepMaxItems, "ten", judge, `"ten" is not a whole number`, api.CodeInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tx := ledgertest.New(contract).Tx(tc.who)
			_, err := ledgertest.Call(tx, systemapi.SetParameter, tc.param, tc.value)
			require.ErrorContains(t, err, tc.want)
			require.True(t, api.Is(err, tc.code), "%v is %s", err, tc.code)
			require.Empty(t, tx.Writes(), "a refused transaction writes nothing")
		})
	}
}

func TestWhoAmIAndPing(t *testing.T) {
	l := ledgertest.New(contract)
	me, err := ledgertest.Call(l.Tx(mediator), systemapi.WhoAmI)
	require.NoError(t, err)
	require.Equal(t, api.Actor{MSPID: "MediationMSP", ID: "x509::CN=mediator1,OU=client::CN=ca", EnrollmentID: "mediator1", Role: "mediator"}, *me)

	info, err := ledgertest.Call(l.Tx(mediator), systemapi.Ping)
	require.NoError(t, err)
	require.Equal(t, systemapi.ChaincodeVersion, info.Version)
}

// Version answers anyone, with the fingerprint of the declarations this
// binary serves: a client linking the same chaincode/api gets the same.
func TestVersionReportsTheDeclarations(t *testing.T) {
	v, err := ledgertest.Call(ledgertest.New(contract).Tx(mediator), systemapi.Version)
	require.NoError(t, err)
	require.Equal(t, systemapi.ChaincodeVersion, v.Version)
	require.Equal(t, api.Fingerprint(), v.Declarations)
	require.Len(t, v.Declarations, 64)
	require.Equal(t, len(api.Specs()), v.Functions)
}

// Any record's history, for auditors only, newest first.
func TestHistoryOfAnyRecord(t *testing.T) {
	l := ledgertest.New(contract)
	for _, v := range []string{"200h", "240h"} {
		ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*systemapi.Parameter, error) {
			return ledgertest.Call(tx, systemapi.SetParameter, systemapi.MediationGracePeriod, v)
		})
	}
	auditor := ledgertest.Identity{MSPID: "CreditMSP", Name: "auditor", Role: "auditor"}
	h, err := ledgertest.Call(l.Tx(auditor), systemapi.History, "param", `["mediation.gracePeriod"]`)
	require.NoError(t, err)
	require.Len(t, h, 2)
	var newest systemapi.Parameter
	require.NoError(t, json.Unmarshal(h[0].Value, &newest))
	require.Equal(t, "240h", newest.Value)
	_, err = ledgertest.Call(l.Tx(mediator), systemapi.History, "param", `["mediation.gracePeriod"]`)
	require.True(t, api.Is(err, api.CodeDenied), "%v", err)
	_, err = ledgertest.Call(l.Tx(auditor), systemapi.History, "param", `mediation.gracePeriod`)
	require.ErrorContains(t, err, "attrs must be a JSON array of strings")
	_, err = ledgertest.Call(l.Tx(auditor), systemapi.History, "param", `["time.window"]`)
	require.ErrorContains(t, err, "is not on the ledger")
	require.True(t, api.Is(err, api.CodeNotFound))
}

// Every function the system contract serves is in the published
// contract, and the other way round.
func TestEveryFunctionIsPublished(t *testing.T) {
	ledgertest.RequirePublished(t, system.New(), systemapi.Namespace)
}

// Periods the law fixes go below its bound only on a server that runs
// test periods, and Ping says so.
func TestTestPeriodsLiftTheLawsBounds(t *testing.T) {
	kernel.UseTestPeriods(true)
	t.Cleanup(func() { kernel.UseTestPeriods(false) })
	l := ledgertest.New(contract)
	for name, v := range map[string]string{systemapi.FilingReviewDays: "0", systemapi.EnforcementTerminationMonths: "0"} {
		ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*systemapi.Parameter, error) {
			return ledgertest.Call(tx, systemapi.SetParameter, name, v)
		})
	}
	info, err := ledgertest.Call(l.Tx(mediator), systemapi.Ping)
	require.NoError(t, err)
	require.True(t, info.TestPeriods)

	kernel.UseTestPeriods(false)
	info, err = ledgertest.Call(l.Tx(mediator), systemapi.Ping)
	require.NoError(t, err)
	require.False(t, info.TestPeriods)
}

var admin = ledgertest.Identity{MSPID: "CourtMSP", Name: "courtadmin1", Role: "court_admin"}

// The court administrator declares a year's days off and adjusted working
// days; a year declared again is replaced; everyone reads the calendar.
func TestCalendarDeclaredByTheCourtAdministrator(t *testing.T) {
	l := ledgertest.New(contract)
	national := `{"holidays":["2024-10-01","2024-10-02","2024-10-03","2024-10-04","2024-10-05","2024-10-06","2024-10-07"],"workdays":["2024-10-12","2024-09-29"],"basis":"国办发明电〔2023〕7号"}`
	tx := l.Tx(admin)
	cal, err := ledgertest.Call(tx, systemapi.SetHolidays, 2024, national)
	require.NoError(t, err)
	tx.Commit()
	require.Len(t, cal.Years, 1)
	require.Equal(t, []string{"2024-09-29", "2024-10-12"}, cal.Years[0].Workdays, "kept in date order")
	var env api.EventEnvelope
	require.NoError(t, json.Unmarshal(tx.Event(), &env))
	require.Equal(t, []api.Event{{Type: "calendar.set", ID: "2024", Details: map[string]string{"holidays": "7", "workdays": "2"}}}, env.Events)
	ledgertest.Must(t, l, admin, func(tx *ledgertest.Tx) (*systemapi.Calendar, error) {
		return ledgertest.Call(tx, systemapi.SetHolidays, 2025, `{"holidays":["2025-01-01"],"workdays":[],"basis":"国办发明电〔2024〕12号"}`)
	})
	cal = ledgertest.Must(t, l, admin, func(tx *ledgertest.Tx) (*systemapi.Calendar, error) {
		return ledgertest.Call(tx, systemapi.SetHolidays, 2024, `{"holidays":["2024-01-01"],"basis":"correction"}`)
	})
	require.Equal(t, []int{2024, 2025}, []int{cal.Years[0].Year, cal.Years[1].Year})
	require.Equal(t, []string{"2024-01-01"}, cal.Years[0].Holidays, "a year declared again is replaced")

	read, err := ledgertest.Call(l.Tx(ledgertest.Identity{MSPID: "CreditMSP", Name: "bank1", Role: "bank_officer"}), systemapi.GetCalendar)
	require.NoError(t, err)
	require.Equal(t, cal, read)

	k, err := kernel.Calendar(l.Tx(admin).Kernel())
	require.NoError(t, err)
	require.False(t, k.IsWorkingDay(time.Date(2025, 1, 1, 4, 0, 0, 0, time.UTC)))
}

func TestCalendarRefusals(t *testing.T) {
	for _, tc := range []struct {
		name    string
		who     ledgertest.Identity
		year    int
		request string
		want    string
	}{
		{"a judge", judge, 2024, `{"holidays":[],"basis":"x"}`, `has role "judge"`},
		{"a date of another year", admin, 2024, `{"holidays":["2025-01-01"],"basis":"x"}`, "holiday 2025-01-01 is not in 2024"},
		{"not a date", admin, 2024, `{"holidays":["2024-02-30"],"basis":"x"}`, `holiday "2024-02-30" is not a date`},
		{"a weekday made a working day", admin, 2024, `{"workdays":["2024-10-08"],"basis":"x"}`, "2024-10-08 is a Tuesday"},
		{"listed twice", admin, 2024, `{"holidays":["2024-10-01","2024-10-01"],"basis":"x"}`, "2024-10-01 is listed twice"},
		{"no basis", admin, 2024, `{"holidays":["2024-10-01"]}`, "basis (the State Council's arrangement the days come from) must be 1 to 300 bytes"},
		{"year out of range", admin, 1999, `{"basis":"x"}`, "year 1999 is outside 2000 to 2099"},
		{"unknown field", admin, 2024, `{"holiday":["2024-10-01"],"basis":"x"}`, "holiday"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tx := ledgertest.New(contract).Tx(tc.who)
			_, err := ledgertest.Call(tx, systemapi.SetHolidays, tc.year, tc.request)
			require.ErrorContains(t, err, tc.want)
			require.Empty(t, tx.Writes())
		})
	}
}
