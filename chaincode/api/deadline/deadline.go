// Package deadline is the wire contract of the deadline index that moves
// cases on by themselves (Opinions items 13–16): chaincode cannot wake
// itself, so a keeper submits bounded sweep transactions over the index,
// and anyone with a court or mediation role may trigger one overdue item.
// Each capability declares the kinds of due item it schedules
// (api.Capability's Kinds; api.DeadlineKinds lists them all).
package deadline

import (
	"time"

	"github.com/courtchain/judicial/chaincode/api"
)

// Namespace is the sweep contract's name.
const Namespace = "deadline"

// Functions.
var (
	Due = api.Declare[[]Item](api.Spec{Function: Namespace + ":Due", Roles: append([]api.Role{api.Auditor}, Triggerers...),
		Args: []api.Arg{api.String("from"), api.Int("max")},
		Doc:  "Lists up to max items due by the transaction's time, from the index key from on (\"\" for the start), for keepers."})
	Sweep = api.Declare[*SweepResult](api.Spec{Function: Namespace + ":Sweep", Submit: true, Roles: Sweepers,
		Args:   []api.Arg{api.String("from"), api.String("to"), api.Int("max")},
		Events: []string{EventSetAside}, Sweeps: true,
		Doc: "Processes at most max due items in key order from the key from up to the key to (exclusive; \"\" for no bound). Bounded, idempotent; sweeps over disjoint ranges do not conflict."})
	Trigger = api.Declare[*SweepResult](api.Spec{Function: Namespace + ":Trigger", Submit: true, Roles: Triggerers,
		Args:   []api.Arg{api.String("kind"), api.String("id")},
		Events: []string{EventSetAside}, Sweeps: true,
		Doc: "Processes one overdue item now, also one a sweep set aside."})
	SetAside = api.Declare[[]SetAsideItem](api.Spec{Function: Namespace + ":SetAside", Roles: append([]api.Role{api.Auditor}, Triggerers...),
		Args: []api.Arg{api.String("from"), api.Int("max")},
		Doc:  "Lists up to max items sweeps set aside because processing them failed, with the reason, from the key from on; Trigger processes one again once its cause is mended."})
)

// Sweepers may submit sweeps: the court's keeper runs as one of them.
var Sweepers = []api.Role{api.Judge, api.Clerk}

// Triggerers may process one overdue item without waiting for the keeper.
var Triggerers = []api.Role{api.Judge, api.Clerk, api.EnforcementOfficer, api.Mediator}

// EventSetAside is the event of an item a sweep could not process and set
// aside, with the reason.
const EventSetAside = "deadline.setAside"

// Capability is the sweep contract's place in the chaincode: it serves
// the deadline kinds every other capability declares.
var Capability = api.DeclareCapability(api.Capability{Name: "deadline", Order: 4,
	Title:      "The deadline index that moves cases on by themselves: keepers' sweeps and single triggers",
	Namespaces: []string{Namespace}})

// MaxSweep bounds one sweep whatever the channel parameter sweep.maxItems
// says; Due lists at most ten times that.
const MaxSweep = 1000

// Item is one due time of one record. Key is its index key: a sweep
// starts and ends at keys.
type Item struct {
	Due  time.Time `json:"due"`
	Kind string    `json:"kind"`
	ID   string    `json:"id"`
	Key  string    `json:"key"`
}

// Outcome is what a sweep did with one due item.
type Outcome struct {
	Key    string `json:"key"`
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	Due    string `json:"due"`
	Result string `json:"result"`
	// Deferred: the item was left for the next sweep because its record
	// changed in this one (a transaction does not read its own writes).
	Deferred bool `json:"deferred,omitempty"`
	// SetAside: processing the item failed; nothing of it was written, it
	// left the index for the set-aside list with Result as the reason, and
	// the sweep went on with the items after it.
	SetAside bool `json:"setAside,omitempty"`
}

// SetAsideItem is a due item a sweep could not process, and why.
type SetAsideItem struct {
	Item
	Reason string `json:"reason"`
	At     string `json:"at"`
	TxID   string `json:"txId"`
}

// SweepResult lists what a sweep processed and where the next one starts.
type SweepResult struct {
	Processed []Outcome   `json:"processed"`
	Events    []api.Event `json:"events"`
	// Next is the key after the last one processed: a keeper that splits
	// the index among transactions starts the next sweep there.
	Next string `json:"next,omitempty"`
}
