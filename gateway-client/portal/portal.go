// Package portal serves the public verification page: a party drops a file,
// the browser hashes it, and the page shows whether the digest is anchored.
// The server is read-only, receives digests and receipts but never file
// contents, and rate-limits each client address.
package portal

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
)

//go:embed static
var static embed.FS

// Ledger answers the page's questions; evidence.Client implements it
// through the gateway with an auditor identity.
type Ledger interface {
	Verify(ctx context.Context, algorithm, digest, number string) (*evidence.Verdict, error)
	CheckReceipt(ctx context.Context, r *batch.Receipt) (*evidence.ReceiptVerdict, error)
	Show(ctx context.Context, number string, opts ...gateway.CallOption) (*evidenceapi.Record, error)
}

// Options tune the server; zero values take the defaults.
type Options struct {
	// RatePerSecond and Burst bound each client address (default 5/s,
	// burst 20); MaxClients bounds the addresses remembered (default
	// 10,000; the least recently seen is forgotten first).
	RatePerSecond float64
	Burst         int
	MaxClients    int
	// Timeout bounds one ledger query (default 10 s).
	Timeout time.Duration
	Logger  *slog.Logger
	// TimeZone is the IANA zone the page shows times in, the court's
	// (default Asia/Shanghai); the answers keep RFC 3339 UTC.
	TimeZone string
	// Verifier is the folder `make wasm` writes the certificate verifier
	// into (certificate.wasm, wasm_exec.js); empty serves none.
	Verifier string
	// Trust is the court's trust file, published at /trust.json.
	Trust string
}

// maxReceipt bounds a receipt upload: a receipt for 2^32 leaves has 32 path
// nodes, well under this.
const maxReceipt = 64 << 10

// Server is the portal's HTTP handler.
type Server struct {
	ledger  Ledger
	opts    Options
	mux     *http.ServeMux
	clients *limiter
	// verifierGz is the certificate verifier, compressed at first request.
	verifierGz compressedVerifier
}

// New returns the portal's handler.
func New(ledger Ledger, opts Options) *Server {
	if opts.RatePerSecond <= 0 {
		opts.RatePerSecond = 5
	}
	if opts.Burst <= 0 {
		opts.Burst = 20
	}
	if opts.MaxClients <= 0 {
		opts.MaxClients = 10000
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.TimeZone == "" {
		opts.TimeZone = "Asia/Shanghai"
	}
	s := &Server{ledger: ledger, opts: opts, mux: http.NewServeMux(), clients: newLimiter(opts.RatePerSecond, opts.Burst, opts.MaxClients)}
	s.mux.Handle("GET /static/", http.FileServerFS(static))
	s.mux.HandleFunc("GET /{$}", s.page)
	s.mux.HandleFunc("GET /api/verify", s.verify)
	s.mux.HandleFunc("POST /api/receipt", s.receipt)
	s.mux.HandleFunc("GET /certificate", s.certificatePage)
	s.mux.HandleFunc("GET /certificate/{file}", s.verifier)
	s.mux.HandleFunc("GET /trust.json", s.trust)
	s.mux.HandleFunc("GET /api/record", s.record)
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'self'")
	if strings.HasPrefix(r.URL.Path, "/api/") && !s.clients.allow(r, time.Now()) {
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "too many requests from your address; wait a moment")
		return
	}
	s.mux.ServeHTTP(w, r)
}

// HTTPServer serves h on addr with bounds on how long a client may take:
// to send its headers, its whole request (a receipt upload is 64 KiB at
// most), to read the answer, and to keep an idle connection, so that slow
// clients cannot hold the server's connections.
func HTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	s.servePage(w, "static/index.html")
}

// servePage serves one of the portal's pages with the court's time zone
// on its root element, where the page's script reads it: the content
// security policy allows no inline script.
func (s *Server) servePage(w http.ResponseWriter, name string) {
	data, err := static.ReadFile(name)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "page missing from the build")
		return
	}
	data = bytes.Replace(data, []byte(`<html lang="zh-CN">`), []byte(`<html lang="zh-CN" data-time-zone="`+html.EscapeString(s.opts.TimeZone)+`">`), 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(data)
}

func (s *Server) verify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	algorithm, d, number := q.Get("algorithm"), strings.ToLower(q.Get("digest")), strings.TrimSpace(q.Get("number"))
	if _, err := digest.New(algorithm); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if !digest.LooksLikeDigest(d) {
		writeError(w, http.StatusBadRequest, "digest must be 64 hex characters")
		return
	}
	if len(number) > 64 {
		writeError(w, http.StatusBadRequest, "evidence number is too long")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
	defer cancel()
	v, err := s.ledger.Verify(ctx, algorithm, d, number)
	if err != nil {
		s.opts.Logger.Error("verify", "digest", d, "error", err)
		writeError(w, http.StatusBadGateway, "the ledger could not be reached; try again later")
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) receipt(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxReceipt))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("a receipt is at most %d bytes; is this the receipt file?", maxReceipt))
		return
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "could not read the receipt")
		return
	}
	rec, err := batch.ParseReceipt(body)
	if err != nil {
		writeJSON(w, http.StatusOK, &evidence.ReceiptVerdict{Verdict: evidence.Invalid, Message: err.Error()})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
	defer cancel()
	v, err := s.ledger.CheckReceipt(ctx, rec)
	if err != nil {
		s.opts.Logger.Error("receipt", "tx", rec.TxID, "error", err)
		writeError(w, http.StatusBadGateway, "the ledger could not be reached; try again later")
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
