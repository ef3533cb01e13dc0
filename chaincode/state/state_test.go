package state_test

import (
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/state"
	"github.com/stretchr/testify/require"
)

type record struct {
	ID   string `json:"id"`
	Note string `json:"note"`
}

func TestRecordsRoundTrip(t *testing.T) {
	l := ledgertest.New()
	tx := l.Tx(ledgertest.Clerk)
	require.NoError(t, state.Put(tx, "thing", "T1", record{ID: "T1", Note: "五"}))
	key, err := state.Key(tx, "thing", "T1")
	require.NoError(t, err)
	require.Contains(t, tx.Writes(), key, "a composite key of object type and ID")
	tx.Commit()

	var got record
	found, err := state.Get(l.Tx(ledgertest.Auditor), "thing", "T1", &got)
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, record{ID: "T1", Note: "五"}, got)

	found, err = state.Get(l.Tx(ledgertest.Auditor), "thing", "T2", &got)
	require.NoError(t, err)
	require.False(t, found)
	err = state.MustGet(l.Tx(ledgertest.Auditor), "thing", "T2", &got)
	require.EqualError(t, err, "thing T2 is not on the ledger [not_found]")
}

func TestBadKeysAndUnreadableRecords(t *testing.T) {
	l := ledgertest.New()
	var got record
	_, err := state.Get(l.Tx(ledgertest.Auditor), "thing", "", &got)
	require.ErrorContains(t, err, "thing ID is missing")
	require.True(t, api.Is(err, api.CodeInvalid))
	_, err = state.Get(l.Tx(ledgertest.Auditor), "thing", "bad\x00id", &got)
	require.ErrorContains(t, err, "thing ID")
	require.True(t, api.Is(err, api.CodeInvalid))

	tx := l.Tx(ledgertest.Clerk)
	key, err := state.Key(tx, "thing", "T3")
	require.NoError(t, err)
	require.NoError(t, tx.Stub.PutState(key, []byte("not json")))
	tx.Commit()
	_, err = state.Get(l.Tx(ledgertest.Auditor), "thing", "T3", &got)
	require.ErrorContains(t, err, "thing T3 is stored in an unreadable form")
	require.True(t, api.Is(err, api.CodeCorrupt))
}
