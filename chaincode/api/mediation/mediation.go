// Package mediation is the wire contract of filings, mediation agreements
// and judgments, and of the transitions that move them on by themselves
// when a period ends (Opinions items 13–15): a filing is docketed when its
// review period ends undecided; a mediation agreement not performed by its
// due time opens an enforcement case (if judicially confirmed) or a trial
// case; a judgment unperformed by its deadline opens an enforcement case
// where the creditor pre-authorised it.
package mediation

import "github.com/courtchain/judicial/chaincode/api"

// Namespace is the contract's name.
const Namespace = "mediation"

// Functions.
const (
	SubmitFiling           api.Function = Namespace + ":SubmitFiling"
	Docket                 api.Function = Namespace + ":Docket"
	Reject                 api.Function = Namespace + ":Reject"
	GetFiling              api.Function = Namespace + ":GetFiling"
	RegisterAgreement      api.Function = Namespace + ":RegisterAgreement"
	ReportPerformance      api.Function = Namespace + ":ReportPerformance"
	ConfirmPerformance     api.Function = Namespace + ":ConfirmPerformance"
	ReportBreach           api.Function = Namespace + ":ReportBreach"
	GetAgreement           api.Function = Namespace + ":GetAgreement"
	RecordJudgment         api.Function = Namespace + ":RecordJudgment"
	ReportJudgmentPayment  api.Function = Namespace + ":ReportJudgmentPayment"
	ConfirmJudgmentPayment api.Function = Namespace + ":ConfirmJudgmentPayment"
	GetJudgment            api.Function = Namespace + ":GetJudgment"
	GetCase                api.Function = Namespace + ":GetCase"
)

// Readers may read filings, agreements, judgments and cases.
var Readers = []api.Role{api.Judge, api.Clerk, api.EnforcementOfficer, api.Auditor, api.Mediator, api.BankOfficer}

func init() {
	api.Register(
		api.Spec{Function: SubmitFiling, Submit: true, Roles: []api.Role{api.Clerk, api.Mediator}, Args: api.Args("request FilingRequest"), Returns: "Filing",
			Doc: "Records a filing; its review period (parameter filing.reviewPeriod) starts now and its end is scheduled."},
		api.Spec{Function: Docket, Submit: true, Roles: []api.Role{api.Clerk}, Args: api.Args("id string"), Returns: "Filing",
			Doc: "Accepts a filing and opens its trial case."},
		api.Spec{Function: Reject, Submit: true, Roles: []api.Role{api.Clerk, api.Judge}, Args: api.Args("id string", "reason string"), Returns: "Filing",
			Doc: "Refuses a filing, with the reason the parties are told."},
		api.Spec{Function: GetFiling, Roles: Readers, Args: api.Args("id string"), Returns: "Filing", Doc: "Reads a filing."},
		api.Spec{Function: RegisterAgreement, Submit: true, Roles: []api.Role{api.Mediator}, Args: api.Args("request AgreementRequest"), Returns: "Agreement",
			Doc: "Records a mediation agreement and schedules each obligation's due time plus the grace period (parameter mediation.gracePeriod)."},
		api.Spec{Function: ReportPerformance, Submit: true, Roles: []api.Role{api.Mediator, api.Clerk},
			Args: api.Args("id string", "obligation int", "amount int", "proof digest"), Returns: "Agreement",
			Doc: "Records a payment the debtor says it made, with the digest of its proof; it counts once confirmed."},
		api.Spec{Function: ConfirmPerformance, Submit: true, Roles: []api.Role{api.BankOfficer, api.Clerk},
			Args: api.Args("id string", "obligation int", "report int"), Returns: "Agreement",
			Doc: "Confirms a reported payment: by the bank that saw it, or a clerk on the creditor's word; never by the agreement's mediator."},
		api.Spec{Function: ReportBreach, Submit: true, Roles: []api.Role{api.Clerk, api.Mediator},
			Args: api.Args("id string", "obligation int", "reason string"), Returns: "Agreement",
			Doc: "Records the creditor side's report that the agreement is not performed, and opens the case at once."},
		api.Spec{Function: GetAgreement, Roles: Readers, Args: api.Args("id string"), Returns: "Agreement", Doc: "Reads an agreement."},
		api.Spec{Function: RecordJudgment, Submit: true, Roles: []api.Role{api.Judge}, Args: api.Args("request JudgmentRequest"), Returns: "Judgment",
			Doc: "Records an effective judgment's performance obligation and schedules its deadline."},
		api.Spec{Function: ReportJudgmentPayment, Submit: true, Roles: []api.Role{api.Clerk, api.BankOfficer},
			Args: api.Args("id string", "amount int", "proof digest"), Returns: "Judgment",
			Doc: "Records a payment on a judgment that the debtor says it made, with the digest of its proof; it counts once confirmed."},
		api.Spec{Function: ConfirmJudgmentPayment, Submit: true, Roles: []api.Role{api.BankOfficer, api.Clerk},
			Args: api.Args("id string", "report int"), Returns: "Judgment",
			Doc: "Confirms a reported payment on a judgment (never by who reported it); full payment cancels its deadline."},
		api.Spec{Function: GetJudgment, Roles: Readers, Args: api.Args("id string"), Returns: "Judgment", Doc: "Reads a judgment."},
		api.Spec{Function: GetCase, Roles: Readers, Args: api.Args("number string"), Returns: "cases.Case", Doc: "Reads a case a trigger opened."},
	)
}

