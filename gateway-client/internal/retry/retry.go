// Package retry is the back-off the long-running clients share: the
// keeper after failed rounds, the listener after a lost event stream or a
// refused webhook.
package retry

import (
	"context"
	"time"
)

// Backoff is exponential back-off with jitter: after the n-th failure in
// a row the wait is drawn between half and all of Base·2^(n-1), capped at
// Max. The jitter keeps clients that failed together (keepers of one
// court, listeners that lost the same gateway peer) from retrying in step.
type Backoff struct {
	Base, Max time.Duration
}

// Delay is the wait after the n-th failure in a row (n ≥ 1); r, in [0, 1),
// draws the jitter.
func (b Backoff) Delay(n int, r float64) time.Duration {
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	return d/2 + time.Duration(r*float64(d/2))
}

// Sleep waits d or until ctx ends, whichever is first; it returns ctx's
// error when ctx ended.
func Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil || d <= 0 {
		return err
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
