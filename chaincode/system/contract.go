// Package system is the chaincode's own housekeeping contract: liveness,
// who the caller is, the channel-wide parameters the other contracts read
// (defined in the kernel) and any record's history for auditors.
package system

import (
	"runtime/debug"

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
	return &Contract{Contract: kernel.NewContract(system.Namespace)}
}

// Ping tells that the chaincode answers, and which version.
func (c *Contract) Ping(t *kernel.Tx) (*system.Info, error) {
	return &system.Info{Chaincode: "judicial", Contract: system.Namespace, Version: system.ChaincodeVersion, TestPeriods: kernel.TestPeriods()}, nil
}

// Version reports the release, the revision the server was built from
// and the fingerprint of the declarations it serves. It reads nothing on
// the ledger: each peer's chaincode server answers for itself.
func (c *Contract) Version(t *kernel.Tx) (*system.VersionInfo, error) {
	v := &system.VersionInfo{Version: system.ChaincodeVersion, Declarations: api.Fingerprint(), Functions: len(api.Specs())}
	if build, ok := debug.ReadBuildInfo(); ok {
		for _, s := range build.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Revision = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	return v, nil
}

// Noop does nothing: the baseline that benchmarks set the contracts'
// throughput against, measured on the same network in the same run.
func (c *Contract) Noop(t *kernel.Tx) error {
	return nil
}

// WhoAmI returns the caller as the chaincode sees it.
func (c *Contract) WhoAmI(t *kernel.Tx) (*api.Actor, error) {
	me, err := t.Identify()
	return &me, err
}

// SetParameter changes a channel parameter. Only a court judge may: these
// periods bind every case on the channel.
func (c *Contract) SetParameter(t *kernel.Tx, name string, value string) (*system.Parameter, error) {
	return kernel.SetParameter(t, name, value)
}

// GetParameter returns a parameter's value in force.
func (c *Contract) GetParameter(t *kernel.Tx, name string) (*system.Parameter, error) {
	return kernel.Parameter(t, name)
}

// ListParameters returns every parameter, in name order.
func (c *Contract) ListParameters(t *kernel.Tx) ([]*system.Parameter, error) {
	names := kernel.ParameterNames()
	out := make([]*system.Parameter, 0, len(names))
	for _, n := range names {
		p, err := kernel.Parameter(t, n)
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
func (c *Contract) SetHolidays(t *kernel.Tx, year int, request string) (*system.Calendar, error) {
	var req system.HolidaysRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	return kernel.SetHolidays(t, year, &req)
}

// GetCalendar returns the courts' calendar.
func (c *Contract) GetCalendar(t *kernel.Tx) (*system.Calendar, error) {
	return kernel.CalendarRecord(t)
}
