// Package enforcement is the wire contract of enforcement cases from
// filing to conclusion (Opinions items 11, 16 and 20): every operation
// appended to the case's log; freezes, seizures and deductions through a
// closed loop of request, approval and execution; termination for lack of
// property once the five conditions of the 2016 Provisions are in the
// log, then the court's inquiry every 6 months for 5 years; resumption as
// a case of its own (执恢) when property covering the debt is found, when
// an officer verifies property the creditor reported, or when a
// settlement is not performed; suspension, rulings not to enforce and
// final termination; and deterministic distribution of what is collected.
package enforcement

import (
	"slices"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	"github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/api/mediation"
)

// Namespace is the contract's name.
const Namespace = "enforcement"

// Functions.
var (
	OpenCase = api.Declare[*Case](api.Spec{Function: Namespace + ":OpenCase", Submit: true, Roles: []api.Role{api.Clerk},
		Args:    []api.Arg{api.JSON[OpenRequest]("request")},
		Events:  []string{cases.EventOpened, cases.EventApplicationLate, mediation.EventJudgmentEnforcement, mediation.EventAgreementEnforcement},
		Command: "enforcement open",
		Doc:     "Files an enforcement case on a creditor's application. A basis opens one case; a judgment on this ledger must be past its performance period."})
	Activate = api.Declare[*Case](api.Spec{Function: Namespace + ":Activate", Submit: true, Roles: []api.Role{api.EnforcementOfficer, api.Judge},
		Args:   []api.Arg{api.String("case"), api.Digest("document")},
		Events: []string{cases.EventActive},
		Doc:    "Issues the enforcement notice: the case becomes active and measures may begin."})
	Terminate = api.Declare[*Case](api.Spec{Function: Namespace + ":Terminate", Submit: true, Roles: judge,
		Args:   []api.Arg{api.String("case"), api.String("reason"), api.Digest("document")},
		Events: []string{cases.EventTerminated, cases.EventInquiriesScheduled},
		Doc:    "Ends the current procedure for lack of property once the case's log shows all five conditions of the 2016 Provisions, art. 1 (notice and order to report property; restriction order and listing or no grounds for it; a search through every channel of parameter enforcement.searchChannels; more than enforcement.terminationMonths calendar months since docketing; the debtor searched for or not missing); the refusal lists every unmet one. Schedules the court's network inquiry every 6 months for 5 years."})
	Resume = api.Declare[*ResumptionResult](api.Spec{Function: Namespace + ":Resume", Submit: true, Roles: judge,
		Args:   []api.Arg{api.String("case"), api.String("reason"), api.Digest("document")},
		Events: resumed,
		Doc:    "Resumes a terminated case, or a settled one whose settlement is not performed, on the creditor's application: dockets a resumption case (执恢) of its own, linked both ways; the original stays as it is."})
	Settle = api.Declare[*Case](api.Spec{Function: Namespace + ":Settle", Submit: true, Roles: []api.Role{api.EnforcementOfficer, api.Judge},
		Args:   []api.Arg{api.String("case"), api.JSON[SettlementRequest]("request")},
		Events: []string{cases.EventSettled},
		Doc:    "Records an enforcement settlement; each instalment's due time is scheduled. A missed one dockets a resumption case where the creditor applied in advance (preAuthorised), and is otherwise reported to the creditor and the court."})
	RecordCollection = api.Declare[*Case](api.Spec{Function: Namespace + ":RecordCollection", Submit: true, Roles: bank,
		Args:    []api.Arg{api.String("case"), api.Amount("amount"), api.Digest("proof"), api.String("note")},
		Events:  []string{EventCollectionReported},
		Command: "enforcement collect",
		Doc:     "The bank an approved measure of the case is addressed to records money it saw paid to the court; it counts once the court confirms it (ConfirmCollection). A bank's own deductions count as it executes them (ConfirmMeasure)."})
	ReportCollection = api.Declare[*Case](api.Spec{Function: Namespace + ":ReportCollection", Submit: true, Roles: []api.Role{api.EnforcementOfficer, api.Clerk},
		Args:   []api.Arg{api.String("case"), api.Amount("amount"), api.Digest("proof"), api.String("note")},
		Events: []string{EventCollectionReported},
		Doc:    "Reports money paid towards the case that no bank under a measure saw (a voluntary payment, auction proceeds); it counts once another person confirms it."})
	ConfirmCollection = api.Declare[*Case](api.Spec{Function: Namespace + ":ConfirmCollection", Submit: true, Roles: []api.Role{api.Judge, api.Clerk},
		Args:   []api.Arg{api.String("case"), api.String("report")},
		Events: append([]string{cases.EventCollected, cases.EventConcluded}, ended...),
		Doc:    "Confirms a reported collection; never by who reported it. It may conclude the case."})
	Distribute = api.Declare[*Distribution](api.Spec{Function: Namespace + ":Distribute", Submit: true, Roles: officer,
		Args:   []api.Arg{api.String("case"), api.Amount("amount"), api.Digest("document")},
		Events: []string{cases.EventDistributed},
		Doc:    "Pays collected money out to the creditors: priority classes first, then pro rata in whole fen, the remainder by largest remainder."})
	GetCase = api.Declare[*Case](api.Spec{Function: Namespace + ":GetCase", Roles: CaseReaders,
		Args:    []api.Arg{api.String("case")},
		Command: "enforcement show",
		Doc:     "Reads an enforcement case."})
	KeyPolicy = api.Declare[[]string](api.Spec{Function: Namespace + ":KeyPolicy", Roles: CaseReaders,
		Args:    []api.Arg{api.String("case")},
		Command: "enforcement policy",
		Doc:     "The orgs whose peers must endorse any change of the case record, from its key-level endorsement policy."})
	LogOperation = api.Declare[*Operation](api.Spec{Function: Namespace + ":LogOperation", Submit: true, Roles: officer,
		Args:    []api.Arg{api.String("case"), api.String("kind"), api.Digest("document"), api.String("note")},
		Events:  []string{EventOperationLogged},
		Command: "enforcement log",
		Doc:     "Appends an investigation, valuation, auction, interview, credit punishment or archiving step to the case's log."})
	Operations = api.Declare[*OperationPage](api.Spec{Function: Namespace + ":Operations", Roles: courtReaders,
		Args: []api.Arg{api.String("case"), api.Int("pageSize"), api.String("bookmark")},
		Doc:  "A case's log in order, a page at a time (1 to 200 entries)."})
	OperationsByKind = api.Declare[*OperationPage](api.Spec{Function: Namespace + ":OperationsByKind", Roles: []api.Role{api.Auditor, api.Judge},
		Args: []api.Arg{api.String("kind"), api.Time("from"), api.Time("to"), api.Int("pageSize"), api.String("bookmark")},
		Doc:  "Operations of one kind across all cases with a time in [from, to), in time order, a page at a time."})
	RequestMeasure = api.Declare[*MeasureResult](api.Spec{Function: Namespace + ":RequestMeasure", Submit: true, Roles: officer,
		Args:    []api.Arg{api.String("case"), api.String("kind"), api.Digest("target"), api.Amount("amount"), api.Digest("document")},
		Events:  []string{EventMeasureRequested},
		Command: "enforcement measure request",
		Doc:     "Asks a judge to approve a freeze, seizure or deduction, to be executed by the credit org."})
	ApproveMeasure = api.Declare[*MeasureResult](api.Spec{Function: Namespace + ":ApproveMeasure", Submit: true, Roles: judge,
		Args:    []api.Arg{api.String("case"), api.String("measure"), api.Digest("document")},
		Events:  []string{EventMeasureApproved},
		Command: "enforcement measure approve",
		Doc:     "Approves a requested measure; never by the identity that requested it."})
	RejectMeasure = api.Declare[*MeasureResult](api.Spec{Function: Namespace + ":RejectMeasure", Submit: true, Roles: judge,
		Args:    []api.Arg{api.String("case"), api.String("measure"), api.String("reason")},
		Events:  []string{EventMeasureRejected},
		Command: "enforcement measure reject",
		Doc:     "Rejects a requested measure, with a reason."})
	ConfirmMeasure = api.Declare[*MeasureResult](api.Spec{Function: Namespace + ":ConfirmMeasure", Submit: true, Roles: bank,
		Args:    []api.Arg{api.String("case"), api.String("measure"), api.Amount("executed"), api.Digest("proof")},
		Events:  append([]string{EventMeasureExecuted, cases.EventCollected, cases.EventConcluded}, ended...),
		Command: "enforcement measure confirm",
		Doc:     "The addressed bank records that it executed an approved measure; a deduction is money collected."})
	GetMeasure = api.Declare[*Measure](api.Spec{Function: Namespace + ":GetMeasure", Roles: measureReader,
		Args:    []api.Arg{api.String("case"), api.String("measure")},
		Command: "enforcement measure show",
		Doc:     "Reads a measure."})
	ReportPropertyClue = api.Declare[*ClueResult](api.Spec{Function: Namespace + ":ReportPropertyClue", Submit: true, Roles: bank,
		Args:    []api.Arg{api.Pseudonym("debtor"), api.String("kind"), api.Digest("description"), api.Amount("value")},
		Events:  append([]string{EventClueReported, EventTaskOpened}, resumed...),
		Command: "enforcement clue report",
		Doc:     "A bank's clue to a debtor's property: in a terminated case of the debtor, property covering what is outstanding dockets a resumption case with a freeze request to that bank, less (or of unknown value) becomes an officer's task; active cases get a freeze request to that bank. The same clue again changes nothing."})
	GetClue = api.Declare[*Clue](api.Spec{Function: Namespace + ":GetClue", Roles: measureReader,
		Args:    []api.Arg{api.String("id")},
		Command: "enforcement clue show",
		Doc:     "Reads a property clue."})
	LogSearch = api.Declare[*Operation](api.Spec{Function: Namespace + ":LogSearch", Submit: true, Roles: officer,
		Args:    []api.Arg{api.String("case"), api.String("channel"), api.Digest("document"), api.String("note")},
		Events:  []string{EventOperationLogged},
		Command: "enforcement search",
		Doc:     "Logs a property search through one channel of parameter enforcement.searchChannels (online_bank, real_estate, vehicles, securities…): termination for lack of property needs one through each."})
	Inquiries = api.Declare[[]ScheduledInquiry](api.Spec{Function: Namespace + ":Inquiries", Roles: courtReaders,
		Args:    []api.Arg{api.String("case")},
		Command: "enforcement inquiry schedule",
		Doc:     "A terminated case's network inquiries (every 6 months for 5 years) and whether each is still in the deadline index."})
	AnswerInquiry = api.Declare[*ResumptionResult](api.Spec{Function: Namespace + ":AnswerInquiry", Submit: true, Roles: bank,
		Args:    []api.Arg{api.String("case"), api.JSON[InquiryAnswer]("request")},
		Events:  append([]string{EventInquiryAnswered, EventTaskOpened}, resumed...),
		Command: "enforcement inquiry answer",
		Doc:     "A bank's (or, through it, a registry's) answer to the court's inquiry that fell due in a terminated case. Property covering what is outstanding dockets a resumption case with a freeze request to the answering bank in the same transaction; less, or of unknown value, becomes an officer's task."})
	DecideTask = api.Declare[*ResumptionResult](api.Spec{Function: Namespace + ":DecideTask", Submit: true, Roles: officer,
		Args:    []api.Arg{api.String("case"), api.String("task"), api.String("decision"), api.String("reason")},
		Events:  resumed,
		Command: "enforcement resumption decide-task",
		Doc:     "An enforcement officer decides a task a property report raised in a terminated case: resume (dockets the resumption case and asks the reporting bank to freeze) or no_resumption, with a reason."})
	ApplyResumption = api.Declare[*Case](api.Spec{Function: Namespace + ":ApplyResumption", Submit: true, Roles: []api.Role{api.Clerk},
		Args:    []api.Arg{api.String("case"), api.JSON[ResumptionApplication]("request")},
		Events:  []string{EventResumptionApplied},
		Command: "enforcement resumption apply",
		Doc:     "Records a creditor's application to resume a terminated case with the property the creditor reports; no time limit. An officer verifies it (VerifyProperty)."})
	VerifyProperty = api.Declare[*ResumptionResult](api.Spec{Function: Namespace + ":VerifyProperty", Submit: true, Roles: officer,
		Args:    []api.Arg{api.String("case"), api.String("application"), api.Bool("verified"), api.Digest("document")},
		Events:  resumed,
		Command: "enforcement resumption verify",
		Doc:     "An enforcement officer's verification of the property a creditor reported: verified dockets the resumption case; not verified refuses the application."})
	Suspend = api.Declare[*Case](api.Spec{Function: Namespace + ":Suspend", Submit: true, Roles: judge,
		Args:   []api.Arg{api.String("case"), api.String("ground"), api.Digest("document")},
		Events: append([]string{cases.EventSuspended}, ended...),
		Doc:    "Suspends enforcement (中止执行) of an active case because the document is retried or the debtor is in bankruptcy (ground retrial or bankruptcy); the debtors' listings are removed."})
	EndSuspension = api.Declare[*Case](api.Spec{Function: Namespace + ":EndSuspension", Submit: true, Roles: judge,
		Args:   []api.Arg{api.String("case"), api.Digest("document")},
		Events: []string{cases.EventActive},
		Doc:    "Ends a suspension: the case is active again."})
	RuleNotToEnforce = api.Declare[*Case](api.Spec{Function: Namespace + ":RuleNotToEnforce", Submit: true, Roles: judge,
		Args:    []api.Arg{api.String("case"), api.Digest("document"), api.String("reason")},
		Events:  append([]string{cases.EventNotEnforced}, ended...),
		Command: "enforcement not-enforce",
		Doc:     "Records the ruling not to enforce the document (不予执行); final; the debtors' listings are removed."})
	FinallyTerminate = api.Declare[*Case](api.Spec{Function: Namespace + ":FinallyTerminate", Submit: true, Roles: judge,
		Args:   []api.Arg{api.String("case"), api.String("ground"), api.Digest("document")},
		Events: append([]string{cases.EventFinallyTerminated}, ended...),
		Doc:    "Terminates enforcement (终结执行) on one of the grounds of CPL 2023 art. 268; final; the debtors' listings are removed."})
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

// Deadline kinds this contract schedules.
const (
	// KindInstalment is the due time of a settlement instalment.
	KindInstalment = "instalment"
	// KindInquiry is a round of the court's network inquiry into a
	// terminated case's debtors' property (2016 Provisions, art. 9 para. 2).
	KindInquiry = "inquiry"
)

// Events of enforcement records (the cases' own are api/cases').
const (
	EventOperationLogged     = "operation.logged"
	EventMeasureRequested    = "measure.requested"
	EventMeasureApproved     = "measure." + Approved
	EventMeasureRejected     = "measure." + Rejected
	EventMeasureExecuted     = "measure." + Executed
	EventClueReported        = "clue.reported"
	EventInquiryAnswered     = "inquiry.answered"
	EventTaskOpened          = "task.opened"
	EventResumptionApplied   = "resumption.applied"
	EventCollectionReported  = "collection.reported"
	EventSettlementDefaulted = "settlement.defaulted"
)

// resumed are the events of a resumption case docketed: the new case
// opens active, the original notes it, and where a bank reported the
// property, the bank is asked to freeze it.
var resumed = []string{cases.EventOpened, cases.EventActive, cases.EventResumption, EventMeasureRequested}

// ended are the events of a case that stops binding its debtors: its
// listings are removed (api/credit).
var ended = []string{credit.EventListingRemoved}

// Capability is the enforcement contract's place in the chaincode.
var Capability = api.DeclareCapability(api.Capability{Name: "enforcement", Order: 5,
	Title:      "Enforcement cases from filing to conclusion: the operations log, measures, termination for lack of property, resumption, settlements, distribution",
	Namespaces: []string{Namespace},
	Kinds: []api.DeadlineKind{
		{Name: KindInstalment, Doc: "a settlement instalment falls due unpaid: the case resumes where the creditor applied in advance, or the default is reported",
			Events: append(slices.Clone(resumed), EventSettlementDefaulted)},
		{Name: KindInquiry, Doc: "a round of the court's network inquiry after a termination falls due",
			Events: []string{cases.EventInquiryDue}},
	},
})

// InquiryRounds is how many times the court searches a terminated case's
// debtors' property: every 6 calendar months for 5 years (2016
// Provisions, art. 9 para. 2).
const InquiryRounds = 10

// Suspension grounds (中止执行) that end a case's hold on its debtors
// (2017 List Provisions, art. 10(5)).
const (
	SuspendRetrial    = "retrial"
	SuspendBankruptcy = "bankruptcy"
)

// SuspensionGrounds are the grounds Suspend takes.
var SuspensionGrounds = []string{SuspendRetrial, SuspendBankruptcy}

// FinalTerminationGrounds are the grounds of final termination (终结执行)
// CPL 2023 art. 268 gives, in its order: the creditor withdrew the
// application; the document was revoked; a natural-person debtor died
// leaving no estate and no one bound to perform; the creditor of
// maintenance died; a natural-person debtor cannot repay a loan, having
// no income and no capacity to work; other cases the court finds.
var FinalTerminationGrounds = []string{"application_withdrawn", "document_revoked", "debtor_died_without_estate",
	"maintenance_creditor_died", "debtor_destitute", "other"}

// Task decisions.
const (
	DecideResume       = "resume"
	DecideNoResumption = "no_resumption"
)

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
	// MaxOpenTasks bounds a case's undecided tasks, MaxPendingApplications
	// its unverified applications to resume.
	MaxOpenTasks           = 10
	MaxPendingApplications = 10
	// MaxResumptions bounds how many times one matter is resumed (each
	// resumption case carries on the one before it).
	MaxResumptions = 20
	// MaxChecks bounds the log entries a case records as meeting the
	// conditions of termination.
	MaxChecks = 64
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
	// Secured is what executed freezes and seizures hold for the case:
	// with enough of it, a debtor is not listed as able to perform but
	// refusing (2017 List Provisions art. 3).
	Secured int64 `json:"secured,omitempty"`
	// Limitation is the application period of the document enforced, when
	// the ledger knows the document (CPL 2023 art. 250).
	Limitation *cases.Limitation `json:"limitation,omitempty"`
	// Resumes is the case this resumption case (执恢) carries on: the same
	// matter, under a docket entry of its own (法发〔2014〕26号, art. 6).
	Resumes string `json:"resumes,omitempty"`
	// ResumedAs is the resumption case docketed for this one, which
	// stays terminated or settled. A case is resumed once: if its
	// resumption case is terminated again, that one is resumed in turn.
	ResumedAs []string `json:"resumedAs,omitempty"`
	// Checks are the log entries that meet the conditions of termination
	// for lack of property (2016 Provisions, art. 1), recorded as they
	// are appended; a resumption case carries over those about the
	// matter (notice, orders, listing) from the case it resumes.
	Checks []Check `json:"checks,omitempty"`
	// Inquiries are the court's network inquiries scheduled when the case
	// was terminated.
	Inquiries []Inquiry `json:"inquiries,omitempty"`
	// Tasks are the undecided tasks property reports raised; TaskCount
	// numbers them.
	Tasks     []Task `json:"tasks,omitempty"`
	TaskCount int    `json:"taskCount,omitempty"`
	// Applications are creditors' applications to resume awaiting an
	// officer's verification; ApplicationCount numbers them.
	Applications     []Application `json:"applications,omitempty"`
	ApplicationCount int           `json:"applicationCount,omitempty"`
	// Suspension is the suspension in force or the last one.
	Suspension *Suspension `json:"suspension,omitempty"`
}

