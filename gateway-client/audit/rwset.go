package audit

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"google.golang.org/protobuf/proto"
)

// decodeResults lists what the endorsed simulation read and wrote, namespace
// by namespace in the order the peer recorded them, so the output is
// deterministic and an export can be re-derived exactly.
func decodeResults(tx *Tx, results []byte) error {
	if len(results) == 0 {
		return nil
	}
	rws := &rwset.TxReadWriteSet{}
	if err := proto.Unmarshal(results, rws); err != nil {
		return fmt.Errorf("read-write set: %w", err)
	}
	for _, ns := range rws.GetNsRwset() {
		name := ns.GetNamespace()
		kv := &kvrwset.KVRWSet{}
		if err := proto.Unmarshal(ns.GetRwset(), kv); err != nil {
			return fmt.Errorf("read-write set of %s: %w", name, err)
		}
		for _, r := range kv.GetReads() {
			tx.Reads = append(tx.Reads, Read{Namespace: name, Key: r.GetKey(), Version: version(r.GetVersion())})
		}
		for _, q := range kv.GetRangeQueriesInfo() {
			tx.RangeReads = append(tx.RangeReads, RangeRead{
				Namespace: name, Start: q.GetStartKey(), End: q.GetEndKey(), Exhausted: q.GetItrExhausted(),
			})
		}
		for _, w := range kv.GetWrites() {
			tx.Writes = append(tx.Writes, write(name, w))
		}
		for _, m := range kv.GetMetadataWrites() {
			names := make([]string, 0, len(m.GetEntries()))
			for _, e := range m.GetEntries() {
				names = append(names, e.GetName())
			}
			tx.MetadataWrites = append(tx.MetadataWrites, MetadataWrite{Namespace: name, Key: m.GetKey(), Names: names})
		}
		for _, coll := range ns.GetCollectionHashedRwset() {
			hashed := &kvrwset.HashedRWSet{}
			if err := proto.Unmarshal(coll.GetHashedRwset(), hashed); err != nil {
				return fmt.Errorf("hashed read-write set of %s/%s: %w", name, coll.GetCollectionName(), err)
			}
			for _, w := range hashed.GetHashedWrites() {
				tx.PrivateWrites = append(tx.PrivateWrites, PrivateWrite{
					Namespace: name, Collection: coll.GetCollectionName(),
					KeyHash: hex.EncodeToString(w.GetKeyHash()), Delete: w.GetIsDelete(), Purge: w.GetIsPurge(),
				})
			}
		}
	}
	return nil
}

func version(v *kvrwset.Version) string {
	if v == nil {
		return ""
	}
	return strconv.FormatUint(v.GetBlockNum(), 10) + ":" + strconv.FormatUint(v.GetTxNum(), 10)
}

func write(namespace string, w *kvrwset.KVWrite) Write {
	out := Write{Namespace: namespace, Key: w.GetKey(), Delete: w.GetIsDelete()}
	v := w.GetValue()
	switch {
	case out.Delete || len(v) == 0:
	// json.Valid accepts invalid UTF-8 inside strings, which would make the
	// export itself invalid UTF-8: such values go to Raw.
	case utf8.Valid(v) && json.Valid(v):
		out.Value = json.RawMessage(v)
	default:
		out.Raw = base64.StdEncoding.EncodeToString(v)
	}
	return out
}
