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
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/cases"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/deadline"
	"github.com/courtchain/judicial/gateway-client/judicial"
	"github.com/courtchain/judicial/gateway-client/keeper"
	"github.com/courtchain/judicial/gateway-client/listener"
	"github.com/stretchr/testify/require"
)

func pseudo(t *testing.T) string { return hex.EncodeToString(freshDigest(t)) }

// soon is a due time a few seconds ahead, whole seconds (RFC 3339).
func soon(d time.Duration) string {
	return time.Now().Add(d).UTC().Truncate(time.Second).Add(time.Second).Format(time.RFC3339)
}

func submitJSON[T any](t *testing.T, c *judicial.Client, fn api.Function, args ...string) (*T, *judicial.Result) {
	t.Helper()
	v, res, err := judicial.SubmitAs[T](ctx(t), c, fn, args...)
	require.NoError(t, err, fn)
	synced(t, res.Block) // the next step may be endorsed by any org's peer
	return v, res
}

func evaluateJSON[T any](t *testing.T, c *judicial.Client, fn api.Function, args ...string) *T {
	t.Helper()
	v, err := judicial.EvaluateAs[T](ctx(t), c, fn, args...)
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

func agreementRequest(t *testing.T, confirmed bool, due string) string {
	req := mediationapi.AgreementRequest{Digest: pseudo(t), Confirmed: confirmed, Evidence: []string{pseudo(t)},
		Obligations: []mediationapi.ObligationRequest{{Debtor: pseudo(t), Creditor: pseudo(t), Amount: 150000, Due: due}}}
	b, _ := json.Marshal(req)
	return string(b)
}

// Mediation → breach found by the keeper → trial case (not confirmed), or
// enforcement case (judicially confirmed), with the mediation record.
func TestMediationBreachOpensCasesThroughTheKeeper(t *testing.T) {
	mediator := as(t, "MediationMSP", "mediator1")
	plain, _ := submitJSON[mediationapi.Agreement](t, mediator, mediationapi.RegisterAgreement, agreementRequest(t, false, soon(2*time.Second)))
	confirmed, _ := submitJSON[mediationapi.Agreement](t, mediator, mediationapi.RegisterAgreement, agreementRequest(t, true, soon(2*time.Second)))

	// Part payment, confirmed by the bank: still a breach, for what remains.
	_, err := mediator.Submit(ctx(t), mediationapi.ReportPerformance, confirmed.ID, "0", "50000", pseudo(t))
	require.NoError(t, err)
	_, err = as(t, "MediationMSP", "mediator1").Submit(ctx(t), mediationapi.ConfirmPerformance, confirmed.ID, "0", "0")
	require.ErrorContains(t, err, `has role "mediator"`, "no mediator confirms a payment, least of all on its own agreement")
	_, res := submitJSON[mediationapi.Agreement](t, as(t, "CreditMSP", "bank1"), mediationapi.ConfirmPerformance, confirmed.ID, "0", "0")
	synced(t, res.Block)

	court := as(t, "CourtMSP", "auditor")
	k := newKeeper(t)
	for _, tc := range []struct {
		a    *mediationapi.Agreement
		kind string
		due  int64
	}{{plain, cases.Trial, 150000}, {confirmed, cases.Enforcement, 100000}} {
		keepUntil(t, k, func() bool {
			return evaluateJSON[mediationapi.Agreement](t, court, mediationapi.GetAgreement, tc.a.ID).State == mediationapi.Breached
		})
		got := evaluateJSON[mediationapi.Agreement](t, court, mediationapi.GetAgreement, tc.a.ID)
		require.Equal(t, tc.kind, got.Breach.CaseKind)
		require.Equal(t, "auto", got.Breach.By.String())
		cs := evaluateJSON[cases.Case](t, court, mediationapi.GetCase, got.Breach.CaseNumber)
		require.Equal(t, tc.kind, cs.Kind)
		require.Equal(t, tc.due, cs.AmountDue)
		require.Contains(t, cs.Evidence, tc.a.Digest)

		again, _ := submitJSON[deadlineapi.SweepResult](t, mediator, deadlineapi.Trigger, mediationapi.KindObligation, tc.a.ID+"#0")
		require.Equal(t, "already processed; nothing changed", again.Processed[0].Result)
	}
}

// Filing → review period ends undecided → docketed automatically (here by
// a mediator's single trigger); a clerk then cannot docket it twice. A
// filing within its 7 days is not due. The test network's chaincode
// servers run with test periods, which let a judge set the review period
// to 0 days (due at once); a court's never do.
func TestFilingIsDocketedWhenTheReviewPeriodEnds(t *testing.T) {
	judge := as(t, "CourtMSP", "judge1")
	_, err := judge.Submit(ctx(t), systemapi.SetParameter, systemapi.FilingReviewDays, "0")
	require.NoError(t, err)
	t.Cleanup(func() {
		judge.Submit(context.Background(), systemapi.SetParameter, systemapi.FilingReviewDays, "7")
	})

	clerk := as(t, "CourtMSP", "clerk1")
	req, _ := json.Marshal(mediationapi.FilingRequest{Claimants: []string{pseudo(t)}, Respondents: []string{pseudo(t)}, Claim: pseudo(t), Amount: 880000})
	f, _ := submitJSON[mediationapi.Filing](t, clerk, mediationapi.SubmitFiling, string(req))
	_, err = judge.Submit(ctx(t), systemapi.SetParameter, systemapi.FilingReviewDays, "7")
	require.NoError(t, err)
	req, _ = json.Marshal(mediationapi.FilingRequest{Claimants: []string{pseudo(t)}, Respondents: []string{pseudo(t)}, Claim: pseudo(t), Amount: 880000})
	within, _ := submitJSON[mediationapi.Filing](t, clerk, mediationapi.SubmitFiling, string(req))

	_, err = as(t, "MediationMSP", "mediator1").Submit(ctx(t), deadlineapi.Trigger, mediationapi.KindFiling, within.ID)
	var ee *judicial.EndorseError
	require.True(t, errors.As(err, &ee), "too early: %v", err)
	require.Contains(t, ee.Message, "is not due until")

	out, res := submitJSON[deadlineapi.SweepResult](t, as(t, "MediationMSP", "mediator1"), deadlineapi.Trigger, mediationapi.KindFiling, f.ID)
	require.Contains(t, out.Processed[0].Result, "docketed automatically as ")
	synced(t, res.Block)
	got := evaluateJSON[mediationapi.Filing](t, as(t, "CreditMSP", "auditor"), mediationapi.GetFiling, f.ID)
	require.Equal(t, mediationapi.FilingDocketed, got.State)
	require.Equal(t, "auto", got.DecidedBy.String())

	_, err = clerk.Submit(ctx(t), mediationapi.Docket, f.ID)
	require.ErrorContains(t, err, "was already docketed by auto")
}

// Judgment → deadline passes unperformed → enforcement case, by the keeper.
func TestJudgmentDeadlineOpensEnforcement(t *testing.T) {
	id := "(2026)J0491民初" + strconv.FormatInt(time.Now().UnixNano(), 10) + "号"
	req, _ := json.Marshal(mediationapi.JudgmentRequest{ID: id, Digest: pseudo(t), Debtors: []string{pseudo(t)}, Creditors: []string{pseudo(t)},
		Amount: 300000, EffectiveAt: time.Now().Add(-time.Hour).UTC().Format(time.RFC3339), Deadline: soon(2 * time.Second), PreAuthorized: true})
	_, err := as(t, "CourtMSP", "clerk1").Submit(ctx(t), mediationapi.RecordJudgment, string(req))
	require.ErrorContains(t, err, "access denied: mediation:RecordJudgment")
	submitJSON[mediationapi.Judgment](t, as(t, "CourtMSP", "judge1"), mediationapi.RecordJudgment, string(req))

	court := as(t, "CourtMSP", "auditor")
	keepUntil(t, newKeeper(t), func() bool {
		return evaluateJSON[mediationapi.Judgment](t, court, mediationapi.GetJudgment, id).State == mediationapi.Breached
	})
	j := evaluateJSON[mediationapi.Judgment](t, court, mediationapi.GetJudgment, id)
	cs := evaluateJSON[cases.Case](t, court, mediationapi.GetCase, j.CaseNumber)
	require.Equal(t, cases.Enforcement, cs.Kind)
	require.Equal(t, "judgment", cs.Origin.Type)
}

// Deadline transitions need the court's endorsement.
func TestSweepWithoutTheCourtIsInvalidated(t *testing.T) {
	_, err := as(t, "CourtMSP", "clerk1").SubmitCall(ctx(t), judicial.Call{Function: deadlineapi.Sweep, Args: []string{"", "", "10"},
		EndorsingOrgs: []string{"MediationMSP", "CreditMSP"}})
	var ce *judicial.CommitError
	require.True(t, errors.As(err, &ce), "%v", err)
	require.Equal(t, "ENDORSEMENT_POLICY_FAILURE", ce.CodeName())
}

// The keeper survives its gateway peer's restart: a round fails while the
// peer is down and the next one, after `network.sh up` restarts it, works.
func TestKeeperSurvivesAPeerRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts a peer")
	}
	a, _ := submitJSON[mediationapi.Agreement](t, as(t, "MediationMSP", "mediator1"), mediationapi.RegisterAgreement, agreementRequest(t, false, soon(2*time.Second)))
	k := newKeeper(t)
	pidFile := filepath.Join(repoRoot, "network", "run", "pids", "peer0.court.pid")
	pid, err := os.ReadFile(pidFile)
	require.NoError(t, err)
	require.NoError(t, exec.Command("kill", strings.TrimSpace(string(pid))).Run())
	require.Eventually(t, func() bool { return exec.Command("kill", "-0", strings.TrimSpace(string(pid))).Run() != nil }, 20*time.Second, 200*time.Millisecond)

	_, _, err = k.Round(ctx(t))
	require.Error(t, err, "the peer is down")
	require.NoError(t, script("up"))

	court := as(t, "CourtMSP", "auditor", judicial.WithPeer("peer1.court"))
	keepUntil(t, k, func() bool {
		return evaluateJSON[mediationapi.Agreement](t, court, mediationapi.GetAgreement, a.ID).State == mediationapi.Breached
	})
	require.GreaterOrEqual(t, k.Status().Errors, 1)
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
			_, res := submitJSON[mediationapi.Agreement](t, mediator, mediationapi.RegisterAgreement, agreementRequest(t, false, soon(time.Hour)))
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