// Check is a log entry that meets a condition of termination for lack of
// property.
type Check struct {
	// Kind is the operation's kind (notice, report_order,
	// restriction_order, listing, no_listing_grounds, search,
	// debtor_search, debtor_not_missing).
	Kind string `json:"kind"`
	// Channel is the channel a search went through.
	Channel string `json:"channel,omitempty"`
	Seq     int    `json:"seq"`
	// Case is the case whose log holds the entry.
	Case string `json:"case"`
}

// Inquiry states.
const (
	InquiryScheduled = "scheduled"
	InquiryDue       = "due"
	InquiryCancelled = "cancelled"
)

// Inquiry is one round of the court's network inquiry after termination.
type Inquiry struct {
	Round int    `json:"round"`
	Due   string `json:"due"`
	State string `json:"state"`
	// Answered lists the answers to this round as channel/MSP.
	Answered []string `json:"answered,omitempty"`
}

// ScheduledInquiry is an inquiry and its place in the deadline index.
type ScheduledInquiry struct {
	Inquiry
	// Key is its deadline index key; Indexed tells whether the index
	// still holds it (it leaves when it is processed or cancelled).
	Key     string `json:"key"`
	Indexed bool   `json:"indexed"`
}

// InquiryAnswer is a bank's answer to the court's inquiry: through which
// channel, whether it found property of the debtors, its value in fen (0
// if unknown or none) and the digest of the answer's particulars.
type InquiryAnswer struct {
	Channel     string `json:"channel"`
	Found       bool   `json:"found"`
	Value       int64  `json:"value"`
	Description string `json:"description"`
}

