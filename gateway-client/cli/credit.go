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
	"github.com/courtchain/judicial/gateway-client/judicial"
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
	cc := func(c *judicial.Client) *credit.Client { return credit.New(c) }
	cr.AddCommand(
		a.creditListCommand(), a.creditCheckCommand(), a.creditPageCommand(), a.creditKeyCommand(),
		a.opCommand(op{use: "remove ID REASON", short: "Remove a listing with a reason (judges); its personal data is purged", args: 2,
			example: "  judicial --identity judge1 credit remove " + id + ` "creditor's written request"`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return submitted(cc(c).Remove(ctx, args[0], args[1]))
			}}),
		a.opCommand(op{use: "show ID", short: "Show a listing's public record", args: 1,
			example: "  judicial --org CreditMSP --identity bank1 credit show " + id,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(cc(c).Listing(ctx, args[0]))
			}}),
		a.opCommand(op{use: "history ID", short: "Every version of a listing: its listing and its removal", args: 1,
			example: "  judicial --identity auditor credit history " + id,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(cc(c).History(ctx, args[0]))
			}}),
		a.opCommand(op{use: "stats COURT", short: "Active listings by court and kind (auditors, judges; \"\" for every court)", args: 1,
			example: `  judicial --identity auditor credit stats ""`,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(cc(c).Stats(ctx, args[0]))
			}}),
		a.opCommand(op{use: "personal ID", short: "The name and ID number behind an active listing (judges, on a court peer)", args: 1,
			example: "  judicial --identity judge1 credit personal " + id,
			run: func(ctx context.Context, c *judicial.Client, args []string) (any, *judicial.Result, error) {
				return queried(cc(c).PersonalData(ctx, args[0]))
			}}),
	)
	return cr
}

