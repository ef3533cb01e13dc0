package api

import (
	"fmt"
	"slices"
	"strings"
)

// A Capability is one part of the judicial chaincode, declared once by
// its api package: the contracts it serves and the kinds of due item it
// puts in the deadline index. The rest of the project reads this
// registry instead of keeping lists of its own: docs/api.md's sections,
// the typed clients (gateway-client/<Name>), the CLI's command groups,
// the keeper's metric labels and the sweep's events.
type Capability struct {
	// Name is the package's name under chaincode/api, chaincode and
	// gateway-client alike: "evidence".
	Name string
	// Order places the capability in docs/api.md and the CLI's help:
	// housekeeping first, then a case's path from evidence to credit.
	Order int
	// Title says in a few words what it keeps.
	Title string
	// Namespaces are the contracts it serves; its functions are named in
	// them (Function.Namespace).
	Namespaces []string
	// Kinds are the kinds of due item it schedules.
	Kinds []DeadlineKind
}

// A DeadlineKind is one kind of due item in the deadline index: what falls
// due and what the chaincode then does on its own (Opinions items 13–16).
type DeadlineKind struct {
	// Name is the kind in the index's keys, the sweep's answers and the
	// keeper's metric label.
	Name string
	Doc  string
	// Events are the domain events processing an item may emit.
	Events []string
}

var capabilities []Capability // guarded by specsMu, in Order

// DeclareCapability registers a capability; each capability's api package
// declares itself once, as a package variable. A name, a namespace or a
// deadline kind declared twice is a programming error, and panics when
// the package loads.
func DeclareCapability(c Capability) Capability {
	specsMu.Lock()
	defer specsMu.Unlock()
	if c.Name == "" || len(c.Namespaces) == 0 {
		panic(fmt.Sprintf("api: capability %q needs a name and a namespace", c.Name))
	}
	for _, other := range capabilities {
		for _, ns := range c.Namespaces {
			if other.Name == c.Name || slices.Contains(other.Namespaces, ns) || other.Order == c.Order {
				panic(fmt.Sprintf("api: capability %s (order %d, namespace %s) clashes with %s", c.Name, c.Order, ns, other.Name))
			}
		}
		for _, k := range c.Kinds {
			if slices.ContainsFunc(other.Kinds, func(o DeadlineKind) bool { return o.Name == k.Name }) {
				panic(fmt.Sprintf("api: deadline kind %s is declared by %s and %s", k.Name, other.Name, c.Name))
			}
		}
	}
	capabilities = append(capabilities, c)
	slices.SortFunc(capabilities, func(a, b Capability) int { return a.Order - b.Order })
	return c
}

// Capabilities lists the declared capabilities in order.
func Capabilities() []Capability {
	specsMu.RLock()
	defer specsMu.RUnlock()
	return slices.Clone(capabilities)
}

// CapabilityOf is the capability that serves a namespace.
func CapabilityOf(namespace string) (Capability, bool) {
	for _, c := range Capabilities() {
		if slices.Contains(c.Namespaces, namespace) {
			return c, true
		}
	}
	return Capability{}, false
}

// DeadlineKinds lists every capability's deadline kinds, in the
// capabilities' order.
func DeadlineKinds() []DeadlineKind {
	var out []DeadlineKind
	for _, c := range Capabilities() {
		out = append(out, c.Kinds...)
	}
	return out
}

// Functions lists the functions a capability serves, in name order.
func (c Capability) Functions() []*Spec {
	var out []*Spec
	for _, s := range Specs() {
		if slices.Contains(c.Namespaces, s.Function.Namespace()) {
			out = append(out, s)
		}
	}
	return out
}

// MayEmit lists the events a successful call of the function may emit:
// its own, and for a function that sweeps, those of every deadline kind.
func (s *Spec) MayEmit() []string {
	out := slices.Clone(s.Events)
	if s.Sweeps {
		for _, k := range DeadlineKinds() {
			out = append(out, k.Events...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// CommandPath is the words of the function's CLI command after the
// program's name: Command's, or else its namespace and its name in kebab
// case ("evidence anchor-batch").
func (s *Spec) CommandPath() []string {
	if s.Command != "" {
		return strings.Fields(s.Command)
	}
	return []string{s.Function.Namespace(), Kebab(s.Function.Name())}
}

// Kebab is a function's name as the CLI writes a command:
// "ApproveMeasure" is "approve-measure".
func Kebab(name string) string {
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('-')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
