package kernel

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/system"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// A parameter is a channel-wide setting that the law lets courts vary; the
// contracts read it from the ledger instead of compiling it in. docs/legal.md
// cites the rule behind each default and bound.
type definition struct {
	Default string
	Doc     string
	check   func(string) error
}

var definitions = map[string]definition{
	system.FilingReviewPeriod: {"168h", "time a court has to docket or reject a filing before it is docketed automatically (CPL art. 126: 7 days)",
		durationBetween(time.Second, 90*24*time.Hour)},
	system.MediationGracePeriod: {"0s", "time after an obligation's due time before non-performance is a breach",
		durationBetween(0, 90*24*time.Hour)},
	system.TimestampWindow: {"5m", "how far a proposal's timestamp may be from the endorsing chaincode server's clock",
		durationBetween(time.Second, time.Hour)},
	system.EnforcementTerminationAfter: {"2160h", "time after filing before an enforcement case may be terminated for lack of property (2016 SPC Provisions on terminating the current procedure, art. 1(4): more than 3 months)",
		durationBetween(0, 365*24*time.Hour)},
	system.CreditDishonestTerm: {"2", "longest term of a dishonest-defaulter listing, in years (2017 SPC Provisions on the list of dishonest judgment defaulters, art. 2: 2 years)",
		intBetween(1, 10)},
	system.CreditDishonestExtension: {"3", "years added to credit.dishonestYears for a serious case (2017 Provisions, art. 2: extendable by 1 to 3 years)",
		intBetween(0, 5)},
	system.CreditConsumptionTerm: {"5", "longest term of a high-consumption restriction, in years; the 2015 SPC Provisions set none (lifted on performance), so this bounds a listing until a judge reviews it",
		intBetween(1, 10)},
	system.SweepMaxItems: {"100", "upper bound on the items one sweep transaction may process",
		intBetween(1, 1000)},
}

// ParameterNames lists the parameters in name order, so listings are
// deterministic.
func ParameterNames() []string {
	names := make([]string, 0, len(definitions))
	for n := range definitions {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

const parameterObject = "param"

func lookup(name string) (definition, error) {
	def, ok := definitions[name]
	if !ok {
		return def, Errorf(api.CodeInvalid, "unknown parameter %q; known parameters: %v", api.Short(name), ParameterNames())
	}
	return def, nil
}

// Parameter reads a parameter in force: the one set on the ledger, or its
// default.
func Parameter(ctx contractapi.TransactionContextInterface, name string) (*system.Parameter, error) {
	def, err := lookup(name)
	if err != nil {
		return nil, err
	}
	key, err := ctx.GetStub().CreateCompositeKey(parameterObject, []string{name})
	if err != nil {
		return nil, err
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil {
		return nil, fmt.Errorf("reading parameter %s: %w", name, err)
	}
	if data == nil {
		return &system.Parameter{Name: name, Value: def.Default, Doc: def.Doc, Default: true}, nil
	}
	var p system.Parameter
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, Errorf(api.CodeCorrupt, "parameter %s is stored in an unreadable form: %v", name, err)
	}
	return &p, nil
}

// SetParameter changes a parameter within its range.
func SetParameter(t *Tx, name, value string) (*system.Parameter, error) {
	def, err := lookup(name)
	if err != nil {
		return nil, err
	}
	if err := def.check(value); err != nil {
		return nil, Errorf(api.CodeInvalid, "parameter %s: %v", name, err)
	}
	by := t.Caller
	p := &system.Parameter{Name: name, Value: value, Doc: def.Doc, UpdatedBy: &by, UpdatedAt: t.At(), TxID: t.TxID()}
	key, err := t.GetStub().CreateCompositeKey(parameterObject, []string{name})
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	if err := t.GetStub().PutState(key, data); err != nil {
		return nil, fmt.Errorf("writing parameter %s: %w", name, err)
	}
	return p, nil
}

// Duration reads a duration parameter.
func Duration(ctx contractapi.TransactionContextInterface, name string) (time.Duration, error) {
	p, err := Parameter(ctx, name)
	if err != nil {
		return 0, err
	}
	d, err := time.ParseDuration(p.Value)
	if err != nil {
		return 0, Errorf(api.CodeCorrupt, "parameter %s holds %q, not a duration", name, p.Value)
	}
	return d, nil
}

// Int reads a whole-number parameter.
func Int(ctx contractapi.TransactionContextInterface, name string) (int, error) {
	p, err := Parameter(ctx, name)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(p.Value)
	if err != nil {
		return 0, Errorf(api.CodeCorrupt, "parameter %s holds %q, not a whole number", name, p.Value)
	}
	return n, nil
}

func durationBetween(lo, hi time.Duration) func(string) error {
	return func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%q is not a duration (examples: 168h, 30m)", api.Short(v))
		}
		if d < lo || d > hi {
			return fmt.Errorf("%s is outside the allowed range %s to %s", d, lo, hi)
		}
		return nil
	}
}

func intBetween(lo, hi int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", api.Short(v))
		}
		if n < lo || n > hi {
			return fmt.Errorf("%d is outside the allowed range %d to %d", n, lo, hi)
		}
		return nil
	}
}
