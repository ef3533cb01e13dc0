// Package mediation is the wire contract of filings, mediation agreements
// and judgments, and of the transitions that move them on by themselves
// when a period ends (Opinions items 13–15): a filing is docketed when its
// review period ends undecided (CPL 2023 art. 126); a mediation agreement
// is judicially confirmed by a judge's ruling on the parties' application
// (CPL 2023 art. 205); an obligation of an agreement not performed by its
// due time is breached against its debtor, and the breach opens
// enforcement (a confirmed agreement: on the creditor's application, or
// at once where the creditor pre-authorised it, art. 206) or a filing for
// the creditor (an unconfirmed one); a judgment unperformed by its
// deadline opens an enforcement case where the creditor pre-authorised it.
// Judgments and confirmed agreements carry the 2-year period in which
// enforcement may be applied for (CPL 2023 art. 250).
package mediation

import (
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
)

// Namespace is the contract's name.
const Namespace = "mediation"

// Functions.
var (
	SubmitFiling = api.Declare[*Filing](api.Spec{Function: Namespace + ":SubmitFiling", Submit: true, Roles: []api.Role{api.Clerk, api.Mediator},
		Args:    []api.Arg{api.JSON[FilingRequest]("request")},
		Events:  []string{EventFilingSubmitted},
		Command: "filing submit",
		Doc:     "Records a filing; its review period starts now (parameter filing.reviewDays: 7 days, CPL 2023 art. 126, counted as art. 85 counts days on the courts' calendar) and its end is scheduled."})
	Docket = api.Declare[*Filing](api.Spec{Function: Namespace + ":Docket", Submit: true, Roles: []api.Role{api.Clerk},
		Args:    []api.Arg{api.String("id")},
		Events:  []string{EventFilingDocketed, cases.EventOpened},
		Command: "filing docket",
		Doc:     "Accepts a filing and opens its trial case."})
	Reject = api.Declare[*Filing](api.Spec{Function: Namespace + ":Reject", Submit: true, Roles: []api.Role{api.Clerk, api.Judge},
		Args:    []api.Arg{api.String("id"), api.String("reason")},
		Events:  []string{EventFilingRejected},
		Command: "filing reject",
		Doc:     "Refuses a filing, with the reason the parties are told."})
	GetFiling = api.Declare[*Filing](api.Spec{Function: Namespace + ":GetFiling", Roles: Readers,
		Args:    []api.Arg{api.String("id")},
		Command: "filing show",
		Doc:     "Reads a filing."})
	RegisterAgreement = api.Declare[*Agreement](api.Spec{Function: Namespace + ":RegisterAgreement", Submit: true, Roles: []api.Role{api.Mediator},
		Args:    []api.Arg{api.JSON[AgreementRequest]("request")},
		Events:  []string{EventAgreementRegistered},
		Command: "agreement register",
		Doc:     "Records a mediation agreement as the mediator registers it (never as judicially confirmed: that is a judge's ruling) and schedules each obligation's due time plus the grace period (parameter mediation.gracePeriod)."})
	ApplyForConfirmation = api.Declare[*Agreement](api.Spec{Function: Namespace + ":ApplyForConfirmation", Submit: true, Roles: []api.Role{api.Clerk},
		Args:    []api.Arg{api.String("id"), api.Digest("document")},
		Events:  []string{EventConfirmationApplied},
		Command: "agreement apply-confirmation",
		Doc:     "Records the parties' joint application for judicial confirmation, with its digest; refused more than 30 days (counted on the courts' calendar) after the agreement took effect (CPL 2023 art. 205)."})
	ConfirmAgreement = api.Declare[*Agreement](api.Spec{Function: Namespace + ":ConfirmAgreement", Submit: true, Roles: []api.Role{api.Judge},
		Args:    []api.Arg{api.String("id"), api.JSON[ConfirmationRequest]("request")},
		Events:  []string{EventAgreementConfirmed, EventAgreementPreAuthorised},
		Command: "agreement confirm-judicially",
		Doc:     "Records the ruling that confirms an agreement applied for: from then on its breach leads to enforcement (CPL 2023 art. 206); records its 2-year application period (art. 250)."})
	RejectConfirmation = api.Declare[*Agreement](api.Spec{Function: Namespace + ":RejectConfirmation", Submit: true, Roles: []api.Role{api.Judge},
		Args:    []api.Arg{api.String("id"), api.String("reason")},
		Events:  []string{EventConfirmationRejected},
		Command: "agreement reject-confirmation",
		Doc:     "Records the ruling that refuses confirmation, with its reason: the agreement stays a contract, and its breach leads to a filing."})
	PreAuthorise = api.Declare[*Agreement](api.Spec{Function: Namespace + ":PreAuthorise", Submit: true, Roles: []api.Role{api.Clerk},
		Args:    []api.Arg{api.String("id"), api.Digest("document")},
		Events:  []string{EventAgreementPreAuthorised},
		Command: "agreement pre-authorise",
		Doc:     "Records the creditor's application for enforcement made in advance, with its digest: a breach of the confirmed agreement found later opens its enforcement case at once."})
	ReportPerformance = api.Declare[*Agreement](api.Spec{Function: Namespace + ":ReportPerformance", Submit: true, Roles: []api.Role{api.Mediator, api.Clerk},
		Args:    []api.Arg{api.String("id"), api.Int("obligation"), api.Amount("amount"), api.Digest("proof")},
		Events:  []string{EventPerformanceReported},
		Command: "agreement report",
		Doc:     "Records a payment the debtor says it made, with the digest of its proof; it counts once confirmed."})
	ConfirmPerformance = api.Declare[*Agreement](api.Spec{Function: Namespace + ":ConfirmPerformance", Submit: true, Roles: []api.Role{api.BankOfficer, api.Clerk},
		Args:    []api.Arg{api.String("id"), api.Int("obligation"), api.Int("report")},
		Events:  []string{EventPerformanceConfirmed, EventObligationPerformed, EventAgreementPerformed},
		Command: "agreement confirm",
		Doc:     "Confirms a reported payment: by the bank that saw it, or a clerk on the creditor's word; never by the agreement's mediator."})
	ReportBreach = api.Declare[*Agreement](api.Spec{Function: Namespace + ":ReportBreach", Submit: true, Roles: []api.Role{api.Clerk, api.Mediator},
		Args:    []api.Arg{api.String("id"), api.Int("obligation"), api.String("reason")},
		Events:  []string{EventAgreementBreached, EventBreachUnchanged, EventFilingSubmitted, cases.EventOpened},
		Command: "agreement breach",
		Doc:     "Records the creditor side's report that a due obligation is not performed: the breach covers it and every other obligation past its deadline unperformed, and goes on at once as the agreement's confirmation decides."})
	GetAgreement = api.Declare[*Agreement](api.Spec{Function: Namespace + ":GetAgreement", Roles: Readers,
		Args:    []api.Arg{api.String("id")},
		Command: "agreement show",
		Doc:     "Reads an agreement."})
	RecordJudgment = api.Declare[*Judgment](api.Spec{Function: Namespace + ":RecordJudgment", Submit: true, Roles: []api.Role{api.Judge},
		Args:    []api.Arg{api.JSON[JudgmentRequest]("request")},
		Events:  []string{EventJudgmentRecorded},
		Command: "judgment record",
		Doc:     "Records an effective judgment's performance obligation, its 2-year application period (CPL 2023 art. 250) and, when it sets a performance deadline, schedules it."})
	ReportJudgmentPayment = api.Declare[*Judgment](api.Spec{Function: Namespace + ":ReportJudgmentPayment", Submit: true, Roles: []api.Role{api.Clerk, api.BankOfficer},
		Args:    []api.Arg{api.String("id"), api.Amount("amount"), api.Digest("proof")},
		Events:  []string{EventJudgmentPaymentReported},
		Command: "judgment report",
		Doc:     "Records a payment on a judgment that the debtor says it made, with the digest of its proof; it counts once confirmed."})
	ConfirmJudgmentPayment = api.Declare[*Judgment](api.Spec{Function: Namespace + ":ConfirmJudgmentPayment", Submit: true, Roles: []api.Role{api.BankOfficer, api.Clerk},
		Args:    []api.Arg{api.String("id"), api.Int("report")},
		Events:  []string{EventJudgmentPayment, EventJudgmentPerformed},
		Command: "judgment confirm",
		Doc:     "Confirms a reported payment on a judgment (never by who reported it); full payment cancels its deadline."})
	GetJudgment = api.Declare[*Judgment](api.Spec{Function: Namespace + ":GetJudgment", Roles: Readers,
		Args:    []api.Arg{api.String("id")},
		Command: "judgment show",
		Doc:     "Reads a judgment."})
	GetCase = api.Declare[*cases.Case](api.Spec{Function: Namespace + ":GetCase", Roles: Readers,
		Args:    []api.Arg{api.String("number")},
		Command: "case show",
		Doc:     "Reads a case a trigger opened."})
)

