package gateway

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/hyperledger/fabric-gateway/pkg/client"
	gatewaypb "github.com/hyperledger/fabric-protos-go-apiv2/gateway"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A call rides through the failure of one node:
//
//   - a gateway peer that does not answer is left for the org's next one
//     in the profile, and tried again first once a cool-down has passed;
//   - a gateway that is overloaded ("exceeding concurrency limit"), or
//     whose network is not ready ("no combination of peers ..." right
//     after a peer restarts, no orderer reachable), is asked again after a
//     back-off with jitter;
//   - a transaction whose commit status does not arrive within statusWait
//     — its orderer died with it, or the peer did — is submitted again as
//     the same signed envelope, through a peer that answers: the same
//     transaction ID, so it commits at most once, and the call reports its
//     one outcome.
//
// No call waits longer than the bound for all of this; past it, a
// submitted transaction's outcome is reported unknown (*PendingError) with
// its ID, never guessed.

// Defaults of the failure handling.
const (
	DefaultCallBound  = 20 * time.Second
	DefaultStatusWait = 5 * time.Second
	// DefaultPeerCooldown is how long a peer that did not answer is
	// passed over.
	DefaultPeerCooldown = 5 * time.Second
	// busyDelay is the first wait after an overloaded answer; it doubles,
	// capped at maxDelay.
	busyDelay = 50 * time.Millisecond
	// allDownWait is how long a call goes on trying when no peer answers.
	allDownWait = 2 * time.Second
)

// WithFailureBound sets how long one call may spend riding through node
// failures (default DefaultCallBound) and how long a submitted transaction
// waits for its commit status before it is submitted again
// (DefaultStatusWait).
func WithFailureBound(bound, statusWait time.Duration) Option {
	return func(s *settings) {
		if bound > 0 {
			s.bound = bound
		}
		if statusWait > 0 {
			s.statusWait = statusWait
		}
	}
}

// WithPeerCooldown sets how long a gateway peer that did not answer is
// passed over before it is tried first again (default
// DefaultPeerCooldown).
func WithPeerCooldown(d time.Duration) Option {
	return func(s *settings) {
		if d > 0 {
			s.cooldown = d
		}
	}
}

// PendingError is a transaction that was submitted but whose commit could
// not be confirmed within the call's bound: it may still commit (at most
// once). Ask its status with TxID before submitting the call again.
type PendingError struct {
	Function string `json:"function"`
	TxID     string `json:"txId"`
	// Submits counts the times the envelope was sent.
	Submits int           `json:"submits"`
	Bound   time.Duration `json:"-"`
	Err     error         `json:"-"`
}

func (e *PendingError) Error() string {
	return fmt.Sprintf("%s: transaction %s was submitted %d times but its commit was not confirmed within %s: it may still commit; ask its status before submitting again: %s",
		e.Function, e.TxID, e.Submits, e.Bound, plain(e.Err))
}

func (e *PendingError) Unwrap() error { return e.Err }

// gatewayPeer is one of the org's gateway peers, connected.
type gatewayPeer struct {
	peer     profile.Peer
	conn     *grpc.ClientConn
	gateway  *client.Gateway
	contract *client.Contract
}

// failover is the transactor over all the org's gateway peers.
type failover struct {
	peers      []*gatewayPeer
	timeouts   timeouts
	bound      time.Duration
	statusWait time.Duration
	cooldown   time.Duration
	sleep      func(context.Context, time.Duration) error
	now        func() time.Time

	mu        sync.Mutex
	downUntil []time.Time
	current   int
}

// fault is how a failed step goes on.
type fault int

const (
	// answer: the failure is the call's outcome (a refusal, a bad request).
	answer fault = iota
	// down: the gateway peer did not answer; another may.
	down
	// busy: the gateway answered that it cannot now; later it may.
	busy
)

func classify(err error) fault {
	st, ok := status.FromError(err)
	if !ok {
		return answer
	}
	msg := st.Message()
	for _, d := range st.Details() {
		if detail, ok := d.(*gatewaypb.ErrorDetail); ok {
			msg += "\n" + detail.GetMessage()
		}
	}
	switch {
	// The endorsing peer's chaincode server died during the simulation
	// or is restarting: its supervisor brings it back within seconds, and
	// a failed endorsement sent nothing to the orderer, so trying again
	// cannot commit twice.
	case strings.Contains(msg, "could not launch chaincode"), strings.Contains(msg, "chaincode stream terminated"):
		return busy
	// Endorsers at different heights read different versions, so their
	// answers differ: the one behind catches up within a block or two.
	// Nothing was sent to the orderer.
	case strings.Contains(msg, "ProposalResponsePayloads do not match"):
		return busy
	case st.Code() == codes.Unavailable && isTransportFailure(msg):
		return down
	case st.Code() == codes.ResourceExhausted, strings.Contains(msg, "exceeding concurrency limit"):
		return busy
	case st.Code() == codes.Unavailable, strings.Contains(msg, "no combination of peers can be derived"):
		return busy
	}
	return answer
}

// order is the peers to try, in profile order, those that recently did
// not answer last.
func (f *failover) order() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	var up, downs []int
	for i := range f.peers {
		if now.Before(f.downUntil[i]) {
			downs = append(downs, i)
		} else {
			up = append(up, i)
		}
	}
	return append(up, downs...)
}

func (f *failover) markDown(i int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.downUntil[i] = f.now().Add(f.cooldown)
}

