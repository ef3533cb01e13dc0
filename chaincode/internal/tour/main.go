// Command tour measures how a package's files depend on each other, the
// two figures docs/architecture.md gives for chaincode/enforcement:
//
//   - pairs: how many pairs of the package's files reference each other,
//     one using a package-level name the other declares (a method's
//     receiver type counts);
//   - with -from, the path of one function's calls through the files, in
//     the order the code is written: each call into a function of the
//     package enters the callee's file and comes back, every branch
//     walked, each function's body followed the first time it is
//     called. It prints the files entered and how often the path
//     returns to a file it had left.
//
// Test files are left out. Run it from the module root:
//
//	go run ./chaincode/internal/tour -dir chaincode/enforcement -from Contract.ReportPropertyClue
//
// It type-checks the package from source; it is a single file, so that
// it runs on an older checkout too (go run /path/to/tour/main.go there).
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	dir := flag.String("dir", ".", "the package's directory")
	from := flag.String("from", "", "a function (Name) or method (Type.Name) to follow")
	flag.Parse()
	p, err := load(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
	pairs, n := p.pairs()
	fmt.Printf("%d files; %d of %d pairs reference each other\n", len(p.files), len(pairs), n)
	for _, pair := range pairs {
		fmt.Printf("  %s %s\n", pair[0], pair[1])
	}
	if *from == "" {
		return
	}
	stays, err := p.path(*from)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tour:", err)
		os.Exit(1)
	}
	entered := len(slices.Compact(slices.Sorted(slices.Values(stays))))
	fmt.Printf("%s: %d files entered, %d returns to a file already left\n  %s\n",
		*from, entered, len(stays)-entered, strings.Join(stays, " → "))
}

// pkg is a type-checked package and its functions' declarations.
type pkg struct {
	fset  *token.FileSet
	files []*ast.File
	types *types.Package
	info  *types.Info
	funcs map[types.Object]*ast.FuncDecl
}

func load(dir string) (*pkg, error) {
	p := &pkg{fset: token.NewFileSet(), funcs: map[types.Object]*ast.FuncDecl{},
		info: &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}}
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(p.fset, name, nil, 0)
		if err != nil {
			return nil, err
		}
		p.files = append(p.files, f)
	}
	if len(p.files) == 0 {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	// Without cgo the source importer runs no C compiler: it would leave
	// its objects in the temporary folder, and the pure-Go fallbacks of
	// the standard library type-check the same.
	build.Default.CgoEnabled = false
	conf := types.Config{Importer: importer.ForCompiler(p.fset, "source", nil)}
	if p.types, err = conf.Check(p.files[0].Name.Name, p.fset, p.files, p.info); err != nil {
		return nil, err
	}
	for _, f := range p.files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				p.funcs[p.info.Defs[fd.Name]] = fd
			}
		}
	}
	return p, nil
}

func (p *pkg) file(n ast.Node) string { return filepath.Base(p.fset.Position(n.Pos()).Filename) }

// pairs lists the pairs of files that reference each other, and how many
// pairs there are.
func (p *pkg) pairs() ([][2]string, int) {
	seen := map[[2]string]bool{}
	for id, obj := range p.info.Uses {
		if obj.Pkg() != p.types || !p.declaredAtTop(obj) {
			continue
		}
		a, b := p.file(id), filepath.Base(p.fset.Position(obj.Pos()).Filename)
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		seen[[2]string{a, b}] = true
	}
	out := slices.SortedFunc(func(yield func([2]string) bool) {
		for k := range seen {
			if !yield(k) {
				return
			}
		}
	}, func(x, y [2]string) int { return strings.Compare(x[0]+" "+x[1], y[0]+" "+y[1]) })
	return out, len(p.files) * (len(p.files) - 1) / 2
}

// declaredAtTop: a package-level name, or a method.
func (p *pkg) declaredAtTop(obj types.Object) bool {
	if obj.Parent() == p.types.Scope() {
		return true
	}
	f, ok := obj.(*types.Func)
	return ok && f.Signature().Recv() != nil
}

// path follows the calls of the function named from and lists the files
// it stays in, in order.
func (p *pkg) path(from string) ([]string, error) {
	var start *ast.FuncDecl
	for _, fd := range p.funcs {
		if name(fd) == from {
			start = fd
		}
	}
	if start == nil {
		return nil, fmt.Errorf("no function %s in package %s", from, p.types.Name())
	}
	var stays []string
	stay := func(file string) {
		if len(stays) == 0 || stays[len(stays)-1] != file {
			stays = append(stays, file)
		}
	}
	followed := map[*ast.FuncDecl]bool{}
	var follow func(fd *ast.FuncDecl)
	follow = func(fd *ast.FuncDecl) {
		followed[fd] = true
		here := p.file(fd)
		stay(here)
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			callee := p.callee(n)
			if callee == nil {
				return true
			}
			if followed[callee] {
				stay(p.file(callee))
			} else {
				follow(callee)
			}
			stay(here)
			return true
		})
	}
	follow(start)
	return stays, nil
}

// callee is the package's function n calls, if n is such a call.
func (p *pkg) callee(n ast.Node) *ast.FuncDecl {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return nil
	}
	var id *ast.Ident
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		id = fn
	case *ast.SelectorExpr:
		id = fn.Sel
	}
	if id == nil {
		return nil
	}
	return p.funcs[p.info.Uses[id]]
}

// name is Name, or Type.Name for a method.
func name(fd *ast.FuncDecl) string {
	if fd.Recv == nil {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}
