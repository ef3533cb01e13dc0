package mediation_test

import (
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/mediation"
	"github.com/stretchr/testify/require"
)

// applyForEnforcement runs the hook as the enforcement contract does when
// a clerk files the creditor's application (enforcement:OpenCase).
func applyForEnforcement(l *ledgertest.Ledger, basis cases.Origin, number string) (*cases.Limitation, error) {
	return run(l, clerk, func(tx *ledgertest.Tx) (*cases.Limitation, error) {
		kt := tx.Kernel()
		limit, err := mediation.OnEnforcementApplication(kt, basis, &cases.Case{Number: number})
		if err != nil {
			return nil, err
		}
		return limit, kt.End()
	})
}

const caseNumber = "(2026)J执0000000001号"

// The creditor's application for enforcement of a mediation agreement's
// breach (CPL 2023 art. 206): only a breach of a confirmed agreement,
// once, named by its Ref; the answer carries the application period (art.
// 250). The agreement: bob owes alice 1,000 yuan on 1 February 2026 and
// again on 1 March 2026; the period ends 2 years after the last due day,
// with 1 March 2028 in Beijing.
func TestAgreementApplicationTransitionTable(t *testing.T) {
	const ends = "2028-03-01T15:59:59.999999999Z"
	type setup func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string)
	feb2, mar2 := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	sweepAt := func(at time.Time) setup {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) {
			l.Now = at
			_, err := sweep(l, c, clerk, "", 10)
			require.NoError(t, err)
		}
	}
	confirmWith := func(pre string) setup {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) {
			require.NoError(t, applyFor(l, c, id))
			require.NoError(t, confirm(t, l, c, id, ruling(l, pre)))
		}
	}
	applied := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) {
		_, err := applyForEnforcement(l, cases.Origin{Type: "mediation", ID: id}, caseNumber)
		require.NoError(t, err)
	}
	performed := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) {
		for i := range 2 {
			ledgertest.Must(t, l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
				return ledgertest.Call(tx, mediationapi.ReportPerformance, id, i, 100000, hx("slip"))
			})
			ledgertest.Must(t, l, bank, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
				return ledgertest.Call(tx, mediationapi.ConfirmPerformance, id, i, 0)
			})
		}
	}
	later := func(at time.Time) setup {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) { l.Now = at }
	}
	confirmed := confirmWith("")
	table := []struct {
		name    string
		before  []setup
		ref     string // the basis id; %s stands for the agreement's ID, here and in wantErr
		want    *cases.Limitation
		wantErr string
		code    api.Code
	}{
		{"confirmed, breached → case", []setup{confirmed, sweepAt(feb2)}, "%s", &cases.Limitation{Ends: ends}, "", ""},
		{"confirmed, breached → case, after the period (accepted, flagged)", []setup{confirmed, sweepAt(feb2), later(time.Date(2028, 3, 1, 16, 0, 0, 0, time.UTC))}, "%s", &cases.Limitation{Ends: ends, Late: true}, "", ""},
		{"confirmed, breached → case, on the period's last day", []setup{confirmed, sweepAt(feb2), later(time.Date(2028, 3, 1, 15, 0, 0, 0, time.UTC))}, "%s", &cases.Limitation{Ends: ends}, "", ""},
		{"confirmed, breached twice → case for the second", []setup{confirmed, sweepAt(feb2), sweepAt(mar2)}, "%s/2", &cases.Limitation{Ends: ends}, "", ""},
		{"confirmed, breached once → case for a second", []setup{confirmed, sweepAt(feb2)}, "%s/2", nil, "has no breach %s/2; its breaches are %s", api.CodeNotFound},
		{"confirmed, breach with a case → case again", []setup{confirmed, sweepAt(feb2), applied}, "%s", nil, "already has enforcement case " + caseNumber, api.CodeExists},
		{"pre-authorised, breach opened its case → case again", []setup{confirmWith(hx("in advance")), sweepAt(feb2)}, "%s", nil, "already has enforcement case (2026)J执", api.CodeExists},
		{"confirmed, not breached → case", []setup{confirmed}, "%s", nil, "is not breached: enforcement is applied for once an obligation is due and unperformed", api.CodeState},
		{"confirmed, due but not yet found breached → case", []setup{confirmed, later(feb2)}, "%s", nil, "is not breached", api.CodeState},
		{"confirmed, performed → case", []setup{confirmed, performed}, "%s", nil, "has been performed: there is nothing to enforce", api.CodeState},
		{"not confirmed, breached → case", []setup{sweepAt(feb2)}, "%s", nil, "is not judicially confirmed: only a confirmed agreement is enforced (CPL 2023 arts. 205–206)", api.CodeState},
		{"applied for, not ruled, → case", []setup{func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) {
			require.NoError(t, applyFor(l, c, id))
		}}, "%s", nil, "is not judicially confirmed", api.CodeState},
	}
	for _, tc := range table {
		t.Run(tc.name, func(t *testing.T) {
			l, c := world(t)
			a := register(t, l, c, agreementReq("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"))
			for _, s := range tc.before {
				s(t, l, c, a.ID)
			}
			before, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
			require.NoError(t, err)
			ref := strings.ReplaceAll(tc.ref, "%s", a.ID)
			got, err := applyForEnforcement(l, cases.Origin{Type: "mediation", ID: ref}, caseNumber)
			after, gerr := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
			require.NoError(t, gerr)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, strings.ReplaceAll(tc.wantErr, "%s", a.ID))
				require.True(t, api.Is(err, tc.code), "%v", err)
				require.Equal(t, before, after, "a refusal changes nothing")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
			var b *mediationapi.Breach
			for _, x := range after.Breaches() {
				if x.Ref == ref {
					b = x
				}
			}
			require.Equal(t, mediationapi.BreachEnforcement, b.Outcome)
			require.Equal(t, caseNumber, b.CaseNumber)
			require.Equal(t, cases.Enforcement, b.CaseKind)
		})
	}

	// An agreement this ledger does not hold is left to the clerk's review.
	l, _ := world(t)
	got, err := applyForEnforcement(l, cases.Origin{Type: "mediation", ID: "人民调解协议 2025-17"}, caseNumber)
	require.NoError(t, err)
	require.Nil(t, got)
}

