package system_test

import (
	"encoding/json"
	"slices"
	"testing"

	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/stretchr/testify/require"
)

// Fuzz targets of the system contract: what a judge or the court
// administrator may send it. Each input runs on a copy of a ledger set up
// once; ledgertest.Fuzz checks that a refusal writes nothing.

// readers read a parameter the way the contracts that use it do: a value
// a judge could set that they could not read would stop them all.
var readers = map[string]func(*ledgertest.Tx, string) error{
	systemapi.FilingReviewDays:             readInt,
	systemapi.EnforcementTerminationMonths: readInt,
	systemapi.EnforcementInquiryMonths:     readInt,
	systemapi.SweepMaxItems:                readInt,
	systemapi.MediationGracePeriod:         readDuration,
	systemapi.TimestampWindow:              readDuration,
	systemapi.EnforcementSearchChannels: func(tx *ledgertest.Tx, _ string) error {
		_, err := kernel.Channels(tx.Kernel())
		return err
	},
}

func readInt(tx *ledgertest.Tx, name string) error {
	_, err := kernel.Int(tx.Kernel(), name)
	return err
}

func readDuration(tx *ledgertest.Tx, name string) error {
	_, err := kernel.Duration(tx.Kernel(), name)
	return err
}

// FuzzSetParameter: accepted, the parameter reads back as set, and the
// contracts can read it.
func FuzzSetParameter(f *testing.F) {
	f.Add(systemapi.FilingReviewDays, "7", false)
	f.Add(systemapi.FilingReviewDays, "0", true)
	f.Add(systemapi.FilingReviewDays, "+7", false)
	f.Add(systemapi.MediationGracePeriod, "240h", false)
	f.Add(systemapi.MediationGracePeriod, "-1ns", false)
	f.Add(systemapi.TimestampWindow, "1h0m0.000000001s", false)
	f.Add(systemapi.SweepMaxItems, "1000", false)
	f.Add(systemapi.EnforcementSearchChannels, "bank_deposit,real_estate", false)
	f.Add(systemapi.EnforcementSearchChannels, "a,a", false)
	f.Add(systemapi.EnforcementSearchChannels, ",", false)
	f.Add(systemapi.EnforcementInquiryMonths, "6", false)
	f.Add("no.such", "1", false)
	f.Add("", "", true)
	base := ledgertest.New(contract)
	f.Fuzz(func(t *testing.T, name, value string, testPeriods bool) {
		kernel.UseTestPeriods(testPeriods)
		defer kernel.UseTestPeriods(false)
		l := base.Clone()
		set, err := ledgertest.Fuzz(t, l, judge, func(tx *ledgertest.Tx) (*systemapi.Parameter, error) {
			return ledgertest.Call(tx, systemapi.SetParameter, name, value)
		})
		if err != nil {
			return
		}
		got, err := ledgertest.Call(l.Tx(mediator), systemapi.GetParameter, name)
		require.NoError(t, err)
		require.Equal(t, set, got)
		require.Equal(t, value, got.Value)
		read, ok := readers[name]
		require.True(t, ok, "parameter %s has no reader in this test", name)
		require.NoError(t, read(l.Tx(mediator), name), "a value a judge may set (%q) is one the contracts cannot read", value)
	})
}

