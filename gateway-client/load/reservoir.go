package load

import "math/rand/v2"

// reservoir is a uniform sample of the digests anchored so far (Vitter's
// Algorithm R), so that lookups spread over the whole key space as a
// court's would, and not over the few keys a cache holds.
type reservoir struct {
	items      []string
	size, seen int
	rng        *rand.Rand
}

func newReservoir(size int, seed uint64) *reservoir {
	return &reservoir{size: size, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// add offers one digest: each of the n offered so far is kept with
// probability size/n.
func (r *reservoir) add(d string) {
	r.seen++
	if len(r.items) < r.size {
		r.items = append(r.items, d)
		return
	}
	if j := r.rng.IntN(r.seen); j < r.size {
		r.items[j] = d
	}
}

// pick draws a digest of the sample; callers may pick at once, but not
// while digests are added.
func (r *reservoir) pick() string { return r.items[rand.IntN(len(r.items))] }
