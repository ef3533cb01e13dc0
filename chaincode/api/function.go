package api

import (
	"fmt"
	"reflect"
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

// Spec is everything about one function that its callers and the
// chaincode's transaction boundary need: it is written once, in the
// function's Declare, and the registry, docs/api.md, the typed clients and
// the CLI are made from it. The chaincode authorises every call against
// it, so the published table is the rule, not a description of it.
type Spec struct {
	Function Function
	// Submit: the function writes and is submitted (ordered); otherwise
	// it is evaluated on one peer and may write nothing.
	Submit bool
	// Roles may call it. A function open to every enrolled identity says
	// so with Anyone instead; a spec with neither is refused, so that no
	// function is open by omission.
	Roles  []Role
	Anyone bool
	Args   []Arg
	// Transient names the transient-data fields it reads (personal data
	// and keys, which must not enter the transaction); no other field is
	// accepted.
	Transient []string
	// Returns is the Go type of its answer, nil for none; Declare sets it.
	Returns reflect.Type
	// Events are the domain event types a successful call may emit,
	// including those of hooks other capabilities hang on it.
	Events []string
	// Sweeps: the function processes due deadline items, so it may also
	// emit the events of every deadline kind.
	Sweeps bool
	// Command is the function's CLI command, every word after the
	// program's name ("enforcement measure approve"); empty: the
	// namespace and the function's name in kebab case (CommandPath).
	Command string
	Doc     string
}

// Fn is a declared function whose answer decodes into R: the typed handle
// the chaincode's tests and the clients call it through. Its Spec is
// shared, never copied.
type Fn[R any] struct{ *Spec }

// String is the function's name, for messages.
func (f Fn[R]) String() string { return string(f.Function) }

// None is the answer type of a function that answers nothing.
type None struct{}

// Declare registers a function's spec and returns its typed handle. Each
// api package declares its functions as package variables, so that
// importing it registers them. A spec that is incomplete or registered
// twice is a programming error, and panics when the package loads.
func Declare[R any](s Spec) Fn[R] {
	if t := reflect.TypeFor[R](); t != reflect.TypeFor[None]() {
		s.Returns = t
	}
	if err := s.check(); err != nil {
		panic("api: " + err.Error())
	}
	spec := &s
	register(spec)
	return Fn[R]{spec}
}

// check is what Declare refuses.
func (s *Spec) check() error {
	ns, name, ok := strings.Cut(string(s.Function), ":")
	switch {
	case !ok || ns == "" || name == "" || strings.ContainsAny(name, ": "):
		return fmt.Errorf("function %q is not namespace:Name", s.Function)
	case len(s.Roles) == 0 && !s.Anyone:
		return fmt.Errorf("%s names no roles: give Roles, or say Anyone", s.Function)
	case len(s.Roles) > 0 && s.Anyone:
		return fmt.Errorf("%s names roles and Anyone", s.Function)
	case strings.TrimSpace(s.Doc) == "":
		return fmt.Errorf("%s has no doc line", s.Function)
	}
	for _, r := range s.Roles {
		if _, ok := r.Home(); !ok {
			return fmt.Errorf("%s names unknown role %q", s.Function, r)
		}
	}
	seen := map[string]bool{}
	for _, a := range s.Args {
		if a.Name == "" || a.Type == nil || a.Max <= 0 || seen[a.Name] {
			return fmt.Errorf("%s: argument %q is unnamed, untyped, unbounded or given twice", s.Function, a.Name)
		}
		seen[a.Name] = true
	}
	if slices.ContainsFunc(s.Events, func(e string) bool { return !strings.Contains(e, ".") }) {
		return fmt.Errorf("%s: an event type is record.what: %v", s.Function, s.Events)
	}
	return nil
}

var (
	specsMu sync.RWMutex
	specs   = map[Function]*Spec{}
)

func register(s *Spec) {
	specsMu.Lock()
	defer specsMu.Unlock()
	if _, dup := specs[s.Function]; dup {
		panic(fmt.Sprintf("api: function %s declared twice", s.Function))
	}
	specs[s.Function] = s
}

// Lookup returns a function's spec.
func Lookup(f Function) (*Spec, bool) {
	specsMu.RLock()
	defer specsMu.RUnlock()
	s, ok := specs[f]
	return s, ok
}

// Specs lists every declared function in name order.
func Specs() []*Spec {
	specsMu.RLock()
	defer specsMu.RUnlock()
	out := make([]*Spec, 0, len(specs))
	for _, s := range specs {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *Spec) int { return strings.Compare(string(a.Function), string(b.Function)) })
	return out
}

// Raw is a spec's handle whose answer is the JSON as it came: what a
// generic caller (the CLI's invoke, a relay) uses.
func Raw(s *Spec) Fn[RawAnswer] { return Fn[RawAnswer]{s} }

// RawAnswer is an answer kept as the bytes the chaincode sent.
type RawAnswer []byte