// Events of filings, agreements and judgments.
const (
	EventFilingSubmitted         = "filing.submitted"
	EventFilingDocketed          = "filing.docketed"
	EventFilingRejected          = "filing.rejected"
	EventAgreementRegistered     = "agreement.registered"
	EventConfirmationApplied     = "agreement.confirmation.applied"
	EventAgreementConfirmed      = "agreement.confirmed"
	EventConfirmationRejected    = "agreement.confirmation.rejected"
	EventAgreementPreAuthorised  = "agreement.preAuthorised"
	EventAgreementBreached       = "agreement.breached"
	EventBreachUnchanged         = "agreement.breach.unchanged"
	EventAgreementPerformed      = "agreement.performed"
	EventAgreementEnforcement    = "agreement.enforcement"
	EventObligationPerformed     = "obligation.performed"
	EventPerformanceReported     = "performance.reported"
	EventPerformanceConfirmed    = "performance.confirmed"
	EventJudgmentRecorded        = "judgment.recorded"
	EventJudgmentPaymentReported = "judgment.payment.reported"
	EventJudgmentPayment         = "judgment.payment"
	EventJudgmentPerformed       = "judgment.performed"
	EventJudgmentOverdue         = "judgment.overdue"
	EventJudgmentUnperformed     = "judgment.unperformed"
	EventJudgmentEnforcement     = "judgment.enforcement"
)

