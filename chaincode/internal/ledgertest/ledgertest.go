// Package ledgertest wires the generated shim fakes to an in-memory world
// state, so contract unit tests can run transactions as a given caller.
package ledgertest

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/internal/mocks"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Ledger is a world state shared by the transactions a test runs.
type Ledger struct {
	State map[string][]byte
	txs   int
	Now   time.Time
}

// New returns an empty ledger whose clock starts at a fixed time.
func New() *Ledger {
	return &Ledger{State: map[string][]byte{}, Now: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
}

// Identity is the caller of a transaction.
type Identity struct {
	MSPID, Name, Role string
}

// Tx returns a transaction context for one transaction by who; its writes
// go straight to the ledger (tests exercise one transaction at a time).
func (l *Ledger) Tx(who Identity) *mocks.TransactionContext {
	l.txs++
	txID := fmt.Sprintf("tx%04d", l.txs)
	stub := &mocks.ChaincodeStub{}
	stub.GetTxIDReturns(txID)
	stub.GetTxTimestampReturns(timestamppb.New(l.Now), nil)
	stub.GetStateCalls(func(k string) ([]byte, error) { return l.State[k], nil })
	stub.PutStateCalls(func(k string, v []byte) error {
		if k == "" {
			return fmt.Errorf("empty key")
		}
		l.State[k] = v
		return nil
	})
	stub.DelStateCalls(func(k string) error { delete(l.State, k); return nil })
	stub.CreateCompositeKeyCalls(compositeKey)

	ci := &mocks.ClientIdentity{}
	ci.GetMSPIDReturns(who.MSPID, nil)
	subject := "x509::CN=" + who.Name + ",OU=client::CN=ca"
	ci.GetIDReturns(base64.StdEncoding.EncodeToString([]byte(subject)), nil)
	ci.GetAttributeValueCalls(func(name string) (string, bool, error) {
		switch name {
		case "role":
			return who.Role, who.Role != "", nil
		case "hf.EnrollmentID":
			return who.Name, true, nil
		}
		return "", false, nil
	})
	ci.GetX509CertificateReturns(&x509.Certificate{Subject: pkix.Name{CommonName: who.Name}}, nil)

	ctx := &mocks.TransactionContext{}
	ctx.GetStubReturns(stub)
	ctx.GetClientIdentityReturns(ci)
	return ctx
}

// compositeKey follows the shim's format: U+0000, the object type and each
// attribute, each followed by U+0000.
func compositeKey(objectType string, attrs []string) (string, error) {
	for _, s := range append([]string{objectType}, attrs...) {
		if strings.ContainsRune(s, 0) || strings.ContainsRune(s, 0x10FFFF) {
			return "", fmt.Errorf("composite key part %q holds a reserved character", s)
		}
	}
	return "\x00" + objectType + "\x00" + strings.Join(append(attrs, ""), "\x00"), nil
}
