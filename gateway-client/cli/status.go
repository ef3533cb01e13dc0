package cli

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// newRegistry holds a long-running command's metrics: its own, which it
// adds, and the process's (Go runtime, CPU, memory, open files), which
// tell a stuck or leaking client from a slow network. Each command has
// its own registry rather than the global one, so that nothing registers
// itself by being linked in.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// statusHandler serves reg's metrics on /metrics, for Prometheus and
// beside the Fabric nodes' operations endpoints, and status, when set, as
// JSON on every other path, as the keeper's endpoint always has.
func statusHandler(reg prometheus.Gatherer, status func() any) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	if status != nil {
		mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(status())
		})
	}
	return mux
}

// serve serves h on addr until stop is called. The address is taken at
// once, so that one in use fails the command when it starts rather than
// leaving it running unobserved.
func serve(what, addr string, h http.Handler) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s endpoint: %w", what, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return func() { srv.Close() }, nil
}
