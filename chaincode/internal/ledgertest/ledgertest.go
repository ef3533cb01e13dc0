// Package ledgertest wires the generated shim fakes to an in-memory world
// state, so contract unit tests can run transactions as a given caller:
// the one harness every contract test uses.
//
// A call goes where a peer's proposal goes: through contractapi's
// dispatcher, the transaction boundary's hooks and the serializer the
// chaincode server uses, as an identity with a real X.509 certificate
// carrying its role the way a Fabric CA writes it. Like a peer, a
// transaction reads the committed state and its writes are kept apart
// until Commit; Run commits only the transactions that succeeded, so a
// failed one leaves no trace. The chaincode server's clock
// (kernel.ServerClock) follows the ledger's time, ServerSkew away from it.
package ledgertest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/internal/mocks"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/courtchain/judicial/chaincode/serve"
	"github.com/hyperledger/fabric-chaincode-go/v2/pkg/cid"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Ledger is a world state with the history of every key.
type Ledger struct {
	State map[string][]byte
	// Policies are the keys' endorsement policies (validation parameters).
	Policies map[string][]byte
	// Private holds each collection's private data, as a member peer does.
	Private map[string]map[string][]byte
	// Purged lists collection/key of private data purged, in order.
	Purged  []string
	history map[string][]*queryresult.KeyModification
	txs     int
	// Now is the timestamp of the next transactions.
	Now time.Time
	// ServerSkew is how far the chaincode server's clock is from Now: a
	// proposal that lies about its time.
	ServerSkew time.Duration
	// Channel is the channel the transactions run on.
	Channel string
	// cc is the chaincode the calls go to: the contracts under test.
	cc *contractapi.ContractChaincode
}

var ledgers atomic.Int64

// New returns an empty ledger served by a chaincode of the contracts
// under test, whose clock starts at a fixed time, and makes the chaincode
// server's clock follow it.
func New(contracts ...contractapi.ContractInterface) *Ledger {
	l := &Ledger{
		State:    map[string][]byte{},
		Policies: map[string][]byte{},
		Private:  map[string]map[string][]byte{},
		history:  map[string][]*queryresult.KeyModification{},
		Now:      time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC),
		// A channel of its own, so that what a chaincode process caches
		// per channel (the time window, the pseudonym key) is the
		// ledger's own.
		Channel: fmt.Sprintf("judicial-%d", ledgers.Add(1)),
	}
	if len(contracts) > 0 {
		l.cc = chaincode(contracts)
	}
	kernel.ServerClock = func() time.Time { return l.Now.Add(l.ServerSkew) }
	return l
}

// chaincodes are the chaincodes made so far, by the contracts they serve:
// contractapi compiles a JSON schema of every argument and answer when it
// makes one, which takes a tenth of a second, so a test that makes many
// ledgers over the same contract values shares one chaincode.
var (
	chaincodesMu sync.Mutex
	chaincodes   = map[string]*contractapi.ContractChaincode{}
)

func chaincode(contracts []contractapi.ContractInterface) *contractapi.ContractChaincode {
	key := fmt.Sprintf("%p", contracts[0])
	for _, c := range contracts[1:] {
		key += fmt.Sprintf(" %p", c)
	}
	chaincodesMu.Lock()
	defer chaincodesMu.Unlock()
	if cc, ok := chaincodes[key]; ok {
		return cc
	}
	cc, err := contractapi.NewChaincode(contracts...)
	if err != nil {
		panic(fmt.Sprintf("ledgertest: the contracts do not make a chaincode: %v", err))
	}
	cc.TransactionSerializer = &serve.Serializer{}
	chaincodes[key] = cc
	return cc
}

// Identity is the caller of a transaction. Renewed, when set, names the
// organisation of a new certificate of the same enrollment (its subject
// differs, its enrollment ID does not).
type Identity struct {
	MSPID, Name, Role string
	Renewed           string
}

// The network's callers, one of each role, for contract tests.
var (
	Judge    = Identity{MSPID: "CourtMSP", Name: "judge1", Role: "judge"}
	Clerk    = Identity{MSPID: "CourtMSP", Name: "clerk1", Role: "clerk"}
	Officer  = Identity{MSPID: "CourtMSP", Name: "officer1", Role: "enforcement_officer"}
	Auditor  = Identity{MSPID: "CourtMSP", Name: "auditor", Role: "auditor"}
	Mediator = Identity{MSPID: "MediationMSP", Name: "mediator1", Role: "mediator"}
	Bank     = Identity{MSPID: "CreditMSP", Name: "bank1", Role: "bank_officer"}
)

