package kernel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/api"
)

// A transaction saves records one way: it reads them through their Kind,
// changes them in memory, and the boundary writes each one that changed
// once, when the function has succeeded, in key order. No function saves
// a record, so none can forget to, save one twice, or save one half
// changed before a refusal: a refused transaction writes nothing.
//
// Within a transaction a record is one object: reading it again answers
// the same object, with the changes made to it so far. (The peer itself
// never answers a transaction's own writes; records are read through the
// transaction, so they need not wait for the next one.)

// Kind is a type of record: a JSON document of T under the composite key
// of Object and the record's ID (one or more parts).
type Kind[T any] struct {
	Object string
	// Noun names a record of the kind in errors ("case"); Object if empty.
	Noun string
	// Court: a court peer must endorse every write of such a record. The
	// chaincode-level policy already names the court, but a channel admin
	// may relax it, and an org that runs modified chaincode controls what
	// its own peer signs; a key's own policy is checked by every
	// committing peer whatever the chaincode says, so court records stay
	// the court's (access.RequireCourtEndorsement).
	Court bool
}

func (k Kind[T]) noun() string {
	if k.Noun != "" {
		return k.Noun
	}
	return k.Object
}

// Key is the ledger key of the record with this ID.
func (k Kind[T]) Key(t *Tx, id ...string) (string, error) {
	for _, part := range id {
		switch {
		case part == "":
			return "", Errorf(api.CodeInvalid, "%s ID is missing", k.noun())
		case len(part) > api.MaxID:
			return "", Errorf(api.CodeInvalid, "%s ID is %d bytes long; at most %d", k.noun(), len(part), api.MaxID)
		}
	}
	key, err := t.GetStub().CreateCompositeKey(k.Object, id)
	if err != nil {
		return "", Errorf(api.CodeInvalid, "%s ID %q: %v", k.noun(), api.Short(strings.Join(id, "/")), err)
	}
	return key, nil
}

// Get reads the record with this ID, or nil if there is none.
func (k Kind[T]) Get(t *Tx, id ...string) (*T, error) {
	key, err := k.Key(t, id...)
	if err != nil {
		return nil, err
	}
	if e, ok := t.records.held(key); ok {
		if e.gone {
			return nil, nil
		}
		v, ok := e.value.(*T)
		if !ok {
			return nil, fmt.Errorf("%s %s is held as %T in this transaction, not as %T", k.noun(), api.Short(id[len(id)-1]), e.value, v)
		}
		return v, nil
	}
	data, err := t.GetStub().GetState(key)
	if err != nil {
		return nil, fmt.Errorf("reading %s %s: %w", k.noun(), api.Short(id[len(id)-1]), err)
	}
	if data == nil {
		return nil, nil
	}
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, Errorf(api.CodeCorrupt, "%s %s is stored in an unreadable form: %v", k.noun(), api.Short(id[len(id)-1]), err)
	}
	t.records.hold(&entry{key: key, value: v, loaded: data, court: k.Court})
	return v, nil
}

// Must reads the record with this ID, which has to exist.
func (k Kind[T]) Must(t *Tx, id ...string) (*T, error) {
	v, err := k.Get(t, id...)
	if err == nil && v == nil {
		err = Errorf(api.CodeNotFound, "%s %s is not on the ledger", k.noun(), api.Short(id[len(id)-1]))
	}
	return v, err
}

// Put makes v the record with this ID: a new record, or another object in
// place of the one read. It is written when the transaction ends.
func (k Kind[T]) Put(t *Tx, v *T, id ...string) error {
	key, err := k.Key(t, id...)
	if err != nil {
		return err
	}
	if e, ok := t.records.held(key); ok {
		e.value, e.gone = v, false
		return nil
	}
	t.records.hold(&entry{key: key, value: v, court: k.Court})
	return nil
}

// Delete removes the record with this ID when the transaction ends.
func (k Kind[T]) Delete(t *Tx, id ...string) error {
	key, err := k.Key(t, id...)
	if err != nil {
		return err
	}
	if e, ok := t.records.held(key); ok {
		e.gone = true
		return nil
	}
	data, err := t.GetStub().GetState(key)
	if err != nil {
		return err
	}
	t.records.hold(&entry{key: key, loaded: data, gone: true})
	return nil
}

// Written is a record as the transaction will write it.
type Written[T any] struct {
	Record *T
	JSON   []byte
}

// Changed lists the records of this kind the transaction changed or
// created, in key order, with their JSON as it will be written: what an
// ending step derives other records from.
func (k Kind[T]) Changed(t *Tx) ([]Written[T], error) {
	var out []Written[T]
	for _, e := range t.records.sorted() {
		v, ok := e.value.(*T)
		if !ok || e.gone {
			continue
		}
		if changed, err := e.changed(); err != nil {
			return nil, err
		} else if changed {
			out = append(out, Written[T]{v, e.data})
		}
	}
	return out, nil
}

// entry is a record the transaction holds.
type entry struct {
	key   string
	value any
	// loaded is the record as read; nil for one the transaction made.
	loaded []byte
	court  bool
	gone   bool
	// data is the record as it will be written, once known.
	data []byte
}

// changed marshals the record and tells whether it differs from what was
// read.
func (e *entry) changed() (bool, error) {
	data, err := json.Marshal(e.value)
	if err != nil {
		return false, err
	}
	e.data = data
	return e.loaded == nil || !bytes.Equal(data, e.loaded), nil
}

// records are the records a transaction holds, by key.
type records struct {
	byKey map[string]*entry // looked up; iterated only through sorted
}

func (r *records) held(key string) (*entry, bool) {
	e, ok := r.byKey[key]
	return e, ok
}

func (r *records) hold(e *entry) {
	if r.byKey == nil {
		r.byKey = map[string]*entry{}
	}
	r.byKey[e.key] = e
}

// sorted lists the entries in key order: every endorser writes the same
// write set, whatever order the transaction read its records in.
func (r *records) sorted() []*entry {
	out := make([]*entry, 0, len(r.byKey))
	for _, e := range r.byKey {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *entry) int { return strings.Compare(a.key, b.key) })
	return out
}

// flush writes every record that changed, once, in key order.
func (r *records) flush(t *Tx) error {
	stub := t.GetStub()
	for _, e := range r.sorted() {
		if e.gone {
			if e.loaded != nil {
				if err := stub.DelState(e.key); err != nil {
					return err
				}
			}
			continue
		}
		changed, err := e.changed()
		if err != nil {
			return err
		}
		if !changed {
			continue
		}
		if err := stub.PutState(e.key, e.data); err != nil {
			return fmt.Errorf("writing %q: %w", api.Short(e.key), err)
		}
		if e.court {
			if err := access.RequireCourtEndorsement(stub, e.key); err != nil {
				return err
			}
		}
	}
	return nil
}
