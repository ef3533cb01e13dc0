package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"

	cc "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/portal"
	"github.com/spf13/cobra"
)

// ExitError ends the command with a code and no further message: the
// command already printed its answer (a verdict other than anchored).
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit %d", e.Code) }

func (a *App) evidenceCommands() []*cobra.Command {
	ev := &cobra.Command{Use: "evidence", Short: "Anchor and verify digests of evidence and judicial records"}
	ev.AddCommand(calls(a.anchorCommand(), cc.Anchor.Function, cc.AnchorBatch.Function, cc.AnchorBulk.Function),
		calls(a.verifyCommand(), cc.Verify.Function, cc.VerifyNumber.Function), a.verifyReceiptCommand(),
		a.certificateCommand(), a.verifyCertificateCommand(), a.printCertificateCommand(), a.trustFileCommand(),
		calls(a.showCommand(), cc.Show.Function), calls(a.historyCommand(), cc.History.Function),
		calls(a.markCommand("revoke"), cc.Revoke.Function), calls(a.markCommand("supersede"), cc.Supersede.Function))
	return []*cobra.Command{ev, a.serviceCommand(), a.portalCommand()}
}

// withEvidence runs fn with an evidence client.
func (a *App) withEvidence(fn func(e *evidence.Client, c *gateway.Client) error) error {
	return a.withClient(func(c *gateway.Client) error { return fn(evidence.New(c), c) })
}

