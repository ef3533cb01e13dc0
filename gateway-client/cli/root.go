// Package cli is the judicial command: one binary whose subcommands drive
// the chaincode through the gateway. Each capability adds its commands in
// a file of its own; this file holds what they share.
package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/courtchain/judicial/gateway-client/judicial"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/spf13/cobra"
)

// App holds the global flags and the output streams.
type App struct {
	Profile, Org, Identity, Peer string
	JSON                         bool
	Out, Err                     io.Writer
}

// Main runs the command line and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	app := &App{Out: stdout, Err: stderr}
	root := app.Root()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.ExecuteContext(ctx); err != nil {
		var exit ExitError
		if errors.As(err, &exit) {
			return exit.Code
		}
		app.printError(err)
		return 1
	}
	return 0
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// Root builds the command tree.
func (a *App) Root() *cobra.Command {
	root := &cobra.Command{
		Use:   "judicial",
		Short: "Drive the judicial chaincode through a Fabric gateway",
		Long: `judicial acts as one enrolled identity of one org, as named in a connection
profile, and calls the judicial chaincode through that org's gateway peer.`,
		Example: `  judicial --org CourtMSP --identity judge1 whoami
  JUDICIAL_ORG=CreditMSP JUDICIAL_IDENTITY=bank1 judicial --json param list`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	f := root.PersistentFlags()
	f.StringVar(&a.Profile, "profile", envOr("JUDICIAL_PROFILE", "network/run/profile.json"), "connection profile (env JUDICIAL_PROFILE)")
	f.StringVar(&a.Org, "org", envOr("JUDICIAL_ORG", "CourtMSP"), "MSP ID of the org to act for (env JUDICIAL_ORG)")
	f.StringVar(&a.Identity, "identity", envOr("JUDICIAL_IDENTITY", "admin"), "identity name in the profile (env JUDICIAL_IDENTITY)")
	f.StringVar(&a.Peer, "peer", envOr("JUDICIAL_PEER", ""), "gateway peer name (default: the org's first; env JUDICIAL_PEER)")
	f.BoolVar(&a.JSON, "json", false, "print one JSON document instead of text")
	root.AddCommand(a.systemCommands()...)
	root.AddCommand(a.evidenceCommands()...)
	root.AddCommand(a.loadCommand())
	root.AddCommand(a.mediationCommands()...)
	return root
}

// connect opens the gateway connection the flags describe.
func (a *App) connect() (*judicial.Client, error) {
	p, err := profile.Load(a.Profile)
	if err != nil {
		return nil, err
	}
	var opts []judicial.Option
	if a.Peer != "" {
		opts = append(opts, judicial.WithPeer(a.Peer))
	}
	return judicial.Connect(p, a.Org, a.Identity, opts...)
}

// withClient runs fn with a connected client and closes it afterwards.
func (a *App) withClient(fn func(c *judicial.Client) error) error {
	c, err := a.connect()
	if err != nil {
		return err
	}
	defer c.Close()
	return fn(c)
}

// emit prints v as JSON with --json, or through human otherwise.
func (a *App) emit(v any, human func(w io.Writer)) error {
	if a.JSON {
		enc := json.NewEncoder(a.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	human(a.Out)
	return nil
}

// emitPayload prints a chaincode payload: indented if it is JSON.
func (a *App) emitPayload(payload []byte) {
	var buf bytes.Buffer
	if json.Valid(payload) && json.Indent(&buf, payload, "", "  ") == nil {
		fmt.Fprintln(a.Out, buf.String())
		return
	}
	if len(payload) > 0 {
		fmt.Fprintln(a.Out, string(payload))
	}
}

// printError writes the error for a person, or as JSON with --json: the
// chaincode's message first, then what each peer said.
func (a *App) printError(err error) {
	var ee *judicial.EndorseError
	var ce *judicial.CommitError
	if a.JSON {
		doc := map[string]any{"error": err.Error()}
		switch {
		case errors.As(err, &ee):
			doc["endorse"] = ee
		case errors.As(err, &ce):
			doc["commit"] = map[string]any{"txId": ce.TxID, "code": ce.CodeName(), "block": ce.Block, "attempts": ce.Attempts}
		}
		enc := json.NewEncoder(a.Err)
		enc.SetIndent("", "  ")
		enc.Encode(doc)
		return
	}
	fmt.Fprintln(a.Err, "error:", err)
	if errors.As(err, &ee) && len(ee.Details) > 0 {
		for _, d := range ee.Details {
			fmt.Fprintf(a.Err, "  peer %s (%s): %s\n", d.Address, d.MSPID, d.Message)
		}
	}
}

// decode unmarshals a chaincode payload into v.
func decode(payload []byte, v any) error {
	if err := json.Unmarshal(payload, v); err != nil {
		return fmt.Errorf("the chaincode answered something this client does not read: %w", err)
	}
	return nil
}
