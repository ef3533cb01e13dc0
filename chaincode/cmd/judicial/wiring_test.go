package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/calendar"
	"github.com/courtchain/judicial/chaincode/api/cases"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/stretchr/testify/require"
)

var (
	judge, clerk, officer, auditor = ledgertest.Judge, ledgertest.Clerk, ledgertest.Officer, ledgertest.Auditor
	bank                           = ledgertest.Bank
	hx, js                         = ledgertest.Hex, ledgertest.JSON
)

// served are the wired contracts, made once so that the tests' ledgers
// share one chaincode.
var served = contracts()

// contractapi accepts every contract (their types are serialisable), and
// every published function is served by one of them.
func TestTheChaincodeServesThePublishedContract(t *testing.T) {
	cc, err := contractapi.NewChaincode(served...)
	require.NoError(t, err)
	tx := ledgertest.New(served...).Tx(auditor)
	tx.Stub.GetFunctionAndParametersReturns("org.hyperledger.fabric:GetMetadata", nil)
	res := cc.Invoke(tx.Stub)
	require.EqualValues(t, 200, res.GetStatus(), res.GetMessage())
	var meta struct {
		Contracts map[string]struct {
			Transactions []struct {
				Name string `json:"name"`
			} `json:"transactions"`
		} `json:"contracts"`
	}
	require.NoError(t, json.Unmarshal(res.GetPayload(), &meta))
	served := map[api.Function]bool{}
	for ns, c := range meta.Contracts {
		for _, tx := range c.Transactions {
			if ns != "org.hyperledger.fabric" {
				served[api.Function(ns+":"+tx.Name)] = true
			}
		}
	}
	for _, s := range api.Specs() {
		require.True(t, served[s.Function], "%s is published but not served", s.Function)
	}
	require.Len(t, served, len(api.Specs()), "every served function is published")
}

// A creditor applies to enforce a judgment on this ledger only once its
// performance period has passed; the judgment then points to the case.
func TestApplicationOnAJudgmentOfThisLedger(t *testing.T) {
	l := ledgertest.New(served...)
	debtor := hx("debtor")
	id := "(2026)J0101民初77号"
	jr := mediationapi.JudgmentRequest{ID: id, Digest: hx("judgment"), Debtors: []string{debtor}, Creditors: []string{hx("c1")},
		Amount: 90000, EffectiveAt: l.Now.Format(time.RFC3339), Deadline: l.Now.Add(15 * 24 * time.Hour).Format(time.RFC3339)}
	ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
		return ledgertest.Call(tx, mediationapi.RecordJudgment, js(t, jr))
	})
	apply := func() (*enforcementapi.Case, error) {
		req := enforcementapi.OpenRequest{Basis: cases.Origin{Type: "judgment", ID: id}, Document: hx("application"),
			Creditors: []string{hx("c1")}, Debtors: []string{debtor}, Amount: 90000}
		return ledgertest.Run(l, clerk, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
			return ledgertest.Call(tx, enforcementapi.OpenCase, js(t, req))
		})
	}
	_, err := apply()
	require.ErrorContains(t, err, "is still within its performance period")

	l.Now = l.Now.Add(16 * 24 * time.Hour)
	ledgertest.Must(t, l, clerk, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
		return ledgertest.Call(tx, deadlineapi.Sweep, "", "", 10)
	})
	j, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetJudgment, id)
	require.NoError(t, err)
	require.Equal(t, mediationapi.JudgmentOverdue, j.State, "not pre-authorised: waits for the creditor")

	cs, err := apply()
	require.NoError(t, err)
	j, err = ledgertest.Call(l.Tx(auditor), mediationapi.GetJudgment, id)
	require.NoError(t, err)
	require.Equal(t, mediationapi.Breached, j.State)
	require.Equal(t, cs.Number, j.CaseNumber)
	_, err = apply()
	require.ErrorContains(t, err, "already has enforcement case "+cs.Number)
}

// A breached, judicially confirmed agreement opens an enforcement case
// through the sweep; a judge lists the debtor; the money collected
// concludes the case and, in the same transaction, removes the listing
// and purges its personal data.
func TestFromBreachToListingToConclusion(t *testing.T) {
	l := ledgertest.New(served...)
	key := bytes.Repeat([]byte{7}, idnumber.KeySize)
	ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*creditapi.KeyInfo, error) {
		return ledgertest.Call(tx.WithTransient(map[string][]byte{creditapi.TransientKey: key}), creditapi.SetPseudonymKey)
	})
	const id = "11010519491231002X"
	debtor, err := idnumber.Pseudonym(key, id)
	require.NoError(t, err)

	req := mediationapi.AgreementRequest{Digest: hx("agreement"), Obligations: []mediationapi.ObligationRequest{
		{Debtor: debtor, Creditor: hx("creditor"), Amount: 50000, Due: l.Now.Add(time.Hour).Format(time.RFC3339)}}}
	a := ledgertest.Must(t, l, ledgertest.Mediator, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.RegisterAgreement, js(t, req))
	})
	// Judicial confirmation is the court's act, on the parties' application
	// (CPL 2023 arts. 205-206); the creditor pre-authorises enforcement.
	ledgertest.Must(t, l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.ApplyForConfirmation, a.ID, hx("application"))
	})
	ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.ConfirmAgreement, a.ID, js(t, mediationapi.ConfirmationRequest{RulingNumber: "(2026)J0491民特1号",
			RulingDate: calendar.FormatDate(l.Now), Document: hx("ruling"), PreAuthorization: hx("in advance")}))
	})
	l.Now = l.Now.Add(2 * time.Hour)
	ledgertest.Must(t, l, clerk, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
		return ledgertest.Call(tx, deadlineapi.Sweep, "", "", 10)
	})
	a, err = ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
	require.NoError(t, err)
	number := a.Breach.CaseNumber
	require.Equal(t, cases.Enforcement, a.Breach.CaseKind)

	ledgertest.Must(t, l, officer, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.Activate, number, hx("notice"))
	})
	person, _ := json.Marshal(creditapi.Subject{Name: "张三", IDNumber: id})
	listing := creditapi.ListRequest{Kinds: []string{creditapi.Dishonest}, Court: "J0491", Ground: 1, Basis: "art. 1(1)",
		Exclusion: "no security; nothing frozen"}
	listed := ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) ([]*creditapi.Listing, error) {
		return ledgertest.Call(tx.WithTransient(map[string][]byte{creditapi.TransientPerson: person,
			creditapi.TransientSalt: bytes.Repeat([]byte{1}, creditapi.SaltSize)}), creditapi.List, number, js(t, listing))
	})

	reported := ledgertest.Must(t, l, officer, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.ReportCollection, number, 50000, hx("transfer"), "paid in full")
	})
	done := ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*enforcementapi.Case, error) {
		return ledgertest.Call(tx, enforcementapi.ConfirmCollection, number, reported.Reports[0].ID)
	})
	require.Equal(t, cases.Concluded, done.State)
	got, err := ledgertest.Call(l.Tx(auditor), creditapi.Get, listed[0].ID)
	require.NoError(t, err)
	require.Equal(t, creditapi.Removed, got.State)
	require.Equal(t, creditapi.GroundPerformed, got.Removal.Ground)
	require.Equal(t, "auto, on CourtMSP/judge1's transaction", got.Removal.By.String(),
		"the removal names who set it off, not only the contract that made it")
	require.Len(t, listed, 2, "the consumption restriction came with the listing")
	require.ElementsMatch(t, []string{creditapi.Collection + "/person|" + listed[0].ID, creditapi.Collection + "/person|" + listed[1].ID}, l.Purged)
}
