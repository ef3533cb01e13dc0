package system

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// maxVersions bounds one history read: a record changed more often than
// that is read in the block export instead.
const maxVersions = 1000

// KeyVersion is one committed version of any record.
type KeyVersion struct {
	TxID      string          `json:"txId"`
	Timestamp string          `json:"timestamp"`
	Deleted   bool            `json:"deleted"`
	Value     json.RawMessage `json:"value,omitempty" metadata:",optional"`
	// Raw holds a value that is not JSON (an index entry, a counter).
	Raw string `json:"raw,omitempty" metadata:",optional"`
}

// History lists every committed version of the record under the
// composite key object/attrs (attrs a JSON array of strings), newest
// first, for any contract of this chaincode: auditors check what changed,
// when and in which transaction without trusting the contract that wrote
// it. Public state only: private data is never in it. Auditors and judges.
func (c *Contract) History(ctx contractapi.TransactionContextInterface, object string, attrs string) ([]KeyVersion, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":History", access.Auditor, access.Judge); err != nil {
		return nil, err
	}
	var parts []string
	if err := json.Unmarshal([]byte(attrs), &parts); err != nil {
		return nil, fmt.Errorf(`attrs must be a JSON array of strings, e.g. ["(2026)J执0A1B2C3D4E号"]: %w`, err)
	}
	key, err := ctx.GetStub().CreateCompositeKey(object, parts)
	if err != nil {
		return nil, fmt.Errorf("key %s %v: %w", object, parts, err)
	}
	it, err := ctx.GetStub().GetHistoryForKey(key)
	if err != nil {
		return nil, fmt.Errorf("reading the history of %s %v: %w", object, parts, err)
	}
	defer it.Close()
	out := []KeyVersion{}
	for it.HasNext() {
		if len(out) == maxVersions {
			return nil, fmt.Errorf("%s %v has more than %d versions; read it from a block export", object, parts, maxVersions)
		}
		m, err := it.Next()
		if err != nil {
			return nil, err
		}
		v := KeyVersion{TxID: m.GetTxId(), Timestamp: m.GetTimestamp().AsTime().UTC().Format(time.RFC3339Nano), Deleted: m.GetIsDelete()}
		switch {
		case m.GetIsDelete():
		case json.Valid(m.GetValue()):
			v.Value = m.GetValue()
		default:
			v.Raw = string(m.GetValue())
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s %v has never been written", object, parts)
	}
	return out, nil
}
