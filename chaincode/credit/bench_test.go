package credit_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
)

// The contract's own cost, against fakes, for what a bank and a judge do
// most: checking a person (one read, listed or not) and listing one. On the network the round trips to the peer dominate
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

// A judge's approval for a person bound by many listings (30 cases, 60
// listings): the change rewrites the person's record, which holds a copy
// of each.
func BenchmarkApproveBusyPerson(b *testing.B) {
	w := newWorld(b)
	var target string
	for i := range 30 {
		number := w.activeCase(fmt.Sprint("J-", i), pseudonym(b, zhangID))
		target = w.mustList(number, request(creditapi.Dishonest), person(zhangName, zhangID))[1].ID
	}
	req, _ := json.Marshal(creditapi.ApprovalRequest{Restriction: "flights_sleepers_upper_ship_cabins", Purpose: "surgery",
		Until: w.l.Now.Add(240 * time.Hour).Format(time.RFC3339), Document: hx("approval")})
	for b.Loop() {
		if _, err := ledgertest.Call(w.l.Tx(judge), creditapi.ApproveConsumption, target, string(req)); err != nil {
			b.Fatal(err)
		}
	}
}
