package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
)

const regenerate = "run `go generate ./chaincode/api/internal/apidoc`"

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := moduleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// generated runs the generator in-process on this repository.
func generated(t *testing.T) (*world, string) {
	t.Helper()
	root := repoRoot(t)
	out, err := generate(root)
	if err != nil {
		t.Fatalf("generating docs/api.md: %v", err)
	}
	w, err := load(root)
	if err != nil {
		t.Fatal(err)
	}
	return w, string(out)
}

// The committed page is what the generator writes: a change to a spec,
// type or comment in chaincode/api must come with the regenerated page.
func TestDocsAPIIsCurrent(t *testing.T) {
	_, got := generated(t)
	want, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "api.md"))
	if err != nil {
		t.Fatalf("reading docs/api.md: %v; %s", err, regenerate)
	}
	if !bytes.Equal(want, []byte(got)) {
		line, gotLine, wantLine := firstDifference(got, string(want))
		t.Fatalf("docs/api.md is out of date: %s.\nFirst difference at line %d:\n  generated: %q\n  committed: %q",
			regenerate, line, gotLine, wantLine)
	}
}

func firstDifference(a, b string) (int, string, string) {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; ; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y || i >= len(al) || i >= len(bl) {
			return i + 1, x, y
		}
	}
}

var (
	anchorRE = regexp.MustCompile(`<a id="([^"]+)"></a>`)
	linkRE   = regexp.MustCompile(`\]\(#([^)]*)\)`)
)

func anchors(t *testing.T, page string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, m := range anchorRE.FindAllStringSubmatch(page, -1) {
		if out[m[1]] {
			t.Errorf("anchor %q is defined twice", m[1])
		}
		out[m[1]] = true
	}
	return out
}

// The page must not name a type it does not describe: every request type
// an argument names and every answer type resolves to a section.
func TestSpecTypesAreDocumented(t *testing.T) {
	w, page := generated(t)
	defined := anchors(t, page)
	specs := api.Specs()
	if len(specs) == 0 {
		t.Fatal("no specs registered: the capability packages are not imported")
	}
	check := func(s *api.Spec, what, rendered string, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s %s: %v", s.Function, what, err)
			return
		}
		for _, m := range linkRE.FindAllStringSubmatch(rendered, -1) {
			if !defined[m[1]] {
				t.Errorf("%s %s links #%s, which docs/api.md does not define", s.Function, what, m[1])
			}
		}
	}
	for _, s := range specs {
		p := w.namespaces[s.Function.Namespace()]
		if p == nil {
			t.Errorf("%s: namespace belongs to no documented package", s.Function)
			continue
		}
		for _, a := range s.Args {
			rendered, err := w.argType(p, a)
			check(s, "argument "+a.Name, rendered, err)
		}
		rendered, err := w.returnType(p, s.Returns)
		check(s, "returns", rendered, err)
	}
}

// The type strings specs use, in each of their forms.
func TestSpecTypeStrings(t *testing.T) {
	w, _ := generated(t)
	evidence := w.byName["evidence"]
	for _, c := range []struct{ typ, want string }{
		{"[]Version", "array of object [evidence.Version](#evidence-version)"},
		{"Record", "object [evidence.Record](#evidence-record)"},
		{"cases.Case", "object [cases.Case](#cases-case)"},
		{"api.Actor", "object [api.Actor](#api-actor)"},
		{"[]string", "array of string"},
	} {
		got, err := w.specType(evidence, c.typ)
		if err != nil || got != c.want {
			t.Errorf("returns %q: got %q, %v; want %q", c.typ, got, err, c.want)
		}
	}
	for _, a := range []api.Arg{api.String("s"), api.Int("i"), api.Amount("a"), api.Digest("d"), api.Pseudonym("p"), api.Time("t"), api.Bool("b")} {
		got, err := w.argType(evidence, a)
		if want := "[" + string(a.Form) + "](#" + argFormsAnchor + ")"; err != nil || got != want {
			t.Errorf("argument %q: got %q, %v; want %q", a.Form, got, err, want)
		}
		if !isArgForm(string(a.Form)) {
			t.Errorf("form %q has no row in the table of argument forms", a.Form)
		}
	}
	for _, bad := range []string{"Nope", "cases.Nope", "nowhere.Thing", "a b c"} {
		if got, err := w.specType(evidence, bad); err == nil {
			t.Errorf("argument %q rendered as %q; want an error", bad, got)
		}
	}
}

