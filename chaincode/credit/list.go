package credit

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/calendar"
	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// List lists a debtor of an active enforcement case as a dishonest
// judgment defaulter and restricts their high consumption. Who is listed
// comes as transient "person" (a creditapi.Subject): a person by name and
// resident ID number, or an entity by name and unified social credit code
// with the persons who run it. Names and identifiers stay in the private
// collection; the shared ledger gets pseudonyms.
//
// The rules, each from the 2017 SPC Provisions on Publishing the List of
// Dishonest Judgment Defaulters or the 2015 SPC Provisions on Restricting
// High Consumption:
//   - minors are never listed (2017 art. 4), nor restricted with an
//     entity;
//   - a listing on ground (1), able to perform but refusing, has no term
//     and needs the judge's statement of why art. 3's exclusions do not
//     apply; it is refused where executed freezes and seizures already
//     cover what is owed (art. 3);
//   - on grounds (2) to (6) the term is 2 years, extended by 1 to 3 years
//     only for a recorded aggravation (art. 2);
//   - a dishonest listing brings a consumption restriction with it (2015
//     art. 1 para. 2), which has no term;
//   - restricting an entity restricts its legal representative,
//     principal, directly responsible person and actual controller with
//     it (2015 art. 3 para. 2).
func (c *Contract) List(tx *kernel.Tx, caseNumber string, request string) ([]*creditapi.Listing, error) {
	var req creditapi.ListRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if err := checkRequest(&req); err != nil {
		return nil, err
	}
	salt, err := transient(tx, creditapi.TransientSalt)
	if err != nil {
		return nil, err
	}
	if len(salt) != creditapi.SaltSize {
		return nil, kernel.Errorf(api.CodeInvalid, "transient salt must be %d random bytes, got %d", creditapi.SaltSize, len(salt))
	}
	key, err := pseudonymKey(tx)
	if err != nil {
		return nil, err
	}
	subj, err := readSubject(tx, key)
	if err != nil {
		return nil, err
	}
	subj.private.Salt = salt
	cs, err := listable(tx, caseNumber, subj.pseudonym)
	if err != nil {
		return nil, err
	}
	if slices.Contains(req.Kinds, creditapi.Dishonest) && req.Ground == 1 {
		if owed := cs.Outstanding(); cs.Secured >= owed && owed > 0 {
			return nil, kernel.Errorf(api.CodeState, "case %s: executed freezes and seizures hold %d fen against %d fen owed: a debtor whose property already covers the debt is not listed as able to perform but refusing (2017 Provisions art. 3)", caseNumber, cs.Secured, owed)
		}
	}
	existing, err := activeOf(tx, subj.pseudonym)
	if err != nil {
		return nil, err
	}
	kinds := req.Kinds
	if slices.Equal(kinds, []string{creditapi.Dishonest}) && !restricted(existing, subj.pseudonym, caseNumber) {
		kinds = append(kinds, creditapi.Consumption)
	}
	var out []*creditapi.Listing
	for _, kind := range kinds {
		if e := find(existing, subj.pseudonym, caseNumber, kind); e != nil {
			return nil, kernel.Errorf(api.CodeExists, "the %s is already listed (%s) in case %s: listing %s, since %s", subj.private.Kind, kind, caseNumber, e.ID, e.Start)
		}
		l, err := newListing(tx, kind, caseNumber, &req, subj)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if len(out) == 2 {
		out[0].With, out[1].With = out[1].ID, out[0].ID
	}
	data, err := json.Marshal(subj.private)
	if err != nil {
		return nil, err
	}
	for _, l := range out {
		if err := tx.GetStub().PutPrivateData(creditapi.Collection, personalKey+l.ID, data); err != nil {
			return nil, fmt.Errorf("keeping the personal data: %w", err)
		}
		if l.End != "" {
			end, _ := time.Parse(time.RFC3339, l.End)
			if err := kernel.Schedule(tx, end, creditapi.KindExpiry, expiryID(l)); err != nil {
				return nil, err
			}
		}
		if err := changesOf(tx).index(tx, l, true); err != nil {
			return nil, err
		}
		if err := listings.Put(tx, l, l.ID); err != nil {
			return nil, err
		}
		tx.Event(creditapi.EventListingAdded, l.ID, map[string]string{"kind": l.Kind, "subject": l.Subject, "case": caseNumber, "court": l.Court, "end": l.End})
	}
	return out, nil
}

// checkRequest checks what the request says, before anything is read.
func checkRequest(req *creditapi.ListRequest) error {
	invalid := func(format string, args ...any) error { return kernel.Errorf(api.CodeInvalid, format, args...) }
	k := req.Kinds
	if len(k) == 0 || len(k) > 2 || (len(k) == 2 && k[0] == k[1]) {
		return invalid("kinds must be %q, %q or both", creditapi.Dishonest, creditapi.Consumption)
	}
	for _, kind := range k {
		if kind != creditapi.Dishonest && kind != creditapi.Consumption {
			return invalid("kind %q: one of %s, %s", api.Short(kind), creditapi.Dishonest, creditapi.Consumption)
		}
	}
	// Dishonest first: the restriction that comes with it follows it.
	slices.Sort(req.Kinds)
	slices.Reverse(req.Kinds)
	// The court is part of index keys: no separator, and neither of the
	// runes a composite key reserves.
	if req.Court == "" || len(req.Court) > creditapi.MaxCourt || strings.ContainsAny(req.Court, "|\x00\U0010FFFF") {
		return invalid("court must be 1 to %d characters without '|', NUL or U+10FFFF", creditapi.MaxCourt)
	}
	if n := len(strings.TrimSpace(req.Basis)); n == 0 || n > creditapi.MaxBasis {
		return invalid("basis (the legal basis, e.g. the ruling and articles) must be 1 to %d bytes", creditapi.MaxBasis)
	}
	if !slices.Contains(k, creditapi.Dishonest) {
		if req.Ground != 0 || req.Exclusion != "" || req.Aggravation != nil {
			return invalid("ground, exclusion and aggravation belong to a dishonest listing; a consumption restriction alone takes none")
		}
		return nil
	}
	if req.Ground < 1 || req.Ground > 6 {
		return invalid("ground must be the paragraph of art. 1 of the 2017 SPC Provisions a dishonest listing rests on, 1 to 6; got %d", req.Ground)
	}
	if req.Ground == 1 {
		if n := len(strings.TrimSpace(req.Exclusion)); n == 0 || n > creditapi.MaxReason {
			return invalid("a listing on ground (1) needs exclusion, 1 to %d bytes: why art. 3's exclusions (adequate security given; enough property already frozen, seized or sealed) do not apply", creditapi.MaxReason)
		}
		if req.Aggravation != nil {
			return invalid("a listing on ground (1) has no term to extend (2017 Provisions art. 2): it lasts until the debtor performs")
		}
		return nil
	}
	if req.Exclusion != "" {
		return invalid("exclusion is the statement a listing on ground (1) needs; ground (%d) takes none", req.Ground)
	}
	if a := req.Aggravation; a != nil {
		if a.Kind != creditapi.Violence && a.Kind != creditapi.Repeated {
			return invalid("aggravation.kind %q: one of %s (obstruction by violence or threats, serious) or %s (several dishonest acts), 2017 Provisions art. 2", api.Short(a.Kind), creditapi.Violence, creditapi.Repeated)
		}
		if a.Years < 1 || a.Years > creditapi.MaxExtensionYears {
			return invalid("aggravation.years must be 1 to %d (2017 Provisions art. 2), got %d", creditapi.MaxExtensionYears, a.Years)
		}
		if err := input.Digest("aggravation.document", &a.Document); err != nil {
			return err
		}
	}
	return nil
}

// privateSubject is what the collection keeps of a listed subject: the
// salt makes the hash of this record, which the shared ledger carries,
// impossible to match by hashing candidate names and identifiers.
type privateSubject struct {
	Kind     string                   `json:"kind"`
	Name     string                   `json:"name"`
	IDNumber string                   `json:"idNumber,omitempty"`
	Code     string                   `json:"code,omitempty"`
	Linked   []creditapi.LinkedPerson `json:"linked,omitempty"`
	Salt     []byte                   `json:"salt"`
}

// subject is a checked Subject with its pseudonyms.
type subject struct {
	private   privateSubject
	pseudonym string
	linked    []creditapi.Linked
}

// readSubject reads and checks the transient "person". Errors name the
// field, never its value.
func readSubject(t *kernel.Tx, key []byte) (*subject, error) {
	raw, err := transient(t, creditapi.TransientPerson)
	if err != nil {
		return nil, err
	}
	var in creditapi.Subject
	if err := input.Decode(string(raw), &in); err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "transient person: %v", api.StripCode(err.Error()))
	}
	invalid := func(format string, args ...any) (*subject, error) {
		return nil, kernel.Errorf(api.CodeInvalid, "transient person."+format, args...)
	}
	name, err := checkName(in.Name)
	if err != nil {
		return invalid("name %v", err)
	}
	s := &subject{private: privateSubject{Kind: in.Kind, Name: name}}
	switch in.Kind {
	case "", creditapi.Individual:
		s.private.Kind = creditapi.Individual
		if in.Code != "" || len(in.Linked) > 0 {
			return invalid("code and linked belong to an entity; a person is named by idNumber")
		}
		if s.pseudonym, s.private.IDNumber, err = adult(t, key, in.IDNumber); err != nil {
			return invalid("idNumber: %v", err)
		}
	case creditapi.Entity:
		if in.IDNumber != "" {
			return invalid("idNumber belongs to a person; an entity is named by code, its unified social credit code")
		}
		if s.pseudonym, err = idnumber.EntityPseudonym(key, in.Code); err != nil {
			return invalid("code: %v", err)
		}
		s.private.Code = idnumber.NormaliseEntity(in.Code)
		if err := s.link(t, key, in.Linked); err != nil {
			return nil, err
		}
	default:
		return invalid("kind %q: one of %s, %s", api.Short(in.Kind), creditapi.Individual, creditapi.Entity)
	}
	return s, nil
}

