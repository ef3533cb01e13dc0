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
	"strings"
	"time"

	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/spf13/cobra"
)

// App holds the global flags and the output streams.
type App struct {
	Profile, Org, Identity, Peer string
	JSON                         bool
	Out, Err                     io.Writer

	// TZ is the time zone of text output (--tz); location, once loaded.
	TZ       string
	location *time.Location

	// lastProgress is where progress last reported, to show a pipe each
	// tenth once.
	lastProgress struct {
		label       string
		step, tenth int
	}
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
	f.StringVar(&a.TZ, "tz", envOr("JUDICIAL_TZ", DefaultZone), "time zone of times in text output; JSON keeps RFC 3339 UTC (env JUDICIAL_TZ)")
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		_, err := a.zone()
		return err
	}
	// What is written by hand first, where it adds something to a call;
	// then a command for every other declared function (functions.go).
	root.AddCommand(a.systemCommands()...)
	root.AddCommand(a.evidenceCommands()...)
	root.AddCommand(a.creditCommand(), a.auditCommand(), a.keeperCommand(), a.eventsCommand(), a.loadCommand())
	subcommand(root, "agreement", "agreement").AddCommand(a.applyEnforcementCommand())
	subcommand(root, "enforcement", "enforcement").AddCommand(a.opsCommand())
	a.addFunctionCommands(root)
	inheritExamples(root)
	return root
}

// inheritExamples gives each command group without an example of its own
// its subcommands' first examples, so that every --help shows one.
func inheritExamples(cmd *cobra.Command) {
	var lines []string
	for _, sub := range cmd.Commands() {
		inheritExamples(sub)
		if first, _, _ := strings.Cut(sub.Example, "\n"); first != "" && !sub.Hidden {
			lines = append(lines, first)
		}
	}
	if cmd.Example == "" {
		cmd.Example = strings.Join(lines, "\n")
	}
}

// connect opens the gateway connection the flags describe.
func (a *App) connect() (*gateway.Client, error) {
	return a.connectAs(a.Org, a.Identity)
}

// connectAs connects another identity named in the profile, for commands
// that act as several at once; --peer applies to the command's own org.
func (a *App) connectAs(org, name string, opts ...gateway.Option) (*gateway.Client, error) {
	p, err := profile.Load(a.Profile)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w (give --profile or JUDICIAL_PROFILE; `make network-up` writes network/run/profile.json)", err)
	}
	if err != nil {
		return nil, err
	}
	if org == a.Org && a.Peer != "" {
		opts = append(opts, gateway.WithPeer(a.Peer))
	}
	return gateway.Connect(p, org, name, opts...)
}

// withClient runs fn with a connected client and closes it afterwards.
func (a *App) withClient(fn func(c *gateway.Client) error) error {
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

// emitPayload prints a chaincode payload: indented if it is JSON. With
// --json, a payload that is not JSON is printed as a JSON string, so that
// stdout is always one JSON document.
func (a *App) emitPayload(payload []byte) {
	if pretty, ok := indentJSON(payload); ok {
		fmt.Fprintln(a.Out, pretty)
		return
	}
	if a.JSON {
		a.emit(string(payload), nil)
		return
	}
	if len(payload) > 0 {
		fmt.Fprintln(a.Out, string(payload))
	}
}

func indentJSON(payload []byte) (string, bool) {
	var buf bytes.Buffer
	if len(payload) == 0 || json.Indent(&buf, payload, "", "  ") != nil {
		return "", false
	}
	return buf.String(), true
}

// payloadValue is a payload to embed in a JSON document: as JSON if it is
// JSON, as a string otherwise.
func payloadValue(payload []byte) any {
	if json.Valid(payload) {
		return json.RawMessage(payload)
	}
	return string(payload)
}

// printError writes the error for a person, or as JSON with --json. A
// refusal shows the chaincode's message first, since that is what the
// user has to act on, then the call and each peer's answer.
func (a *App) printError(err error) {
	var ee *gateway.EndorseError
	var ce *gateway.CommitError
	var conn *gateway.ConnectError
	details := gateway.Details(err)
	if a.JSON {
		doc := map[string]any{"error": err.Error()}
		switch {
		case errors.As(err, &ee):
			doc["message"] = ee.Message
			doc["endorse"] = ee
		case errors.As(err, &ce):
			doc["commit"] = map[string]any{"function": ce.Function, "txId": ce.TxID, "code": ce.CodeName(), "block": ce.Block, "attempts": ce.Attempts}
		case errors.As(err, &conn):
			doc["connect"] = map[string]any{"org": conn.Org, "identity": conn.Identity, "peer": conn.Peer}
		default:
			if len(details) > 0 {
				doc["details"] = details
			}
		}
		enc := json.NewEncoder(a.Err)
		enc.SetIndent("", "  ")
		enc.Encode(doc)
		return
	}
	if errors.As(err, &ee) {
		fmt.Fprintln(a.Err, "error:", ee.Message)
		what := "failed at " + ee.Stage
		if ee.FromChaincode {
			what = "was refused by the chaincode at " + ee.Stage
		}
		if ee.Code != "" {
			what += " (code " + string(ee.Code) + ")"
		}
		if ee.TxID != "" {
			what += ", transaction " + ee.TxID
		}
		fmt.Fprintf(a.Err, "  %s %s\n", ee.Function, what)
	} else {
		fmt.Fprintln(a.Err, "error:", err)
	}
	for _, d := range details {
		fmt.Fprintf(a.Err, "  peer %s (%s): %s\n", d.Address, d.MSPID, d.Message)
	}
}
