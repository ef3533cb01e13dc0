package cli

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/system"
	"github.com/spf13/cobra"
)

func (a *App) systemCommands() []*cobra.Command {
	ping := &cobra.Command{
		Use:     "ping",
		Short:   "Check that the chaincode answers through the gateway peer",
		Example: "  judicial --org CreditMSP --identity auditor ping",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(func(c *gateway.Client) error {
				info, err := system.New(c).Ping(cmd.Context())
				if err != nil {
					return err
				}
				return a.emit(info, func(w io.Writer) {
					fmt.Fprintf(w, "chaincode %s %s answers on %s through %s (%s)\n", info.Chaincode, info.Version, c.Channel(), c.Peer().Name, c.Peer().Endpoint)
					if info.TestPeriods {
						fmt.Fprintln(w, "testPeriods: this chaincode server lets periods go below the law's bounds (a test network)")
					}
				})
			})
		},
	}
	whoami := &cobra.Command{
		Use:     "whoami",
		Short:   "Show the identity, org and role the chaincode sees",
		Example: "  judicial --org MediationMSP --identity mediator1 whoami",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(func(c *gateway.Client) error {
				me, err := system.New(c).WhoAmI(cmd.Context())
				if err != nil {
					return err
				}
				return a.emit(me, func(w io.Writer) {
					role := string(me.Role)
					if role == "" {
						role = "(none)"
					}
					fmt.Fprintf(w, "msp:        %s\nenrollment: %s\nrole:       %s\nid:         %s\n", me.MSPID, me.EnrollmentID, role, me.ID)
				})
			})
		},
	}
	return []*cobra.Command{calls(ping, systemapi.Ping.Function), calls(whoami, systemapi.WhoAmI.Function),
		a.paramCommand(), a.calendarCommand(), a.queryCommand(), a.invokeCommand()}
}

func (a *App) paramCommand() *cobra.Command {
	param := &cobra.Command{
		Use:   "param",
		Short: "Read and set channel parameters (periods, bounds)",
		Example: `  judicial param list
  judicial param get filing.reviewDays
  judicial --identity judge1 param set mediation.gracePeriod 24h`,
	}
	get := &cobra.Command{
		Use: "get NAME", Short: "Show a parameter", Args: cobra.ExactArgs(1),
		Example: "  judicial param get filing.reviewDays",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(func(c *gateway.Client) error {
				p, err := system.New(c).GetParameter(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				return a.emit(p, func(w io.Writer) { a.printParameters(w, p) })
			})
		},
	}
	set := &cobra.Command{
		Use: "set NAME VALUE", Short: "Set a parameter (court judges only)", Args: cobra.ExactArgs(2),
		Example: "  judicial --identity judge1 param set mediation.gracePeriod 24h",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(func(c *gateway.Client) error {
				p, res, err := system.New(c).SetParameter(cmd.Context(), args[0], args[1])
				if err != nil {
					return err
				}
				return a.emit(map[string]any{"parameter": p, "transaction": res}, func(w io.Writer) {
					a.printParameters(w, p)
					fmt.Fprintf(w, "committed in block %d, transaction %s\n", res.Block, res.TxID)
				})
			})
		},
	}
	list := &cobra.Command{
		Use: "list", Short: "List every parameter", Args: cobra.NoArgs,
		Example: "  judicial --json param list",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(func(c *gateway.Client) error {
				ps, err := system.New(c).ListParameters(cmd.Context())
				if err != nil {
					return err
				}
				return a.emit(ps, func(w io.Writer) { a.printParameters(w, ps...) })
			})
		},
	}
	param.AddCommand(calls(get, systemapi.GetParameter.Function), calls(set, systemapi.SetParameter.Function), calls(list, systemapi.ListParameters.Function))
	return param
}

