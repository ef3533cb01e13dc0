package ledgertest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// A caller is known to the chaincode by the creator of its proposal: its
// MSP and an X.509 certificate whose attribute extension carries its
// role and enrollment ID, as a Fabric CA writes them. Each test identity
// gets such a certificate, made once and signed by a CA of its MSP (the
// chaincode reads the certificate; the peer, not the chaincode, checks
// its chain).

var (
	creatorsMu sync.Mutex
	creators   = map[Identity][]byte{}
	caKeys     = map[string]*ecdsa.PrivateKey{}
)

// creator is the serialized identity of who.
func creator(who Identity) []byte {
	creatorsMu.Lock()
	defer creatorsMu.Unlock()
	if c, ok := creators[who]; ok {
		return c
	}
	c, err := newCreator(who)
	if err != nil {
		panic(fmt.Sprintf("ledgertest: making the certificate of %s/%s: %v", who.MSPID, who.Name, err))
	}
	creators[who] = c
	return c
}

func newCreator(who Identity) ([]byte, error) {
	ca, err := caKey(who.MSPID)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	attrs := map[string]string{"hf.EnrollmentID": who.Name}
	if who.Role != "" {
		attrs[api.RoleAttribute] = who.Role
	}
	ext, err := json.Marshal(map[string]map[string]string{"attrs": attrs})
	if err != nil {
		return nil, err
	}
	subject := pkix.Name{CommonName: who.Name, OrganizationalUnit: []string{"client"}}
	if who.Renewed != "" {
		subject.Organization = []string{who.Renewed}
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      subject,
		NotBefore:    time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtraExtensions: []pkix.Extension{
			{Id: api.AttributesOID, Value: ext},
		},
	}
	issuer := &x509.Certificate{Subject: pkix.Name{CommonName: "ca"}}
	der, err := x509.CreateCertificate(rand.Reader, template, issuer, &key.PublicKey, ca)
	if err != nil {
		return nil, err
	}
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return proto.Marshal(&msp.SerializedIdentity{Mspid: who.MSPID, IdBytes: cert})
}

func caKey(mspID string) (*ecdsa.PrivateKey, error) {
	if k, ok := caKeys[mspID]; ok {
		return k, nil
	}
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caKeys[mspID] = k
	return k, nil
}
