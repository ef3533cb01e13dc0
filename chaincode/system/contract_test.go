package system_test

import (
	"testing"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/stretchr/testify/require"
)

var (
	judge    = ledgertest.Identity{MSPID: "CourtMSP", Name: "judge1", Role: "judge"}
	mediator = ledgertest.Identity{MSPID: "MediationMSP", Name: "mediator1", Role: "mediator"}
	rogue    = ledgertest.Identity{MSPID: "MediationMSP", Name: "rogue1", Role: "judge"}
)

func TestParametersDefaultThenSet(t *testing.T) {
	l := ledgertest.New()
	c := system.New()

	p, err := c.GetParameter(l.Tx(mediator), system.FilingReviewPeriod)
	require.NoError(t, err)
	require.Equal(t, "168h", p.Value)
	require.Equal(t, "default", p.UpdatedBy)

	tx := l.Tx(judge)
	set, err := c.SetParameter(tx, system.FilingReviewPeriod, "240h")
	require.NoError(t, err)
	tx.Commit()
	require.Equal(t, "CourtMSP/judge1", set.UpdatedBy)
	require.Equal(t, "2026-01-05T09:00:00Z", set.UpdatedAt)
	require.NotEmpty(t, set.TxID)

	p, err = c.GetParameter(l.Tx(mediator), system.FilingReviewPeriod)
	require.NoError(t, err)
	require.Equal(t, "240h", p.Value)
	require.Equal(t, set.TxID, p.TxID)

	all, err := c.ListParameters(l.Tx(mediator))
	require.NoError(t, err)
	require.Len(t, all, 8)
	for i := 1; i < len(all); i++ {
		require.Less(t, all[i-1].Name, all[i].Name, "listing is in name order")
	}
}

func TestSetParameterRefusals(t *testing.T) {
	cases := []struct {
		name, param, value string
		who                ledgertest.Identity
		want               string
	}{
		{"mediator", system.TimestampWindow, "10m", mediator, `has role "mediator"`},
		{"judge role from the wrong org", system.TimestampWindow, "10m", rogue, "only CourtMSP identities may hold"},
		{"unknown name", "filing.reviewPeriodz", "1h", judge, `unknown parameter "filing.reviewPeriodz"`},
		{"not a duration", system.FilingReviewPeriod, "seven days", judge, `"seven days" is not a duration`},
		{"below range", system.FilingReviewPeriod, "500ms", judge, "outside the allowed range"},
		{"above range", system.SweepMaxItems, "100000", judge, "outside the allowed range 1 to 1000"},
		{"not a number", system.SweepMaxItems, "ten", judge, `"ten" is not a whole number`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tx := ledgertest.New().Tx(tc.who)
			_, err := system.New().SetParameter(tx, tc.param, tc.value)
			require.ErrorContains(t, err, tc.want)
			require.Empty(t, tx.Writes(), "a refused transaction writes nothing")
		})
	}
}

func TestWhoAmIAndPing(t *testing.T) {
	l := ledgertest.New()
	me, err := system.New().WhoAmI(l.Tx(mediator))
	require.NoError(t, err)
	require.Equal(t, access.Caller{MSPID: "MediationMSP", ID: "x509::CN=mediator1,OU=client::CN=ca", EnrollmentID: "mediator1", Role: "mediator"}, *me)

	info, err := system.New().Ping(l.Tx(mediator))
	require.NoError(t, err)
	require.Equal(t, system.Version, info.Version)
}

// Any record's history, for auditors only, newest first.
func TestHistoryOfAnyRecord(t *testing.T) {
	l := ledgertest.New()
	c := system.New()
	for _, v := range []string{"200h", "240h"} {
		tx := l.Tx(judge)
		_, err := c.SetParameter(tx, system.FilingReviewPeriod, v)
		require.NoError(t, err)
		tx.Commit()
	}
	auditor := ledgertest.Identity{MSPID: "CreditMSP", Name: "auditor", Role: "auditor"}
	h, err := c.History(l.Tx(auditor), "param", `["filing.reviewPeriod"]`)
	require.NoError(t, err)
	require.Len(t, h, 2)
	require.Contains(t, string(h[0].Value), `"value":"240h"`)
	_, err = c.History(l.Tx(mediator), "param", `["filing.reviewPeriod"]`)
	require.ErrorIs(t, err, access.ErrDenied)
	_, err = c.History(l.Tx(auditor), "param", `filing.reviewPeriod`)
	require.ErrorContains(t, err, "attrs must be a JSON array of strings")
	_, err = c.History(l.Tx(auditor), "param", `["time.window"]`)
	require.ErrorContains(t, err, "has never been written")
}
