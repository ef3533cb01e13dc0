package mediation_test

import (
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/mediation"
	"github.com/stretchr/testify/require"
)

// Judicial confirmation (CPL 2023 arts. 205–206): each allowed transition
// succeeds, each other is refused with its message and changes nothing.
// The agreement takes effect when it is registered, Monday 5 January 2026
// at 17:00 in Beijing: the 30 days end with Wednesday 4 February
// (2026-02-04T15:59:59.999999999Z).
func TestConfirmationTransitionTable(t *testing.T) {
	type act func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error
	at := func(when string, a act) act {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			l.Now, _ = time.Parse(time.RFC3339, when)
			return a(t, l, c, id)
		}
	}
	apply := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		return applyFor(l, c, id)
	}
	applyAs := func(who ledgertest.Identity) act {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			_, err := run(l, who, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
				return ledgertest.Call(tx, mediationapi.ApplyForConfirmation, id, hx("application"))
			})
			return err
		}
	}
	rule := func(edit func(l *ledgertest.Ledger, r *mediationapi.ConfirmationRequest)) act {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			req := ruling(l, "")
			if edit != nil {
				edit(l, &req)
			}
			return confirm(t, l, c, id, req)
		}
	}
	confirmAs := func(who ledgertest.Identity) act {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			_, err := run(l, who, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
				return ledgertest.Call(tx, mediationapi.ConfirmAgreement, id, js(t, ruling(l, "")))
			})
			return err
		}
	}
	reject := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		_, err := run(l, judge, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.RejectConfirmation, id, "the agreement disposes of a third party's property")
		})
		return err
	}
	breach := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		l.Now = time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
		_, err := run(l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ReportBreach, id, 0, "nothing paid")
		})
		return err
	}
	perform := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		if _, err := run(l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ReportPerformance, id, 0, 100000, hx("slip"))
		}); err != nil {
			return err
		}
		_, err := run(l, bank, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ConfirmPerformance, id, 0, 0)
		})
		return err
	}
	const none = "" // no confirmation procedure
	table := []struct {
		name string
		// effectiveAt, when set, is the agreement's effect before its
		// registration.
		effectiveAt string
		holidays    []string
		before      []act
		do          act
		want        string
		wantErr     string
	}{
		{"registered → applied, at once", "", nil, nil, apply, mediationapi.ConfirmationApplied, ""},
		{"registered → applied, on the 30th day", "", nil, nil, at("2026-02-04T15:59:59Z", apply), mediationapi.ConfirmationApplied, ""},
		{"registered → applied, after the 30th day", "", nil, nil, at("2026-02-04T16:00:00Z", apply), none,
			"comes too late: the parties apply within 30 days of the agreement taking effect (CPL 2023 art. 205); it took effect on 2026-01-05 and the period ended with 2026-02-04"},
		// The 30th day declared a holiday: the period runs to the next
		// working day (CPL art. 85).
		{"registered → applied, the day after the 30th, a holiday", "", []string{"2026-02-04"}, nil, at("2026-02-05T15:00:00Z", apply), mediationapi.ConfirmationApplied, ""},
		{"registered → applied, after the working day that follows the holiday", "", []string{"2026-02-04"}, nil, at("2026-02-05T16:00:00Z", apply), none, "the period ended with 2026-02-05"},
		// Took effect on 20 November 2025: the period ended with Monday
		// 22 December 2025 (the 30th day, 20 December, is a Saturday).
		{"registered 46 days after it took effect → applied", "2025-11-20T10:00:00+08:00", nil, nil, apply, none, "it took effect on 2025-11-20 and the period ended with 2025-12-22"},
		{"registered 30 days after it took effect → applied", "2025-12-06T10:00:00+08:00", nil, nil, apply, mediationapi.ConfirmationApplied, ""},
		{"registered → applied, by a mediator", "", nil, nil, applyAs(mediator), none, "access denied: mediation:ApplyForConfirmation"},
		{"registered → applied, by a judge", "", nil, nil, applyAs(judge), none, `has role "judge"`},
		{"registered → confirmed", "", nil, nil, rule(nil), none, "no application for confirmation of agreement"},
		{"registered → rejected", "", nil, nil, reject, none, "no application for confirmation of agreement"},
		{"applied → applied again", "", nil, []act{apply}, apply, mediationapi.ConfirmationApplied, "applied for confirmation of agreement"},
		{"applied → confirmed", "", nil, []act{apply}, rule(nil), mediationapi.ConfirmationConfirmed, ""},
		{"applied → confirmed, by a clerk", "", nil, []act{apply}, confirmAs(clerk), mediationapi.ConfirmationApplied, "access denied: mediation:ConfirmAgreement"},
		{"applied → confirmed, by a mediator", "", nil, []act{apply}, confirmAs(mediator), mediationapi.ConfirmationApplied, "access denied: mediation:ConfirmAgreement"},
		{"applied → confirmed, ruled before the application", "", nil, []act{apply},
			rule(func(l *ledgertest.Ledger, r *mediationapi.ConfirmationRequest) { r.RulingDate = "2026-01-04" }), mediationapi.ConfirmationApplied,
			"rulingDate 2026-01-04 is before the application for confirmation (2026-01-05)"},
		{"applied → confirmed, ruled tomorrow", "", nil, []act{apply},
			rule(func(l *ledgertest.Ledger, r *mediationapi.ConfirmationRequest) { r.RulingDate = "2026-01-06" }), mediationapi.ConfirmationApplied,
			"rulingDate 2026-01-06 is after today (2026-01-05, Beijing)"},
		{"applied → confirmed, no ruling number", "", nil, []act{apply},
			rule(func(l *ledgertest.Ledger, r *mediationapi.ConfirmationRequest) { r.RulingNumber = "" }), mediationapi.ConfirmationApplied, "rulingNumber"},
		{"applied → confirmed, a ruling date that is no date", "", nil, []act{apply},
			rule(func(l *ledgertest.Ledger, r *mediationapi.ConfirmationRequest) { r.RulingDate = "2026-02-30" }), mediationapi.ConfirmationApplied, "rulingDate:"},
		{"applied → confirmed, no document", "", nil, []act{apply},
			rule(func(l *ledgertest.Ledger, r *mediationapi.ConfirmationRequest) { r.Document = "" }), mediationapi.ConfirmationApplied, "document is missing"},
		{"applied → rejected", "", nil, []act{apply}, reject, mediationapi.ConfirmationRejected, ""},
		{"confirmed → confirmed again", "", nil, []act{apply, rule(nil)}, rule(nil), mediationapi.ConfirmationConfirmed, "is confirmed already (ruling (2026)J0491民特1号 of 2026-01-05)"},
		{"confirmed → rejected", "", nil, []act{apply, rule(nil)}, reject, mediationapi.ConfirmationConfirmed, "is confirmed already"},
		{"confirmed → applied", "", nil, []act{apply, rule(nil)}, apply, mediationapi.ConfirmationConfirmed, "is confirmed already"},
		{"rejected → confirmed", "", nil, []act{apply, reject}, rule(nil), mediationapi.ConfirmationRejected, "was refused at"},
		{"rejected → applied again", "", nil, []act{apply, reject}, apply, mediationapi.ConfirmationRejected, "it is ruled on once"},
		{"breached unconfirmed → applied", "", nil, []act{breach}, apply, none, "was breached at 2026-02-02T00:00:00Z before it was confirmed, and the breach went to filing FL"},
		{"applied, then breached → confirmed", "", nil, []act{apply, breach}, rule(nil), mediationapi.ConfirmationApplied, "before it was confirmed"},
		{"applied, then breached → rejected", "", nil, []act{apply, breach}, reject, mediationapi.ConfirmationRejected, ""},
		{"performed → applied", "", nil, []act{perform}, apply, none, "is performed: there is nothing left to be applied for"},
	}
	for _, tc := range table {
		t.Run(tc.name, func(t *testing.T) {
			l, c := world(t)
			if tc.holidays != nil {
				declareHolidays(t, l, tc.holidays...)
			}
			req := agreementReq("2026-02-01T00:00:00Z")
			req.EffectiveAt = tc.effectiveAt
			a := register(t, l, c, req)
			for _, b := range tc.before {
				require.NoError(t, b(t, l, c, a.ID))
			}
			before, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
			require.NoError(t, err)
			err = tc.do(t, l, c, a.ID)
			got, gerr := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
			require.NoError(t, gerr)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				require.Equal(t, before, got, "a refusal changes nothing")
			} else {
				require.NoError(t, err)
			}
			state := none
			if got.Confirmation != nil {
				state = got.Confirmation.State
			}
			require.Equal(t, tc.want, state)
			require.Equal(t, tc.want == mediationapi.ConfirmationConfirmed, got.Confirmed, "confirmed only by the ruling")
		})
	}
}