// Deadline kinds this contract schedules (see api/deadline).
const (
	KindFiling     = "filing"
	KindObligation = "obligation"
	KindJudgment   = "judgment"
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
	TxID           string     `json:"txId"`
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

// Agreement is a mediation agreement and its obligations (instalments are
// obligations with their own due times).
type Agreement struct {
	ID           string        `json:"id"`
	Digest       string        `json:"digest"`
	Confirmed    bool          `json:"judiciallyConfirmed"`
	Evidence     []string      `json:"evidence,omitempty"`
	Obligations  []*Obligation `json:"obligations"`
	State        string        `json:"state"`
	Mediator     api.Actor     `json:"mediator"`
	RegisteredAt string        `json:"registeredAt"`
	Breach       *Breach       `json:"breach,omitempty"`
	TxID         string        `json:"txId"`
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

// Breach records how an agreement was found breached and the case it
// opened.
type Breach struct {
	Obligation int       `json:"obligation"`
	How        string    `json:"how"`
	By         api.Actor `json:"by"`
	At         string    `json:"at"`
	CaseNumber string    `json:"caseNumber"`
	CaseKind   string    `json:"caseKind"`
}

// AgreementRequest registers an agreement.
type AgreementRequest struct {
	Digest      string              `json:"digest"`
	Confirmed   bool                `json:"judiciallyConfirmed"`
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
	ID            string    `json:"id"`
	Digest        string    `json:"digest"`
	Debtors       []string  `json:"debtors"`
	Creditors     []string  `json:"creditors"`
	Amount        int64     `json:"amount"`
	Paid          int64     `json:"paid"`
	EffectiveAt   string    `json:"effectiveAt"`
	Deadline      string    `json:"deadline"`
	PreAuthorized bool      `json:"preAuthorized"`
	State         string    `json:"state"`
	Judge         api.Actor `json:"judge"`
	CaseNumber    string    `json:"caseNumber,omitempty"`
	// Reports are the payments reported on the judgment, confirmed or not.
	Reports []*Performance `json:"reports,omitempty"`
	TxID    string         `json:"txId"`
}

// JudgmentRequest records a judgment; ID is the court's own judgment
// number.
type JudgmentRequest struct {
	ID            string   `json:"id"`
	Digest        string   `json:"digest"`
	Debtors       []string `json:"debtors"`
	Creditors     []string `json:"creditors"`
	Amount        int64    `json:"amount"`
	EffectiveAt   string   `json:"effectiveAt"`
	Deadline      string   `json:"deadline"`
	PreAuthorized bool     `json:"preAuthorized"`
}
