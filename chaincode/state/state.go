// Package state reads and writes the contracts' JSON records, each under a
// composite key of its object type and ID.
package state

import (
	"encoding/json"
	"fmt"

	"github.com/courtchain/judicial/chaincode/input"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Get reads the record object/id into v and reports whether it exists.
func Get(ctx contractapi.TransactionContextInterface, object, id string, v any) (bool, error) {
	if id == "" {
		return false, fmt.Errorf("%s ID is missing", object)
	}
	key, err := ctx.GetStub().CreateCompositeKey(object, []string{id})
	if err != nil {
		return false, fmt.Errorf("%s ID %q: %w", object, input.Short(id), err)
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil {
		return false, fmt.Errorf("reading %s %s: %w", object, id, err)
	}
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("%s %s is stored in an unreadable form: %w", object, id, err)
	}
	return true, nil
}

// MustGet is Get for a record that has to exist.
func MustGet(ctx contractapi.TransactionContextInterface, object, id string, v any) error {
	found, err := Get(ctx, object, id, v)
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("%s %s is not on the ledger", object, input.Short(id))
	}
	return nil
}

// Put writes the record object/id.
func Put(ctx contractapi.TransactionContextInterface, object, id string, v any) error {
	key, err := ctx.GetStub().CreateCompositeKey(object, []string{id})
	if err != nil {
		return err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := ctx.GetStub().PutState(key, data); err != nil {
		return fmt.Errorf("writing %s %s: %w", object, id, err)
	}
	return nil
}
