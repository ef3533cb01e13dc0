package cases_test

import (
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	casestore "github.com/courtchain/judicial/chaincode/cases"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/stretchr/testify/require"
)

var hx = ledgertest.Hex

// open opens a case of c's kind as a clerk and commits it.
func open(t *testing.T, l *ledgertest.Ledger, c cases.Case) (*cases.Case, bool, error) {
	tx := l.Tx(ledgertest.Clerk)
	k := tx.Kernel()
	got, opened, err := openIn(k, c)
	if err == nil {
		err = k.End()
	}
	if err == nil {
		tx.Commit()
	}
	return got, opened, err
}

func openIn(k *kernel.Tx, c cases.Case) (*cases.Case, bool, error) {
	if c.Kind != cases.Enforcement {
		return casestore.OpenTrial(k, c, k.Caller)
	}
	e, opened, err := casestore.OpenEnforcement(k, c, k.Caller)
	if e == nil {
		return nil, opened, err
	}
	return &e.Case, opened, err
}

func enforcementCase(origin string, amount int64, creditors ...string) cases.Case {
	return cases.Case{Kind: cases.Enforcement, Origin: cases.Origin{Type: "judgment", ID: origin},
		Creditors: creditors, Debtors: []string{hx("debtor")}, AmountDue: amount}
}

// A case is keyed by what opened it: a second trigger finds the first.
func TestOpenIsIdempotentByOrigin(t *testing.T) {
	l := ledgertest.New()
	first, opened, err := open(t, l, enforcementCase("J-1", 1000, hx("c")))
	require.NoError(t, err)
	require.True(t, opened)
	require.Regexp(t, `^\(2026\)J执[0-9A-F]{10}号$`, first.Number)
	require.Equal(t, cases.Filed, first.State)
	require.Equal(t, "CourtMSP/clerk1", first.OpenedBy.String())

	again, opened, err := open(t, l, enforcementCase("J-1", 99, hx("other")))
	require.NoError(t, err)
	require.False(t, opened)
	require.Equal(t, first, again, "the first case, unchanged")

	trial, _, err := open(t, l, cases.Case{Kind: cases.Trial, Origin: cases.Origin{Type: "judgment", ID: "J-1"}, Creditors: []string{hx("c")}})
	require.NoError(t, err)
	require.NotEqual(t, first.Number, trial.Number, "one origin may open a case of each kind")
	require.Contains(t, trial.Number, "民初")

	found, err := casestore.ByOrigin(l.Tx(ledgertest.Auditor).Kernel(), cases.Enforcement, cases.Origin{Type: "judgment", ID: "J-1"})
	require.NoError(t, err)
	require.Equal(t, first.Number, found.Number)
	none, err := casestore.ByOrigin(l.Tx(ledgertest.Auditor).Kernel(), cases.Enforcement, cases.Origin{Type: "judgment", ID: "J-2"})
	require.NoError(t, err)
	require.Nil(t, none)
}

// Without claims the amount is split equally, the remainder going by the
// distribution rule; given claims must add up.
func TestClaims(t *testing.T) {
	l := ledgertest.New()
	c, _, err := open(t, l, enforcementCase("J-1", 1001, hx("a"), hx("b")))
	require.NoError(t, err)
	require.Len(t, c.Claims, 2)
	require.EqualValues(t, 1001, c.Claims[0].Amount+c.Claims[1].Amount)
	require.InDelta(t, c.Claims[0].Amount, c.Claims[1].Amount, 1)

	for _, tc := range []struct {
		claims []cases.Claim
		want   string
	}{
		{[]cases.Claim{{Creditor: hx("a"), Amount: 500}}, "claims add up to 500 fen, not the amount due of 1000 fen"},
		{[]cases.Claim{{Creditor: hx("z"), Amount: 1000}}, "claims[0]: the creditor is not one of the case's creditors"},
		{[]cases.Claim{{Creditor: hx("a"), Amount: 1000, Priority: 10}}, "priority 0 to 9"},
		{[]cases.Claim{{Creditor: hx("a"), Amount: 1000, Distributed: 1}}, "nothing distributed yet"},
	} {
		c := enforcementCase("J-x", 1000, hx("a"))
		c.Claims = tc.claims
		_, _, err := open(t, l, c)
		require.ErrorContains(t, err, tc.want)
		require.True(t, api.Is(err, api.CodeInvalid))
	}
	_, _, err = open(t, l, cases.Case{Kind: "civil", Creditors: []string{hx("a")}})
	require.ErrorContains(t, err, `a trial case is opened as "trial", not "civil"`)
	_, _, err = open(t, l, enforcementCase("J-y", 1000))
	require.ErrorContains(t, err, "a case needs at least one creditor")
}

