// Package enforcement is the wire contract of enforcement cases from
// filing to conclusion (Opinions items 11, 16 and 20): every operation
// appended to the case's log; freezes, seizures and deductions through a
// closed loop of request, approval and execution; resumption when a bank
// reports a property clue or a settlement instalment is missed; and
// deterministic distribution of what is collected.
package enforcement

import (
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
)

// Namespace is the contract's name.
const Namespace = "enforcement"

// Functions.
const (
	OpenCase           api.Function = Namespace + ":OpenCase"
	Activate           api.Function = Namespace + ":Activate"
	Terminate          api.Function = Namespace + ":Terminate"
	Resume             api.Function = Namespace + ":Resume"
	Settle             api.Function = Namespace + ":Settle"
	RecordCollection   api.Function = Namespace + ":RecordCollection"
	ReportCollection   api.Function = Namespace + ":ReportCollection"
	ConfirmCollection  api.Function = Namespace + ":ConfirmCollection"
	Distribute         api.Function = Namespace + ":Distribute"
	GetCase            api.Function = Namespace + ":GetCase"
	KeyPolicy          api.Function = Namespace + ":KeyPolicy"
	LogOperation       api.Function = Namespace + ":LogOperation"
	Operations         api.Function = Namespace + ":Operations"
	OperationsByKind   api.Function = Namespace + ":OperationsByKind"
	RequestMeasure     api.Function = Namespace + ":RequestMeasure"
	ApproveMeasure     api.Function = Namespace + ":ApproveMeasure"
	RejectMeasure      api.Function = Namespace + ":RejectMeasure"
	ConfirmMeasure     api.Function = Namespace + ":ConfirmMeasure"
	GetMeasure         api.Function = Namespace + ":GetMeasure"
	ReportPropertyClue api.Function = Namespace + ":ReportPropertyClue"
	GetClue            api.Function = Namespace + ":GetClue"
)

var (
	officer       = []api.Role{api.EnforcementOfficer}
	judge         = []api.Role{api.Judge}
	bank          = []api.Role{api.BankOfficer}
	courtReaders  = []api.Role{api.Judge, api.Clerk, api.EnforcementOfficer, api.Auditor}
	measureReader = []api.Role{api.Judge, api.Clerk, api.EnforcementOfficer, api.BankOfficer, api.Auditor}
	// CaseReaders may read a case record: it holds no personal data.
	CaseReaders = []api.Role{api.Judge, api.Clerk, api.EnforcementOfficer, api.Auditor, api.BankOfficer, api.Mediator}
)

