package kernel_test

import (
	"testing"

	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/stretchr/testify/require"
)

// A key is asked of the peer once per transaction and deleted once; what
// the transaction sees is what it would see without the memory: the
// committed value, not its own write.
func TestTransactionAsksThePeerOnce(t *testing.T) {
	l := ledgertest.New()
	l.State["a"] = []byte("committed")
	raw := l.Tx(ledgertest.Clerk)
	tx := raw.Kernel()
	reads := raw.Stub.GetStateCallCount()
	stub := tx.GetStub()

	for range 3 {
		v, err := stub.GetState("a")
		require.NoError(t, err)
		require.Equal(t, "committed", string(v))
		v, err = stub.GetState("missing")
		require.NoError(t, err)
		require.Nil(t, v)
	}
	require.Equal(t, reads+2, raw.Stub.GetStateCallCount(), "one read per key, found or not")

	require.NoError(t, stub.PutState("a", []byte("mine")))
	v, _ := stub.GetState("a")
	require.Equal(t, "committed", string(v), "as on the peer: a read does not see the transaction's own write")

	require.NoError(t, stub.DelState("a"))
	require.NoError(t, stub.DelState("a"))
	require.Equal(t, 1, raw.Stub.DelStateCallCount(), "a second delete changes nothing")
	require.NoError(t, stub.PutState("a", []byte("again")))
	require.NoError(t, stub.DelState("a"))
	require.Equal(t, 2, raw.Stub.DelStateCallCount(), "a delete after a write is sent")
	require.Nil(t, raw.Writes()["a"])

	// A sweep's staged step writes through the same memory.
	require.NoError(t, tx.Try(func(child *kernel.Tx) error { return child.GetStub().DelState("a") }))
	require.Equal(t, 2, raw.Stub.DelStateCallCount())
}