// progress prints "label i/n" on stderr, over itself, for long runs.
func (a *App) anchorCommand() *cobra.Command {
	var alg, kind, caseNo, mediaType, location, receipts, description string
	var single, bulk bool
	cmd := &cobra.Command{
		Use:   "anchor FILE...",
		Short: "Hash files locally and anchor their digests (several files: one Merkle batch)",
		Long: `Hashes each file on this machine (contents are never sent) and anchors the
digests. One file is anchored as its own record; several become one Merkle
batch whose root is anchored, with a receipt per file written to --receipts.
With --bulk each file becomes its own record, up to 1,000 in one
transaction (case files, archives: each verifiable by itself, no receipt to
keep); files anchored before are reported and left as they are, so an
interrupted run can be started again.`,
		Example: `  judicial --identity clerk1 evidence anchor --kind litigation_document --case "(2026)京0491民初1号" complaint.pdf
  judicial --identity clerk1 evidence anchor --receipts receipts/ photos/*.jpg
  judicial --identity clerk1 evidence anchor --bulk --kind archive --case "(2025)京0491民初9号" archive/2025/*.pdf`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if single && bulk {
				return fmt.Errorf("--single and --bulk exclude each other: --single sends one transaction per file, --bulk up to %d files per transaction", cc.MaxBulk)
			}
			files := make([]digest.File, len(args))
			for i, path := range args {
				f, err := digest.HashFile(alg, path)
				if err != nil {
					return err
				}
				files[i] = f
				a.progress("hashing", i+1, len(args))
			}
			return a.withEvidence(func(e *evidence.Client, c *gateway.Client) error {
				if bulk {
					return a.anchorBulk(cmd, e, files, evidence.Metadata{Kind: kind, CaseNumber: caseNo, MediaType: mediaType, Location: location})
				}
				if len(files) == 1 || single {
					return a.anchorEach(cmd, e, files, evidence.Metadata{Kind: kind, CaseNumber: caseNo, MediaType: mediaType, Location: location})
				}
				return a.anchorBatch(cmd, e, files, caseNo, description, receipts)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&alg, "algorithm", api.SHA256, "digest algorithm: sha256 or sm3")
	f.StringVar(&kind, "kind", cc.KindElectronicEvidence, "kind of record: electronic_evidence, litigation_document, service_receipt, case_file, archive, statistical_report, mediation_record, case_status_snapshot")
	f.StringVar(&caseNo, "case", "", "case number")
	f.StringVar(&mediaType, "media-type", "", "media type, e.g. application/pdf")
	f.StringVar(&location, "location", "", "where the content is kept off chain")
	f.StringVar(&description, "description", "", "description of a batch")
	f.StringVar(&receipts, "receipts", "receipts", "folder for batch receipts")
	f.BoolVar(&single, "single", false, "anchor each file as its own record instead of one batch")
	f.BoolVar(&bulk, "bulk", false, "anchor each file as its own record, up to 1,000 per transaction")
	return cmd
}

func (a *App) anchorBulk(cmd *cobra.Command, e *evidence.Client, files []digest.File, m evidence.Metadata) error {
	alg, _ := cmd.Flags().GetString("algorithm")
	items := make([]cc.BulkItem, len(files))
	for i, f := range files {
		items[i] = cc.BulkItem{Digest: f.Hex(), CaseNumber: m.CaseNumber, Size: f.Size, MediaType: m.MediaType, Location: m.Location}
	}
	bulks, err := e.AnchorMany(cmd.Context(), alg, m.Kind, items, 4, func(n int) { a.progress("anchoring", n, len(files)) })
	type line struct {
		Path   string `json:"path"`
		Number string `json:"number"`
		Before bool   `json:"anchoredBefore,omitempty"`
		TxID   string `json:"txId"`
		Block  uint64 `json:"block"`
		Digest string `json:"digest"`
	}
	var out []line
	for _, b := range bulks {
		for j, n := range b.Numbers {
			i := b.First + j
			l := line{Path: files[i].Path, Number: n, Before: slices.Contains(b.Existing, j), TxID: b.TxID, Block: b.Transaction.Block, Digest: alg + ":" + files[i].Hex()}
			if l.Before {
				l.TxID, l.Block = "", 0
			}
			out = append(out, l)
		}
	}
	if a.JSON {
		if err != nil {
			return err
		}
		return a.emit(out, nil)
	}
	for _, l := range out {
		if l.Before {
			fmt.Fprintf(a.Out, "%s  %s  %s  anchored before\n", l.Number, l.Path, l.Digest)
			continue
		}
		fmt.Fprintf(a.Out, "%s  %s  %s  block %d  tx %s\n", l.Number, l.Path, l.Digest, l.Block, l.TxID)
	}
	return err
}

func (a *App) anchorEach(cmd *cobra.Command, e *evidence.Client, files []digest.File, m evidence.Metadata) error {
	var out []*evidence.Anchored
	alg, _ := cmd.Flags().GetString("algorithm")
	for i, f := range files {
		res, err := e.AnchorFile(cmd.Context(), alg, f, m)
		if err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
		out = append(out, res)
		a.progress("anchoring", i+1, len(files))
		if !a.JSON {
			fmt.Fprintf(a.Out, "%s  %s  %s:%s  block %d  tx %s\n", res.Record.Number, f.Path, res.Record.Algorithm, res.Record.Digest, res.Transaction.Block, res.Transaction.TxID)
		}
	}
	if a.JSON {
		return a.emit(out, nil)
	}
	return nil
}

func (a *App) anchorBatch(cmd *cobra.Command, e *evidence.Client, files []digest.File, caseNo, description, dir string) error {
	alg, _ := cmd.Flags().GetString("algorithm")
	digests := make([][]byte, len(files))
	for i, f := range files {
		digests[i] = f.Digest
	}
	b, err := e.AnchorBatch(cmd.Context(), alg, digests, caseNo, description)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	paths := make([]string, len(files))
	for i, r := range b.Receipts {
		paths[i] = filepath.Join(dir, fmt.Sprintf("%s-%06d-%s.receipt.json", b.Record.Number, i, filepath.Base(files[i].Path)))
		if err := writeJSON(paths[i], r); err != nil {
			return err
		}
		a.progress("writing receipts", i+1, len(files))
	}
	return a.emit(map[string]any{"record": b.Record, "transaction": b.Transaction, "receipts": paths}, func(w io.Writer) {
		fmt.Fprintf(w, "batch %s: %d files, root %s:%s, block %d, tx %s\n", b.Record.Number, len(files), b.Record.Algorithm, b.Record.Digest, b.Transaction.Block, b.Transaction.TxID)
		fmt.Fprintf(w, "receipts in %s/\n", dir)
	})
}

// digestArg hashes FILE, or takes a 64-hex DIGEST as it is.
func digestArg(alg, arg string) (string, string, error) {
	if _, err := os.Stat(arg); err != nil && digest.LooksLikeDigest(arg) {
		return strings.ToLower(arg), "", nil
	}
	f, err := digest.HashFile(alg, arg)
	if err != nil {
		return "", "", err
	}
	return f.Hex(), f.Path, nil
}

func (a *App) verifyCommand() *cobra.Command {
	var alg, number string
	cmd := &cobra.Command{
		Use:   "verify FILE|DIGEST",
		Short: "Tell whether a file or digest is anchored (exit 0), not on chain or a mismatch (exit 2)",
		Example: `  judicial --identity auditor evidence verify complaint.pdf
  judicial --identity auditor evidence verify --number EV0123456789ABCDEF0123456789ABCDEF complaint.pdf`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d, path, err := digestArg(alg, args[0])
			if err != nil {
				return err
			}
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				v, err := e.Verify(cmd.Context(), alg, d, number)
				if err != nil {
					return err
				}
				if err := a.emit(v, func(w io.Writer) { a.printVerdict(w, path, v) }); err != nil {
					return err
				}
				if v.Verdict != cc.Anchored {
					return ExitError{Code: 2}
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&alg, "algorithm", api.SHA256, "digest algorithm: sha256 or sm3")
	cmd.Flags().StringVar(&number, "number", "", "evidence number the file should match")
	return cmd
}

func (a *App) printVerdict(w io.Writer, path string, v *evidence.Verdict) {
	if path != "" {
		fmt.Fprintf(w, "%s: ", path)
	}
	fmt.Fprintf(w, "%s — %s\n", strings.ToUpper(strings.ReplaceAll(v.Verdict, "_", " ")), v.Message)
	if r := v.Record; r != nil && v.Verdict == cc.Anchored {
		fmt.Fprintf(w, "  number %s, kind %s, status %s\n  anchored %s by %s\n  transaction %s in block %d\n", r.Number, r.Kind, r.Status, a.when(r.AnchoredAt), r.Depositor, r.TxID, v.Block)
	}
}

func (a *App) verifyReceiptCommand() *cobra.Command {
	var online bool
	var file string
	cmd := &cobra.Command{
		Use:   "verify-receipt RECEIPT",
		Short: "Check a batch receipt offline, and with --online that its root is anchored",
		Example: `  judicial evidence verify-receipt --file photo1.jpg receipts/EV...-000000-photo1.jpg.receipt.json
  judicial --identity auditor evidence verify-receipt --online receipts/EV...-000000-photo1.jpg.receipt.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := batch.ReadReceipt(args[0])
			if err != nil {
				return err
			}
			if file != "" {
				f, err := digest.HashFile(r.Algorithm, file)
				if err != nil {
					return err
				}
				if !r.Covers(f.Digest) {
					return fmt.Errorf("%s (%s %s) is not the file this receipt is for (leaf %s)", file, r.Algorithm, f.Hex(), r.Leaf)
				}
			}
			if !online {
				if err := r.VerifyOffline(); err != nil {
					return err
				}
				return a.emit(map[string]any{"verdict": "valid_offline", "receipt": r}, func(w io.Writer) {
					fmt.Fprintf(w, "VALID OFFLINE — leaf %d of %d leads to root %s:%s\n  anchored (per the receipt) as %s in transaction %s, block %d; check with --online\n",
						r.Index+1, r.TreeSize, r.Algorithm, r.Root, r.EvidenceNumber, r.TxID, r.Block)
				})
			}
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				v, err := e.CheckReceipt(cmd.Context(), r)
				if err != nil {
					return err
				}
				if err := a.emit(v, func(w io.Writer) {
					fmt.Fprintf(w, "%s — %s\n", strings.ToUpper(strings.ReplaceAll(v.Verdict, "_", " ")), v.Message)
				}); err != nil {
					return err
				}
				if v.Verdict != cc.Anchored {
					return ExitError{Code: 2}
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&online, "online", false, "also check on the ledger that the root is anchored")
	cmd.Flags().StringVar(&file, "file", "", "check that the receipt is for this file")
	return cmd
}

func (a *App) printRecord(w io.Writer, r *cc.Record) {
	fmt.Fprintf(w, "number:     %s\nkind:       %s\ndigest:     %s:%s\nstatus:     %s\n", r.Number, r.Kind, r.Algorithm, r.Digest, r.Status)
	for _, kv := range [][2]string{{"case:", r.CaseNumber}, {"media type:", r.MediaType}, {"location:", r.Location}, {"batch:", treeSize(r)}} {
		if kv[1] != "" {
			fmt.Fprintf(w, "%-11s %s\n", kv[0], kv[1])
		}
	}
	fmt.Fprintf(w, "depositor:  %s (%s)\nanchored:   %s\ntx:         %s\n", r.Depositor, r.Depositor.Role, a.when(r.AnchoredAt), r.TxID)
	if s := r.StatusNote; s != nil {
		fmt.Fprintf(w, "%s by %s at %s: %s", s.Status, s.By, a.when(s.At), s.Reason)
		if s.SupersededBy != "" {
			fmt.Fprintf(w, " (by %s)", s.SupersededBy)
		}
		fmt.Fprintln(w)
	}
}

func treeSize(r *cc.Record) string {
	if r.TreeSize == 0 {
		return ""
	}
	return fmt.Sprintf("%d leaves", r.TreeSize)
}

func (a *App) showCommand() *cobra.Command {
	return &cobra.Command{
		Use: "show NUMBER", Short: "Show an evidence record", Args: cobra.ExactArgs(1),
		Example: "  judicial --identity auditor evidence show EV0123456789ABCDEF0123456789ABCDEF",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				r, err := e.Show(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				return a.emit(r, func(w io.Writer) { a.printRecord(w, r) })
			})
		},
	}
}

func (a *App) historyCommand() *cobra.Command {
	return &cobra.Command{
		Use: "history NUMBER", Short: "Show every version of an evidence record, oldest first", Args: cobra.ExactArgs(1),
		Example: "  judicial --identity auditor evidence history EV0123456789ABCDEF0123456789ABCDEF",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				h, err := e.History(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				return a.emit(h, func(w io.Writer) {
					for i, v := range h {
						fmt.Fprintf(w, "version %d: %s tx %s — status %s\n", i+1, a.when(v.Timestamp), v.TxID, v.Record.Status)
					}
				})
			})
		},
	}
}

func (a *App) markCommand(action string) *cobra.Command {
	var reason, by string
	cmd := &cobra.Command{
		Use:   action + " NUMBER",
		Short: "Mark a record " + map[string]string{"revoke": "revoked", "supersede": "superseded by a newer one"}[action] + " (court judges and clerks); nothing is deleted",
		Args:  cobra.ExactArgs(1),
		Example: map[string]string{
			"revoke":    `  judicial --identity judge1 evidence revoke EV0123456789ABCDEF0123456789ABCDEF --reason "forged, see ruling (2026)京0491民初1号"`,
			"supersede": `  judicial --identity clerk1 evidence supersede EV0123456789ABCDEF0123456789ABCDEF --by EVFEDCBA9876543210FEDCBA9876543210 --reason "corrected copy"`,
		}[action],
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				var r *cc.Record
				var tx *gateway.Result
				var err error
				if action == "revoke" {
					r, tx, err = e.Revoke(cmd.Context(), args[0], reason)
				} else {
					r, tx, err = e.Supersede(cmd.Context(), args[0], by, reason)
				}
				if err != nil {
					return err
				}
				res := &evidence.Anchored{Record: r, Transaction: tx}
				return a.emit(res, func(w io.Writer) {
					a.printRecord(w, res.Record)
					fmt.Fprintf(w, "committed in block %d\n", res.Transaction.Block)
				})
			})
		},
	}
	cmd.Flags().StringVar(&reason, "reason", "", "why (required)")
	if action == "supersede" {
		cmd.Flags().StringVar(&by, "by", "", "evidence number of the newer record (required)")
	}
	return cmd
}

func (a *App) serviceCommand() *cobra.Command {
	svc := &cobra.Command{Use: "service", Short: "Record the service of documents and their acknowledgement"}
	var alg, recipient, method, servedAt string
	record := &cobra.Command{
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
				s, tx, err := e.RecordService(cmd.Context(), cc.ServiceRequest{Algorithm: alg, Document: d, Recipient: recipient, Method: method, ServedAt: servedAt})
				if err != nil {
					return err
				}
				res := &evidence.ServiceResult{Service: s, Transaction: tx}
				return a.emit(res, func(w io.Writer) { a.printService(w, res.Service) })
			})
		},
	}
	record.Flags().StringVar(&alg, "algorithm", api.SHA256, "digest algorithm")
	record.Flags().StringVar(&recipient, "recipient", "", "recipient's pseudonym (64 hex characters)")
	record.Flags().StringVar(&method, "method", "electronic", "electronic, in_person, left_at_residence, entrusted, post or publication")
	record.Flags().StringVar(&servedAt, "served-at", "", "when it was served, or published (RFC 3339)")

	var ackAlg string
	ack := &cobra.Command{
		Use: "ack SERVICE_ID RECEIPT", Short: "Record the recipient's acknowledgement (receipt file or digest; it is anchored too)", Args: cobra.ExactArgs(2),
		Example: "  judicial --identity clerk1 service ack SV20260105-0011223344556677 signed-receipt.pdf",
		RunE: func(cmd *cobra.Command, args []string) error {
			d, _, err := digestArg(ackAlg, args[1])
			if err != nil {
				return err
			}
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				s, tx, err := e.Acknowledge(cmd.Context(), args[0], ackAlg, d)
				if err != nil {
					return err
				}
				res := &evidence.ServiceResult{Service: s, Transaction: tx}
				return a.emit(res, func(w io.Writer) { a.printService(w, res.Service) })
			})
		},
	}
	ack.Flags().StringVar(&ackAlg, "algorithm", api.SHA256, "digest algorithm")

	var stAlg string
	status := &cobra.Command{
		Use: "status DOCUMENT", Short: "List the services of a document (file or digest)", Args: cobra.ExactArgs(1),
		Example: "  judicial --identity auditor service status judgment.pdf",
		RunE: func(cmd *cobra.Command, args []string) error {
			d, _, err := digestArg(stAlg, args[0])
			if err != nil {
				return err
			}
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				list, err := e.ServiceStatus(cmd.Context(), stAlg, d)
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
	status.Flags().StringVar(&stAlg, "algorithm", api.SHA256, "digest algorithm")
	svc.AddCommand(calls(record, cc.RecordService.Function), calls(ack, cc.Acknowledge.Function), calls(status, cc.ServiceStatus.Function))
	return svc
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
				srv := &http.Server{Addr: listen, Handler: portal.New(e, portal.Options{RatePerSecond: perSecond, TimeZone: a.TZ, Verifier: existing(verifier), Trust: existing(trust)}), ReadHeaderTimeout: 10 * time.Second}
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
