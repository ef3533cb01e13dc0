package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"

	cc "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/spf13/cobra"
)

// Verification: is this file, digest or receipt anchored? The exit code
// answers as the text does (exit 2 for anything but anchored), for
// scripts.

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
				return a.emitVerdict(v, v.Verdict, func(w io.Writer) { a.printVerdict(w, path, v) })
			})
		},
	}
	cmd.Flags().StringVar(&alg, "algorithm", api.SHA256, "digest algorithm: sha256 or sm3")
	cmd.Flags().StringVar(&number, "number", "", "evidence number the file should match")
	return cmd
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

// emitVerdict prints a verdict, v, through human, and ends with exit code
// 2 unless it is anchored.
func (a *App) emitVerdict(v any, verdict string, human func(w io.Writer)) error {
	if err := a.emit(v, human); err != nil {
		return err
	}
	if verdict != cc.Anchored {
		return ExitError{Code: 2}
	}
	return nil
}

func (a *App) printVerdict(w io.Writer, path string, v *evidence.Verdict) {
	if path != "" {
		fmt.Fprintf(w, "%s: ", path)
	}
	fmt.Fprintf(w, "%s — %s\n", verdictWords(v.Verdict), v.Message)
	if r := v.Record; r != nil && v.Verdict == cc.Anchored {
		fmt.Fprintf(w, "  number %s, kind %s, status %s\n  anchored %s by %s\n  transaction %s in block %d\n", r.Number, r.Kind, r.Status, a.when(r.AnchoredAt), r.Depositor, r.TxID, v.Block)
	}
}

// verdictWords is a verdict as the text output shouts it: NOT ON CHAIN.
func verdictWords(verdict string) string {
	return strings.ToUpper(strings.ReplaceAll(verdict, "_", " "))
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
				if err := receiptCovers(r, file); err != nil {
					return err
				}
			}
			if !online {
				return a.verifyReceiptOffline(r)
			}
			return a.withEvidence(func(e *evidence.Client, _ *gateway.Client) error {
				v, err := e.CheckReceipt(cmd.Context(), r)
				if err != nil {
					return err
				}
				return a.emitVerdict(v, v.Verdict, func(w io.Writer) {
					fmt.Fprintf(w, "%s — %s\n", verdictWords(v.Verdict), v.Message)
				})
			})
		},
	}
	cmd.Flags().BoolVar(&online, "online", false, "also check on the ledger that the root is anchored")
	cmd.Flags().StringVar(&file, "file", "", "check that the receipt is for this file")
	return cmd
}

// receiptCovers checks that the receipt is for the file.
func receiptCovers(r *batch.Receipt, file string) error {
	f, err := digest.HashFile(r.Algorithm, file)
	if err != nil {
		return err
	}
	if !r.Covers(f.Digest) {
		return fmt.Errorf("%s (%s %s) is not the file this receipt is for (leaf %s)", file, r.Algorithm, f.Hex(), r.Leaf)
	}
	return nil
}

// verifyReceiptOffline checks the receipt's path from leaf to root; that
// the root is anchored only the ledger can tell.
func (a *App) verifyReceiptOffline(r *batch.Receipt) error {
	if err := r.VerifyOffline(); err != nil {
		return err
	}
	return a.emit(map[string]any{"verdict": "valid_offline", "receipt": r}, func(w io.Writer) {
		fmt.Fprintf(w, "VALID OFFLINE — leaf %d of %d leads to root %s:%s\n  anchored (per the receipt) as %s in transaction %s, block %d; check with --online\n",
			r.Index+1, r.TreeSize, r.Algorithm, r.Root, r.EvidenceNumber, r.TxID, r.Block)
	})
}
