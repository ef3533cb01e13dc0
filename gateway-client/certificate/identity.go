package certificate

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// identities checks Fabric serialized identities against the roots the
// trust file pins, taken from the certificate's MSPs.
type identities struct {
	trust *Trust
	orgs  map[string]*orgPool // lookups only
}

type orgPool struct {
	roots, intermediates *x509.CertPool
}

// newIdentities keeps, per org, the certificate's roots that the trust
// file pins. An org whose roots are all unpinned has no pool: its
// signatures are reported as untrusted.
func newIdentities(c *Certificate, t *Trust) (*identities, error) {
	ids := &identities{trust: t, orgs: map[string]*orgPool{}}
	for _, m := range c.MSPs {
		pool := &orgPool{roots: x509.NewCertPool(), intermediates: x509.NewCertPool()}
		pinned := 0
		for _, p := range m.RootCerts {
			cert, err := parsePEM(p)
			if err != nil {
				return nil, fmt.Errorf("msp %s: root certificate: %w", api.Short(m.ID), err)
			}
			if t.pins(m.ID, cert) {
				pool.roots.AddCert(cert)
				pinned++
			}
		}
		for _, p := range m.IntermediateCerts {
			cert, err := parsePEM(p)
			if err != nil {
				return nil, fmt.Errorf("msp %s: intermediate certificate: %w", api.Short(m.ID), err)
			}
			pool.intermediates.AddCert(cert)
		}
		if pinned > 0 {
			ids.orgs[m.ID] = pool
		} else if t.org(m.ID) != nil {
			return nil, fmt.Errorf("msp %s: none of the certificate's %d root certificates is pinned in the trust file: %w", m.ID, len(m.RootCerts), ErrUntrusted)
		}
	}
	return ids, nil
}

// ErrUntrusted is matched by roots the trust file does not pin, and by a
// signature whose signer does not chain to a root it pins.
var ErrUntrusted = errors.New("not trusted (root not pinned in the trust file)")

// verify checks that serialized (a msp.SerializedIdentity) signed msg
// with sig, and that its certificate chains to a pinned root of its org
// and was valid at the time it signed.
func (ids *identities) verify(serialized, msg, sig []byte, at time.Time) (Signer, error) {
	var sid msp.SerializedIdentity
	if err := proto.Unmarshal(serialized, &sid); err != nil {
		return Signer{}, fmt.Errorf("identity is unreadable: %w", err)
	}
	cert, err := parsePEM(string(sid.GetIdBytes()))
	if err != nil {
		return Signer{}, fmt.Errorf("identity of %s: %w", api.Short(sid.GetMspid()), err)
	}
	s := Signer{MSPID: sid.GetMspid(), Subject: cert.Subject.String(), Name: cert.Subject.CommonName, Role: nodeRole(cert)}
	pool := ids.orgs[s.MSPID]
	if pool == nil {
		return s, fmt.Errorf("%s of %s: %w", s.Subject, api.Short(s.MSPID), ErrUntrusted)
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool.roots, Intermediates: pool.intermediates, CurrentTime: at,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		var unknown x509.UnknownAuthorityError
		if errors.As(err, &unknown) {
			return s, fmt.Errorf("%s of %s: %w", s.Subject, s.MSPID, ErrUntrusted)
		}
		return s, fmt.Errorf("certificate of %s (%s) at %s: %w", s.Subject, s.MSPID, at.UTC().Format(time.RFC3339), err)
	}
	if cert.IsCA {
		return s, fmt.Errorf("%s of %s is a CA, which never signs transactions", s.Subject, s.MSPID)
	}
	if err := verifySignature(cert, msg, sig); err != nil {
		return s, fmt.Errorf("signature of %s (%s): %w", s.Subject, s.MSPID, err)
	}
	return s, nil
}

// nodeRole is the identity's role by Fabric's default NodeOU identifiers,
// which this network and fabric-samples' test-network use.
func nodeRole(c *x509.Certificate) string {
	for _, ou := range c.Subject.OrganizationalUnit {
		if slices.Contains([]string{"client", "peer", "admin", "orderer"}, ou) {
			return ou
		}
	}
	return ""
}

// verifySignature checks an ECDSA signature over SHA-256 of msg, with
// Fabric's low-S rule: each signature has exactly one accepted form.
func verifySignature(cert *x509.Certificate, msg, sig []byte) error {
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok {
		return fmt.Errorf("key type %T is not supported (Fabric's default MSP signs with ECDSA)", cert.PublicKey)
	}
	var rs struct{ R, S *big.Int }
	if rest, err := asn1.Unmarshal(sig, &rs); err != nil || len(rest) > 0 || rs.R == nil || rs.S == nil {
		return errors.New("the signature is not a DER ECDSA signature")
	}
	if rs.S.Cmp(halfOrder(pub.Curve)) > 0 {
		return errors.New("the signature is in high-S form, which Fabric refuses")
	}
	digest := sha256.Sum256(msg)
	if !ecdsa.VerifyASN1(pub, digest[:], sig) {
		return errors.New("the signature does not verify")
	}
	return nil
}

func halfOrder(c elliptic.Curve) *big.Int {
	return new(big.Int).Rsh(c.Params().N, 1)
}

func parsePEM(s string) (*x509.Certificate, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("not a PEM certificate")
	}
	return x509.ParseCertificate(block.Bytes)
}