// What the records say: the application, its period, the ruling and the
// application period for enforcement it starts (CPL 2023 art. 250).
func TestConfirmationRecords(t *testing.T) {
	l, c := world(t)
	req := agreementReq("2026-03-01T00:00:00+08:00", "2028-02-29T10:00:00+08:00")
	req.EffectiveAt = "2026-01-02T15:00:00+08:00"
	a := register(t, l, c, req)
	require.Equal(t, "2026-01-02T07:00:00Z", a.EffectiveAt)
	require.False(t, a.Confirmed)

	require.NoError(t, applyFor(l, c, a.ID))
	got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
	require.NoError(t, err)
	// 2 January + 30 days is Sunday 1 February: the period runs to Monday.
	require.Equal(t, "2026-02-02T15:59:59.999999999Z", got.Confirmation.ApplyBy)
	require.Equal(t, "CourtMSP/clerk1", got.Confirmation.Application.By.String())
	require.Equal(t, hx("application "+a.ID), got.Confirmation.Application.Document)

	l.Now = l.Now.Add(24 * time.Hour)
	require.NoError(t, confirm(t, l, c, a.ID, ruling(l, hx("in advance"))))
	got, err = ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
	require.NoError(t, err)
	require.True(t, got.Confirmed)
	require.Equal(t, "2026-01-06", got.Confirmation.Ruling.Date)
	require.Equal(t, "CourtMSP/judge1", got.Confirmation.Ruling.Judge.String())
	// The last instalment is due on 29 February 2028: two years on is
	// 28 February 2030, the last day of a month without a 29th.
	require.Equal(t, "2030-02-28T15:59:59.999999999Z", got.ApplicationPeriodEnds)
	require.Equal(t, hx("in advance"), got.PreAuthorization.Document)

	_, err = run(l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
		return ledgertest.Call(tx, mediationapi.PreAuthorise, a.ID, hx("again"))
	})
	require.ErrorContains(t, err, "made in advance is recorded already (by CourtMSP/judge1")
	require.True(t, api.Is(err, api.CodeExists))
}

