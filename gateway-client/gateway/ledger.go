package gateway

import (
	"context"
	"errors"
	"fmt"
	"github.com/courtchain/judicial/chaincode/api"
	"strconv"
	"strings"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"
)

// The ledger itself is read through the peer's query system chaincode
// (qscc) and its block event service: the judicial chaincode cannot know
// the block its own transaction lands in, and auditors must not have to
// trust it to read blocks.

// qscc evaluates a query system chaincode function.
func (c *Client) qscc(ctx context.Context, function string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.settings.timeouts.evaluate)
	defer cancel()
	data, err := c.network.GetContract("qscc").EvaluateWithContext(ctx, function,
		client.WithArguments(append([]string{c.settings.channel}, args...)...))
	if err != nil {
		return nil, c.locate(wrap(api.Function("qscc:"+function), "evaluate", err))
	}
	return data, nil
}

// ErrNotFound is matched (errors.Is) by a transaction or block the peer
// does not have.
var ErrNotFound = errors.New("not on the ledger")

// BlockByTxID reads the block that holds a transaction.
func (c *Client) BlockByTxID(ctx context.Context, txID string) (*common.Block, error) {
	data, err := c.qscc(ctx, "GetBlockByTxID", txID)
	if err != nil {
		if strings.Contains(err.Error(), "no such transaction ID") {
			return nil, fmt.Errorf("transaction %s is %w of channel %s (peer %s)", txID, ErrNotFound, c.settings.channel, c.peer.Name)
		}
		return nil, err
	}
	return unmarshalBlock(data)
}

// BlockOfTransaction finds the number of the block that holds a transaction.
func (c *Client) BlockOfTransaction(ctx context.Context, txID string) (uint64, error) {
	b, err := c.BlockByTxID(ctx, txID)
	if err != nil {
		return 0, err
	}
	return b.GetHeader().GetNumber(), nil
}

// ChainInfo is the peer's height and the hashes of its last two blocks.
func (c *Client) ChainInfo(ctx context.Context) (*common.BlockchainInfo, error) {
	data, err := c.qscc(ctx, "GetChainInfo")
	if err != nil {
		return nil, err
	}
	var info common.BlockchainInfo
	if err := proto.Unmarshal(data, &info); err != nil {
		return nil, fmt.Errorf("chain info of %s: %w", c.peer.Name, err)
	}
	return &info, nil
}

// Height is the gateway peer's block height on the channel: a
// transaction in block n is visible on the peer once its height exceeds n.
func (c *Client) Height(ctx context.Context) (uint64, error) {
	info, err := c.ChainInfo(ctx)
	if err != nil {
		return 0, err
	}
	return info.GetHeight(), nil
}

// RawBlock reads block number n as the peer stores it (a marshalled
// common.Block): what an auditor searches or verifies.
func (c *Client) RawBlock(ctx context.Context, n uint64) ([]byte, error) {
	if err := c.checkHeight(ctx, n); err != nil {
		return nil, err
	}
	return c.qscc(ctx, "GetBlockByNumber", strconv.FormatUint(n, 10))
}

// Block reads block number n.
func (c *Client) Block(ctx context.Context, n uint64) (*common.Block, error) {
	data, err := c.RawBlock(ctx, n)
	if err != nil {
		return nil, err
	}
	return unmarshalBlock(data)
}

// checkHeight refuses a block beyond the peer's ledger with the range it has.
func (c *Client) checkHeight(ctx context.Context, n uint64) error {
	h, err := c.Height(ctx)
	if err != nil {
		return err
	}
	if n >= h {
		return fmt.Errorf("block %d is beyond the ledger: peer %s has blocks 0 to %d of channel %s: %w", n, c.peer.Name, h-1, c.settings.channel, ErrNotFound)
	}
	return nil
}

// Blocks streams blocks from to to (inclusive) through the peer's block
// event service, in order, to fn; it stops at the first error fn returns.
func (c *Client) Blocks(ctx context.Context, from, to uint64, fn func(*common.Block) error) error {
	if from > to {
		return fmt.Errorf("the range %d to %d is empty", from, to)
	}
	if err := c.checkHeight(ctx, to); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	blocks, err := c.network.BlockEvents(ctx, client.WithStartBlock(from))
	if err != nil {
		return c.locate(wrap("deliver", "block events", err))
	}
	next := from
	for b := range blocks {
		if n := b.GetHeader().GetNumber(); n != next {
			return fmt.Errorf("peer %s delivered block %d where block %d was due", c.peer.Name, n, next)
		}
		if err := fn(b); err != nil {
			return err
		}
		if next == to {
			return nil
		}
		next++
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return fmt.Errorf("peer %s stopped delivering blocks at block %d", c.peer.Name, next)
}

func unmarshalBlock(data []byte) (*common.Block, error) {
	var b common.Block
	if err := proto.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("reading a block: %w", err)
	}
	return &b, nil
}
