package enforcement

import (
	"slices"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// The case events, other than performance, that end a case's hold on its
// debtors: each removes their dishonest-defaulter listings (2017 List
// Provisions, art. 10(5)–(7)) through the hooks main wires, for the case
// and every case it carries on.
//
//   - Suspension (中止执行) because the document is retried (CPL 2023 art.
//     217: a retrial suspends enforcement of the original document) or
//     the debtor is in bankruptcy (Enterprise Bankruptcy Law, art. 19):
//     an active case is suspended, and becomes active again when the
//     suspension ends. The listings are not restored: a judge lists
//     again if a ground still exists.
//   - A ruling not to enforce (不予执行: of an arbitral award, CPL 2023
//     art. 248; of a notarised debt instrument, art. 249): final.
//   - Final termination (终结执行) on a ground of CPL 2023 art. 268:
//     final.
//
// A terminated or settled case may be ruled not enforced or finally
// terminated too; its inquiries and instalments leave the index.

// Suspend suspends enforcement of an active case on ground retrial or
// bankruptcy, with the ruling's digest.
func (c *Contract) Suspend(tx *kernel.Tx, number string, ground string, document string) (*enforcementapi.Case, error) {
	cs, err := begin(tx, number, &document, nil)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(enforcementapi.SuspensionGrounds, ground) {
		return nil, kernel.Errorf(api.CodeInvalid, "ground %q: one of %s (other suspensions do not end the debtors' listings and are not recorded here)",
			api.Short(ground), strings.Join(enforcementapi.SuspensionGrounds, ", "))
	}
	from := cs.State
	if err := move(tx, cs, cases.Suspended, enforcementapi.Operation{Kind: enforcementapi.OpSuspension, Officer: tx.Caller, Document: document, Note: "ground: " + ground}); err != nil {
		return nil, err
	}
	cs.Suspension = &enforcementapi.Suspension{Ground: ground, Document: document, Since: tx.At(), From: from}
	if err := c.endedMatter(tx, cs, cases.EndSuspended); err != nil {
		return nil, err
	}
	return cs, nil
}

// EndSuspension ends a suspension: the case is active again.
func (c *Contract) EndSuspension(tx *kernel.Tx, number string, document string) (*enforcementapi.Case, error) {
	cs, err := begin(tx, number, &document, nil)
	if err != nil {
		return nil, err
	}
	if cs.State != cases.Suspended {
		return nil, kernel.Errorf(api.CodeState, "case %s is %s, not suspended; there is no suspension to end", number, cs.State)
	}
	if err := move(tx, cs, cases.Active, enforcementapi.Operation{Kind: enforcementapi.OpSuspension, Step: "ended", Officer: tx.Caller, Document: document,
		Note: "the suspension (" + cs.Suspension.Ground + ") ends"}); err != nil {
		return nil, err
	}
	cs.Suspension.Ended = tx.At()
	return cs, nil
}

// RuleNotToEnforce records the ruling not to enforce the document, with
// its digest and the reason; the case ends.
func (c *Contract) RuleNotToEnforce(tx *kernel.Tx, number string, document string, reason string) (*enforcementapi.Case, error) {
	cs, err := begin(tx, number, &document, &reason)
	if err != nil {
		return nil, err
	}
	how := "ruled not to enforce: " + reason
	if err := c.finalise(tx, cs, cases.NotEnforced, enforcementapi.Operation{Kind: enforcementapi.OpNotEnforced, Officer: tx.Caller, Document: document, Note: reason},
		how, cases.EndNotEnforced); err != nil {
		return nil, err
	}
	return cs, nil
}

// FinallyTerminate terminates enforcement on a ground of CPL 2023 art.
// 268, with the ruling's digest; the case ends.
func (c *Contract) FinallyTerminate(tx *kernel.Tx, number string, ground string, document string) (*enforcementapi.Case, error) {
	cs, err := begin(tx, number, &document, nil)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(enforcementapi.FinalTerminationGrounds, ground) {
		return nil, kernel.Errorf(api.CodeInvalid, "ground %q: one of %s (CPL 2023 art. 268)", api.Short(ground), strings.Join(enforcementapi.FinalTerminationGrounds, ", "))
	}
	how := "finally terminated: " + ground + " (CPL 2023 art. 268)"
	if err := c.finalise(tx, cs, cases.FinallyTerminated, enforcementapi.Operation{Kind: enforcementapi.OpFinalTermination, Officer: tx.Caller, Document: document, Note: "ground: " + ground},
		how, cases.EndFinallyTerminated); err != nil {
		return nil, err
	}
	return cs, nil
}
