package api

// EventName is the one chaincode event name of the judicial chaincode.
// Fabric keeps only the last event a transaction sets, so a transaction
// that causes several domain events sends them together in one envelope.
const EventName = "judicial"

// EventEnvelope is the payload of the chaincode event.
type EventEnvelope struct {
	TxID   string  `json:"txId"`
	Events []Event `json:"events"`
}

// Event is one domain event a transaction caused. Type is
// "<record>.<what happened>" (for example "case.opened"); ID names the
// record; Details holds short facts, never personal data.
type Event struct {
	Type    string            `json:"type"`
	ID      string            `json:"id"`
	Details map[string]string `json:"details,omitempty"`
}
