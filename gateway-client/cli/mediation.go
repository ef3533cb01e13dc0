package cli

import (
	"context"
	"strings"

	"github.com/courtchain/judicial/gateway-client/enforcement"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/mediation"
	"github.com/spf13/cobra"
)

// The mediation contract's functions are commands of their own
// (functions.go); this one adds what none is: the creditor's application
// for enforcement of a breach, filed from the agreement's record.

func (a *App) applyEnforcementCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "apply-enforcement BREACH DOCUMENT",
		Short: "File the creditor's application for enforcement of a breach of a confirmed agreement (clerks): the case carries what the breach covers, nothing else",
		Example: `  judicial --identity clerk1 agreement apply-enforcement MA20261124-… <sha256 of the application>
  judicial --identity clerk1 agreement apply-enforcement MA20261124-…/2 <sha256 of the application>   # a later breach`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(func(c *gateway.Client) error {
				v, res, err := applyEnforcement(cmd.Context(), c, args[0], args[1])
				if err != nil {
					return err
				}
				return a.emitAnswer(v, res)
			})
		},
	}
}

func applyEnforcement(ctx context.Context, c *gateway.Client, breach, document string) (any, *gateway.Result, error) {
	id, _, _ := strings.Cut(breach, "/")
	ag, err := mediation.New(c).GetAgreement(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	req, err := mediation.ApplicationFor(ag, breach, document)
	if err != nil {
		return nil, nil, err
	}
	return enforcement.New(c).OpenCase(ctx, req)
}
