package listener

import "github.com/courtchain/judicial/gateway-client/internal/retry"

// Backoff is the listener's back-off: exponential, with jitter (retry.Backoff).
type Backoff = retry.Backoff

var sleep = retry.Sleep
