package access

import (
	"fmt"

	"github.com/hyperledger/fabric-chaincode-go/v2/pkg/statebased"
	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
)

// RequireCourtEndorsement puts a key-level endorsement policy on key: a
// later write of it is valid only if a court peer endorsed it. The
// chaincode-level policy already names the court, but a channel admin may
// relax that policy, and an org that runs modified chaincode controls
// what its own peer signs; the key's own policy is checked by every
// committing peer whatever the chaincode says, so court records stay the
// court's.
func RequireCourtEndorsement(stub shim.ChaincodeStubInterface, key string) error {
	ep, err := statebased.NewStateEP(nil)
	if err != nil {
		return err
	}
	if err := ep.AddOrgs(statebased.RoleTypePeer, orgs.Court); err != nil {
		return err
	}
	policy, err := ep.Policy()
	if err != nil {
		return err
	}
	if err := stub.SetStateValidationParameter(key, policy); err != nil {
		return fmt.Errorf("setting the endorsement policy of a court record: %w", err)
	}
	return nil
}

// KeyEndorsers lists the orgs whose peers must endorse a write of key
// under its key-level policy; none means the chaincode-level policy
// applies.
func KeyEndorsers(stub shim.ChaincodeStubInterface, key string) ([]string, error) {
	policy, err := stub.GetStateValidationParameter(key)
	if err != nil {
		return nil, fmt.Errorf("reading a key's endorsement policy: %w", err)
	}
	if len(policy) == 0 {
		return []string{}, nil
	}
	ep, err := statebased.NewStateEP(policy)
	if err != nil {
		return nil, fmt.Errorf("decoding a key's endorsement policy: %w", err)
	}
	return ep.ListOrgs(), nil
}
