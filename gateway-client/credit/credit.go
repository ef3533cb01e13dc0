// Package credit is the client of the credit blacklist
// (chaincode/api/credit): the shared pseudonym key, listing a debtor (a
// person or an entity and the persons who run it) with their personal
// data sent only as transient data, removal on a ground, approvals of
// necessary consumption, correction applications, a bank's check by ID
// number or credit code, paging, history and statistics.
package credit

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// KeyFileName is the pseudonym key's file beside the connection profile.
const KeyFileName = "pseudonym.key"

// LoadKey reads a pseudonym key file: 64 hex characters.
func LoadKey(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("pseudonym key: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(key) != idnumber.KeySize {
		return nil, fmt.Errorf("pseudonym key %s must hold %d hex characters", path, 2*idnumber.KeySize)
	}
	return key, nil
}

// LoadOrCreateKey reads the key file, or writes a new random key there
// (mode 0600) if there is none.
func LoadOrCreateKey(path string) ([]byte, bool, error) {
	key, err := LoadKey(path)
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		return key, false, err
	}
	key = make([]byte, idnumber.KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, false, err
	}
	return key, true, nil
}

// Client calls the credit contract.
type Client struct {
	c *gateway.Client
}

// New wraps a connected gateway client.
func New(c *gateway.Client) *Client { return &Client{c: c} }

// SetPseudonymKey stores the key on the channel (judges), as transient
// data; setting the same key again changes nothing.
func (cr *Client) SetPseudonymKey(ctx context.Context, key []byte) (*creditapi.KeyInfo, *gateway.Result, error) {
	return gateway.Submit(ctx, cr.c, creditapi.SetPseudonymKey, gateway.WithTransient(map[string][]byte{creditapi.TransientKey: key}))
}

// List lists a debtor of caseNumber (judges); names and identifiers go
// as transient data and never into the transaction, with a fresh random
// salt for the private record.
func (cr *Client) List(ctx context.Context, caseNumber string, req creditapi.ListRequest, subject creditapi.Subject) ([]*creditapi.Listing, *gateway.Result, error) {
	p, err := json.Marshal(subject)
	if err != nil {
		return nil, nil, err
	}
	salt := make([]byte, creditapi.SaltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, nil, err
	}
	return gateway.Submit(ctx, cr.c, creditapi.List, gateway.WithArgs(caseNumber, req),
		gateway.WithTransient(map[string][]byte{creditapi.TransientPerson: p, creditapi.TransientSalt: salt}))
}

// Check asks whether the person with this resident ID number is listed
// or restricted now, directly or as the person who runs a restricted
// entity.
func (cr *Client) Check(ctx context.Context, idNumber string) (*creditapi.CheckResult, error) {
	return cr.check(ctx, creditapi.Check, creditapi.TransientIDNumber, idNumber)
}

// CheckEntity asks whether the entity with this unified social credit
// code is listed or restricted now.
func (cr *Client) CheckEntity(ctx context.Context, code string) (*creditapi.CheckResult, error) {
	return cr.check(ctx, creditapi.CheckEntity, creditapi.TransientCreditCode, code)
}

func (cr *Client) check(ctx context.Context, fn api.Fn[*creditapi.CheckResult], field, id string) (*creditapi.CheckResult, error) {
	return gateway.Evaluate(ctx, cr.c, fn, gateway.WithTransient(map[string][]byte{field: []byte(id)}))
}

// Page reads one page of a court's active listings of one kind.
func (cr *Client) Page(ctx context.Context, court, kind string, opts ...gateway.PageOption) (*creditapi.ListingPage, error) {
	p := gateway.Pages(opts...)
	return gateway.Evaluate(ctx, cr.c, creditapi.Page, gateway.WithArgs(court, kind, p.Size, p.Bookmark))
}

// PersonalData reads the names and identifiers behind an active listing
// (judges, on a court peer). The chaincode seals them to a key made for
// this one call; only this call can open the answer.
func (cr *Client) PersonalData(ctx context.Context, id string) (*creditapi.Subject, error) {
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	sealed, err := gateway.Evaluate(ctx, cr.c, creditapi.PersonalData, gateway.WithArgs(id),
		gateway.WithTransient(map[string][]byte{creditapi.TransientPublicKey: key.PublicKey().Bytes()}))
	if err != nil {
		return nil, err
	}
	if sealed.Listing != id {
		return nil, fmt.Errorf("%s answered for listing %q, not %q", creditapi.PersonalData, sealed.Listing, id)
	}
	plain, err := creditapi.Open(key, sealed)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", creditapi.PersonalData, err)
	}
	var p creditapi.Subject
	if err := json.Unmarshal(plain, &p); err != nil {
		return nil, fmt.Errorf("%s sealed something this client does not read: %w", creditapi.PersonalData, err)
	}
	return &p, nil
}
