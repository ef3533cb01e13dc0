package judicial

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"
)

// BlockOfTransaction finds the block that holds a transaction, through the
// peer's query system chaincode (qscc): the chaincode cannot know the block
// its own transaction lands in.
func (c *Client) BlockOfTransaction(ctx context.Context, txID string) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, c.settings.timeouts.evaluate)
	defer cancel()
	data, err := c.network.GetContract("qscc").EvaluateWithContext(ctx, "GetBlockByTxID",
		client.WithArguments(c.settings.channel, txID))
	if err != nil {
		return 0, c.locate(wrap("qscc:GetBlockByTxID", "evaluate", err))
	}
	var block common.Block
	if err := proto.Unmarshal(data, &block); err != nil {
		return 0, fmt.Errorf("block of transaction %s: %w", txID, err)
	}
	return block.GetHeader().GetNumber(), nil
}

// Height is the gateway peer's block height on the channel (qscc
// GetChainInfo): a transaction in block n is visible on the peer once its
// height exceeds n.
func (c *Client) Height(ctx context.Context) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, c.settings.timeouts.evaluate)
	defer cancel()
	data, err := c.network.GetContract("qscc").EvaluateWithContext(ctx, "GetChainInfo",
		client.WithArguments(c.settings.channel))
	if err != nil {
		return 0, c.locate(wrap("qscc:GetChainInfo", "evaluate", err))
	}
	var info common.BlockchainInfo
	if err := proto.Unmarshal(data, &info); err != nil {
		return 0, fmt.Errorf("chain info of %s: %w", c.peer.Name, err)
	}
	return info.GetHeight(), nil
}

// RawBlock reads block number n as the peer stores it (a marshalled
// common.Block), through qscc: what an auditor searches or verifies.
func (c *Client) RawBlock(ctx context.Context, n uint64) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.settings.timeouts.evaluate)
	defer cancel()
	data, err := c.network.GetContract("qscc").EvaluateWithContext(ctx, "GetBlockByNumber",
		client.WithArguments(c.settings.channel, strconv.FormatUint(n, 10)))
	if err != nil {
		return nil, c.locate(wrap("qscc:GetBlockByNumber", "evaluate", err))
	}
	return data, nil
}
