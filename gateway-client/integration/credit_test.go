//go:build integration

package integration

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"github.com/courtchain/judicial/chaincode/api"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/stretchr/testify/require"
)

// pseudonymKey makes sure the channel has the key the profile's folder
// holds (creating both on a new network) and returns it.
func pseudonymKey(t *testing.T) []byte {
	t.Helper()
	key, _, err := credit.LoadOrCreateKey(filepath.Join(filepath.Dir(profilePath), credit.KeyFileName))
	require.NoError(t, err)
	_, _, err = credit.New(as(t, "CourtMSP", "judge1")).SetKey(ctx(t), key)
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
	req, _ := json.Marshal(enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: "J-" + pseudo(t)[:20]}, Document: pseudo(t),
		Creditors: []string{pseudo(t)}, Debtors: []string{debtor}, Amount: 80000})
	cs, _ := submitJSON[enforcementapi.Case](t, as(t, "CourtMSP", "clerk1"), enforcementapi.OpenCase, string(req))
	submitJSON[enforcementapi.Case](t, as(t, "CourtMSP", "officer1"), enforcementapi.Activate, cs.Number, pseudo(t))
	return cs.Number
}

func listRequest(court string, end time.Duration, kinds ...string) creditapi.ListRequest {
	now := time.Now().UTC()
	return creditapi.ListRequest{Kinds: kinds, Court: court, Ground: 1, Basis: "ruling (2026)J执1号; 2017 SPC Provisions art. 1(1)",
		Start: now.Add(-time.Minute).Format(time.RFC3339), End: now.Add(end).Format(time.RFC3339)}
}

