//go:build integration

package integration

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/stretchr/testify/require"
)

// pseudonymKey makes sure the channel has the key the profile's folder
// holds (creating both on a new network) and returns it.
func pseudonymKey(t *testing.T) []byte {
	t.Helper()
	key, _, err := credit.LoadOrCreateKey(filepath.Join(filepath.Dir(profilePath), credit.KeyFileName))
	require.NoError(t, err)
	_, _, err = credit.New(as(t, "CourtMSP", "judge1")).SetPseudonymKey(ctx(t), key)
	require.NoError(t, err)
	return key
}

// freshID is a valid resident ID number no earlier run used.
func freshID(t *testing.T) string {
	n := time.Now().UnixNano()/1000 + unique.Add(1)
	born := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n/1000%18000))
	base := fmt.Sprintf("440106%s%03d", born.Format("20060102"), n%1000)
	for _, c := range "0123456789X" {
		if idnumber.Validate(base+string(c)) == nil {
			return base + string(c)
		}
	}
	t.Fatalf("no check character for %s", base)
	return ""
}

// activeCaseAgainst opens and activates an enforcement case of 80000 fen
// against the person with this ID number.
func activeCaseAgainst(t *testing.T, key []byte, id string) string {
	debtor, err := idnumber.Pseudonym(key, id)
	require.NoError(t, err)
	return activeCase(t, debtor)
}

// activeCase opens and activates an enforcement case of 80000 fen against
// a debtor's pseudonym.
func activeCase(t *testing.T, debtor string) string {
	req, _ := json.Marshal(enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: "J-" + pseudo(t)[:20]}, Document: pseudo(t),
		Creditors: []string{pseudo(t)}, Debtors: []string{debtor}, Amount: 80000})
	cs, _ := submitJSON(t, as(t, "CourtMSP", "clerk1"), enforcementapi.OpenCase, string(req))
	submitJSON(t, as(t, "CourtMSP", "officer1"), enforcementapi.Activate, cs.Number, pseudo(t))
	return cs.Number
}

// freshCreditCode is a valid unified social credit code no earlier run
// used: 17 characters from the run's clock, and the check character that
// makes them valid.
func freshCreditCode(t *testing.T) string {
	base := fmt.Sprintf("9144%013d", (time.Now().UnixNano()/1000+unique.Add(1))%1e13)
	for _, c := range "0123456789ABCDEFGHJKLMNPQRTUWXY" {
		if idnumber.ValidateEntity(base+string(c)) == nil {
			return base + string(c)
		}
	}
	t.Fatalf("no check character for %s", base)
	return ""
}

// listRequest lists on ground (1), which has no term and needs the
// judge's statement on art. 3's exclusions.
func listRequest(court string, kinds ...string) creditapi.ListRequest {
	r := creditapi.ListRequest{Kinds: kinds, Court: court, Basis: "ruling (2026)J执1号; 2017 SPC Provisions art. 1(1)"}
	if slices.Contains(kinds, creditapi.Dishonest) {
		r.Ground, r.Exclusion = 1, "no security given; nothing frozen, seized or sealed"
	}
	return r
}

