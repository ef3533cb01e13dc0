package credit_test

import (
	"fmt"
	"testing"

	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
)

// The contract's own cost, against fakes, for what a bank and a judge do
// most: checking a person (listed: three reads; not: one) and listing
// one. On the network the round trips to the peer dominate
// (docs/performance.md).
func BenchmarkCheck(b *testing.B) {
	w := newWorld(b)
	number := w.activeCase("J-1", pseudonym(b, zhangID))
	w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))
	for _, c := range []struct{ name, id string }{{"listed", zhangID}, {"not listed", liID}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := w.check(bank, c.id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkList(b *testing.B) {
	w := newWorld(b)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		id := validID(b, i)
		number := w.activeCase(fmt.Sprint("J-", i), pseudonym(b, id))
		b.StartTimer()
		if _, err := w.list(judge, number, request(creditapi.Dishonest), person("测试", id)); err != nil {
			b.Fatal(err)
		}
	}
}