func (a *App) printParameters(w io.Writer, ps ...*systemapi.Parameter) {
	for _, p := range ps {
		line := fmt.Sprintf("%-22s %-8s", p.Name, p.Value)
		if p.Default {
			line += " set by default"
		} else if p.UpdatedBy != nil {
			line += " set by " + p.UpdatedBy.String()
		}
		if p.UpdatedAt != "" {
			line += " at " + a.when(p.UpdatedAt)
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
		if p.Doc != "" {
			fmt.Fprintf(w, "    %s\n", p.Doc)
		}
	}
}

const calendarLong = `Periods the law counts in working days (a listing removed within 3
working days) or that end on a day off (CPL art. 85) are counted on the
courts' calendar. A court administrator declares each year's holidays and
the weekend days made working days when the State Council publishes them;
a year not declared has Saturdays and Sundays as its only days off.`

func (a *App) calendarCommand() *cobra.Command {
	cal := &cobra.Command{
		Use:   "calendar",
		Short: "The courts' calendar: holidays and adjusted working days, by year",
		Long:  calendarLong,
		Example: `  judicial calendar show
  judicial --identity courtadmin1 calendar set 2025 --basis "国办发明电〔2024〕12号" \
    --holiday 2025-01-01 --holiday 2025-01-28 --workday 2025-01-26`,
	}
	get := &cobra.Command{
		Use: "show", Short: "Show every declared year", Args: cobra.NoArgs,
		Example: "  judicial --json calendar show",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(func(c *gateway.Client) error {
				v, err := system.New(c).GetCalendar(cmd.Context())
				if err != nil {
					return err
				}
				return a.emit(v, func(w io.Writer) { a.printCalendar(w, v) })
			})
		},
	}
	var req systemapi.HolidaysRequest
	set := &cobra.Command{
		Use: "set YEAR", Short: "Declare one year's days (court administrators); replaces what the year had", Args: cobra.ExactArgs(1),
		Example: `  judicial --identity courtadmin1 calendar set 2024 --basis "国办发明电〔2023〕7号" \
    --holiday 2024-10-01 --holiday 2024-10-02 --holiday 2024-10-03 --holiday 2024-10-04 \
    --holiday 2024-10-07 --workday 2024-09-29 --workday 2024-10-12`,
		RunE: func(cmd *cobra.Command, args []string) error {
			year, err := strconv.Atoi(args[0])
			if err != nil {
				return fmt.Errorf("YEAR %q is not a year", args[0])
			}
			return a.withClient(func(c *gateway.Client) error {
				v, res, err := system.New(c).SetHolidays(cmd.Context(), year, req)
				if err != nil {
					return err
				}
				return a.emit(map[string]any{"calendar": v, "transaction": res}, func(w io.Writer) {
					a.printCalendar(w, v)
					fmt.Fprintf(w, "committed in block %d, transaction %s\n", res.Block, res.TxID)
				})
			})
		},
	}
	set.Flags().StringArrayVar(&req.Holidays, "holiday", nil, "a non-working day, YYYY-MM-DD (repeat)")
	set.Flags().StringArrayVar(&req.Workdays, "workday", nil, "a Saturday or Sunday made a working day, YYYY-MM-DD (repeat)")
	set.Flags().StringVar(&req.Basis, "basis", "", "the State Council's arrangement the days come from")
	cal.AddCommand(calls(get, systemapi.GetCalendar.Function), calls(set, systemapi.SetHolidays.Function))
	return cal
}

func (a *App) printCalendar(w io.Writer, c *systemapi.Calendar) {
	if len(c.Years) == 0 {
		fmt.Fprintln(w, "no year declared: Saturdays and Sundays are the only days off")
	}
	for _, y := range c.Years {
		fmt.Fprintf(w, "%d  %d holidays, %d adjusted working days  (%s; set by %s at %s)\n", y.Year, len(y.Holidays), len(y.Workdays), y.Basis, y.SetBy.String(), a.when(y.SetAt))
		if len(y.Holidays) > 0 {
			fmt.Fprintf(w, "    off:     %s\n", strings.Join(y.Holidays, " "))
		}
		if len(y.Workdays) > 0 {
			fmt.Fprintf(w, "    working: %s\n", strings.Join(y.Workdays, " "))
		}
	}
}