// A judge lists on ground (1); the consumption restriction comes with it;
// a bank checks by ID number and sees both; the debtor pays, the case
// concludes and both end in the same transaction, on the ground of
// performance; the bank checks again and the person is clear; the name
// and number were purged, the public record stays; no block ever held the
// name or the number.
func TestCreditListingCheckAndRemovalOnPayment(t *testing.T) {
	key := pseudonymKey(t)
	id, name := freshID(t), "王五"+pseudo(t)[:6]
	number := activeCaseAgainst(t, key, id)
	court := as(t, "CourtMSP", "auditor")
	first, err := court.Height(ctx(t))
	require.NoError(t, err)

	listings, res, err := credit.New(as(t, "CourtMSP", "judge1")).List(ctx(t), number, listRequest("J0491", creditapi.Dishonest), creditapi.Subject{Name: name, IDNumber: id})
	require.NoError(t, err)
	require.Len(t, listings, 2, "a dishonest listing brings a consumption restriction (2015 Provisions art. 1)")
	require.Equal(t, creditapi.Consumption, listings[1].Kind)
	require.Empty(t, listings[0].End, "ground (1) has no term")
	synced(t, res.Block)

	bank := as(t, "CreditMSP", "bank1")
	check, err := credit.New(bank).Check(ctx(t), strings.ToLower(id))
	require.NoError(t, err)
	require.True(t, check.Listed)
	require.Len(t, check.Listings, 2)
	_, _, err = credit.New(as(t, "CourtMSP", "judge1")).List(ctx(t), number, listRequest("J0491", creditapi.Dishonest), creditapi.Subject{Name: name, IDNumber: id})
	require.ErrorContains(t, err, "the individual is already listed (dishonest) in case")

	personal, err := credit.New(as(t, "CourtMSP", "judge1")).PersonalData(ctx(t), listings[0].ID)
	require.NoError(t, err)
	require.Equal(t, id, personal.IDNumber)
	// Submitted instead of evaluated, the answer would go into a block:
	// it is sealed to a one-time key, and two endorsers seal it
	// differently, so it does not even commit. The block search below
	// covers it either way.
	oneTime, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(t, err)
	_, _, err = gateway.Submit(ctx(t), as(t, "CourtMSP", "judge1"), creditapi.PersonalData, gateway.WithArgs(listings[0].ID), gateway.WithTransient(map[string][]byte{creditapi.TransientPublicKey: oneTime.PublicKey().Bytes()}))
	t.Logf("submitting credit:PersonalData: %v", err)

	// Paging through the court's active dishonest listings finds it.
	found, bookmark := false, ""
	for pages := 0; pages < 100; pages++ {
		page := evaluateJSON(t, bank, creditapi.Page, "J0491", creditapi.Dishonest, "5", bookmark)
		for _, l := range page.Listings {
			found = found || l.Case == number
		}
		if bookmark = page.Bookmark; bookmark == "" {
			break
		}
	}
	require.True(t, found)
	stats := evaluateJSON(t, court, creditapi.Stats, "J0491")
	require.NotEmpty(t, stats)

	// The debtor pays: the case concludes and takes its listing and its
	// restriction with it (2017 Provisions art. 10(1); 2015 art. 9).
	done, res := collectInCourt(t, number, 80000)
	require.Equal(t, cases.Concluded, done.State)
	synced(t, res.Block)
	check, err = credit.New(bank).Check(ctx(t), id)
	require.NoError(t, err)
	require.False(t, check.Listed)
	for _, listed := range listings {
		l := evaluateJSON(t, court, creditapi.Get, listed.ID)
		require.Equal(t, creditapi.Removed, l.State)
		require.Equal(t, creditapi.GroundPerformed, l.Removal.Ground)
		require.True(t, l.Removal.Auto)
	}
	history := evaluateJSON(t, court, creditapi.History, listings[0].ID)
	require.Len(t, history, 2)
	_, err = credit.New(as(t, "CourtMSP", "judge1")).PersonalData(ctx(t), listings[0].ID)
	require.ErrorContains(t, err, "was purged when it was removed")

	// Read every block since before the listing back and search it.
	last, err := court.Height(ctx(t))
	require.NoError(t, err)
	pseudonym, _ := idnumber.Pseudonym(key, id)
	sawPseudonym := false
	for n := first; n < last; n++ {
		block, err := court.RawBlock(ctx(t), n)
		require.NoError(t, err)
		require.False(t, bytes.Contains(block, []byte(id)), "block %d holds the ID number", n)
		require.False(t, bytes.Contains(block, []byte(strings.ToLower(id))), "block %d holds the ID number", n)
		require.False(t, bytes.Contains(block, []byte(name)), "block %d holds the name", n)
		sawPseudonym = sawPseudonym || bytes.Contains(block, []byte(pseudonym))
	}
	require.True(t, sawPseudonym, "the search read the blocks that hold the listing")
}

// A listing on ground (1) has no term: the keeper's sweeps never remove
// it (the unit tests sweep twenty years ahead; here the real keeper runs
// over whatever else is due on the channel).
func TestCreditGroundOneListingOutlastsEverySweep(t *testing.T) {
	key := pseudonymKey(t)
	id := freshID(t)
	number := activeCaseAgainst(t, key, id)
	listings, res, err := credit.New(as(t, "CourtMSP", "judge1")).List(ctx(t), number, listRequest("J0491", creditapi.Dishonest), creditapi.Subject{Name: "赵六", IDNumber: id})
	require.NoError(t, err)
	synced(t, res.Block)

	k := newKeeper(t)
	for range 3 {
		_, _, err := k.Round(ctx(t))
		require.NoError(t, err)
	}
	court := as(t, "CourtMSP", "auditor")
	for _, l := range listings {
		got := evaluateJSON(t, court, creditapi.Get, l.ID)
		require.Equal(t, creditapi.Active, got.State)
		require.Empty(t, got.End)
		require.Empty(t, got.RemoveBy)
	}
	check, err := credit.New(as(t, "CreditMSP", "bank1")).Check(ctx(t), id)
	require.NoError(t, err)
	require.True(t, check.Listed)
}

