package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	systemapi "github.com/courtchain/judicial/chaincode/api/system"

	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/courtchain/judicial/gateway-client/system"
	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/spf13/cobra"
)

// auditCommand holds the auditor's tools: they read the ledger through
// the peers' system services, never through the judicial chaincode, so an
// auditor need not trust the contracts to check them.
func (a *App) auditCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "audit", Short: "Read and verify the ledger itself: transactions, blocks, the hash chain, peers' agreement, exports"}
	cmd.AddCommand(a.auditTxCommand(), a.auditBlockCommand(), a.auditBlocksCommand(), a.auditVerifyCommand(),
		a.auditConsistencyCommand(), a.auditHistoryCommand(), a.auditExportCommand(), a.auditWatchCommand())
	return cmd
}

func (a *App) auditTxCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "tx TXID",
		Short:   "Decode a transaction: creator and role, function, argument digests, keys read and written, validation, block",
		Example: "  judicial --identity auditor audit tx 3f1c…",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(func(c *gateway.Client) error {
				b, err := c.BlockByTxID(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				txs, err := audit.DecodeBlock(b)
				if err != nil {
					return err
				}
				for _, tx := range txs {
					if tx.TxID == args[0] {
						return a.emit(tx, func(w io.Writer) { a.printTx(w, tx) })
					}
				}
				return fmt.Errorf("block %d was given for transaction %s but does not hold it", b.GetHeader().GetNumber(), args[0])
			})
		},
	}
}

func (a *App) printTx(w io.Writer, tx *audit.Tx) {
	fmt.Fprintf(w, "transaction %s\n  block %d, index %d, %s, %s\n  channel %s, %s\n", tx.TxID, tx.Block, tx.Index, tx.Validation, a.when(tx.Timestamp), tx.Channel, tx.Type)
	fmt.Fprintf(w, "  creator %s %s", tx.Creator.MSPID, tx.Creator.Subject)
	if tx.Creator.Role != "" {
		fmt.Fprintf(w, " (role %s)", tx.Creator.Role)
	}
	fmt.Fprintln(w)
	if tx.Function != "" {
		fmt.Fprintf(w, "  %s %s\n", tx.Chaincode, tx.Function)
	}
	for i, arg := range tx.Args {
		fmt.Fprintf(w, "    arg %d: %d bytes, sha256 %s\n", i+1, arg.Size, arg.SHA256)
	}
	for _, r := range tx.Reads {
		fmt.Fprintf(w, "  read  %s %q @%s\n", r.Namespace, r.Key, r.Version)
	}
	for _, r := range tx.RangeReads {
		fmt.Fprintf(w, "  range %s %q to %q\n", r.Namespace, r.Start, r.End)
	}
	for _, wr := range tx.Writes {
		switch {
		case wr.Delete:
			fmt.Fprintf(w, "  del   %s %q\n", wr.Namespace, wr.Key)
		case wr.Value != nil:
			fmt.Fprintf(w, "  write %s %q = %s\n", wr.Namespace, wr.Key, wr.Value)
		default:
			fmt.Fprintf(w, "  write %s %q = (base64) %s\n", wr.Namespace, wr.Key, wr.Raw)
		}
	}
	for _, m := range tx.MetadataWrites {
		fmt.Fprintf(w, "  meta  %s %q %v\n", m.Namespace, m.Key, m.Names)
	}
	for _, p := range tx.PrivateWrites {
		fmt.Fprintf(w, "  private %s/%s key hash %s", p.Namespace, p.Collection, p.KeyHash)
		if p.Purge {
			fmt.Fprint(w, " (purged)")
		} else if p.Delete {
			fmt.Fprint(w, " (deleted)")
		}
		fmt.Fprintln(w)
	}
}

func (a *App) auditBlockCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "block N",
		Short:   "Summarise a block: hashes, and each transaction's ID, function and validation",
		Example: "  judicial --identity auditor audit block 12",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("block number %q is not a whole number", args[0])
			}
			return a.withClient(func(c *gateway.Client) error {
				b, err := c.Block(cmd.Context(), n)
				if err != nil {
					return err
				}
				s, err := audit.Summarise(b)
				if err != nil {
					return err
				}
				return a.emit(s, func(w io.Writer) { printSummary(w, s) })
			})
		},
	}
}

func printSummary(w io.Writer, s *audit.BlockSummary) {
	fmt.Fprintf(w, "block %d  hash %s\n  previous %s\n  data     %s\n  %d transactions\n", s.Number, s.Hash, s.PreviousHash, s.DataHash, s.TxCount)
	for _, tx := range s.Transactions {
		fmt.Fprintf(w, "    %3d %s %-22s %-34s %s\n", tx.Index, tx.TxID, tx.Type, tx.Function, tx.Validation)
	}
}

