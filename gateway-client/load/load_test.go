package load_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/stretchr/testify/require"
)

func TestRunCountsCallsErrorsAndPercentiles(t *testing.T) {
	var n atomic.Int64
	s := load.Run(context.Background(), "fake", 4, 200*time.Millisecond, func(_ context.Context, client, i int) error {
		time.Sleep(time.Millisecond)
		if n.Add(1)%10 == 0 {
			return errors.New("every tenth call fails")
		}
		return nil
	})
	require.Equal(t, 4, s.Clients)
	require.Positive(t, s.Calls)
	require.Positive(t, s.Errors)
	require.Equal(t, "every tenth call fails", s.FirstError)
	require.EqualValues(t, n.Load(), s.Calls+s.Errors)
	require.LessOrEqual(t, s.P50, s.P90)
	require.LessOrEqual(t, s.P90, s.P99)
	require.LessOrEqual(t, s.P99, s.Max)
	require.GreaterOrEqual(t, s.P50, time.Millisecond)
	require.InDelta(t, float64(s.Calls)/s.Elapsed.Seconds(), s.PerSecond, 0.001)
}
