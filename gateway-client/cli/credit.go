package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/spf13/cobra"
)

// keyFile is --key-file, or JUDICIAL_PSEUDONYM_KEY, or pseudonym.key beside
// the profile.
func (a *App) keyFile(flag string) string {
	if flag != "" {
		return flag
	}
	if env := os.Getenv("JUDICIAL_PSEUDONYM_KEY"); env != "" {
		return env
	}
	return filepath.Join(filepath.Dir(a.Profile), credit.KeyFileName)
}

func (a *App) creditCommand() *cobra.Command {
	const id = "CR20261125-0011223344556677"
	cr := &cobra.Command{Use: "credit", Short: "The credit blacklist: dishonest-defaulter listings and consumption restrictions"}
	cr.AddCommand(
		calls(a.creditListCommand(), creditapi.List.Function),
		calls(a.creditCheckCommand(), creditapi.Check.Function, creditapi.CheckEntity.Function),
		calls(a.creditPageCommand(), creditapi.Page.Function), a.creditKeyCommand(),
		calls(a.creditRemoveCommand(), creditapi.Remove.Function),
		calls(a.creditApproveCommand(), creditapi.ApproveConsumption.Function), a.creditCorrectionCommand(),
		calls(a.opCommand(op{use: "personal ID", short: "The names and identifiers behind an active listing, sealed to this call's own key (judges, on a court peer)", args: 1,
			example: "  judicial --identity judge1 credit personal " + id,
			run: func(ctx context.Context, c *gateway.Client, args []string) (any, *gateway.Result, error) {
				return queried(credit.New(c).PersonalData(ctx, args[0]))
			}}), creditapi.PersonalData.Function),
	)
	return cr
}

const creditListLong = `A dishonest listing (2017 SPC Provisions) brings a consumption restriction
(2015 SPC Provisions) with it. Ground (1), able to perform but refusing,
has no term and needs --exclusion: why art. 3's exclusions do not apply.
Grounds (2) to (6) last 2 years, extended by 1 to 3 years only for a
recorded aggravation. Minors are never listed. An entity is given in a
--person file with its unified social credit code and the persons
restricted with it:
  {"kind":"entity","name":"...","code":"91350100M000100Y43",
   "linked":[{"role":"legal_representative","name":"...","idNumber":"..."}]}`