func init() {
	api.Register(
		api.Spec{Function: OpenCase, Submit: true, Roles: []api.Role{api.Clerk}, Args: api.Args("request OpenRequest"), Returns: "Case",
			Doc: "Files an enforcement case on a creditor's application. A basis opens one case; a judgment on this ledger must be past its performance period."},
		api.Spec{Function: Activate, Submit: true, Roles: []api.Role{api.EnforcementOfficer, api.Judge}, Args: api.Args("case string", "document digest"), Returns: "Case",
			Doc: "Issues the enforcement notice: the case becomes active and measures may begin."},
		api.Spec{Function: Terminate, Submit: true, Roles: judge, Args: api.Args("case string", "reason string", "document digest"), Returns: "Case",
			Doc: "Ends the current procedure for lack of property, once a property investigation is logged and the period since filing (parameter enforcement.terminationAfter) has passed."},
		api.Spec{Function: Resume, Submit: true, Roles: judge, Args: api.Args("case string", "reason string", "document digest"), Returns: "Case",
			Doc: "Resumes a terminated or settled case on the creditor's application."},
		api.Spec{Function: Settle, Submit: true, Roles: []api.Role{api.EnforcementOfficer, api.Judge}, Args: api.Args("case string", "request SettlementRequest"), Returns: "Case",
			Doc: "Records an enforcement settlement; each instalment's due time is scheduled; a missed one resumes enforcement."},
		api.Spec{Function: RecordCollection, Submit: true, Roles: bank,
			Args: api.Args("case string", "amount int", "proof digest", "note string"), Returns: "Case",
			Doc: "The bank an approved measure of the case is addressed to records money it moved to the court; concludes the case when the amount due (or the settlement) is reached."},
		api.Spec{Function: ReportCollection, Submit: true, Roles: []api.Role{api.EnforcementOfficer, api.Clerk},
			Args: api.Args("case string", "amount int", "proof digest", "note string"), Returns: "Case",
			Doc: "Reports money paid towards the case that no bank under a measure saw (a voluntary payment, auction proceeds); it counts once another person confirms it."},
		api.Spec{Function: ConfirmCollection, Submit: true, Roles: []api.Role{api.Judge, api.Clerk},
			Args: api.Args("case string", "report string"), Returns: "Case",
			Doc: "Confirms a reported collection; never by who reported it. It may conclude the case."},
		api.Spec{Function: Distribute, Submit: true, Roles: officer, Args: api.Args("case string", "amount int", "document digest"), Returns: "Distribution",
			Doc: "Pays collected money out to the creditors: priority classes first, then pro rata in whole fen, the remainder by largest remainder."},
		api.Spec{Function: GetCase, Roles: CaseReaders, Args: api.Args("case string"), Returns: "Case", Doc: "Reads an enforcement case."},
		api.Spec{Function: KeyPolicy, Roles: CaseReaders, Args: api.Args("case string"), Returns: "[]string",
			Doc: "The orgs whose peers must endorse any change of the case record, from its key-level endorsement policy."},
		api.Spec{Function: LogOperation, Submit: true, Roles: officer,
			Args: api.Args("case string", "kind string", "document digest", "note string"), Returns: "Operation",
			Doc: "Appends an investigation, valuation, auction, interview, credit punishment or archiving step to the case's log."},
		api.Spec{Function: Operations, Roles: courtReaders, Args: api.Args("case string", "pageSize int", "bookmark string"), Returns: "OperationPage",
			Doc: "A case's log in order, a page at a time (1 to 200 entries)."},
		api.Spec{Function: OperationsByKind, Roles: []api.Role{api.Auditor, api.Judge},
			Args: api.Args("kind string", "from time", "to time", "pageSize int", "bookmark string"), Returns: "OperationPage",
			Doc: "Operations of one kind across all cases with a time in [from, to), in time order, a page at a time."},
		api.Spec{Function: RequestMeasure, Submit: true, Roles: officer,
			Args: api.Args("case string", "kind string", "target digest", "amount int", "document digest"), Returns: "MeasureResult",
			Doc: "Asks a judge to approve a freeze, seizure or deduction, to be executed by the credit org."},
		api.Spec{Function: ApproveMeasure, Submit: true, Roles: judge, Args: api.Args("case string", "measure string", "document digest"), Returns: "MeasureResult",
			Doc: "Approves a requested measure; never by the identity that requested it."},
		api.Spec{Function: RejectMeasure, Submit: true, Roles: judge, Args: api.Args("case string", "measure string", "reason string"), Returns: "MeasureResult",
			Doc: "Rejects a requested measure, with a reason."},
		api.Spec{Function: ConfirmMeasure, Submit: true, Roles: bank,
			Args: api.Args("case string", "measure string", "executed int", "proof digest"), Returns: "MeasureResult",
			Doc: "The addressed bank records that it executed an approved measure; a deduction is money collected."},
		api.Spec{Function: GetMeasure, Roles: measureReader, Args: api.Args("case string", "measure string"), Returns: "Measure", Doc: "Reads a measure."},
		api.Spec{Function: ReportPropertyClue, Submit: true, Roles: bank,
			Args: api.Args("debtor pseudonym", "kind string", "description digest", "value int"), Returns: "ClueResult",
			Doc: "A bank's clue to a debtor's property: terminated cases of the debtor resume, active ones get a freeze request to that bank. The same clue again changes nothing."},
		api.Spec{Function: GetClue, Roles: measureReader, Args: api.Args("id string"), Returns: "Clue", Doc: "Reads a property clue."},
	)
}

// KindInstalment is the deadline kind of a settlement instalment.
const KindInstalment = "instalment"

// Bases of enforcement a clerk may file a case on.
var Bases = []string{"judgment", "mediation", "arbitration", "notarial"}

// Limits.
const (
	// MaxParties bounds creditors and debtors of one case together.
	MaxParties = 100
	// MaxInstalments bounds one settlement.
	MaxInstalments = 60
	// MaxPage bounds a page of a listing.
	MaxPage = 200
	// MaxNote bounds the note of a logged operation.
	MaxNote = 1000
	// MaxCasesPerClue bounds the cases one clue report touches.
	MaxCasesPerClue = 50
	// MaxPendingReports bounds the collections of a case reported and
	// not yet confirmed.
	MaxPendingReports = 10
)

