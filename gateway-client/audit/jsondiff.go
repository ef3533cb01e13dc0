package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
)

// firstDiff compares two JSON documents by meaning (key order and escapes
// aside) and names the first field where they differ, so that a mismatch
// points the auditor at the edit: "writes[0].value.status is ... in the
// export, ... in the raw block". Only called when the bytes differ.
func firstDiff(export, raw []byte) (string, bool) {
	a, aerr := decodeAny(export)
	b, berr := decodeAny(raw)
	if aerr != nil || berr != nil {
		return "the lines differ", true
	}
	return diff("", a, b)
}

func diff(path string, a, b any) (string, bool) {
	switch x := a.(type) {
	case map[string]any:
		if y, ok := b.(map[string]any); ok {
			keys := make([]string, 0, len(x)+len(y))
			for k := range x {
				keys = append(keys, k)
			}
			for k := range y {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range slices.Compact(keys) {
				xv, xok := x[k]
				yv, yok := y[k]
				if !xok || !yok {
					return fmt.Sprintf("%s is %s in the export, %s in the raw block", join(path, k), show(xv, xok), show(yv, yok)), true
				}
				if d, ok := diff(join(path, k), xv, yv); ok {
					return d, true
				}
			}
			return "", false
		}
	case []any:
		if y, ok := b.([]any); ok {
			for i := range min(len(x), len(y)) {
				if d, ok := diff(path+"["+strconv.Itoa(i)+"]", x[i], y[i]); ok {
					return d, true
				}
			}
			if len(x) != len(y) {
				return fmt.Sprintf("%s has %d entries in the export, %d in the raw block", path, len(x), len(y)), true
			}
			return "", false
		}
	}
	if reflect.DeepEqual(a, b) {
		return "", false
	}
	return fmt.Sprintf("%s is %s in the export, %s in the raw block", path, show(a, true), show(b, true)), true
}

// decodeAny keeps numbers exact: block numbers are uint64.
func decodeAny(doc []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func show(v any, present bool) string {
	if !present {
		return "absent"
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return fmt.Sprint(v)
	}
	s := string(bytes.TrimSpace(buf.Bytes()))
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80]) + "…"
	}
	return s
}
