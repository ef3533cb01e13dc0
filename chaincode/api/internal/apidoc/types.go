package main

import (
	"fmt"

	"github.com/courtchain/judicial/chaincode/api"
	"go/ast"
	"go/parser"
	"reflect"
	"strconv"
	"strings"
)

// argForms are the argument types of api.Arg that are not Go types but
// strings of a form: Fabric passes every argument as a string.
var argForms = []struct{ name, desc string }{
	{"string", "Any text, passed as it is."},
	{"int", "A decimal integer, such as `1500`."},
	{"digest", "64 hexadecimal characters: a 32-byte SHA-256 or SM3 digest. Either case is accepted; the ledger stores lower case. The algorithm travels in its own argument or field (see the digest algorithms under [Other constants and variables](#api-constants))."},
	{"pseudonym", "64 lower-case hexadecimal characters: the pseudonym of a resident ID number (see [idnumber](#pkg-idnumber))."},
	{"time", "An RFC 3339 time, such as `2026-01-05T08:00:00Z`."},
	{"bool", "`true` or `false`."},
}

const argFormsAnchor = "argument-forms"

func isArgForm(s string) bool {
	for _, f := range argForms {
		if f.name == s {
			return true
		}
	}
	return false
}

// builtinJSON names Go's predeclared types as JSON sees them.
var builtinJSON = map[string]string{
	"string": "string", "bool": "boolean",
	"int": "integer", "int8": "integer", "int16": "integer", "int32": "integer", "int64": "integer",
	"uint": "integer", "uint8": "integer", "uint16": "integer", "uint32": "integer", "uint64": "integer",
	"byte": "integer", "rune": "integer",
	"float32": "number", "float64": "number",
	"any": "any JSON value",
}

// foreignJSON names the types of other packages that encoding/json
// encodes in a way of their own.
var foreignJSON = map[string]string{
	"time.Time":                "RFC 3339 time (string)",
	"encoding/json.RawMessage": "any JSON value",
}

// namedAnchors are the root package's non-struct types that the page
// describes in a section of their own: a field of such a type links there.
var namedAnchors = map[string]struct{ text, anchor string }{
	"Role": {"role", "roles"},
	"Code": {"error code", "error-codes"},
	"Org":  {"org kind", "roles"},
}

// scope resolves the names in a type expression: idents in pkg,
// qualified names through imports.
type scope struct {
	pkg     *pkgInfo
	imports map[string]string
}

func (p *pkgInfo) scope() scope { return scope{p, p.imports} }

// specScope resolves a spec's type string: unqualified names are the
// package's own, and qualifiers are package names ("cases.Case").
func (w *world) specScope(p *pkgInfo) scope {
	imports := map[string]string{}
	for name, q := range w.byName {
		imports[name] = q.importPath
	}
	return scope{p, imports}
}

// argType renders an argument's type: a string form, or the JSON type a
// document of the argument holds.
func (w *world) argType(p *pkgInfo, a api.Arg) (string, error) {
	if a.Form != api.FormJSON {
		return "[" + string(a.Form) + "](#" + argFormsAnchor + ")", nil
	}
	return w.specType(p, a.Type.String())
}

// returnType renders the type of a function's answer.
func (w *world) returnType(p *pkgInfo, typ reflect.Type) (string, error) {
	if typ == nil {
		return "nothing", nil
	}
	return w.specType(p, typ.String())
}

func (w *world) specType(p *pkgInfo, typ string) (string, error) {
	e, err := parser.ParseExpr(typ)
	if err != nil {
		return "", fmt.Errorf("%q is neither an argument form nor a Go type", typ)
	}
	return w.jsonType(w.specScope(p), e)
}

// jsonType renders a Go type expression in JSON terms, linking the
// structs the page documents. A type the page does not describe is an
// error: the page must not name what it does not explain.
func (w *world) jsonType(sc scope, e ast.Expr) (string, error) {
	switch e := e.(type) {
	case *ast.Ident:
		if s, ok := builtinJSON[e.Name]; ok {
			return s, nil
		}
		return w.namedType(sc.pkg, e.Name)
	case *ast.SelectorExpr:
		q, ok := e.X.(*ast.Ident)
		if !ok {
			break
		}
		path := sc.imports[q.Name]
		if s, ok := foreignJSON[path+"."+e.Sel.Name]; ok {
			return s, nil
		}
		p := w.byPath[path]
		if p == nil {
			return "", fmt.Errorf("type %s.%s is from a package apidoc does not document", q.Name, e.Sel.Name)
		}
		return w.namedType(p, e.Sel.Name)
	case *ast.StarExpr:
		// A pointer is the same JSON; nil is null (see the conventions).
		return w.jsonType(sc, e.X)
	case *ast.ArrayType:
		if id, ok := e.Elt.(*ast.Ident); ok && id.Name == "byte" && e.Len == nil {
			return "base64 string", nil
		}
		elt, err := w.jsonType(sc, e.Elt)
		if err != nil {
			return "", err
		}
		return "array of " + elt, nil
	case *ast.MapType:
		if k, ok := e.Key.(*ast.Ident); !ok || k.Name != "string" {
			break
		}
		v, err := w.jsonType(sc, e.Value)
		if err != nil {
			return "", err
		}
		return "object mapping strings to " + v, nil
	case *ast.InterfaceType:
		return "any JSON value", nil
	}
	return "", fmt.Errorf("apidoc cannot render the type %T in JSON terms", e)
}

