// Package batch aggregates many evidence digests into one RFC 6962 Merkle
// tree, so that one ledger transaction anchors them all, and gives each
// digest a receipt: its audit path to the anchored root, verifiable offline
// by anyone (RFC 6962 section 2.1, as in Certificate Transparency,
// OpenTimestamps and Chainpoint).
//
// Leaves and interior nodes are hashed with distinct prefixes (0x00 and
// 0x01, RFC 6962 section 2.1) so that no interior node can be passed off as
// a leaf. The tree arithmetic, proof shapes and verification are those of
// github.com/transparency-dev/merkle.
package batch

import (
	"errors"
	"hash"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/emmansun/gmsm/sm3"
	"github.com/transparency-dev/merkle"
	"github.com/transparency-dev/merkle/rfc6962"
)

// Hasher returns the RFC 6962 tree hasher for a digest algorithm: SHA-256,
// or SM3 (GB/T 32905-2016) with the same prefixes.
func Hasher(algorithm string) (merkle.LogHasher, error) {
	alg, err := api.NormaliseAlgorithm(algorithm)
	if err != nil {
		return nil, errors.New(api.StripCode(err.Error()))
	}
	if alg == api.SM3 {
		return sm3Hasher{}, nil
	}
	return rfc6962.DefaultHasher, nil
}

// sm3Hasher is rfc6962.Hasher over SM3, which crypto.Hash does not list.
type sm3Hasher struct{}

func (sm3Hasher) new() hash.Hash { return sm3.New() }

func (h sm3Hasher) EmptyRoot() []byte { return h.new().Sum(nil) }

func (h sm3Hasher) HashLeaf(leaf []byte) []byte {
	d := h.new()
	d.Write([]byte{rfc6962.RFC6962LeafHashPrefix})
	d.Write(leaf)
	return d.Sum(nil)
}

func (h sm3Hasher) HashChildren(l, r []byte) []byte {
	d := h.new()
	d.Write([]byte{rfc6962.RFC6962NodeHashPrefix})
	d.Write(l)
	d.Write(r)
	return d.Sum(nil)
}

func (sm3Hasher) Size() int { return sm3.Size }