// Every link on the page lands on a section of it.
func TestLinksResolve(t *testing.T) {
	_, page := generated(t)
	defined := anchors(t, page)
	for _, m := range linkRE.FindAllStringSubmatch(page, -1) {
		if !defined[m[1]] {
			t.Errorf("docs/api.md links #%s, which it does not define", m[1])
		}
	}
}

// encoding/json flattens an untagged embedded struct: enforcement.Case
// is one object holding cases.Case's members and its own.
func TestEmbeddedStructsAreFlattened(t *testing.T) {
	w, _ := generated(t)
	fields, embeds, err := w.fields(w.byName["enforcement"], "Case")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range fields {
		if names[f.name] {
			t.Errorf("member %q listed twice", f.name)
		}
		names[f.name] = true
	}
	for _, want := range []string{"number", "amountDue", "openedBy", "collected", "settlement"} {
		if !names[want] {
			t.Errorf("enforcement.Case lacks member %q; has %v", want, names)
		}
	}
	if names["Case"] {
		t.Error("the embedded cases.Case is listed as a member")
	}
	if len(embeds) != 1 || !strings.Contains(embeds[0], "cases.Case") {
		t.Errorf("embeds = %v; want cases.Case", embeds)
	}
}

// A capability's section gives its title and namespaces; a function's
// row its events and CLI command; the deadline kinds have a table of
// their own, each kind naming its capability.
func TestCapabilitySectionsAndKinds(t *testing.T) {
	w, page := generated(t)
	var order []string
	for _, p := range w.caps {
		order = append(order, p.name)
	}
	var caps []string
	for _, c := range api.Capabilities() {
		caps = append(caps, c.Name)
		if !strings.Contains(page, "**"+c.Title+".**") {
			t.Errorf("the section of %s lacks its title", c.Name)
		}
	}
	if len(order) < len(caps) || !slices.Equal(order[:len(caps)], caps) {
		t.Fatalf("sections %v do not start with the capabilities in order %v", order, caps)
	}
	if rest := order[len(caps):]; !slices.IsSorted(rest) || !slices.Contains(rest, "cases") {
		t.Errorf("the packages without a capability are %v; want them in name order, cases among them", rest)
	}
	for _, want := range []string{
		"Go package `github.com/courtchain/judicial/chaincode/api/evidence`; namespaces `evidence`, `service`.",
		"| `judicial enforcement measure approve` |",
		"| `judicial evidence anchor-batch` |",
		"`deadline.setAside`, `filing.docketed`",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("docs/api.md lacks %q", want)
		}
	}
	for _, k := range api.DeadlineKinds() {
		c := slices.IndexFunc(api.Capabilities(), func(c api.Capability) bool {
			return slices.ContainsFunc(c.Kinds, func(o api.DeadlineKind) bool { return o.Name == k.Name })
		})
		row := "| `" + k.Name + "` | [" + caps[c] + "](#pkg-" + caps[c] + ") | "
		if !strings.Contains(page, row) {
			t.Errorf("the deadline kinds lack %q", row)
		}
	}
}

// -o replaces the file with the whole page, readable by all, and leaves
// nothing else in its directory.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "api.md")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(repoRoot(t), path); err != nil {
		t.Fatal(err)
	}
	_, want := generated(t)
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("-o wrote %d bytes (%v); want the page's %d", len(got), err, len(want))
	}
	if fi, err := os.Stat(path); err != nil {
		t.Error(err)
	} else if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v; want 0644", fi.Mode())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files left in the directory; want the page alone", len(entries))
	}
}
