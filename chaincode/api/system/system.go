// Package system is the wire contract of the chaincode's housekeeping:
// liveness, who the caller is, channel parameters and any record's
// history.
package system

import (
	"encoding/json"

	"github.com/courtchain/judicial/chaincode/api"
)

// Namespace is the contract's name: functions are called as system:Ping.
const Namespace = "system"

// Functions.
const (
	Ping           api.Function = Namespace + ":Ping"
	Noop           api.Function = Namespace + ":Noop"
	WhoAmI         api.Function = Namespace + ":WhoAmI"
	SetParameter   api.Function = Namespace + ":SetParameter"
	GetParameter   api.Function = Namespace + ":GetParameter"
	ListParameters api.Function = Namespace + ":ListParameters"
	History        api.Function = Namespace + ":History"
)

func init() {
	api.Register(
		api.Spec{Function: Ping, Returns: "Info", Doc: "Tells that the chaincode answers, and which version."},
		api.Spec{Function: Noop, Submit: true, Doc: "Does nothing: the baseline that benchmarks set the contracts against."},
		api.Spec{Function: WhoAmI, Returns: "api.Actor", Doc: "The caller as the chaincode sees it: MSP, enrollment ID, role."},
		api.Spec{Function: SetParameter, Submit: true, Roles: []api.Role{api.Judge},
			Args: api.Args("name string", "value string"), Returns: "Parameter",
			Doc: "Changes a channel parameter within its allowed range; the periods bind every case on the channel."},
		api.Spec{Function: GetParameter, Args: api.Args("name string"), Returns: "Parameter",
			Doc: "A parameter's value in force: the one set on the ledger, or its default."},
		api.Spec{Function: ListParameters, Returns: "[]Parameter", Doc: "Every parameter, in name order."},
		api.Spec{Function: History, Roles: []api.Role{api.Auditor, api.Judge},
			Args: api.Args("object string", "attrs JSON array of strings"), Returns: "[]KeyVersion",
			Doc: "Every committed version of any record under the composite key object/attrs, newest first (public state only; at most 1000 versions)."},
	)
}

// Version is reported by Ping so operators can see which build answers.
const Version = "0.2.0"

// Info answers Ping.
type Info struct {
	Chaincode string `json:"chaincode"`
	Contract  string `json:"contract"`
	Version   string `json:"version"`
}

// Parameter is a channel parameter's value in force and who set it.
type Parameter struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Doc   string `json:"doc"`
	// Default: no one has set it; Value is the default.
	Default   bool       `json:"default,omitempty"`
	UpdatedBy *api.Actor `json:"updatedBy,omitempty"`
	UpdatedAt string     `json:"updatedAt,omitempty"`
	TxID      string     `json:"txId,omitempty"`
}

// Parameter names. docs/legal.md cites the rule behind each default.
const (
	// FilingReviewPeriod: time a court has to docket or reject a filing
	// before it is docketed automatically.
	FilingReviewPeriod = "filing.reviewPeriod"
	// MediationGracePeriod: time after an obligation's due time before
	// non-performance is a breach.
	MediationGracePeriod = "mediation.gracePeriod"
	// TimestampWindow: how far a proposal's timestamp may be from the
	// endorsing chaincode server's clock.
	TimestampWindow = "time.window"
	// SweepMaxItems bounds the items one sweep transaction processes.
	SweepMaxItems = "sweep.maxItems"
	// EnforcementTerminationAfter: how long after filing an enforcement
	// case may end its current procedure for lack of property.
	EnforcementTerminationAfter = "enforcement.terminationAfter"
	// Longest terms of credit listings, in calendar years.
	CreditDishonestTerm      = "credit.dishonestYears"
	CreditDishonestExtension = "credit.dishonestExtensionYears"
	CreditConsumptionTerm    = "credit.consumptionYears"
)

// KeyVersion is one committed version of any record.
type KeyVersion struct {
	TxID      string `json:"txId"`
	Timestamp string `json:"timestamp"`
	Deleted   bool   `json:"deleted"`
	// Value is the record's JSON.
	Value json.RawMessage `json:"value,omitempty"`
	// Raw holds a value that is not JSON (an index entry, a counter).
	Raw string `json:"raw,omitempty"`
}