// Every write of a case carries the court's key-level endorsement policy.
func TestStoreRequiresTheCourt(t *testing.T) {
	l := ledgertest.New()
	tx := l.Tx(ledgertest.Clerk)
	k := tx.Kernel()
	c, _, err := openIn(k, enforcementCase("J-1", 10, hx("a")))
	require.NoError(t, err)
	require.NoError(t, k.End())
	key, err := casestore.Enforcements.Key(k, c.Number)
	require.NoError(t, err)
	require.Contains(t, tx.Policies(), key)
	tx.Commit()

	back, err := casestore.Read(l.Tx(ledgertest.Auditor).Kernel(), c.Number)
	require.NoError(t, err)
	require.Equal(t, c, back)
	_, err = casestore.Read(l.Tx(ledgertest.Auditor).Kernel(), "(2026)J执0000000000号")
	require.ErrorContains(t, err, "is not on the ledger")
	require.True(t, api.Is(err, api.CodeNotFound))
	_, err = casestore.Enforcements.Key(k, "")
	require.ErrorContains(t, err, "case ID is missing")
}

// A debtor's open enforcement cases are found without a scan, and a read
// says when there are more than a transaction may handle.
func TestDebtorIndex(t *testing.T) {
	l := ledgertest.New()
	var numbers []string
	for _, o := range []string{"J-1", "J-2", "J-3"} {
		c, _, err := open(t, l, enforcementCase(o, 10, hx("a")))
		require.NoError(t, err)
		numbers = append(numbers, c.Number)
	}
	got, err := casestore.OfDebtor(l.Tx(ledgertest.Auditor).Kernel(), hx("debtor"), 5)
	require.NoError(t, err)
	require.ElementsMatch(t, numbers, got)
	got, err = casestore.OfDebtor(l.Tx(ledgertest.Auditor).Kernel(), hx("debtor"), 1)
	require.NoError(t, err)
	require.Len(t, got, 2, "max+1 tells the caller there are more")

	tx := l.Tx(ledgertest.Clerk)
	require.NoError(t, casestore.IndexDebtor(tx.Kernel(), hx("debtor"), numbers[0], false))
	tx.Commit()
	got, err = casestore.OfDebtor(l.Tx(ledgertest.Auditor).Kernel(), hx("debtor"), 5)
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.NotContains(t, got, numbers[0])
}

// A resumption of enforcement is a docket entry of its own, 执恢, keyed
// by the case it resumes; only an enforcement case on the ledger is
// resumed.
func TestResumptionNumbers(t *testing.T) {
	l := ledgertest.New()
	first, _, err := open(t, l, enforcementCase("J-1", 1000, hx("c")))
	require.NoError(t, err)
	resumption := enforcementCase("", 600, hx("c"))
	resumption.Origin = cases.Origin{Type: cases.ResumptionOrigin, ID: first.Number}
	r, opened, err := open(t, l, resumption)
	require.NoError(t, err)
	require.True(t, opened)
	require.Regexp(t, `^\(2026\)J执恢[0-9A-F]{10}号$`, r.Number)
	require.NotEqual(t, first.Number, r.Number)
	got, err := casestore.OfDebtor(l.Tx(ledgertest.Auditor).Kernel(), hx("debtor"), 5)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{first.Number, r.Number}, got, "the store indexes it; the enforcement contract takes the original out")

	again, opened, err := open(t, l, resumption)
	require.NoError(t, err)
	require.False(t, opened, "one resumption case per case resumed")
	require.Equal(t, r.Number, again.Number)

	resumption.Origin.ID = "(2026)J执0000000000号"
	_, _, err = open(t, l, resumption)
	require.ErrorContains(t, err, "is not on the ledger")
	trial, _, err := open(t, l, cases.Case{Kind: cases.Trial, Origin: cases.Origin{Type: "filing", ID: "F-1"}, Creditors: []string{hx("c")}})
	require.NoError(t, err)
	resumption.Origin.ID = trial.Number
	_, _, err = open(t, l, resumption)
	require.ErrorContains(t, err, "is a trial case; only an enforcement case is resumed")
	resumption.Kind = cases.Trial
	_, _, err = open(t, l, resumption)
	require.ErrorContains(t, err, "only an enforcement case resumes another")
}
