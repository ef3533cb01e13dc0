package load

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/system"
)

// NamedWorkload is a workload the load command can drive, by name, and
// what it calls.
type NamedWorkload struct {
	Name, Doc string
}

// Workloads are the calls the load command can drive, in the order its
// help names them; noop and ping are the baselines the others are set
// against.
var Workloads = []NamedWorkload{
	{"noop", "submit system:Noop (writes nothing: the baseline for submits)"},
	{"ping", "evaluate system:Ping (the baseline for evaluates)"},
	{"anchor", "submit evidence:Anchor with a fresh random digest each call"},
	{"verify", "evaluate evidence:Verify of one anchored digest"},
	{"check", "evaluate credit:Check of a person by ID number (transient), as a bank does (run as a bank officer)"},
}

// WorkloadNames is "noop, ping, anchor, verify, check".
func WorkloadNames() string {
	names := make([]string, len(Workloads))
	for i, w := range Workloads {
		names[i] = w.Name
	}
	return strings.Join(names, ", ")
}

// IsWorkload reports whether name is one of Workloads.
func IsWorkload(name string) bool {
	for _, w := range Workloads {
		if w.Name == name {
			return true
		}
	}
	return false
}

// Workload is the call of the workload named, over c. verify anchors the
// digest it reads first.
func Workload(ctx context.Context, c *gateway.Client, name string) (Call, error) {
	sys, ev, cr := system.New(c), evidence.New(c), credit.New(c)
	anchor := func(ctx context.Context, d string) error {
		_, err := ev.Anchor(ctx, evidenceapi.AnchorRequest{Algorithm: api.SHA256, Digest: d, Kind: evidenceapi.KindElectronicEvidence, Size: 1})
		return err
	}
	switch name {
	case "noop":
		return func(ctx context.Context, _, _ int) error { _, err := sys.Noop(ctx); return err }, nil
	case "ping":
		return func(ctx context.Context, _, _ int) error { _, err := sys.Ping(ctx); return err }, nil
	case "anchor":
		return func(ctx context.Context, _, _ int) error { return anchor(ctx, RandomDigest()) }, nil
	case "verify":
		d := RandomDigest()
		if err := anchor(ctx, d); err != nil {
			return nil, fmt.Errorf("anchoring the digest the verify workload reads: %w", err)
		}
		return func(ctx context.Context, _, _ int) error {
			_, err := ev.Lookup(ctx, api.SHA256, d)
			return err
		}, nil
	case "check":
		// A valid number: its pseudonym is computed and looked up on
		// every call, whether or not the person is listed.
		return func(ctx context.Context, _, _ int) error {
			_, err := cr.Check(ctx, "11010519491231002X")
			return err
		}, nil
	}
	return nil, fmt.Errorf("unknown workload %q", name)
}

// RandomDigest is 32 random bytes in hex: a SHA-256 digest no one has
// anchored, and a made-up party or claim that names no one.
func RandomDigest() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// randomItems are n bulk items of random digests.
func randomItems(n int) []evidenceapi.BulkItem {
	items := make([]evidenceapi.BulkItem, n)
	for i := range items {
		items[i] = evidenceapi.BulkItem{Digest: RandomDigest(), Size: 1}
	}
	return items
}
