package cli

import (
	"fmt"
	"io"

	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/spf13/cobra"
)

// The peers' agreement: every peer of every org should hold the same
// blocks.

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
			refs, closeAll := connectPeers(p, identity)
			defer closeAll()
			r := audit.Consistency(cmd.Context(), refs, samples)
			err = a.emit(r, func(w io.Writer) { printConsistency(w, r) })
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

// connectPeers connects to every peer of every org in the profile, each
// through its own org's reader; a peer it cannot connect to is in the
// list with the error. closeAll closes the connections made.
func connectPeers(p *profile.Profile, identity string) (refs []audit.PeerRef, closeAll func()) {
	var clients []*gateway.Client
	for _, org := range p.OrgNames() {
		for _, peer := range p.Organizations[org].PeerNames() {
			ref := audit.PeerRef{Org: org, Peer: peer}
			c, err := gateway.Connect(p, org, readerOf(p.Organizations[org], identity), gateway.WithPeer(peer))
			if err != nil {
				ref.Err = err
			} else {
				clients = append(clients, c)
				ref.Ledger = c
			}
			refs = append(refs, ref)
		}
	}
	return refs, func() {
		for _, c := range clients {
			c.Close()
		}
	}
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

func printConsistency(w io.Writer, r *audit.ConsistencyReport) {
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
}