// namedType renders a type declared in p.
func (w *world) namedType(p *pkgInfo, name string) (string, error) {
	ts, ok := p.types[name]
	if !ok {
		return "", fmt.Errorf("%s.%s is not an exported type", p.name, name)
	}
	if ts.Assign.IsValid() { // an alias is the type it names
		return w.jsonType(p.scope(), ts.Type)
	}
	if _, ok := ts.Type.(*ast.StructType); ok {
		if !w.documented(p, name) {
			return "", fmt.Errorf("%s.%s is not documented as a JSON type (a struct without json tags is Go-only)", p.name, name)
		}
		return "object " + typeLink(p, name), nil
	}
	under, err := w.jsonType(p.scope(), ts.Type)
	if err != nil {
		return "", err
	}
	if a, ok := namedAnchors[name]; ok && p == w.api {
		return under + " (a [" + a.text + "](#" + a.anchor + "))", nil
	}
	return under, nil
}

// documented tells whether the page has a section for struct type name of
// p. In a capability package every exported struct is on the wire; the
// root package also holds Go-only structs (Spec, Arg, Error), which carry
// no json tags.
func (w *world) documented(p *pkgInfo, name string) bool {
	ts, ok := p.types[name]
	if !ok {
		return false
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		return false
	}
	return p != w.api || hasJSONTags(st)
}

func hasJSONTags(st *ast.StructType) bool {
	for _, f := range st.Fields.List {
		if _, ok := jsonTag(f); ok {
			return true
		}
	}
	return false
}

// typeLink is the link to a documented struct; names are always
// qualified, because packages reuse them (evidence.Version,
// credit.Version).
func typeLink(p *pkgInfo, name string) string {
	return "[" + p.name + "." + name + "](#" + typeAnchor(p, name) + ")"
}

func typeAnchor(p *pkgInfo, name string) string {
	return strings.ToLower(p.name + "-" + name)
}

// jsonField is one member of a struct's JSON object.
type jsonField struct {
	name     string
	goName   string
	typ      string
	optional bool
	doc      string
	// from is the embedded struct the field comes from ("" for its own).
	from  string
	depth int
	pkg   *pkgInfo // whose comments doc is
}

// jsonTag reads a field's json tag.
func jsonTag(f *ast.Field) (string, bool) {
	if f.Tag == nil {
		return "", false
	}
	tag, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return "", false
	}
	return reflect.StructTag(tag).Lookup("json")
}

// fields lists the JSON members of the struct type name of p as
// encoding/json writes them: untagged embedded structs are flattened into
// the outer object, and a shallower field hides a deeper one of the same
// name.
func (w *world) fields(p *pkgInfo, name string) ([]jsonField, []string, error) {
	all, embeds, err := w.collect(p, name, 0, "")
	if err != nil {
		return nil, nil, err
	}
	shallowest := map[string]int{}
	count := map[string]int{}
	for _, f := range all {
		if d, ok := shallowest[f.name]; !ok || f.depth < d {
			shallowest[f.name] = f.depth
			count[f.name] = 0
		}
		if f.depth == shallowest[f.name] {
			count[f.name]++
		}
	}
	var out []jsonField
	for _, f := range all {
		if f.depth != shallowest[f.name] {
			continue
		}
		if count[f.name] > 1 {
			// encoding/json drops such a field; the page would mislead.
			return nil, nil, fmt.Errorf("%s.%s: JSON field %q is ambiguous between embedded structs", p.name, name, f.name)
		}
		out = append(out, f)
	}
	return out, embeds, nil
}

func (w *world) collect(p *pkgInfo, name string, depth int, from string) ([]jsonField, []string, error) {
	ts, ok := p.types[name]
	if !ok {
		return nil, nil, fmt.Errorf("%s.%s is not an exported type", p.name, name)
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		return nil, nil, fmt.Errorf("%s.%s is not a struct", p.name, name)
	}
	var out []jsonField
	var embeds []string
	for _, f := range st.Fields.List {
		tag, _ := jsonTag(f)
		jsonName, opts, _ := strings.Cut(tag, ",")
		if jsonName == "-" && opts == "" {
			continue
		}
		optional := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		doc := strings.TrimSpace(f.Doc.Text() + "\n" + f.Comment.Text())

		if len(f.Names) == 0 && jsonName == "" {
			if ep, ename, ok := w.embeddedStruct(p, f.Type); ok {
				inner, _, err := w.collect(ep, ename, depth+1, ep.name+"."+ename)
				if err != nil {
					return nil, nil, err
				}
				out = append(out, inner...)
				embeds = append(embeds, typeLink(ep, ename))
				continue
			}
		}
		typ, err := w.jsonType(p.scope(), f.Type)
		if err != nil {
			return nil, nil, fmt.Errorf("%s.%s: %w", p.name, name, err)
		}
		names := f.Names
		if len(names) == 0 { // embedded non-struct: named after its type
			names = []*ast.Ident{ast.NewIdent(embeddedName(f.Type))}
		}
		for _, n := range names {
			if !n.IsExported() {
				continue
			}
			jf := jsonField{name: jsonName, goName: n.Name, typ: typ, optional: optional, doc: doc, from: from, depth: depth, pkg: p}
			if jf.name == "" {
				jf.name = n.Name
			}
			out = append(out, jf)
		}
	}
	return out, embeds, nil
}

// embeddedStruct resolves an embedded field's type to a struct the
// page documents.
func (w *world) embeddedStruct(p *pkgInfo, e ast.Expr) (*pkgInfo, string, bool) {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	switch e := e.(type) {
	case *ast.Ident:
		return p, e.Name, w.documented(p, e.Name)
	case *ast.SelectorExpr:
		if q, ok := e.X.(*ast.Ident); ok {
			if ep := w.byPath[p.imports[q.Name]]; ep != nil {
				return ep, e.Sel.Name, w.documented(ep, e.Sel.Name)
			}
		}
	}
	return nil, "", false
}

func embeddedName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return embeddedName(e.X)
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return ""
}