func (a *App) queryCommand() *cobra.Command {
	var transient []string
	cmd := &cobra.Command{
		Use:   "query FUNCTION [ARG...]",
		Short: "Evaluate any chaincode function (nothing is written)",
		Example: `  judicial query system:GetParameter filing.reviewDays
  judicial --json query evidence:Show EV0123456789ABCDEF0123456789ABCDEF`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := parseTransient(transient)
			if err != nil {
				return err
			}
			return a.withClient(func(c *gateway.Client) error {
				payload, err := gateway.Evaluate(cmd.Context(), c, anyFunction(args), gateway.WithArgs(strs(args[1:])...), gateway.WithTransient(t))
				if err != nil {
					return err
				}
				a.emitPayload(payload)
				return nil
			})
		},
	}
	cmd.Flags().StringArrayVar(&transient, "transient", nil, "transient data as key=value or key=@file (repeatable)")
	return cmd
}

func (a *App) invokeCommand() *cobra.Command {
	var transient, orgs []string
	cmd := &cobra.Command{
		Use:   "invoke FUNCTION [ARG...]",
		Short: "Submit any chaincode function and wait for its commit",
		Example: `  judicial --identity judge1 invoke system:SetParameter time.window 10m
  judicial --identity judge1 invoke --endorsing-orgs CourtMSP,MediationMSP system:SetParameter time.window 10m
  # private inputs for a function that reads them with GetTransient:
  judicial invoke --transient doc=@claim.json --transient note=urgent contract:Function ARG`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := parseTransient(transient)
			if err != nil {
				return err
			}
			return a.withClient(func(c *gateway.Client) error {
				_, res, err := gateway.Submit(cmd.Context(), c, anyFunction(args), gateway.WithArgs(strs(args[1:])...), gateway.WithTransient(t), gateway.WithEndorsingOrgs(orgs...))
				if err != nil {
					return err
				}
				if a.JSON {
					return a.emit(map[string]any{"txId": res.TxID, "block": res.Block, "attempts": res.Attempts, "payload": payloadValue(res.Payload)}, nil)
				}
				a.emitPayload(res.Payload)
				fmt.Fprintf(a.Out, "committed in block %d, transaction %s", res.Block, res.TxID)
				if res.Attempts > 1 {
					fmt.Fprintf(a.Out, " (attempt %d, after read conflicts)", res.Attempts)
				}
				fmt.Fprintln(a.Out)
				return nil
			})
		},
	}
	cmd.Flags().StringArrayVar(&transient, "transient", nil, "transient data as key=value or key=@file (repeatable)")
	cmd.Flags().StringSliceVar(&orgs, "endorsing-orgs", nil, "collect endorsements only from these MSPs")
	return cmd
}

// anyFunction is the function args[0] names, as declared, or, for a
// function no declaration names (another chaincode's, a newer one's),
// one that takes the arguments given as they are.
func anyFunction(args []string) api.Fn[api.RawAnswer] {
	if s, ok := api.Lookup(api.Function(args[0])); ok {
		return api.Raw(s)
	}
	s := &api.Spec{Function: api.Function(args[0])}
	for i := range args[1:] {
		s.Args = append(s.Args, api.String(fmt.Sprintf("arg%d", i+1)))
	}
	return api.Raw(s)
}

// strs hands strings to WithArgs, which sends them as they are.
func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// parseTransient reads key=value and key=@file pairs.
func parseTransient(pairs []string) (map[string][]byte, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	out := make(map[string][]byte, len(pairs))
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--transient %q: use key=value or key=@file", p)
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("--transient %s is given twice", k)
		}
		if file, isFile := strings.CutPrefix(v, "@"); isFile {
			data, err := os.ReadFile(file)
			if err != nil {
				return nil, fmt.Errorf("--transient %s: %w", k, err)
			}
			out[k] = data
			continue
		}
		out[k] = []byte(v)
	}
	return out, nil
}
