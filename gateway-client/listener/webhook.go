package listener

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
)

// IdempotencyKeyHeader carries a delivery's key.
const IdempotencyKeyHeader = "Idempotency-Key"

// Delivery is one domain event as the webhook posts it. IdempotencyKey,
// sent in the Idempotency-Key header too, is the same every time this
// event is delivered: a receiver that has seen it answers 2xx and does
// nothing more.
type Delivery struct {
	IdempotencyKey string `json:"idempotencyKey"`
	Block          uint64 `json:"block"`
	TxID           string `json:"txId"`
	// Index is the event's place in its transaction's envelope, and Of
	// how many events the envelope holds.
	Index int       `json:"index"`
	Of    int       `json:"of"`
	Name  string    `json:"name"`
	Event api.Event `json:"event"`
}

// Deliveries are e's domain events, one delivery each, in envelope order.
func (e Event) Deliveries() []Delivery {
	out := make([]Delivery, len(e.Events))
	for i, ev := range e.Events {
		out[i] = Delivery{IdempotencyKey: e.Key(i), Block: e.Block, TxID: e.TxID, Index: i, Of: len(e.Events), Name: e.Name, Event: ev}
	}
	return out
}

// webhookRetry spaces the attempts at one delivery.
var webhookRetry = Backoff{Base: 200 * time.Millisecond, Max: 30 * time.Second}

// Webhook posts each domain event of a transaction as a JSON Delivery to
// url, in order, each retried with back-off until it is answered 2xx or
// ctx ends: the transaction is checkpointed only once all are delivered.
func Webhook(ctx context.Context, url string) func(Event) error {
	return MeteredWebhook(ctx, url, nil)
}

// MeteredWebhook is Webhook counting each attempt, and how long it took,
// in m (nil counts nothing).
func MeteredWebhook(ctx context.Context, url string, m *Metrics) func(Event) error {
	hc := &http.Client{Timeout: 10 * time.Second}
	return func(e Event) error {
		for _, d := range e.Deliveries() {
			if err := post(ctx, hc, url, d, m); err != nil {
				return err
			}
		}
		return nil
	}
}

func post(ctx context.Context, hc *http.Client, url string, d Delivery, m *Metrics) error {
	body, err := json.Marshal(d)
	if err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(IdempotencyKeyHeader, d.IdempotencyKey)
		start := time.Now()
		resp, err := hc.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				m.posted(true, time.Since(start))
				return nil
			}
			err = fmt.Errorf("webhook answered %s", resp.Status)
		}
		m.posted(false, time.Since(start))
		if sleep(ctx, webhookRetry.Delay(attempt, rand.Float64())) != nil {
			return fmt.Errorf("delivering event %s of transaction %s: %w", d.IdempotencyKey, d.TxID, err)
		}
	}
}
