package judicial

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
)

// Call is one chaincode call. Function is namespaced, e.g. "system:Ping".
type Call struct {
	Function  string
	Args      []string
	Transient map[string][]byte
	// EndorsingOrgs, when set, makes the gateway collect endorsements only
	// from these orgs' peers instead of following the endorsement policy.
	EndorsingOrgs []string
}

// Result is a committed transaction.
type Result struct {
	Payload  []byte `json:"-"`
	TxID     string `json:"txId"`
	Block    uint64 `json:"block"`
	Attempts int    `json:"attempts"`
}

// Evaluate runs a query on the gateway peer; nothing is ordered.
func (c *Client) Evaluate(ctx context.Context, function string, args ...string) ([]byte, error) {
	return c.EvaluateCall(ctx, Call{Function: function, Args: args})
}

// Submit endorses, orders and waits for the commit of a transaction.
func (c *Client) Submit(ctx context.Context, function string, args ...string) (*Result, error) {
	return c.SubmitCall(ctx, Call{Function: function, Args: args})
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

// EvaluateCall runs a query with transient data or chosen endorsing orgs.
func (c *Client) EvaluateCall(ctx context.Context, call Call) ([]byte, error) {
	payload, err := c.contract.EvaluateWithContext(ctx, call.Function, call.options()...)
	if err != nil {
		return nil, wrap(call.Function, "evaluate", err)
	}
	return payload, nil
}

// SubmitCall submits a transaction, trying it again with back-off while it
// fails to commit for an MVCC or phantom read conflict (another
// transaction changed what this one read). Each try is a new proposal.
func (c *Client) SubmitCall(ctx context.Context, call Call) (*Result, error) {
	return retry(ctx, c.settings.attempts, c.settings.baseDelay, func(ctx context.Context) (*Result, error) {
		return c.submitOnce(ctx, call)
	})
}

func (c *Client) submitOnce(ctx context.Context, call Call) (*Result, error) {
	proposal, err := c.contract.NewProposal(call.Function, call.options()...)
	if err != nil {
		return nil, wrap(call.Function, "proposal", err)
	}
	tx, err := proposal.EndorseWithContext(ctx)
	if err != nil {
		return nil, wrap(call.Function, "endorse", err)
	}
	commit, err := tx.SubmitWithContext(ctx)
	if err != nil {
		return nil, wrap(call.Function, "submit", err)
	}
	status, err := commit.StatusWithContext(ctx)
	if err != nil {
		return nil, wrap(call.Function, "commit status", err)
	}
	if !status.Successful {
		return nil, &CommitError{Function: call.Function, TxID: status.TransactionID, Code: status.Code, Block: status.BlockNumber}
	}
	return &Result{Payload: tx.Result(), TxID: status.TransactionID, Block: status.BlockNumber}, nil
}

// retry runs attempt up to attempts times while it fails with a retryable
// commit error, sleeping base·2^n plus up to 50 % jitter between tries.
func retry(ctx context.Context, attempts int, base time.Duration, attempt func(context.Context) (*Result, error)) (*Result, error) {
	if attempts < 1 {
		attempts = 1
	}
	delay := base
	for n := 1; ; n++ {
		res, err := attempt(ctx)
		if err == nil {
			res.Attempts = n
			return res, nil
		}
		var ce *CommitError
		if !errors.As(err, &ce) || !ce.Retryable() || n >= attempts {
			if ce != nil {
				ce.Attempts = n
			}
			return nil, err
		}
		jitter := time.Duration(rand.Int64N(int64(delay)/2 + 1))
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(delay + jitter):
		}
		delay *= 2
	}
}

// Retryable reports whether committing again may succeed: another
// transaction won a race for the same keys.
func (e *CommitError) Retryable() bool {
	return e.Code == peer.TxValidationCode_MVCC_READ_CONFLICT || e.Code == peer.TxValidationCode_PHANTOM_READ_CONFLICT
}
