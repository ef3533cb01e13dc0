package cli

import (
	"fmt"
	"io"

	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/spf13/cobra"
)

// pagedFlags are the flags of a listing that the chaincode answers a page
// at a time.
type pagedFlags struct {
	pageSize int
	bookmark string
	all      bool
}

func (f *pagedFlags) register(cmd *cobra.Command, what string) {
	cmd.Flags().IntVar(&f.pageSize, "page-size", gateway.DefaultPageSize, what+" per page (1 to 200)")
	cmd.Flags().StringVar(&f.bookmark, "bookmark", "", "start where a previous page ended")
	cmd.Flags().BoolVar(&f.all, "all", false, "follow the bookmarks to the end")
}

// collect fetches pages from the bookmark on: one, or with --all every
// page to the end. fetch reads one page of a typed client's listing and
// returns its entries and the next bookmark.
func collect[T any](f *pagedFlags, fetch func(opts ...gateway.PageOption) ([]T, string, error)) ([]T, string, error) {
	var out []T
	bookmark := f.bookmark
	for {
		got, next, err := fetch(gateway.WithPageSize(f.pageSize), gateway.WithBookmark(bookmark))
		if err != nil {
			return nil, "", err
		}
		out = append(out, got...)
		if bookmark = next; !f.all || bookmark == "" {
			return out, bookmark, nil
		}
	}
}

// printBookmark tells, after a page, how to ask for the next one.
func printBookmark(w io.Writer, bookmark string) {
	if bookmark != "" {
		fmt.Fprintf(w, "more: --bookmark %q\n", bookmark)
	}
}
