package system_test

import (
	"encoding/json"
	"testing"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/stretchr/testify/require"
)

var (
	judge    = ledgertest.Judge
	mediator = ledgertest.Mediator
	rogue    = ledgertest.Identity{MSPID: "MediationMSP", Name: "rogue1", Role: "judge"}
)

func TestParametersDefaultThenSet(t *testing.T) {
	l := ledgertest.New()
	c := system.New()

	p, err := c.GetParameter(l.Tx(mediator), systemapi.FilingReviewPeriod)
	require.NoError(t, err)
	require.Equal(t, "168h", p.Value)
	require.True(t, p.Default)
	require.Nil(t, p.UpdatedBy)

	set := ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*systemapi.Parameter, error) {
		return c.SetParameter(tx, systemapi.FilingReviewPeriod, "240h")
	})
	require.Equal(t, "CourtMSP/judge1", set.UpdatedBy.String())
	require.Equal(t, "2026-01-05T09:00:00Z", set.UpdatedAt)
	require.NotEmpty(t, set.TxID)

	p, err = c.GetParameter(l.Tx(mediator), systemapi.FilingReviewPeriod)
	require.NoError(t, err)
	require.Equal(t, "240h", p.Value)
	require.False(t, p.Default)
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
		code               api.Code
	}{
		{"mediator", systemapi.TimestampWindow, "10m", mediator, `has role "mediator"`, api.CodeDenied},
		{"judge role from the wrong org", systemapi.TimestampWindow, "10m", rogue, "only CourtMSP identities may hold", api.CodeDenied},
		{"unknown name", "filing.reviewPeriodz", "1h", judge, `unknown parameter "filing.reviewPeriodz"`, api.CodeInvalid},
		{"not a duration", systemapi.FilingReviewPeriod, "seven days", judge, `"seven days" is not a duration`, api.CodeInvalid},
		{"below range", systemapi.FilingReviewPeriod, "500ms", judge, "outside the allowed range", api.CodeInvalid},
		{"above range", systemapi.SweepMaxItems, "100000", judge, "outside the allowed range 1 to 1000", api.CodeInvalid},
		{"not a number", systemapi.SweepMaxItems, "ten", judge, `"ten" is not a whole number`, api.CodeInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tx := ledgertest.New().Tx(tc.who)
			_, err := system.New().SetParameter(tx, tc.param, tc.value)
			require.ErrorContains(t, err, tc.want)
			require.True(t, api.Is(err, tc.code), "%v is %s", err, tc.code)
			require.Empty(t, tx.Writes(), "a refused transaction writes nothing")
		})
	}
}

func TestWhoAmIAndPing(t *testing.T) {
	l := ledgertest.New()
	me, err := system.New().WhoAmI(l.Tx(mediator))
	require.NoError(t, err)
	require.Equal(t, api.Actor{MSPID: "MediationMSP", ID: "x509::CN=mediator1,OU=client::CN=ca", EnrollmentID: "mediator1", Role: "mediator"}, *me)

	info, err := system.New().Ping(l.Tx(mediator))
	require.NoError(t, err)
	require.Equal(t, systemapi.Version, info.Version)
}

// Any record's history, for auditors only, newest first.
func TestHistoryOfAnyRecord(t *testing.T) {
	l := ledgertest.New()
	c := system.New()
	for _, v := range []string{"200h", "240h"} {
		ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*systemapi.Parameter, error) {
			return c.SetParameter(tx, systemapi.FilingReviewPeriod, v)
		})
	}
	auditor := ledgertest.Identity{MSPID: "CreditMSP", Name: "auditor", Role: "auditor"}
	h, err := c.History(l.Tx(auditor), "param", `["filing.reviewPeriod"]`)
	require.NoError(t, err)
	require.Len(t, h, 2)
	var newest systemapi.Parameter
	require.NoError(t, json.Unmarshal(h[0].Value, &newest))
	require.Equal(t, "240h", newest.Value)
	_, err = c.History(l.Tx(mediator), "param", `["filing.reviewPeriod"]`)
	require.ErrorIs(t, err, access.ErrDenied)
	_, err = c.History(l.Tx(auditor), "param", `filing.reviewPeriod`)
	require.ErrorContains(t, err, "attrs must be a JSON array of strings")
	_, err = c.History(l.Tx(auditor), "param", `["time.window"]`)
	require.ErrorContains(t, err, "is not on the ledger")
	require.True(t, api.Is(err, api.CodeNotFound))
}

// Every function the system contract serves is in the published
// contract, and the other way round.
func TestEveryFunctionIsPublished(t *testing.T) {
	ledgertest.RequirePublished(t, system.New(), systemapi.Namespace)
}
