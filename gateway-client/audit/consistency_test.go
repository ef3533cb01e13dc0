package audit_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
)

// fakeLedger serves a chain of blocks, as a peer at that height would.
type fakeLedger struct {
	blocks []*common.Block
	fail   error
	// snapshot is the last block of the snapshot the peer joined from
	// (0: it joined from the genesis block).
	snapshot uint64
}

func (f *fakeLedger) ChainInfo(context.Context) (*common.BlockchainInfo, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	info := &common.BlockchainInfo{Height: uint64(len(f.blocks))}
	if f.snapshot > 0 {
		info.BootstrappingSnapshotInfo = &common.BootstrappingSnapshotInfo{LastBlockInSnapshot: f.snapshot}
	}
	return info, nil
}

func (f *fakeLedger) RawBlock(_ context.Context, n uint64) ([]byte, error) {
	if n >= uint64(len(f.blocks)) {
		return nil, fmt.Errorf("block %d is beyond the ledger", n)
	}
	if f.snapshot > 0 && n <= f.snapshot {
		return nil, fmt.Errorf("block %d is before the snapshot this peer joined from", n)
	}
	return proto.Marshal(f.blocks[n])
}

func TestConsistencyTellsDivergentFromUnreachable(t *testing.T) {
	chain := buildChain(t, 30)
	forked := append([]*common.Block(nil), chain[:20]...)
	fork := proto.Clone(chain[20]).(*common.Block)
	fork.Header.DataHash = []byte("another history from block 20 on")
	forked = append(forked, fork)
	for _, b := range chain[21:] {
		forked = append(forked, b)
	}
	peers := []audit.PeerRef{
		{Org: "CourtMSP", Peer: "peer0.court", Ledger: &fakeLedger{blocks: chain}},
		{Org: "CourtMSP", Peer: "peer1.court", Ledger: &fakeLedger{blocks: chain[:28]}}, // behind: compared up to its height
		{Org: "MediationMSP", Peer: "peer0.mediation", Ledger: &fakeLedger{blocks: forked}},
		{Org: "CreditMSP", Peer: "peer0.credit", Ledger: &fakeLedger{fail: errors.New("connection refused")}},
		{Org: "AuditMSP", Peer: "peer0.audit", Err: errors.New("no identity auditor")},
	}
	r := audit.Consistency(context.Background(), peers, 30)
	require.Len(t, r.Heights, 28, "every block the reachable peers share")
	require.Equal(t, 1, r.Divergent)
	require.Equal(t, 2, r.Unreachable)
	status := map[string]audit.PeerResult{}
	for _, p := range r.Peers {
		status[p.Peer] = p
	}
	require.Equal(t, audit.Equal, status["peer0.court"].Status)
	require.Equal(t, audit.Equal, status["peer1.court"].Status)
	require.Equal(t, audit.Divergent, status["peer0.mediation"].Status)
	require.EqualValues(t, 20, status["peer0.mediation"].Divergence[0].Block, "where the fork starts")
	require.Len(t, status["peer0.mediation"].Divergence, 1, "the fake keeps the later headers as they were")
	require.Equal(t, audit.Unreachable, status["peer0.credit"].Status)
	require.Contains(t, status["peer0.credit"].Error, "connection refused")
	require.Equal(t, audit.Unreachable, status["peer0.audit"].Status)

	few := audit.Consistency(context.Background(), peers[:2], 4)
	require.Equal(t, []uint64{0, 9, 18, 27}, few.Heights, "spread, with the last common block")
	require.Zero(t, few.Divergent)
}

// A peer that joined from a snapshot holds no block before it: it is
// compared on the blocks it holds, and a fork after the snapshot is
// still found.
func TestConsistencyOfAPeerJoinedFromASnapshot(t *testing.T) {
	chain := buildChain(t, 30)
	fork := append([]*common.Block(nil), chain...)
	changed := proto.Clone(chain[25]).(*common.Block)
	changed.Header.DataHash = []byte("another block 25")
	fork[25] = changed
	peers := []audit.PeerRef{
		{Org: "CourtMSP", Peer: "peer0.court", Ledger: &fakeLedger{blocks: chain}},
		{Org: "CourtMSP", Peer: "peer2.court", Ledger: &fakeLedger{blocks: chain, snapshot: 19}},
		{Org: "CreditMSP", Peer: "peer0.credit", Ledger: &fakeLedger{blocks: chain}},
	}
	r := audit.Consistency(context.Background(), peers, 30)
	require.Zero(t, r.Divergent+r.Unreachable, "%+v", r.Peers)
	require.EqualValues(t, 20, r.Peers[1].From)

	peers[1].Ledger = &fakeLedger{blocks: fork, snapshot: 19}
	r = audit.Consistency(context.Background(), peers, 30)
	require.Equal(t, audit.Divergent, r.Peers[1].Status)
	require.EqualValues(t, 25, r.Peers[1].Divergence[0].Block)
}
