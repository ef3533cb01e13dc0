// Command judicial is the judicial chaincode: every capability's contract in
// one chaincode, served as a service or launched by the peer.
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
	"github.com/courtchain/judicial/chaincode/mediation"
	"github.com/courtchain/judicial/chaincode/serve"
	"github.com/courtchain/judicial/chaincode/system"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

func main() {
	access.UseOrgs(access.OrgsFromEnv(os.Getenv))
	kinds := slices.Concat(mediation.Kinds(), enforcement.Kinds(), credit.Kinds())
	cc, err := contractapi.NewChaincode(system.New(), evidence.New(), evidence.NewService(), mediation.New(),
		enforcement.New(credit.OnCaseConcluded), credit.New(), deadline.NewContract(kinds...))
	if err != nil {
		log.Panicf("creating the judicial chaincode: %v", err)
	}
	if err := serve.Run(cc); err != nil {
		log.Panicf("running the judicial chaincode: %v", err)
	}
}
