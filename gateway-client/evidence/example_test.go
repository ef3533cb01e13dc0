package evidence_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/profile"
)

// These examples need a running network (make network-up writes its
// connection profile to network/run/profile.json), so they are compiled
// but not run.

func Example() {
	// The connection profile names each org's gateway peers, their TLS CA,
	// the channel, the chaincode and the org's enrolled identities.
	p, err := profile.Load("network/run/profile.json")
	panicOnError(err)

	// Connect as one identity of one org: the court's clerk. The
	// connection is shared by every capability's typed client.
	c, err := gateway.Connect(p, "CourtMSP", "clerk1")
	panicOnError(err)
	defer c.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// Hash the file locally: only its digest leaves the machine.
	file, err := digest.HashFile(api.SHA256, "complaint.pdf")
	panicOnError(err)

	ev := evidence.New(c)
	a, err := ev.AnchorFile(ctx, api.SHA256, file, evidence.Metadata{
		Kind:       evidenceapi.KindLitigationDocument,
		CaseNumber: "(2026)京0491民初1号",
		MediaType:  "application/pdf",
	})
	if gateway.CodeOf(err) == api.CodeExists {
		// A digest is anchored once: the first anchoring is the proof of
		// its earliest existence, and the refusal names it.
		fmt.Println("anchored before:", gateway.ChaincodeMessage(err))
		return
	}
	panicOnError(err)
	fmt.Printf("anchored as %s in transaction %s, block %d\n", a.Record.Number, a.Transaction.TxID, a.Transaction.Block)

	// Anyone can verify the file later, and learn which block holds it.
	v, err := ev.Verify(ctx, api.SHA256, file.Hex(), "")
	panicOnError(err)
	fmt.Println(v.Verdict, v.Block)
}

func ExampleClient_AnchorFile_errorHandling() {
	var ev *evidence.Client // evidence.New of a connected gateway.Client.
	var file digest.File    // digest.HashFile of the document.

	a, err := ev.AnchorFile(context.TODO(), api.SHA256, file, evidence.Metadata{Kind: evidenceapi.KindElectronicEvidence})
	if err != nil {
		var endorseErr *gateway.EndorseError
		var commitErr *gateway.CommitError
		var connectErr *gateway.ConnectError
		switch {
		case errors.As(err, &endorseErr):
			// The chaincode refused: its message, without the code, and
			// the code to act on.
			switch endorseErr.Code {
			case api.CodeExists:
				fmt.Println("already anchored:", endorseErr.Message)
			case api.CodeDenied:
				fmt.Println("this identity may not anchor:", endorseErr.Message)
			default:
				fmt.Printf("%s refused at %s [%s]: %s\n", endorseErr.Function, endorseErr.Stage, endorseErr.Code, endorseErr.Message)
			}
		case errors.As(err, &commitErr):
			// Ordered but invalidated; read conflicts were already retried.
			fmt.Printf("transaction %s invalidated: %s after %d attempts\n", commitErr.TxID, commitErr.CodeName(), commitErr.Attempts)
		case errors.As(err, &connectErr):
			fmt.Printf("cannot reach %s as %s/%s: %v\n", connectErr.Peer, connectErr.Org, connectErr.Identity, connectErr.Err)
		default:
			fmt.Println(err)
		}
		return
	}
	fmt.Println(a.Record.Number)
}

func ExampleClient_AnchorBatch() {
	var ev *evidence.Client // evidence.New of a connected gateway.Client.
	var digests [][]byte    // The digests of the batch's files, in order.

	// One transaction anchors the root of a Merkle tree over all the
	// digests; each file gets a receipt that proves it is in the batch.
	b, err := ev.AnchorBatch(context.TODO(), api.SHA256, digests, "(2026)京0491民初1号", "site photos")
	panicOnError(err)
	for _, r := range b.Receipts {
		fmt.Println(r.Leaf, "is leaf", r.Index, "of", b.Record.Number)
	}
}

func ExampleClient_CheckReceipt() {
	var ev *evidence.Client // evidence.New of a connected gateway.Client.

	r, err := batch.ReadReceipt("receipts/photo1.jpg.receipt.json")
	panicOnError(err)

	// The audit path is checked offline first; only a sound receipt is
	// looked up on the ledger.
	v, err := ev.CheckReceipt(context.TODO(), r)
	panicOnError(err)
	switch v.Verdict {
	case evidenceapi.Anchored:
		fmt.Println("in the ledger since block", v.Block)
	case evidence.Invalid, evidence.WrongNetwork, evidenceapi.NotOnChain:
		fmt.Println(v.Verdict+":", v.Message)
	}
}

func panicOnError(err error) {
	if err != nil {
		panic(err)
	}
}
