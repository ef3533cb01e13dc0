package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/courtchain/judicial/chaincode/api"

	cc "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/spf13/cobra"
)

// Service of documents: a clerk records that an anchored document was
// served and, later, the recipient's acknowledgement; anyone may list a
// document's services.

func (a *App) serviceCommand() *cobra.Command {
	svc := &cobra.Command{Use: "service", Short: "Record the service of documents and their acknowledgement"}
	svc.AddCommand(calls(a.serviceRecordCommand(), cc.RecordService.Function), calls(a.serviceAckCommand(), cc.Acknowledge.Function),
		calls(a.serviceStatusCommand(), cc.ServiceStatus.Function))
	return svc
}

func (a *App) serviceRecordCommand() *cobra.Command {
	var alg, recipient, method, servedAt string
	cmd := &cobra.Command{
		Use: "record DOCUMENT", Short: "Record that an anchored document (file or digest) was served", Args: cobra.ExactArgs(1),
		Example: `  judicial --identity clerk1 service record judgment.pdf --recipient 3b9f…e0f9 --method electronic --served-at 2026-01-05T10:00:00+08:00
  judicial --identity clerk1 service record judgment.pdf --recipient 3b9f…e0f9 --method publication --served-at 2026-01-05T10:00:00+08:00   # deemed served 30 days on`,
		RunE: func(cmd *cobra.Command, args []string) error {
			d, _, err := digestArg(alg, args[0])
			if err != nil {
				return err
			}
			if servedAt == "" {
				return errors.New("--served-at is required (RFC 3339, e.g. 2026-01-05T10:00:00+08:00)")
			}
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				return a.emitService(e.RecordService(cmd.Context(), cc.ServiceRequest{Algorithm: alg, Document: d, Recipient: recipient, Method: method, ServedAt: servedAt}))
			})
		},
	}
	cmd.Flags().StringVar(&alg, "algorithm", api.SHA256, "digest algorithm")
	cmd.Flags().StringVar(&recipient, "recipient", "", "recipient's pseudonym (64 hex characters)")
	cmd.Flags().StringVar(&method, "method", "electronic", "electronic, in_person, left_at_residence, entrusted, post or publication")
	cmd.Flags().StringVar(&servedAt, "served-at", "", "when it was served, or published (RFC 3339)")
	return cmd
}

// emitService prints the service a submit recorded.
func (a *App) emitService(s *cc.Service, tx *gateway.Result, err error) error {
	if err != nil {
		return err
	}
	res := &evidence.ServiceResult{Service: s, Transaction: tx}
	return a.emit(res, func(w io.Writer) { a.printService(w, res.Service) })
}

func (a *App) printService(w io.Writer, s *cc.Service) {
	fmt.Fprintf(w, "service %s of %s (%s) to %s…: %s at %s, recorded by %s\n", s.ID, s.DocumentNumber, s.Document[:16], s.Recipient[:12], s.Method, a.when(s.ServedAt), s.RecordedBy)
	if s.DeemedServedAt != "" {
		fmt.Fprintf(w, "  deemed served at %s (30 days after publication, CPL 2023 art. 95)\n", a.when(s.DeemedServedAt))
	}
	if s.Acknowledged != nil {
		fmt.Fprintf(w, "  acknowledged at %s, receipt %s\n", a.when(s.Acknowledged.At), s.Acknowledged.ReceiptNumber)
	} else {
		fmt.Fprintln(w, "  not acknowledged yet")
	}
}

func (a *App) serviceAckCommand() *cobra.Command {
	var alg string
	cmd := &cobra.Command{
		Use: "ack SERVICE_ID RECEIPT", Short: "Record the recipient's acknowledgement (receipt file or digest; it is anchored too)", Args: cobra.ExactArgs(2),
		Example: "  judicial --identity clerk1 service ack SV20260105-0011223344556677 signed-receipt.pdf",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDocument(alg, args[1], func(e *evidence.Client, d string) error {
				return a.emitService(e.Acknowledge(cmd.Context(), args[0], alg, d))
			})
		},
	}
	cmd.Flags().StringVar(&alg, "algorithm", api.SHA256, "digest algorithm")
	return cmd
}

// withDocument runs fn with an evidence client and the hex digest of a
// document argument: a file, hashed here with alg, or a digest.
func (a *App) withDocument(alg, arg string, fn func(e *evidence.Client, digest string) error) error {
	d, _, err := digestArg(alg, arg)
	if err != nil {
		return err
	}
	return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error { return fn(e, d) })
}

func (a *App) serviceStatusCommand() *cobra.Command {
	var alg string
	cmd := &cobra.Command{
		Use: "status DOCUMENT", Short: "List the services of a document (file or digest)", Args: cobra.ExactArgs(1),
		Example: "  judicial --identity auditor service status judgment.pdf",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withDocument(alg, args[0], func(e *evidence.Client, d string) error {
				list, err := e.ServiceStatus(cmd.Context(), alg, d)
				if err != nil {
					return err
				}
				return a.emit(list, func(w io.Writer) {
					if len(list) == 0 {
						fmt.Fprintln(w, "no service of this document is recorded")
					}
					for _, s := range list {
						a.printService(w, s)
					}
				})
			})
		},
	}
	cmd.Flags().StringVar(&alg, "algorithm", api.SHA256, "digest algorithm")
	return cmd
}