// FuzzSetHolidays: accepted, the year reads back as declared, sorted, and
// the whole calendar still parses: every period the contracts count
// reads it.
func FuzzSetHolidays(f *testing.F) {
	add := func(year int, req systemapi.HolidaysRequest) {
		b, _ := json.Marshal(req)
		f.Add(year, string(b))
	}
	add(2026, systemapi.HolidaysRequest{Holidays: []string{"2026-10-01", "2026-10-02"}, Workdays: []string{"2026-09-27"}, Basis: "国办发明电〔2025〕7号"})
	add(2027, systemapi.HolidaysRequest{Holidays: []string{"2027-01-01"}, Basis: "x"})
	add(2026, systemapi.HolidaysRequest{Holidays: []string{"2026-10-01", "2026-10-01"}, Basis: "twice"})
	add(2026, systemapi.HolidaysRequest{Holidays: []string{"2026-10-01"}, Workdays: []string{"2026-10-01"}, Basis: "both"})
	add(2026, systemapi.HolidaysRequest{Workdays: []string{"2026-09-28"}, Basis: "a Monday is a working day already"})
	add(2026, systemapi.HolidaysRequest{Holidays: []string{"2027-01-01"}, Basis: "another year"})
	add(2026, systemapi.HolidaysRequest{Holidays: []string{"2026-02-30"}, Basis: "no such day"})
	add(1999, systemapi.HolidaysRequest{Basis: "too early"})
	add(2026, systemapi.HolidaysRequest{Basis: " "})
	f.Add(2026, `{"holidays":null,"workdays":null,"basis":"none"}`)
	f.Add(2026, `{"holidays":[],"basis":"x","extra":1}`)
	f.Add(2026, `[]`)
	f.Add(2026, ``)
	base := ledgertest.New(contract)
	ledgertest.Must(f, base, admin, func(tx *ledgertest.Tx) (*systemapi.Calendar, error) {
		return ledgertest.Call(tx, systemapi.SetHolidays, 2026, `{"holidays":["2026-01-01"],"workdays":["2026-01-04"],"basis":"fixture"}`)
	})
	f.Fuzz(func(t *testing.T, year int, request string) {
		l := base.Clone()
		if _, err := ledgertest.Fuzz(t, l, admin, func(tx *ledgertest.Tx) (*systemapi.Calendar, error) {
			return ledgertest.Call(tx, systemapi.SetHolidays, year, request)
		}); err != nil {
			return
		}
		var req systemapi.HolidaysRequest
		require.NoError(t, json.Unmarshal([]byte(request), &req))
		cal, err := ledgertest.Call(l.Tx(mediator), systemapi.GetCalendar)
		require.NoError(t, err)
		i := slices.IndexFunc(cal.Years, func(y systemapi.Year) bool { return y.Year == year })
		require.GreaterOrEqual(t, i, 0, "year %d declared, not in the calendar", year)
		require.ElementsMatch(t, req.Holidays, cal.Years[i].Holidays)
		require.True(t, slices.IsSorted(cal.Years[i].Holidays))
		require.True(t, slices.IsSortedFunc(cal.Years, func(a, b systemapi.Year) int { return a.Year - b.Year }))
		_, err = kernel.Calendar(l.Tx(mediator).Kernel())
		require.NoError(t, err, "the calendar declared is one the contracts cannot count on")
	})
}

// FuzzHistory: an auditor's history of any key, whatever object and
// attrs name, answers or refuses and writes nothing.
func FuzzHistory(f *testing.F) {
	f.Add("param", `["`+systemapi.MediationGracePeriod+`"]`)
	f.Add("param", `[]`)
	f.Add("", `[""]`)
	f.Add("param", `["a\u0000b"]`)
	f.Add("case", `["\udbff\udfff"]`)
	f.Add("param", `{"a":1}`)
	f.Add("param", `null`)
	base := ledgertest.New(contract)
	for _, v := range []string{"24h", "48h"} {
		ledgertest.Must(f, base, judge, func(tx *ledgertest.Tx) (*systemapi.Parameter, error) {
			return ledgertest.Call(tx, systemapi.SetParameter, systemapi.MediationGracePeriod, v)
		})
	}
	auditor := ledgertest.Identity{MSPID: "CreditMSP", Name: "auditor", Role: "auditor"}
	f.Fuzz(func(t *testing.T, object, attrs string) {
		versions, err := ledgertest.FuzzRead(t, base, auditor, func(tx *ledgertest.Tx) ([]systemapi.KeyVersion, error) {
			return ledgertest.Call(tx, systemapi.History, object, attrs)
		})
		if err == nil {
			require.NotNil(t, versions)
		}
	})
}