// Task is a property report on a terminated case that covers less than
// what is outstanding (or whose value is unknown): an enforcement officer
// decides whether it resumes the case.
type Task struct {
	// ID is T and the case's task count: T1, T2, ...
	ID string `json:"id"`
	// Source is the report: "inquiry round 2 answer" or "property clue CL…".
	Source      string    `json:"source"`
	Channel     string    `json:"channel,omitempty"`
	Description string    `json:"description"`
	Value       int64     `json:"value"`
	Outstanding int64     `json:"outstanding"`
	Bank        string    `json:"bank"`
	ReportedBy  api.Actor `json:"reportedBy"`
	OpenedAt    string    `json:"openedAt"`
}

// ResumptionApplication is a creditor's application to resume a
// terminated case: the digest of the application and the property the
// creditor reports.
type ResumptionApplication struct {
	Document string         `json:"document"`
	Property PropertyReport `json:"property"`
}

// PropertyReport is property reported of a debtor: its kind (one of
// ClueKinds), the digest of its particulars and its value in fen (0 if
// unknown).
type PropertyReport struct {
	Kind        string `json:"kind"`
	Description string `json:"description"`
	Value       int64  `json:"value"`
}

// Application is a recorded application to resume awaiting verification.
type Application struct {
	// ID is P and the case's application count: P1, P2, ...
	ID         string         `json:"id"`
	Document   string         `json:"document"`
	Property   PropertyReport `json:"property"`
	RecordedBy api.Actor      `json:"recordedBy"`
	RecordedAt string         `json:"recordedAt"`
}

