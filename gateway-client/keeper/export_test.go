package keeper

import (
	"context"
	"time"
)

// WithClock makes k wait through sleep and draw its jitter from r, so that
// tests see the back-off without waiting it out.
func WithClock(k *Keeper, sleep func(context.Context, time.Duration) error, r func() float64) {
	k.sleep, k.rand = sleep, r
}
