package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/spf13/cobra"
)

// Every function the chaincode declares (chaincode/api) is a command. Its
// path is the declaration's Command, or the namespace and the function's
// name ("deadline sweep"); its arguments are the declared ones, in order,
// named in capitals; its help is the declaration's doc; a JSON argument
// may be given inline or as @file. A command written by hand at the same
// path takes its place where it adds something: a file hashed, a
// request's fields as flags, pages followed, text output. Each command
// names the functions it calls in its annotations (calls), and a test
// checks that every declared function has one.

// callsKey is the annotation that lists, comma-separated, the functions a
// command calls.
const callsKey = "functions"

// calls marks a hand-written command with the functions it calls.
func calls(cmd *cobra.Command, fns ...api.Function) *cobra.Command {
	names := make([]string, len(fns))
	for i, f := range fns {
		names[i] = string(f)
	}
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[callsKey] = strings.Join(names, ",")
	return cmd
}

// groups describe the command groups that are not a capability's own:
// the records a case's life passes through.
var groups = map[string]string{
	"agreement":              "Mediation agreements: register, judicial confirmation, performance, breach, enforcement on application",
	"filing":                 "Case filings: submit, docket, reject (docketed automatically when review ends)",
	"judgment":               "Judgments: record, payments, and enforcement when the deadline passes",
	"case":                   "Cases the triggers and filings open",
	"param":                  "Channel parameters: periods and bounds the contracts read",
	"calendar":               "The courts' calendar: holidays and adjusted working days (CPL art. 85)",
	"service":                "Service of documents",
	"enforcement measure":    "Freezes, seizures and deductions: an officer requests, a judge approves, the bank executes",
	"enforcement clue":       "Property clues reported by banks",
	"enforcement inquiry":    "The court's network inquiry every 6 months for 5 years after a termination, and the banks' answers",
	"enforcement resumption": "Resumption of a terminated case: the creditor's application and its verification, officers' tasks",
	"credit key":             "The shared pseudonym key",
	"credit correction":      "Correction applications (2017 Provisions arts. 11-12)",
}

// addFunctionCommands adds a command for every declared function that no
// hand-written command calls.
func (a *App) addFunctionCommands(root *cobra.Command) {
	called := calledFunctions(root)
	for _, s := range api.Specs() {
		if called[s.Function] {
			continue
		}
		path := s.CommandPath()
		parent := root
		for i, word := range path[:len(path)-1] {
			parent = subcommand(parent, word, strings.Join(path[:i+1], " "))
		}
		leaf := path[len(path)-1]
		if slices.ContainsFunc(parent.Commands(), func(c *cobra.Command) bool { return c.Name() == leaf }) {
			continue
		}
		parent.AddCommand(a.functionCommand(s, path))
	}
}

// calledFunctions are the functions the commands under cmd call.
func calledFunctions(cmd *cobra.Command) map[api.Function]bool {
	out := map[api.Function]bool{}
	for _, f := range strings.Split(cmd.Annotations[callsKey], ",") {
		if f != "" {
			out[api.Function(f)] = true
		}
	}
	for _, sub := range cmd.Commands() {
		for f := range calledFunctions(sub) {
			out[f] = true
		}
	}
	return out
}

// subcommand is parent's command of this name, made if it has none.
func subcommand(parent *cobra.Command, name, path string) *cobra.Command {
	for _, c := range parent.Commands() {
		if c.Name() == name {
			return c
		}
	}
	short := groups[path]
	if c, ok := api.CapabilityOf(name); ok && short == "" {
		short = c.Title
	}
	group := &cobra.Command{Use: name, Short: short}
	parent.AddCommand(group)
	return group
}

// functionCommand calls one function with the arguments given.
func (a *App) functionCommand(s *api.Spec, path []string) *cobra.Command {
	use := []string{path[len(path)-1]}
	for _, arg := range s.Args {
		use = append(use, strings.ToUpper(arg.Name))
	}
	cmd := &cobra.Command{
		Use:     strings.Join(use, " "),
		Short:   shortHelp(s),
		Long:    s.Doc,
		Example: example(s, path),
		Args:    cobra.ExactArgs(len(s.Args)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.call(cmd.Context(), s, args)
		},
	}
	return calls(cmd, s.Function)
}

