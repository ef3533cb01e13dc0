package deadline_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/stretchr/testify/require"
)

// notes is a deadline kind for tests: each item is a note that falls due
// and is marked done; items "a:1" and "a:2" share the record "a".
type notes struct {
	due  map[string]time.Time
	done []string
	// fail makes processing the item write, then fail.
	fail map[string]bool
}

// The test's own capability declares the kind, as the chaincode's do.
var _ = api.DeclareCapability(api.Capability{Name: "notetest", Order: 100, Namespaces: []string{"notetest"},
	Kinds: []api.DeadlineKind{{Name: "note", Doc: "a test's note falls due", Events: []string{"note.due"}}}})

func (n *notes) kind() kernel.DeadlineKind {
	return kernel.DeadlineKind{
		Name: "note",
		DueTime: func(t *kernel.Tx, id string) (time.Time, error) {
			d, ok := n.due[id]
			if !ok {
				return d, kernel.Errorf(api.CodeNotFound, "note %s is not on the ledger", id)
			}
			return d, nil
		},
		Process: func(t *kernel.Tx, id string) (string, error) {
			if err := t.GetStub().PutState("written by "+id, []byte{1}); err != nil {
				return "", err
			}
			if n.fail[id] {
				return "", kernel.Errorf(api.CodeCorrupt, "note %s is stored in an unreadable form", id)
			}
			n.done = append(n.done, id)
			t.Event("note.due", id, nil)
			return "done", nil
		},
		Records: func(_ *kernel.Tx, id string) []string { r, _, _ := strings.Cut(id, ":"); return []string{r} },
	}
}

func schedule(t *testing.T, l *ledgertest.Ledger, n *notes, id string, due time.Time) {
	n.due[id] = due
	tx := l.Tx(ledgertest.Clerk)
	require.NoError(t, kernel.Schedule(tx.Kernel(), due, "note", id))
	tx.Commit()
}

func sweep(t *testing.T, l *ledgertest.Ledger, c *deadline.Contract, who ledgertest.Identity, max int) (*deadlineapi.SweepResult, error) {
	return ledgertest.Run(l, who, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
		return ledgertest.Call(tx, deadlineapi.Sweep, "", "", max)
	})
}

// A sweep takes what is due, in due order, changes each record once and
// says where the next one starts; what it processed leaves the index.
func TestSweep(t *testing.T) {
	n := &notes{due: map[string]time.Time{}}
	c := deadline.NewContract(n.kind())
	l := ledgertest.New(c, system.New())
	schedule(t, l, n, "a:1", l.Now.Add(time.Hour))
	schedule(t, l, n, "a:2", l.Now.Add(2*time.Hour))
	schedule(t, l, n, "b:1", l.Now.Add(3*time.Hour))
	schedule(t, l, n, "c:1", l.Now.Add(30*24*time.Hour))
	l.Now = l.Now.Add(24 * time.Hour)

	res, err := sweep(t, l, c, ledgertest.Clerk, 10)
	require.NoError(t, err)
	require.Len(t, res.Processed, 3)
	require.Equal(t, "done", res.Processed[0].Result)
	require.True(t, res.Processed[1].Deferred, "a:2 changes record a again")
	require.Equal(t, "done", res.Processed[2].Result)
	require.Equal(t, []string{"a:1", "b:1"}, n.done)
	require.Len(t, res.Events, 2)

	res, err = sweep(t, l, c, ledgertest.Clerk, 10)
	require.NoError(t, err)
	require.Len(t, res.Processed, 1, "the deferred item follows in the next sweep")
	require.Equal(t, []string{"a:1", "b:1", "a:2"}, n.done)
	res, err = sweep(t, l, c, ledgertest.Clerk, 10)
	require.NoError(t, err)
	require.Empty(t, res.Processed, "c:1 is not due yet")

	_, err = sweep(t, l, c, ledgertest.Mediator, 10)
	require.ErrorContains(t, err, "access denied: deadline:Sweep")
	_, err = sweep(t, l, c, ledgertest.Clerk, 101)
	require.ErrorContains(t, err, "max must be 1 to 100 (parameter sweep.maxItems), got 101")
	require.True(t, api.Is(err, api.CodeLimit))
}

// One overdue item can be triggered by anyone with a court or mediation
// role; its due time comes from its record, not from the caller.
func TestTrigger(t *testing.T) {
	n := &notes{due: map[string]time.Time{}}
	c := deadline.NewContract(n.kind())
	l := ledgertest.New(c, system.New())
	schedule(t, l, n, "a:1", l.Now.Add(time.Hour))
	trigger := func(who ledgertest.Identity, kind, id string) (*deadlineapi.SweepResult, error) {
		return ledgertest.Run(l, who, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
			return ledgertest.Call(tx, deadlineapi.Trigger, kind, id)
		})
	}
	_, err := trigger(ledgertest.Mediator, "note", "a:1")
	require.ErrorContains(t, err, "note a:1 is not due until 2026-01-05T10:00:00Z")
	require.True(t, api.Is(err, api.CodeTime))
	l.Now = l.Now.Add(2 * time.Hour)
	_, err = trigger(ledgertest.Mediator, "notes", "a:1")
	require.ErrorContains(t, err, `unknown kind "notes": one of [note]`)
	_, err = trigger(ledgertest.Bank, "note", "a:1")
	require.ErrorContains(t, err, "access denied: deadline:Trigger")
	res, err := trigger(ledgertest.Mediator, "note", "a:1")
	require.NoError(t, err)
	require.Equal(t, "done", res.Processed[0].Result)
	res, err = trigger(ledgertest.Officer, "note", "a:1")
	require.NoError(t, err)
	require.Equal(t, "already processed; nothing changed", res.Processed[0].Result)
	require.Equal(t, []string{"a:1"}, n.done)
}

