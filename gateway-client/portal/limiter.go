package portal

import (
	"container/list"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter keeps a token bucket for each client address, and at most max
// of them: the least recently seen is dropped to make room, so that a
// flood of new addresses costs each request a map lookup and a list move,
// never a scan, and the table never grows past max. An IPv6 client is
// counted by its /64, the block one subscriber holds, so that it cannot
// take a fresh bucket for every address it owns.
type limiter struct {
	mu      sync.Mutex
	perSec  rate.Limit
	burst   int
	max     int
	buckets map[netip.Prefix]*list.Element
	order   *list.List // of *bucket, most recently seen first
}

type bucket struct {
	key netip.Prefix
	*rate.Limiter
}

func newLimiter(perSecond float64, burst, max int) *limiter {
	return &limiter{perSec: rate.Limit(perSecond), burst: burst, max: max,
		buckets: map[netip.Prefix]*list.Element{}, order: list.New()}
}

// allow takes a token from the bucket of r's client.
func (l *limiter) allow(r *http.Request, now time.Time) bool {
	key := clientKey(r.RemoteAddr)
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.buckets[key]
	if ok {
		l.order.MoveToFront(e)
	} else {
		if l.order.Len() >= l.max {
			oldest := l.order.Back()
			delete(l.buckets, oldest.Value.(*bucket).key)
			l.order.Remove(oldest)
		}
		e = l.order.PushFront(&bucket{key, rate.NewLimiter(l.perSec, l.burst)})
		l.buckets[key] = e
	}
	return e.Value.(*bucket).AllowN(now, 1)
}

func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
}

// clientKey is the address a request came from, an IPv6 one as its /64;
// an address that does not parse is one client.
func clientKey(remote string) netip.Prefix {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{}
	}
	addr = addr.Unmap()
	bits := 32
	if addr.Is6() {
		bits = 64
	}
	p, _ := addr.Prefix(bits)
	return p
}
