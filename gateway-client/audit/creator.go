package audit

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// creators remembers decoded identities across the blocks of one pass: a
// channel has few submitters, and parsing their certificates again for every
// transaction was a tenth of the time spent verifying an export. Bounded so
// that memory stays constant however many identities pass.
type creators map[string]Creator

const maxCreators = 1024

func (c creators) decode(serialized []byte) (Creator, error) {
	if c == nil {
		return decodeCreator(serialized)
	}
	if cr, ok := c[string(serialized)]; ok {
		return cr, nil
	}
	cr, err := decodeCreator(serialized)
	if err != nil {
		return cr, err
	}
	if len(c) >= maxCreators {
		clear(c)
	}
	c[string(serialized)] = cr
	return cr, nil
}

func decodeCreator(serialized []byte) (Creator, error) {
	if len(serialized) == 0 {
		// Some system transactions (a genesis config) are unsigned.
		return Creator{}, nil
	}
	sid := &msp.SerializedIdentity{}
	if err := proto.Unmarshal(serialized, sid); err != nil {
		return Creator{}, fmt.Errorf("serialized identity: %w", err)
	}
	c := Creator{MSPID: sid.GetMspid()}
	block, _ := pem.Decode(sid.GetIdBytes())
	if block == nil {
		// Not X.509 (an idemix identity): it has no subject to show.
		return c, nil
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return c, fmt.Errorf("certificate of %s: %w", c.MSPID, err)
	}
	c.Subject = cert.Subject.String()
	c.Issuer = cert.Issuer.String()
	role, err := api.CertificateRole(cert)
	if err != nil {
		return c, fmt.Errorf("attributes of %s: %w", c.Subject, err)
	}
	c.Role = string(role)
	return c, nil
}
