package clienttest

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// Generated is the row of a method gateway-client/internal/clientgen made
// from fn's declaration, made from the same declaration: call calls the
// method with the arguments it is given, a sample of each declared type.
// clientgen writes these rows (functions_test.go beside functions.go), so
// that a function added to the contract needs no row written by hand: the
// row checks that its method calls it, with its arguments in order, as a
// submit or an evaluation, and decodes an answer of the declared type.
func Generated[C any](fn *api.Spec, call func(ctx context.Context, c C, args []any) (any, *gateway.Result, error)) Method[C] {
	args := make([]any, len(fn.Args))
	for i, a := range fn.Args {
		args[i] = sampleArg(a, i)
	}
	wire, err := fn.Encode(args...)
	if err != nil {
		panic(fmt.Sprintf("clienttest: the samples of %s do not encode: %v", fn.Function, err))
	}
	m := Method[C]{Name: fn.Function.Name(), Fn: fn.Function, Args: wire, Raw: fn.Returns == nil,
		Call: func(ctx context.Context, c C) (any, *gateway.Result, error) { return call(ctx, c, args) }}
	if fn.Returns != nil {
		m.Answer, m.Want = sampleAnswer(fn.Returns)
	}
	return m
}

// sampleArg is a value of the argument's type that its form accepts, told
// apart from the others' so that a method that swapped two would fail.
func sampleArg(a api.Arg, i int) any {
	v := reflect.New(a.Type).Elem()
	switch v.Kind() {
	case reflect.String:
		v.SetString(sampleText(a))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(7 + i))
	case reflect.Bool:
		v.SetBool(true)
	}
	return v.Interface()
}

// sampleText is a text of the argument's form: a digest, a pseudonym, a
// time, or the argument's name made a value.
func sampleText(a api.Arg) string {
	switch a.Form {
	case api.FormDigest:
		return strings.Repeat("ab", 32)
	case api.FormPseudonym:
		return strings.Repeat("cd", 32)
	case api.FormTime:
		return "2026-01-02T03:04:05Z"
	}
	return a.Name + "-1"
}

// sampleAnswer is an answer of type t, not null, and what it decodes to.
func sampleAnswer(t reflect.Type) (string, any) {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Pointer:
		v = reflect.New(t.Elem())
	case reflect.Slice:
		v = reflect.MakeSlice(t, 0, 0)
	case reflect.Map:
		v = reflect.MakeMap(t)
	}
	answer, err := json.Marshal(v.Interface())
	if err != nil {
		panic(fmt.Sprintf("clienttest: a %s does not encode: %v", t, err))
	}
	want := reflect.New(t)
	if err := json.Unmarshal(answer, want.Interface()); err != nil {
		panic(fmt.Sprintf("clienttest: a %s does not decode: %v", t, err))
	}
	return string(answer), want.Elem().Interface()
}
