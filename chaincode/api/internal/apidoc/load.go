package main

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
)

// world is the parsed source of chaincode/api and the packages below it.
type world struct {
	fset *token.FileSet
	// api is the root package; caps are the packages below it in the
	// page's order (see load).
	api  *pkgInfo
	caps []*pkgInfo
	// byPath finds a package by import path, byName by package name (spec
	// strings such as "cases.Case" qualify types by package name).
	byPath map[string]*pkgInfo
	byName map[string]*pkgInfo
	// namespaces maps a function namespace to the package declaring it.
	namespaces map[string]*pkgInfo
}

// pkgInfo is one package's documentation and what is needed to evaluate
// its constants and resolve the types its fields name.
type pkgInfo struct {
	name       string
	importPath string
	// cap is the capability the package declares, as registered; the
	// zero Capability for a package that declares none.
	cap api.Capability
	// declaresCapability: the package's source calls
	// api.DeclareCapability.
	declaresCapability bool
	doc                *doc.Package
	// imports maps the names this package's files import under to import
	// paths.
	imports map[string]string
	// consts holds every package-level constant, exported or not, as
	// parsed before go/doc drops the unexported ones: an exported value
	// may be computed from an unexported one.
	consts map[string]*constDef
	// types holds every exported type declaration.
	types map[string]*ast.TypeSpec
}

// constDef is one constant's defining expression and, once evaluated,
// its value.
type constDef struct {
	expr  ast.Expr
	iota  int
	doc   string
	value constant.Value
	busy  bool // being evaluated: a cycle is an error, not a hang
}

// load parses the root package and the packages below chaincode/api in
// the page's order: the registered capabilities in their Order, then the
// packages that declare none, alphabetically (they hold records and rules
// the capabilities share, and no order among them is more telling).
func load(root string) (*world, error) {
	w := &world{
		fset:       token.NewFileSet(),
		byPath:     map[string]*pkgInfo{},
		byName:     map[string]*pkgInfo{},
		namespaces: map[string]*pkgInfo{},
	}
	var err error
	if w.api, err = w.parse(root, apiPath, api.Capability{}); err != nil {
		return nil, err
	}
	for _, c := range api.Capabilities() {
		p, err := w.parse(root, apiPath+"/"+c.Name, c)
		if err != nil {
			return nil, fmt.Errorf("capability %s: %w", c.Name, err)
		}
		w.caps = append(w.caps, p)
		for _, ns := range c.Namespaces {
			w.namespaces[ns] = p
		}
	}
	others, err := packageDirs(root)
	if err != nil {
		return nil, err
	}
	for _, name := range others {
		if w.byPath[apiPath+"/"+name] != nil {
			continue
		}
		p, err := w.parse(root, apiPath+"/"+name, api.Capability{})
		if err != nil {
			return nil, err
		}
		if p.declaresCapability {
			return nil, fmt.Errorf("chaincode/api/%s declares a capability that is not registered: import _ %q in chaincode/api/capabilities", name, p.importPath)
		}
		if p.exportsNothing() {
			continue // chaincode/api/capabilities: no part of the wire contract
		}
		w.caps = append(w.caps, p)
	}
	return w, nil
}

// exportsNothing: the package declares nothing a client could use.
func (p *pkgInfo) exportsNothing() bool {
	d := p.doc
	return len(d.Consts)+len(d.Types)+len(d.Vars)+len(d.Funcs) == 0
}

// packageDirs lists the directories below chaincode/api that hold a
// package, in name order; internal and testdata are not part of the
// wire contract.
func packageDirs(root string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, "chaincode", "api"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "internal" || e.Name() == "testdata" {
			continue
		}
		gofiles, err := filepath.Glob(filepath.Join(root, "chaincode", "api", e.Name(), "*.go"))
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(gofiles, func(f string) bool { return !strings.HasSuffix(f, "_test.go") }) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// parse reads the non-test Go files of the package at importPath.
func (w *world) parse(root, importPath string, c api.Capability) (*pkgInfo, error) {
	dir := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(importPath, modulePath+"/")))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	p := &pkgInfo{
		importPath: importPath,
		cap:        c,
		imports:    map[string]string{},
		consts:     map[string]*constDef{},
		types:      map[string]*ast.TypeSpec{},
	}
	var files []*ast.File
	// ReadDir sorts by name, so positions, and with them the order of
	// declarations across files, are the same on every run.
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(w.fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		if err := p.index(f); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no Go files", dir)
	}
	p.name = files[0].Name.Name
	// Mode 0 keeps exported declarations only, as a reader of the wire
	// contract should see it.
	if p.doc, err = doc.NewFromFiles(w.fset, files, importPath); err != nil {
		return nil, err
	}
	w.byPath[importPath] = p
	w.byName[p.name] = p
	return p, nil
}

// index records a file's imports, constants and exported types.
func (p *pkgInfo) index(f *ast.File) error {
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := path[strings.LastIndex(path, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "_" {
			continue // linked for its side effects, named nowhere
		}
		if old, ok := p.imports[name]; ok && old != path {
			return fmt.Errorf("%s imports both %s and %s; apidoc needs one meaning per name", name, old, path)
		}
		p.imports[name] = path
	}
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok {
			continue
		}
		switch g.Tok {
		case token.TYPE:
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				if ts.Name.IsExported() {
					p.types[ts.Name.Name] = ts
				}
			}
		case token.VAR:
			for _, s := range g.Specs {
				for _, v := range s.(*ast.ValueSpec).Values {
					p.declaresCapability = p.declaresCapability || calls(v, "DeclareCapability")
				}
			}
		case token.CONST:
			// A spec without values repeats the previous expression
			// list, with iota counting specs.
			var last []ast.Expr
			for i, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				if len(vs.Values) > 0 {
					last = vs.Values
				}
				for j, n := range vs.Names {
					if j >= len(last) {
						return fmt.Errorf("constant %s has no value", n.Name)
					}
					p.consts[n.Name] = &constDef{expr: last[j], iota: i, doc: specDoc(vs)}
				}
			}
		}
	}
	return nil
}

