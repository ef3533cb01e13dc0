// Command judicial is the judicial chaincode: every capability's contract in
// one chaincode, served as a service or launched by the peer. The
// capabilities are siblings; what one does when another's record moves is
// wired here, as hooks.
package main

import (
	"log"
	"os"
	"slices"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/credit"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/enforcement"
	"github.com/courtchain/judicial/chaincode/evidence"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/courtchain/judicial/chaincode/mediation"
	"github.com/courtchain/judicial/chaincode/serve"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

func main() {
	access.UseOrgs(access.OrgsFromEnv(os.Getenv))
	kernel.UseTestPeriods(os.Getenv("JUDICIAL_TEST_PERIODS") == "1")
	credit.UseKeyFingerprint(os.Getenv("JUDICIAL_PSEUDONYM_KEY_FINGERPRINT"))
	cc, err := contractapi.NewChaincode(contracts()...)
	if err != nil {
		log.Panicf("creating the judicial chaincode: %v", err)
	}
	if err := serve.Run(cc); err != nil {
		log.Panicf("running the judicial chaincode: %v", err)
	}
}

// contracts are the chaincode's contracts, wired together: a judgment on
// this ledger answers a clerk's application for its enforcement, a
// concluded case removes its debtor's listings, and one sweep serves
// every capability's deadlines.
func contracts() []contractapi.ContractInterface {
	enforcementContract := enforcement.New(
		enforcement.OnApplication(mediation.OnEnforcementApplication),
		enforcement.OnEnd(credit.OnCaseEnded),
	)
	return []contractapi.ContractInterface{system.New(), evidence.New(), evidence.NewService(), mediation.New(),
		enforcementContract, credit.New(), deadline.NewContract(kinds()...)}
}

// kinds are what each deadline kind the capabilities declare does when it
// falls due.
func kinds() []kernel.DeadlineKind {
	return slices.Concat(mediation.Kinds(), enforcement.Kinds(), credit.Kinds())
}