// Case is an enforcement case: the common case record and what
// enforcement adds to it.
type Case struct {
	cases.Case
	// Collected is what has been paid or deducted towards the amount
	// due; Distributed is what of it has been paid out to creditors.
	Collected   int64 `json:"collected"`
	Distributed int64 `json:"distributed"`
	// Operations counts the log's entries: the next one's sequence number.
	Operations     int `json:"operations"`
	Investigations int `json:"investigations"`
	Measures       int `json:"measures"`
	Settlements    int `json:"settlements"`
	// Collections counts the collections reported, confirmed or not.
	Collections  int         `json:"collections"`
	Settlement   *Settlement `json:"settlement,omitempty"`
	StateSince   string      `json:"stateSince,omitempty"`
	ConcludedHow string      `json:"concludedHow,omitempty"`
	// Reports are the collections reported and awaiting confirmation.
	Reports []CollectionReport `json:"reports,omitempty"`
	// Banks are the MSPs that an approved measure of the case is addressed
	// to: they may record the money they move with RecordCollection.
	Banks []string `json:"banks,omitempty"`
	// Limitation is the application period of the document enforced, when
	// the ledger knows the document (CPL 2023 art. 250).
	Limitation *cases.Limitation `json:"limitation,omitempty"`
}

// CollectionReport is money reported paid towards a case that counts once
// another person confirms it.
type CollectionReport struct {
	// ID is R and the case's report count: R1, R2, ...
	ID         string    `json:"id"`
	Amount     int64     `json:"amount"`
	Proof      string    `json:"proof"`
	Note       string    `json:"note,omitempty"`
	ReportedBy api.Actor `json:"reportedBy"`
	ReportedAt string    `json:"reportedAt"`
}

// Outstanding is what the debtor still owes.
func (c *Case) Outstanding() int64 { return c.AmountDue - c.Collected }

// OpenRequest files an enforcement case on a creditor's application.
type OpenRequest struct {
	// Basis is the enforceable document: its kind (one of Bases) and its
	// number.
	Basis     cases.Origin  `json:"basis"`
	Document  string        `json:"document"`
	Creditors []string      `json:"creditors"`
	Debtors   []string      `json:"debtors"`
	Amount    int64         `json:"amount"`
	Claims    []cases.Claim `json:"claims,omitempty"`
	Evidence  []string      `json:"evidence,omitempty"`
}

// Operation kinds. Officers log the first group themselves; the contract
// logs the rest as the functions that perform them run.
const (
	OpInvestigation    = "investigation"
	OpValuation        = "valuation"
	OpAuction          = "auction"
	OpInterview        = "interview"
	OpCreditPunishment = "credit_punishment"
	OpArchiving        = "archiving"

	OpNotice       = "notice"
	OpFreeze       = "freeze"
	OpSeizure      = "seizure"
	OpDeduction    = "deduction"
	OpClue         = "property_clue"
	OpCollection   = "collection"
	OpDistribution = "distribution"
	OpTermination  = "termination"
	OpResumption   = "resumption"
	OpSettlement   = "settlement"
	OpConclusion   = "conclusion"
)

// Loggable are the kinds an officer records with LogOperation; the
// sensitive ones (freeze, seizure, deduction) only go through the
// request–approval–execution loop.
var Loggable = []string{OpInvestigation, OpValuation, OpAuction, OpInterview, OpCreditPunishment, OpArchiving}

// Sensitive are the measures that need a judge's approval.
var Sensitive = []string{OpFreeze, OpSeizure, OpDeduction}

// Operation is one entry of a case's log.
type Operation struct {
	Case     string    `json:"case"`
	Seq      int       `json:"seq"`
	Kind     string    `json:"kind"`
	Step     string    `json:"step,omitempty"`
	Officer  api.Actor `json:"officer"`
	At       string    `json:"at"`
	Document string    `json:"document,omitempty"`
	Note     string    `json:"note,omitempty"`
	Amount   int64     `json:"amount,omitempty"`
	// Measure names the freeze, seizure or deduction a step belongs to.
	Measure string  `json:"measure,omitempty"`
	Shares  []Share `json:"shares,omitempty"`
	TxID    string  `json:"txId"`
}

