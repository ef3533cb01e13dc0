package system

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
)

// History lists every committed version of the record under the
// composite key object/attrs (attrs a JSON array of strings), newest
// first, for any contract of this chaincode: auditors check what changed,
// when and in which transaction without trusting the contract that wrote
// it. Public state only: private data is never in it.
func (c *Contract) History(tx *kernel.Tx, object string, attrs string) ([]system.KeyVersion, error) {
	var parts []string
	if err := json.Unmarshal([]byte(attrs), &parts); err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, `attrs must be a JSON array of strings, e.g. ["(2026)J执0A1B2C3D4E号"]: %v`, err)
	}
	key, err := tx.GetStub().CreateCompositeKey(object, parts)
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "key %s %v: %v", api.Short(object), len(parts), err)
	}
	out := []system.KeyVersion{}
	err = kernel.History(tx, key, fmt.Sprintf("%s %v", object, parts), func(m *queryresult.KeyModification) error {
		v := system.KeyVersion{TxID: m.GetTxId(), Timestamp: m.GetTimestamp().AsTime().UTC().Format(time.RFC3339Nano), Deleted: m.GetIsDelete()}
		switch {
		case m.GetIsDelete():
		case json.Valid(m.GetValue()):
			v.Value = m.GetValue()
		default:
			v.Raw = string(m.GetValue())
		}
		out = append(out, v)
		return nil
	})
	return out, err
}
