package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
)

// Form is how an argument is written on the wire. Fabric passes every
// argument as a string; the form says what the string holds.
type Form string

// The forms.
const (
	// FormString is text or an identifier, passed as it is.
	FormString Form = "string"
	// FormInt is a decimal integer, such as 1500.
	FormInt Form = "int"
	// FormBool is true or false.
	FormBool Form = "bool"
	// FormDigest is 64 hexadecimal characters (see NormaliseDigest).
	FormDigest Form = "digest"
	// FormPseudonym is 64 lower-case hexadecimal characters (package
	// idnumber).
	FormPseudonym Form = "pseudonym"
	// FormTime is an RFC 3339 time.
	FormTime Form = "time"
	// FormJSON is a JSON document of the argument's Type, decoded
	// strictly.
	FormJSON Form = "json"
)

// Bounds the transaction boundary puts on what a call carries, before any
// function reads it. The functions check their own, tighter limits; these
// keep a caller from making a peer read megabytes into a field that
// holds a case number.
const (
	// MaxArg bounds an argument of any form but JSON, in bytes.
	MaxArg = 4 << 10
	// MaxRequest bounds a JSON argument unless its declaration says
	// otherwise (Within).
	MaxRequest = 64 << 10
	// MaxTransient bounds one transient-data field, in bytes.
	MaxTransient = 64 << 10
)

// Arg is one positional argument of a function.
type Arg struct {
	Name string
	Form Form
	// Type is the Go type a caller gives: string, int, int64, bool, or the
	// JSON document's type.
	Type reflect.Type
	// Max is the most bytes the argument may hold on the wire.
	Max int
}

// String declares a text or identifier argument.
func String(name string) Arg { return arg[string](name, FormString) }

// Digest declares a digest argument.
func Digest(name string) Arg { return arg[string](name, FormDigest) }

// Pseudonym declares a pseudonym argument.
func Pseudonym(name string) Arg { return arg[string](name, FormPseudonym) }

// Time declares an RFC 3339 time argument.
func Time(name string) Arg { return arg[string](name, FormTime) }

// Int declares a count or an index.
func Int(name string) Arg { return arg[int](name, FormInt) }

// Amount declares an amount of money in fen, or another 64-bit number.
func Amount(name string) Arg { return arg[int64](name, FormInt) }

// Bool declares a true/false argument.
func Bool(name string) Arg { return arg[bool](name, FormBool) }

// JSON declares an argument that holds a T as a JSON document, at most
// MaxRequest bytes.
func JSON[T any](name string) Arg {
	a := arg[T](name, FormJSON)
	a.Max = MaxRequest
	return a
}

// Within sets the most bytes an argument may hold.
func (a Arg) Within(max int) Arg {
	a.Max = max
	return a
}

func arg[T any](name string, form Form) Arg {
	return Arg{Name: name, Form: form, Type: reflect.TypeFor[T](), Max: MaxArg}
}

// TypeName names the argument's type as docs/api.md and the CLI show it:
// its form, or for a JSON document its Go type ("evidence.AnchorRequest").
func (a Arg) TypeName() string {
	if a.Form == FormJSON {
		return a.Type.String()
	}
	return string(a.Form)
}

// Encode writes Go values as the function's positional arguments, each
// by its form: numbers in decimal, booleans as true or false, JSON
// documents marshalled, text as it is. A string given for an argument of
// another form is sent as it is: JSON or a number a caller has written
// already (the CLI, a test of malformed input).
func (s *Spec) Encode(values ...any) ([]string, error) {
	if len(values) != len(s.Args) {
		return nil, fmt.Errorf("%s takes %d arguments (%s), not %d", s.Function, len(s.Args), s.argNames(), len(values))
	}
	out := make([]string, len(values))
	for i, v := range values {
		var err error
		if out[i], err = s.Args[i].encode(v); err != nil {
			return nil, fmt.Errorf("%s: argument %s: %w", s.Function, s.Args[i].Name, err)
		}
	}
	return out, nil
}

func (s *Spec) argNames() string {
	var b bytes.Buffer
	for i, a := range s.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.Name)
	}
	return b.String()
}

func (a Arg) encode(v any) (string, error) {
	if text, ok := v.(string); ok {
		return text, nil
	}
	if raw, ok := v.(json.RawMessage); ok && a.Form == FormJSON {
		return string(raw), nil
	}
	rv := reflect.ValueOf(v)
	switch a.Form {
	case FormInt:
		switch {
		case rv.CanInt():
			return strconv.FormatInt(rv.Int(), 10), nil
		case rv.CanUint():
			return strconv.FormatUint(rv.Uint(), 10), nil
		}
	case FormBool:
		if rv.Kind() == reflect.Bool {
			return strconv.FormatBool(rv.Bool()), nil
		}
	case FormJSON:
		if rv.IsValid() && rv.Type() == a.Type && rv.Kind() == reflect.Slice && rv.IsNil() {
			return "[]", nil // an array on the wire is never null
		}
		if rv.IsValid() && (rv.Type() == a.Type || rv.Type() == reflect.PointerTo(a.Type)) {
			b, err := json.Marshal(v)
			return string(b), err
		}
	}
	return "", fmt.Errorf("takes %s, not %T", a.Type, v)
}

// Check reads an argument as a person typed it: a number or a boolean
// must parse, and a JSON document must decode strictly into the
// argument's type (a typo must not silently drop data). It does not
// repeat the value in its error: it may be personal data.
func (a Arg) Check(text string) error {
	switch a.Form {
	case FormInt:
		if _, err := strconv.ParseInt(text, 10, 64); err != nil {
			return fmt.Errorf("%s is not a whole number", a.Name)
		}
	case FormBool:
		if _, err := strconv.ParseBool(text); err != nil {
			return fmt.Errorf("%s must be true or false", a.Name)
		}
	case FormJSON:
		dec := json.NewDecoder(bytes.NewReader([]byte(text)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(reflect.New(a.Type).Interface()); err != nil {
			return fmt.Errorf("%s is not a JSON %s: %v", a.Name, a.Type, err)
		}
		if dec.More() {
			return fmt.Errorf("%s: data after the JSON document", a.Name)
		}
	}
	return nil
}

// Decode reads the function's answer. An answer that is a record (R is a
// pointer) must be one: null is not.
func (f Fn[R]) Decode(payload []byte) (R, error) {
	var v R
	switch p := any(&v).(type) {
	case *RawAnswer:
		*p = bytes.Clone(payload)
		return v, nil
	case *None:
		return v, nil
	}
	if err := json.Unmarshal(payload, &v); err != nil {
		return v, err
	}
	if rv := reflect.ValueOf(&v).Elem(); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return v, errors.New("no record (null)")
	}
	return v, nil
}
