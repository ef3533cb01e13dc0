// Package mediation holds filings, mediation agreements and judgments, and
// the transitions that move them on by themselves when a period ends
// (Opinions items 13–15): a filing is docketed when its review period ends
// undecided (CPL 2023 art. 126); a mediation agreement is judicially
// confirmed by a judge's ruling on the parties' application within 30 days
// (art. 205); an obligation not performed by its due time is breached
// against its debtor alone, and the breach leads to enforcement if the
// agreement is confirmed (art. 206: on the creditor's application, or at
// once where it was made in advance) or to a filing for the creditor if
// not; a judgment unperformed by its deadline opens an enforcement case
// where the creditor pre-authorised it. Judgments and confirmed
// agreements carry the period in which enforcement may be applied for
// (art. 250). Its wire contract is api/mediation; docs/legal.md cites the
// rule behind each transition. One file per topic: filing.go,
// agreement.go (registration, performance, breach), confirmation.go,
// judgment.go, application.go (enforcement on application), deadlines.go.
package mediation

import (
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	mediationapi "github.com/courtchain/judicial/chaincode/api/mediation"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Contract is the mediation contract: filings, agreements and judgments.
// Their deadlines are swept by the deadline contract, through Kinds.
type Contract struct {
	contractapi.Contract
}

// The records of the contract.
var (
	filings    = kernel.Kind[mediationapi.Filing]{Object: "filing"}
	agreements = kernel.Kind[mediationapi.Agreement]{Object: "agreement"}
	judgments  = kernel.Kind[mediationapi.Judgment]{Object: "judgment"}
)

// New returns the contract with its namespace set.
func New() *Contract {
	return &Contract{Contract: kernel.NewContract(mediationapi.Namespace)}
}

// timeLayout is how the contract stores the times it computes.
const timeLayout = time.RFC3339Nano

// parseTime reads a time a request gives, naming the field.
func parseTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, kernel.Errorf(api.CodeInvalid, "%s %q is not an RFC 3339 time", field, api.Short(s))
	}
	return t, nil
}

// storedTime reads a time the contract stored itself.
func storedTime(what, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, kernel.Errorf(api.CodeCorrupt, "%s has an unreadable time %q", what, s)
	}
	return t, nil
}
