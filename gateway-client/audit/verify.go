package audit

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
)

// Checks a ChainError can name.
const (
	CheckDataHash     = "data hash"
	CheckPreviousHash = "previous hash"
	CheckOrder        = "order"  // the number went backwards or repeated
	CheckNumber       = "number" // the number skipped ahead: blocks are missing
)

// ChainError is the first broken link: which block, which check, what was
// expected and what was found (hex for hashes, decimal for numbers).
type ChainError struct {
	Block    uint64
	Check    string
	Expected string
	Found    string
}

func (e *ChainError) Error() string {
	switch e.Check {
	case CheckDataHash:
		return fmt.Sprintf("block %d: data hash is %s (computed from its transactions), expected %s (recorded in its header): its transactions were altered",
			e.Block, orNone(e.Found), orNone(e.Expected))
	case CheckPreviousHash:
		if e.Block == 0 {
			return fmt.Sprintf("block 0: previous hash is %s, expected %s (the genesis block has no predecessor)",
				orNone(e.Found), orNone(e.Expected))
		}
		return fmt.Sprintf("block %d: previous hash is %s, expected %s (the hash of block %d)",
			e.Block, orNone(e.Found), orNone(e.Expected), e.Block-1)
	case CheckOrder:
		return fmt.Sprintf("block %s arrived where block %s was expected: blocks are out of order or repeated", e.Found, e.Expected)
	case CheckNumber:
		return fmt.Sprintf("block %s arrived where block %s was expected: blocks are missing or out of order", e.Found, e.Expected)
	}
	return fmt.Sprintf("block %d: %s is %s, expected %s", e.Block, e.Check, e.Found, e.Expected)
}

func orNone(hash string) string {
	if hash == "" {
		return "empty"
	}
	return hash
}

// Verifier checks blocks handed to it in ascending order. The first block is
// taken as given (its own data hash is still checked, and a block 0 must not
// link anywhere) unless Expect anchors it.
type Verifier struct {
	linked   bool // next and prev describe the block that must come next
	next     uint64
	prev     []byte
	checked  int
	lastNum  uint64
	lastHash []byte
}

// NewVerifier returns a Verifier that has seen no block.
func NewVerifier() *Verifier { return &Verifier{} }

// Expect anchors the next block: it must be block number and link to
// previousHash, the trusted hash of block number-1. This resumes a check
// without re-reading the blocks before it.
func (v *Verifier) Expect(number uint64, previousHash []byte) {
	v.linked = true
	v.next = number
	v.prev = bytes.Clone(previousHash)
}

// Add checks the next block. On a broken link it returns a *ChainError and
// does not accept the block, so the Verifier still expects the block it
// expected before.
func (v *Verifier) Add(b *common.Block) error {
	h := b.GetHeader()
	if h == nil {
		return errors.New("block has no header")
	}
	n := h.GetNumber()
	if v.linked && n != v.next {
		check := CheckNumber
		if n < v.next {
			check = CheckOrder
		}
		return &ChainError{Block: n, Check: check,
			Expected: strconv.FormatUint(v.next, 10), Found: strconv.FormatUint(n, 10)}
	}
	if data := DataHash(b.GetData()); !bytes.Equal(data, h.GetDataHash()) {
		return &ChainError{Block: n, Check: CheckDataHash,
			Expected: hex.EncodeToString(h.GetDataHash()), Found: hex.EncodeToString(data)}
	}
	// A first block taken as given has nothing to link to, unless it is the
	// genesis block, which must link to nothing.
	if mustLink := v.linked || n == 0; mustLink && !bytes.Equal(h.GetPreviousHash(), v.prev) {
		return &ChainError{Block: n, Check: CheckPreviousHash,
			Expected: hex.EncodeToString(v.prev), Found: hex.EncodeToString(h.GetPreviousHash())}
	}
	v.linked = true
	v.next = n + 1
	v.prev = HeaderHash(h)
	v.checked++
	v.lastNum, v.lastHash = n, v.prev
	return nil
}

// Checked is how many blocks passed.
func (v *Verifier) Checked() int { return v.checked }

// Last is the number and header hash of the last block that passed.
func (v *Verifier) Last() (number uint64, hash []byte, ok bool) {
	if v.checked == 0 {
		return 0, nil, false
	}
	return v.lastNum, bytes.Clone(v.lastHash), true
}

// BlockReader is what VerifyRange reads from a peer: one block, and a range
// of blocks in ascending order (gateway.Client is one).
type BlockReader interface {
	Block(ctx context.Context, n uint64) (*common.Block, error)
	Blocks(ctx context.Context, from, to uint64, fn func(*common.Block) error) error
}

// VerifyRange checks blocks first to last as r serves them, and the link
// into the range too: block first must link to the header of the block
// before it. The Verifier returned says how many blocks passed and which
// was the last.
func VerifyRange(ctx context.Context, r BlockReader, first, last uint64) (*Verifier, error) {
	v := NewVerifier()
	if first > 0 {
		prev, err := r.Block(ctx, first-1)
		if err != nil {
			return nil, err
		}
		v.Expect(first, HeaderHash(prev.GetHeader()))
	}
	if err := r.Blocks(ctx, first, last, v.Add); err != nil {
		return nil, err
	}
	return v, nil
}
