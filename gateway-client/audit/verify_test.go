package audit_test

import (
	"context"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
)

// chain50 is built once: tests tamper with copies.
var chain50 []*common.Block

func chain(t *testing.T) []*common.Block {
	t.Helper()
	if chain50 == nil {
		chain50 = buildChain(t, 50)
	}
	out := make([]*common.Block, len(chain50))
	for i, b := range chain50 {
		out[i] = proto.Clone(b).(*common.Block)
	}
	return out
}

func verify(blocks []*common.Block) (*audit.Verifier, error) {
	v := audit.NewVerifier()
	for _, b := range blocks {
		if err := v.Add(b); err != nil {
			return v, err
		}
	}
	return v, nil
}

func requireChainError(t *testing.T, err error, block uint64, check string) *audit.ChainError {
	t.Helper()
	var ce *audit.ChainError
	require.True(t, errors.As(err, &ce), "want a *ChainError, got %v", err)
	require.Equal(t, block, ce.Block, ce.Error())
	require.Equal(t, check, ce.Check, ce.Error())
	return ce
}

func hexOf(b []byte) string { return hex.EncodeToString(b) }

func TestVerifierIntactChain(t *testing.T) {
	blocks := chain(t)
	v, err := verify(blocks)
	require.NoError(t, err)
	require.Equal(t, 50, v.Checked())
	n, hash, ok := v.Last()
	require.True(t, ok)
	require.Equal(t, uint64(49), n)
	require.Equal(t, audit.HeaderHash(blocks[49].Header), hash)
}

func TestVerifierNothingChecked(t *testing.T) {
	_, _, ok := audit.NewVerifier().Last()
	require.False(t, ok)
}

func TestVerifierCatchesEditedWrite(t *testing.T) {
	blocks := chain(t)
	blocks[20].Data.Data[0] = editWrite(t, blocks[20].Data.Data[0], []byte(`{"status":"REVOKED"}`))

	v, err := verify(blocks)
	ce := requireChainError(t, err, 20, audit.CheckDataHash)
	require.Equal(t, hexOf(blocks[20].Header.DataHash), ce.Expected)
	require.Equal(t, hexOf(audit.DataHash(blocks[20].Data)), ce.Found)
	require.ErrorContains(t, err, "block 20: data hash is "+ce.Found+" (computed from its transactions), expected "+ce.Expected)
	require.Equal(t, 20, v.Checked())

	// A refused block is not accepted: the genuine one still fits.
	require.NoError(t, v.Add(chain50[20]))
}

func TestVerifierCatchesDroppedTransaction(t *testing.T) {
	blocks := chain(t)
	require.Len(t, blocks[20].Data.Data, 3)
	blocks[20].Data.Data = append(blocks[20].Data.Data[:1], blocks[20].Data.Data[2:]...)
	_, err := verify(blocks)
	requireChainError(t, err, 20, audit.CheckDataHash)
}

func TestVerifierCatchesSwappedBlocks(t *testing.T) {
	blocks := chain(t)
	blocks[20], blocks[21] = blocks[21], blocks[20]
	_, err := verify(blocks)
	ce := requireChainError(t, err, 21, audit.CheckNumber)
	require.Equal(t, "20", ce.Expected)
	require.Equal(t, "21", ce.Found)
	require.EqualError(t, err, "block 21 arrived where block 20 was expected: blocks are missing or out of order")

	repeated := append(chain(t)[:21], chain50[19])
	_, err = verify(repeated)
	requireChainError(t, err, 19, audit.CheckOrder)
	require.ErrorContains(t, err, "block 19 arrived where block 21 was expected: blocks are out of order or repeated")
}

func TestVerifierCatchesChangedPreviousHash(t *testing.T) {
	blocks := chain(t)
	blocks[30].Header.PreviousHash = audit.HeaderHash(blocks[28].Header)
	_, err := verify(blocks)
	ce := requireChainError(t, err, 30, audit.CheckPreviousHash)
	require.Equal(t, hexOf(audit.HeaderHash(blocks[29].Header)), ce.Expected)
	require.EqualError(t, err, "block 30: previous hash is "+ce.Found+", expected "+ce.Expected+" (the hash of block 29)")
}

