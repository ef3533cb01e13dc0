package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progress reports step i of n of a long command on the error stream:
// on a terminal, a bar redrawn in place; in a pipe or a log file, a plain
// line at each tenth and at the end, because carriage returns there run
// every step into one long line.
func (a *App) progress(label string, i, n int) {
	if n < 2 || a.JSON {
		return
	}
	if isTerminal(a.Err) {
		const width = 30
		done := width * min(i, n) / n
		fmt.Fprintf(a.Err, "\r%s [%s%s] %d/%d", label, strings.Repeat("#", done), strings.Repeat(".", width-done), i, n)
		if i >= n {
			fmt.Fprintln(a.Err)
		}
		return
	}
	// Steps may come several at a time (a bulk transaction is a thousand
	// records), so a tenth is shown when one is crossed, not reached.
	tenth := 10 * min(i, n) / n
	if i <= a.lastProgress.step || label != a.lastProgress.label {
		a.lastProgress.tenth = 0
	}
	a.lastProgress.label, a.lastProgress.step = label, i
	if tenth > a.lastProgress.tenth || i >= n {
		a.lastProgress.tenth = tenth
		fmt.Fprintf(a.Err, "%s %d/%d\n", label, i, n)
	}
}

// isTerminal reports whether w is a character device: a terminal, not a
// file or a pipe.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