// The creditor's application for enforcement of a judgment: once its
// performance period has passed, or at once when it sets none (CPL 2023
// arts. 247, 250).
func TestJudgmentApplicationTransitionTable(t *testing.T) {
	const id = "(2026)J0491民初21号"
	record := func(deadline string, pre bool) func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract) {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract) {
			req := mediationapi.JudgmentRequest{ID: id, Digest: hx("judgment"), Debtors: []string{hx("bob")}, Creditors: []string{hx("alice")},
				Amount: 900000, EffectiveAt: "2026-01-05T00:00:00Z", Deadline: deadline, PreAuthorized: pre}
			ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
				return ledgertest.Call(tx, mediationapi.RecordJudgment, js(t, req))
			})
		}
	}
	at := func(when time.Time, swept bool) func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract) {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract) {
			l.Now = when
			if swept {
				_, err := sweep(l, c, clerk, "", 10)
				require.NoError(t, err)
			}
		}
	}
	pay := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract) {
		require.NoError(t, payJudgment(l, c, id, 900000))
	}
	jan21 := time.Date(2026, 1, 21, 0, 0, 0, 0, time.UTC)
	// Deadline 20 January 2026 (Beijing): the period ends with 20 January
	// 2028; without a deadline, from the effect on 5 January 2026.
	const fromDeadline, fromEffect = "2028-01-20T15:59:59.999999999Z", "2028-01-05T15:59:59.999999999Z"
	type step = func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract)
	table := []struct {
		name      string
		before    []step
		want      *cases.Limitation
		wantState string
		wantErr   string
	}{
		{"effective, within its performance period → case", []step{record("2026-01-20T00:00:00Z", false)}, nil, mediationapi.JudgmentEffective, "is still within its performance period"},
		{"effective, deadline passed, not yet swept → case", []step{record("2026-01-20T00:00:00Z", false), at(jan21, false)}, &cases.Limitation{Ends: fromDeadline}, mediationapi.Breached, ""},
		{"overdue → case", []step{record("2026-01-20T00:00:00Z", false), at(jan21, true)}, &cases.Limitation{Ends: fromDeadline}, mediationapi.Breached, ""},
		{"overdue → case, after the period (accepted, flagged)", []step{record("2026-01-20T00:00:00Z", false), at(jan21, true), at(time.Date(2028, 1, 21, 0, 0, 0, 0, time.UTC), false)},
			&cases.Limitation{Ends: fromDeadline, Late: true}, mediationapi.Breached, ""},
		{"no performance period → case at once", []step{record("", false)}, &cases.Limitation{Ends: fromEffect}, mediationapi.Breached, ""},
		{"no performance period → case, after the period (accepted, flagged)", []step{record("", false), at(time.Date(2028, 1, 6, 0, 0, 0, 0, time.UTC), false)},
			&cases.Limitation{Ends: fromEffect, Late: true}, mediationapi.Breached, ""},
		{"performed → case", []step{record("", false), pay}, nil, mediationapi.Performed, "has been performed"},
		{"pre-authorised, case opened → case again", []step{record("2026-01-20T00:00:00Z", true), at(jan21, true)}, nil, mediationapi.Breached, "already has enforcement case (2026)J执"},
	}
	for _, tc := range table {
		t.Run(tc.name, func(t *testing.T) {
			l, c := world(t)
			for _, s := range tc.before {
				s(t, l, c)
			}
			got, err := applyForEnforcement(l, cases.Origin{Type: "judgment", ID: id}, caseNumber)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
				require.Equal(t, tc.want, got)
			}
			j, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetJudgment, id)
			require.NoError(t, err)
			require.Equal(t, tc.wantState, j.State)
			if tc.wantErr == "" {
				require.Equal(t, caseNumber, j.CaseNumber)
				res, err := sweep(l, c, clerk, "", 10)
				require.NoError(t, err)
				require.Empty(t, res.Processed, "the case took the deadline with it")
			}
		})
	}
}

