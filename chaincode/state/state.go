// Package state reads and writes the contracts' JSON records, each under a
// composite key of its object type and ID.
package state

import (
	"encoding/json"
	"fmt"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Key is the ledger key of record object/id.
func Key(ctx contractapi.TransactionContextInterface, object, id string) (string, error) {
	if id == "" {
		return "", &api.Error{Code: api.CodeInvalid, Message: object + " ID is missing"}
	}
	if len(id) > api.MaxID {
		return "", &api.Error{Code: api.CodeInvalid, Message: fmt.Sprintf("%s ID is %d bytes long; at most %d", object, len(id), api.MaxID)}
	}
	key, err := ctx.GetStub().CreateCompositeKey(object, []string{id})
	if err != nil {
		return "", &api.Error{Code: api.CodeInvalid, Message: fmt.Sprintf("%s ID %q: %v", object, api.Short(id), err)}
	}
	return key, nil
}

// Get reads the record object/id into v and reports whether it exists.
func Get(ctx contractapi.TransactionContextInterface, object, id string, v any) (bool, error) {
	key, err := Key(ctx, object, id)
	if err != nil {
		return false, err
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil {
		return false, fmt.Errorf("reading %s %s: %w", object, api.Short(id), err)
	}
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, &api.Error{Code: api.CodeCorrupt, Message: fmt.Sprintf("%s %s is stored in an unreadable form: %v", object, api.Short(id), err)}
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
		return &api.Error{Code: api.CodeNotFound, Message: fmt.Sprintf("%s %s is not on the ledger", object, api.Short(id))}
	}
	return nil
}

// Put writes the record object/id.
func Put(ctx contractapi.TransactionContextInterface, object, id string, v any) error {
	key, err := Key(ctx, object, id)
	if err != nil {
		return err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := ctx.GetStub().PutState(key, data); err != nil {
		return fmt.Errorf("writing %s %s: %w", object, api.Short(id), err)
	}
	return nil
}
