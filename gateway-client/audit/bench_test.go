package audit_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/stretchr/testify/require"
)

func BenchmarkVerifyExport(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("blocks=%d", n), func(b *testing.B) {
			data := export(b, buildChain(b, n)) // outside the timer: b.Loop starts it
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				report, err := audit.VerifyExport(bytes.NewReader(data), nil)
				require.NoError(b, err)
				require.Equal(b, n, report.Blocks)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "blocks/s")
		})
	}
}

func BenchmarkVerifier(b *testing.B) {
	const n = 1000
	blocks := buildChain(b, n)
	for b.Loop() {
		v := audit.NewVerifier()
		for _, blk := range blocks {
			if err := v.Add(blk); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "blocks/s")
}
