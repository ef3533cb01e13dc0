package gateway

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/gateway-client/internal/retry"
	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// A call is one function of the published contract (chaincode/api) and
// what it sends. There are two ways to make one: Evaluate asks a peer,
// Submit endorses, orders and commits; CallOptions say what goes with it.
type request struct {
	function api.Function
	args     []string
	// transient data reaches the chaincode but is not kept in the
	// proposal's record.
	transient map[string][]byte
	// endorsingOrgs, when set, makes the gateway collect endorsements
	// only from these orgs' peers instead of following the endorsement
	// policy.
	endorsingOrgs []string
}

// CallOption sets what a call sends.
type CallOption func(*callSettings) error

type callSettings struct {
	spec *api.Spec
	request
}

// WithArgs gives the function's arguments as Go values, each written as
// its declaration says (api.Spec.Encode): numbers in decimal, requests as
// JSON, text as it is. A string given for another form is sent as it is.
func WithArgs(values ...any) CallOption {
	return func(s *callSettings) error {
		var err error
		s.args, err = s.spec.Encode(values...)
		return err
	}
}

// WithTransient sends private inputs as transient data, which does not
// enter the transaction.
func WithTransient(data map[string][]byte) CallOption {
	return func(s *callSettings) error {
		s.transient = data
		return nil
	}
}

// WithEndorsingOrgs makes the gateway collect endorsements from these
// orgs' peers only, instead of following the endorsement policy.
func WithEndorsingOrgs(mspIDs ...string) CallOption {
	return func(s *callSettings) error {
		s.endorsingOrgs = mspIDs
		return nil
	}
}

func newRequest(spec *api.Spec, opts []CallOption) (request, error) {
	s := callSettings{spec: spec, request: request{function: spec.Function}}
	for _, o := range opts {
		if err := o(&s); err != nil {
			return request{}, err
		}
	}
	return s.request, nil
}

// Result is a committed transaction.
type Result struct {
	Payload []byte `json:"-"`
	TxID    string `json:"txId"`
	Block   uint64 `json:"block"`
	// Attempts counts the proposals made: more than one when a read
	// conflict invalidated the earlier ones.
	Attempts int `json:"attempts"`
	// Submits counts the times the committed envelope was sent: more
	// than one when its status did not come in time (failover.go).
	Submits int `json:"submits,omitempty"`
	// Peer is the gateway peer that confirmed the commit.
	Peer string `json:"peer,omitempty"`
}

// Evaluate runs fn on a gateway peer, which answers from its copy of the
// ledger; nothing is ordered. The answer is decoded as fn declares.
func Evaluate[R any](ctx context.Context, c *Client, fn api.Fn[R], opts ...CallOption) (R, error) {
	var zero R
	r, err := newRequest(fn.Spec, opts)
	if err != nil {
		return zero, err
	}
	payload, err := c.tx.evaluate(ctx, r)
	if err != nil {
		return zero, c.locate(err)
	}
	v, err := fn.Decode(payload)
	if err != nil {
		return zero, &AnswerError{Function: fn.Function, Err: err}
	}
	return v, nil
}

// Submit endorses fn, orders it and waits for its commit, trying again
// with back-off while it fails to commit for an MVCC or phantom read
// conflict (another transaction changed what this one read). Each try is
// a new proposal: the conflict is in the endorsed read set, so
// resubmitting the same endorsement would fail the same way. The answer
// is decoded as fn declares; one this client cannot read is an
// *AnswerError that still carries the committed transaction, also
// returned.
func Submit[R any](ctx context.Context, c *Client, fn api.Fn[R], opts ...CallOption) (R, *Result, error) {
	var zero R
	r, err := newRequest(fn.Spec, opts)
	if err != nil {
		return zero, nil, err
	}
	b := backoff{attempts: c.settings.attempts, base: c.settings.baseDelay, sleep: c.sleep}
	res, err := b.retry(ctx, func(ctx context.Context) (*Result, error) {
		return c.tx.submit(ctx, r)
	})
	if err != nil {
		return zero, nil, c.locate(err)
	}
	v, err := fn.Decode(res.Payload)
	if err != nil {
		return zero, res, &AnswerError{Function: fn.Function, Result: res, Err: err}
	}
	return v, res, nil
}

// transactor is the part of the gateway a call goes through, so that the
// retry and error handling can be tested against a fake.
type transactor interface {
	evaluate(ctx context.Context, r request) ([]byte, error)
	// submit makes one attempt: a new proposal, endorsed, ordered and
	// waited for.
	submit(ctx context.Context, r request) (*Result, error)
}

func (r request) options() []client.ProposalOption {
	opts := []client.ProposalOption{client.WithArguments(r.args...)}
	if len(r.transient) > 0 {
		opts = append(opts, client.WithTransient(r.transient))
	}
	if len(r.endorsingOrgs) > 0 {
		opts = append(opts, client.WithEndorsingOrganizations(r.endorsingOrgs...))
	}
	return opts
}

// maxDelay caps the back-off: past a few seconds, waiting longer does not
// make a conflict with a busy key less likely, it only slows the caller.
const maxDelay = 5 * time.Second

// backoff retries transactions that lost a read conflict.
type backoff struct {
	attempts int
	base     time.Duration
	sleep    func(context.Context, time.Duration) error
}

// retry runs attempt up to b.attempts times while it fails with a
// retryable commit error, waiting base·2ⁿ (capped) plus up to 50 % random
// jitter between tries: clients that collided would otherwise collide
// again on the same schedule.
func (b backoff) retry(ctx context.Context, attempt func(context.Context) (*Result, error)) (*Result, error) {
	attempts := max(b.attempts, 1)
	sleep := b.sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	delay := max(min(b.base, maxDelay), 0)
	for n := 1; ; n++ {
		res, err := attempt(ctx)
		if err == nil {
			res.Attempts = n
			return res, nil
		}
		var ce *CommitError
		if !errors.As(err, &ce) {
			return nil, err
		}
		ce.Attempts = n
		if !ce.Retryable() || n >= attempts {
			return nil, err
		}
		wait := delay + time.Duration(rand.Int64N(int64(delay)/2+1))
		if sleep(ctx, wait) != nil {
			return nil, err
		}
		delay = min(delay*2, maxDelay)
	}
}

// sleepCtx waits d unless ctx ends first.
var sleepCtx = retry.Sleep

// Retryable reports whether committing again may succeed: another
// transaction won a race for the same keys.
func (e *CommitError) Retryable() bool {
	return e.Code == peer.TxValidationCode_MVCC_READ_CONFLICT || e.Code == peer.TxValidationCode_PHANTOM_READ_CONFLICT
}