func (a *App) creditListCommand() *cobra.Command {
	var flags creditListFlags
	cmd := &cobra.Command{
		Use:   "list CASE",
		Short: "List a debtor (a person, or an entity and those who run it) of an active enforcement case (judges); names and identifiers travel only as transient data",
		Long:  creditListLong,
		Example: `  judicial --identity judge1 credit list '(2026)J执0A1B2C3D4E号' --kind dishonest --court J0491 --ground 1 \
      --basis "ruling (2026)J执1号" --exclusion "no security given; nothing frozen" --person person.json
  judicial --identity judge1 credit list '(2026)J执0A1B2C3D4E号' --kind dishonest --court J0491 --ground 2 \
      --basis "ruling (2026)J执1号" --aggravation violence_or_threats --aggravation-years 1 \
      --aggravation-document sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 --person firm.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req, subject, err := flags.request()
			if err != nil {
				return err
			}
			return a.withClient(func(c *gateway.Client) error {
				listings, res, err := credit.New(c).List(cmd.Context(), args[0], req, subject)
				if err != nil {
					return err
				}
				return a.emit(map[string]any{"listings": listings, "txId": res.TxID, "block": res.Block}, func(w io.Writer) {
					for _, l := range listings {
						fmt.Fprintf(w, "%s  %s  %s  case %s  %s\n", l.ID, l.Kind, l.Subject, l.Case, term(l))
					}
					fmt.Fprintf(w, "committed in block %d, transaction %s\n", res.Block, res.TxID)
				})
			})
		},
	}
	flags.register(cmd)
	return cmd
}

// creditListFlags are credit list's flags: the request's fields, and who
// is listed, in a --person file or as --name and --id-number.
type creditListFlags struct {
	req         creditapi.ListRequest
	aggravation creditapi.Aggravation
	subject     creditapi.Subject
	personFile  string
}

func (f *creditListFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringSliceVar(&f.req.Kinds, "kind", nil, "dishonest (a consumption restriction comes with it), consumption, or both")
	fs.StringVar(&f.req.Court, "court", "", "the listing court's code")
	fs.IntVar(&f.req.Ground, "ground", 0, "for dishonest: paragraph 1-6 of art. 1 of the 2017 SPC Provisions")
	fs.StringVar(&f.req.Basis, "basis", "", "the legal basis: ruling and articles")
	fs.StringVar(&f.req.Exclusion, "exclusion", "", "ground (1): why art. 3's exclusions (security, property already frozen) do not apply")
	fs.StringVar(&f.aggravation.Kind, "aggravation", "", "grounds (2)-(6): violence_or_threats or repeated, to extend the 2-year term")
	fs.IntVar(&f.aggravation.Years, "aggravation-years", 0, "the extension, 1 to 3 years")
	fs.StringVar(&f.aggravation.Document, "aggravation-document", "", "digest of the finding of the aggravation")
	fs.StringVar(&f.personFile, "person", "", `JSON file of who is listed (keeps names and numbers out of the shell history)`)
	fs.StringVar(&f.subject.Name, "name", "", "the person's name")
	fs.StringVar(&f.subject.IDNumber, "id-number", "", "the person's resident ID number")
}

// request is the listing request the flags describe, and who is listed:
// the --person file read over --name and --id-number.
func (f *creditListFlags) request() (creditapi.ListRequest, creditapi.Subject, error) {
	req, subject := f.req, f.subject
	if f.personFile != "" {
		data, err := os.ReadFile(f.personFile)
		if err != nil {
			return req, subject, err
		}
		if err := json.Unmarshal(data, &subject); err != nil {
			return req, subject, fmt.Errorf("%s: not a JSON subject {\"name\",\"idNumber\"} or {\"kind\":\"entity\",\"name\",\"code\",\"linked\"}: %w", f.personFile, err)
		}
	}
	if subject.Name == "" || (subject.IDNumber == "" && subject.Code == "") {
		return req, subject, fmt.Errorf("give who is listed as --person FILE, or --name with --id-number")
	}
	if f.aggravation.Kind != "" {
		req.Aggravation = &f.aggravation
	}
	return req, subject, nil
}

// term says how long a listing lasts.
func term(l *creditapi.Listing) string {
	if l.End == "" {
		return "from " + l.Start + ", no term"
	}
	return l.Start + " to " + l.End
}

func (a *App) creditRemoveCommand() *cobra.Command {
	var req creditapi.RemovalRequest
	cmd := a.opCommand(op{use: "remove ID", short: "Remove a listing on a ground of the Provisions (judges); its personal data is purged", args: 1,
		example: "  judicial --identity judge1 credit remove CR20261125-0011223344556677 --ground creditor_application \\\n" +
			"      --document sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		run: func(ctx context.Context, c *gateway.Client, args []string) (any, *gateway.Result, error) {
			return submitted(credit.New(c).Remove(ctx, args[0], req))
		}})
	cmd.Flags().StringVar(&req.Ground, "ground", "", "dishonest: "+strings.Join(creditapi.JudgeGrounds[creditapi.Dishonest], ", ")+
		"; consumption: "+strings.Join(creditapi.JudgeGrounds[creditapi.Consumption], ", "))
	cmd.Flags().StringVar(&req.Document, "document", "", "digest of the decision")
	cmd.Flags().StringVar(&req.Note, "note", "", "a note for the record")
	return cmd
}

func (a *App) creditApproveCommand() *cobra.Command {
	var req creditapi.ApprovalRequest
	cmd := a.opCommand(op{use: "approve ID", short: "Approve a necessary consumption for a restricted person (judges; 2015 Provisions art. 8)", args: 1,
		example: "  judicial --identity judge1 credit approve CR20261125-0011223344556677 --restriction flights_sleepers_upper_ship_cabins \\\n" +
			"      --purpose \"surgery in Beijing\" --until 2026-12-20T00:00:00Z --document sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		run: func(ctx context.Context, c *gateway.Client, args []string) (any, *gateway.Result, error) {
			return submitted(credit.New(c).ApproveConsumption(ctx, args[0], req))
		}})
	cmd.Flags().StringVar(&req.Restriction, "restriction", "", "one of: "+strings.Join(creditapi.Restrictions, ", "))
	cmd.Flags().StringVar(&req.Purpose, "purpose", "", "what the consumption is necessary for")
	cmd.Flags().StringVar(&req.Until, "until", "", "until when (RFC 3339)")
	cmd.Flags().StringVar(&req.Document, "document", "", "digest of the approval")
	return cmd
}

func (a *App) creditCorrectionCommand() *cobra.Command {
	correction := &cobra.Command{Use: "correction", Short: "A listed person's application to correct a listing (2017 Provisions arts. 11-12)"}
	var apply creditapi.CorrectionRequest
	applyCmd := a.opCommand(op{use: "apply ID", short: "Record the application (clerks); the court decides within 15 days", args: 1,
		example: "  judicial --identity clerk1 credit correction apply CR20261125-0011223344556677 --reason \"paid before listing\" \\\n" +
			"      --document sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		run: func(ctx context.Context, c *gateway.Client, args []string) (any, *gateway.Result, error) {
			return submitted(credit.New(c).ApplyCorrection(ctx, args[0], apply))
		}})
	applyCmd.Flags().StringVar(&apply.Reason, "reason", "", "what the person says is wrong")
	applyCmd.Flags().StringVar(&apply.Document, "document", "", "digest of the application")
	var decide creditapi.CorrectionDecision
	decideCmd := a.opCommand(op{use: "decide ID APPLICATION", short: "Uphold (the listing is removed) or reject an application (judges)", args: 2,
		example: "  judicial --identity judge1 credit correction decide CR20261125-0011223344556677 K1 --uphold --reason \"receipt checked\" \\\n" +
			"      --document sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		run: func(ctx context.Context, c *gateway.Client, args []string) (any, *gateway.Result, error) {
			return submitted(credit.New(c).DecideCorrection(ctx, args[0], args[1], decide))
		}})
	decideCmd.Flags().BoolVar(&decide.Uphold, "uphold", false, "the listing was wrong: remove it")
	decideCmd.Flags().StringVar(&decide.Reason, "reason", "", "the decision's reason")
	decideCmd.Flags().StringVar(&decide.Document, "document", "", "digest of the decision")
	correction.AddCommand(calls(applyCmd, creditapi.ApplyCorrection.Function), calls(decideCmd, creditapi.DecideCorrection.Function))
	return correction
}

func (a *App) creditCheckCommand() *cobra.Command {
	var number, code string
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check whether a person or an entity is listed or restricted now, the identifier sent as transient data (banks, court roles)",
		Example: `  judicial --org CreditMSP --identity bank1 credit check --id-number 11010519491231002X
  judicial --org CreditMSP --identity bank1 credit check --credit-code 91350100M000100Y43
  JUDICIAL_ID_NUMBER=11010519491231002X judicial --org CreditMSP --identity bank1 --json credit check`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if number == "" && code == "" {
				number = os.Getenv("JUDICIAL_ID_NUMBER")
			}
			if (number == "") == (code == "") {
				return fmt.Errorf("give one of --id-number (or JUDICIAL_ID_NUMBER) and --credit-code")
			}
			return a.withClient(func(c *gateway.Client) error {
				check := credit.New(c).Check
				id := number
				if code != "" {
					check, id = credit.New(c).CheckEntity, code
				}
				res, err := check(cmd.Context(), id)
				if err != nil {
					return err
				}
				return a.emit(res, func(w io.Writer) { a.printCheck(w, res) })
			})
		},
	}
	cmd.Flags().StringVar(&number, "id-number", "", "the resident ID number of a person")
	cmd.Flags().StringVar(&code, "credit-code", "", "the unified social credit code of an entity")
	return cmd
}

func (a *App) printCheck(w io.Writer, res *creditapi.CheckResult) {
	if !res.Listed {
		fmt.Fprintf(w, "not listed (checked at %s)\n", a.when(res.CheckedAt))
		return
	}
	fmt.Fprintf(w, "LISTED (checked at %s)\n", a.when(res.CheckedAt))
	show := func(l *creditapi.Listing) {
		fmt.Fprintf(w, "  %s  %s  case %s  court %s  %s\n", l.ID, l.Kind, l.Case, l.Court, term(l))
		if len(l.Restrictions) > 0 {
			fmt.Fprintf(w, "    restricted: %s\n", strings.Join(l.Restrictions, ", "))
		}
		for _, p := range l.Approvals {
			fmt.Fprintf(w, "    approved (%s): %s, until %s\n", p.Restriction, p.Purpose, p.Until)
		}
	}
	for _, l := range res.Listings {
		show(l)
	}
	for _, h := range res.AsLinked {
		fmt.Fprintf(w, " as %s of a restricted entity:\n", h.Role)
		show(h.Listing)
	}
}

func (a *App) creditPageCommand() *cobra.Command {
	var paging pagedFlags
	cmd := &cobra.Command{
		Use:     "page COURT KIND",
		Short:   "Page through a court's active listings of one kind (dishonest or consumption)",
		Example: "  judicial --org CreditMSP --identity bank1 credit page J0491 dishonest --all",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(func(c *gateway.Client) error {
				listings, bookmark, err := collect(&paging, func(opts ...gateway.PageOption) ([]*creditapi.Listing, string, error) {
					page, err := credit.New(c).Page(cmd.Context(), args[0], args[1], opts...)
					if err != nil {
						return nil, "", err
					}
					return page.Listings, page.Bookmark, nil
				})
				if err != nil {
					return err
				}
				return a.emit(map[string]any{"listings": listings, "bookmark": bookmark}, func(w io.Writer) {
					for _, l := range listings {
						fmt.Fprintf(w, "%s  %s  case %s  %s\n", l.ID, l.Kind, l.Case, term(l))
					}
					printBookmark(w, bookmark)
				})
			})
		},
	}
	paging.register(cmd, "listings")
	return cmd
}

func (a *App) creditKeyCommand() *cobra.Command {
	var file string
	key := &cobra.Command{Use: "key", Short: "The pseudonym key the orgs share (a keyed hash turns ID numbers into pseudonyms)"}
	key.PersistentFlags().StringVar(&file, "key-file", "", "key file (default: JUDICIAL_PSEUDONYM_KEY, or pseudonym.key beside the profile)")
	pseudonymCmd := a.pseudonymCommand(&file)
	key.AddCommand(calls(&cobra.Command{
		Use:     "init",
		Short:   "Store the key on the channel once (judges); creates the key file if there is none",
		Example: "  judicial --identity judge1 credit key init",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			k, created, err := credit.LoadOrCreateKey(a.keyFile(file))
			if err != nil {
				return err
			}
			return a.withClient(func(c *gateway.Client) error {
				info, _, err := credit.New(c).SetPseudonymKey(cmd.Context(), k)
				if err != nil {
					return err
				}
				return a.emit(map[string]any{"fingerprint": info.Fingerprint, "changed": info.Changed, "createdFile": created}, func(w io.Writer) {
					state := "already set"
					if info.Changed {
						state = "set"
					}
					fmt.Fprintf(w, "pseudonym key %s on the channel (fingerprint %s)\n", state, info.Fingerprint)
				})
			})
		},
	}, creditapi.SetPseudonymKey.Function), pseudonymCmd)
	return key
}

func (a *App) pseudonymCommand(file *string) *cobra.Command {
	var entity bool
	cmd := &cobra.Command{
		Use:   "pseudonym ID",
		Short: "Compute a person's (or, with --entity, an entity's) pseudonym locally with the key file (nothing is sent)",
		Example: `  judicial credit key pseudonym 11010519491231002X
  judicial credit key pseudonym --entity 91350100M000100Y43`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := credit.LoadKey(a.keyFile(*file))
			if err != nil {
				return err
			}
			pseudonymOf := idnumber.Pseudonym
			if entity {
				pseudonymOf = idnumber.EntityPseudonym
			}
			p, err := pseudonymOf(k, args[0])
			if err != nil {
				return err
			}
			return a.emit(map[string]string{"pseudonym": p}, func(w io.Writer) { fmt.Fprintln(w, p) })
		},
	}
	cmd.Flags().BoolVar(&entity, "entity", false, "the identifier is an entity's unified social credit code")
	return cmd
}
