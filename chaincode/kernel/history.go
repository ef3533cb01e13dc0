package kernel

import (
	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
)

// MaxVersions bounds one history read: a record changed more often than
// that is read from a block export instead.
const MaxVersions = 1000

// History passes every committed version of key to fn, newest first, as
// the peer returns them. It refuses a record with more than MaxVersions
// versions rather than read without bound, and one that has none.
func History(t *Tx, key, what string, fn func(*queryresult.KeyModification) error) error {
	it, err := t.GetStub().GetHistoryForKey(key)
	if err != nil {
		return Errorf(api.CodeCorrupt, "reading the history of %s: %v", what, err)
	}
	defer it.Close()
	n := 0
	for ; it.HasNext(); n++ {
		if n == MaxVersions {
			return Errorf(api.CodeLimit, "%s has more than %d versions; read it from a block export", what, MaxVersions)
		}
		m, err := it.Next()
		if err != nil {
			return Errorf(api.CodeCorrupt, "reading the history of %s: %v", what, err)
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	if n == 0 {
		return Errorf(api.CodeNotFound, "%s is not on the ledger", what)
	}
	return nil
}
