// Package credit is the wire contract of the list of dishonest judgment
// defaulters and the restrictions on high consumption (Opinions items 20
// and 26): judges list the debtors of active enforcement cases; banks and
// the credit platform check a person by ID number without the number
// reaching the shared ledger; listings end when the ledger sees a ground
// for it, and their personal data is purged while the public record of
// the listing and its removal stays.
package credit

import "github.com/courtchain/judicial/chaincode/api"

// Namespace is the contract's name.
const Namespace = "credit"

// Functions.
const (
	SetPseudonymKey api.Function = Namespace + ":SetPseudonymKey"
	KeyFingerprint  api.Function = Namespace + ":KeyFingerprint"
	List            api.Function = Namespace + ":List"
	Remove          api.Function = Namespace + ":Remove"
	Check           api.Function = Namespace + ":Check"
	Get             api.Function = Namespace + ":Get"
	Page            api.Function = Namespace + ":Page"
	History         api.Function = Namespace + ":History"
	Stats           api.Function = Namespace + ":Stats"
	PersonalData    api.Function = Namespace + ":PersonalData"
)

// Transient-data fields: personal data and keys travel only as transient
// data, never as arguments.
const (
	// TransientKey is the 32-byte pseudonym key.
	TransientKey = "key"
	// TransientPerson is a Person as JSON.
	TransientPerson = "person"
	// TransientIDNumber is a resident ID number to check.
	TransientIDNumber = "idNumber"
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

func init() {
	judge := []api.Role{api.Judge}
	api.Register(
		api.Spec{Function: SetPseudonymKey, Submit: true, Roles: judge, Transient: []string{TransientKey}, Returns: "KeyInfo",
			Doc: "Stores the channel's pseudonym key in the private collection, once; a different key is refused."},
		api.Spec{Function: KeyFingerprint, Roles: []api.Role{api.Judge, api.Clerk, api.EnforcementOfficer, api.BankOfficer}, Returns: "KeyInfo",
			Doc: "Tells applications whether they hold the channel's key, without revealing it."},
		api.Spec{Function: List, Submit: true, Roles: judge, Args: api.Args("case string", "request ListRequest"),
			Transient: []string{TransientPerson, TransientSalt}, Returns: "[]Listing",
			Doc: "Lists a debtor of an active enforcement case; name and ID number stay in the private collection, the ledger gets the pseudonym."},
		api.Spec{Function: Remove, Submit: true, Roles: judge, Args: api.Args("id string", "reason string"), Returns: "Listing",
			Doc: "Removes a listing with a reason; its personal data is purged."},
		api.Spec{Function: Check, Roles: []api.Role{api.BankOfficer, api.Judge, api.Clerk, api.EnforcementOfficer}, Transient: []string{TransientIDNumber}, Returns: "CheckResult",
			Doc: "Is the person with this ID number listed now? Runs on a court or credit peer, which hold the pseudonym key."},
		api.Spec{Function: Get, Roles: Readers, Args: api.Args("id string"), Returns: "Listing", Doc: "A listing's public record."},
		api.Spec{Function: Page, Roles: Readers, Args: api.Args("court string", "kind string", "pageSize int", "bookmark string"), Returns: "ListingPage",
			Doc: "The active listings of one court and kind, a page at a time (1 to 200)."},
		api.Spec{Function: History, Roles: Readers, Args: api.Args("id string"), Returns: "[]Version",
			Doc: "Every committed version of a listing, newest first: its listing and its removal."},
		api.Spec{Function: Stats, Roles: []api.Role{api.Auditor, api.Judge}, Args: api.Args("court string"), Returns: "[]Count",
			Doc: "Active listings by court and kind (\"\" for every court)."},
		api.Spec{Function: PersonalData, Roles: judge, Args: api.Args("id string"), Transient: []string{TransientPublicKey}, Returns: "SealedPerson",
			Doc: "The name and ID number behind an active listing, for the court's own case system, sealed to the caller's one-time public key (see Seal); on a court peer."},
	)
}

// Collection holds personal data (names, ID numbers) and the pseudonym
// key; only the court's and the credit org's peers keep it.
const Collection = "personalData"

// KindExpiry is the deadline kind of a listing's end of term.
const KindExpiry = "listing"

// Kinds of listing.
const (
	Dishonest   = "dishonest"
	Consumption = "consumption"
)

// Listing states.
const (
	Active  = "active"
	Removed = "removed"
)

// Ways a listing ends.
const (
	HowConcluded = "enforcement case concluded"
	HowExpired   = "term ended"
	HowJudge     = "removed by a judge"
)

// Limits.
const (
	// MaxPerPerson bounds the listings one person or one case has in
	// force, and a page.
	MaxPerPerson = 200
	// MaxCourt bounds a court's code, in bytes.
	MaxCourt = 32
	// MaxBasis bounds a listing's legal basis, in bytes.
	MaxBasis = 300
	// MaxReason bounds a removal's reason, in bytes.
	MaxReason = 300
	// MaxName bounds a person's name, in characters.
	MaxName = 100
)

// Restrictions a consumption order imposes (2015 SPC Provisions on
// restricting high consumption, art. 3).
var Restrictions = []string{
	"air_travel_sleeper_berths_and_upper_ship_cabins", "star_hotels_nightclubs_golf", "buying_or_building_real_estate",
	"renting_premium_offices_hotels_apartments", "buying_non_business_vehicles", "leisure_travel",
	"children_at_high_fee_private_schools", "high_premium_insurance", "high_speed_rail_g_trains_and_first_class",
}

// Listing is the public record of a listing: no name, no ID number.
type Listing struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Person is the listed person's pseudonym. Banks never see it: a
	// bank that could collect pseudonyms could tell when two listings
	// are of one person, and match them against other data.
	Person string `json:"person,omitempty"`
	Case   string `json:"case"`
	Court  string `json:"court"`
	// Ground is the paragraph of art. 1 of the 2017 SPC Provisions a
	// dishonest listing rests on (1 to 6); 0 for consumption orders.
	Ground        int        `json:"ground"`
	Basis         string     `json:"basis"`
	Restrictions  []string   `json:"restrictions,omitempty"`
	Start         string     `json:"start"`
	End           string     `json:"end"`
	State         string     `json:"state"`
	ListedBy      api.Actor  `json:"listedBy"`
	ListedAt      string     `json:"listedAt"`
	RemovedHow    string     `json:"removedHow,omitempty"`
	RemovedBy     *api.Actor `json:"removedBy,omitempty"`
	RemovedAt     string     `json:"removedAt,omitempty"`
	RemovalReason string     `json:"removalReason,omitempty"`
	TxID          string     `json:"txId"`
}

// Person is the personal data behind a listing, kept only in Collection.
type Person struct {
	Name     string `json:"name"`
	IDNumber string `json:"idNumber"`
}

// ListRequest lists a debtor; the person comes as transient "person".
type ListRequest struct {
	Kinds []string `json:"kinds"`
	Court string   `json:"court"`
	// Ground is the paragraph of art. 1 of the 2017 Provisions (1 to 6),
	// required for a dishonest listing.
	Ground int    `json:"ground"`
	Basis  string `json:"basis"`
	Start  string `json:"start"`
	End    string `json:"end"`
	// Serious extends the longest dishonest term (2017 Provisions, art. 2).
	Serious bool `json:"serious"`
}

// KeyInfo identifies the pseudonym key without revealing it.
type KeyInfo struct {
	Fingerprint string `json:"fingerprint"`
	Changed     bool   `json:"changed"`
}

// CheckResult answers a bank's check of one person: listed or not, and
// each listing in force with its restrictions, case and term, without the
// person's pseudonym.
type CheckResult struct {
	Listed    bool       `json:"listed"`
	Listings  []*Listing `json:"listings"`
	CheckedAt string     `json:"checkedAt"`
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
