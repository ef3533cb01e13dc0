package kernel_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/deadline"
	"github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
	"github.com/stretchr/testify/require"
)

func TestMintID(t *testing.T) {
	at := time.Date(2026, 3, 4, 23, 30, 0, 0, time.FixedZone("CST", 8*3600))
	id := kernel.MintID("FL", at, "tx-1", 8)
	require.Regexp(t, `^FL20260304-[0-9A-F]{16}$`, id, "the date is UTC's")
	require.Equal(t, id, kernel.MintID("FL", at, "tx-1", 8), "every endorser mints the same")
	require.NotEqual(t, id, kernel.MintID("FL", at, "tx-2", 8))
}

// History reads are bounded, and a record never written is named.
func TestHistoryIsBounded(t *testing.T) {
	l := ledgertest.New()
	const key = "record"
	for i := range kernel.MaxVersions + 1 {
		tx := l.Tx(ledgertest.Clerk)
		require.NoError(t, tx.Stub.PutState(key, []byte(fmt.Sprint(i))))
		tx.Commit()
	}
	var n int
	err := kernel.History(l.Tx(ledgertest.Auditor).Kernel(), key, "record X", func(m *queryresult.KeyModification) error { n++; return nil })
	require.ErrorContains(t, err, fmt.Sprintf("record X has more than %d versions; read it from a block export", kernel.MaxVersions))
	require.True(t, api.Is(err, api.CodeLimit))
	require.Equal(t, kernel.MaxVersions, n)
	err = kernel.History(l.Tx(ledgertest.Auditor).Kernel(), "nothing", "record Y", func(*queryresult.KeyModification) error { return nil })
	require.ErrorContains(t, err, "record Y is not on the ledger")
	require.True(t, api.Is(err, api.CodeNotFound))
}

func TestParameters(t *testing.T) {
	l := ledgertest.New()
	d, err := kernel.Duration(l.Tx(ledgertest.Auditor).Kernel(), system.TimestampWindow)
	require.NoError(t, err)
	require.Equal(t, 5*time.Minute, d)
	n, err := kernel.Int(l.Tx(ledgertest.Auditor).Kernel(), system.SweepMaxItems)
	require.NoError(t, err)
	require.Equal(t, 100, n)
	_, err = kernel.Int(l.Tx(ledgertest.Auditor).Kernel(), "no.such")
	require.ErrorContains(t, err, `unknown parameter "no.such"`)
	names := kernel.ParameterNames()
	require.Contains(t, names, system.TimestampWindow)
	require.True(t, strings.Compare(names[0], names[len(names)-1]) < 0, "in name order")
}

// Deadline keys sort in due order, parse back, and a sweep's range stops
// at now, at its end key and at max.
func TestDeadlineIndex(t *testing.T) {
	l := ledgertest.New()
	base := l.Now
	var keys []string
	tx := l.Tx(ledgertest.Clerk)
	for i, d := range []time.Duration{3 * time.Hour, time.Hour, 2 * time.Hour, 30 * 24 * time.Hour} {
		require.NoError(t, kernel.Schedule(tx.Kernel(), base.Add(d), "filing", fmt.Sprintf("F%d", i)))
		key, err := kernel.DeadlineKey(base.Add(d), "filing", fmt.Sprintf("F%d", i))
		require.NoError(t, err)
		keys = append(keys, key)
	}
	tx.Commit()
	item, err := kernel.ParseDeadline(keys[0])
	require.NoError(t, err)
	require.Equal(t, base.Add(3*time.Hour), item.Due)
	require.Equal(t, "F0", item.ID)

	due, err := kernel.DueItems(l.Tx(ledgertest.Auditor).Kernel(), "", "", base.Add(24*time.Hour), 10)
	require.NoError(t, err)
	require.Equal(t, []string{"F1", "F2", "F0"}, ids(due), "in due order, only what is due")
	due, err = kernel.DueItems(l.Tx(ledgertest.Auditor).Kernel(), "", keys[2], base.Add(24*time.Hour), 10)
	require.NoError(t, err)
	require.Equal(t, []string{"F1"}, ids(due), "the end key is exclusive")
	due, err = kernel.DueItems(l.Tx(ledgertest.Auditor).Kernel(), keys[1], keys[2]+"\x00", base.Add(24*time.Hour), 10)
	require.NoError(t, err)
	require.Equal(t, []string{"F1", "F2"}, ids(due), "a key and \\x00 end the range just after the key")
	due, err = kernel.DueItems(l.Tx(ledgertest.Auditor).Kernel(), "", "", base.Add(24*time.Hour), 2)
	require.NoError(t, err)
	require.Equal(t, []string{"F1", "F2"}, ids(due))

	_, err = kernel.DueItems(l.Tx(ledgertest.Auditor).Kernel(), "elsewhere", "", base, 2)
	require.ErrorContains(t, err, "is not a deadline key")
	_, err = kernel.DeadlineKey(base, "fil|ing", "F")
	require.ErrorContains(t, err, "must be non-empty, short and free of '|'")
	_, err = kernel.DeadlineKey(time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), "filing", "F")
	require.ErrorContains(t, err, "before 1970")

	tx = l.Tx(ledgertest.Clerk)
	require.NoError(t, kernel.Cancel(tx.Kernel(), base.Add(time.Hour), "filing", "F1"))
	tx.Commit()
	scheduled, err := kernel.Scheduled(l.Tx(ledgertest.Auditor).Kernel(), keys[1])
	require.NoError(t, err)
	require.False(t, scheduled)
}

func ids(items []deadline.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}
