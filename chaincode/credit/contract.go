package credit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Contract is the credit contract.
type Contract struct {
	contractapi.Contract
}

// New returns the contract with its namespace set.
func New() *Contract {
	return &Contract{Contract: kernel.NewContract(creditapi.Namespace)}
}

// SetPseudonymKey stores the channel's pseudonym key (transient "key", 32
// bytes) in the private collection, once: the court and mediation
// applications that write pseudonyms hold the same key. Changing it would
// orphan every pseudonym on the ledger, so a different key is refused.
func (c *Contract) SetPseudonymKey(tx *kernel.Tx) (*creditapi.KeyInfo, error) {
	key, err := transient(tx, creditapi.TransientKey)
	if err != nil {
		return nil, err
	}
	if len(key) != idnumber.KeySize {
		return nil, kernel.Errorf(api.CodeInvalid, "the pseudonym key must be %d bytes, got %d", idnumber.KeySize, len(key))
	}
	existing, err := tx.GetStub().GetPrivateData(creditapi.Collection, keyKey)
	if err != nil {
		return nil, fmt.Errorf("reading the pseudonym key: %w", err)
	}
	switch {
	case existing == nil:
		return &creditapi.KeyInfo{Fingerprint: fingerprint(key), Changed: true}, tx.GetStub().PutPrivateData(creditapi.Collection, keyKey, key)
	case bytes.Equal(existing, key):
		return &creditapi.KeyInfo{Fingerprint: fingerprint(key)}, nil
	}
	return nil, kernel.Errorf(api.CodeExists, "a different pseudonym key (fingerprint %s) is already set: changing it would orphan every pseudonym on the ledger", fingerprint(existing))
}

// KeyFingerprint tells applications whether they hold the channel's key.
func (c *Contract) KeyFingerprint(tx *kernel.Tx) (*creditapi.KeyInfo, error) {
	key, err := pseudonymKey(tx)
	if err != nil {
		return nil, err
	}
	return &creditapi.KeyInfo{Fingerprint: fingerprint(key)}, nil
}

func fingerprint(key []byte) string {
	h := sha256.Sum256(append([]byte("judicial pseudonym key|"), key...))
	return hex.EncodeToString(h[:8])
}

// keys caches the pseudonym key for Check, the bank's hot read, by channel
// and collection, and only when the operator has said which key it must
// be (UseKeyFingerprint): the key comes from the peer that asks, and a
// cache filled from whatever a connection answered once would let one
// connection that passed for a peer poison every later check (a key of
// its own: every listed person checks as not listed), or let a mistaken
// peer do so. A key whose fingerprint is not the configured one is
// refused, not cached; without a configured fingerprint the key is read
// from the peer's private store on every check, one more round trip.
var (
	keys   sync.Map // keyCache: []byte
	keyPin atomic.Pointer[string]
)

type keyCache struct{ channel, collection string }

// UseKeyFingerprint names the pseudonym key this chaincode server may
// cache, by the fingerprint credit:KeyInfo and `judicial credit key init`
// report (JUDICIAL_PSEUDONYM_KEY_FINGERPRINT); empty: cache none.
func UseKeyFingerprint(fp string) {
	fp = strings.ToLower(strings.TrimSpace(fp))
	keyPin.Store(&fp)
	keys.Clear()
}

func cachedKey(tx *kernel.Tx) ([]byte, error) {
	pin := keyPin.Load()
	if pin == nil || *pin == "" {
		return pseudonymKey(tx)
	}
	at := keyCache{tx.GetStub().GetChannelID(), creditapi.Collection}
	if key, ok := keys.Load(at); ok {
		return key.([]byte), nil
	}
	key, err := pseudonymKey(tx)
	if err != nil {
		return nil, err
	}
	if fp := fingerprint(key); fp != *pin {
		return nil, kernel.Errorf(api.CodeCorrupt, "the pseudonym key this peer holds has fingerprint %s, not the %s this chaincode server was configured with (JUDICIAL_PSEUDONYM_KEY_FINGERPRINT): checks stop until an operator finds out why", fp, *pin)
	}
	keys.Store(at, key)
	return key, nil
}

func pseudonymKey(tx *kernel.Tx) ([]byte, error) {
	key, err := tx.GetStub().GetPrivateData(creditapi.Collection, keyKey)
	if err != nil {
		return nil, fmt.Errorf("reading the pseudonym key: %w", err)
	}
	if key == nil {
		return nil, kernel.Errorf(api.CodeNotFound, "this peer holds no pseudonym key: a judge sets it once with credit:SetPseudonymKey (only court and credit peers keep it)")
	}
	return key, nil
}

// transient reads one transient field, which never enters the
// transaction's arguments or the ledger.
func transient(tx *kernel.Tx, field string) ([]byte, error) {
	t, err := tx.GetStub().GetTransient()
	if err != nil {
		return nil, fmt.Errorf("reading transient data: %w", err)
	}
	v, ok := t[field]
	if !ok || len(v) == 0 {
		return nil, kernel.Errorf(api.CodeInvalid, "transient field %q is missing: personal data travels only as transient data, never as an argument", field)
	}
	return v, nil
}