func (f *failover) answered(i int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.downUntil[i], f.current = time.Time{}, i
}

// active is the peer that answered last.
func (f *failover) active() profile.Peer {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.peers[f.current].peer
}

// ride runs step against the peers until it succeeds, fails with an
// answer, or the deadline passes: a peer that is down is left for the
// next, a busy answer waited out.
//
// When every peer is down, it tries again for allDownWait only: a peer
// that restarts comes back within it, and a profile that names no
// running peer should not make its user wait the whole bound.
func (f *failover) ride(ctx context.Context, deadline time.Time, step func(ctx context.Context, p *gatewayPeer) error) error {
	delay := busyDelay
	var allDownSince time.Time
	for {
		var last error
		downs := 0
	peers:
		for _, i := range f.order() {
			err := step(ctx, f.peers[i])
			if err == nil {
				f.answered(i)
				return nil
			}
			last = err
			switch classify(err) {
			case answer:
				return err
			case down:
				f.markDown(i)
				downs++
			default:
				break peers // busy: wait, then start again from the preferred peer
			}
		}
		if downs == len(f.peers) {
			if allDownSince.IsZero() {
				allDownSince = f.now()
			} else if f.now().Sub(allDownSince) > allDownWait {
				return last
			}
		}
		wait := delay + time.Duration(rand.Int64N(int64(delay)/2+1))
		if f.now().Add(wait).After(deadline) || f.sleep(ctx, wait) != nil {
			return last
		}
		delay = min(delay*2, maxDelay)
	}
}

// within bounds one try of a step by its timeout and what is left of the
// call's bound.
func within(ctx context.Context, d time.Duration, deadline time.Time) (context.Context, context.CancelFunc) {
	if until := time.Until(deadline); until < d {
		d = max(until, time.Millisecond)
	}
	return context.WithTimeout(ctx, d)
}

func (f *failover) evaluate(ctx context.Context, call request) ([]byte, error) {
	deadline := f.now().Add(f.bound)
	var payload []byte
	err := f.ride(ctx, deadline, func(ctx context.Context, p *gatewayPeer) error {
		ctx, cancel := within(ctx, f.timeouts.evaluate, deadline)
		defer cancel()
		var err error
		payload, err = p.contract.EvaluateWithContext(ctx, string(call.function), call.options()...)
		return err
	})
	if err != nil {
		return nil, wrap(call.function, "evaluate", err)
	}
	return payload, nil
}

// submit endorses a new proposal, then submits the endorsed envelope and
// waits for its commit, submitting the same envelope again while its
// status does not come.
func (f *failover) submit(ctx context.Context, call request) (*Result, error) {
	deadline := f.now().Add(f.bound)
	var tx *client.Transaction
	err := f.ride(ctx, deadline, func(ctx context.Context, p *gatewayPeer) error {
		// Nothing was ordered yet: each try may be a new proposal.
		proposal, err := p.contract.NewProposal(string(call.function), call.options()...)
		if err != nil {
			return err
		}
		ctx, cancel := within(ctx, f.timeouts.endorse, deadline)
		defer cancel()
		tx, err = proposal.EndorseWithContext(ctx)
		return err
	})
	if err != nil {
		return nil, wrap(call.function, "endorse", err)
	}
	envelope, err := tx.Bytes()
	if err != nil {
		return nil, wrap(call.function, "submit", err)
	}
	submits := 0
	for {
		var commit *client.Commit
		var via *gatewayPeer
		err := f.ride(ctx, deadline, func(ctx context.Context, p *gatewayPeer) error {
			same, err := p.gateway.NewTransaction(envelope)
			if err != nil {
				return err
			}
			ctx, cancel := within(ctx, f.timeouts.submit, deadline)
			defer cancel()
			commit, err = same.SubmitWithContext(ctx)
			via = p
			return err
		})
		if err != nil {
			if submits > 0 {
				return nil, &PendingError{Function: string(call.function), TxID: tx.TransactionID(), Submits: submits, Bound: f.bound, Err: err}
			}
			return nil, wrap(call.function, "submit", err)
		}
		submits++
		waitCtx, cancel := within(ctx, f.statusWait, deadline)
		st, err := commit.StatusWithContext(waitCtx)
		// Whichever side noticed first, the wait ran out.
		timedOut := waitCtx.Err() != nil || status.Code(err) == codes.DeadlineExceeded || status.Code(err) == codes.Canceled
		cancel()
		switch {
		case err == nil && !st.Successful:
			return nil, &CommitError{Function: string(call.function), TxID: st.TransactionID, Code: st.Code, Block: st.BlockNumber}
		case err == nil:
			return &Result{Payload: tx.Result(), TxID: st.TransactionID, Block: st.BlockNumber, Submits: submits, Peer: f.active().Name}, nil
		case ctx.Err() != nil:
			return nil, &PendingError{Function: string(call.function), TxID: tx.TransactionID(), Submits: submits, Bound: f.bound, Err: ctx.Err()}
		case !f.now().Before(deadline):
			return nil, &PendingError{Function: string(call.function), TxID: tx.TransactionID(), Submits: submits, Bound: f.bound, Err: err}
		case classify(err) == down:
			f.markDown(slices.Index(f.peers, via))
		case classify(err) == answer && !timedOut:
			return nil, wrap(call.function, "commit status", err)
		}
		// No status in time, or the peer that was to give it went away:
		// the envelope may have died with an orderer, so send it again.
	}
}
