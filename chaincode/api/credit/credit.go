// Package credit is the wire contract of the list of dishonest judgment
// defaulters and the restrictions on high consumption (Opinions items 20
// and 26), as the SPC's 2017 Provisions on Publishing the List of
// Dishonest Judgment Defaulters and its 2015 Provisions on Restricting
// High Consumption define them: judges list the debtors of enforcement
// cases, people and entities alike (never minors); a dishonest listing
// brings a consumption restriction with it, and restricting an entity
// restricts the persons who run it; banks and the credit platform check a
// person or an entity without the identifier reaching the shared ledger;
// listings end on the grounds the Provisions give, automatically where
// the ledger sees the ground, and their personal data is purged while the
// public record of the listing and its removal stays.
package credit

import "github.com/courtchain/judicial/chaincode/api"

// Namespace is the contract's name.
const Namespace = "credit"

// Functions.
var (
	judge    = []api.Role{api.Judge}
	checkers = []api.Role{api.BankOfficer, api.Judge, api.Clerk, api.EnforcementOfficer}

	SetPseudonymKey = api.Declare[*KeyInfo](api.Spec{Function: Namespace + ":SetPseudonymKey", Submit: true, Roles: judge,
		Transient: []string{TransientKey},
		Doc:       "Stores the channel's pseudonym key in the private collection, once; a different key is refused."})
	KeyFingerprint = api.Declare[*KeyInfo](api.Spec{Function: Namespace + ":KeyFingerprint", Roles: []api.Role{api.Judge, api.Clerk, api.EnforcementOfficer, api.BankOfficer},
		Command: "credit key fingerprint",
		Doc:     "Tells applications whether they hold the channel's key, without revealing it."})
	List = api.Declare[[]*Listing](api.Spec{Function: Namespace + ":List", Submit: true, Roles: judge,
		Args: []api.Arg{api.String("case"), api.JSON[ListRequest]("request")}, Transient: []string{TransientPerson, TransientSalt},
		Events: []string{EventListingAdded},
		Doc:    "Lists a debtor (person or entity) of an active enforcement case; a dishonest listing brings a consumption restriction; names and identifiers stay in the private collection, the ledger gets pseudonyms."})
	Remove = api.Declare[*Listing](api.Spec{Function: Namespace + ":Remove", Submit: true, Roles: judge,
		Args:   []api.Arg{api.String("id"), api.JSON[RemovalRequest]("request")},
		Events: []string{EventListingRemoved},
		Doc:    "Removes a listing on a ground the Provisions give, recorded with the decision's digest; its personal data is purged."})
	ApproveConsumption = api.Declare[*Listing](api.Spec{Function: Namespace + ":ApproveConsumption", Submit: true, Roles: judge,
		Args:   []api.Arg{api.String("id"), api.JSON[ApprovalRequest]("request")},
		Events: []string{EventConsumptionApproved},
		Doc:    "Approves a specific necessary consumption for a restricted person (2015 Provisions art. 8); banks' checks show it."})
	ApplyCorrection = api.Declare[*Listing](api.Spec{Function: Namespace + ":ApplyCorrection", Submit: true, Roles: []api.Role{api.Clerk},
		Args:   []api.Arg{api.String("id"), api.JSON[CorrectionRequest]("request")},
		Events: []string{EventCorrectionApplied},
		Doc:    "Records a listed person's application to correct a listing (2017 Provisions art. 11); the court decides within 15 days."})
	DecideCorrection = api.Declare[*Listing](api.Spec{Function: Namespace + ":DecideCorrection", Submit: true, Roles: judge,
		Args:   []api.Arg{api.String("id"), api.String("application"), api.JSON[CorrectionDecision]("request")},
		Events: []string{EventCorrectionDecided, EventListingRemoved},
		Doc:    "Decides a correction application (2017 Provisions art. 12): a correction removes the listing; a rejection keeps it."})
	Check = api.Declare[*CheckResult](api.Spec{Function: Namespace + ":Check", Roles: checkers,
		Transient: []string{TransientIDNumber},
		Doc:       "Is the person with this resident ID number listed or restricted now, directly or as one who runs a restricted entity? Runs on a court or credit peer, which hold the pseudonym key."})
	CheckEntity = api.Declare[*CheckResult](api.Spec{Function: Namespace + ":CheckEntity", Roles: checkers,
		Transient: []string{TransientCreditCode},
		Doc:       "Is the entity with this unified social credit code listed or restricted now? Runs on a court or credit peer."})
	Get = api.Declare[*Listing](api.Spec{Function: Namespace + ":Get", Roles: Readers,
		Args:    []api.Arg{api.String("id")},
		Command: "credit show",
		Doc:     "A listing's public record."})
	Page = api.Declare[*ListingPage](api.Spec{Function: Namespace + ":Page", Roles: Readers,
		Args: []api.Arg{api.String("court"), api.String("kind"), api.Int("pageSize"), api.String("bookmark")},
		Doc:  "The active listings of one court and kind, a page at a time (1 to 200)."})
	History = api.Declare[[]Version](api.Spec{Function: Namespace + ":History", Roles: Readers,
		Args: []api.Arg{api.String("id")},
		Doc:  "Every committed version of a listing, newest first: its listing and its removal."})
	Stats = api.Declare[[]Count](api.Spec{Function: Namespace + ":Stats", Roles: []api.Role{api.Auditor, api.Judge},
		Args: []api.Arg{api.String("court")},
		Doc:  "Active listings by court and kind (\"\" for every court)."})
	PersonalData = api.Declare[*SealedPerson](api.Spec{Function: Namespace + ":PersonalData", Roles: judge,
		Args: []api.Arg{api.String("id")}, Transient: []string{TransientPublicKey},
		Doc: "The names and identifiers behind an active listing, for the court's own case system, sealed to the caller's one-time public key (see Seal); on a court peer."})
)

