package audit

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"
)

// PeerLedger is what the consistency check reads from one peer.
type PeerLedger interface {
	ChainInfo(ctx context.Context) (*common.BlockchainInfo, error)
	RawBlock(ctx context.Context, n uint64) ([]byte, error)
}

// PeerRef is one peer to compare; Err says why it could not be reached at
// all (no connection), Ledger is nil then.
type PeerRef struct {
	Org, Peer string
	Ledger    PeerLedger
	Err       error
}

// Peer states in a consistency report.
const (
	Equal       = "equal"
	Divergent   = "divergent"
	Unreachable = "unreachable"
)

// Divergence is a block whose hash on a peer differs from most peers'.
type Divergence struct {
	Block    uint64 `json:"block"`
	Expected string `json:"expected"`
	Found    string `json:"found"`
}

// PeerResult is one peer's standing.
type PeerResult struct {
	Org    string `json:"org"`
	Peer   string `json:"peer"`
	Height uint64 `json:"height"`
	// From is the first block the peer holds: a peer that joined the
	// channel from a snapshot holds none before it, and is compared from
	// there (its later hashes chain back through the ones it lacks).
	From       uint64       `json:"from,omitempty"`
	Status     string       `json:"status"`
	Error      string       `json:"error,omitempty"`
	Divergence []Divergence `json:"divergence,omitempty"`
}

// ConsistencyReport compares the peers' block hashes at the same heights.
type ConsistencyReport struct {
	// Heights are the block numbers compared: spread over the blocks
	// every reachable peer has, the last of them included.
	Heights     []uint64     `json:"heights"`
	Peers       []PeerResult `json:"peers"`
	Divergent   int          `json:"divergent"`
	Unreachable int          `json:"unreachable"`
}

// Consistency reads the header hash of the same blocks from every peer and
// reports each peer as equal, divergent (some block differs from what most
// peers hold) or unreachable — a peer that is down is not a peer that
// disagrees. samples bounds how many heights are compared (at least 1).
func Consistency(ctx context.Context, peers []PeerRef, samples int) *ConsistencyReport {
	r := &ConsistencyReport{Peers: make([]PeerResult, len(peers))}
	var shared uint64
	first := true
	for i, p := range peers {
		res := &r.Peers[i]
		res.Org, res.Peer = p.Org, p.Peer
		if p.Err != nil {
			res.Status, res.Error = Unreachable, p.Err.Error()
			continue
		}
		info, err := p.Ledger.ChainInfo(ctx)
		if err != nil {
			res.Status, res.Error = Unreachable, err.Error()
			continue
		}
		res.Height, res.Status = info.GetHeight(), Equal
		if snap := info.GetBootstrappingSnapshotInfo(); snap != nil {
			res.From = snap.GetLastBlockInSnapshot() + 1
		}
		if first || res.Height < shared {
			shared, first = res.Height, false
		}
	}
	r.Heights = sampleHeights(shared, max(samples, 1))
	hashes := make([]map[uint64]string, len(peers))
	for i, p := range peers {
		if r.Peers[i].Status != Equal {
			continue
		}
		hashes[i] = map[uint64]string{}
		for _, h := range r.Heights {
			if h < r.Peers[i].From {
				continue
			}
			hash, err := blockHash(ctx, p.Ledger, h)
			if err != nil {
				r.Peers[i].Status, r.Peers[i].Error = Unreachable, err.Error()
				break
			}
			hashes[i][h] = hash
		}
	}
	for _, h := range r.Heights {
		want := majority(hashes, r.Peers, h)
		for i := range peers {
			if r.Peers[i].Status == Unreachable || h < r.Peers[i].From {
				continue
			}
			if got := hashes[i][h]; got != want {
				r.Peers[i].Status = Divergent
				r.Peers[i].Divergence = append(r.Peers[i].Divergence, Divergence{Block: h, Expected: want, Found: got})
			}
		}
	}
	for _, p := range r.Peers {
		switch p.Status {
		case Divergent:
			r.Divergent++
		case Unreachable:
			r.Unreachable++
		}
	}
	return r
}

// sampleHeights spreads n heights over 0..height-1, always with the last.
func sampleHeights(height uint64, n int) []uint64 {
	if height == 0 {
		return nil
	}
	if uint64(n) >= height {
		out := make([]uint64, height)
		for i := range out {
			out[i] = uint64(i)
		}
		return out
	}
	out := make([]uint64, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, uint64(i)*(height-1)/uint64(n-1))
	}
	return slices.Compact(out)
}

func blockHash(ctx context.Context, l PeerLedger, n uint64) (string, error) {
	raw, err := l.RawBlock(ctx, n)
	if err != nil {
		return "", err
	}
	var b common.Block
	if err := proto.Unmarshal(raw, &b); err != nil {
		return "", fmt.Errorf("block %d is unreadable: %w", n, err)
	}
	if b.GetHeader().GetNumber() != n {
		return "", fmt.Errorf("asked for block %d, got block %d", n, b.GetHeader().GetNumber())
	}
	return hex.EncodeToString(HeaderHash(b.GetHeader())), nil
}

// majority is the hash most reachable peers hold for block h; a tie goes
// to the hash that sorts first, so the report does not depend on the
// order of the peers.
func majority(hashes []map[uint64]string, peers []PeerResult, h uint64) string {
	counts := map[string]int{}
	for i := range peers {
		if peers[i].Status != Unreachable && hashes[i] != nil && h >= peers[i].From {
			counts[hashes[i][h]]++
		}
	}
	best, n := "", 0
	for hash, c := range counts {
		if c > n || (c == n && hash < best) {
			best, n = hash, c
		}
	}
	return best
}