// blockRange reads --from and --to, --to defaulting to the last block.
func blockRange(ctx context.Context, c *gateway.Client, from uint64, to int64) (uint64, uint64, error) {
	if to >= 0 {
		return from, uint64(to), nil
	}
	h, err := c.Height(ctx)
	if err != nil {
		return 0, 0, err
	}
	return from, h - 1, nil
}

func (a *App) auditBlocksCommand() *cobra.Command {
	var from uint64
	var to int64
	cmd := &cobra.Command{
		Use:     "blocks",
		Short:   "Summarise a range of blocks",
		Example: "  judicial --identity auditor audit blocks --from 10 --to 20",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(func(c *gateway.Client) error {
				first, last, err := blockRange(cmd.Context(), c, from, to)
				if err != nil {
					return err
				}
				var all []*audit.BlockSummary
				err = c.Blocks(cmd.Context(), first, last, func(b *common.Block) error {
					s, err := audit.Summarise(b)
					if err != nil {
						return err
					}
					if a.JSON {
						all = append(all, s)
					} else {
						printSummary(a.Out, s)
					}
					return nil
				})
				if err != nil || !a.JSON {
					return err
				}
				return a.emit(all, nil)
			})
		},
	}
	cmd.Flags().Uint64Var(&from, "from", 0, "first block")
	cmd.Flags().Int64Var(&to, "to", -1, "last block (default: the last one)")
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

func (a *App) auditVerifyCommand() *cobra.Command {
	var from uint64
	var to int64
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
					results = append(results, a.verifyPeer(cmd.Context(), p, from, to))
				}
			}
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
		},
	}
	cmd.Flags().Uint64Var(&from, "from", 0, "first block")
	cmd.Flags().Int64Var(&to, "to", -1, "last block (default: the last one)")
	cmd.Flags().StringSliceVar(&peers, "peer", nil, "peer of the --org to read from (repeat for several; default: the org's gateway peer)")
	cmd.Flags().StringVar(&file, "file", "", "verify an export file (audit export) instead of peers")
	return cmd
}

func (a *App) verifyPeer(ctx context.Context, peer string, from uint64, to int64) VerifyResult {
	res := VerifyResult{Source: peer}
	start := time.Now()
	app := *a
	app.Peer = peer
	err := app.withClient(func(c *gateway.Client) error {
		res.Source = c.Peer().Name
		first, last, err := blockRange(ctx, c, from, to)
		if err != nil {
			return err
		}
		v := audit.NewVerifier()
		if first > 0 {
			// The link into the range is checked too: from the header of the block before it.
			prev, err := c.Block(ctx, first-1)
			if err != nil {
				return err
			}
			v.Expect(first, audit.HeaderHash(prev.GetHeader()))
		}
		if err := c.Blocks(ctx, first, last, v.Add); err != nil {
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

func (a *App) auditHistoryCommand() *cobra.Command {
	return calls(&cobra.Command{
		Use:   "history OBJECT [ATTR...]",
		Short: "Every committed version of any record, newest first (object type and key attributes of its composite key)",
		Example: `  judicial --identity auditor audit history case '(2026)J执0A1B2C3D4E号'
  judicial --identity auditor audit history param enforcement.terminationAfter
  judicial --identity auditor audit history listing CR20261125-0011223344556677`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withClient(func(c *gateway.Client) error {
				versions, err := system.New(c).History(cmd.Context(), args[0], args[1:])
				if err != nil {
					return err
				}
				return a.emitAnswer(versions, nil)
			})
		},
	}, systemapi.History.Function)
}

func (a *App) auditExportCommand() *cobra.Command {
	var from uint64
	var to int64
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
				first, last, err := blockRange(cmd.Context(), c, from, to)
				if err != nil {
					return err
				}
				out := audit.NewExportWriter(f)
				start, n := time.Now(), 0
				err = c.Blocks(cmd.Context(), first, last, func(b *common.Block) error {
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
				return a.emit(map[string]any{"file": args[0], "blocks": n, "first": first, "last": last, "seconds": time.Since(start).Seconds()}, func(w io.Writer) {
					fmt.Fprintf(w, "exported blocks %d to %d to %s in %s\n", first, last, args[0], time.Since(start).Round(time.Millisecond))
				})
			})
		},
	}
	cmd.Flags().Uint64Var(&from, "from", 0, "first block")
	cmd.Flags().Int64Var(&to, "to", -1, "last block (default: the last one)")
	return cmd
}

func (a *App) auditWatchCommand() *cobra.Command {
	var checkpoint string
	var start uint64
	var count int
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Follow blocks as they commit and print each transaction, resuming after restarts from a checkpoint file",
		Example: `  judicial --identity auditor audit watch --checkpoint audit.checkpoint
  judicial --identity auditor --json audit watch --checkpoint audit.checkpoint --start-block 0 --count 10`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if checkpoint == "" {
				return errors.New("--checkpoint is required: it is how a restart resumes without losing or repeating blocks")
			}
			return a.withClient(func(c *gateway.Client) error {
				cp, err := client.NewFileCheckpointer(checkpoint)
				if err != nil {
					return err
				}
				defer cp.Close()
				ctx, cancel := context.WithCancel(cmd.Context())
				defer cancel()
				blocks, err := c.Network().BlockEvents(ctx, client.WithStartBlock(start), client.WithCheckpoint(cp))
				if err != nil {
					return err
				}
				seen := 0
				for b := range blocks {
					txs, err := audit.DecodeBlock(b)
					if err != nil {
						return err
					}
					for _, tx := range txs {
						if a.JSON {
							line, _ := json.Marshal(tx)
							fmt.Fprintln(a.Out, string(line))
						} else {
							fmt.Fprintf(a.Out, "block %d #%d %s %s %s %s %s\n", tx.Block, tx.Index, a.when(tx.Timestamp), tx.TxID, tx.Creator.MSPID, tx.Function, tx.Validation)
						}
					}
					// Checkpointed only once printed: a restart repeats nothing and loses nothing.
					if err := cp.CheckpointBlock(b.GetHeader().GetNumber()); err != nil {
						return err
					}
					if seen++; count > 0 && seen >= count {
						return nil
					}
				}
				return ctx.Err()
			})
		},
	}
	cmd.Flags().StringVar(&checkpoint, "checkpoint", "", "checkpoint file (created if missing)")
	cmd.Flags().Uint64Var(&start, "start-block", 0, "block to start from when the checkpoint is new")
	cmd.Flags().IntVar(&count, "count", 0, "stop after this many blocks (0: follow until stopped)")
	return cmd
}

