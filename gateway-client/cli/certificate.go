package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	cc "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/certificate"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/printout"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/spf13/cobra"
)

// Evidence certificates (docs/evidence.md): issued online, verified
// offline against a court's trust file.

func (a *App) certificateCommand() *cobra.Command {
	var out, receipt string
	cmd := &cobra.Command{
		Use:   "certificate NUMBER",
		Short: "Write the evidence certificate of a record (or, with --receipt, of a batch leaf) that anyone can verify offline",
		Example: `  judicial --identity clerk1 evidence certificate EV0123456789ABCDEF0123456789ABCDEF
  judicial --identity clerk1 evidence certificate --receipt receipts/EV...-000000-photo1.jpg.receipt.json -o photo1.certificate.json EV...`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var rc *batch.Receipt
			if receipt != "" {
				var err error
				if rc, err = batch.ReadReceipt(receipt); err != nil {
					return err
				}
			}
			p, err := profile.Load(a.Profile)
			if err != nil {
				return err
			}
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				c, err := e.Certificate(cmd.Context(), args[0], rc, evidence.Attesters(p))
				if err != nil {
					return err
				}
				if out == "" {
					out = args[0] + ".certificate.json"
				}
				if err := writeJSON(out, c); err != nil {
					return err
				}
				return a.emit(map[string]any{"certificate": out, "number": c.Number, "txId": c.TxID, "block": c.Block.Number, "attestations": len(c.Attestations)}, func(w io.Writer) {
					fmt.Fprintf(w, "certificate %s: record %s, transaction %s in block %d, attested by %d peers\n", out, c.Number, c.TxID, c.Block.Number, len(c.Attestations))
				})
			})
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "certificate file (default NUMBER.certificate.json)")
	cmd.Flags().StringVar(&receipt, "receipt", "", "a batch receipt: certify its leaf")
	return cmd
}

