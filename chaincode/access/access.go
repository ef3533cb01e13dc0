// Package access authorises chaincode callers by their MSP and the `role`
// attribute that the org's Fabric CA put in their enrollment certificate.
//
// A role is only meaningful in the org that may grant it: a judge's
// certificate must come from the court's MSP. Otherwise any org's CA admin
// could mint judges, and the role check would be as weak as the weakest CA.
package access

import (
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hyperledger/fabric-chaincode-go/v2/pkg/cid"
)

// MSP IDs of the network's application orgs.
const (
	CourtMSP     = "CourtMSP"
	MediationMSP = "MediationMSP"
	CreditMSP    = "CreditMSP"
)

// Role is the value of the `role` certificate attribute.
type Role string

// The roles of the judicial network.
const (
	Judge              Role = "judge"
	Clerk              Role = "clerk"
	EnforcementOfficer Role = "enforcement_officer"
	Auditor            Role = "auditor"
	Mediator           Role = "mediator"
	BankOfficer        Role = "bank_officer"
)

// RoleAttribute is the certificate attribute that carries the role.
const RoleAttribute = "role"

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

// homeMSP says which org may grant a role; auditors exist in every org.
var homeMSP = homes(DefaultOrgs)

func homes(o Orgs) map[Role]string {
	return map[Role]string{
		Judge:              o.Court,
		Clerk:              o.Court,
		EnforcementOfficer: o.Court,
		Mediator:           o.Mediation,
		BankOfficer:        o.Credit,
		Auditor:            "",
	}
}

// UseOrgs sets the MSP bindings; the chaincode's main calls it once, before
// serving.
func UseOrgs(o Orgs) { orgs, homeMSP = o, homes(o) }

// Caller is who submitted the transaction.
type Caller struct {
	MSPID        string `json:"mspId"`
	ID           string `json:"id"`
	EnrollmentID string `json:"enrollmentId"`
	Role         Role   `json:"role" metadata:",optional"`
}

// String names the caller the way errors and logs do: MSP/enrollment ID.
func (c Caller) String() string {
	name := c.EnrollmentID
	if name == "" {
		name = c.ID
	}
	return c.MSPID + "/" + name
}

// Valid reports whether the caller's role may be held in the caller's MSP.
func (c Caller) Valid() bool {
	home, known := homeMSP[c.Role]
	return known && (home == "" || home == c.MSPID)
}

// Identify reads the caller from the transaction's creator.
func Identify(ci cid.ClientIdentity) (Caller, error) {
	msp, err := ci.GetMSPID()
	if err != nil {
		return Caller{}, fmt.Errorf("reading the caller's MSP ID: %w", err)
	}
	encoded, err := ci.GetID()
	if err != nil {
		return Caller{}, fmt.Errorf("reading the caller's ID: %w", err)
	}
	// cid returns "x509::subject::issuer" base64-encoded; keep it readable.
	id, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return Caller{}, fmt.Errorf("decoding the caller's ID: %w", err)
	}
	role, _, err := ci.GetAttributeValue(RoleAttribute)
	if err != nil {
		return Caller{}, fmt.Errorf("reading the caller's role attribute: %w", err)
	}
	enrollment, _, err := ci.GetAttributeValue("hf.EnrollmentID")
	if err != nil {
		return Caller{}, fmt.Errorf("reading the caller's enrollment ID: %w", err)
	}
	return Caller{MSPID: msp, ID: string(id), EnrollmentID: enrollment, Role: Role(role)}, nil
}

// ErrDenied is matched by every authorisation refusal (errors.Is).
var ErrDenied = errors.New("access denied")

// DeniedError says which function refused which caller, and why.
type DeniedError struct {
	Function string
	Caller   Caller
	Need     []Role
	Reason   string
}

func (e *DeniedError) Error() string {
	return fmt.Sprintf("access denied: %s needs role %s; caller %s %s",
		e.Function, describe(e.Need), e.Caller, e.Reason)
}

// Is lets errors.Is(err, ErrDenied) match.
func (e *DeniedError) Is(target error) bool { return target == ErrDenied }

func describe(roles []Role) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		if home := homeMSP[r]; home != "" {
			parts[i] = fmt.Sprintf("%s (%s)", r, home)
		} else {
			parts[i] = fmt.Sprintf("%s (any org)", r)
		}
	}
	return strings.Join(parts, " or ")
}

// Require identifies the caller and checks that it holds one of the roles,
// granted by the org that may grant it. function names the transaction in
// the error, e.g. "system:SetParameter".
func Require(ci cid.ClientIdentity, function string, roles ...Role) (Caller, error) {
	caller, err := Identify(ci)
	if err != nil {
		return Caller{}, err
	}
	deny := func(reason string) (Caller, error) {
		return caller, &DeniedError{Function: function, Caller: caller, Need: roles, Reason: reason}
	}
	switch {
	case caller.Role == "":
		return deny("has no role attribute in its certificate")
	case !slices.Contains(roles, caller.Role):
		return deny(fmt.Sprintf("has role %q", caller.Role))
	case !caller.Valid():
		return deny(fmt.Sprintf("has role %q, which only %s identities may hold", caller.Role, homeMSP[caller.Role]))
	}
	return caller, nil
}
