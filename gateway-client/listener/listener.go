// Package listener follows the judicial chaincode's events and hands each
// to a handler (a court case system's webhook, say), checkpointing to a
// file after each one is handled: after a restart it resumes exactly after
// the last handled event, so none is lost and none repeated.
package listener

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-gateway/pkg/client"
)

// Event is one transaction's chaincode event, decoded: the domain events
// of its envelope (api.EventEnvelope).
type Event struct {
	Block  uint64      `json:"block"`
	TxID   string      `json:"txId"`
	Name   string      `json:"name"`
	Events []api.Event `json:"events"`
}

// Follow delivers the chaincode's events to handle, from the checkpoint in
// file on (or from startBlock when the file is new), until ctx ends or
// handle fails. The checkpoint moves only after handle returns nil.
func Follow(ctx context.Context, network *client.Network, chaincode, file string, startBlock uint64, handle func(Event) error) error {
	cp, err := client.NewFileCheckpointer(file)
	if err != nil {
		return fmt.Errorf("checkpoint file %s: %w", file, err)
	}
	defer cp.Close()
	opts := []client.ChaincodeEventsOption{client.WithCheckpoint(cp)}
	if cp.BlockNumber() == 0 && cp.TransactionID() == "" {
		opts = append(opts, client.WithStartBlock(startBlock))
	}
	events, err := network.ChaincodeEvents(ctx, chaincode, opts...)
	if err != nil {
		return fmt.Errorf("following events of %s: %w", chaincode, err)
	}
	for e := range events {
		var body api.EventEnvelope
		if err := json.Unmarshal(e.Payload, &body); err != nil {
			return fmt.Errorf("event of transaction %s is not JSON: %w", e.TransactionID, err)
		}
		if err := handle(Event{Block: e.BlockNumber, TxID: e.TransactionID, Name: e.EventName, Events: body.Events}); err != nil {
			return err
		}
		if err := cp.CheckpointChaincodeEvent(e); err != nil {
			return fmt.Errorf("writing checkpoint %s: %w", file, err)
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("the event stream from the gateway ended; restart to resume from the checkpoint")
}

// Webhook posts each event as JSON to url, retrying with back-off until it
// answers 2xx or ctx ends: an event is checkpointed only once delivered.
func Webhook(ctx context.Context, url string) func(Event) error {
	hc := &http.Client{Timeout: 10 * time.Second}
	return func(e Event) error {
		body, err := json.Marshal(e)
		if err != nil {
			return err
		}
		delay := 200 * time.Millisecond
		for {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
			if err != nil {
				return err
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := hc.Do(req)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode/100 == 2 {
					return nil
				}
				err = fmt.Errorf("webhook answered %s", resp.Status)
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("delivering event of transaction %s: %w", e.TxID, err)
			case <-time.After(delay):
			}
			delay = min(2*delay, 30*time.Second)
		}
	}
}
