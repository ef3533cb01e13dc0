package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/courtchain/judicial/chaincode/api"

	cc "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/spf13/cobra"
)

// Evidence: this file anchors files; evidenceverify.go tells whether a
// file or a receipt is anchored, evidencerecords.go reads and marks the
// records, certificate.go issues and checks certificates, service.go
// records the service of documents and portal.go serves the public page.

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

const anchorLong = `Hashes each file on this machine (contents are never sent) and anchors the
digests. One file is anchored as its own record; several become one Merkle
batch whose root is anchored, with a receipt per file written to --receipts.
With --bulk each file becomes its own record, up to 1,000 in one
transaction (case files, archives: each verifiable by itself, no receipt to
keep); files anchored before are reported and left as they are, so an
interrupted run can be started again.`

// anchorCommand hashes files here and anchors their digests: one record,
// a record each, one batch, or records in bulk.
func (a *App) anchorCommand() *cobra.Command {
	var flags anchorFlags
	cmd := &cobra.Command{
		Use:   "anchor FILE...",
		Short: "Hash files locally and anchor their digests (several files: one Merkle batch)",
		Long:  anchorLong,
		Example: `  judicial --identity clerk1 evidence anchor --kind litigation_document --case "(2026)京0491民初1号" complaint.pdf
  judicial --identity clerk1 evidence anchor --receipts receipts/ photos/*.jpg
  judicial --identity clerk1 evidence anchor --bulk --kind archive --case "(2025)京0491民初9号" archive/2025/*.pdf`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.anchor(cmd.Context(), args, &flags)
		},
	}
	flags.register(cmd)
	return cmd
}

// anchorFlags are anchor's flags: how the files are hashed, what their
// records say, and how they are sent.
type anchorFlags struct {
	alg, kind, caseNo, mediaType, location, receipts, description string
	single, bulk                                                  bool
}

func (f *anchorFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&f.alg, "algorithm", api.SHA256, "digest algorithm: sha256 or sm3")
	fs.StringVar(&f.kind, "kind", cc.KindElectronicEvidence, "kind of record: electronic_evidence, litigation_document, service_receipt, case_file, archive, statistical_report, mediation_record, case_status_snapshot")
	fs.StringVar(&f.caseNo, "case", "", "case number")
	fs.StringVar(&f.mediaType, "media-type", "", "media type, e.g. application/pdf")
	fs.StringVar(&f.location, "location", "", "where the content is kept off chain")
	fs.StringVar(&f.description, "description", "", "description of a batch")
	fs.StringVar(&f.receipts, "receipts", "receipts", "folder for batch receipts")
	fs.BoolVar(&f.single, "single", false, "anchor each file as its own record instead of one batch")
	fs.BoolVar(&f.bulk, "bulk", false, "anchor each file as its own record, up to 1,000 per transaction")
}

// anchor hashes the files, then anchors them as the flags say: in bulk,
// each in a transaction of its own, or as one batch.
func (a *App) anchor(ctx context.Context, paths []string, f *anchorFlags) error {
	if f.single && f.bulk {
		return fmt.Errorf("--single and --bulk exclude each other: --single sends one transaction per file, --bulk up to %d files per transaction", cc.MaxBulk)
	}
	files := make([]digest.File, len(paths))
	for i, path := range paths {
		file, err := digest.HashFile(f.alg, path)
		if err != nil {
			return err
		}
		files[i] = file
		a.progress("hashing", i+1, len(paths))
	}
	return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
		m := evidence.Metadata{Kind: f.kind, CaseNumber: f.caseNo, MediaType: f.mediaType, Location: f.location}
		switch {
		case f.bulk:
			return a.anchorBulk(ctx, e, files, f.alg, m)
		case len(files) == 1 || f.single:
			return a.anchorEach(ctx, e, files, f.alg, m)
		}
		return a.anchorBatch(ctx, e, files, f.alg, f.caseNo, f.description, f.receipts)
	})
}

func (a *App) anchorBulk(ctx context.Context, e *evidence.Client, files []digest.File, alg string, m evidence.Metadata) error {
	items := make([]cc.BulkItem, len(files))
	for i, f := range files {
		items[i] = cc.BulkItem{Digest: f.Hex(), CaseNumber: m.CaseNumber, Size: f.Size, MediaType: m.MediaType, Location: m.Location}
	}
	bulks, err := e.AnchorMany(ctx, alg, m.Kind, items, 4, func(n int) { a.progress("anchoring", n, len(files)) })
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

func (a *App) anchorEach(ctx context.Context, e *evidence.Client, files []digest.File, alg string, m evidence.Metadata) error {
	var out []*evidence.Anchored
	for i, f := range files {
		res, err := e.AnchorFile(ctx, alg, f, m)
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

func (a *App) anchorBatch(ctx context.Context, e *evidence.Client, files []digest.File, alg, caseNo, description, dir string) error {
	digests := make([][]byte, len(files))
	for i, f := range files {
		digests[i] = f.Digest
	}
	b, err := e.AnchorBatch(ctx, alg, digests, caseNo, description)
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
