package kernel

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/system"
)

// A parameter is a channel-wide setting that the law lets courts vary; the
// contracts read it from the ledger instead of compiling it in. docs/legal.md
// cites the rule behind each default and bound. A period the law fixes is
// a parameter only so that a test network can shorten it: law holds the
// law's bound, which every value must meet unless the chaincode server
// runs with test periods (see TestPeriods).
type definition struct {
	Default string
	Doc     string
	check   func(string) error
	law     func(string) error
}

var definitions = map[string]definition{
	system.FilingReviewDays: {"7", "days a court has to docket a complaint or rule not to, counted as CPL art. 85 counts days (the filing day not counted, a last day off work moves to the next working day) on the courts' calendar; fixed by CPL 2023 art. 126",
		intBetween(0, 7), intBetween(7, 7)},
	system.MediationGracePeriod: {"0s", "time after an obligation's due time before non-performance is a breach",
		durationBetween(0, 90*24*time.Hour), nil},
	system.TimestampWindow: {"5m", "how far a proposal's timestamp may be from the endorsing chaincode server's clock",
		durationBetween(time.Second, time.Hour), nil},
	system.EnforcementTerminationMonths: {"3", "calendar months that must have passed, strictly, since an enforcement case was docketed before it may be terminated for lack of property (2016 SPC Provisions on strictly regulating the termination of the current enforcement procedure, art. 1(4): more than 3 months); a court may wait longer, never less",
		intBetween(0, 24), intBetween(3, 24)},
	system.SweepMaxItems: {"100", "upper bound on the items one sweep transaction may process",
		intBetween(1, 1000), nil},
	system.EnforcementSearchChannels: {system.DefaultSearchChannels, "the channels, comma-separated, through which a court searches a debtor's property before the current enforcement procedure may end for lack of property: one search through each must be in the case's log (2016 SPC Provisions on strictly regulating the termination of the current enforcement procedure, art. 1(3): property investigation exhausted); each channel a-z and _, 1 to 32 characters, at most 20, no repeats",
		channelList, nil},
	system.EnforcementInquiryMonths: {"6", "calendar months between the court's network inquiries into the property of a case terminated for lack of property, 10 rounds (2016 SPC Provisions on strictly regulating the termination of the current enforcement procedure, art. 9 para. 2: every 6 months for 5 years); fixed by law",
		intBetween(0, 6), intBetween(6, 6)},
}

// testPeriods is set once at start-up, before any transaction.
var testPeriods bool

// UseTestPeriods lets parameters go below the law's bounds (a filing
// docketed at once, a case terminated without waiting 3 months), so that
// a test network can walk through procedures the law spreads over months.
// Each org sets it on its own chaincode server (JUDICIAL_TEST_PERIODS=1);
// a court's production server never does, and since every parameter
// write needs the court's endorsement, no other org can lower a period on
// a production channel. system:Ping reports it.
func UseTestPeriods(on bool) { testPeriods = on }

// TestPeriods tells whether this server lets periods go below the law's.
func TestPeriods() bool { return testPeriods }

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

// parameters are the values set on the ledger; a parameter no one set is
// its default.
var parameters = Kind[system.Parameter]{Object: "param", Noun: "parameter"}

func lookup(name string) (definition, error) {
	def, ok := definitions[name]
	if !ok {
		return def, Errorf(api.CodeInvalid, "unknown parameter %q; known parameters: %v", api.Short(name), ParameterNames())
	}
	return def, nil
}

// Parameter reads a parameter in force: the one set on the ledger, or its
// default.
func Parameter(t *Tx, name string) (*system.Parameter, error) {
	def, err := lookup(name)
	if err != nil {
		return nil, err
	}
	p, err := parameters.Get(t, name)
	if p == nil && err == nil {
		p = &system.Parameter{Name: name, Value: def.Default, Doc: def.Doc, Default: true}
	}
	return p, err
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
	if def.law != nil && !testPeriods {
		if err := def.law(value); err != nil {
			return nil, Errorf(api.CodeInvalid, "parameter %s: %v: the law fixes this bound (%s)", name, err, def.Doc)
		}
	}
	by := t.Caller
	p := &system.Parameter{Name: name, Value: value, Doc: def.Doc, UpdatedBy: &by, UpdatedAt: t.At(), TxID: t.TxID()}
	return p, parameters.Put(t, p, name)
}

// Duration reads a duration parameter.
func Duration(t *Tx, name string) (time.Duration, error) {
	p, err := Parameter(t, name)
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
func Int(t *Tx, name string) (int, error) {
	p, err := Parameter(t, name)
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

var channelName = regexp.MustCompile(`^[a-z_]{1,32}$`)

// channelList checks a list of property search channels: 1 to
// system.MaxSearchChannels names of a-z and _, comma-separated, none
// twice.
func channelList(v string) error {
	names := strings.Split(v, ",")
	if len(names) > system.MaxSearchChannels {
		return fmt.Errorf("%d channels; at most %d", len(names), system.MaxSearchChannels)
	}
	for i, n := range names {
		if !channelName.MatchString(n) {
			return fmt.Errorf("channel %d %q is not 1 to 32 of a-z and _ (list them comma-separated without spaces)", i+1, api.Short(n))
		}
		if slices.Contains(names[:i], n) {
			return fmt.Errorf("channel %q is listed twice", n)
		}
	}
	return nil
}

// Channels reads the property search channels (parameter
// enforcement.searchChannels), in the order the court lists them.
func Channels(t *Tx) ([]string, error) {
	p, err := Parameter(t, system.EnforcementSearchChannels)
	if err != nil {
		return nil, err
	}
	if err := channelList(p.Value); err != nil {
		return nil, Errorf(api.CodeCorrupt, "parameter %s holds %q: %v", system.EnforcementSearchChannels, api.Short(p.Value), err)
	}
	return strings.Split(p.Value, ","), nil
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
