package keeper_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/gateway-client/judicial"
	"github.com/courtchain/judicial/gateway-client/keeper"
	"github.com/stretchr/testify/require"
)

// ledger serves due items and records the sweeps submitted.
type ledger struct {
	mu     sync.Mutex
	due    []deadline.Item
	sweeps [][2]string
	fail   int
}

func (l *ledger) Evaluate(_ context.Context, fn string, args ...string) ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	max, _ := strconv.Atoi(args[1])
	return json.Marshal(l.due[:min(max, len(l.due))])
}

func (l *ledger) Submit(_ context.Context, fn string, args ...string) (*judicial.Result, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fail > 0 {
		l.fail--
		return nil, errors.New("peer unavailable")
	}
	l.sweeps = append(l.sweeps, [2]string{args[0], args[1]})
	n, _ := strconv.Atoi(args[2])
	res := deadline.SweepResult{}
	for i, it := range l.due {
		if it.Key == args[0] {
			for _, d := range l.due[i : i+n] {
				res.Processed = append(res.Processed, deadline.Outcome{Key: d.Key, Kind: d.Kind, ID: d.ID, Result: "done"})
			}
			l.due = append(l.due[:i:i], l.due[i+n:]...)
			break
		}
	}
	payload, _ := json.Marshal(res)
	return &judicial.Result{Payload: payload}, nil
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func items(n int) []deadline.Item {
	var out []deadline.Item
	for i := range n {
		due := time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)
		key, _ := deadline.Key(due, "filing", fmt.Sprintf("F%03d", i))
		out = append(out, deadline.Item{Due: due, Kind: "filing", ID: fmt.Sprintf("F%03d", i), Key: key})
	}
	return out
}

func TestChunksAreConsecutiveAndBounded(t *testing.T) {
	c := keeper.Chunks(items(250), 100)
	require.Len(t, c, 3)
	require.Len(t, c[2], 50)
	require.Equal(t, items(250)[100].Key, c[1][0].Key)
	require.Empty(t, keeper.Chunks(nil, 100))
}

func TestRoundSweepsEverythingDueInDisjointRanges(t *testing.T) {
	l := &ledger{due: items(250)}
	k := &keeper.Keeper{Ledger: l, Batch: 100, Parallel: 3, Log: quiet}
	n, txs, err := k.Round(context.Background())
	require.NoError(t, err)
	require.Equal(t, 250, n)
	require.Equal(t, 3, txs)
	require.Empty(t, l.due)
	s := k.Status()
	require.Equal(t, 250, s.Processed)
	require.Equal(t, 3, s.Transactions)
}

func TestRoundErrorsAreCountedAndTheNextRoundCatchesUp(t *testing.T) {
	l := &ledger{due: items(30), fail: 1}
	k := &keeper.Keeper{Ledger: l, Batch: 10, Parallel: 3, Log: quiet}
	n, _, err := k.Round(context.Background())
	require.ErrorContains(t, err, "peer unavailable")
	require.Equal(t, 20, n)
	n, _, err = k.Round(context.Background())
	require.NoError(t, err)
	require.Equal(t, 10, n)
	require.Equal(t, 1, k.Status().Errors)
}