// Tx is one transaction: its stub and its pending writes.
type Tx struct {
	Stub   *mocks.ChaincodeStub
	ledger *Ledger
	txID   string
	writes map[string][]byte
	// policies are the validation parameters the transaction sets.
	policies map[string][]byte
	// private are its private writes by collection (nil value: purge).
	private   map[string]map[string][]byte
	transient map[string][]byte
	event     []byte
	who       Identity
}

// Tx starts a transaction by who. Pass it to a contract function, then call
// Commit if the function succeeded.
func (l *Ledger) Tx(who Identity) *Tx {
	l.txs++
	tx := &Tx{ledger: l, who: who, txID: fmt.Sprintf("tx%04d", l.txs), writes: map[string][]byte{}, policies: map[string][]byte{}, private: map[string]map[string][]byte{}}
	stub := &mocks.ChaincodeStub{}
	stub.GetTxIDReturns(tx.txID)
	stub.GetChannelIDReturns(l.Channel)
	stub.GetTxTimestampReturns(timestamppb.New(l.Now), nil)
	stub.GetStateCalls(func(k string) ([]byte, error) { return l.State[k], nil })
	stub.PutStateCalls(func(k string, v []byte) error {
		if k == "" {
			return fmt.Errorf("empty key")
		}
		tx.writes[k] = v
		return nil
	})
	stub.DelStateCalls(func(k string) error { tx.writes[k] = nil; return nil })
	stub.GetStateByRangeCalls(func(start, end string) (shimStateIterator, error) { return l.between(start, end), nil })
	stub.CreateCompositeKeyCalls(compositeKey)
	stub.SplitCompositeKeyCalls(splitCompositeKey)
	stub.GetStateByPartialCompositeKeyCalls(func(objectType string, attrs []string) (shimStateIterator, error) {
		prefix, err := compositeKey(objectType, attrs)
		if err != nil {
			return nil, err
		}
		return l.scan(prefix), nil
	})
	stub.GetStateByRangeWithPaginationCalls(func(start, end string, size int32, bookmark string) (shimStateIterator, *peer.QueryResponseMetadata, error) {
		return l.page(func(k string) bool { return k >= max(start, bookmark) && (end == "" || k < end) }, size)
	})
	stub.GetStateByPartialCompositeKeyWithPaginationCalls(func(objectType string, attrs []string, size int32, bookmark string) (shimStateIterator, *peer.QueryResponseMetadata, error) {
		prefix, err := compositeKey(objectType, attrs)
		if err != nil {
			return nil, nil, err
		}
		return l.page(func(k string) bool { return strings.HasPrefix(k, prefix) && k >= bookmark }, size)
	})
	stub.SetStateValidationParameterCalls(func(k string, policy []byte) error { tx.policies[k] = policy; return nil })
	stub.GetStateValidationParameterCalls(func(k string) ([]byte, error) { return l.Policies[k], nil })
	stub.GetPrivateDataCalls(func(coll, k string) ([]byte, error) { return l.Private[coll][k], nil })
	stub.PutPrivateDataCalls(func(coll, k string, v []byte) error { tx.privateWrite(coll, k, v); return nil })
	stub.PurgePrivateDataCalls(func(coll, k string) error { tx.privateWrite(coll, k, nil); return nil })
	stub.GetTransientCalls(func() (map[string][]byte, error) { return tx.transient, nil })
	stub.GetHistoryForKeyCalls(func(k string) (shimHistoryIterator, error) { return l.historyOf(k), nil })
	stub.SetEventCalls(func(name string, payload []byte) error { tx.event = payload; return nil })

	stub.GetCreatorReturns(creator(who), nil)
	tx.Stub = stub
	return tx
}

// Commit applies the transaction's writes and records them in the history.
func (tx *Tx) Commit() {
	l := tx.ledger
	for k, v := range tx.writes {
		if v == nil {
			delete(l.State, k)
		} else {
			l.State[k] = v
		}
		l.history[k] = append(l.history[k], &queryresult.KeyModification{
			TxId: tx.txID, Value: v, Timestamp: timestamppb.New(l.Now),
		})
	}
	tx.writes = map[string][]byte{}
	for k, p := range tx.policies {
		l.Policies[k] = p
	}
	tx.policies = map[string][]byte{}
	for coll, writes := range tx.private {
		if l.Private[coll] == nil {
			l.Private[coll] = map[string][]byte{}
		}
		for k, v := range writes {
			if v == nil {
				delete(l.Private[coll], k)
				l.Purged = append(l.Purged, coll+"/"+k)
			} else {
				l.Private[coll][k] = v
			}
		}
	}
	tx.private = map[string]map[string][]byte{}
}