// Capability is the mediation contract's place in the chaincode.
var Capability = api.DeclareCapability(api.Capability{Name: "mediation", Order: 3,
	Title:      "Filings and their docketing, mediation agreements and their judicial confirmation, judgments, and what their deadlines do",
	Namespaces: []string{Namespace},
	Kinds: []api.DeadlineKind{
		{Name: KindFiling, Doc: "a filing's review period ends undecided: it is docketed",
			Events: []string{EventFilingDocketed, cases.EventOpened}},
		{Name: KindObligation, Doc: "an obligation falls due unperformed: it is breached",
			Events: []string{EventAgreementBreached, EventFilingSubmitted, cases.EventOpened}},
		{Name: KindJudgment, Doc: "a judgment's performance deadline passes unperformed: overdue, or enforced where the creditor pre-authorised it",
			Events: []string{EventJudgmentOverdue, EventJudgmentUnperformed, cases.EventOpened}},
	},
})

// Readers may read filings, agreements, judgments and cases.
var Readers = []api.Role{api.Judge, api.Clerk, api.EnforcementOfficer, api.Auditor, api.Mediator, api.BankOfficer}

// Deadline kinds this contract schedules (see api/deadline).
const (
	KindFiling     = "filing"
	KindObligation = "obligation"
	KindJudgment   = "judgment"
)

// Periods the law fixes.
const (
	// ConfirmationDays: the parties apply jointly for judicial
	// confirmation within 30 days of the agreement taking effect (CPL
	// 2023 art. 205), a period in days counted on the courts' calendar
	// (art. 85).
	ConfirmationDays = 30
	// ApplicationPeriodMonths: enforcement may be applied for within 2
	// years (CPL 2023 art. 250), counted in calendar months from the last
	// day of the performance period.
	ApplicationPeriodMonths = 24
)

