// Package system is the chaincode's own housekeeping contract: liveness,
// who the caller is, and the channel-wide parameters other contracts read.
package system

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Name is the contract's namespace: functions are called as system:Ping.
const Name = "system"

// Version is reported by Ping so operators can see which build answers.
const Version = "0.1.0"

const parameterObject = "param"

// Contract is the system contract.
type Contract struct {
	contractapi.Contract
}

// New returns the contract with its namespace set.
func New() *Contract {
	return &Contract{Contract: contractapi.Contract{Name: Name}}
}

// Info answers Ping.
type Info struct {
	Chaincode string `json:"chaincode"`
	Contract  string `json:"contract"`
	Version   string `json:"version"`
}

// Parameter is a parameter's current value and who set it.
type Parameter struct {
	Name      string `json:"name"`
	Value     string `json:"value"`
	Doc       string `json:"doc"`
	UpdatedBy string `json:"updatedBy"`
	UpdatedAt string `json:"updatedAt,omitempty" metadata:",optional"`
	TxID      string `json:"txId,omitempty" metadata:",optional"`
}

// Ping tells that the chaincode answers, and which version.
func (c *Contract) Ping(ctx contractapi.TransactionContextInterface) (*Info, error) {
	return &Info{Chaincode: "judicial", Contract: Name, Version: Version}, nil
}

// Noop does nothing: the baseline that benchmarks set the contracts'
// throughput against, measured on the same network in the same run.
func (c *Contract) Noop(ctx contractapi.TransactionContextInterface) error {
	return nil
}

// WhoAmI returns the caller as the chaincode sees it.
func (c *Contract) WhoAmI(ctx contractapi.TransactionContextInterface) (*access.Caller, error) {
	caller, err := access.Identify(ctx.GetClientIdentity())
	if err != nil {
		return nil, err
	}
	return &caller, nil
}

// SetParameter changes a channel parameter. Only a court judge may: these
// periods bind every case on the channel.
func (c *Contract) SetParameter(ctx contractapi.TransactionContextInterface, name string, value string) (*Parameter, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":SetParameter", access.Judge)
	if err != nil {
		return nil, err
	}
	def, ok := definitions[name]
	if !ok {
		return nil, fmt.Errorf("unknown parameter %q; known parameters: %v", name, names)
	}
	if err := def.check(value); err != nil {
		return nil, fmt.Errorf("parameter %s: %w", name, err)
	}
	ts, err := ctx.GetStub().GetTxTimestamp()
	if err != nil {
		return nil, fmt.Errorf("reading the transaction timestamp: %w", err)
	}
	p := &Parameter{
		Name:      name,
		Value:     value,
		Doc:       def.Doc,
		UpdatedBy: caller.String(),
		UpdatedAt: ts.AsTime().UTC().Format(time.RFC3339Nano),
		TxID:      ctx.GetStub().GetTxID(),
	}
	key, err := parameterKey(ctx, name)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	if err := ctx.GetStub().PutState(key, data); err != nil {
		return nil, fmt.Errorf("writing parameter %s: %w", name, err)
	}
	return p, nil
}

// GetParameter returns a parameter's value: the one set on the ledger, or
// its default.
func (c *Contract) GetParameter(ctx contractapi.TransactionContextInterface, name string) (*Parameter, error) {
	def, ok := definitions[name]
	if !ok {
		return nil, fmt.Errorf("unknown parameter %q; known parameters: %v", name, names)
	}
	key, err := parameterKey(ctx, name)
	if err != nil {
		return nil, err
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil {
		return nil, fmt.Errorf("reading parameter %s: %w", name, err)
	}
	if data == nil {
		return &Parameter{Name: name, Value: def.Default, Doc: def.Doc, UpdatedBy: "default"}, nil
	}
	var p Parameter
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("parameter %s is stored in an unreadable form: %w", name, err)
	}
	return &p, nil
}

// ListParameters returns every parameter, in name order.
func (c *Contract) ListParameters(ctx contractapi.TransactionContextInterface) ([]*Parameter, error) {
	out := make([]*Parameter, 0, len(names))
	for _, n := range names {
		p, err := c.GetParameter(ctx, n)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func parameterKey(ctx contractapi.TransactionContextInterface, name string) (string, error) {
	key, err := ctx.GetStub().CreateCompositeKey(parameterObject, []string{name})
	if err != nil {
		return "", fmt.Errorf("building the key of parameter %s: %w", name, err)
	}
	return key, nil
}
