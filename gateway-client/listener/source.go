package listener

import (
	"context"

	"github.com/hyperledger/fabric-gateway/pkg/client"
)

// Source opens a stream of the chaincode's events at a checkpoint: from
// its block, after its transaction. The channel closes when ctx ends or
// the stream breaks; fabric-gateway does not say why, so a closed channel
// is all the listener learns of a lost peer.
type Source interface {
	Events(ctx context.Context, from Checkpoint) (<-chan *client.ChaincodeEvent, error)
}

// Chaincode is the source of a chaincode's events through a gateway.
// network is called at each connection, so a client that fails over to
// another gateway peer hands the listener the one it uses now.
func Chaincode(network func() *client.Network, chaincode string) Source {
	return gatewaySource{network: network, chaincode: chaincode}
}

type gatewaySource struct {
	network   func() *client.Network
	chaincode string
}

func (s gatewaySource) Events(ctx context.Context, from Checkpoint) (<-chan *client.ChaincodeEvent, error) {
	// A checkpoint without a transaction is the start of its block, which
	// is how a new checkpoint starts at block 0 too (fabric-gateway
	// ignores a zero checkpoint and would start at the next block).
	opts := []client.ChaincodeEventsOption{client.WithStartBlock(from.Block)}
	if from.TxID != "" {
		opts = append(opts, client.WithCheckpoint(from))
	}
	return s.network().ChaincodeEvents(ctx, s.chaincode, opts...)
}
