package deadline

import (
	"encoding/json"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// EventName is the one chaincode event name of the judicial chaincode.
const EventName = "judicial"

// Event is one domain event a transaction caused.
type Event struct {
	Type    string            `json:"type"`
	ID      string            `json:"id"`
	Details map[string]string `json:"details,omitempty"`
}

// Events collects a transaction's domain events; Fabric keeps only the last
// SetEvent of a transaction, so all of them travel in one.
type Events struct {
	list []Event
}

// Add records a domain event.
func (e *Events) Add(typ, id string, details map[string]string) {
	e.list = append(e.list, Event{Type: typ, ID: id, Details: details})
}

// List returns the events so far.
func (e *Events) List() []Event { return e.list }

// Emit sets the transaction's chaincode event, if anything happened.
func (e *Events) Emit(ctx contractapi.TransactionContextInterface) error {
	if len(e.list) == 0 {
		return nil
	}
	payload, err := json.Marshal(map[string]any{"txId": ctx.GetStub().GetTxID(), "events": e.list})
	if err != nil {
		return err
	}
	return ctx.GetStub().SetEvent(EventName, payload)
}
