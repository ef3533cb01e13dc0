// Package system is the chaincode's own housekeeping contract: liveness,
// who the caller is, the channel-wide parameters the other contracts read
// (defined in the kernel) and any record's history for auditors.
package system

import (
	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Contract is the system contract.
type Contract struct {
	contractapi.Contract
}

// New returns the contract with its namespace set.
func New() *Contract {
	return &Contract{Contract: contractapi.Contract{Name: system.Namespace}}
}

// Ping tells that the chaincode answers, and which version.
func (c *Contract) Ping(ctx contractapi.TransactionContextInterface) (*system.Info, error) {
	return &system.Info{Chaincode: "judicial", Contract: system.Namespace, Version: system.Version, TestPeriods: kernel.TestPeriods()}, nil
}

// Noop does nothing: the baseline that benchmarks set the contracts'
// throughput against, measured on the same network in the same run.
func (c *Contract) Noop(ctx contractapi.TransactionContextInterface) error {
	return nil
}

// WhoAmI returns the caller as the chaincode sees it.
func (c *Contract) WhoAmI(ctx contractapi.TransactionContextInterface) (*api.Actor, error) {
	if _, err := kernel.Read(ctx, system.WhoAmI); err != nil {
		return nil, err
	}
	me, err := access.Identify(ctx.GetClientIdentity())
	return &me, err
}

// SetParameter changes a channel parameter. Only a court judge may: these
// periods bind every case on the channel.
func (c *Contract) SetParameter(ctx contractapi.TransactionContextInterface, name string, value string) (*system.Parameter, error) {
	tx, err := kernel.Begin(ctx, system.SetParameter)
	if err != nil {
		return nil, err
	}
	return kernel.SetParameter(tx, name, value)
}

// GetParameter returns a parameter's value in force.
func (c *Contract) GetParameter(ctx contractapi.TransactionContextInterface, name string) (*system.Parameter, error) {
	return kernel.Parameter(ctx, name)
}

// ListParameters returns every parameter, in name order.
func (c *Contract) ListParameters(ctx contractapi.TransactionContextInterface) ([]*system.Parameter, error) {
	names := kernel.ParameterNames()
	out := make([]*system.Parameter, 0, len(names))
	for _, n := range names {
		p, err := kernel.Parameter(ctx, n)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// SetHolidays declares one year's non-working days and adjusted working
// days. Only a court administrator may: the days move every period the
// law counts in working days or that ends on a day off.
func (c *Contract) SetHolidays(ctx contractapi.TransactionContextInterface, year int, request string) (*system.Calendar, error) {
	tx, err := kernel.Begin(ctx, system.SetHolidays)
	if err != nil {
		return nil, err
	}
	var req system.HolidaysRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	cal, err := kernel.SetHolidays(tx, year, &req)
	return cal, tx.Finish(err)
}

// GetCalendar returns the courts' calendar.
func (c *Contract) GetCalendar(ctx contractapi.TransactionContextInterface) (*system.Calendar, error) {
	if _, err := kernel.Read(ctx, system.GetCalendar); err != nil {
		return nil, err
	}
	return kernel.CalendarRecord(ctx)
}
