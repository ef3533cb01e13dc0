package enforcement_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/enforcement"
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

	// Connect as the court's enforcement officer.
	c, err := gateway.Connect(p, "CourtMSP", "officer1")
	panicOnError(err)
	defer c.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	en := enforcement.New(c)
	const number = "(2026)J执1a2b3c4d5e号"
	// Documents go on the ledger as digests only.
	notice, err := digest.HashFile(api.SHA256, "notice.pdf")
	panicOnError(err)
	report, err := digest.HashFile(api.SHA256, "investigation.pdf")
	panicOnError(err)
	account, err := digest.HashFile(api.SHA256, "account-description.txt")
	panicOnError(err)

	// Issue the enforcement notice: the case becomes active.
	cs, res, err := en.Activate(ctx, number, notice.Hex())
	if gateway.CodeOf(err) == api.CodeState {
		// The case is not filed any more (active already, or concluded).
		fmt.Println("not activated:", gateway.ChaincodeMessage(err))
		return
	}
	panicOnError(err)
	fmt.Printf("%s is %s since transaction %s\n", cs.Number, cs.State, res.TxID)

	// Log the property investigation, then ask a judge to freeze up to
	// what is outstanding on the account it found.
	_, _, err = en.LogOperation(ctx, number, enforcementapi.OpInvestigation, report.Hex(), "online inquiry of the debtor's banks")
	panicOnError(err)
	m, _, err := en.RequestMeasure(ctx, number, enforcementapi.OpFreeze, account.Hex(), cs.Outstanding(), report.Hex())
	panicOnError(err)
	fmt.Println("measure", m.Measure.ID, "is", m.Measure.State)
}

func ExampleClient_ApproveMeasure_errorHandling() {
	var en *enforcement.Client // enforcement.New of a judge's gateway.Client.
	var ruling digest.File     // digest.HashFile of the judge's ruling.

	res, _, err := en.ApproveMeasure(context.TODO(), "(2026)J执1a2b3c4d5e号", "M1", ruling.Hex())
	var endorseErr *gateway.EndorseError
	switch {
	case errors.As(err, &endorseErr) && endorseErr.Code == api.CodeDenied:
		// A judge may not approve a measure they requested, and only
		// judges approve.
		fmt.Println("not yours to approve:", endorseErr.Message)
	case errors.As(err, &endorseErr) && endorseErr.Code == api.CodeState:
		fmt.Println("the measure is decided already:", endorseErr.Message)
	case errors.As(err, &endorseErr) && endorseErr.Code == api.CodeNotFound:
		fmt.Println("no such measure:", endorseErr.Message)
	case err != nil:
		panic(err)
	default:
		fmt.Println("measure", res.Measure.ID, "approved; the bank", res.Measure.Bank, "executes it")
	}
}

func ExampleClient_Operations() {
	var en *enforcement.Client // enforcement.New of a connected gateway.Client.

	// Read a case's whole log a page at a time: each page's bookmark is
	// where the next one starts, and the last page has none.
	opts := []gateway.PageOption{gateway.WithPageSize(enforcementapi.MaxPage)}
	for {
		page, err := en.Operations(context.TODO(), "(2026)J执1a2b3c4d5e号", opts...)
		panicOnError(err)
		for _, op := range page.Operations {
			fmt.Println(op.Seq, op.Kind, op.At, op.Officer)
		}
		if page.Bookmark == "" {
			break
		}
		opts = []gateway.PageOption{gateway.WithPageSize(enforcementapi.MaxPage), gateway.WithBookmark(page.Bookmark)}
	}
}

func ExampleClient_AnswerInquiry() {
	var en *enforcement.Client  // enforcement.New of a bank officer's gateway.Client.
	var particulars digest.File // digest.HashFile of the bank's answer.

	// The court's inquiry into a terminated case fell due: the bank
	// answers through its channel. Property that covers what is
	// outstanding resumes the case at once, as a case of its own number,
	// with a freeze request to this bank; less becomes an officer's task.
	res, _, err := en.AnswerInquiry(context.TODO(), "(2026)J执1a2b3c4d5e号", enforcementapi.InquiryAnswer{
		Channel: "online_bank", Found: true, Value: 1200000, Description: particulars.Hex()})
	panicOnError(err)
	switch {
	case res.Resumption != nil:
		fmt.Println("resumed as", res.Resumption.Number, "; freeze", res.Measure, "awaits a judge")
	case res.Task != "":
		fmt.Println("task", res.Task, "for an enforcement officer")
	default:
		fmt.Println(res.Result)
	}
}

func panicOnError(err error) {
	if err != nil {
		panic(err)
	}
}
