package cli

import (
	"encoding/json"
	"fmt"

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
	cmd.Flags().IntVar(&f.pageSize, "page-size", 50, what+" per page (1 to 200)")
	cmd.Flags().StringVar(&f.bookmark, "bookmark", "", "start where a previous page ended")
	cmd.Flags().BoolVar(&f.all, "all", false, "follow the bookmarks to the end")
}

// collect fetches pages from the bookmark on: one, or with --all every
// page to the end. fetch returns a page's raw payload; items takes its
// entries and next bookmark out of the decoded page.
func collect[P any, T any](f *pagedFlags, fetch func(bookmark string) ([]byte, error), items func(*P) ([]T, string)) ([]T, string, error) {
	var out []T
	bookmark := f.bookmark
	for {
		payload, err := fetch(bookmark)
		if err != nil {
			return nil, "", err
		}
		var page P
		if err := json.Unmarshal(payload, &page); err != nil {
			return nil, "", fmt.Errorf("reading a page: %w", err)
		}
		got, next := items(&page)
		out = append(out, got...)
		if bookmark = next; !f.all || bookmark == "" {
			return out, bookmark, nil
		}
	}
}
