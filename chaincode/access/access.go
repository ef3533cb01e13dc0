// Package access authorises chaincode callers by their MSP and the `role`
// attribute that the org's Fabric CA put in their enrollment certificate.
//
// A role is only meaningful in the org that may grant it (api.Role.Home):
// a judge's certificate must come from the court's MSP. Otherwise any
// org's CA admin could mint judges, and the role check would be as weak as
// the weakest CA.
package access

import (
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-chaincode-go/v2/pkg/cid"
)

// MSP IDs of the network's application orgs.
const (
	CourtMSP     = "CourtMSP"
	MediationMSP = "MediationMSP"
	CreditMSP    = "CreditMSP"
)

// Orgs names the MSP of each kind of org. The judicial network uses the
// defaults; another network (fabric-samples' test-network, say) maps them
// to its own MSPs through the chaincode server's environment.
type Orgs struct {
	Court, Mediation, Credit string
}

// DefaultOrgs are the MSP IDs of the judicial network.
var DefaultOrgs = Orgs{Court: CourtMSP, Mediation: MediationMSP, Credit: CreditMSP}

// OrgsFromEnv reads JUDICIAL_COURT_MSP, JUDICIAL_MEDIATION_MSP and
// JUDICIAL_CREDIT_MSP, keeping the default for any that is unset. Every
// endorsing peer's chaincode must see the same values, or endorsements
// disagree and the transaction fails (safely) at the gateway.
func OrgsFromEnv(getenv func(string) string) Orgs {
	o := DefaultOrgs
	for _, v := range []struct {
		name string
		dst  *string
	}{{"JUDICIAL_COURT_MSP", &o.Court}, {"JUDICIAL_MEDIATION_MSP", &o.Mediation}, {"JUDICIAL_CREDIT_MSP", &o.Credit}} {
		if s := getenv(v.name); s != "" {
			*v.dst = s
		}
	}
	return o
}

// orgs are the MSP bindings in force (see UseOrgs).
var orgs = DefaultOrgs

// UseOrgs sets the MSP bindings; the chaincode's main calls it once, before
// serving.
func UseOrgs(o Orgs) { orgs = o }

// Court is the court's MSP ID in force.
func Court() string { return orgs.Court }

// Credit is the credit and finance org's MSP ID in force.
func Credit() string { return orgs.Credit }

// homeMSP is the MSP that may grant role: "" for any org, and false for a
// role the network does not know.
func homeMSP(role api.Role) (string, bool) {
	home, ok := role.Home()
	switch {
	case !ok:
		return "", false
	case home == api.Court:
		return orgs.Court, true
	case home == api.Mediation:
		return orgs.Mediation, true
	case home == api.Credit:
		return orgs.Credit, true
	}
	return "", true
}

// Identify reads the caller from the transaction's creator.
func Identify(ci cid.ClientIdentity) (api.Actor, error) {
	msp, err := ci.GetMSPID()
	if err != nil {
		return api.Actor{}, fmt.Errorf("reading the caller's MSP ID: %w", err)
	}
	encoded, err := ci.GetID()
	if err != nil {
		return api.Actor{}, fmt.Errorf("reading the caller's ID: %w", err)
	}
	// cid returns "x509::subject::issuer" base64-encoded; keep it readable.
	id, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return api.Actor{}, fmt.Errorf("decoding the caller's ID: %w", err)
	}
	role, _, err := ci.GetAttributeValue(api.RoleAttribute)
	if err != nil {
		return api.Actor{}, fmt.Errorf("reading the caller's role attribute: %w", err)
	}
	enrollment, _, err := ci.GetAttributeValue("hf.EnrollmentID")
	if err != nil {
		return api.Actor{}, fmt.Errorf("reading the caller's enrollment ID: %w", err)
	}
	return api.Actor{MSPID: msp, ID: string(id), EnrollmentID: enrollment, Role: api.Role(role)}, nil
}

// ErrDenied is matched by every authorisation refusal (errors.Is).
var ErrDenied = errors.New("access denied")

// DeniedError says which function refused which caller, and why.
type DeniedError struct {
	Function string
	Caller   api.Actor
	Need     []api.Role
	Reason   string
}

func (e *DeniedError) Error() string {
	msg := fmt.Sprintf("access denied: %s: %s %s", e.Function, e.Caller, e.Reason)
	if len(e.Need) > 0 {
		msg = fmt.Sprintf("access denied: %s needs role %s; caller %s %s", e.Function, describe(e.Need), e.Caller, e.Reason)
	}
	return (&api.Error{Code: api.CodeDenied, Message: msg}).Error()
}

// Is lets errors.Is(err, ErrDenied) match.
func (e *DeniedError) Is(target error) bool { return target == ErrDenied }

// Deny refuses caller for a reason other than its role: separation of
// duties, a measure addressed to another bank.
func Deny(function string, caller api.Actor, reason string) error {
	return &DeniedError{Function: function, Caller: caller, Reason: reason}
}

func describe(roles []api.Role) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		if home, _ := homeMSP(r); home != "" {
			parts[i] = fmt.Sprintf("%s (%s)", r, home)
		} else {
			parts[i] = fmt.Sprintf("%s (any org)", r)
		}
	}
	return strings.Join(parts, " or ")
}

// Require identifies the caller and checks that it holds one of the roles,
// granted by the org that may grant it; no roles means any enrolled
// identity. function names the transaction in the error, e.g.
// "system:SetParameter".
func Require(ci cid.ClientIdentity, function string, roles ...api.Role) (api.Actor, error) {
	caller, err := Identify(ci)
	if err != nil {
		return api.Actor{}, err
	}
	if len(roles) == 0 {
		return caller, nil
	}
	deny := func(reason string) (api.Actor, error) {
		return caller, &DeniedError{Function: function, Caller: caller, Need: roles, Reason: reason}
	}
	home, known := homeMSP(caller.Role)
	switch {
	case caller.Role == "":
		return deny("has no role attribute in its certificate")
	case !slices.Contains(roles, caller.Role):
		return deny(fmt.Sprintf("has role %q", caller.Role))
	case !known || (home != "" && home != caller.MSPID):
		return deny(fmt.Sprintf("has role %q, which only %s identities may hold", caller.Role, home))
	}
	return caller, nil
}