// Suspension is a suspension of enforcement: its ground (retrial or
// bankruptcy), the ruling's digest, since when and the state it
// suspended.
type Suspension struct {
	Ground   string `json:"ground"`
	Document string `json:"document"`
	Since    string `json:"since"`
	From     string `json:"from"`
	Ended    string `json:"ended,omitempty"`
}

// ResumptionResult is what a decision on a terminated or settled case
// did: the case, the resumption case it docketed (if any), the freeze
// requested in it and the task it raised.
type ResumptionResult struct {
	Case       *Case  `json:"case"`
	Resumption *Case  `json:"resumption,omitempty"`
	Measure    string `json:"measure,omitempty"`
	Task       string `json:"task,omitempty"`
	// Result says what happened.
	Result string `json:"result"`
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
	// The steps the conditions of termination for lack of property ask
	// for (2016 Provisions, art. 1): the order to report property served
	// (1); the consumption-restriction order issued, and the debtor
	// listed as dishonest or no ground for it found (2); a missing
	// debtor searched for, or the debtor recorded as not missing (5).
	OpReportOrder      = "report_order"
	OpRestrictionOrder = "restriction_order"
	OpListing          = "listing"
	OpNoListingGrounds = "no_listing_grounds"
	OpDebtorSearch     = "debtor_search"
	OpDebtorNotMissing = "debtor_not_missing"

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
	// OpSearch is a property search through one channel (LogSearch).
	OpSearch = "search"
	// OpInquiry is a round of the court's inquiry falling due, or an
	// answer to it.
	OpInquiry = "inquiry"
	// OpTask is a task raised or decided; OpApplication a creditor's
	// application to resume recorded, verified or refused.
	OpTask        = "task"
	OpApplication = "resumption_application"
	// OpSuspension is a suspension or its end; OpNotEnforced a ruling not
	// to enforce; OpFinalTermination a final termination.
	OpSuspension       = "suspension"
	OpNotEnforced      = "not_enforced"
	OpFinalTermination = "final_termination"
)

