package gateway

// Paging is how a listing the chaincode answers a page at a time is read.
type Paging struct {
	// Size is the most entries a page holds (the chaincode allows 1 to
	// 200); Bookmark is where a previous page ended, empty for the first.
	Size     int
	Bookmark string
}

// DefaultPageSize is the page size when none is given.
const DefaultPageSize = 50

// PageOption sets how a listing is paged.
type PageOption func(*Paging)

// WithPageSize sets the most entries a page holds.
func WithPageSize(n int) PageOption { return func(p *Paging) { p.Size = n } }

// WithBookmark starts where a previous page ended.
func WithBookmark(b string) PageOption { return func(p *Paging) { p.Bookmark = b } }

// Pages applies options over the defaults.
func Pages(opts ...PageOption) Paging {
	p := Paging{Size: DefaultPageSize}
	for _, o := range opts {
		o(&p)
	}
	return p
}