// Transient-data fields: personal data and keys travel only as transient
// data, never as arguments.
const (
	// TransientKey is the 32-byte pseudonym key.
	TransientKey = "key"
	// TransientPerson is the Subject listed, as JSON.
	TransientPerson = "person"
	// TransientIDNumber is a resident ID number to check.
	TransientIDNumber = "idNumber"
	// TransientCreditCode is an entity's unified social credit code to
	// check.
	TransientCreditCode = "creditCode"
	// TransientSalt is 32 random bytes the caller makes for each listing:
	// kept with the personal data, they make the hash the collection puts
	// on the shared ledger impossible to match by hashing every possible
	// name and ID number.
	TransientSalt = "salt"
)

// SaltSize is the length of a listing's salt in bytes.
const SaltSize = 32

// Readers may read listings' public records.
var Readers = []api.Role{api.Auditor, api.BankOfficer, api.Judge, api.Clerk, api.EnforcementOfficer}

// Collection holds personal data (names, identifiers) and the pseudonym
// key; only the court's and the credit org's peers keep it.
const Collection = "personalData"

// Deadline kinds this contract schedules.
const (
	// KindExpiry is the end of a dishonest listing's term.
	KindExpiry = "listing"
	// KindCorrection is the end of the 15 days the court has to decide a
	// correction application.
	KindCorrection = "correction"
)

// Events of listings.
const (
	EventListingAdded        = "listing.added"
	EventListingRemoved      = "listing.removed"
	EventConsumptionApproved = "listing.consumptionApproved"
	EventCorrectionApplied   = "listing.correctionApplied"
	EventCorrectionDecided   = "listing.correctionDecided"
	EventCorrectionOverdue   = "listing.correctionOverdue"
)

// Capability is the credit contract's place in the chaincode.
var Capability = api.DeclareCapability(api.Capability{Name: "credit", Order: 6,
	Title:      "The list of dishonest judgment defaulters and restrictions on high consumption: listing, removal, approvals, corrections, banks' checks",
	Namespaces: []string{Namespace},
	Kinds: []api.DeadlineKind{
		{Name: KindExpiry, Doc: "a listing's term ends: it is removed", Events: []string{EventListingRemoved}},
		{Name: KindCorrection, Doc: "the court's 15 days to decide a correction application end undecided: it is reported overdue",
			Events: []string{EventCorrectionOverdue}},
	},
})

// Kinds of listing.
const (
	Dishonest   = "dishonest"
	Consumption = "consumption"
)

// Kinds of subject.
const (
	Individual = "individual"
	Entity     = "entity"
)

// Listing states.
const (
	Active  = "active"
	Removed = "removed"
)

// Terms of a dishonest listing (2017 Provisions art. 2): fixed by law,
// not parameters.
const (
	// TermYears is the term of a listing on grounds (2) to (6); a listing
	// on ground (1) has none.
	TermYears = 2
	// MaxExtensionYears is the longest extension for an aggravation.
	MaxExtensionYears = 3
	// RemovalWorkingDays: a listing whose term ended is deleted within 3
	// working days (art. 10, last paragraph).
	RemovalWorkingDays = 3
	// CorrectionDays: the court decides a correction application within
	// 15 days (art. 12).
	CorrectionDays = 15
)