func TestVerifierConsistentForgeryBreaksNextLink(t *testing.T) {
	blocks := chain(t)
	// The forger fixes block 20's data hash, so block 20 checks out alone;
	// its header hash changes, and block 21 still names the genuine one.
	blocks[20].Data.Data[0] = editWrite(t, blocks[20].Data.Data[0], []byte(`{"status":"REVOKED"}`))
	blocks[20].Header.DataHash = audit.DataHash(blocks[20].Data)
	_, err := verify(blocks)
	ce := requireChainError(t, err, 21, audit.CheckPreviousHash)
	require.Equal(t, hexOf(audit.HeaderHash(blocks[20].Header)), ce.Expected)
	require.Equal(t, hexOf(audit.HeaderHash(chain50[20].Header)), ce.Found)
}

func TestVerifierGenesisLinksNowhere(t *testing.T) {
	g := genesis(t)
	g.Header.PreviousHash = []byte{1, 2, 3}
	err := audit.NewVerifier().Add(g)
	requireChainError(t, err, 0, audit.CheckPreviousHash)
	require.EqualError(t, err, "block 0: previous hash is 010203, expected empty (the genesis block has no predecessor)")
}

func TestVerifierFirstBlockTakenAsGiven(t *testing.T) {
	blocks := chain(t)
	v, err := verify(blocks[10:])
	require.NoError(t, err)
	require.Equal(t, 40, v.Checked())

	// Its own data hash still counts.
	blocks[10].Data.Data = blocks[10].Data.Data[1:]
	_, err = verify(blocks[10:])
	requireChainError(t, err, 10, audit.CheckDataHash)
}

func TestVerifierExpectResumes(t *testing.T) {
	blocks := chain(t)
	anchor := audit.HeaderHash(blocks[24].Header)

	v := audit.NewVerifier()
	v.Expect(25, anchor)
	for _, b := range blocks[25:] {
		require.NoError(t, v.Add(b))
	}
	require.Equal(t, 25, v.Checked())

	v = audit.NewVerifier()
	v.Expect(25, audit.HeaderHash(blocks[23].Header))
	requireChainError(t, v.Add(blocks[25]), 25, audit.CheckPreviousHash)

	v = audit.NewVerifier()
	v.Expect(25, anchor)
	requireChainError(t, v.Add(blocks[26]), 26, audit.CheckNumber)
}

func TestVerifierRejectsHeaderlessBlock(t *testing.T) {
	require.ErrorContains(t, audit.NewVerifier().Add(&common.Block{}), "block has no header")
}

// servedChain serves blocks as a peer does, one or a range.
type servedChain []*common.Block

func (c servedChain) Block(_ context.Context, n uint64) (*common.Block, error) { return c[n], nil }

func (c servedChain) Blocks(_ context.Context, from, to uint64, fn func(*common.Block) error) error {
	for _, b := range c[from : to+1] {
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}

func TestVerifyRangeChecksTheLinkIntoTheRange(t *testing.T) {
	blocks := chain(t)
	v, err := audit.VerifyRange(context.Background(), servedChain(blocks), 20, 29)
	require.NoError(t, err)
	require.Equal(t, 10, v.Checked())
	n, hash, _ := v.Last()
	require.Equal(t, uint64(29), n)
	require.Equal(t, audit.HeaderHash(blocks[29].Header), hash)

	// Block 19 rewritten with a consistent header: block 20 no longer links to it.
	blocks[19].Header.DataHash = audit.DataHash(&common.BlockData{})
	_, err = audit.VerifyRange(context.Background(), servedChain(blocks), 20, 29)
	requireChainError(t, err, 20, audit.CheckPreviousHash)

	v, err = audit.VerifyRange(context.Background(), servedChain(blocks), 0, 5)
	require.NoError(t, err, "from block 0 there is no link into the range to check")
	require.Equal(t, 6, v.Checked())
}