// Minors are never listed (2017 Provisions art. 4).
func TestCreditMinorIsRefused(t *testing.T) {
	key := pseudonymKey(t)
	born := time.Now().UTC().AddDate(-17, 0, 0)
	minor := ""
	for seq := 0; minor == "" && seq < 1000; seq++ {
		base := fmt.Sprintf("440106%s%03d", born.Format("20060102"), (int(unique.Add(1))+seq)%1000)
		for _, c := range "0123456789X" {
			if idnumber.Validate(base+string(c)) == nil {
				minor = base + string(c)
			}
		}
	}
	number := activeCaseAgainst(t, key, minor)
	_, _, err := credit.New(as(t, "CourtMSP", "judge1")).List(ctx(t), number, listRequest("J0491", creditapi.Dishonest), creditapi.Subject{Name: "少年", IDNumber: minor})
	var ee *gateway.EndorseError
	require.True(t, errors.As(err, &ee), "%v", err)
	require.Equal(t, api.CodeInvalid, ee.Code)
	require.Contains(t, ee.Message, "the person is under 18 on the listing date: minors are never listed")
	require.NotContains(t, err.Error(), minor[:14], "the error does not repeat the number or the birth date")
}

// An entity is listed by its unified social credit code; its legal
// representative is restricted with it (2015 Provisions art. 3 para. 2);
// a bank checking the entity, or the person, finds the restriction.
func TestCreditEntityAndItsLegalRepresentative(t *testing.T) {
	key := pseudonymKey(t)
	code, rep := freshCreditCode(t), freshID(t)
	firm, err := idnumber.EntityPseudonym(key, code)
	require.NoError(t, err)
	number := activeCase(t, firm)
	subject := creditapi.Subject{Kind: creditapi.Entity, Name: "某某贸易有限公司" + pseudo(t)[:4], Code: code,
		Linked: []creditapi.LinkedPerson{{Role: creditapi.LegalRepresentative, Name: "钱八", IDNumber: rep}}}
	req := listRequest("J0491", creditapi.Dishonest)
	req.Ground, req.Exclusion = 3, ""
	listings, res, err := credit.New(as(t, "CourtMSP", "judge1")).List(ctx(t), number, req, subject)
	require.NoError(t, err)
	require.Len(t, listings, 2)
	require.NotEmpty(t, listings[0].End, "ground (3): 2 years")
	synced(t, res.Block)

	bank := credit.New(as(t, "CreditMSP", "bank1"))
	firmCheck, err := bank.CheckEntity(ctx(t), strings.ToLower(code))
	require.NoError(t, err)
	require.True(t, firmCheck.Listed)
	require.Len(t, firmCheck.Listings, 2)
	repCheck, err := bank.Check(ctx(t), rep)
	require.NoError(t, err)
	require.True(t, repCheck.Listed)
	require.Empty(t, repCheck.Listings)
	require.Len(t, repCheck.AsLinked, 1)
	require.Equal(t, creditapi.LegalRepresentative, repCheck.AsLinked[0].Role)
	require.Equal(t, listings[1].ID, repCheck.AsLinked[0].Listing.ID)
	require.Empty(t, repCheck.AsLinked[0].Listing.Linked[0].Person, "a bank sees no pseudonym")

	out, code2 := cli(t, t.TempDir(), "--org", "CreditMSP", "--identity", "bank1", "credit", "check", "--id-number", rep)
	require.Equal(t, 0, code2, out)
	require.Contains(t, out, "as legal_representative of a restricted entity:")
}

