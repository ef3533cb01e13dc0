// Command apidoc writes docs/api.md, the reference of the judicial
// chaincode's wire contract, from the packages under chaincode/api: the
// function specs they register and the doc comments, JSON fields and
// constants of their source. A court's IT team writes a client in another
// language from that page, so it must never drift from the code; the test
// next to this file fails when the committed page differs from what this
// command generates.
//
// Regenerate it with
//
//	go generate ./chaincode/api/internal/apidoc
//
// which runs, in this directory,
//
//	go run . -o ../../../../docs/api.md
//
// Without -o the page goes to standard output. The repository root is
// the module root above the working directory, or -root.
//
// The page's sections follow the capability registry (api.Capabilities,
// in Order), then the other packages under chaincode/api, which declare
// no capability, in alphabetical order.
package main

//go:generate go run . -o ../../../../docs/api.md

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	// Every capability and its function specs, which the page's
	// sections and function tables are made from.
	_ "github.com/courtchain/judicial/chaincode/api/capabilities"
)

const (
	modulePath = "github.com/courtchain/judicial"
	apiPath    = modulePath + "/chaincode/api"
)

func main() {
	root := flag.String("root", "", "repository root (default: the module root above the working directory)")
	output := flag.String("o", "", "write the page to this file instead of standard output, replacing it only once the page is complete")
	flag.Parse()
	if err := run(*root, *output); err != nil {
		fmt.Fprintln(os.Stderr, "apidoc:", err)
		os.Exit(1)
	}
}

func run(root, output string) error {
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
	if output == "" {
		_, err = os.Stdout.Write(out)
		return err
	}
	return writeFile(output, out)
}

// writeFile replaces path with data through a temporary file in the same
// directory and a rename: a reader sees the old page or the new one,
// never part of either.
func writeFile(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file readable by its owner only.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
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
