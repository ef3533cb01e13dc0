package certificate

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
)

// TrustFormat names the trust file format.
const TrustFormat = "courtchain/trust/1"

// Trust is what a verifier believes before it reads a certificate: a
// court publishes it (on its website, in print), and a party keeps it.
// Nothing in a certificate can add to it.
type Trust struct {
	Format    string `json:"format"`
	Channel   string `json:"channel"`
	Chaincode string `json:"chaincode"`
	// EndorsementPolicy is the chaincode's, in Fabric's signature policy
	// syntax: AND('CourtMSP.peer', OR('MediationMSP.peer', 'CreditMSP.peer')).
	EndorsementPolicy string `json:"endorsementPolicy"`
	// OrdererOrgs are the MSP IDs whose members sign blocks.
	OrdererOrgs []string `json:"ordererOrgs"`
	// AttestingOrgs is how many orgs' peers must attest the transaction
	// valid; at least 2.
	AttestingOrgs int `json:"attestingOrgs"`
	// Orgs pin each organisation's root certificates by fingerprint.
	Orgs []TrustedOrg `json:"orgs"`
	// PublishedBy and PublishedAt say who published the file, for readers.
	PublishedBy string `json:"publishedBy,omitempty"`
	PublishedAt string `json:"publishedAt,omitempty"`
}

// TrustedOrg is one organisation's pinned roots.
type TrustedOrg struct {
	MSPID string `json:"mspId"`
	// Roots are "sha256:" and the hex SHA-256 of a root certificate's
	// DER bytes, as `openssl x509 -noout -fingerprint -sha256` prints it
	// (without colons, lower case).
	Roots []string `json:"roots"`
}

// MinAttestingOrgs is the fewest orgs whose peers a trust file may accept
// as attesting validity: one org's peers alone could all be its own.
const MinAttestingOrgs = 2

// ParseTrust reads and checks a trust file.
func ParseTrust(data []byte) (*Trust, error) {
	var t Trust
	if err := strictJSON(data, &t); err != nil {
		return nil, fmt.Errorf("trust file: %w", err)
	}
	if err := t.check(); err != nil {
		return nil, fmt.Errorf("trust file: %w", err)
	}
	return &t, nil
}

// LoadTrust reads a trust file.
func LoadTrust(path string) (*Trust, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := ParseTrust(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return t, nil
}

func (t *Trust) check() error {
	switch {
	case t.Format != TrustFormat:
		return fmt.Errorf("format %q, this verifier reads %q", api.Short(t.Format), TrustFormat)
	case t.Channel == "" || t.Chaincode == "":
		return fmt.Errorf("channel and chaincode must be named")
	case t.AttestingOrgs < MinAttestingOrgs:
		return fmt.Errorf("attestingOrgs is %d; at least %d", t.AttestingOrgs, MinAttestingOrgs)
	case len(t.OrdererOrgs) == 0:
		return fmt.Errorf("ordererOrgs names no org")
	}
	if _, err := ParsePolicy(t.EndorsementPolicy); err != nil {
		return fmt.Errorf("endorsementPolicy: %w", err)
	}
	for _, o := range t.Orgs {
		if o.MSPID == "" || len(o.Roots) == 0 {
			return fmt.Errorf("org %q pins no root", api.Short(o.MSPID))
		}
		for _, r := range o.Roots {
			if !validFingerprint(r) {
				return fmt.Errorf("org %s: root %q is not sha256: and 64 hex digits", o.MSPID, api.Short(r))
			}
		}
	}
	for _, id := range t.OrdererOrgs {
		if t.org(id) == nil {
			return fmt.Errorf("orderer org %s pins no root", api.Short(id))
		}
	}
	return nil
}

func (t *Trust) org(mspID string) *TrustedOrg {
	for i := range t.Orgs {
		if t.Orgs[i].MSPID == mspID {
			return &t.Orgs[i]
		}
	}
	return nil
}

// Fingerprint is how a trust file names a certificate.
func Fingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func validFingerprint(s string) bool {
	h, ok := strings.CutPrefix(s, "sha256:")
	if !ok || len(h) != 64 || strings.ToLower(h) != h {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}

// pins tells whether the trust file pins root for mspID.
func (t *Trust) pins(mspID string, root *x509.Certificate) bool {
	o := t.org(mspID)
	return o != nil && slices.Contains(o.Roots, Fingerprint(root))
}

// NewTrust builds a trust file from a certificate's MSPs, for a court
// that has checked those roots by other means (its own CA files): every
// root of every org is pinned.
func NewTrust(c *Certificate, policy string, ordererOrgs []string) (*Trust, error) {
	t := &Trust{Format: TrustFormat, Channel: c.Channel, Chaincode: c.Chaincode, EndorsementPolicy: policy,
		OrdererOrgs: ordererOrgs, AttestingOrgs: MinAttestingOrgs}
	for _, m := range c.MSPs {
		o := TrustedOrg{MSPID: m.ID}
		for _, p := range m.RootCerts {
			cert, err := parsePEM(p)
			if err != nil {
				return nil, fmt.Errorf("msp %s: %w", m.ID, err)
			}
			o.Roots = append(o.Roots, Fingerprint(cert))
		}
		t.Orgs = append(t.Orgs, o)
	}
	return t, t.check()
}
