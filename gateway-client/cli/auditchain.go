package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/spf13/cobra"
)

// The hash chain: verify-chain recomputes it from peers or from an export
// file, export writes such a file.

func (a *App) auditVerifyCommand() *cobra.Command {
	var blocks blockRange
	var peers []string
	var file string
	cmd := &cobra.Command{
		Use:   "verify-chain",
		Short: "Recompute every block's header and data hash and check each previous-hash link, from peers or an export file",
		Example: `  judicial --identity auditor audit verify-chain
  judicial --identity auditor audit verify-chain --peer peer0.court --peer peer1.court --from 100
  judicial audit verify-chain --file ledger.jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var results []VerifyResult
			if file != "" {
				results = append(results, verifyFile(file))
			} else {
				if len(peers) == 0 {
					peers = []string{a.Peer}
				}
				for _, p := range peers {
					results = append(results, a.verifyPeer(cmd.Context(), p, blocks))
				}
			}
			return a.reportVerified(results)
		},
	}
	blocks.register(cmd)
	cmd.Flags().StringSliceVar(&peers, "peer", nil, "peer of the --org to read from (repeat for several; default: the org's gateway peer)")
	cmd.Flags().StringVar(&file, "file", "", "verify an export file (audit export) instead of peers")
	return cmd
}

// VerifyResult is what verify-chain reports for one peer or file.
type VerifyResult struct {
	Source   string  `json:"source"`
	Blocks   int     `json:"blocks"`
	First    uint64  `json:"first"`
	Last     uint64  `json:"last"`
	LastHash string  `json:"lastHash"`
	Seconds  float64 `json:"seconds"`
	Error    string  `json:"error,omitempty"`
}

func verifyFile(path string) VerifyResult {
	res := VerifyResult{Source: path}
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	defer f.Close()
	report, err := audit.VerifyExport(bufio.NewReaderSize(f, 1<<20), nil)
	res.Seconds = time.Since(start).Seconds()
	if err != nil {
		res.Error = err.Error()
		return res
	}
	res.Blocks, res.First, res.Last, res.LastHash = report.Blocks, report.First, report.Last, report.LastHash
	return res
}

func (a *App) verifyPeer(ctx context.Context, peer string, blocks blockRange) VerifyResult {
	res := VerifyResult{Source: peer}
	start := time.Now()
	app := *a
	app.Peer = peer
	err := app.withClient(func(c *gateway.Client) error {
		res.Source = c.Peer().Name
		first, last, err := blocks.resolve(ctx, c)
		if err != nil {
			return err
		}
		v, err := audit.VerifyRange(ctx, c, first, last)
		if err != nil {
			return err
		}
		n, hash, _ := v.Last()
		res.Blocks, res.First, res.Last, res.LastHash = v.Checked(), first, n, fmt.Sprintf("%x", hash)
		return nil
	})
	if err != nil {
		res.Error = err.Error()
	}
	res.Seconds = time.Since(start).Seconds()
	return res
}

// reportVerified prints each chain's result, and fails if any is broken.
func (a *App) reportVerified(results []VerifyResult) error {
	failed := 0
	for _, r := range results {
		if r.Error != "" {
			failed++
		}
	}
	err := a.emit(results, func(w io.Writer) {
		for _, r := range results {
			if r.Error != "" {
				fmt.Fprintf(w, "%s: BROKEN: %s\n", r.Source, r.Error)
				continue
			}
			fmt.Fprintf(w, "%s: %d blocks (%d to %d) verified in %.3fs, last hash %s\n", r.Source, r.Blocks, r.First, r.Last, r.Seconds, r.LastHash)
		}
	})
	if err == nil && failed > 0 {
		err = fmt.Errorf("%d of %d chains failed verification", failed, len(results))
	}
	return err
}

func (a *App) auditExportCommand() *cobra.Command {
	var blocks blockRange
	cmd := &cobra.Command{
		Use:   "export FILE.jsonl",
		Short: "Export blocks with every transaction's decoded write set and the block hashes, as JSON Lines, verifying as it goes",
		Example: `  judicial --identity auditor audit export --from 0 ledger.jsonl
  judicial audit verify-chain --file ledger.jsonl`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Create(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			return a.withClient(func(c *gateway.Client) error {
				return a.export(cmd.Context(), c, blocks, f, args[0])
			})
		},
	}
	blocks.register(cmd)
	return cmd
}

// export writes the blocks to f, named path, reporting progress on stderr
// every 500 blocks.
func (a *App) export(ctx context.Context, c *gateway.Client, blocks blockRange, f io.Writer, path string) error {
	first, last, err := blocks.resolve(ctx, c)
	if err != nil {
		return err
	}
	out := audit.NewExportWriter(f)
	start, n := time.Now(), 0
	err = c.Blocks(ctx, first, last, func(b *common.Block) error {
		if err := out.WriteBlock(b); err != nil {
			return err
		}
		if n++; n%500 == 0 {
			fmt.Fprintf(a.Err, "exported %d of %d blocks\n", n, last-first+1)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return a.emit(map[string]any{"file": path, "blocks": n, "first": first, "last": last, "seconds": time.Since(start).Seconds()}, func(w io.Writer) {
		fmt.Fprintf(w, "exported blocks %d to %d to %s in %s\n", first, last, path, time.Since(start).Round(time.Millisecond))
	})
}
