package batch

import (
	"fmt"

	"github.com/transparency-dev/merkle"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
)

// Tree is a complete Merkle tree over a batch of digests, kept in memory so
// that every item's audit path can be read off it.
type Tree struct {
	hasher merkle.LogHasher
	// levels[l][i] is the hash of the perfect subtree at level l, index i:
	// the nodes a compact range visits, which are all a proof ever needs.
	levels [][][]byte
	size   uint64
	root   []byte
}

// Build hashes each digest as a leaf and the tree above them.
func Build(hasher merkle.LogHasher, digests [][]byte) (*Tree, error) {
	if len(digests) == 0 {
		return nil, fmt.Errorf("a batch needs at least one digest")
	}
	t := &Tree{hasher: hasher, size: uint64(len(digests))}
	visit := func(id compact.NodeID, h []byte) {
		for uint(len(t.levels)) <= id.Level {
			t.levels = append(t.levels, make([][]byte, 0, len(digests)>>len(t.levels)))
		}
		level := t.levels[id.Level]
		if uint64(len(level)) != id.Index {
			// compact.Range visits each level left to right; anything else is a bug.
			panic(fmt.Sprintf("merkle node %d at level %d visited out of order", id.Index, id.Level))
		}
		t.levels[id.Level] = append(level, h)
	}
	rf := compact.RangeFactory{Hash: hasher.HashChildren}
	r := rf.NewEmptyRange(0)
	for _, d := range digests {
		if err := r.Append(hasher.HashLeaf(d), visit); err != nil {
			return nil, err
		}
	}
	root, err := r.GetRootHash(nil)
	if err != nil {
		return nil, err
	}
	t.root = root
	return t, nil
}

// Root is the tree head that gets anchored.
func (t *Tree) Root() []byte { return t.root }

// Size is the number of leaves.
func (t *Tree) Size() uint64 { return t.size }

// LeafHash is the hash of leaf i.
func (t *Tree) LeafHash(i uint64) []byte { return t.levels[0][i] }

// AuditPath is leaf i's inclusion proof (RFC 6962 section 2.1.1).
func (t *Tree) AuditPath(i uint64) ([][]byte, error) {
	nodes, err := proof.Inclusion(i, t.size)
	if err != nil {
		return nil, err
	}
	hashes := make([][]byte, len(nodes.IDs))
	for j, id := range nodes.IDs {
		if id.Level >= uint(len(t.levels)) || id.Index >= uint64(len(t.levels[id.Level])) {
			return nil, fmt.Errorf("merkle node %d at level %d is not in the tree", id.Index, id.Level)
		}
		hashes[j] = t.levels[id.Level][id.Index]
	}
	// Nodes of a subtree that is not yet perfect ("ephemeral") are rehashed
	// into the single node a proof carries.
	return nodes.Rehash(hashes, t.hasher.HashChildren)
}
