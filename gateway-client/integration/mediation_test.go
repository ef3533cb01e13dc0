//go:build integration

package integration

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"github.com/courtchain/judicial/chaincode/api"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/calendar"
	"github.com/courtchain/judicial/chaincode/api/cases"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/deadline"
	"github.com/courtchain/judicial/gateway-client/enforcement"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/keeper"
	"github.com/courtchain/judicial/gateway-client/listener"
	"github.com/courtchain/judicial/gateway-client/mediation"
	"github.com/stretchr/testify/require"
)

func pseudo(t *testing.T) string { return hex.EncodeToString(freshDigest(t)) }

// soon is a due time a few seconds ahead, whole seconds (RFC 3339).
func soon(d time.Duration) string {
	return time.Now().Add(d).UTC().Truncate(time.Second).Add(time.Second).Format(time.RFC3339)
}

func submitJSON[R any](t *testing.T, c *gateway.Client, fn api.Fn[R], args ...any) (R, *gateway.Result) {
	t.Helper()
	v, res, err := gateway.Submit(ctx(t), c, fn, gateway.WithArgs(args...))
	require.NoError(t, err, fn)
	synced(t, res.Block) // the next step may be endorsed by any org's peer
	return v, res
}

func evaluateJSON[R any](t *testing.T, c *gateway.Client, fn api.Fn[R], args ...any) R {
	t.Helper()
	v, err := gateway.Evaluate(ctx(t), c, fn, gateway.WithArgs(args...))
	require.NoError(t, err, fn)
	return v
}

