package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/spf13/cobra"
)

// op is a subcommand that maps its arguments onto one call of a typed
// client: most commands of mediation, enforcement and credit are exactly
// that. run returns the answer and, for a submit, its transaction.
type op struct {
	use, short, example string
	args                int
	run                 func(ctx context.Context, c *gateway.Client, args []string) (any, *gateway.Result, error)
}

func (a *App) opCommand(o op) *cobra.Command {
	return &cobra.Command{
		Use: o.use, Short: o.short, Example: o.example, Args: cobra.ExactArgs(o.args),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(func(c *gateway.Client) error {
				v, res, err := o.run(cmd.Context(), c, args)
				if err != nil {
					return err
				}
				return a.emitAnswer(v, res)
			})
		},
	}
}

// emitAnswer prints a typed answer as indented JSON and, after a submit,
// the transaction that committed it; with --json, one document.
func (a *App) emitAnswer(v any, res *gateway.Result) error {
	if res == nil {
		return a.emit(v, func(w io.Writer) { printJSON(w, v) })
	}
	if a.JSON {
		return a.emit(map[string]any{"result": v, "txId": res.TxID, "block": res.Block}, nil)
	}
	printJSON(a.Out, v)
	fmt.Fprintf(a.Out, "committed in block %d, transaction %s\n", res.Block, res.TxID)
	return nil
}

func printJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// submitted and queried turn a typed client's answer into an op's.
func submitted[T any](v *T, res *gateway.Result, err error) (any, *gateway.Result, error) {
	return v, res, err
}

func queried[T any](v T, err error) (any, *gateway.Result, error) { return v, nil, err }

// request reads a JSON request given inline or as @file into v, refusing
// unknown fields here already: a typo must not silently drop data.
func request(arg string, v any) error {
	if file, ok := strings.CutPrefix(arg, "@"); ok {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		arg = string(data)
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(arg)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the request is not valid JSON of the expected form (give it inline or as @file.json): %w", err)
	}
	return nil
}

// number reads a whole-number argument, naming it in the error.
func number(name, arg string) (int64, error) {
	n, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a whole number", name, arg)
	}
	return n, nil
}

func index(name, arg string) (int, error) {
	n, err := number(name, arg)
	return int(n), err
}
