// Command apidoc writes docs/api.md, the reference of the judicial
// chaincode's wire contract, from the packages under chaincode/api: the
// function specs they register and the doc comments, JSON fields and
// constants of their source. A court's IT team writes a client in another
// language from that page, so it must never drift from the code; the test
// next to this file fails when the committed page differs from what this
// command generates.
//
// Run it from the repository root:
//
//	go run ./chaincode/api/internal/apidoc > docs/api.md
//
// or anywhere with -root pointing at the repository root.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	// Importing the capability packages runs their init functions, which
	// register the specs that api.Specs returns. Every package listed in
	// capabilities must be imported here.
	_ "github.com/courtchain/judicial/chaincode/api/calendar"
	_ "github.com/courtchain/judicial/chaincode/api/cases"
	_ "github.com/courtchain/judicial/chaincode/api/credit"
	_ "github.com/courtchain/judicial/chaincode/api/deadline"
	_ "github.com/courtchain/judicial/chaincode/api/enforcement"
	_ "github.com/courtchain/judicial/chaincode/api/evidence"
	_ "github.com/courtchain/judicial/chaincode/api/idnumber"
	_ "github.com/courtchain/judicial/chaincode/api/mediation"
	_ "github.com/courtchain/judicial/chaincode/api/system"
)

const (
	modulePath = "github.com/courtchain/judicial"
	apiPath    = modulePath + "/chaincode/api"
)

// capability is one package below chaincode/api and the namespaces of the
// chaincode functions it declares.
type capability struct {
	name       string
	namespaces []string
}

// capabilities is the order of the page: housekeeping first, then the
// flow of a case from evidence to credit listings, then the packages
// that only describe records and rules (cases, idnumber).
var capabilities = []capability{
	{"system", []string{"system"}},
	{"evidence", []string{"evidence", "service"}},
	{"mediation", []string{"mediation"}},
	{"deadline", []string{"deadline"}},
	{"enforcement", []string{"enforcement"}},
	{"credit", []string{"credit"}},
	{"cases", nil},
	{"idnumber", nil},
	{"calendar", nil},
}

func main() {
	root := flag.String("root", "", "repository root (default: the module root above the working directory)")
	flag.Parse()
	if err := run(*root); err != nil {
		fmt.Fprintln(os.Stderr, "apidoc:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	if root == "" {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		if root, err = moduleRoot(wd); err != nil {
			return err
		}
	}
	// Generate everything before writing anything, so that a failure
	// never leaves half a page behind.
	out, err := generate(root)
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(out)
	return err
}

// generate renders the page for the repository at root.
func generate(root string) ([]byte, error) {
	w, err := load(root)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := w.render(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// moduleRoot finds the directory of this module's go.mod at or above dir.
func moduleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil {
			if path := modulePathOf(data); path != modulePath {
				return "", fmt.Errorf("%s is module %q, not %s: give -root", dir, path, modulePath)
			}
			return dir, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: give -root")
		}
		dir = parent
	}
}

// modulePathOf reads the module directive of a go.mod file (stdlib has no
// go.mod parser, and the directive is one line).
func modulePathOf(gomod []byte) string {
	for line := range strings.Lines(string(gomod)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
