package certificate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"google.golang.org/protobuf/proto"
)

// Policy is a Fabric signature policy: a principal ('Org1MSP.peer'), or
// n out of sub-policies (AND is all of them, OR one). It is parsed from
// the syntax of Fabric's policydsl and evaluated as Fabric's cauthdsl
// evaluates it: each signer counts for one principal at most.
type Policy struct {
	// N of Rules; zero Rules for a principal.
	N     int
	Rules []*Policy
	MSPID string
	Role  string
}

// roles are the MSP roles a principal may name; with NodeOUs an
// identity's role is its certificate's OU.
var roles = []string{"member", "admin", "client", "peer", "orderer"}

// MaxPolicyLength bounds the policy text a trust file may hold.
const MaxPolicyLength = 4096

// ParsePolicy reads a policy in Fabric's signature policy syntax.
func ParsePolicy(s string) (*Policy, error) {
	if len(s) > MaxPolicyLength {
		return nil, fmt.Errorf("%d bytes; at most %d", len(s), MaxPolicyLength)
	}
	p := &policyParser{s: s}
	pol, err := p.policy(0)
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.i != len(s) {
		return nil, fmt.Errorf("unexpected %q at offset %d", api.Short(s[p.i:]), p.i)
	}
	return pol, nil
}

type policyParser struct {
	s string
	i int
}

const maxPolicyDepth = 16

func (p *policyParser) skipSpace() {
	for p.i < len(p.s) && unicode.IsSpace(rune(p.s[p.i])) {
		p.i++
	}
}

func (p *policyParser) policy(depth int) (*Policy, error) {
	if depth > maxPolicyDepth {
		return nil, fmt.Errorf("nested deeper than %d", maxPolicyDepth)
	}
	p.skipSpace()
	if p.i < len(p.s) && (p.s[p.i] == '\'' || p.s[p.i] == '"') {
		return p.principal()
	}
	start := p.i
	for p.i < len(p.s) && unicode.IsLetter(rune(p.s[p.i])) {
		p.i++
	}
	op := p.s[start:p.i]
	if err := p.expect('('); err != nil {
		return nil, err
	}
	pol := &Policy{}
	if op == "OutOf" {
		p.skipSpace()
		numStart := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		n, err := strconv.Atoi(p.s[numStart:p.i])
		if err != nil {
			return nil, fmt.Errorf("OutOf at offset %d needs a number first", start)
		}
		pol.N = n
		if err := p.expect(','); err != nil {
			return nil, err
		}
	} else if op != "AND" && op != "OR" {
		return nil, fmt.Errorf("unknown operator %q at offset %d: AND, OR, OutOf or a quoted principal", api.Short(op), start)
	}
	for {
		r, err := p.policy(depth + 1)
		if err != nil {
			return nil, err
		}
		pol.Rules = append(pol.Rules, r)
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		if err := p.expect(')'); err != nil {
			return nil, err
		}
		break
	}
	switch op {
	case "AND":
		pol.N = len(pol.Rules)
	case "OR":
		pol.N = 1
	}
	if pol.N < 1 || pol.N > len(pol.Rules) {
		return nil, fmt.Errorf("OutOf(%d, …) of %d rules", pol.N, len(pol.Rules))
	}
	return pol, nil
}

func (p *policyParser) principal() (*Policy, error) {
	quote := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], quote)
	if end < 0 {
		return nil, fmt.Errorf("unclosed quote at offset %d", p.i)
	}
	text := p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	dot := strings.LastIndexByte(text, '.')
	if dot <= 0 {
		return nil, fmt.Errorf("principal %q is not MSPID.role", api.Short(text))
	}
	msp, role := text[:dot], text[dot+1:]
	if !slices.Contains(roles, role) {
		return nil, fmt.Errorf("principal %q: role %q is not one of %s", api.Short(text), api.Short(role), strings.Join(roles, ", "))
	}
	return &Policy{MSPID: msp, Role: role}, nil
}

