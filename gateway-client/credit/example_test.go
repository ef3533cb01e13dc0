package credit_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/courtchain/judicial/gateway-client/credit"
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

	// Connect as a bank officer of the credit org.
	c, err := gateway.Connect(p, "CreditMSP", "bank1")
	panicOnError(err)
	defer c.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// The ID number travels as transient data: it reaches the endorsing
	// peer, which turns it into the pseudonym the ledger knows, and is
	// never part of the transaction.
	res, err := credit.New(c).Check(ctx, "11010519491231002X")
	if gateway.CodeOf(err) == api.CodeInvalid {
		// A mistyped number; the message does not repeat it.
		fmt.Println("cannot check:", gateway.ChaincodeMessage(err))
		return
	}
	panicOnError(err)
	if !res.Listed {
		fmt.Println("not listed at", res.CheckedAt)
		return
	}
	for _, l := range res.Listings {
		fmt.Println(l.Kind, "until", l.End, "restricted:", l.Restrictions, "case", l.Case)
	}
}

func ExampleClient_List() {
	var cr *credit.Client // credit.New of a judge's gateway.Client.

	// The person's name and ID number go only as transient data into the
	// private collection; the ledger's listing names the pseudonym.
	person := creditapi.Subject{Name: "张三", IDNumber: "11010519491231002X"}
	// Ground (1) has no term; a consumption restriction comes with it.
	listings, res, err := cr.List(context.TODO(), "(2026)J执1a2b3c4d5e号", creditapi.ListRequest{
		Kinds: []string{creditapi.Dishonest},
		Court: "J0491", Ground: 1, Basis: "ruling (2026)J执1a2b3c4d5e号; 2017 SPC Provisions art. 1(1)",
		Exclusion: "no security given; nothing frozen or seized (art. 3)",
	}, person)
	var endorseErr *gateway.EndorseError
	switch {
	case errors.As(err, &endorseErr) && endorseErr.Code == api.CodeState:
		// Only debtors of an active enforcement case are listed.
		fmt.Println("not listable now:", endorseErr.Message)
	case errors.As(err, &endorseErr) && endorseErr.Code == api.CodeLimit:
		fmt.Println("too many listings in force:", endorseErr.Message)
	case err != nil:
		panic(err)
	default:
		for _, l := range listings {
			fmt.Println(l.ID, l.Kind, l.Person, "in transaction", res.TxID)
		}
	}
}

func ExampleLoadOrCreateKey() {
	var c *gateway.Client // A judge's connection, made from the profile at profilePath.
	profilePath := "network/run/profile.json"

	// The pseudonym key lives beside the connection profile. The first
	// judge to run this creates it and stores it on the channel; the same
	// key stored again changes nothing, another one is refused.
	key, created, err := credit.LoadOrCreateKey(filepath.Join(filepath.Dir(profilePath), credit.KeyFileName))
	panicOnError(err)
	info, _, err := credit.New(c).SetPseudonymKey(context.TODO(), key)
	panicOnError(err)
	fmt.Println("key", info.Fingerprint, "created here:", created, "new on the channel:", info.Changed)

	// Applications holding the key write the same pseudonym the chaincode does.
	pseudonym, err := idnumber.Pseudonym(key, "11010519491231002X")
	panicOnError(err)
	fmt.Println(pseudonym)
}

func panicOnError(err error) {
	if err != nil {
		panic(err)
	}
}