// link checks the persons restricted with an entity: at least its legal
// representative or principal, each an adult with a valid ID number.
func (s *subject) link(t *kernel.Tx, key []byte, linked []creditapi.LinkedPerson) error {
	invalid := func(format string, args ...any) error {
		return kernel.Errorf(api.CodeInvalid, "transient person.linked"+format, args...)
	}
	if len(linked) > creditapi.MaxLinked {
		return invalid(": at most %d persons, got %d", creditapi.MaxLinked, len(linked))
	}
	seen := map[string]bool{}
	head := false
	for i, p := range linked {
		if !slices.Contains(creditapi.LinkedRoles, p.Role) {
			return invalid("[%d].role %q: one of %s (2015 Provisions art. 3 para. 2)", i, api.Short(p.Role), strings.Join(creditapi.LinkedRoles, ", "))
		}
		name, err := checkName(p.Name)
		if err != nil {
			return invalid("[%d].name %v", i, err)
		}
		pseudonym, id, err := adult(t, key, p.IDNumber)
		if err != nil {
			return invalid("[%d].idNumber: %v", i, err)
		}
		if seen[p.Role+"|"+pseudonym] {
			return invalid("[%d]: the same person twice in the role %s", i, p.Role)
		}
		seen[p.Role+"|"+pseudonym] = true
		head = head || p.Role == creditapi.LegalRepresentative || p.Role == creditapi.Principal
		s.private.Linked = append(s.private.Linked, creditapi.LinkedPerson{Role: p.Role, Name: name, IDNumber: id})
		s.linked = append(s.linked, creditapi.Linked{Role: p.Role, Person: pseudonym})
	}
	if !head {
		return invalid(": an entity is restricted with its %s or %s (2015 Provisions art. 3 para. 2); name one", creditapi.LegalRepresentative, creditapi.Principal)
	}
	return nil
}

