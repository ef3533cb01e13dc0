package api

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type node struct {
	Name     string  `json:"name"`
	Children []*node `json:"children,omitempty"`
	Note     string  `json:"-"`
	hidden   int
}

type wrapped struct {
	node
	At string `json:"at"`
}

func describeOf(s Spec) string {
	var b strings.Builder
	s.describe(&b)
	return b.String()
}

func TestShapeFollowsTheJSONFields(t *testing.T) {
	require.Equal(t, "none", shape(nil))
	require.Equal(t, "*api.node{name:string;children,omitempty:[]*api.node;}", shape(reflect.TypeFor[*node]()),
		"a type inside itself is written by name; json:\"-\" and unexported fields are left out")
	require.Equal(t, "api.wrapped{…:api.node{name:string;children,omitempty:[]*api.node;};at:string;}", shape(reflect.TypeFor[wrapped]()))
	require.Equal(t, "map[string][]int64", shape(reflect.TypeFor[map[string][]int64]()))
	require.Equal(t, "api.RawAnswer", shape(reflect.TypeFor[RawAnswer]()), "a named slice is its name")
}

func TestTheDescriptionChangesWithTheWireContractOnly(t *testing.T) {
	base := Spec{Function: "x:F", Roles: []Role{Judge}, Args: []Arg{String("number")}, Returns: reflect.TypeFor[*node](), Events: []string{"case.x"}, Doc: "Does F."}
	same := base
	same.Doc, same.Command = "Does F, said otherwise.", "f"
	require.Equal(t, describeOf(base), describeOf(same), "docs and commands change no call")

	for name, change := range map[string]func(s *Spec){
		"submitted":      func(s *Spec) { s.Submit = true },
		"another role":   func(s *Spec) { s.Roles = []Role{Judge, Clerk} },
		"another arg":    func(s *Spec) { s.Args = append(s.Args, Int("page")) },
		"a wider arg":    func(s *Spec) { s.Args = []Arg{String("number").Within(MaxRequest)} },
		"a transient":    func(s *Spec) { s.Transient = []string{"id"} },
		"another answer": func(s *Spec) { s.Returns = reflect.TypeFor[*wrapped]() },
		"another event":  func(s *Spec) { s.Events = nil },
		"a sweep":        func(s *Spec) { s.Sweeps = true },
	} {
		changed := base
		change(&changed)
		require.NotEqual(t, describeOf(base), describeOf(changed), name)
	}
}

func TestFingerprintIsStable(t *testing.T) {
	f := Fingerprint()
	require.Len(t, f, 64)
	require.Equal(t, f, Fingerprint())
}