// Limits.
const (
	MaxObligations = 120
	MaxJudgmentID  = 64
	// MaxReports bounds the payments reported on one obligation or
	// judgment.
	MaxReports = 50
	// MaxReason bounds a rejection's or a breach report's reason.
	MaxReason = 1000
	// MaxRulingNumber bounds a ruling's number, in bytes.
	MaxRulingNumber = 64
)

// Filing states.
const (
	FilingSubmitted = "submitted"
	FilingDocketed  = "docketed"
	FilingRejected  = "rejected"
)

// Filing is a case filing under review.
type Filing struct {
	ID             string     `json:"id"`
	Claimants      []string   `json:"claimants"`
	Respondents    []string   `json:"respondents"`
	Claim          string     `json:"claim"`
	Materials      []string   `json:"materials,omitempty"`
	Amount         int64      `json:"amount"`
	State          string     `json:"state"`
	SubmittedBy    api.Actor  `json:"submittedBy"`
	SubmittedAt    string     `json:"submittedAt"`
	ReviewDeadline string     `json:"reviewDeadline"`
	DecidedBy      *api.Actor `json:"decidedBy,omitempty"`
	DecidedAt      string     `json:"decidedAt,omitempty"`
	Reason         string     `json:"reason,omitempty"`
	CaseNumber     string     `json:"caseNumber,omitempty"`
	// Breach is the breach of an unconfirmed mediation agreement that
	// submitted this filing for the creditor (Breach.Ref), if one did.
	Breach string `json:"breach,omitempty"`
	TxID   string `json:"txId"`
}

// FilingRequest is what a filing application sends for the parties.
type FilingRequest struct {
	Claimants   []string `json:"claimants"`
	Respondents []string `json:"respondents"`
	Claim       string   `json:"claim"`
	Materials   []string `json:"materials,omitempty"`
	Amount      int64    `json:"amount,omitempty"`
}

// Agreement and obligation states.
const (
	Active    = "active"
	Performed = "performed"
	Breached  = "breached"
)

// Confirmation states.
const (
	ConfirmationApplied   = "applied"
	ConfirmationConfirmed = "confirmed"
	ConfirmationRejected  = "rejected"
)

// What a breach led to.
const (
	// BreachEnforcement: an enforcement case (CaseNumber) carries it.
	BreachEnforcement = "enforcement"
	// BreachAwaitingApplication: the agreement is confirmed and the
	// creditor did not pre-authorise enforcement; a clerk files the
	// creditor's application (enforcement:OpenCase, basis type mediation,
	// basis id the breach's Ref).
	BreachAwaitingApplication = "awaiting_application"
	// BreachFiling: the agreement was not confirmed; a filing (Filing)
	// was submitted for the creditor and goes through the review of CPL
	// 2023 art. 126.
	BreachFiling = "filing"
)

// Agreement is a mediation agreement and its obligations (instalments are
// obligations with their own due times).
type Agreement struct {
	ID     string `json:"id"`
	Digest string `json:"digest"`
	// Confirmed: a judge recorded the ruling that confirms the agreement
	// (Confirmation.Ruling). Only a confirmed agreement is enforced (CPL
	// 2023 art. 206).
	Confirmed    bool          `json:"judiciallyConfirmed"`
	Evidence     []string      `json:"evidence,omitempty"`
	Obligations  []*Obligation `json:"obligations"`
	State        string        `json:"state"`
	Mediator     api.Actor     `json:"mediator"`
	RegisteredAt string        `json:"registeredAt"`
	// EffectiveAt is when the agreement took effect: the 30 days to apply
	// for confirmation count from its day.
	EffectiveAt  string        `json:"effectiveAt"`
	Confirmation *Confirmation `json:"confirmation,omitempty"`
	// PreAuthorization is the creditor's application for enforcement made
	// in advance.
	PreAuthorization *Act `json:"preAuthorization,omitempty"`
	// ApplicationPeriodEnds is the last instant of the 2-year period in
	// which enforcement of the confirmed agreement may be applied for
	// (CPL 2023 art. 250), from the last obligation's due day; set on
	// confirmation.
	ApplicationPeriodEnds string `json:"applicationPeriodEnds,omitempty"`
	// Breach is the agreement's first breach, the one that made it
	// breached.
	Breach *Breach `json:"breach,omitempty"`
	// LaterBreaches are the breaches of obligations that fell due
	// unperformed after the first, in order.
	LaterBreaches []*Breach `json:"laterBreaches,omitempty"`
	TxID          string    `json:"txId"`
}

