// Package capabilities links every capability's api package: a program
// that imports it, for its side effects, sees the whole registry, so that
// api.Capabilities, api.DeadlineKinds and api.Specs list everything the
// chaincode serves. It is the one list of the capabilities' packages; the
// generators (docs/api.md, the typed clients), the layout tests and the
// keeper's metric labels read the registry through it, and its test fails
// when a package below chaincode/api declares a capability that is not
// imported here.
package capabilities

import (
	_ "github.com/courtchain/judicial/chaincode/api/credit"
	_ "github.com/courtchain/judicial/chaincode/api/deadline"
	_ "github.com/courtchain/judicial/chaincode/api/enforcement"
	_ "github.com/courtchain/judicial/chaincode/api/evidence"
	_ "github.com/courtchain/judicial/chaincode/api/mediation"
	_ "github.com/courtchain/judicial/chaincode/api/system"
)
