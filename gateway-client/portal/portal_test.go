package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	cc "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/portal"
	"github.com/stretchr/testify/require"
)

const digestA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

// ledger answers from a fixed map: the page's logic, not the chaincode's, is under test.
type ledger struct {
	anchored map[string]*cc.Record
	asked    []string
}

func (l *ledger) Verify(_ context.Context, algorithm, digest, number string) (*evidence.Verdict, error) {
	l.asked = append(l.asked, algorithm+":"+digest+":"+number)
	if r, ok := l.anchored[digest]; ok {
		return &evidence.Verdict{Verification: cc.Verification{Verdict: cc.Anchored, Algorithm: algorithm, Digest: digest, Record: r}, Block: 9}, nil
	}
	return &evidence.Verdict{Verification: cc.Verification{Verdict: cc.NotOnChain, Algorithm: algorithm, Digest: digest}}, nil
}

func (l *ledger) CheckReceipt(_ context.Context, r *batch.Receipt) (*evidence.ReceiptVerdict, error) {
	return &evidence.ReceiptVerdict{Verdict: cc.Anchored, Receipt: r}, nil
}

func (l *ledger) Show(_ context.Context, number string, _ ...gateway.CallOption) (*cc.Record, error) {
	for _, r := range l.anchored {
		if r.Number == number {
			return r, nil
		}
	}
	return nil, &api.Error{Code: api.CodeNotFound, Message: "evidence " + number + " not found"}
}

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	return w
}

func TestVerifyAPI(t *testing.T) {
	l := &ledger{anchored: map[string]*cc.Record{digestA: {Number: "EV1"}}}
	s := portal.New(l, portal.Options{})

	w := get(t, s, "/api/verify?algorithm=sha256&digest="+strings.ToUpper(digestA)+"&number=EV1")
	require.Equal(t, http.StatusOK, w.Code)
	var v evidence.Verdict
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &v))
	require.Equal(t, cc.Anchored, v.Verdict)
	require.EqualValues(t, 9, v.Block)
	require.Equal(t, []string{"sha256:" + digestA + ":EV1"}, l.asked, "digest is lower-cased before the query")

	for path, want := range map[string]string{
		"/api/verify?algorithm=md5&digest=" + digestA:     `unknown digest algorithm \"md5\"`,
		"/api/verify?algorithm=sha256&digest=abc":         "digest must be 64 hex characters",
		"/api/verify?algorithm=sm3&digest=" + digestA[1:]: "digest must be 64 hex characters",
	} {
		w := get(t, s, path)
		require.Equal(t, http.StatusBadRequest, w.Code, path)
		require.Contains(t, w.Body.String(), want)
	}
}

func TestPageAndScriptsAreServed(t *testing.T) {
	s := portal.New(&ledger{}, portal.Options{})
	w := get(t, s, "/")
	require.Equal(t, http.StatusOK, w.Code)
	require.Contains(t, w.Body.String(), "never leaves your computer")
	require.Contains(t, w.Header().Get("Content-Security-Policy"), "default-src 'self'")
	for _, f := range []string{"/static/portal.js", "/static/sm3.js", "/static/portal.css"} {
		require.Equal(t, http.StatusOK, get(t, s, f).Code, f)
	}
	require.Contains(t, w.Body.String(), `<html lang="zh-CN" data-time-zone="Asia/Shanghai">`, "the court's zone by default")
	urumqi := get(t, portal.New(&ledger{}, portal.Options{TimeZone: "Asia/Urumqi"}), "/")
	require.Contains(t, urumqi.Body.String(), `data-time-zone="Asia/Urumqi"`)
}

func TestReceiptUploads(t *testing.T) {
	s := portal.New(&ledger{}, portal.Options{})
	post := func(body string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/api/receipt", strings.NewReader(body)))
		return w
	}
	w := post(`{"version":1,`)
	require.Equal(t, http.StatusOK, w.Code)
	require.Contains(t, w.Body.String(), `"verdict":"invalid"`)

	w = post(strings.Repeat(" ", 65<<10))
	require.Equal(t, http.StatusRequestEntityTooLarge, w.Code)

	w = post(`{"version":1,"algorithm":"sha256","leaf":"` + digestA + `"}`)
	require.Contains(t, w.Body.String(), `"verdict":"anchored"`)

	w = httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodPut, "/api/receipt", nil))
	require.Equal(t, http.StatusMethodNotAllowed, w.Code, "the portal is read-only")
}

func TestRateLimitPerClientAddress(t *testing.T) {
	s := portal.New(&ledger{}, portal.Options{RatePerSecond: 0.001, Burst: 3})
	path := "/api/verify?algorithm=sha256&digest=" + digestA
	for range 3 {
		require.Equal(t, http.StatusOK, get(t, s, path).Code)
	}
	w := get(t, s, path)
	require.Equal(t, http.StatusTooManyRequests, w.Code)
	require.Equal(t, "1", w.Header().Get("Retry-After"))

	other := httptest.NewRequest(http.MethodGet, path, nil)
	other.RemoteAddr = "192.0.2.7:4000"
	w = httptest.NewRecorder()
	s.ServeHTTP(w, other)
	require.Equal(t, http.StatusOK, w.Code, "another address has its own bucket")
	require.Equal(t, http.StatusOK, get(t, s, "/").Code, "the page itself is not limited")
}
