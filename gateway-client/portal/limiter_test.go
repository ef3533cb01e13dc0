package portal

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A flood of new addresses neither grows the table past its bound nor
// makes a request scan it (review of 2026-12-08): the table of the
// server this replaced grew by one bucket an address, and past 10,000
// each new address swept the whole table under the server's one lock.
func TestTheRateTableStaysBounded(t *testing.T) {
	l := newLimiter(5, 20, 10000)
	now := time.Now()
	for i := range 20000 {
		r := httptest.NewRequest("GET", "/api/verify", nil)
		r.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:4242", i>>16, (i>>8)&255, i&255)
		require.True(t, l.allow(r, now))
	}
	require.Equal(t, 10000, l.size())
}

// One IPv6 subscriber is one client: the addresses of its /64 share a
// bucket. Another /64 has its own.
func TestAnIPv6ClientIsItsSlash64(t *testing.T) {
	l := newLimiter(1, 3, 100)
	now := time.Now()
	ask := func(addr string) bool {
		r := httptest.NewRequest("GET", "/api/verify", nil)
		r.RemoteAddr = addr
		return l.allow(r, now)
	}
	for i := range 3 {
		require.True(t, ask(fmt.Sprintf("[2001:db8:1:2::%x]:443", i+1)))
	}
	require.False(t, ask("[2001:db8:1:2:ffff::1]:443"), "the /64's burst is spent")
	require.True(t, ask("[2001:db8:1:3::1]:443"), "another /64")
	require.True(t, ask("192.0.2.1:80"))
	require.Equal(t, clientKey("[::ffff:192.0.2.1]:80"), clientKey("192.0.2.1:80"), "a mapped IPv4 address is the IPv4 client")
}

// The server bounds how long a client may take to send its request, read
// the answer and keep a connection idle.
func TestTheServerBoundsSlowClients(t *testing.T) {
	s := HTTPServer("127.0.0.1:0", nil)
	for name, d := range map[string]time.Duration{"header": s.ReadHeaderTimeout, "read": s.ReadTimeout, "write": s.WriteTimeout, "idle": s.IdleTimeout} {
		require.Positive(t, d, name)
		require.LessOrEqual(t, d, 2*time.Minute, name)
	}
	require.Positive(t, s.MaxHeaderBytes)
}