func (p *policyParser) expect(c byte) error {
	p.skipSpace()
	if p.i >= len(p.s) || p.s[p.i] != c {
		return fmt.Errorf("expected %q at offset %d", c, p.i)
	}
	p.i++
	return nil
}

// Signer is a verified identity: its org and its roles there.
type Signer struct {
	MSPID   string `json:"mspId"`
	Subject string `json:"subject"`
	// Name is the certificate's common name.
	Name string `json:"name"`
	// Role is the certificate's NodeOU role: client, peer, admin or
	// orderer ("" where it has none).
	Role string `json:"role,omitempty"`
}

func (s Signer) satisfies(p *Policy) bool {
	return s.MSPID == p.MSPID && (p.Role == "member" || p.Role == s.Role)
}

// SatisfiedBy tells whether the signers satisfy the policy.
func (p *Policy) SatisfiedBy(signers []Signer) bool {
	return p.eval(signers, make([]bool, len(signers)))
}

// eval is cauthdsl's: a principal takes the first unused signer that
// matches; an n-out-of counts the rules that hold, each tried on a copy
// of what is used and keeping its use when it holds.
func (p *Policy) eval(signers []Signer, used []bool) bool {
	if len(p.Rules) == 0 {
		for i, s := range signers {
			if !used[i] && s.satisfies(p) {
				used[i] = true
				return true
			}
		}
		return false
	}
	held := 0
	trial := make([]bool, len(used))
	for _, r := range p.Rules {
		copy(trial, used)
		if r.eval(signers, trial) {
			held++
			copy(used, trial)
		}
	}
	return held >= p.N
}

// String writes the policy back in Fabric's syntax.
func (p *Policy) String() string {
	if len(p.Rules) == 0 {
		return "'" + p.MSPID + "." + p.Role + "'"
	}
	parts := make([]string, len(p.Rules))
	for i, r := range p.Rules {
		parts[i] = r.String()
	}
	switch p.N {
	case len(p.Rules):
		return "AND(" + strings.Join(parts, ", ") + ")"
	case 1:
		return "OR(" + strings.Join(parts, ", ") + ")"
	}
	return "OutOf(" + strconv.Itoa(p.N) + ", " + strings.Join(parts, ", ") + ")"
}

// PolicyFromEnvelope reads a chaincode definition's signature policy (as
// _lifecycle QueryChaincodeDefinition answers it) into a Policy, for
// writing a trust file. Only role principals are read: the ones
// Fabric's policy syntax writes.
func PolicyFromEnvelope(env *common.SignaturePolicyEnvelope) (*Policy, error) {
	var read func(r *common.SignaturePolicy, depth int) (*Policy, error)
	read = func(r *common.SignaturePolicy, depth int) (*Policy, error) {
		if depth > maxPolicyDepth {
			return nil, fmt.Errorf("nested deeper than %d", maxPolicyDepth)
		}
		if n := r.GetNOutOf(); n != nil {
			p := &Policy{N: int(n.GetN())}
			for _, sub := range n.GetRules() {
				q, err := read(sub, depth+1)
				if err != nil {
					return nil, err
				}
				p.Rules = append(p.Rules, q)
			}
			if p.N < 1 || p.N > len(p.Rules) {
				return nil, fmt.Errorf("%d out of %d rules", p.N, len(p.Rules))
			}
			return p, nil
		}
		i := int(r.GetSignedBy())
		if i < 0 || i >= len(env.GetIdentities()) {
			return nil, fmt.Errorf("signed by identity %d of %d", i, len(env.GetIdentities()))
		}
		id := env.GetIdentities()[i]
		var role msp.MSPRole
		if id.GetPrincipalClassification() != msp.MSPPrincipal_ROLE || proto.Unmarshal(id.GetPrincipal(), &role) != nil {
			return nil, fmt.Errorf("principal %d is not an MSP role", i)
		}
		return &Policy{MSPID: role.GetMspIdentifier(), Role: strings.ToLower(role.GetRole().String())}, nil
	}
	return read(env.GetRule(), 0)
}