// adult checks a person's ID number and age at the listing time, and
// returns the pseudonym and the normalised number.
func adult(t *kernel.Tx, key []byte, id string) (string, string, error) {
	pseudonym, err := idnumber.Pseudonym(key, id)
	if err != nil {
		return "", "", err
	}
	if err := idnumber.AdultAt(id, t.Now); err != nil {
		return "", "", err
	}
	return pseudonym, idnumber.Normalise(id), nil
}

func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if n := len([]rune(name)); n == 0 || n > creditapi.MaxName {
		return "", fmt.Errorf("must be 1 to %d characters", creditapi.MaxName)
	}
	return name, nil
}

// listable reads the enforcement case a subject is listed in: active, and
// the subject one of its debtors.
func listable(t *kernel.Tx, number, pseudonym string) (*enforcementapi.Case, error) {
	cs, err := casestore.Enforcements.Must(t, number)
	if err != nil {
		return nil, err
	}
	if cs.Kind != cases.Enforcement || (cs.State != cases.Active && cs.State != cases.Resumed) {
		return nil, kernel.Errorf(api.CodeState, "case %s is a %s case in state %s: only debtors of an active enforcement case are listed", number, cs.Kind, cs.State)
	}
	if !slices.Contains(cs.Debtors, pseudonym) {
		return nil, kernel.Errorf(api.CodeInvalid, "the person or entity is not a debtor of case %s", number)
	}
	return cs, nil
}

