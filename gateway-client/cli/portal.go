package cli

import (
	"errors"
	"log/slog"
	"net/http"
	"os"

	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/portal"
	"github.com/spf13/cobra"
)

// The public verification page: anyone drops a file or a certificate,
// the court's auditor identity reads the ledger for them.

func (a *App) portalCommand() *cobra.Command {
	var listen, verifier, trust string
	var perSecond float64
	cmd := &cobra.Command{
		Use:   "portal",
		Short: "Serve the public verification page (read-only; run it with an auditor identity)",
		Example: `  judicial --org CourtMSP --identity auditor portal --listen 127.0.0.1:8088
  # then open http://127.0.0.1:8088/ and drop a file, or
  # http://127.0.0.1:8088/certificate to verify an evidence certificate (make wasm first)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withEvidence(func(e *evidence.Client, c *gateway.Client) error {
				srv := portal.HTTPServer(listen, portal.New(e, portal.Options{RatePerSecond: perSecond, TimeZone: a.TZ, Verifier: existing(verifier), Trust: existing(trust)}))
				go func() {
					<-cmd.Context().Done()
					srv.Close()
				}()
				slog.Info("verification portal", "listen", "http://"+listen+"/", "as", c.MSPID()+"/"+c.Identity(), "peer", c.Peer().Endpoint)
				if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
					return err
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8088", "address to serve on")
	cmd.Flags().Float64Var(&perSecond, "rate", 5, "requests per second allowed to each client address")
	cmd.Flags().StringVar(&verifier, "verifier", "build/wasm", "folder of the certificate verifier `make wasm` builds")
	cmd.Flags().StringVar(&trust, "trust", envOr("JUDICIAL_TRUST", "network/run/trust.json"), "the trust file this court publishes at /trust.json")
	return cmd
}

// existing is path if it exists, "" (serve none) otherwise.
func existing(path string) string {
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}
