package judicial

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

// Call is one chaincode call of a function of the published contract
// (chaincode/api), such as evidenceapi.Anchor.
type Call struct {
	Function  api.Function
	Args      []string
	Transient map[string][]byte
	// EndorsingOrgs, when set, makes the gateway collect endorsements only
	// from these orgs' peers instead of following the endorsement policy.
	EndorsingOrgs []string
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

// Evaluate runs a query on the gateway peer; nothing is ordered.
func (c *Client) Evaluate(ctx context.Context, function api.Function, args ...string) ([]byte, error) {
	return c.EvaluateCall(ctx, Call{Function: function, Args: args})
}

// EvaluateWithTransient runs a query that reads private inputs: transient
// data reaches the chaincode but is not kept in the proposal's record.
func (c *Client) EvaluateWithTransient(ctx context.Context, function api.Function, transient map[string][]byte, args ...string) ([]byte, error) {
	return c.EvaluateCall(ctx, Call{Function: function, Args: args, Transient: transient})
}

// Submit endorses, orders and waits for the commit of a transaction.
func (c *Client) Submit(ctx context.Context, function api.Function, args ...string) (*Result, error) {
	return c.SubmitCall(ctx, Call{Function: function, Args: args})
}

// SubmitWithTransient submits a transaction with private inputs, which do
// not enter the ordered transaction.
func (c *Client) SubmitWithTransient(ctx context.Context, function api.Function, transient map[string][]byte, args ...string) (*Result, error) {
	return c.SubmitCall(ctx, Call{Function: function, Args: args, Transient: transient})
}

// EvaluateCall runs a query with transient data or chosen endorsing orgs.
func (c *Client) EvaluateCall(ctx context.Context, call Call) ([]byte, error) {
	payload, err := c.tx.evaluate(ctx, call)
	if err != nil {
		return nil, c.locate(err)
	}
	return payload, nil
}

// SubmitCall submits a transaction, trying it again with back-off while it
// fails to commit for an MVCC or phantom read conflict (another
// transaction changed what this one read). Each try is a new proposal:
// the conflict is in the endorsed read set, so resubmitting the same
// endorsement would fail the same way.
func (c *Client) SubmitCall(ctx context.Context, call Call) (*Result, error) {
	b := backoff{attempts: c.settings.attempts, base: c.settings.baseDelay, sleep: c.sleep}
	res, err := b.retry(ctx, func(ctx context.Context) (*Result, error) {
		return c.tx.submit(ctx, call)
	})
	if err != nil {
		return nil, c.locate(err)
	}
	return res, nil
}

// transactor is the part of the gateway a call goes through, so that the
// retry and error handling can be tested against a fake.
type transactor interface {
	evaluate(ctx context.Context, call Call) ([]byte, error)
	// submit makes one attempt: a new proposal, endorsed, ordered and
	// waited for.
	submit(ctx context.Context, call Call) (*Result, error)
}

func (call Call) options() []client.ProposalOption {
	opts := []client.ProposalOption{client.WithArguments(call.Args...)}
	if len(call.Transient) > 0 {
		opts = append(opts, client.WithTransient(call.Transient))
	}
	if len(call.EndorsingOrgs) > 0 {
		opts = append(opts, client.WithEndorsingOrganizations(call.EndorsingOrgs...))
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