// specDoc is the comment of one spec of a group: the one above it, and
// the one at the end of its line.
func specDoc(vs *ast.ValueSpec) string {
	return strings.TrimSpace(vs.Doc.Text() + "\n" + vs.Comment.Text())
}

// constValue evaluates the constant name declared in p.
func (w *world) constValue(p *pkgInfo, name string) (constant.Value, error) {
	c, ok := p.consts[name]
	if !ok {
		return nil, fmt.Errorf("%s.%s is not a constant apidoc can see", p.name, name)
	}
	if c.value != nil {
		return c.value, nil
	}
	if c.busy {
		return nil, fmt.Errorf("constant %s.%s refers to itself", p.name, name)
	}
	c.busy = true
	defer func() { c.busy = false }()
	v, err := w.eval(p, c.iota, c.expr)
	if err != nil {
		return nil, fmt.Errorf("constant %s.%s: %w", p.name, name, err)
	}
	c.value = v
	return v, nil
}

// eval computes a constant expression in p. It covers what the api
// packages write (literals, other constants, arithmetic, shifts,
// conversions); anything else is an error rather than a guessed value.
func (w *world) eval(p *pkgInfo, iota int, e ast.Expr) (constant.Value, error) {
	switch e := e.(type) {
	case *ast.BasicLit:
		v := constant.MakeFromLiteral(e.Value, e.Kind, 0)
		if v.Kind() == constant.Unknown {
			return nil, fmt.Errorf("bad literal %s", e.Value)
		}
		return v, nil
	case *ast.Ident:
		switch e.Name {
		case "iota":
			return constant.MakeInt64(int64(iota)), nil
		case "true", "false":
			return constant.MakeBool(e.Name == "true"), nil
		}
		return w.constValue(p, e.Name)
	case *ast.SelectorExpr:
		q, ok := e.X.(*ast.Ident)
		if !ok {
			break
		}
		other := w.byPath[p.imports[q.Name]]
		if other == nil {
			return nil, fmt.Errorf("%s.%s: package %s is not one apidoc reads", q.Name, e.Sel.Name, q.Name)
		}
		return w.constValue(other, e.Sel.Name)
	case *ast.ParenExpr:
		return w.eval(p, iota, e.X)
	case *ast.CallExpr:
		// A conversion such as int64(1) or api.Role("judge") keeps the
		// value; JSON does not see Go's types.
		if len(e.Args) == 1 {
			return w.eval(p, iota, e.Args[0])
		}
	case *ast.UnaryExpr:
		x, err := w.eval(p, iota, e.X)
		if err != nil {
			return nil, err
		}
		return constant.UnaryOp(e.Op, x, 0), nil
	case *ast.BinaryExpr:
		x, err := w.eval(p, iota, e.X)
		if err != nil {
			return nil, err
		}
		y, err := w.eval(p, iota, e.Y)
		if err != nil {
			return nil, err
		}
		switch e.Op {
		case token.SHL, token.SHR:
			s, ok := constant.Uint64Val(y)
			if !ok {
				return nil, fmt.Errorf("bad shift count %s", y)
			}
			return constant.Shift(x, e.Op, uint(s)), nil
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			return constant.MakeBool(constant.Compare(x, e.Op, y)), nil
		case token.QUO:
			// Go divides integer constants as integers.
			if x.Kind() == constant.Int && y.Kind() == constant.Int {
				return constant.BinaryOp(x, token.QUO_ASSIGN, y), nil
			}
		}
		return constant.BinaryOp(x, e.Op, y), nil
	}
	return nil, fmt.Errorf("cannot evaluate %T", e)
}

// values lists a package's exported constant and variable groups in
// source order. go/doc files groups of a type's constants under the type
// and sorts the rest by name; the source's order is the author's.
func (p *pkgInfo) values() []*doc.Value {
	all := append(slices.Clone(p.doc.Consts), p.doc.Vars...)
	for _, t := range p.doc.Types {
		all = append(all, t.Consts...)
		all = append(all, t.Vars...)
	}
	// The functions' declarations are the function tables, and the
	// capability's declaration its section's head and the deadline kinds.
	all = slices.DeleteFunc(all, func(v *doc.Value) bool {
		return declaresWith(v, "Declare") || declaresWith(v, "DeclareCapability")
	})
	slices.SortFunc(all, func(a, b *doc.Value) int { return int(a.Decl.Pos() - b.Decl.Pos()) })
	return all
}

// structs lists a package's exported struct types in source order.
func (p *pkgInfo) structs() []*doc.Type {
	var out []*doc.Type
	for _, t := range p.doc.Types {
		if _, ok := p.types[t.Name].Type.(*ast.StructType); ok {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *doc.Type) int { return int(p.types[a.Name].Pos() - p.types[b.Name].Pos()) })
	return out
}

// declaresWith tells a var block of declarations made with the api
// function of this name (api.Declare, api.DeclareCapability) from other
// values.
func declaresWith(v *doc.Value, name string) bool {
	for _, spec := range v.Decl.Specs {
		if vs, ok := spec.(*ast.ValueSpec); ok && len(vs.Values) > 0 && calls(vs.Values[0], name) {
			return true
		}
	}
	return false
}

// calls tells whether e calls a function of another package by this
// name, generic or not: api.Declare[T](...), api.DeclareCapability(...).
func calls(e ast.Expr, name string) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	fun := call.Fun
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X
	}
	sel, ok := fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == name
}
