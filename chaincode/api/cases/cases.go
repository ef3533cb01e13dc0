// Package cases is the wire form of the case records that triggers open
// (a breached mediation agreement, an unperformed judgment, a filing that
// was docketed) or a clerk files, and the states an enforcement case
// passes through: the enforcement contract moves them, the credit contract
// reads them.
package cases

import "github.com/courtchain/judicial/chaincode/api"

// Kinds of case.
const (
	Trial       = "trial"
	Enforcement = "enforcement"
)

// States of an enforcement case. Every case is opened Filed; docs/legal.md
// cites the rule behind each transition.
const (
	Filed  = "filed"
	Active = "active"
	// Terminated: the current procedure ended for lack of property; the
	// case may resume.
	Terminated = "terminated"
	// Settled: an enforcement settlement is being performed.
	Settled = "settled"
	// Resumed: enforcement went on in the same case after a termination
	// or a missed settlement instalment. No case enters it any more: a
	// resumption is docketed as a case of its own (ResumptionOrigin),
	// which starts Active. It stays for records written before, which
	// move on as active ones do.
	Resumed   = "resumed"
	Concluded = "concluded"
	// Suspended: enforcement is suspended (中止执行) because the
	// document is retried or the debtor is in bankruptcy; it may go on
	// once the suspension ends.
	Suspended = "suspended"
	// NotEnforced: the court ruled not to enforce the document (不予执行);
	// final.
	NotEnforced = "not_enforced"
	// FinallyTerminated: enforcement was terminated (终结执行, CPL 2023
	// art. 268); final.
	FinallyTerminated = "finally_terminated"
)

// Events about cases. A case that moves to a state emits "case.<state>"
// (StateEvent): case.active, case.terminated and so on.
const (
	EventOpened             = "case.opened"
	EventActive             = "case." + Active
	EventTerminated         = "case." + Terminated
	EventSettled            = "case." + Settled
	EventConcluded          = "case." + Concluded
	EventSuspended          = "case." + Suspended
	EventNotEnforced        = "case." + NotEnforced
	EventFinallyTerminated  = "case." + FinallyTerminated
	EventResumption         = "case.resumption"
	EventCollected          = "case.collected"
	EventDistributed        = "case.distributed"
	EventInquiriesScheduled = "case.inquiriesScheduled"
	EventInquiryDue         = "case.inquiryDue"
	EventApplicationLate    = "case.applicationLate"
)

// StateEvent is the event of a case moving to state.
func StateEvent(state string) string { return "case." + state }

// ResumptionOrigin is the Origin.Type of a resumption case (恢复执行案件,
// numbered with the mark 执恢): Origin.ID is the number of the case it
// resumes (法发〔2014〕26号, art. 6: 6(3) after a termination for lack of
// property, 6(1)–(2) after a settlement).
const ResumptionOrigin = "resumption"

// Ending is why an enforcement case stopped binding its debtors: each is a
// ground on which their dishonest-defaulter listings are removed (2017
// SPC Provisions on the List of Dishonest Judgment Defaulters, art. 10)
// and, for full performance, their consumption restrictions lifted (2015
// SPC Provisions on Restricting High Consumption, art. 9). The
// enforcement contract reports it, in the transaction that moves the
// case, to the hooks main wires.
type Ending string

// Endings.
const (
	// EndPerformed: the obligation was performed in full (art. 10(1)).
	EndPerformed Ending = "performed"
	// EndSettlementPerformed: an enforcement settlement was reached and
	// performed in full (art. 10(2)).
	EndSettlementPerformed Ending = "settlement_performed"
	// EndSuspended: enforcement suspended for a retrial or the debtor's
	// bankruptcy (art. 10(5)).
	EndSuspended Ending = "suspended"
	// EndNotEnforced: the court ruled not to enforce (art. 10(6)).
	EndNotEnforced Ending = "not_enforced"
	// EndFinallyTerminated: enforcement terminated (终结执行, art. 10(7)).
	EndFinallyTerminated Ending = "finally_terminated"
)

// Limitation is the period in which a creditor may apply for enforcement
// of a document (CPL 2023 art. 250): two years from the last day of its
// performance period (for instalments, of the last one; with none set,
// from when the document took effect). An application after it is
// accepted and flagged: the debtor may object, and the court decides.
type Limitation struct {
	// Ends is the period's last instant, RFC 3339.
	Ends string `json:"ends"`
	// Late: the application came after Ends.
	Late bool `json:"late"`
}

// Origin says what opened a case.
type Origin struct {
	// Type is filing, mediation, judgment, arbitration, notarial,
	// application or resumption.
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Claim is what the case owes one creditor and what it has paid out to
// them. Priority ranks claims in a distribution: 0 is paid first.
type Claim struct {
	Creditor    string `json:"creditor"`
	Priority    int    `json:"priority"`
	Amount      int64  `json:"amount"`
	Distributed int64  `json:"distributed"`
}

// MaxPriority is the lowest priority class a claim may have.
const MaxPriority = 9

// Case is a case record on the shared ledger: parties by pseudonym only.
// Its number is "(year)J", the kind's mark (民初 trial, 执 enforcement,
// 执恢 a resumption of enforcement) and 10 hex digits of a hash of what
// opened it, then "号".
type Case struct {
	Number    string   `json:"number"`
	Kind      string   `json:"kind"`
	State     string   `json:"state"`
	Origin    Origin   `json:"origin"`
	Creditors []string `json:"creditors"`
	Debtors   []string `json:"debtors"`
	AmountDue int64    `json:"amountDue"`
	// Claims split AmountDue among the creditors.
	Claims []Claim `json:"claims"`
	// Evidence lists digests carried over (the mediation record, the
	// judgment, the claim and its materials).
	Evidence []string  `json:"evidence,omitempty"`
	Reason   string    `json:"reason"`
	OpenedAt string    `json:"openedAt"`
	OpenedBy api.Actor `json:"openedBy"`
	TxID     string    `json:"txId"`
}

// Open tells whether an enforcement case can still move: anything but
// concluded, not enforced or finally terminated.
func (c *Case) Open() bool {
	return c.State != Concluded && c.State != NotEnforced && c.State != FinallyTerminated
}