// newListing makes one listing of the request, with its term.
func newListing(t *kernel.Tx, kind, number string, req *creditapi.ListRequest, s *subject) (*creditapi.Listing, error) {
	l := &creditapi.Listing{ID: kernel.MintID("CR", t.Now, t.TxID()+"|"+kind, 8), Kind: kind, Subject: s.private.Kind, Person: s.pseudonym,
		Case: number, Court: req.Court, Basis: strings.TrimSpace(req.Basis), Start: t.Now.Format(time.RFC3339),
		State: creditapi.Active, ListedBy: t.Caller, ListedAt: t.At(), TxID: t.TxID()}
	if kind == creditapi.Consumption {
		l.Restrictions = slices.Clone(creditapi.Restrictions)
		l.Linked = s.linked
		return l, nil
	}
	l.Ground, l.Exclusion, l.Aggravation = req.Ground, strings.TrimSpace(req.Exclusion), req.Aggravation
	if req.Ground == 1 {
		return l, nil
	}
	years := creditapi.TermYears
	if req.Aggravation != nil {
		years += req.Aggravation.Years
	}
	end := calendar.AddMonths(t.Now, 12*years)
	cal, err := kernel.Calendar(t)
	if err != nil {
		return nil, err
	}
	removeBy, err := cal.AddWorkingDays(end, creditapi.RemovalWorkingDays)
	if err != nil {
		return nil, err
	}
	l.End, l.RemoveBy = end.Format(time.RFC3339), removeBy.Format(time.RFC3339)
	return l, nil
}

// find is the subject's own active listing of a kind in a case.
func find(active []*creditapi.Listing, pseudonym, number, kind string) *creditapi.Listing {
	for _, l := range active {
		if l.Person == pseudonym && l.Case == number && l.Kind == kind {
			return l
		}
	}
	return nil
}

// restricted tells whether the subject's consumption is already
// restricted in the case, so a dishonest listing needs no new restriction.
func restricted(active []*creditapi.Listing, pseudonym, number string) bool {
	return find(active, pseudonym, number, creditapi.Consumption) != nil
}

// covers tells whether a listing is in force at at: from its start, until
// its end if it has one.
func covers(l *creditapi.Listing, at time.Time) bool {
	s, err := time.Parse(time.RFC3339, l.Start)
	if err != nil || at.Before(s) {
		return false
	}
	if l.End == "" {
		return true
	}
	e, err := time.Parse(time.RFC3339, l.End)
	return err == nil && at.Before(e)
}