// An application pursues only those the document binds, for no more than
// it leaves unpaid: the enforcement contract passes the case it opens.
func TestApplicationPursuesOnlyWhatTheDocumentBinds(t *testing.T) {
	const id = "(2026)J0491民初22号"
	for _, tc := range []struct {
		name   string
		opened cases.Case
		want   string
	}{
		{"the judgment's debtor, what is owed", cases.Case{Number: caseNumber, Debtors: []string{hx("bob")}, AmountDue: 900000}, ""},
		{"part of what is owed", cases.Case{Number: caseNumber, Debtors: []string{hx("bob")}, AmountDue: 1}, ""},
		{"someone else", cases.Case{Number: caseNumber, Debtors: []string{hx("bob"), hx("carol")}, AmountDue: 900000}, "is not a debtor under judgment " + id},
		{"more than is owed", cases.Case{Number: caseNumber, Debtors: []string{hx("bob")}, AmountDue: 900001}, "the application asks 900001 fen; judgment " + id + " leaves 900000 fen unpaid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, _ := world(t)
			req := mediationapi.JudgmentRequest{ID: id, Digest: hx("judgment"), Debtors: []string{hx("bob")}, Creditors: []string{hx("alice")},
				Amount: 900000, EffectiveAt: "2026-01-05T00:00:00Z"}
			ledgertest.Must(t, l, judge, func(tx *ledgertest.Tx) (*mediationapi.Judgment, error) {
				return ledgertest.Call(tx, mediationapi.RecordJudgment, js(t, req))
			})
			_, err := run(l, clerk, func(tx *ledgertest.Tx) (*cases.Limitation, error) {
				kt := tx.Kernel()
				limit, err := mediation.OnEnforcementApplication(kt, cases.Origin{Type: "judgment", ID: id}, &tc.opened)
				if err != nil {
					return nil, err
				}
				return limit, kt.End()
			})
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.want)
			require.True(t, api.Is(err, api.CodeInvalid))
			j, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetJudgment, id)
			require.NoError(t, err)
			require.Equal(t, mediationapi.JudgmentEffective, j.State, "nothing changed")
		})
	}
}