// Aggravations that may extend a term (2017 Provisions art. 2 para. 1).
const (
	// Violence: enforcement obstructed or resisted by violence or threats,
	// seriously.
	Violence = "violence_or_threats"
	// Repeated: several dishonest acts.
	Repeated = "repeated"
)

// Roles of the persons restricted with an entity (2015 Provisions art. 3
// para. 2).
const (
	LegalRepresentative = "legal_representative"
	Principal           = "principal"
	DirectlyResponsible = "directly_responsible"
	ActualController    = "actual_controller"
)

// LinkedRoles are the roles a person restricted with an entity may have.
var LinkedRoles = []string{LegalRepresentative, Principal, DirectlyResponsible, ActualController}

// Removal grounds. Each names the rule it rests on; docs/legal.md cites
// them.
const (
	// 2017 Provisions art. 10, paragraphs (1) to (7).
	GroundPerformed           = "performed"                     // (1) fully performed
	GroundSettlementPerformed = "settlement_performed"          // (2) settlement reached and fully performed
	GroundCreditorApplication = "creditor_application"          // (3) the creditor applies in writing, the court approves
	GroundNoProperty          = "no_property_after_termination" // (4) after termination, two online searches found nothing and there is no clue
	GroundSuspended           = "suspended"                     // (5) enforcement suspended for retrial or bankruptcy
	GroundNotEnforced         = "not_enforced"                  // (6) a ruling not to enforce
	GroundFinallyTerminated   = "finally_terminated"            // (7) enforcement terminated (终结执行)
	// art. 10, last paragraph: the term ended.
	GroundTermEnded = "term_ended"
	// art. 2 para. 2: a defaulter who performs or corrects, removed early
	// at the court's discretion.
	GroundEarly = "early"
	// art. 12: a correction application was upheld.
	GroundCorrected = "corrected"
	// 2015 Provisions art. 9: a restriction may be lifted when adequate
	// security is given or the creditor consents; it must be lifted on
	// full performance (GroundPerformed).
	GroundSecurity = "security_given"
	GroundConsents = "creditor_consents"
)

// JudgeGrounds are the grounds a judge may remove each kind of listing on
// with Remove; the others are the contract's own (a term's end, a
// correction, a case event).
var JudgeGrounds = map[string][]string{
	Dishonest: {GroundPerformed, GroundSettlementPerformed, GroundCreditorApplication, GroundNoProperty,
		GroundSuspended, GroundNotEnforced, GroundFinallyTerminated, GroundEarly},
	Consumption: {GroundPerformed, GroundSecurity, GroundConsents},
}

// Limits.
const (
	// MaxPerPerson bounds the listings one person or one case has in
	// force, and a page.
	MaxPerPerson = 200
	// MaxCourt bounds a court's code, in bytes.
	MaxCourt = 32
	// MaxBasis bounds a listing's legal basis, in bytes.
	MaxBasis = 300
	// MaxReason bounds free text: a note, a purpose, a reason, an
	// exclusion statement, in bytes.
	MaxReason = 300
	// MaxName bounds a name, in characters.
	MaxName = 100
	// MaxLinked bounds the persons restricted with one entity.
	MaxLinked = 10
	// MaxApprovals bounds the consumptions approved on one restriction.
	MaxApprovals = 50
	// MaxCorrections bounds the correction applications on one listing.
	MaxCorrections = 10
)

// Restrictions a consumption order imposes, as the 2015 SPC Provisions on
// Restricting High Consumption, art. 3 para. 1, word them, in its order:
// the keys travel on the wire, RestrictionText is what they mean.
var Restrictions = []string{
	"flights_sleepers_upper_ship_cabins", "star_hotels_nightclubs_golf", "property_purchase_building_renovation",
	"renting_high_end_premises", "non_essential_vehicles", "travel_and_holidays",
	"high_fee_private_schools", "high_premium_insurance_and_wealth_products", "high_speed_rail",
}