// The creditor's application for enforcement made in advance: a clerk
// records it, once, while there is something left to enforce.
func TestPreAuthorisationTransitionTable(t *testing.T) {
	type act func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error
	preAuthorise := func(who ledgertest.Identity) act {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			_, err := run(l, who, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
				return ledgertest.Call(tx, mediationapi.PreAuthorise, id, hx("creditor's application"))
			})
			return err
		}
	}
	apply := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		return applyFor(l, c, id)
	}
	reject := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		_, err := run(l, judge, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.RejectConfirmation, id, "void")
		})
		return err
	}
	rule := func(pre string) act {
		return func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
			return confirm(t, l, c, id, ruling(l, pre))
		}
	}
	perform := func(t *testing.T, l *ledgertest.Ledger, c *mediation.Contract, id string) error {
		if _, err := run(l, clerk, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ReportPerformance, id, 0, 100000, hx("slip"))
		}); err != nil {
			return err
		}
		_, err := run(l, bank, func(tx *ledgertest.Tx) (*mediationapi.Agreement, error) {
			return ledgertest.Call(tx, mediationapi.ConfirmPerformance, id, 0, 0)
		})
		return err
	}
	table := []struct {
		name    string
		before  []act
		do      act
		want    bool
		wantErr string
	}{
		{"registered → pre-authorised", nil, preAuthorise(clerk), true, ""},
		{"applied → pre-authorised", []act{apply}, preAuthorise(clerk), true, ""},
		{"confirmed → pre-authorised", []act{apply, rule("")}, preAuthorise(clerk), true, ""},
		{"applied → confirmed with the pre-authorisation", []act{apply}, rule(hx("with the ruling")), true, ""},
		{"pre-authorised → pre-authorised again", []act{preAuthorise(clerk)}, preAuthorise(clerk), true, "is recorded already (by CourtMSP/clerk1"},
		{"pre-authorised → confirmed with another", []act{preAuthorise(clerk), apply}, rule(hx("with the ruling")), true, "is recorded already"},
		{"registered → pre-authorised by a judge", nil, preAuthorise(judge), false, "access denied: mediation:PreAuthorise"},
		{"registered → pre-authorised by a mediator", nil, preAuthorise(mediator), false, "access denied: mediation:PreAuthorise"},
		{"rejected → pre-authorised", []act{apply, reject}, preAuthorise(clerk), false, "was refused"},
		{"performed → pre-authorised", []act{perform}, preAuthorise(clerk), false, "is performed: nothing is left to enforce"},
	}
	for _, tc := range table {
		t.Run(tc.name, func(t *testing.T) {
			l, c := world(t)
			a := register(t, l, c, agreementReq("2026-02-01T00:00:00Z"))
			for _, b := range tc.before {
				require.NoError(t, b(t, l, c, a.ID))
			}
			err := tc.do(t, l, c, a.ID)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
			}
			got, err := ledgertest.Call(l.Tx(auditor), mediationapi.GetAgreement, a.ID)
			require.NoError(t, err)
			require.Equal(t, tc.want, got.PreAuthorization != nil)
		})
	}
}
