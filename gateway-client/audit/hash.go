package audit

import (
	"crypto/sha256"
	"encoding/asn1"
	"fmt"
	"math/big"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
)

// asn1Header is how Fabric v2 (protoutil.BlockHeaderBytes) serialises a
// header for hashing: DER rather than protobuf, so the hash does not depend
// on a protobuf encoder's choices.
type asn1Header struct {
	Number       *big.Int
	PreviousHash []byte
	DataHash     []byte
}

// HeaderHash is the hash by which the next block refers to this one.
func HeaderHash(h *common.BlockHeader) []byte {
	sum := sha256.Sum256(HeaderBytes(h))
	return sum[:]
}

// HeaderBytes is the header as Fabric hashes it, and as the ordering
// service signs it (with the signature's metadata and header before it).
func HeaderBytes(h *common.BlockHeader) []byte {
	der, err := asn1.Marshal(asn1Header{
		Number:       new(big.Int).SetUint64(h.GetNumber()),
		PreviousHash: h.GetPreviousHash(),
		DataHash:     h.GetDataHash(),
	})
	if err != nil {
		// Only types asn1 cannot encode fail, and these are fixed above.
		panic(fmt.Sprintf("audit: encoding a block header: %v", err))
	}
	return der
}

// DataHash is what a block's header must record as its DataHash: the
// SHA-256 of the envelopes concatenated (protoutil.ComputeBlockDataHash),
// streamed rather than joined so a large block is not copied.
func DataHash(d *common.BlockData) []byte {
	h := sha256.New()
	for _, env := range d.GetData() {
		h.Write(env)
	}
	return h.Sum(nil)
}