// RestrictionText words each restriction as art. 3 para. 1 does.
var RestrictionText = map[string]string{
	"flights_sleepers_upper_ship_cabins":         "(1) taking aircraft, soft-sleeper berths on trains, or cabins of second class or above on ships",
	"star_hotels_nightclubs_golf":                "(2) high consumption at hotels of star rating, nightclubs, golf courses and similar places",
	"property_purchase_building_renovation":      "(3) buying real estate, or building, extending or luxuriously renovating housing",
	"renting_high_end_premises":                  "(4) renting high-end office buildings, hotels, apartments and similar places for business",
	"non_essential_vehicles":                     "(5) buying vehicles not necessary for business",
	"travel_and_holidays":                        "(6) travel and holidays",
	"high_fee_private_schools":                   "(7) children attending high-fee private schools",
	"high_premium_insurance_and_wealth_products": "(8) paying high premiums for insurance or wealth-management products",
	"high_speed_rail":                            "(9) any seat on G-series trains, first-class seats or above on other EMU trains, and other non-essential consumption",
}

// Listing is the public record of a listing: no name, no identifier.
type Listing struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Subject is individual or entity.
	Subject string `json:"subject"`
	// Person is the listed subject's pseudonym. Banks never see it: a
	// bank that could collect pseudonyms could tell when two listings
	// are of one person, and match them against other data.
	Person string `json:"person,omitempty"`
	Case   string `json:"case"`
	Court  string `json:"court"`
	// Ground is the paragraph of art. 1 of the 2017 Provisions a
	// dishonest listing rests on (1 to 6); 0 for consumption restrictions.
	Ground int    `json:"ground"`
	Basis  string `json:"basis"`
	// Exclusion is the judge's statement, for a listing on ground (1),
	// of why art. 3's exclusions (adequate security, enough property
	// already frozen, seized or sealed) do not apply.
	Exclusion   string       `json:"exclusion,omitempty"`
	Aggravation *Aggravation `json:"aggravation,omitempty"`
	// Restrictions are the keys of a consumption restriction's items.
	Restrictions []string `json:"restrictions,omitempty"`
	// Linked are the persons restricted with an entity.
	Linked []Linked `json:"linked,omitempty"`
	// With links a dishonest listing and the consumption restriction that
	// came with it (2015 Provisions art. 1 para. 2).
	With  string `json:"with,omitempty"`
	Start string `json:"start"`
	// End is the end of the term; empty where there is none (ground (1),
	// consumption restrictions). RemoveBy is 3 working days after it.
	End         string       `json:"end,omitempty"`
	RemoveBy    string       `json:"removeBy,omitempty"`
	State       string       `json:"state"`
	ListedBy    api.Actor    `json:"listedBy"`
	ListedAt    string       `json:"listedAt"`
	Approvals   []Approval   `json:"approvals,omitempty"`
	Corrections []Correction `json:"corrections,omitempty"`
	Removal     *Removal     `json:"removal,omitempty"`
	TxID        string       `json:"txId"`
}

// Aggravation extends a term by 1 to 3 years (2017 Provisions art. 2).
type Aggravation struct {
	// Kind is Violence or Repeated.
	Kind  string `json:"kind"`
	Years int    `json:"years"`
	// Document is the digest of the finding (the ruling, the record).
	Document string `json:"document"`
}

// Linked is a person restricted with an entity, by role.
type Linked struct {
	Role string `json:"role"`
	// Person is the pseudonym; banks never see it.
	Person string `json:"person,omitempty"`
}

// Approval is a necessary consumption a judge approved for a restricted
// person (2015 Provisions art. 8).
type Approval struct {
	// ID is A and the listing's approval count: A1, A2, ...
	ID          string    `json:"id"`
	Restriction string    `json:"restriction"`
	Purpose     string    `json:"purpose"`
	Until       string    `json:"until"`
	Document    string    `json:"document"`
	By          api.Actor `json:"by"`
	At          string    `json:"at"`
}

// Correction states.
const (
	CorrectionPending  = "pending"
	CorrectionUpheld   = "upheld"
	CorrectionRejected = "rejected"
)

// Correction is a listed person's application to correct a listing (2017
// Provisions arts. 11 and 12).
type Correction struct {
	// ID is K and the listing's application count: K1, K2, ...
	ID        string    `json:"id"`
	Reason    string    `json:"reason"`
	Document  string    `json:"document"`
	AppliedBy api.Actor `json:"appliedBy"`
	AppliedAt string    `json:"appliedAt"`
	// DecideBy is the end of the 15 days (art. 12); Overdue is set when a
	// sweep found it passed undecided.
	DecideBy  string     `json:"decideBy"`
	Overdue   bool       `json:"overdue,omitempty"`
	State     string     `json:"state"`
	Decision  string     `json:"decision,omitempty"`
	DecidedBy *api.Actor `json:"decidedBy,omitempty"`
	DecidedAt string     `json:"decidedAt,omitempty"`
}

