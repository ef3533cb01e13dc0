// Package listener follows the judicial chaincode's events and hands each
// transaction's events to a handler (a court case system's webhook, say),
// checkpointing to a file after the handler returns.
//
// Delivery is at least once, with idempotency keys. The checkpoint moves
// only after an event was handled, and is written atomically and synced
// to disk, so no event is lost, whatever stops the listener. But a crash
// after the handler delivered an event and before the checkpoint was
// written delivers that event again after the restart. So every domain
// event carries a key that is the same on every delivery — its block,
// its transaction ID and its index in the transaction's event envelope,
// "<block>:<txid>:<index>" — and a receiver that keeps the keys it has
// seen drops the repeat.
//
// When the event stream ends or fails (a peer restarts, the network
// drops), the listener connects again from its checkpoint, waiting longer
// after each failure in a row (exponential back-off with jitter), until
// its context ends.
package listener

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
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

// Key is the idempotency key of the domain event at index i of e.
func (e Event) Key(i int) string {
	return fmt.Sprintf("%d:%s:%d", e.Block, e.TxID, i)
}

// Listener follows a source of events from a checkpoint file. Zero
// fields other than Source and File take defaults.
type Listener struct {
	Source Source
	// File is the checkpoint file, created if missing.
	File string
	// StartBlock is where a new checkpoint starts.
	StartBlock uint64
	// Reconnect spaces the connections after the stream ends or fails
	// (default 500 ms doubling to 30 s); it starts over once a connection
	// delivers an event.
	Reconnect Backoff
	Log       *slog.Logger
	// Metrics, when set, counts the listener's work for Prometheus; the
	// webhook counts its deliveries there too (MeteredWebhook).
	Metrics *Metrics
	// Height reads the channel's ledger height, every HeightEvery
	// (default 15 s) while the listener runs, for the lag metric; it is
	// read only when Metrics is set.
	Height      func(context.Context) (uint64, error)
	HeightEvery time.Duration

	// sleep and rand are replaced by tests.
	sleep func(context.Context, time.Duration) error
	rand  func() float64
}

// Follow delivers the chaincode's events to handle, from the checkpoint in
// file on (or from startBlock when the file is new), until ctx ends or
// handle fails, reconnecting whenever the stream ends. The checkpoint
// moves only after handle returns nil.
func Follow(ctx context.Context, network *client.Network, chaincode, file string, startBlock uint64, handle func(Event) error) error {
	l := &Listener{Source: Chaincode(func() *client.Network { return network }, chaincode), File: file, StartBlock: startBlock}
	return l.Run(ctx, handle)
}

func (l *Listener) defaults() {
	if l.Reconnect.Base <= 0 {
		l.Reconnect.Base = 500 * time.Millisecond
	}
	if l.Reconnect.Max <= 0 {
		l.Reconnect.Max = 30 * time.Second
	}
	if l.Log == nil {
		l.Log = slog.Default()
	}
	if l.HeightEvery <= 0 {
		l.HeightEvery = 15 * time.Second
	}
	if l.sleep == nil {
		l.sleep = sleep
	}
	if l.rand == nil {
		l.rand = rand.Float64
	}
}

// stopError is a failure that stops the listener, as opposed to the
// stream ending, after which it reconnects.
type stopError struct{ err error }

func (e *stopError) Error() string { return e.err.Error() }

// Run delivers events to handle until ctx ends (it then returns nil) or
// handle, or writing the checkpoint, fails.
func (l *Listener) Run(ctx context.Context, handle func(Event) error) error {
	l.defaults()
	cp, err := l.open()
	if err != nil {
		return err
	}
	l.Metrics.at(cp)
	if l.Metrics != nil && l.Height != nil {
		ctx, stop := context.WithCancel(ctx)
		defer stop()
		go l.watchHeight(ctx)
	}
	failures := 0
	for {
		handled, err := l.connection(ctx, &cp, handle)
		if ctx.Err() != nil {
			// Stopped, perhaps in the middle of a delivery: that event
			// is not checkpointed and comes again, with its keys.
			return nil
		}
		var stop *stopError
		if errors.As(err, &stop) {
			return stop.err
		}
		if handled > 0 {
			failures = 0
		}
		failures++
		l.Metrics.reconnecting()
		wait := l.Reconnect.Delay(failures, l.rand())
		l.Log.Warn("event stream ended; reconnecting from the checkpoint", "error", err, "block", cp.Block, "after", wait, "failures", failures)
		if l.sleep(ctx, wait) != nil {
			return nil
		}
	}
}

// open reads the checkpoint, or writes a new one at StartBlock so that a
// checkpoint file that cannot be written fails now, not after the first
// delivery; it removes what a crash in the middle of a write left.
func (l *Listener) open() (Checkpoint, error) {
	if err := removeTemps(l.File); err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint %s: removing a temporary file a crash left: %w", l.File, err)
	}
	cp, found, err := ReadCheckpoint(l.File)
	if err != nil || found {
		return cp, err
	}
	cp = Checkpoint{Block: l.StartBlock}
	return cp, WriteCheckpoint(l.File, cp)
}

// connection follows one stream from cp until it ends, moving cp past
// each event handled; it returns how many it handled.
func (l *Listener) connection(ctx context.Context, cp *Checkpoint, handle func(Event) error) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events, err := l.Source.Events(ctx, *cp)
	if err != nil {
		return 0, fmt.Errorf("opening the event stream: %w", err)
	}
	// Cancelling ends the gateway's stream; the goroutine feeding the
	// channel may still be sending the rest of a block's events, without
	// watching ctx, so they are read and dropped until it closes it.
	defer func() { go drain(events) }()
	defer func() { l.Metrics.at(*cp) }()
	l.Metrics.waiting()
	handled := 0
	for e := range events {
		l.Metrics.handling(e.BlockNumber)
		var body api.EventEnvelope
		if err := json.Unmarshal(e.Payload, &body); err != nil {
			return handled, &stopError{fmt.Errorf("event of transaction %s in block %d is not JSON: %w", e.TransactionID, e.BlockNumber, err)}
		}
		if err := handle(Event{Block: e.BlockNumber, TxID: e.TransactionID, Name: e.EventName, Events: body.Events}); err != nil {
			return handled, &stopError{err}
		}
		next := Checkpoint{Block: e.BlockNumber, TxID: e.TransactionID}
		if err := WriteCheckpoint(l.File, next); err != nil {
			return handled, &stopError{err}
		}
		*cp = next
		handled++
		l.Metrics.handled(next)
	}
	return handled, errors.New("the event stream ended")
}

func drain(events <-chan *client.ChaincodeEvent) {
	for range events {
	}
}
