package portal

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// The certificate page verifies an evidence certificate in the browser,
// offline: package certificate compiled to WebAssembly (`make wasm`)
// checks it against the trust file this court publishes at /trust.json
// (or one the reader brings). The server only answers, online, what the
// certificate cannot: the record's status now.

// wasmFiles are what `make wasm` writes into Options.Verifier.
const (
	wasmFile     = "certificate.wasm"
	wasmExecFile = "wasm_exec.js"
)

// certificatePage serves the page; its script may instantiate
// WebAssembly, which the default policy forbids.
func (s *Server) certificatePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'")
	s.servePage(w, "static/certificate.html")
}

// verifier serves the WebAssembly verifier and Go's loader for it, the
// verifier compressed once when the browser takes gzip (it is large).
func (s *Server) verifier(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if s.opts.Verifier == "" || (name != wasmFile && name != wasmExecFile) {
		writeError(w, http.StatusNotFound, "this portal serves no certificate verifier: build it with `make wasm` and start the portal with --verifier")
		return
	}
	path := filepath.Join(s.opts.Verifier, name)
	if name == wasmExecFile {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeFile(w, r, path)
		return
	}
	w.Header().Set("Content-Type", "application/wasm")
	if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		http.ServeFile(w, r, path)
		return
	}
	gz, err := s.compressed(path)
	if err != nil {
		s.opts.Logger.Error("verifier", "file", path, "error", err)
		writeError(w, http.StatusInternalServerError, "the verifier could not be read")
		return
	}
	w.Header().Set("Content-Encoding", "gzip")
	w.Header().Set("Vary", "Accept-Encoding")
	w.Write(gz)
}

// compressedVerifier is the verifier gzip-compressed, once per server.
type compressedVerifier struct {
	once sync.Once
	data []byte
	err  error
}

func (s *Server) compressed(path string) ([]byte, error) {
	gz := &s.verifierGz
	gz.once.Do(func() {
		raw, err := os.ReadFile(path)
		if err != nil {
			gz.err = err
			return
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(raw)
		gz.err, gz.data = zw.Close(), buf.Bytes()
	})
	return gz.data, gz.err
}

// trust serves the court's published trust file.
func (s *Server) trust(w http.ResponseWriter, r *http.Request) {
	if s.opts.Trust == "" {
		writeError(w, http.StatusNotFound, "this portal publishes no trust file: start it with --trust")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	http.ServeFile(w, r, s.opts.Trust)
}

// recordStatus is what the page shows online of a record: its status
// now, and the change that set it.
type recordStatus struct {
	Number     string                    `json:"number"`
	Status     string                    `json:"status"`
	AnchoredAt string                    `json:"anchoredAt"`
	Change     *evidenceapi.StatusChange `json:"statusChange,omitempty"`
}

func (s *Server) record(w http.ResponseWriter, r *http.Request) {
	number := strings.TrimSpace(r.URL.Query().Get("number"))
	if number == "" || len(number) > 64 {
		writeError(w, http.StatusBadRequest, "number must be an evidence number (at most 64 characters)")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
	defer cancel()
	rec, err := s.ledger.Show(ctx, number)
	if err != nil {
		if gateway.CodeOf(err) == api.CodeNotFound || api.Is(err, api.CodeNotFound) {
			writeError(w, http.StatusNotFound, "no record "+number+" on the ledger")
			return
		}
		s.opts.Logger.Error("record", "number", number, "error", err)
		writeError(w, http.StatusBadGateway, "the ledger could not be reached; try again later")
		return
	}
	writeJSON(w, http.StatusOK, recordStatus{Number: rec.Number, Status: rec.Status, AnchoredAt: rec.AnchoredAt, Change: rec.StatusNote})
}