func (a *App) creditListCommand() *cobra.Command {
	var req creditapi.ListRequest
	var name, number, personFile string
	cmd := &cobra.Command{
		Use:   "list CASE",
		Short: "List a debtor of an active enforcement case (judges); name and ID number travel only as transient data",
		Example: `  judicial --identity judge1 credit list '(2026)J执0A1B2C3D4E号' --kind dishonest --kind consumption --court J0491 --ground 1 \
      --basis "ruling (2026)J执1号" --start 2026-11-25T00:00:00Z --end 2028-11-25T00:00:00Z --person person.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			person := creditapi.Person{Name: name, IDNumber: number}
			if personFile != "" {
				data, err := os.ReadFile(personFile)
				if err != nil {
					return err
				}
				if err := json.Unmarshal(data, &person); err != nil {
					return fmt.Errorf("%s: not a JSON {\"name\",\"idNumber\"}: %w", personFile, err)
				}
			}
			if person.Name == "" || person.IDNumber == "" {
				return fmt.Errorf("give the person as --person FILE ({\"name\",\"idNumber\"}) or --name and --id-number")
			}
			return a.withClient(func(c *judicial.Client) error {
				listings, res, err := credit.New(c).List(cmd.Context(), args[0], req, person)
				if err != nil {
					return err
				}
				return a.emit(map[string]any{"listings": listings, "txId": res.TxID, "block": res.Block}, func(w io.Writer) {
					for _, l := range listings {
						fmt.Fprintf(w, "%s  %s  case %s  %s to %s\n", l.ID, l.Kind, l.Case, l.Start, l.End)
					}
					fmt.Fprintf(w, "committed in block %d, transaction %s\n", res.Block, res.TxID)
				})
			})
		},
	}
	cmd.Flags().StringSliceVar(&req.Kinds, "kind", nil, "dishonest, consumption, or both (repeat the flag)")
	cmd.Flags().StringVar(&req.Court, "court", "", "the listing court's code")
	cmd.Flags().IntVar(&req.Ground, "ground", 0, "for dishonest: paragraph 1-6 of art. 1 of the 2017 SPC Provisions")
	cmd.Flags().StringVar(&req.Basis, "basis", "", "the legal basis: ruling and articles")
	cmd.Flags().StringVar(&req.Start, "start", "", "start of the term (RFC 3339)")
	cmd.Flags().StringVar(&req.End, "end", "", "end of the term (RFC 3339)")
	cmd.Flags().BoolVar(&req.Serious, "serious", false, "a serious case: the dishonest term may be extended")
	cmd.Flags().StringVar(&personFile, "person", "", `JSON file {"name","idNumber"} (keeps them out of the shell history)`)
	cmd.Flags().StringVar(&name, "name", "", "the person's name")
	cmd.Flags().StringVar(&number, "id-number", "", "the person's resident ID number")
	return cmd
}

func (a *App) creditCheckCommand() *cobra.Command {
	var number string
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check whether a person is listed now, by ID number sent as transient data (banks, court roles)",
		Example: `  judicial --org CreditMSP --identity bank1 credit check --id-number 11010519491231002X
  JUDICIAL_ID_NUMBER=11010519491231002X judicial --org CreditMSP --identity bank1 --json credit check`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if number == "" {
				number = os.Getenv("JUDICIAL_ID_NUMBER")
			}
			if number == "" {
				return fmt.Errorf("give --id-number or JUDICIAL_ID_NUMBER")
			}
			return a.withClient(func(c *judicial.Client) error {
				res, err := credit.New(c).Check(cmd.Context(), number)
				if err != nil {
					return err
				}
				return a.emit(res, func(w io.Writer) {
					if !res.Listed {
						fmt.Fprintf(w, "not listed (checked at %s)\n", res.CheckedAt)
						return
					}
					fmt.Fprintf(w, "LISTED (checked at %s)\n", res.CheckedAt)
					for _, l := range res.Listings {
						fmt.Fprintf(w, "  %s  %s  case %s  court %s  %s to %s\n", l.ID, l.Kind, l.Case, l.Court, l.Start, l.End)
						if len(l.Restrictions) > 0 {
							fmt.Fprintf(w, "    restricted: %s\n", strings.Join(l.Restrictions, ", "))
						}
					}
				})
			})
		},
	}
	cmd.Flags().StringVar(&number, "id-number", "", "the resident ID number to check")
	return cmd
}

func (a *App) creditPageCommand() *cobra.Command {
	var paging pagedFlags
	cmd := &cobra.Command{
		Use:     "page COURT KIND",
		Short:   "Page through a court's active listings of one kind (dishonest or consumption)",
		Example: "  judicial --org CreditMSP --identity bank1 credit page J0491 dishonest --all",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(func(c *judicial.Client) error {
				listings, bookmark, err := collect(&paging, func(opts ...judicial.PageOption) ([]*creditapi.Listing, string, error) {
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
						fmt.Fprintf(w, "%s  %s  case %s  %s to %s\n", l.ID, l.Kind, l.Case, l.Start, l.End)
					}
					if bookmark != "" {
						fmt.Fprintf(w, "more: --bookmark %q\n", bookmark)
					}
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
	key.AddCommand(&cobra.Command{
		Use:     "init",
		Short:   "Store the key on the channel once (judges); creates the key file if there is none",
		Example: "  judicial --identity judge1 credit key init",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			k, created, err := credit.LoadOrCreateKey(a.keyFile(file))
			if err != nil {
				return err
			}
			return a.withClient(func(c *judicial.Client) error {
				info, _, err := credit.New(c).SetKey(cmd.Context(), k)
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
	}, &cobra.Command{
		Use:     "pseudonym ID_NUMBER",
		Short:   "Compute a person's pseudonym locally with the key file (nothing is sent)",
		Example: "  judicial credit key pseudonym 11010519491231002X",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := credit.LoadKey(a.keyFile(file))
			if err != nil {
				return err
			}
			p, err := idnumber.Pseudonym(k, args[0])
			if err != nil {
				return err
			}
			return a.emit(map[string]string{"pseudonym": p}, func(w io.Writer) { fmt.Fprintln(w, p) })
		},
	})
	return key
}