func (a *App) auditConsistencyCommand() *cobra.Command {
	var samples int
	var identity string
	cmd := &cobra.Command{
		Use:   "consistency",
		Short: "Compare block hashes at the same heights on every peer of every org (each through its own org's identity)",
		Example: `  judicial audit consistency
  judicial --json audit consistency --samples 32`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := profile.Load(a.Profile)
			if err != nil {
				return err
			}
			var refs []audit.PeerRef
			for _, org := range p.OrgNames() {
				for _, peer := range p.Organizations[org].PeerNames() {
					ref := audit.PeerRef{Org: org, Peer: peer}
					c, err := gateway.Connect(p, org, readerOf(p.Organizations[org], identity), gateway.WithPeer(peer))
					if err != nil {
						ref.Err = err
					} else {
						defer c.Close()
						ref.Ledger = c
					}
					refs = append(refs, ref)
				}
			}
			r := audit.Consistency(cmd.Context(), refs, samples)
			err = a.emit(r, func(w io.Writer) {
				fmt.Fprintf(w, "compared blocks %v\n", r.Heights)
				for _, p := range r.Peers {
					fmt.Fprintf(w, "  %-14s %-16s height %-6d %s", p.Org, p.Peer, p.Height, p.Status)
					if p.From > 0 {
						fmt.Fprintf(w, " (joined from a snapshot: holds blocks %d on)", p.From)
					}
					if p.Error != "" {
						fmt.Fprintf(w, ": %s", p.Error)
					}
					fmt.Fprintln(w)
					for _, d := range p.Divergence {
						fmt.Fprintf(w, "      block %d: hash %s, most peers have %s\n", d.Block, d.Found, d.Expected)
					}
				}
			})
			switch {
			case err != nil:
				return err
			case r.Divergent > 0:
				return fmt.Errorf("%d peers diverge from the others (and %d unreachable)", r.Divergent, r.Unreachable)
			case r.Unreachable > 0:
				return fmt.Errorf("%d peers could not be reached; the others agree", r.Unreachable)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&samples, "samples", 16, "how many heights to compare, spread over the common ledger, the last one included")
	cmd.Flags().StringVar(&identity, "as", "", "the identity each org reads its own peers with (default: the org's auditor, or its admin where it has none)")
	return cmd
}

// readerOf is who reads an org's peers: the identity named, or else the
// org's auditor, or its admin on a network whose profile has no auditor
// (fabric-samples' test-network).
func readerOf(org profile.Org, named string) string {
	if named != "" {
		return named
	}
	for _, name := range []string{"auditor", "admin"} {
		if _, ok := org.Identities[name]; ok {
			return name
		}
	}
	return "auditor"
}
