package load

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPrintSaturation(t *testing.T) {
	step := func(rate float64, fail string) Step {
		return Step{Stats: Stats{Name: "w", Rate: rate, P50: 400 * time.Millisecond, P99: 1500 * time.Millisecond}, Fail: fail}
	}
	noop := Saturation{Name: "noop", Steps: []Step{step(100, ""), step(200, ""), step(400, "p99 3s over 2s"), step(300, "")}}
	noop.Best = &noop.Steps[3].Stats
	anchor := Saturation{Name: "anchor", Steps: []Step{step(100, ""), step(200, "achieved 150.0/s, under 95% of 200.0/s"), step(150, "")}}
	anchor.Best = &anchor.Steps[2].Stats
	capped := Saturation{Name: "ping", Capped: true, Steps: []Step{step(100, ""), step(600, "")}}
	capped.Best = &capped.Steps[1].Stats
	none := Saturation{Name: "check", Steps: []Step{{Stats: Stats{Rate: 50, FirstError: "refused"}, Fail: "no call succeeded"}}}

	var out bytes.Buffer
	all := []Saturation{noop, anchor, capped, none}
	for i := range all {
		PrintSaturation(&out, all[:i+1])
	}
	require.Equal(t, ""+
		"noop                 saturates at     300.0/s  p50 400ms     p99 1.5s\n"+
		"    at 400.0/s: p99 3s over 2s\n"+
		"anchor               saturates at     150.0/s  p50 400ms     p99 1.5s  0.50× noop\n"+
		"    at 200.0/s: achieved 150.0/s, under 95% of 200.0/s\n"+
		"ping                 saturates at   ≥ 600.0/s  p50 400ms     p99 1.5s  2.00× noop\n"+
		"check                no rate passes\n"+
		"    at 50.0/s: no call succeeded\n"+
		"    first error: refused\n", out.String())
}

func TestPrintStatsSetsEachBesideTheFirst(t *testing.T) {
	noop := Stats{Name: "noop", Mode: "closed", Clients: 4, Calls: 100, PerSecond: 200}
	anchor := Stats{Name: "anchor", Mode: "closed", Clients: 4, Calls: 50, Errors: 1, FirstError: "refused", PerSecond: 100}
	var out bytes.Buffer
	PrintStats(&out, []Stats{noop})
	PrintStats(&out, []Stats{noop, anchor})
	require.Equal(t, noop.String()+"\n"+anchor.String()+"  0.50× noop\n    first error: refused\n", out.String())
}

func TestWorkloadsInTheOrderOfTheHelp(t *testing.T) {
	require.Equal(t, "noop, ping, anchor, verify, check", WorkloadNames())
	require.True(t, IsWorkload("verify"))
	require.False(t, IsWorkload("page"), "a scale workload, not one of load's")
	require.Len(t, RandomDigest(), 64)
	require.NotEqual(t, RandomDigest(), RandomDigest())
}

// The scenarios' results print as the commands always have: --json as
// the maps they were (keys in order), and their lines.
func TestResultsPrintAsTheCommandsAlwaysHave(t *testing.T) {
	sameJSON := func(result any, was map[string]any) {
		t.Helper()
		got, err := json.Marshal(result)
		require.NoError(t, err)
		want, err := json.Marshal(was)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	}
	batch := BatchResult{Digests: 1000, Seconds: 2.5, DigestsPerSecond: 400, AnchorSeconds: 2, Block: 9, Receipts: "r.jsonl",
		Anchored: 2 * time.Second, Elapsed: 2500 * time.Millisecond}
	sameJSON(batch, map[string]any{"digests": 1000, "seconds": 2.5, "digestsPerSecond": 400.0, "anchorSeconds": 2.0, "block": uint64(9), "receipts": "r.jsonl"})
	require.Equal(t, "1000 digests: tree and anchoring 2s, with receipts written 2.5s: 400 digests/s (block 9)", batch.String())

	bulk := BulkResult{Records: 3000, Transactions: 3, Parallel: 2, Seconds: 1.5, RecordsPerSecond: 2000, Elapsed: 1500 * time.Millisecond}
	sameJSON(bulk, map[string]any{"records": 3000, "transactions": 3, "parallel": 2, "seconds": 1.5, "recordsPerSecond": 2000.0})
	require.Equal(t, "3000 records in 3 transactions (2 in flight) in 1.5s: 2000 records/s", bulk.String())

	sweep := SweepResult{Items: 100, Transactions: 4, Retries: 1, Seconds: 0.5, ItemsPerSecond: 200, FilingSeconds: 3,
		Filings: 100, Filed: 3 * time.Second, Elapsed: 500 * time.Millisecond}
	sameJSON(sweep, map[string]any{"items": 100, "transactions": 4, "retries": 1, "seconds": 0.5, "itemsPerSecond": 200.0, "filingSeconds": 3.0})
	require.Equal(t, "100 filings submitted in 3s; keeper swept 100 due items in 500ms: 200 items/s, 4 sweep transactions, 1 retried for a conflict", sweep.String())
}