// A judge lists; a bank checks by ID number and sees the listing; the
// debtor pays, the case concludes and the listings end in the same
// transaction; the bank checks again and the person is clear; the name
// and number were purged, the public record stays; no block ever held
// the name or the number.
func TestCreditListingCheckAndRemovalOnPayment(t *testing.T) {
	key := pseudonymKey(t)
	id, name := freshID(t), "王五"+pseudo(t)[:6]
	number := activeCaseAgainst(t, key, id)
	court := as(t, "CourtMSP", "auditor")
	first, err := court.Height(ctx(t))
	require.NoError(t, err)

	listings, res, err := credit.New(as(t, "CourtMSP", "judge1")).List(ctx(t), number, listRequest("J0491", 365*24*time.Hour, creditapi.Dishonest, creditapi.Consumption), creditapi.Person{Name: name, IDNumber: id})
	require.NoError(t, err)
	require.Len(t, listings, 2)
	synced(t, res.Block)

	bank := as(t, "CreditMSP", "bank1")
	check, err := credit.New(bank).Check(ctx(t), strings.ToLower(id))
	require.NoError(t, err)
	require.True(t, check.Listed)
	require.Len(t, check.Listings, 2)
	_, _, err = credit.New(as(t, "CourtMSP", "judge1")).List(ctx(t), number, listRequest("J0491", 24*time.Hour, creditapi.Dishonest), creditapi.Person{Name: name, IDNumber: id})
	require.ErrorContains(t, err, "the person is already listed")

	personal, err := credit.New(as(t, "CourtMSP", "judge1")).PersonalData(ctx(t), listings[0].ID)
	require.NoError(t, err)
	require.Equal(t, id, personal.IDNumber)
	// Submitted instead of evaluated, the answer would go into a block:
	// it is sealed to a one-time key, and two endorsers seal it
	// differently, so it does not even commit. The block search below
	// covers it either way.
	oneTime, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(t, err)
	_, err = as(t, "CourtMSP", "judge1").SubmitWithTransient(ctx(t), creditapi.PersonalData,
		map[string][]byte{creditapi.TransientPublicKey: oneTime.PublicKey().Bytes()}, listings[0].ID)
	t.Logf("submitting credit:PersonalData: %v", err)

	// Paging through the court's active dishonest listings finds it.
	found, bookmark := false, ""
	for pages := 0; pages < 100; pages++ {
		page := evaluateJSON[creditapi.ListingPage](t, bank, creditapi.Page, "J0491", creditapi.Dishonest, "5", bookmark)
		for _, l := range page.Listings {
			found = found || l.Case == number
		}
		if bookmark = page.Bookmark; bookmark == "" {
			break
		}
	}
	require.True(t, found)
	stats := evaluateJSON[[]creditapi.Count](t, court, creditapi.Stats, "J0491")
	require.NotEmpty(t, *stats)

	// The debtor pays: the case concludes and takes its listings with it.
	done, res := collectInCourt(t, number, 80000)
	require.Equal(t, cases.Concluded, done.State)
	synced(t, res.Block)
	check, err = credit.New(bank).Check(ctx(t), id)
	require.NoError(t, err)
	require.False(t, check.Listed)
	l := evaluateJSON[creditapi.Listing](t, court, creditapi.Get, listings[0].ID)
	require.Equal(t, creditapi.HowConcluded, l.RemovedHow)
	history := evaluateJSON[[]creditapi.Version](t, court, creditapi.History, listings[0].ID)
	require.Len(t, *history, 2)
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

// A listing whose term ends is removed by the keeper's sweep.
func TestCreditListingExpires(t *testing.T) {
	key := pseudonymKey(t)
	id := freshID(t)
	number := activeCaseAgainst(t, key, id)
	req := listRequest("J0491", 0, creditapi.Consumption)
	req.End = soon(2 * time.Second)
	listings, _, err := credit.New(as(t, "CourtMSP", "judge1")).List(ctx(t), number, req, creditapi.Person{Name: "赵六", IDNumber: id})
	require.NoError(t, err)
	court := as(t, "CourtMSP", "auditor")
	keepUntil(t, newKeeper(t), func() bool {
		return evaluateJSON[creditapi.Listing](t, court, creditapi.Get, listings[0].ID).State == creditapi.Removed
	})
	require.Equal(t, creditapi.HowExpired, evaluateJSON[creditapi.Listing](t, court, creditapi.Get, listings[0].ID).RemovedHow)
	check, err := credit.New(as(t, "CreditMSP", "bank1")).Check(ctx(t), id)
	require.NoError(t, err)
	require.False(t, check.Listed)
}

// Each role against each function, on the real network.
func TestCreditRoleMatrix(t *testing.T) {
	key := pseudonymKey(t)
	id := freshID(t)
	number := activeCaseAgainst(t, key, id)
	listings, res, err := credit.New(as(t, "CourtMSP", "judge1")).List(ctx(t), number, listRequest("J0491", 24*time.Hour, creditapi.Dishonest), creditapi.Person{Name: "孙七", IDNumber: id})
	require.NoError(t, err)
	synced(t, res.Block)
	lid := listings[0].ID
	who := []struct{ org, identity string }{
		{"CourtMSP", "judge1"}, {"CourtMSP", "clerk1"}, {"CourtMSP", "officer1"}, {"CourtMSP", "auditor"},
		{"MediationMSP", "mediator1"}, {"MediationMSP", "auditor"}, {"CreditMSP", "bank1"}, {"CreditMSP", "auditor"},
	}
	readers := []string{"judge1", "clerk1", "officer1", "auditor", "bank1"}
	checkers := []string{"judge1", "clerk1", "officer1", "bank1"}
	type cell struct {
		fn        api.Function
		allowed   []string
		args      []string
		transient map[string][]byte
	}
	person, _ := json.Marshal(creditapi.Person{Name: "孙七", IDNumber: id})
	consumption, _ := json.Marshal(listRequest("J0491", 24*time.Hour, creditapi.Consumption))
	cells := []cell{
		{creditapi.Check, checkers, nil, map[string][]byte{creditapi.TransientIDNumber: []byte(id)}},
		{creditapi.Get, readers, []string{lid}, nil},
		{creditapi.Page, readers, []string{"J0491", creditapi.Dishonest, "1", ""}, nil},
		{creditapi.History, readers, []string{lid}, nil},
		{creditapi.Stats, []string{"judge1", "auditor"}, []string{""}, nil},
		{creditapi.PersonalData, []string{"judge1"}, []string{lid}, map[string][]byte{creditapi.TransientPublicKey: oneTimeKey(t)}},
		{creditapi.KeyFingerprint, checkers, nil, nil},
		{creditapi.Remove, []string{"judge1"}, []string{lid, "the creditor's written request"}, nil},
		{creditapi.List, []string{"judge1"}, []string{number, string(consumption)},
			map[string][]byte{creditapi.TransientPerson: person, creditapi.TransientSalt: bytes.Repeat([]byte{3}, creditapi.SaltSize)}},
	}
	for _, c := range cells {
		for _, w := range who {
			// Evaluated, even the functions that write: the gateway peer
			// runs the chaincode and answers, nothing is committed, so every
			// cell sees the same listing.
			_, err := as(t, w.org, w.identity).EvaluateWithTransient(ctx(t), c.fn, c.transient, c.args...)
			// A role is valid only in its org: the mediation and credit
			// auditors read like the court's.
			if !slices.Contains(c.allowed, w.identity) {
				require.ErrorContains(t, err, "access denied: "+string(c.fn), "%s as %s/%s", c.fn, w.org, w.identity)
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