// Breaches lists every breach of the agreement, first to last.
func (a *Agreement) Breaches() []*Breach {
	if a.Breach == nil {
		return nil
	}
	return append([]*Breach{a.Breach}, a.LaterBreaches...)
}

// Obligation is one payment a debtor owes a creditor by a due time.
type Obligation struct {
	Debtor   string `json:"debtor"`
	Creditor string `json:"creditor"`
	Amount   int64  `json:"amount"`
	Due      string `json:"due"`
	// Deadline is when non-performance becomes a breach: the due time plus
	// the grace period in force at registration.
	Deadline string         `json:"deadline"`
	Paid     int64          `json:"paid"`
	State    string         `json:"state"`
	Reports  []*Performance `json:"reports,omitempty"`
	// Breach is the Ref of the breach that covers the obligation, once it
	// is breached.
	Breach string `json:"breach,omitempty"`
}

// Performance is a reported payment and its confirmation.
type Performance struct {
	Amount      int64      `json:"amount"`
	Proof       string     `json:"proof"`
	ReportedBy  api.Actor  `json:"reportedBy"`
	ReportedAt  string     `json:"reportedAt"`
	ConfirmedBy *api.Actor `json:"confirmedBy,omitempty"`
	ConfirmedAt string     `json:"confirmedAt,omitempty"`
}

// Act is a step recorded with the digest of its document: an application
// or a pre-authorisation, as a clerk files it.
type Act struct {
	Document string    `json:"document"`
	By       api.Actor `json:"by"`
	At       string    `json:"at"`
	TxID     string    `json:"txId"`
}

// Confirmation is the judicial confirmation procedure of an agreement:
// the parties' application and the judge's ruling on it.
type Confirmation struct {
	State string `json:"state"`
	// ApplyBy is the last instant of the 30 days from the agreement's
	// effect (CPL 2023 art. 205), as counted when the application came.
	ApplyBy     string     `json:"applyBy"`
	Application Act        `json:"application"`
	Ruling      *Ruling    `json:"ruling,omitempty"`
	Rejection   *Rejection `json:"rejection,omitempty"`
}

// Ruling is the judge's ruling that confirms an agreement.
type Ruling struct {
	Number   string    `json:"number"`
	Date     string    `json:"date"`
	Document string    `json:"document"`
	Judge    api.Actor `json:"judge"`
	At       string    `json:"at"`
	TxID     string    `json:"txId"`
}

// Rejection is the ruling that refuses confirmation.
type Rejection struct {
	Reason string    `json:"reason"`
	Judge  api.Actor `json:"judge"`
	At     string    `json:"at"`
	TxID   string    `json:"txId"`
}

// ConfirmationRequest records the ruling that confirms an agreement.
type ConfirmationRequest struct {
	// RulingNumber is the court's number of the ruling.
	RulingNumber string `json:"rulingNumber"`
	// RulingDate is the day it was made, YYYY-MM-DD: not before the
	// application's day, not after today (Beijing).
	RulingDate string `json:"rulingDate"`
	// Document is the ruling's digest.
	Document string `json:"document"`
	// PreAuthorization, when set, is the digest of the creditor's
	// application for enforcement made in advance, recorded as
	// PreAuthorise records it.
	PreAuthorization string `json:"preAuthorization,omitempty"`
}

