package main

import (
	"slices"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/stretchr/testify/require"
)

// roles are one identity of each role, from the org that may grant it.
var roles = []ledgertest.Identity{
	ledgertest.Judge, ledgertest.Clerk, ledgertest.Officer, ledgertest.Auditor, ledgertest.Mediator, ledgertest.Bank,
	{MSPID: "CourtMSP", Name: "courtadmin1", Role: string(api.CourtAdmin)},
}

// The boundary holds for every function the wired chaincode serves, as
// its declaration says, before the function reads its arguments: a caller
// without one of its roles is refused (so is one whose role another org
// granted), and a function that writes is refused on a proposal whose
// time is off this server's clock. No function writes this for itself,
// so none can forget it.
func TestEveryFunctionIsGuardedByItsDeclaration(t *testing.T) {
	l := ledgertest.New(served...)
	specs := api.Specs()
	require.NotEmpty(t, specs)
	for _, s := range specs {
		t.Run(string(s.Function), func(t *testing.T) {
			args := make([]string, len(s.Args))
			if s.Anyone {
				require.Empty(t, s.Roles)
				return
			}
			for _, who := range outsiders(s.Roles) {
				tx := l.Tx(who)
				_, err := tx.Invoke(s.Function, args...)
				require.True(t, api.Is(err, api.CodeDenied), "%s as %s/%s: %v", s.Function, who.MSPID, who.Role, err)
				require.Zero(t, tx.Stub.GetStateCallCount(), "a refused caller reads nothing")
				require.Empty(t, tx.Writes())
			}
			if !s.Submit {
				return
			}
			insider := slices.IndexFunc(roles, func(r ledgertest.Identity) bool { return slices.Contains(s.Roles, api.Role(r.Role)) })
			require.GreaterOrEqual(t, insider, 0, "%s names a role no test identity holds", s.Function)
			for _, skew := range []time.Duration{-time.Hour, time.Hour} {
				l.ServerSkew = skew
				tx := l.Tx(roles[insider])
				_, err := tx.Invoke(s.Function, args...)
				l.ServerSkew = 0
				require.True(t, api.Is(err, api.CodeTime), "%s on a proposal %s off: %v", s.Function, skew, err)
				require.Empty(t, tx.Writes())
			}
		})
	}
}

// outsiders are identities that may not call a function for roles: each
// role it does not name, and each it names held in an org that may not
// grant it.
func outsiders(allowed []api.Role) []ledgertest.Identity {
	var out []ledgertest.Identity
	for _, r := range roles {
		if !slices.Contains(allowed, api.Role(r.Role)) {
			out = append(out, r)
			continue
		}
		if home, _ := api.Role(r.Role).Home(); home != api.AnyOrg {
			out = append(out, ledgertest.Identity{MSPID: "MediationMSP", Name: "rogue-" + r.Name, Role: r.Role})
			if r.MSPID == "MediationMSP" {
				out[len(out)-1].MSPID = "CourtMSP"
			}
		}
	}
	out = append(out, ledgertest.Identity{MSPID: "CourtMSP", Name: "user1"}) // no role at all
	return out
}

// The sweep serves exactly the deadline kinds the capabilities declare:
// an undeclared kind would be missing from docs/api.md and the keeper's
// metrics, a declared one without its code would be set aside.
func TestTheSweepServesTheDeclaredKinds(t *testing.T) {
	var declared, served []string
	for _, k := range api.DeadlineKinds() {
		declared = append(declared, k.Name)
	}
	for _, k := range kinds() {
		served = append(served, k.Name)
	}
	require.NotEmpty(t, declared)
	require.ElementsMatch(t, declared, served)
}
