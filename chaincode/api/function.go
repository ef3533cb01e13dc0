package api

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Function is a chaincode function's namespaced name, "namespace:Name",
// as a client passes it to Fabric.
type Function string

// Namespace is the contract the function belongs to ("evidence").
func (f Function) Namespace() string {
	ns, _, _ := strings.Cut(string(f), ":")
	return ns
}

// Name is the function's name inside its contract ("Anchor").
func (f Function) Name() string {
	_, name, _ := strings.Cut(string(f), ":")
	return name
}

// Arg is one positional argument of a function.
type Arg struct {
	Name string
	// Type is "string", "int", a JSON request type's name, or "digest",
	// "pseudonym", "time" (RFC 3339) for strings of those forms.
	Type string
}

// Spec describes a function as its callers see it. The chaincode
// authorises every call against Roles, so this table is both the
// documentation and the rule.
type Spec struct {
	Function Function
	// Submit: the function writes and is submitted (ordered); otherwise
	// it is evaluated on one peer and writes nothing.
	Submit bool
	// Roles may call it; empty means any enrolled identity.
	Roles []Role
	Args  []Arg
	// Transient names the transient-data fields it reads (personal data
	// and keys, which must not enter the transaction).
	Transient []string
	// Returns is the JSON type of its answer ("" for none).
	Returns string
	Doc     string
}

// Args declares positional arguments as "name type" strings, in order:
// Args("case string", "document digest").
func Args(decls ...string) []Arg {
	out := make([]Arg, len(decls))
	for i, d := range decls {
		name, typ, ok := strings.Cut(d, " ")
		if !ok {
			panic("api: argument " + d + " needs a name and a type")
		}
		out[i] = Arg{Name: name, Type: typ}
	}
	return out
}

var (
	specsMu sync.RWMutex
	specs   = map[Function]Spec{}
)

// Register adds the specs of a capability; each api package registers its
// own when it is imported. A function registered twice is a programming
// error.
func Register(list ...Spec) {
	specsMu.Lock()
	defer specsMu.Unlock()
	for _, s := range list {
		if _, dup := specs[s.Function]; dup {
			panic(fmt.Sprintf("api: function %s registered twice", s.Function))
		}
		specs[s.Function] = s
	}
}

// Lookup returns a function's spec.
func Lookup(f Function) (Spec, bool) {
	specsMu.RLock()
	defer specsMu.RUnlock()
	s, ok := specs[f]
	return s, ok
}

// Specs lists every registered function in name order.
func Specs() []Spec {
	specsMu.RLock()
	defer specsMu.RUnlock()
	out := make([]Spec, 0, len(specs))
	for _, s := range specs {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Spec) int { return strings.Compare(string(a.Function), string(b.Function)) })
	return out
}
