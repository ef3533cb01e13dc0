package access_test

import (
	"errors"
	"testing"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/stretchr/testify/require"
)

func TestRequire(t *testing.T) {
	cases := []struct {
		name    string
		who     ledgertest.Identity
		need    []api.Role
		allowed bool
		reason  string
	}{
		{"court judge", ledgertest.Identity{MSPID: "CourtMSP", Name: "judge1", Role: "judge"}, []api.Role{api.Judge}, true, ""},
		{"one of several roles", ledgertest.Identity{MSPID: "CourtMSP", Name: "clerk1", Role: "clerk"}, []api.Role{api.Judge, api.Clerk}, true, ""},
		{"auditor of any org", ledgertest.Identity{MSPID: "CreditMSP", Name: "auditor", Role: "auditor"}, []api.Role{api.Auditor}, true, ""},
		{"mediator", ledgertest.Identity{MSPID: "MediationMSP", Name: "mediator1", Role: "mediator"}, []api.Role{api.Mediator}, true, ""},
		{"bank officer", ledgertest.Identity{MSPID: "CreditMSP", Name: "bank1", Role: "bank_officer"}, []api.Role{api.BankOfficer}, true, ""},
		{"judge minted by mediation CA", ledgertest.Identity{MSPID: "MediationMSP", Name: "rogue1", Role: "judge"}, []api.Role{api.Judge}, false, `has role "judge", which only CourtMSP identities may hold`},
		{"bank officer minted by court CA", ledgertest.Identity{MSPID: "CourtMSP", Name: "x", Role: "bank_officer"}, []api.Role{api.BankOfficer}, false, "which only CreditMSP identities may hold"},
		{"no role attribute", ledgertest.Identity{MSPID: "CourtMSP", Name: "user1"}, []api.Role{api.Judge}, false, "has no role attribute"},
		{"wrong role", ledgertest.Identity{MSPID: "CourtMSP", Name: "clerk1", Role: "clerk"}, []api.Role{api.Judge}, false, `has role "clerk"`},
		{"unknown role", ledgertest.Identity{MSPID: "CourtMSP", Name: "x", Role: "janitor"}, []api.Role{api.Judge}, false, `has role "janitor"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := ledgertest.New().Tx(tc.who)
			caller, err := access.Require(ctx.ClientIdentity(), "test:Fn", tc.need...)
			if tc.allowed {
				require.NoError(t, err)
				require.Equal(t, tc.who.MSPID, caller.MSPID)
				require.Equal(t, tc.who.Name, caller.EnrollmentID)
				require.Equal(t, api.Role(tc.who.Role), caller.Role)
				return
			}
			require.ErrorIs(t, err, access.ErrDenied)
			var denied *access.DeniedError
			require.True(t, errors.As(err, &denied))
			require.Contains(t, err.Error(), "test:Fn needs role")
			require.Contains(t, err.Error(), tc.who.MSPID+"/"+tc.who.Name)
			require.Contains(t, err.Error(), tc.reason)
		})
	}
}

func TestIdentifyDecodesID(t *testing.T) {
	ctx := ledgertest.New().Tx(ledgertest.Identity{MSPID: "CourtMSP", Name: "judge1", Role: "judge"})
	caller, err := access.Identify(ctx.ClientIdentity())
	require.NoError(t, err)
	require.Equal(t, "x509::CN=judge1,OU=client::CN=ca", caller.ID)
	require.Equal(t, "CourtMSP/judge1", caller.String())
}

func TestOrgsFromEnvMapsRolesToAnotherNetwork(t *testing.T) {
	env := map[string]string{"JUDICIAL_COURT_MSP": "Org1MSP", "JUDICIAL_CREDIT_MSP": "Org2MSP"}
	orgs := access.OrgsFromEnv(func(k string) string { return env[k] })
	require.Equal(t, access.Orgs{Court: "Org1MSP", Mediation: "MediationMSP", Credit: "Org2MSP"}, orgs)

	access.UseOrgs(orgs)
	t.Cleanup(func() { access.UseOrgs(access.DefaultOrgs) })
	l := ledgertest.New()
	_, err := access.Require(l.Tx(ledgertest.Identity{MSPID: "Org1MSP", Name: "j", Role: "judge"}).ClientIdentity(), "f", api.Judge)
	require.NoError(t, err)
	_, err = access.Require(l.Tx(ledgertest.Identity{MSPID: "CourtMSP", Name: "j", Role: "judge"}).ClientIdentity(), "f", api.Judge)
	require.ErrorContains(t, err, "only Org1MSP identities may hold")
}