func newKeeper(t *testing.T) *keeper.Keeper {
	return &keeper.Keeper{Ledger: deadline.New(as(t, "CourtMSP", "clerk1")), Batch: 50, Parallel: 2, Interval: 300 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// keepUntil runs keeper rounds until cond holds.
func keepUntil(t *testing.T, k *keeper.Keeper, cond func() bool) {
	t.Helper()
	require.Eventually(t, func() bool {
		if _, _, err := k.Round(ctx(t)); err != nil {
			t.Logf("keeper round: %v", err)
		}
		return cond()
	}, 60*time.Second, 500*time.Millisecond)
}

// agreementRequest is a mediation agreement of one obligation of 1,500
// yuan due at due, between fresh pseudonyms. confirmed must be false:
// judicial confirmation is the court's ruling on the parties' application,
// recorded after registration (confirmAgreement).
func agreementRequest(t *testing.T, confirmed bool, due string) string {
	t.Helper()
	if confirmed {
		t.Fatal("an agreement is registered unconfirmed; confirmAgreement records the court's confirmation")
	}
	req := mediationapi.AgreementRequest{Digest: pseudo(t), Evidence: []string{pseudo(t)},
		Obligations: []mediationapi.ObligationRequest{{Debtor: pseudo(t), Creditor: pseudo(t), Amount: 150000, Due: due}}}
	b, _ := json.Marshal(req)
	return string(b)
}

// register has a mediator register req.
func register(t *testing.T, req mediationapi.AgreementRequest) *mediationapi.Agreement {
	t.Helper()
	b, _ := json.Marshal(req)
	a, _ := submitJSON(t, as(t, "MediationMSP", "mediator1"), mediationapi.RegisterAgreement, string(b))
	return a
}

// confirmAgreement has a clerk record the parties' application for
// judicial confirmation and a judge the ruling that confirms the
// agreement (CPL 2023 art. 205), with the creditor's application for
// enforcement made in advance when preAuthorised.
func confirmAgreement(t *testing.T, id string, preAuthorised bool) *mediationapi.Agreement {
	t.Helper()
	submitJSON(t, as(t, "CourtMSP", "clerk1"), mediationapi.ApplyForConfirmation, id, pseudo(t))
	req := mediationapi.ConfirmationRequest{RulingNumber: "(2026)J0491民特" + strconv.FormatInt(time.Now().UnixNano()%1e9, 10) + "号",
		RulingDate: calendar.FormatDate(time.Now()), Document: pseudo(t)}
	if preAuthorised {
		req.PreAuthorization = pseudo(t)
	}
	b, _ := json.Marshal(req)
	a, _ := submitJSON(t, as(t, "CourtMSP", "judge1"), mediationapi.ConfirmAgreement, id, string(b))
	require.True(t, a.Confirmed)
	return a
}

// breached waits until the keeper has found agreement id breached.
func breached(t *testing.T, id string) *mediationapi.Agreement {
	t.Helper()
	court := as(t, "CourtMSP", "auditor")
	keepUntil(t, newKeeper(t), func() bool {
		return evaluateJSON(t, court, mediationapi.GetAgreement, id).State == mediationapi.Breached
	})
	return evaluateJSON(t, court, mediationapi.GetAgreement, id)
}

// Mediation → breach found by the keeper. A judicially confirmed
// agreement whose creditor applied in advance → enforcement case, for
// what remains owed, with the mediation record; an agreement never
// confirmed → a filing for the creditor (not a docketed case), which a
// clerk then dockets as a trial case.
func TestMediationBreachOpensCasesThroughTheKeeper(t *testing.T) {
	mediator := as(t, "MediationMSP", "mediator1")
	plain, _ := submitJSON(t, mediator, mediationapi.RegisterAgreement, agreementRequest(t, false, soon(2*time.Second)))
	confirmed, _ := submitJSON(t, mediator, mediationapi.RegisterAgreement, agreementRequest(t, false, soon(40*time.Second)))
	require.False(t, confirmed.Confirmed, "registered unconfirmed")
	confirmAgreement(t, confirmed.ID, true)

	// Part payment, confirmed by the bank: still a breach, for what remains.
	_, _, err := gateway.Submit(ctx(t), mediator, mediationapi.ReportPerformance, gateway.WithArgs(confirmed.ID, "0", "50000", pseudo(t)))
	require.NoError(t, err)
	_, _, err = gateway.Submit(ctx(t), as(t, "MediationMSP", "mediator1"), mediationapi.ConfirmPerformance, gateway.WithArgs(confirmed.ID, "0", "0"))
	require.ErrorContains(t, err, `has role "mediator"`, "no mediator confirms a payment, least of all on its own agreement")
	_, res := submitJSON(t, as(t, "CreditMSP", "bank1"), mediationapi.ConfirmPerformance, confirmed.ID, "0", "0")
	synced(t, res.Block)

	court := as(t, "CourtMSP", "auditor")
	got := breached(t, confirmed.ID)
	require.Equal(t, mediationapi.BreachEnforcement, got.Breach.Outcome)
	require.Equal(t, cases.Enforcement, got.Breach.CaseKind)
	require.True(t, got.Breach.By.Auto)
	require.True(t, strings.HasPrefix(got.Breach.By.String(), "auto, on "), "naming whose transaction set it off: %s", got.Breach.By)
	cs := evaluateJSON(t, court, mediationapi.GetCase, got.Breach.CaseNumber)
	require.Equal(t, cases.Enforcement, cs.Kind)
	require.EqualValues(t, 100000, cs.AmountDue)
	require.Contains(t, cs.Evidence, confirmed.Digest)
	require.Contains(t, cs.Evidence, got.Confirmation.Ruling.Document)

	got = breached(t, plain.ID)
	require.Equal(t, mediationapi.BreachFiling, got.Breach.Outcome)
	require.Empty(t, got.Breach.CaseNumber, "not a docketed case")
	f := evaluateJSON(t, court, mediationapi.GetFiling, got.Breach.Filing)
	require.Equal(t, mediationapi.FilingSubmitted, f.State, "the filing goes through the review of CPL 2023 art. 126")
	require.Equal(t, plain.Obligations[0].Creditor, f.Claimants[0])
	require.Equal(t, plain.Obligations[0].Debtor, f.Respondents[0])
	require.EqualValues(t, 150000, f.Amount)
	require.Equal(t, plain.ID, f.Breach)
	docketed, _ := submitJSON(t, as(t, "CourtMSP", "clerk1"), mediationapi.Docket, f.ID)
	trial := evaluateJSON(t, court, mediationapi.GetCase, docketed.CaseNumber)
	require.Equal(t, cases.Trial, trial.Kind)
	require.Contains(t, trial.Evidence, plain.Digest)

	for _, a := range []*mediationapi.Agreement{plain, confirmed} {
		again, _ := submitJSON(t, mediator, deadlineapi.Trigger, mediationapi.KindObligation, a.ID+"#0")
		require.Equal(t, "already processed; nothing changed", again.Processed[0].Result)
	}
}

// Judicial confirmation is the court's: a mediator cannot register an
// agreement as confirmed, the parties apply within 30 days of its effect
// (CPL 2023 art. 205), and an application out of time is refused.
func TestConfirmationOutOfTimeIsRefused(t *testing.T) {
	mediator, clerk := as(t, "MediationMSP", "mediator1"), as(t, "CourtMSP", "clerk1")
	req := mediationapi.AgreementRequest{Digest: pseudo(t), Confirmed: true,
		Obligations: []mediationapi.ObligationRequest{{Debtor: pseudo(t), Creditor: pseudo(t), Amount: 90000, Due: soon(time.Hour)}}}
	b, _ := json.Marshal(req)
	_, _, err := gateway.Submit(ctx(t), mediator, mediationapi.RegisterAgreement, gateway.WithArgs(string(b)))
	require.ErrorContains(t, err, "judiciallyConfirmed cannot be registered")

	req.Confirmed = false
	req.EffectiveAt = time.Now().AddDate(0, 0, -40).UTC().Format(time.RFC3339)
	old := register(t, req)
	_, _, err = gateway.Submit(ctx(t), clerk, mediationapi.ApplyForConfirmation, gateway.WithArgs(old.ID, pseudo(t)))
	var ee *gateway.EndorseError
	require.True(t, errors.As(err, &ee), "%v", err)
	require.Equal(t, api.CodeTime, ee.Code)
	require.Contains(t, ee.Message, "comes too late: the parties apply within 30 days of the agreement taking effect (CPL 2023 art. 205)")
	got := evaluateJSON(t, as(t, "CourtMSP", "auditor"), mediationapi.GetAgreement, old.ID)
	require.Nil(t, got.Confirmation)
	require.False(t, got.Confirmed)

	req.EffectiveAt = time.Now().AddDate(0, 0, -20).UTC().Format(time.RFC3339)
	recent := register(t, req)
	applied, _ := submitJSON(t, clerk, mediationapi.ApplyForConfirmation, recent.ID, pseudo(t))
	require.Equal(t, mediationapi.ConfirmationApplied, applied.Confirmation.State)
	ruling, _ := json.Marshal(mediationapi.ConfirmationRequest{RulingNumber: "(2026)J0491民特1号", RulingDate: calendar.FormatDate(time.Now()), Document: pseudo(t)})
	_, _, err = gateway.Submit(ctx(t), clerk, mediationapi.ConfirmAgreement, gateway.WithArgs(recent.ID, string(ruling)))
	require.ErrorContains(t, err, "access denied: mediation:ConfirmAgreement", "the ruling is a judge's")
	confirmed, _ := submitJSON(t, as(t, "CourtMSP", "judge1"), mediationapi.ConfirmAgreement, recent.ID, string(ruling))
	require.True(t, confirmed.Confirmed)
	require.NotEmpty(t, confirmed.ApplicationPeriodEnds, "the 2-year application period of CPL 2023 art. 250")
}

// A breach enforces only what is due and unperformed, against whoever
// owes it: of two instalments, the first falls due in a few seconds and
// the second in a year; a co-debtor's obligation due now is performed.
// The case carries the first instalment only, against its debtor only.
func TestPartialBreachEnforcesOnlyWhatIsDue(t *testing.T) {
	debtor, coDebtor, creditor := pseudo(t), pseudo(t), pseudo(t)
	due := soon(45 * time.Second) // time to confirm the agreement and record the co-debtor's payment first
	a := register(t, mediationapi.AgreementRequest{Digest: pseudo(t), Obligations: []mediationapi.ObligationRequest{
		{Debtor: debtor, Creditor: creditor, Amount: 100000, Due: due},
		{Debtor: debtor, Creditor: creditor, Amount: 200000, Due: time.Now().AddDate(1, 0, 0).UTC().Format(time.RFC3339)},
		{Debtor: coDebtor, Creditor: creditor, Amount: 70000, Due: due},
	}})
	confirmAgreement(t, a.ID, true)
	_, _, err := gateway.Submit(ctx(t), as(t, "CourtMSP", "clerk1"), mediationapi.ReportPerformance, gateway.WithArgs(a.ID, "2", "70000", pseudo(t)))
	require.NoError(t, err)
	paid, _ := submitJSON(t, as(t, "CreditMSP", "bank1"), mediationapi.ConfirmPerformance, a.ID, "2", "0")
	require.Equal(t, mediationapi.Performed, paid.Obligations[2].State, "the co-debtor performed before the due time")

	got := breached(t, a.ID)
	require.Equal(t, []int{0}, got.Breach.Obligations)
	require.Equal(t, mediationapi.Active, got.Obligations[1].State, "the instalment due in a year is still owed, not enforced")
	cs := evaluateJSON(t, as(t, "CourtMSP", "auditor"), mediationapi.GetCase, got.Breach.CaseNumber)
	require.EqualValues(t, 100000, cs.AmountDue)
	require.Equal(t, []string{debtor}, cs.Debtors, "the co-debtor who performed is not pursued")
	require.Equal(t, []cases.Claim{{Creditor: creditor, Amount: 100000}}, cs.Claims)
	require.Equal(t, cases.Origin{Type: "mediation", ID: a.ID}, cs.Origin)
}

// A breach of a confirmed agreement without the creditor's application
// made in advance waits for it; a clerk files it (enforcement:OpenCase,
// basis mediation), the agreement points to the case, and the case
// carries the application period (CPL 2023 arts. 206, 250).
func TestConfirmedBreachIsEnforcedOnTheCreditorsApplication(t *testing.T) {
	a := register(t, mediationapi.AgreementRequest{Digest: pseudo(t), Obligations: []mediationapi.ObligationRequest{
		{Debtor: pseudo(t), Creditor: pseudo(t), Amount: 130000, Due: soon(30 * time.Second)}}})
	confirmAgreement(t, a.ID, false)
	got := breached(t, a.ID)
	require.Equal(t, mediationapi.BreachAwaitingApplication, got.Breach.Outcome)
	require.Empty(t, got.Breach.CaseNumber)

	clerk := as(t, "CourtMSP", "clerk1")
	req, err := mediation.ApplicationFor(got, got.Breach.Ref, pseudo(t))
	require.NoError(t, err)
	cs, res, err := enforcement.New(clerk).OpenCase(ctx(t), req)
	require.NoError(t, err)
	synced(t, res.Block)
	require.EqualValues(t, 130000, cs.AmountDue)
	require.NotNil(t, cs.Limitation)
	require.False(t, cs.Limitation.Late)
	require.Equal(t, got.ApplicationPeriodEnds, cs.Limitation.Ends)

	after := evaluateJSON(t, as(t, "CourtMSP", "auditor"), mediationapi.GetAgreement, a.ID)
	require.Equal(t, mediationapi.BreachEnforcement, after.Breach.Outcome)
	require.Equal(t, cs.Number, after.Breach.CaseNumber)
	req.Basis.ID = a.ID + "/2"
	_, _, err = enforcement.New(clerk).OpenCase(ctx(t), req)
	require.ErrorContains(t, err, "has no breach "+a.ID+"/2")
}

// Filing → review period ends undecided → docketed automatically (here by
// a mediator's single trigger); a clerk then cannot docket it twice. A
// filing within its 7 days is not due. The test network's chaincode
// servers run with test periods, which let a judge set the review period
// to 0 days (due at once); a court's never do.
func TestFilingIsDocketedWhenTheReviewPeriodEnds(t *testing.T) {
	judge := as(t, "CourtMSP", "judge1")
	_, _, err := gateway.Submit(ctx(t), judge, systemapi.SetParameter, gateway.WithArgs(systemapi.FilingReviewDays, "0"))
	require.NoError(t, err)
	t.Cleanup(func() {
		gateway.Submit(context.Background(), judge, systemapi.SetParameter, gateway.WithArgs(systemapi.FilingReviewDays, "7"))
	})

	clerk := as(t, "CourtMSP", "clerk1")
	req, _ := json.Marshal(mediationapi.FilingRequest{Claimants: []string{pseudo(t)}, Respondents: []string{pseudo(t)}, Claim: pseudo(t), Amount: 880000})
	f, _ := submitJSON(t, clerk, mediationapi.SubmitFiling, string(req))
	_, _, err = gateway.Submit(ctx(t), judge, systemapi.SetParameter, gateway.WithArgs(systemapi.FilingReviewDays, "7"))
	require.NoError(t, err)
	req, _ = json.Marshal(mediationapi.FilingRequest{Claimants: []string{pseudo(t)}, Respondents: []string{pseudo(t)}, Claim: pseudo(t), Amount: 880000})
	within, _ := submitJSON(t, clerk, mediationapi.SubmitFiling, string(req))

	_, _, err = gateway.Submit(ctx(t), as(t, "MediationMSP", "mediator1"), deadlineapi.Trigger, gateway.WithArgs(mediationapi.KindFiling, within.ID))
	var ee *gateway.EndorseError
	require.True(t, errors.As(err, &ee), "too early: %v", err)
	require.Contains(t, ee.Message, "is not due until")

	out, res := submitJSON(t, as(t, "MediationMSP", "mediator1"), deadlineapi.Trigger, mediationapi.KindFiling, f.ID)
	require.Contains(t, out.Processed[0].Result, "docketed automatically as ")
	synced(t, res.Block)
	got := evaluateJSON(t, as(t, "CreditMSP", "auditor"), mediationapi.GetFiling, f.ID)
	require.Equal(t, mediationapi.FilingDocketed, got.State)
	require.Equal(t, "auto, on MediationMSP/mediator1's transaction", got.DecidedBy.String(), "the trigger's")

	_, _, err = gateway.Submit(ctx(t), clerk, mediationapi.Docket, gateway.WithArgs(f.ID))
	require.ErrorContains(t, err, "was already docketed by auto, on MediationMSP/mediator1's transaction")
}

// Judgment → deadline passes unperformed → enforcement case, by the keeper.
func TestJudgmentDeadlineOpensEnforcement(t *testing.T) {
	id := "(2026)J0491民初" + strconv.FormatInt(time.Now().UnixNano(), 10) + "号"
	req, _ := json.Marshal(mediationapi.JudgmentRequest{ID: id, Digest: pseudo(t), Debtors: []string{pseudo(t)}, Creditors: []string{pseudo(t)},
		Amount: 300000, EffectiveAt: time.Now().Add(-time.Hour).UTC().Format(time.RFC3339), Deadline: soon(2 * time.Second), PreAuthorized: true})
	_, _, err := gateway.Submit(ctx(t), as(t, "CourtMSP", "clerk1"), mediationapi.RecordJudgment, gateway.WithArgs(string(req)))
	require.ErrorContains(t, err, "access denied: mediation:RecordJudgment")
	submitJSON(t, as(t, "CourtMSP", "judge1"), mediationapi.RecordJudgment, string(req))

	court := as(t, "CourtMSP", "auditor")
	keepUntil(t, newKeeper(t), func() bool {
		return evaluateJSON(t, court, mediationapi.GetJudgment, id).State == mediationapi.Breached
	})
	j := evaluateJSON(t, court, mediationapi.GetJudgment, id)
	cs := evaluateJSON(t, court, mediationapi.GetCase, j.CaseNumber)
	require.Equal(t, cases.Enforcement, cs.Kind)
	require.Equal(t, "judgment", cs.Origin.Type)
}

// Deadline transitions need the court's endorsement.
func TestSweepWithoutTheCourtIsInvalidated(t *testing.T) {
	_, _, err := gateway.Submit(ctx(t), as(t, "CourtMSP", "clerk1"), deadlineapi.Sweep, gateway.WithArgs("", "", 10),
		gateway.WithEndorsingOrgs("MediationMSP", "CreditMSP"))
	var ce *gateway.CommitError
	require.True(t, errors.As(err, &ce), "%v", err)
	require.Equal(t, "ENDORSEMENT_POLICY_FAILURE", ce.CodeName())
}

// The keeper rides through the crash of its gateway peer: the court's
// other peer answers at once, and the crashed one comes back by itself
// (its supervisor restarts it), counted in network status.
func TestKeeperRidesThroughAPeerCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a peer")
	}
	a, _ := submitJSON(t, as(t, "MediationMSP", "mediator1"), mediationapi.RegisterAgreement, agreementRequest(t, false, soon(2*time.Second)))
	k := newKeeper(t)
	pidFile := filepath.Join(repoRoot, "network", "run", "pids", "peer0.court.pid")
	pid, err := os.ReadFile(pidFile)
	require.NoError(t, err)
	require.NoError(t, exec.Command("kill", "-KILL", strings.TrimSpace(string(pid))).Run())
	require.Eventually(t, func() bool { return exec.Command("kill", "-0", strings.TrimSpace(string(pid))).Run() != nil }, 20*time.Second, 200*time.Millisecond)

	court := as(t, "CourtMSP", "auditor", gateway.WithPeer("peer1.court"))
	keepUntil(t, k, func() bool {
		return evaluateJSON(t, court, mediationapi.GetAgreement, a.ID).State == mediationapi.Breached
	})
	require.Zero(t, k.Status().Errors, "no round failed: the other peer answered")

	require.Eventually(t, func() bool {
		out, err := network.Command("status").CombinedOutput()
		return err == nil && regexp.MustCompile(`(?m)^peer0\.court\s+\d+\s+\S+\s+OK\s+\d+\s+1\b`).Match(out)
	}, 60*time.Second, time.Second, "peer0.court back by itself, one restart counted")
	settle(t)
}

// The listener resumes after a restart exactly after the last event it
// handled: nothing lost, nothing repeated.
func TestListenerResumesFromItsCheckpoint(t *testing.T) {
	c := as(t, "CourtMSP", "auditor")
	start, err := c.Height(ctx(t))
	require.NoError(t, err)
	checkpoint := filepath.Join(t.TempDir(), "events.checkpoint")
	mediator := as(t, "MediationMSP", "mediator1")
	var produced []string
	produce := func(n int) {
		for range n {
			_, res := submitJSON(t, mediator, mediationapi.RegisterAgreement, agreementRequest(t, false, soon(time.Hour)))
			produced = append(produced, res.TxID)
		}
	}
	follow := func(n int) []string {
		lctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		var got []string
		err := listener.Follow(lctx, c.Network(), c.Chaincode(), checkpoint, start, func(e listener.Event) error {
			got = append(got, e.TxID)
			if len(got) == n {
				cancel()
			}
			return nil
		})
		require.NoError(t, err)
		return got
	}
	produce(3)
	first := follow(2)
	produce(2)
	second := follow(3)
	require.Equal(t, produced, append(first, second...), "every event once, in order, across the restart")
}
