// Package credit is the client side of the credit blacklist: the shared
// pseudonym key, listing a debtor with their personal data sent only as
// transient data, and a bank's check by ID number.
package credit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	cc "github.com/courtchain/judicial/chaincode/credit"
	"github.com/courtchain/judicial/chaincode/idnumber"
	"github.com/courtchain/judicial/gateway-client/judicial"
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

// SetKey stores the key on the channel (judges); setting the same key
// again changes nothing.
func SetKey(ctx context.Context, c *judicial.Client, key []byte) (*cc.KeyInfo, error) {
	res, err := c.SubmitWithTransient(ctx, "credit:SetPseudonymKey", map[string][]byte{"key": key})
	if err != nil {
		return nil, err
	}
	var info cc.KeyInfo
	return &info, json.Unmarshal(res.Payload, &info)
}

// List lists a debtor of caseNumber; the person's name and ID number go
// as transient data and never into the transaction.
func List(ctx context.Context, c *judicial.Client, caseNumber string, req cc.ListRequest, person cc.Person) ([]*cc.Listing, *judicial.Result, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, nil, err
	}
	p, err := json.Marshal(person)
	if err != nil {
		return nil, nil, err
	}
	res, err := c.SubmitWithTransient(ctx, "credit:List", map[string][]byte{"person": p}, caseNumber, string(body))
	if err != nil {
		return nil, nil, err
	}
	var listings []*cc.Listing
	return listings, res, json.Unmarshal(res.Payload, &listings)
}

// Check asks whether the person with this ID number is listed now.
func Check(ctx context.Context, c *judicial.Client, idNumber string) (*cc.CheckResult, error) {
	payload, err := c.EvaluateWithTransient(ctx, "credit:Check", map[string][]byte{"idNumber": []byte(idNumber)})
	if err != nil {
		return nil, err
	}
	var res cc.CheckResult
	return &res, json.Unmarshal(payload, &res)
}