func (a *App) verifyCertificateCommand() *cobra.Command {
	var file, trust string
	var online bool
	cmd := &cobra.Command{
		Use:   "verify-certificate CERTIFICATE",
		Short: "Verify an evidence certificate offline against a court's trust file (exit 0 valid, 2 not)",
		Example: `  judicial evidence verify-certificate --trust court-trust.json --file complaint.pdf EV....certificate.json
  judicial --identity auditor evidence verify-certificate --trust court-trust.json --online EV....certificate.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, t, err := loadCertificate(args[0], trust)
			if err != nil {
				return err
			}
			var fileDigest []byte
			if file != "" {
				alg, err := recordAlgorithm(c)
				if err != nil {
					return err
				}
				f, err := digest.HashFile(alg, file)
				if err != nil {
					return err
				}
				fileDigest = f.Digest
			}
			report, verr := certificate.Verify(c, t, fileDigest)
			var current *cc.Record
			if verr == nil && online {
				if err := a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
					current, err = e.Show(cmd.Context(), c.Number)
					return err
				}); err != nil {
					return err
				}
				report.Unknown = slices.DeleteFunc(report.Unknown, func(u string) bool { return u == certificate.UnknownStatus })
			}
			if err := a.emit(certificateResult{certificate.OutcomeOf(report, verr), current}, func(w io.Writer) { a.printCertificate(w, report, verr, current) }); err != nil {
				return err
			}
			if verr != nil || (current != nil && current.Status != cc.StatusValid) {
				return ExitError{Code: 2}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&file, "file", "", "check that the certificate is for this file")
	cmd.Flags().StringVar(&trust, "trust", envOr("JUDICIAL_TRUST", "network/run/trust.json"), "the court's trust file (env JUDICIAL_TRUST)")
	cmd.Flags().BoolVar(&online, "online", false, "also read the record's status now (revoked, superseded) from the ledger")
	return cmd
}

func (a *App) trustFileCommand() *cobra.Command {
	var out, policy, by string
	cmd := &cobra.Command{
		Use:   "trust-file",
		Short: "Write the trust file a court publishes: every org's root certificates pinned by fingerprint, and the endorsement policy",
		Long: `Writes the trust file from the channel as this identity's peer sees it now.
Check each pinned root against your own CA files before publishing it:
the file is what every later verification trusts.`,
		Example: `  judicial --identity clerk1 evidence trust-file -o court-trust.json --published-by "北京互联网法院"`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				t, err := e.Trust(cmd.Context(), policy)
				if err != nil {
					return err
				}
				t.PublishedBy, t.PublishedAt = by, time.Now().UTC().Format(time.RFC3339)
				if err := writeJSON(out, t); err != nil {
					return err
				}
				return a.emit(t, func(w io.Writer) {
					fmt.Fprintf(w, "trust file %s: channel %s, chaincode %s, policy %s\n", out, t.Channel, t.Chaincode, t.EndorsementPolicy)
					for _, o := range t.Orgs {
						fmt.Fprintf(w, "  %-14s %s\n", o.MSPID, strings.Join(o.Roots, " "))
					}
				})
			})
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "trust.json", "trust file to write")
	cmd.Flags().StringVar(&policy, "policy", "", "endorsement policy in Fabric's syntax (default: the chaincode definition's)")
	cmd.Flags().StringVar(&by, "published-by", "", "who publishes the file (a court's name)")
	return cmd
}

// loadCertificate reads a certificate and the trust file to check it
// against.
func loadCertificate(path, trust string) (*certificate.Certificate, *certificate.Trust, error) {
	c, err := certificate.Load(path)
	if err != nil {
		return nil, nil, err
	}
	t, err := certificate.LoadTrust(trust)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (give --trust or JUDICIAL_TRUST: the trust file the court publishes)", err)
	}
	return c, t, nil
}

// recordAlgorithm reads the certificate record's digest algorithm, to
// hash a file the same way (the verification then checks the record).
func recordAlgorithm(c *certificate.Certificate) (string, error) {
	if c.Receipt != nil {
		return c.Receipt.Algorithm, nil
	}
	var r struct{ Algorithm string }
	if err := json.Unmarshal(c.Record, &r); err != nil || r.Algorithm == "" {
		return "", errors.New("the certificate's record names no digest algorithm")
	}
	return r.Algorithm, nil
}

// certificateResult is verify-certificate's JSON: the verifier's outcome,
// and the record's status now when read online.
type certificateResult struct {
	certificate.Outcome
	Current *cc.Record `json:"currentRecord,omitempty"`
}

func (a *App) printCertificate(w io.Writer, r *certificate.Report, err error, current *cc.Record) {
	if err != nil {
		fmt.Fprintf(w, "INVALID — %v\n", err)
		if len(r.Checks) > 0 {
			fmt.Fprintf(w, "  passed before it: %s\n", strings.Join(r.Checks, ", "))
		}
		return
	}
	fmt.Fprintf(w, "VALID — record %s proves %s:%s\n", r.Number, r.Algorithm, r.Digest)
	if r.Root != "" {
		fmt.Fprintf(w, "  a leaf of the batch whose root %s was anchored\n", r.Root)
	}
	if r.FileMatches {
		fmt.Fprintln(w, "  the file given is that digest")
	}
	fmt.Fprintf(w, "  anchored %s by %s (%s, %s)\n", a.local(r.AnchoredAt), r.AnchoredBy.Subject, r.AnchoredBy.MSPID, r.AnchoredBy.Role)
	fmt.Fprintf(w, "  transaction %s, block %d (envelope %d), block signed by %s (%s)\n", r.TxID, r.Block, r.Position, r.BlockSigner.Subject, r.BlockSigner.MSPID)
	for _, e := range r.Endorsers {
		fmt.Fprintf(w, "  endorsed by %s (%s)\n", e.Subject, e.MSPID)
	}
	for _, at := range r.Attesters {
		fmt.Fprintf(w, "  attested valid by %s (%s) at %s\n", at.Peer, at.MSPID, a.local(at.At))
	}
	fmt.Fprintf(w, "  checks: %s\n", strings.Join(r.Checks, ", "))
	if current != nil {
		fmt.Fprintf(w, "  status now (online): %s\n", current.Status)
		if n := current.StatusNote; n != nil {
			fmt.Fprintf(w, "    %s by %s at %s: %s %s\n", n.Status, n.By, a.when(n.At), n.Reason, n.SupersededBy)
		}
	}
	for _, u := range r.Unknown {
		fmt.Fprintf(w, "  not known offline: %s\n", u)
	}
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

func (a *App) printCertificateCommand() *cobra.Command {
	var out, pdf, trust, portalURL string
	cmd := &cobra.Command{
		Use:     "print-certificate CERTIFICATE",
		Short:   "Verify a certificate, then write it as a page to print (HTML, and PDF with --pdf) with a QR code of the verification page",
		Example: `  judicial evidence print-certificate --trust court-trust.json --portal https://verify.court.example/ --pdf EV....pdf EV....certificate.json`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, t, err := loadCertificate(args[0], trust)
			if err != nil {
				return err
			}
			report, err := certificate.Verify(c, t, nil)
			if err != nil {
				return fmt.Errorf("%s is not a valid certificate, so it is not printed: %w", args[0], err)
			}
			if out == "" {
				out = strings.TrimSuffix(args[0], ".json") + ".html"
			}
			zone, err := a.zone()
			if err != nil {
				return err
			}
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			if err := printout.HTML(f, c, report, printout.Options{Portal: portalURL, Location: zone, Trust: t}); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(a.Out, "page %s\n", out)
			if pdf == "" {
				return nil
			}
			if err := printout.PDF(cmd.Context(), chromiumPath(), out, pdf); err != nil {
				return err
			}
			fmt.Fprintf(a.Out, "PDF %s\n", pdf)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "HTML page to write (default CERTIFICATE without .json, .html)")
	cmd.Flags().StringVar(&pdf, "pdf", "", "also print the page to this PDF (headless Chromium; env CHROMIUM names it)")
	cmd.Flags().StringVar(&trust, "trust", envOr("JUDICIAL_TRUST", "network/run/trust.json"), "the court's trust file (env JUDICIAL_TRUST)")
	cmd.Flags().StringVar(&portalURL, "portal", envOr("JUDICIAL_PORTAL", "http://127.0.0.1:8088/"), "the verification portal's address, for the QR code (env JUDICIAL_PORTAL)")
	return cmd
}

// chromiumPath is Chromium as Debian installs it, or $CHROMIUM.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "chromium"
}