// Share is what one creditor receives in a distribution.
type Share struct {
	Creditor string `json:"creditor"`
	Priority int    `json:"priority"`
	Amount   int64  `json:"amount"`
}

// OperationPage is one page of a listing and where the next one starts.
type OperationPage struct {
	Operations []Operation `json:"operations"`
	// Bookmark is empty after the last page.
	Bookmark string `json:"bookmark"`
}

// Distribution is what one distribution paid out.
type Distribution struct {
	Case      *Case     `json:"case"`
	Operation Operation `json:"operation"`
}

// Measure states: an officer requests, a judge approves or rejects, the
// bank executes. Nothing else moves a measure.
const (
	Requested = "requested"
	Approved  = "approved"
	Rejected  = "rejected"
	Executed  = "executed"
)

// Measure is a freeze, seizure or deduction and the steps of its loop.
type Measure struct {
	Case   string `json:"case"`
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	State  string `json:"state"`
	Target string `json:"target"`
	Amount int64  `json:"amount"`
	// Bank is the MSP that executes and confirms it.
	Bank     string `json:"bank"`
	Document string `json:"document,omitempty"`
	// Origin is "officer", or the property clue that raised it.
	Origin      string     `json:"origin"`
	RequestedBy api.Actor  `json:"requestedBy"`
	RequestedAt string     `json:"requestedAt"`
	DecidedBy   *api.Actor `json:"decidedBy,omitempty"`
	DecidedAt   string     `json:"decidedAt,omitempty"`
	Decision    string     `json:"decision,omitempty"`
	ExecutedBy  *api.Actor `json:"executedBy,omitempty"`
	ExecutedAt  string     `json:"executedAt,omitempty"`
	Executed    int64      `json:"executed,omitempty"`
	Proof       string     `json:"proof,omitempty"`
}

// MeasureResult is a measure and its case after a step.
type MeasureResult struct {
	Measure *Measure `json:"measure"`
	Case    *Case    `json:"case"`
}

// ClueKinds are the kinds of property a clue may point at.
var ClueKinds = []string{"deposit", "real_estate", "vehicle", "securities", "receivable", "other"}

// Clue is a property clue a bank reported about a debtor.
type Clue struct {
	ID          string    `json:"id"`
	Debtor      string    `json:"debtor"`
	Kind        string    `json:"kind"`
	Description string    `json:"description"`
	Value       int64     `json:"value"`
	Bank        string    `json:"bank"`
	ReportedBy  api.Actor `json:"reportedBy"`
	ReportedAt  string    `json:"reportedAt"`
	TxID        string    `json:"txId"`
}

// ClueOutcome is what a clue did in one case.
type ClueOutcome struct {
	Case    string `json:"case"`
	Result  string `json:"result"`
	Measure string `json:"measure,omitempty"`
}

// ClueResult is a clue report's effect. Duplicate marks a report of a clue
// already on the ledger: nothing changed.
type ClueResult struct {
	Clue      *Clue         `json:"clue"`
	Duplicate bool          `json:"duplicate"`
	Cases     []ClueOutcome `json:"cases"`
}

// Settlement is an enforcement settlement: the parties agree on
// instalments, enforcement is suspended while they are paid, and a missed
// one resumes the original enforcement.
type Settlement struct {
	// No numbers the case's settlements, so that a deadline of an earlier
	// settlement never acts on a later one.
	No          int          `json:"no"`
	Document    string       `json:"document"`
	Total       int64        `json:"total"`
	Paid        int64        `json:"paid"`
	Instalments []Instalment `json:"instalments"`
	AgreedAt    string       `json:"agreedAt"`
}

// Instalment is one payment of a settlement.
type Instalment struct {
	Amount int64  `json:"amount"`
	Due    string `json:"due"`
	Paid   bool   `json:"paid"`
}

// SettlementRequest records a settlement: the digest of the agreement and
// its instalments, in due order.
type SettlementRequest struct {
	Document    string              `json:"document"`
	Instalments []InstalmentRequest `json:"instalments"`
}

// InstalmentRequest is one instalment of a new settlement.
type InstalmentRequest struct {
	Amount int64  `json:"amount"`
	Due    string `json:"due"`
}
