package retry_test

import (
	"context"
	"testing"
	"time"

	"github.com/courtchain/judicial/gateway-client/internal/retry"
	"github.com/stretchr/testify/require"
)

func TestBackoffDoublesWithJitterUpToItsCap(t *testing.T) {
	b := retry.Backoff{Base: time.Second, Max: time.Minute}
	s := time.Second
	for n, want := range []time.Duration{s, 2 * s, 4 * s, 8 * s, 16 * s, 32 * s, 60 * s, 60 * s} {
		require.Equal(t, want/2, b.Delay(n+1, 0), "failure %d, least jitter", n+1)
		require.Equal(t, want*3/4, b.Delay(n+1, 0.5), "failure %d", n+1)
		require.Less(t, b.Delay(n+1, 0.999999), want+1, "failure %d, most jitter", n+1)
	}
	require.Equal(t, time.Minute, b.Delay(1<<40, 1), "no overflow after many failures")
}

func TestSleepEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, retry.Sleep(ctx, time.Hour), context.Canceled)
	require.NoError(t, retry.Sleep(context.Background(), 0))
}