// Breach is a breach of an agreement: the obligations that were due and
// unperformed when it was found, against their debtors only, and what it
// led to (Outcome).
type Breach struct {
	// Ref names the breach as an enforceable claim: the agreement's ID for
	// its first breach, ID/2, ID/3… for later ones. An application for
	// its enforcement gives it as basis.id; a case the breach opens has it
	// as its origin's ID.
	Ref string `json:"ref"`
	// Obligation is the obligation whose due time, or the report of which,
	// found the breach.
	Obligation int `json:"obligation"`
	// Obligations are all the obligations it covers: Obligation and every
	// other one past its deadline unperformed at that time.
	Obligations []int    `json:"obligations"`
	Debtors     []string `json:"debtors"`
	Creditors   []string `json:"creditors"`
	// Amount is what those obligations leave unpaid, in fen; Claims split
	// it among their creditors.
	Amount int64         `json:"amount"`
	Claims []cases.Claim `json:"claims"`
	How    string        `json:"how"`
	By     api.Actor     `json:"by"`
	At     string        `json:"at"`
	// Outcome is one of BreachEnforcement, BreachAwaitingApplication and
	// BreachFiling.
	Outcome    string `json:"outcome"`
	CaseNumber string `json:"caseNumber,omitempty"`
	// CaseKind is cases.Enforcement once a case carries the breach.
	CaseKind string `json:"caseKind,omitempty"`
	// Filing is the filing submitted for the creditor.
	Filing string `json:"filing,omitempty"`
}

// AgreementRequest registers an agreement.
type AgreementRequest struct {
	Digest string `json:"digest"`
	// EffectiveAt is when the agreement took effect, RFC 3339: not after
	// the registration; empty means the registration time.
	EffectiveAt string `json:"effectiveAt,omitempty"`
	// Confirmed is refused when true: judicial confirmation is a judge's
	// ruling on the parties' application (ApplyForConfirmation,
	// ConfirmAgreement), not the mediator's statement. The field stays so
	// that a request carrying it is told so.
	Confirmed   bool                `json:"judiciallyConfirmed,omitempty"`
	Evidence    []string            `json:"evidence,omitempty"`
	Obligations []ObligationRequest `json:"obligations"`
}

// ObligationRequest is one obligation of a new agreement.
type ObligationRequest struct {
	Debtor   string `json:"debtor"`
	Creditor string `json:"creditor"`
	Amount   int64  `json:"amount"`
	Due      string `json:"due"`
}

// Judgment states besides Performed and Breached.
const (
	JudgmentEffective = "effective"
	JudgmentOverdue   = "overdue"
)

// Judgment is an effective judgment's performance obligation.
type Judgment struct {
	ID          string   `json:"id"`
	Digest      string   `json:"digest"`
	Debtors     []string `json:"debtors"`
	Creditors   []string `json:"creditors"`
	Amount      int64    `json:"amount"`
	Paid        int64    `json:"paid"`
	EffectiveAt string   `json:"effectiveAt"`
	// Deadline is the end of the performance period; empty when the
	// judgment sets none.
	Deadline      string `json:"deadline,omitempty"`
	PreAuthorized bool   `json:"preAuthorized"`
	// ApplicationPeriodEnds is the last instant of the 2-year period in
	// which enforcement may be applied for (CPL 2023 art. 250): from the
	// deadline's day, or the effective day when there is no deadline.
	ApplicationPeriodEnds string    `json:"applicationPeriodEnds"`
	State                 string    `json:"state"`
	Judge                 api.Actor `json:"judge"`
	CaseNumber            string    `json:"caseNumber,omitempty"`
	// Reports are the payments reported on the judgment, confirmed or not.
	Reports []*Performance `json:"reports,omitempty"`
	TxID    string         `json:"txId"`
}

// JudgmentRequest records a judgment; ID is the court's own judgment
// number.
type JudgmentRequest struct {
	ID          string   `json:"id"`
	Digest      string   `json:"digest"`
	Debtors     []string `json:"debtors"`
	Creditors   []string `json:"creditors"`
	Amount      int64    `json:"amount"`
	EffectiveAt string   `json:"effectiveAt"`
	// Deadline, RFC 3339, ends the performance period; empty when the
	// judgment sets none: it is then enforceable from its effect, on the
	// creditor's application only.
	Deadline string `json:"deadline,omitempty"`
	// PreAuthorized: the creditor applied in advance for enforcement when
	// the deadline passes unperformed; needs a deadline.
	PreAuthorized bool `json:"preAuthorized"`
}