// Each role against each function, on the real network.
func TestCreditRoleMatrix(t *testing.T) {
	key := pseudonymKey(t)
	id := freshID(t)
	number := activeCaseAgainst(t, key, id)
	listings, res, err := credit.New(as(t, "CourtMSP", "judge1")).List(ctx(t), number, listRequest("J0491", creditapi.Dishonest), creditapi.Subject{Name: "孙七", IDNumber: id})
	require.NoError(t, err)
	synced(t, res.Block)
	lid, restriction := listings[0].ID, listings[1].ID
	who := []struct{ org, identity string }{
		{"CourtMSP", "judge1"}, {"CourtMSP", "clerk1"}, {"CourtMSP", "officer1"}, {"CourtMSP", "auditor"},
		{"MediationMSP", "mediator1"}, {"MediationMSP", "auditor"}, {"CreditMSP", "bank1"}, {"CreditMSP", "auditor"},
	}
	readers := []string{"judge1", "clerk1", "officer1", "auditor", "bank1"}
	checkers := []string{"judge1", "clerk1", "officer1", "bank1"}
	type cell struct {
		fn        *api.Spec
		allowed   []string
		args      []string
		transient map[string][]byte
	}
	jsonOf := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	other := freshID(t)
	person, _ := json.Marshal(creditapi.Subject{Name: "孙七", IDNumber: id})
	cells := []cell{
		{creditapi.Check.Spec, checkers, nil, map[string][]byte{creditapi.TransientIDNumber: []byte(other)}},
		{creditapi.CheckEntity.Spec, checkers, nil, map[string][]byte{creditapi.TransientCreditCode: []byte(freshCreditCode(t))}},
		{creditapi.Get.Spec, readers, []string{lid}, nil},
		{creditapi.Page.Spec, readers, []string{"J0491", creditapi.Dishonest, "1", ""}, nil},
		{creditapi.History.Spec, readers, []string{lid}, nil},
		{creditapi.Stats.Spec, []string{"judge1", "auditor"}, []string{""}, nil},
		{creditapi.PersonalData.Spec, []string{"judge1"}, []string{lid}, map[string][]byte{creditapi.TransientPublicKey: oneTimeKey(t)}},
		{creditapi.KeyFingerprint.Spec, checkers, nil, nil},
		{creditapi.Remove.Spec, []string{"judge1"}, []string{lid, jsonOf(creditapi.RemovalRequest{Ground: creditapi.GroundCreditorApplication, Document: pseudo(t)})}, nil},
		{creditapi.ApproveConsumption.Spec, []string{"judge1"}, []string{restriction, jsonOf(creditapi.ApprovalRequest{Restriction: creditapi.Restrictions[0],
			Purpose: "medical treatment", Until: time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339), Document: pseudo(t)})}, nil},
		{creditapi.ApplyCorrection.Spec, []string{"clerk1"}, []string{lid, jsonOf(creditapi.CorrectionRequest{Reason: "paid", Document: pseudo(t)})}, nil},
		{creditapi.DecideCorrection.Spec, nil, []string{lid, "K1", jsonOf(creditapi.CorrectionDecision{Reason: "r", Document: pseudo(t)})}, nil},
		{creditapi.List.Spec, []string{"judge1"}, []string{number, jsonOf(listRequest("J0491", creditapi.Dishonest))},
			map[string][]byte{creditapi.TransientPerson: person, creditapi.TransientSalt: bytes.Repeat([]byte{3}, creditapi.SaltSize)}},
	}
	for _, c := range cells {
		for _, w := range who {
			// Evaluated, even the functions that write: the gateway peer
			// runs the chaincode and answers, nothing is committed, so every
			// cell sees the same listing.
			args := make([]any, len(c.args))
			for i, a := range c.args {
				args[i] = a
			}
			_, err := gateway.Evaluate(ctx(t), as(t, w.org, w.identity), api.Raw(c.fn), gateway.WithArgs(args...), gateway.WithTransient(c.transient))
			if !slices.Contains(c.allowed, w.identity) {
				if c.fn == creditapi.DecideCorrection.Spec && w.identity == "judge1" {
					// A judge passes the role check; there is no
					// application K1 to decide.
					require.ErrorContains(t, err, "has no correction application K1")
					continue
				}
				require.ErrorContains(t, err, "access denied: "+string(c.fn.Function), "%s as %s/%s", c.fn.Function, w.org, w.identity)
				continue
			}
			if c.fn == creditapi.List.Spec {
				// The judge passes the role check and meets the listing
				// already in force.
				require.ErrorContains(t, err, "already listed", "%s as %s/%s", c.fn.Function, w.org, w.identity)
				continue
			}
			require.NoError(t, err, "%s as %s/%s: an allowed role succeeds", c.fn, w.org, w.identity)
		}
	}
}

// oneTimeKey is the public half of an X25519 key made for one call.
func oneTimeKey(t *testing.T) []byte {
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(t, err)
	return key.PublicKey().Bytes()
}
