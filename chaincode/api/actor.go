package api

import (
	"crypto/x509"
	"encoding/asn1"
	"encoding/json"
	"fmt"
)

// Role is the value of the `role` attribute that an org's Fabric CA puts in
// an enrolled identity's certificate.
type Role string

// The roles of the judicial network.
const (
	Judge              Role = "judge"
	Clerk              Role = "clerk"
	EnforcementOfficer Role = "enforcement_officer"
	Auditor            Role = "auditor"
	Mediator           Role = "mediator"
	BankOfficer        Role = "bank_officer"
	// CourtAdmin keeps the courts' calendar, nothing else.
	CourtAdmin Role = "court_admin"
)

// RoleAttribute is the certificate attribute that carries the role.
const RoleAttribute = "role"

// Org is a kind of org on the network; each deployment maps the kinds to
// its MSP IDs (CourtMSP, MediationMSP and CreditMSP by default).
type Org string

// The kinds of org.
const (
	Court     Org = "court"
	Mediation Org = "mediation"
	Credit    Org = "credit"
	// AnyOrg: the role may be held in every org.
	AnyOrg Org = ""
)

// Home is the org whose CA may grant a role: a judge's certificate must
// come from the court, or any org's CA admin could mint judges. Auditors
// exist in every org.
func (r Role) Home() (Org, bool) {
	switch r {
	case Judge, Clerk, EnforcementOfficer, CourtAdmin:
		return Court, true
	case Mediator:
		return Mediation, true
	case BankOfficer:
		return Credit, true
	case Auditor:
		return AnyOrg, true
	}
	return "", false
}

// Actor is who did something recorded on the ledger: the enrolled identity
// that submitted the transaction. Auto marks a step the contract took on
// its own (a period ended, a bank's report arrived); the identity is then
// the one whose transaction let it happen, such as the keeper's.
type Actor struct {
	MSPID        string `json:"mspId"`
	EnrollmentID string `json:"enrollmentId"`
	Role         Role   `json:"role,omitempty"`
	// ID is the certificate's subject and issuer ("x509::subject::issuer").
	ID   string `json:"id,omitempty"`
	Auto bool   `json:"auto,omitempty"`
}

// String names the actor as errors and logs do: MSP/enrollment ID, or
// for the contract acting on its own "auto, on MSP/enrollment ID's
// transaction".
func (a Actor) String() string {
	name := a.EnrollmentID
	if name == "" {
		name = a.ID
	}
	// A step the contract took on its own still names who submitted the
	// transaction that caused it: a removal a bank's report set off is
	// that officer's as much as the contract's.
	switch {
	case a.Auto && a.MSPID == "":
		return "auto"
	case a.Auto:
		return "auto, on " + a.MSPID + "/" + name + "'s transaction"
	}
	return a.MSPID + "/" + name
}

// Same tells whether two actors are one person: the same enrollment in the
// same org, or the same certificate subject. A person re-enrolled with a
// new certificate is still the same enrollment.
func (a Actor) Same(b Actor) bool {
	if a.Auto || b.Auto {
		return false
	}
	if a.MSPID == b.MSPID && a.EnrollmentID != "" && a.EnrollmentID == b.EnrollmentID {
		return true
	}
	return a.ID != "" && a.ID == b.ID
}

// Automatic is the actor stamp of a step the contract takes on its own in
// a transaction a submitted: a keeper's sweep, a bank's report.
func Automatic(a Actor) Actor {
	a.Auto = true
	return a
}

// AttributesOID is the X.509 extension in which a Fabric CA writes an
// enrolled identity's attributes, as JSON {"attrs": {"role": "judge"}}.
var AttributesOID = asn1.ObjectIdentifier{1, 2, 3, 4, 5, 6, 7, 8, 1}

// CertificateRole reads the role attribute of a certificate a Fabric CA
// issued: "" when the certificate carries none (cryptogen's do not).
func CertificateRole(cert *x509.Certificate) (Role, error) {
	for _, ext := range cert.Extensions {
		if !ext.Id.Equal(AttributesOID) {
			continue
		}
		var attrs struct {
			Attrs map[string]string `json:"attrs"`
		}
		if err := json.Unmarshal(ext.Value, &attrs); err != nil {
			return "", fmt.Errorf("the certificate's attribute extension is not JSON: %w", err)
		}
		return Role(attrs.Attrs[RoleAttribute]), nil
	}
	return "", nil
}