// call checks the arguments as the declaration says, makes the call and
// prints the answer as the function's declared type.
func (a *App) call(ctx context.Context, s *api.Spec, args []string) error {
	values := make([]any, len(args))
	for i, text := range args {
		arg := s.Args[i]
		if file, ok := strings.CutPrefix(text, "@"); ok && arg.Form == api.FormJSON {
			data, err := os.ReadFile(file)
			if err != nil {
				return err
			}
			text = string(data)
		}
		if err := arg.Check(text); err != nil {
			if arg.Form == api.FormJSON {
				return fmt.Errorf("%w (give it inline or as @file.json)", err)
			}
			return err
		}
		values[i] = text
	}
	return a.withClient(func(c *gateway.Client) error {
		if !s.Submit {
			payload, err := gateway.Evaluate(ctx, c, api.Raw(s), gateway.WithArgs(values...))
			if err != nil {
				return err
			}
			return a.emitAnswer(answerOf(s, payload), nil)
		}
		payload, res, err := gateway.Submit(ctx, c, api.Raw(s), gateway.WithArgs(values...))
		if err != nil {
			return err
		}
		return a.emitAnswer(answerOf(s, payload), res)
	})
}

// answerOf reads an answer as the function's declared type, so that it
// prints as the typed clients' answers do; an answer that is not one is
// printed as it came.
func answerOf(s *api.Spec, payload []byte) any {
	if s.Returns == nil {
		return nil
	}
	v := reflect.New(s.Returns)
	if json.Unmarshal(payload, v.Interface()) != nil {
		return json.RawMessage(payload)
	}
	return v.Elem().Interface()
}

// sentenceEnd ends a sentence: a full stop before a capital, not the one
// of "art. 268".
var sentenceEnd = regexp.MustCompile(`\.\s+[A-Z]`)

// shortHelp is the doc's first sentence and who may call the function.
func shortHelp(s *api.Spec) string {
	first := s.Doc
	if loc := sentenceEnd.FindStringIndex(first); loc != nil {
		first = first[:loc[0]]
	}
	first = strings.TrimSuffix(first, ".")
	if len(s.Roles) == 0 {
		return first
	}
	roles := make([]string, len(s.Roles))
	for i, r := range s.Roles {
		roles[i] = string(r)
	}
	return first + " (" + strings.Join(roles, ", ") + ")"
}

// identities are the names this network's profile gives one identity of
// each role, for the examples.
var identities = map[api.Role]string{
	api.Judge: "--identity judge1", api.Clerk: "--identity clerk1", api.EnforcementOfficer: "--identity officer1",
	api.Auditor: "--identity auditor", api.Mediator: "--org MediationMSP --identity mediator1",
	api.BankOfficer: "--org CreditMSP --identity bank1", api.CourtAdmin: "--identity courtadmin1",
}

// example calls the function as one who may, with an argument of each
// declared form.
func example(s *api.Spec, path []string) string {
	who := identities[api.Auditor]
	if len(s.Roles) > 0 {
		who = identities[s.Roles[0]]
	}
	words := append([]string{"  judicial", who}, path...)
	for _, arg := range s.Args {
		words = append(words, exampleValue(arg))
	}
	return strings.Join(words, " ")
}

func exampleValue(arg api.Arg) string {
	switch {
	case arg.Name == "case":
		return "'(2026)J执0A1B2C3D4E号'"
	case arg.Form == api.FormJSON:
		return "@" + arg.Name + ".json"
	case arg.Form == api.FormDigest:
		return "<sha256 of the " + arg.Name + ">"
	case arg.Form == api.FormPseudonym:
		return "<" + arg.Name + " pseudonym>"
	case arg.Form == api.FormTime:
		return "2026-01-05T10:00:00+08:00"
	case arg.Form == api.FormInt:
		return "1"
	case arg.Form == api.FormBool:
		return "true"
	}
	return strings.ToUpper(arg.Name)
}