func (tx *Tx) privateWrite(coll, k string, v []byte) {
	if tx.private[coll] == nil {
		tx.private[coll] = map[string][]byte{}
	}
	tx.private[coll][k] = v
}

// ClientIdentity is the transaction's creator as cid reads it from the
// certificate.
func (tx *Tx) ClientIdentity() cid.ClientIdentity {
	ci, err := cid.New(tx.Stub)
	if err != nil {
		panic(fmt.Sprintf("ledgertest: the test identity's certificate: %v", err))
	}
	return ci
}

// Kernel is the transaction as the kernel's helpers see it, for tests
// that run them outside a contract function: its writes reach the stub
// when it ends (kernel.Tx.End).
func (tx *Tx) Kernel() *kernel.Tx {
	return kernel.Open(tx.Stub, tx.ClientIdentity(), api.Actor{MSPID: tx.who.MSPID, EnrollmentID: tx.who.Name, Role: api.Role(tx.who.Role)}, tx.ledger.Now)
}

// WithTransient sets the transaction's transient data.
func (tx *Tx) WithTransient(t map[string][]byte) *Tx {
	tx.transient = t
	return tx
}

// Policies are the endorsement policies the transaction would set.
func (tx *Tx) Policies() map[string][]byte { return tx.policies }

// Writes are the keys the transaction would write (nil: delete).
func (tx *Tx) Writes() map[string][]byte { return tx.writes }

// Event is the payload of the transaction's chaincode event, if any.
func (tx *Tx) Event() []byte { return tx.event }

func (l *Ledger) scan(prefix string) *mocks.StateIterator {
	return l.iterate(func(k string) bool { return strings.HasPrefix(k, prefix) })
}

func (l *Ledger) between(start, end string) *mocks.StateIterator {
	return l.iterate(func(k string) bool { return k >= start && (end == "" || k < end) })
}

func (l *Ledger) iterate(match func(string) bool) *mocks.StateIterator {
	return iterator(l, l.keys(match))
}

func (l *Ledger) keys(match func(string) bool) []string {
	var keys []string
	for k := range l.State {
		if match(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// page returns up to size matching keys and, as a peer does, the key the
// next page starts at as the bookmark (empty after the last page).
func (l *Ledger) page(match func(string) bool, size int32) (*mocks.StateIterator, *peer.QueryResponseMetadata, error) {
	if size <= 0 {
		return nil, nil, fmt.Errorf("page size must be positive")
	}
	keys := l.keys(match)
	meta := &peer.QueryResponseMetadata{}
	if len(keys) > int(size) {
		meta.Bookmark = keys[size]
		keys = keys[:size]
	}
	meta.FetchedRecordsCount = int32(len(keys))
	return iterator(l, keys), meta, nil
}

func iterator(l *Ledger, keys []string) *mocks.StateIterator {
	it := &mocks.StateIterator{}
	i := 0
	it.HasNextCalls(func() bool { return i < len(keys) })
	it.NextCalls(func() (*queryresult.KV, error) {
		k := keys[i]
		i++
		return &queryresult.KV{Key: k, Value: l.State[k]}, nil
	})
	return it
}

// historyOf returns a key's modifications newest first, as a peer does.
func (l *Ledger) historyOf(key string) *mocks.HistoryIterator {
	mods := slices.Clone(l.history[key])
	slices.Reverse(mods)
	it := &mocks.HistoryIterator{}
	i := 0
	it.HasNextCalls(func() bool { return i < len(mods) })
	it.NextCalls(func() (*queryresult.KeyModification, error) {
		i++
		return mods[i-1], nil
	})
	return it
}

// compositeKey follows the shim's format: U+0000, the object type and each
// attribute, each followed by U+0000.
func compositeKey(objectType string, attrs []string) (string, error) {
	for _, s := range append([]string{objectType}, attrs...) {
		if strings.ContainsRune(s, 0) || strings.ContainsRune(s, 0x10FFFF) {
			return "", fmt.Errorf("composite key part %q holds a reserved character", s)
		}
	}
	return "\x00" + objectType + "\x00" + strings.Join(append(slices.Clone(attrs), ""), "\x00"), nil
}

func splitCompositeKey(key string) (string, []string, error) {
	if !strings.HasPrefix(key, "\x00") || !strings.HasSuffix(key, "\x00") {
		return "", nil, fmt.Errorf("%q is not a composite key", key)
	}
	parts := strings.Split(key[1:len(key)-1], "\x00")
	return parts[0], parts[1:], nil
}
