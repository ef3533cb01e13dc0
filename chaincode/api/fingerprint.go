package api

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// Fingerprint is the SHA-256 (FIPS 180-4) of the wire contract of every
// function declared in this binary, in name order: each function's
// name, whether it is submitted, who may call it, its arguments (name,
// form, bound and Go type), its transient fields, the shape of its
// answer (the JSON fields of every struct it holds, recursively) and its
// events. Docs and CLI commands are left out: they change no call. A
// client that links the same chaincode/api computes the same value as
// the chaincode's system:Version reports, so a court's IT team can tell
// whether a client and a chaincode speak the same contract before either
// misreads the other.
func Fingerprint() string {
	h := sha256.New()
	for _, s := range Specs() {
		s.describe(h)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// describe writes the spec's wire contract, one line per part.
func (s *Spec) describe(w io.Writer) {
	roles := make([]string, len(s.Roles))
	for i, r := range s.Roles {
		roles[i] = string(r)
	}
	fmt.Fprintf(w, "function %s submit=%t anyone=%t roles=%s\n", s.Function, s.Submit, s.Anyone, strings.Join(roles, ","))
	for _, a := range s.Args {
		fmt.Fprintf(w, "arg %s %s %d %s\n", a.Name, a.Form, a.Max, shape(a.Type))
	}
	fmt.Fprintf(w, "transient %s\nreturns %s\nevents %s sweeps=%t\n",
		strings.Join(s.Transient, ","), shape(s.Returns), strings.Join(s.Events, ","), s.Sweeps)
}

// shape writes a type as its JSON reads it: a struct by its fields' JSON
// names and shapes, in declaration order. A type met again inside itself
// is written by name.
func shape(t reflect.Type) string {
	var b strings.Builder
	writeShape(&b, t, map[reflect.Type]bool{})
	return b.String()
}

func writeShape(b *strings.Builder, t reflect.Type, open map[reflect.Type]bool) {
	if t == nil {
		b.WriteString("none")
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		b.WriteString("*")
		writeShape(b, t.Elem(), open)
	case reflect.Slice, reflect.Array:
		if t.Name() != "" { // json.RawMessage and the like
			b.WriteString(t.String())
			return
		}
		b.WriteString("[]")
		writeShape(b, t.Elem(), open)
	case reflect.Map:
		b.WriteString("map[")
		writeShape(b, t.Key(), open)
		b.WriteString("]")
		writeShape(b, t.Elem(), open)
	case reflect.Struct:
		writeStruct(b, t, open)
	default:
		b.WriteString(t.String())
	}
}

func writeStruct(b *strings.Builder, t reflect.Type, open map[reflect.Type]bool) {
	b.WriteString(t.String())
	if open[t] {
		return
	}
	open[t] = true
	defer delete(open, t)
	b.WriteString("{")
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		// encoding/json promotes the fields of an embedded struct, even
		// of an unexported type.
		if (!f.IsExported() && !f.Anonymous) || tag == "-" {
			continue
		}
		name := f.Name
		if tag != "" {
			name = tag
		} else if f.Anonymous {
			name = "…" // embedded: its fields are the parent's
		}
		b.WriteString(name)
		b.WriteString(":")
		writeShape(b, f.Type, open)
		b.WriteString(";")
	}
	b.WriteString("}")
}
