package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	systemapi "github.com/courtchain/judicial/chaincode/api/system"

	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/system"
	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/spf13/cobra"
)

// auditCommand holds the auditor's tools: they read the ledger through
// the peers' system services, never through the judicial chaincode, so an
// auditor need not trust the contracts to check them. This file holds
// those that read transactions, blocks and records; auditchain.go those
// that verify the hash chain and export it, auditpeers.go the comparison
// of the peers.
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

func (a *App) auditBlocksCommand() *cobra.Command {
	var blocks blockRange
	cmd := &cobra.Command{
		Use:     "blocks",
		Short:   "Summarise a range of blocks",
		Example: "  judicial --identity auditor audit blocks --from 10 --to 20",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withClient(func(c *gateway.Client) error {
				first, last, err := blocks.resolve(cmd.Context(), c)
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
	blocks.register(cmd)
	return cmd
}

// blockRange is --from and --to of the commands that read a range of
// blocks.
type blockRange struct {
	from uint64
	to   int64
}

func (r *blockRange) register(cmd *cobra.Command) {
	cmd.Flags().Uint64Var(&r.from, "from", 0, "first block")
	cmd.Flags().Int64Var(&r.to, "to", -1, "last block (default: the last one)")
}

// resolve is the first and last block on c's ledger, --to defaulting to
// the last block.
func (r blockRange) resolve(ctx context.Context, c *gateway.Client) (uint64, uint64, error) {
	if r.to >= 0 {
		return r.from, uint64(r.to), nil
	}
	h, err := c.Height(ctx)
	if err != nil {
		return 0, 0, err
	}
	return r.from, h - 1, nil
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
					if err := a.printWatched(b); err != nil {
						return err
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

// printWatched prints a block's transactions, a line each: JSON with
// --json, so that a stream of them can be read line by line.
func (a *App) printWatched(b *common.Block) error {
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
	return nil
}