// Loggable are the kinds an officer records with LogOperation; the
// sensitive ones (freeze, seizure, deduction) only go through the
// request–approval–execution loop.
var Loggable = []string{OpInvestigation, OpValuation, OpAuction, OpInterview, OpCreditPunishment, OpArchiving,
	OpReportOrder, OpRestrictionOrder, OpListing, OpNoListingGrounds, OpDebtorSearch, OpDebtorNotMissing}

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
	Measure string `json:"measure,omitempty"`
	// Channel is the channel a search or an inquiry answer went through.
	Channel string  `json:"channel,omitempty"`
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

// ClueKinds are the kinds of property a clue may point at. Only a deposit
// is held by the bank that reports it; a clue of any other kind, however
// much it is said to be worth, is an officer's to verify before a case
// resumes.
var ClueKinds = []string{ClueDeposit, "real_estate", "vehicle", "securities", "receivable", "other"}

// ClueDeposit is a clue to a deposit at the reporting bank.
const ClueDeposit = "deposit"

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

// ClueOutcome is what a clue did in one case: the freeze it requested,
// the resumption case it docketed (the freeze is then in that case) or
// the officer's task it raised.
type ClueOutcome struct {
	Case       string `json:"case"`
	Result     string `json:"result"`
	Measure    string `json:"measure,omitempty"`
	Resumption string `json:"resumption,omitempty"`
	Task       string `json:"task,omitempty"`
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
// one resumes the original enforcement on the creditor's application,
// made then or in advance (CPL 2023 art. 241).
type Settlement struct {
	// No numbers the case's settlements, so that a deadline of an earlier
	// settlement never acts on a later one.
	No          int          `json:"no"`
	Document    string       `json:"document"`
	Total       int64        `json:"total"`
	Paid        int64        `json:"paid"`
	Instalments []Instalment `json:"instalments"`
	AgreedAt    string       `json:"agreedAt"`
	// PreAuthorised: the creditor applied in advance, with Authorisation
	// (the application's digest), to resume on a missed instalment.
	PreAuthorised bool   `json:"preAuthorised,omitempty"`
	Authorisation string `json:"authorisation,omitempty"`
	// Default is the missed instalment reported to the creditor and the
	// court, when the creditor had not applied in advance.
	Default *Default `json:"default,omitempty"`
}

// Default is an instalment that fell due unpaid.
type Default struct {
	Instalment int    `json:"instalment"`
	Amount     int64  `json:"amount"`
	Due        string `json:"due"`
	ReportedAt string `json:"reportedAt"`
}

// Instalment is one payment of a settlement.
type Instalment struct {
	Amount int64  `json:"amount"`
	Due    string `json:"due"`
	Paid   bool   `json:"paid"`
}

// SettlementRequest records a settlement: the digest of the agreement and
// its instalments, in due order; PreAuthorised with Authorisation, the
// digest of the creditor's application made now to resume enforcement
// should an instalment be missed.
type SettlementRequest struct {
	Document      string              `json:"document"`
	Instalments   []InstalmentRequest `json:"instalments"`
	PreAuthorised bool                `json:"preAuthorised,omitempty"`
	Authorisation string              `json:"authorisation,omitempty"`
}

// InstalmentRequest is one instalment of a new settlement.
type InstalmentRequest struct {
	Amount int64  `json:"amount"`
	Due    string `json:"due"`
}