// Keepers list what is due; the list is bounded.
func TestDue(t *testing.T) {
	n := &notes{due: map[string]time.Time{}}
	c := deadline.NewContract(n.kind())
	l := ledgertest.New(c, system.New())
	for i := range 5 {
		schedule(t, l, n, fmt.Sprintf("r%d:1", i), l.Now.Add(time.Duration(i+1)*time.Minute))
	}
	l.Now = l.Now.Add(time.Hour)
	items, err := ledgertest.Call(l.Tx(ledgertest.Auditor), deadlineapi.Due, "", 3)
	require.NoError(t, err)
	require.Len(t, items, 3)
	rest, err := ledgertest.Call(l.Tx(ledgertest.Clerk), deadlineapi.Due, items[2].Key+"\x00", 10)
	require.NoError(t, err)
	require.Len(t, rest, 2)
	_, err = ledgertest.Call(l.Tx(ledgertest.Auditor), deadlineapi.Due, "", 0)
	require.ErrorContains(t, err, "max must be 1 to 10000")
	_, err = ledgertest.Call(l.Tx(ledgertest.Bank), deadlineapi.Due, "", 3)
	require.ErrorContains(t, err, "access denied: deadline:Due")
}

func TestKindsRegisterOnce(t *testing.T) {
	n := &notes{}
	require.Panics(t, func() { deadline.NewContract(n.kind(), n.kind()) })
	require.Panics(t, func() { deadline.NewContract(kernel.DeadlineKind{Name: "x"}) })
	ledgertest.RequirePublished(t, deadline.NewContract(n.kind()), deadlineapi.Namespace)
}

// An item whose processing fails is set aside with its reason, nothing of
// it is written, the sweep goes on with the items after it, and a trigger
// takes it up again once its cause is mended.
func TestAFailingItemIsSetAside(t *testing.T) {
	n := &notes{due: map[string]time.Time{}, fail: map[string]bool{"b:1": true}}
	c := deadline.NewContract(n.kind())
	l := ledgertest.New(c, system.New())
	schedule(t, l, n, "a:1", l.Now.Add(time.Hour))
	schedule(t, l, n, "b:1", l.Now.Add(2*time.Hour))
	schedule(t, l, n, "c:1", l.Now.Add(3*time.Hour))
	l.Now = l.Now.Add(24 * time.Hour)

	tx := l.Tx(ledgertest.Clerk)
	res, err := ledgertest.Call(tx, deadlineapi.Sweep, "", "", 10)
	require.NoError(t, err)
	require.Len(t, res.Processed, 3)
	require.True(t, res.Processed[1].SetAside)
	require.Equal(t, "set aside: note b:1 is stored in an unreadable form", res.Processed[1].Result)
	require.Equal(t, "done", res.Processed[2].Result, "the items after it go on")
	require.Contains(t, tx.Writes(), "written by a:1")
	require.NotContains(t, tx.Writes(), "written by b:1", "nothing of the failed item is written")
	require.Equal(t, []string{"note.due", "deadline.setAside", "note.due"}, eventTypes(res))
	tx.Commit()

	res, err = sweep(t, l, c, ledgertest.Clerk, 10)
	require.NoError(t, err)
	require.Empty(t, res.Processed, "a set-aside item stops no later sweep")
	aside, err := ledgertest.Call(l.Tx(ledgertest.Auditor), deadlineapi.SetAside, "", 10)
	require.NoError(t, err)
	require.Len(t, aside, 1)
	require.Equal(t, "b:1", aside[0].ID)
	require.Equal(t, "note b:1 is stored in an unreadable form", aside[0].Reason)

	n.fail["b:1"] = false
	trigger, err := ledgertest.Run(l, ledgertest.Clerk, func(tx *ledgertest.Tx) (*deadlineapi.SweepResult, error) {
		return ledgertest.Call(tx, deadlineapi.Trigger, "note", "b:1")
	})
	require.NoError(t, err)
	require.Equal(t, "done (it had been set aside: note b:1 is stored in an unreadable form)", trigger.Processed[0].Result)
	aside, err = ledgertest.Call(l.Tx(ledgertest.Auditor), deadlineapi.SetAside, "", 10)
	require.NoError(t, err)
	require.Empty(t, aside)
	require.Equal(t, []string{"a:1", "c:1", "b:1"}, n.done)
}

func eventTypes(res *deadlineapi.SweepResult) []string {
	var out []string
	for _, e := range res.Events {
		out = append(out, e.Type)
	}
	return out
}