// Removal is how a listing ended.
type Removal struct {
	Ground string `json:"ground"`
	// Auto: the contract removed it on a ground the ledger saw (a case
	// event, the term's end, an upheld correction).
	Auto     bool      `json:"auto,omitempty"`
	By       api.Actor `json:"by"`
	At       string    `json:"at"`
	Document string    `json:"document,omitempty"`
	Note     string    `json:"note,omitempty"`
	TxID     string    `json:"txId"`
}

// Subject is the personal data behind a listing, kept only in Collection:
// a person's name and resident ID number, or an entity's name and unified
// social credit code with the persons restricted with it.
type Subject struct {
	// Kind is individual (the default) or entity.
	Kind     string         `json:"kind,omitempty"`
	Name     string         `json:"name"`
	IDNumber string         `json:"idNumber,omitempty"`
	Code     string         `json:"code,omitempty"`
	Linked   []LinkedPerson `json:"linked,omitempty"`
}

// LinkedPerson is a person restricted with an entity, as the collection
// keeps them.
type LinkedPerson struct {
	Role     string `json:"role"`
	Name     string `json:"name"`
	IDNumber string `json:"idNumber"`
}

// ListRequest lists a debtor; the Subject comes as transient "person".
type ListRequest struct {
	// Kinds: dishonest (a consumption restriction comes with it),
	// consumption, or both.
	Kinds []string `json:"kinds"`
	Court string   `json:"court"`
	// Ground is the paragraph of art. 1 of the 2017 Provisions (1 to 6),
	// required for a dishonest listing.
	Ground int    `json:"ground"`
	Basis  string `json:"basis"`
	// Exclusion is required on ground (1): why art. 3 does not apply.
	Exclusion   string       `json:"exclusion,omitempty"`
	Aggravation *Aggravation `json:"aggravation,omitempty"`
}

// RemovalRequest removes a listing on one of JudgeGrounds.
type RemovalRequest struct {
	Ground   string `json:"ground"`
	Document string `json:"document"`
	Note     string `json:"note,omitempty"`
}

// ApprovalRequest approves a necessary consumption until a time.
type ApprovalRequest struct {
	Restriction string `json:"restriction"`
	Purpose     string `json:"purpose"`
	Until       string `json:"until"`
	Document    string `json:"document"`
}

// CorrectionRequest is a listed person's application, through the court.
type CorrectionRequest struct {
	Reason   string `json:"reason"`
	Document string `json:"document"`
}

// CorrectionDecision upholds or rejects an application.
type CorrectionDecision struct {
	// Uphold: the listing was wrong and is removed.
	Uphold   bool   `json:"uphold"`
	Reason   string `json:"reason"`
	Document string `json:"document"`
}

// KeyInfo identifies the pseudonym key without revealing it.
type KeyInfo struct {
	Fingerprint string `json:"fingerprint"`
	Changed     bool   `json:"changed"`
}

// CheckResult answers a bank's check of one person or entity: listed or
// restricted or not, each listing in force with its restrictions, case,
// term and approved consumptions, and the restrictions of entities the
// person runs, without any pseudonym.
type CheckResult struct {
	Listed   bool       `json:"listed"`
	Listings []*Listing `json:"listings"`
	// AsLinked are restrictions of entities that bind the person checked
	// in the role named (2015 Provisions art. 3 para. 2).
	AsLinked  []LinkedHit `json:"asLinked,omitempty"`
	CheckedAt string      `json:"checkedAt"`
}

// LinkedHit is an entity's restriction that binds the person checked.
type LinkedHit struct {
	Role    string   `json:"role"`
	Listing *Listing `json:"listing"`
}

// ListingPage is a page of active listings and where the next one starts.
type ListingPage struct {
	Listings []*Listing `json:"listings"`
	// Bookmark is empty after the last page.
	Bookmark string `json:"bookmark"`
}

// Version is one committed version of a listing.
type Version struct {
	TxID      string   `json:"txId"`
	Timestamp string   `json:"timestamp"`
	Listing   *Listing `json:"listing"`
}

// Count is the number of active listings of one court and kind.
type Count struct {
	Court  string `json:"court"`
	Kind   string `json:"kind"`
	Active int64  `json:"active"`
}
