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
var (
	Ping = api.Declare[*Info](api.Spec{Function: Namespace + ":Ping", Anyone: true,
		Command: "ping",
		Doc:     "Tells that the chaincode answers, and which version."})
	Noop = api.Declare[api.None](api.Spec{Function: Namespace + ":Noop", Submit: true, Anyone: true,
		Doc: "Does nothing: the baseline that benchmarks set the contracts against."})
	WhoAmI = api.Declare[*api.Actor](api.Spec{Function: Namespace + ":WhoAmI", Anyone: true,
		Command: "whoami",
		Doc:     "The caller as the chaincode sees it: MSP, enrollment ID, role."})
	SetParameter = api.Declare[*Parameter](api.Spec{Function: Namespace + ":SetParameter", Submit: true, Roles: []api.Role{api.Judge},
		Args:    []api.Arg{api.String("name"), api.String("value")},
		Command: "param set",
		Doc:     "Changes a channel parameter within its allowed range; the periods bind every case on the channel."})
	GetParameter = api.Declare[*Parameter](api.Spec{Function: Namespace + ":GetParameter", Anyone: true,
		Args:    []api.Arg{api.String("name")},
		Command: "param get",
		Doc:     "A parameter's value in force: the one set on the ledger, or its default."})
	ListParameters = api.Declare[[]*Parameter](api.Spec{Function: Namespace + ":ListParameters", Anyone: true,
		Command: "param list",
		Doc:     "Every parameter, in name order."})
	History = api.Declare[[]KeyVersion](api.Spec{Function: Namespace + ":History", Roles: []api.Role{api.Auditor, api.Judge},
		Args:    []api.Arg{api.String("object"), api.JSON[[]string]("attrs")},
		Command: "audit history",
		Doc:     "Every committed version of any record under the composite key object/attrs, newest first (public state only; at most 1000 versions)."})
	SetHolidays = api.Declare[*Calendar](api.Spec{Function: Namespace + ":SetHolidays", Submit: true, Roles: []api.Role{api.CourtAdmin},
		Args:    []api.Arg{api.Int("year"), api.JSON[HolidaysRequest]("request")},
		Events:  []string{EventCalendarSet},
		Command: "calendar set",
		Doc:     "Declares one year's non-working days and the weekend days made working days (调休), replacing what was declared for that year; periods counted in working days and days use them from the next transaction on."})
	GetCalendar = api.Declare[*Calendar](api.Spec{Function: Namespace + ":GetCalendar", Anyone: true,
		Command: "calendar show",
		Doc:     "The courts' calendar: each declared year's holidays and adjusted working days, and who declared them."})
	Version = api.Declare[*VersionInfo](api.Spec{Function: Namespace + ":Version", Anyone: true,
		Doc: "The chaincode's release, the source revision it was built from, and the fingerprint of its function declarations, for a client to check that it speaks the same contract."})
)

// EventCalendarSet is the event of a year's holidays declared.
const EventCalendarSet = "calendar.set"

// Capability is the system contract's place in the chaincode.
var Capability = api.DeclareCapability(api.Capability{Name: "system", Order: 1,
	Title:      "Housekeeping: liveness, who the caller is, channel parameters, the courts' calendar, any record's history",
	Namespaces: []string{Namespace}})

// ChaincodeVersion is reported by Ping and Version so operators can see
// which release answers.
const ChaincodeVersion = "0.2.0"

// Info answers Ping.
type Info struct {
	Chaincode string `json:"chaincode"`
	Contract  string `json:"contract"`
	Version   string `json:"version"`
	// TestPeriods: this server lets periods go below the law's bounds;
	// only test networks run so (JUDICIAL_TEST_PERIODS=1).
	TestPeriods bool `json:"testPeriods,omitempty"`
}

// VersionInfo answers Version. Declarations is api.Fingerprint() as the
// answering chaincode server computes it: a client built from the same
// chaincode/api computes the same.
type VersionInfo struct {
	Version string `json:"version"`
	// Revision and Modified are the version control revision the server
	// was built from, and whether its tree had uncommitted changes; empty
	// and false when the build did not record them.
	Revision     string `json:"revision,omitempty"`
	Modified     bool   `json:"modified,omitempty"`
	Declarations string `json:"declarations"`
	Functions    int    `json:"functions"`
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
	// FilingReviewDays: days a court has to docket a complaint or rule
	// not to (CPL 2023 art. 126) before it is docketed automatically.
	FilingReviewDays = "filing.reviewDays"
	// MediationGracePeriod: time after an obligation's due time before
	// non-performance is a breach.
	MediationGracePeriod = "mediation.gracePeriod"
	// TimestampWindow: how far a proposal's timestamp may be from the
	// endorsing chaincode server's clock.
	TimestampWindow = "time.window"
	// SweepMaxItems bounds the items one sweep transaction processes.
	SweepMaxItems = "sweep.maxItems"
	// EnforcementTerminationMonths: calendar months that must have passed
	// since docketing before a case may be terminated for lack of
	// property (2016 Provisions, art. 1(4)).
	EnforcementTerminationMonths = "enforcement.terminationMonths"
	// EnforcementInquiryMonths: calendar months between the court's
	// network inquiries into a terminated case's debtors' property: 6,
	// which the law fixes (2016 Provisions, art. 9 para. 2); only a test
	// network (test periods) sets 0, which makes every round due at once.
	EnforcementInquiryMonths = "enforcement.inquiryMonths"
	// EnforcementSearchChannels lists the channels a court searches a
	// debtor's property through before it may terminate for lack of
	// property (2016 Provisions, art. 1(3)), comma-separated; each channel
	// is 1 to 32 of a-z and _, at most MaxSearchChannels of them.
	EnforcementSearchChannels = "enforcement.searchChannels"
)

// DefaultSearchChannels is enforcement.searchChannels' default.
const DefaultSearchChannels = "online_bank,real_estate,vehicles,securities"

// MaxSearchChannels bounds the channels of enforcement.searchChannels.
const MaxSearchChannels = 20

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

// Limits of the courts' calendar.
const (
	// MaxYears bounds the years a calendar holds.
	MaxYears = 25
	// MaxHolidays bounds one year's holidays: China's are about 30 days a
	// year, weekends inside holiday runs included.
	MaxHolidays = 60
	// MaxWorkdays bounds one year's weekend days made working days.
	MaxWorkdays = 20
	// MaxCalendarBasis bounds the basis of a year's declaration, in bytes.
	MaxCalendarBasis = 300
	// FirstYear and LastYear bound the years that may be declared.
	FirstYear, LastYear = 2000, 2099
)

// HolidaysRequest declares one year's non-working days (public holidays,
// weekends inside them included or not) and the Saturdays and Sundays
// made working days, as YYYY-MM-DD dates of that year, with the notice
// they come from.
type HolidaysRequest struct {
	Holidays []string `json:"holidays"`
	Workdays []string `json:"workdays"`
	// Basis names the State Council's arrangement, e.g. "国办发明电〔2024〕12号".
	Basis string `json:"basis"`
}

// Year is one declared year of the calendar.
type Year struct {
	Year     int       `json:"year"`
	Holidays []string  `json:"holidays"`
	Workdays []string  `json:"workdays"`
	Basis    string    `json:"basis"`
	SetBy    api.Actor `json:"setBy"`
	SetAt    string    `json:"setAt"`
	TxID     string    `json:"txId"`
}

// Calendar is the courts' calendar, years in order. A year not declared
// counts Saturdays and Sundays as its only days off.
type Calendar struct {
	Years []Year `json:"years"`
}
