package listener

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/stretchr/testify/require"
)

// fakeSource serves committed events as the gateway does: from a
// checkpoint's block, after its transaction. A connection ends after
// perConnection events (0: after the last), as when its peer goes away,
// and the first failOpens connections are refused.
type fakeSource struct {
	mu            sync.Mutex
	events        []*client.ChaincodeEvent
	perConnection int
	failOpens     int
	opened        []Checkpoint
}

func (s *fakeSource) Events(ctx context.Context, from Checkpoint) (<-chan *client.ChaincodeEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opened = append(s.opened, from)
	if s.failOpens > 0 {
		s.failOpens--
		return nil, errors.New("connection refused")
	}
	var todo []*client.ChaincodeEvent
	skipping := from.TxID != ""
	for _, e := range s.events {
		if e.BlockNumber < from.Block {
			continue
		}
		if skipping && e.BlockNumber == from.Block {
			skipping = e.TransactionID != from.TxID
			continue
		}
		todo = append(todo, e)
	}
	if s.perConnection > 0 && len(todo) > s.perConnection {
		todo = todo[:s.perConnection]
	}
	ch := make(chan *client.ChaincodeEvent)
	go func() {
		defer close(ch)
		for _, e := range todo {
			select {
			case ch <- e:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch, nil
}

func committed(block uint64, txID string, events ...api.Event) *client.ChaincodeEvent {
	payload, _ := json.Marshal(api.EventEnvelope{TxID: txID, Events: events})
	return &client.ChaincodeEvent{BlockNumber: block, TransactionID: txID, EventName: api.EventName, Payload: payload}
}

// clock records the back-off waits instead of waiting; stop ends the
// listener at the n-th wait when set.
type clock struct {
	waits  []time.Duration
	stopAt int
	cancel context.CancelFunc
}

func (c *clock) sleep(ctx context.Context, d time.Duration) error {
	c.waits = append(c.waits, d)
	if c.stopAt > 0 && len(c.waits) >= c.stopAt {
		c.cancel()
	}
	return ctx.Err()
}

func newListener(t *testing.T, src Source, c *clock) *Listener {
	return &Listener{Source: src, File: filepath.Join(t.TempDir(), "events.checkpoint"), StartBlock: 3,
		Reconnect: Backoff{Base: time.Second, Max: 8 * time.Second}, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		sleep: c.sleep, rand: func() float64 { return 0 }}
}

// When the stream ends the listener connects again from its checkpoint:
// every event once, in order, though the peer drops the stream every two
// events and refuses some connections.
func TestListenerReconnectsFromItsCheckpoint(t *testing.T) {
	src := &fakeSource{perConnection: 2, events: []*client.ChaincodeEvent{
		committed(3, "tx1", api.Event{Type: "a"}), committed(3, "tx2", api.Event{Type: "b"}),
		committed(4, "tx3", api.Event{Type: "c"}), committed(5, "tx4", api.Event{Type: "d"}), committed(5, "tx5", api.Event{Type: "e"}),
	}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &clock{cancel: cancel}
	l := newListener(t, src, c)
	var got []string
	err := l.Run(ctx, func(e Event) error {
		got = append(got, e.TxID)
		if len(got) == 2 {
			src.failOpens = 3 // the peer is down for a while
		}
		if len(got) == len(src.events) {
			cancel()
		}
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, []string{"tx1", "tx2", "tx3", "tx4", "tx5"}, got)
	require.Equal(t, []Checkpoint{{3, ""}, {3, "tx2"}, {3, "tx2"}, {3, "tx2"}, {3, "tx2"}, {5, "tx4"}}, src.opened)
	// Half of 1 s, 2 s, 4 s, 8 s as failures follow each other; starting
	// over once a connection delivers.
	s := time.Second
	require.Equal(t, []time.Duration{s / 2, s, 2 * s, 4 * s, s / 2}, c.waits)
	cp, found, err := ReadCheckpoint(l.File)
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, Checkpoint{5, "tx5"}, cp)
}

func TestBackoffIsCappedWhileTheStreamStaysDown(t *testing.T) {
	src := &fakeSource{failOpens: 100}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &clock{cancel: cancel, stopAt: 6}
	require.NoError(t, newListener(t, src, c).Run(ctx, func(Event) error { return nil }))
	s := time.Second
	require.Equal(t, []time.Duration{s / 2, s, 2 * s, 4 * s, 4 * s, 4 * s}, c.waits)
}

// A crash after the webhook delivered an event and before the checkpoint
// was written delivers the event again after the restart, with the same
// keys, so the receiver can drop it; a clean restart delivers nothing
// again.
func TestCrashBeforeCheckpointRedeliversWithTheSameKeys(t *testing.T) {
	var mu sync.Mutex
	var keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var d Delivery
		require.NoError(t, json.NewDecoder(r.Body).Decode(&d))
		require.Equal(t, d.IdempotencyKey, r.Header.Get(IdempotencyKeyHeader))
		mu.Lock()
		keys = append(keys, d.IdempotencyKey)
		mu.Unlock()
	}))
	defer srv.Close()
	src := &fakeSource{events: []*client.ChaincodeEvent{
		committed(9, "txA", api.Event{Type: "agreement.breached", ID: "MA1"}, api.Event{Type: "case.opened", ID: "(2026)J执1号"}),
	}}
	c := &clock{}
	l := newListener(t, src, c)
	require.NoError(t, WriteCheckpoint(l.File, Checkpoint{Block: 9}))

	// The listener dies while writing the checkpoint.
	crash := errors.New("killed")
	writeTemp = func(*os.File, []byte) error { return crash }
	ctx := context.Background()
	deliver, err := NewWebhook(ctx, WebhookConfig{URL: srv.URL, Secret: []byte(strings.Repeat("k", MinSecret)), DeadLetter: filepath.Join(t.TempDir(), "dead.jsonl")})
	require.NoError(t, err)
	err = l.Run(ctx, deliver)
	writeTemp = writeAll
	require.ErrorIs(t, err, crash)
	require.Equal(t, []string{"9:txA:0", "9:txA:1"}, keys)

	run := func() {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		*c = clock{cancel: cancel, stopAt: 1} // stops once the stream has nothing more
		deliver, err := NewWebhook(ctx, WebhookConfig{URL: srv.URL, Secret: []byte(strings.Repeat("k", MinSecret)), DeadLetter: filepath.Join(t.TempDir(), "dead.jsonl")})
		require.NoError(t, err)
		require.NoError(t, l.Run(ctx, deliver))
	}
	run()
	require.Equal(t, []string{"9:txA:0", "9:txA:1", "9:txA:0", "9:txA:1"}, keys, "redelivered with the same keys")
	run()
	require.Len(t, keys, 4, "checkpointed: nothing delivered again")
}

// A checkpoint write that does not complete leaves the old checkpoint in
// place: never a torn file, nor one that goes back.
func TestCheckpointWriteIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cms.checkpoint")
	require.NoError(t, WriteCheckpoint(path, Checkpoint{Block: 5, TxID: "a"}))

	writeTemp = func(f *os.File, data []byte) error {
		f.Write(data[:len(data)/2])
		return errors.New("no space left on device")
	}
	err := WriteCheckpoint(path, Checkpoint{Block: 9, TxID: "b"})
	writeTemp = writeAll
	require.ErrorContains(t, err, "writing checkpoint "+path+": no space left on device")

	cp, found, err := ReadCheckpoint(path)
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, Checkpoint{Block: 5, TxID: "a"}, cp)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "the half-written temporary file is removed")

	// A kill in the middle of the write leaves the temporary file behind;
	// it is never read, and the listener removes it when it starts.
	stray := path + tempSuffix + "123"
	require.NoError(t, os.WriteFile(stray, []byte(`{"blockNumber":9,"transac`), 0o600))
	cp, _, err = ReadCheckpoint(path)
	require.NoError(t, err)
	require.Equal(t, Checkpoint{Block: 5, TxID: "a"}, cp)
	l := &Listener{File: path}
	cp, err = l.open()
	require.NoError(t, err)
	require.Equal(t, Checkpoint{Block: 5, TxID: "a"}, cp)
	require.NoFileExists(t, stray)

	require.NoError(t, WriteCheckpoint(path, Checkpoint{Block: 9, TxID: "b"}))
	cp, _, err = ReadCheckpoint(path)
	require.NoError(t, err)
	require.Equal(t, Checkpoint{Block: 9, TxID: "b"}, cp)
}

// Checkpoint files written by fabric-gateway's file checkpointer, which
// the listener used before, are read as they are.
func TestCheckpointReadsFabricGatewayFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.checkpoint")
	old, err := client.NewFileCheckpointer(path)
	require.NoError(t, err)
	require.NoError(t, old.CheckpointTransaction(12, "txZ"))
	require.NoError(t, old.Close())
	cp, found, err := ReadCheckpoint(path)
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, Checkpoint{Block: 12, TxID: "txZ"}, cp)
}

func TestCorruptCheckpointIsNamed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.checkpoint")
	require.NoError(t, os.WriteFile(path, []byte("{"), 0o600))
	_, _, err := ReadCheckpoint(path)
	require.ErrorContains(t, err, "checkpoint "+path+" is not a checkpoint (1 bytes)")
}

// A new checkpoint is written at once, at the start block.
func TestNewCheckpointStartsAtStartBlock(t *testing.T) {
	src := &fakeSource{events: []*client.ChaincodeEvent{committed(2, "old"), committed(3, "tx1", api.Event{Type: "a"})}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &clock{cancel: cancel, stopAt: 1}
	l := newListener(t, src, c)
	var got []string
	require.NoError(t, l.Run(ctx, func(e Event) error { got = append(got, e.TxID); return nil }))
	require.Equal(t, []string{"tx1"}, got)
	require.Equal(t, Checkpoint{Block: 3}, src.opened[0])
}

// sourceFunc is a Source of one function.
type sourceFunc func(ctx context.Context, from Checkpoint) (<-chan *client.ChaincodeEvent, error)

func (f sourceFunc) Events(ctx context.Context, from Checkpoint) (<-chan *client.ChaincodeEvent, error) {
	return f(ctx, from)
}

// A listener that stops in the middle of a block (its handler failed)
// does not leave the source's goroutine blocked on a send, as
// fabric-gateway's, which does not watch ctx while it sends a block's
// events, would be.
func TestStopMidStreamReleasesTheSource(t *testing.T) {
	fed := make(chan struct{})
	src := sourceFunc(func(ctx context.Context, from Checkpoint) (<-chan *client.ChaincodeEvent, error) {
		ch := make(chan *client.ChaincodeEvent)
		go func() {
			defer close(fed)
			defer close(ch)
			for _, tx := range []string{"tx1", "tx2", "tx3"} {
				ch <- committed(3, tx, api.Event{Type: "a"})
			}
		}()
		return ch, nil
	})
	l := newListener(t, src, &clock{})
	err := l.Run(context.Background(), func(Event) error { return errors.New("receiver gone") })
	require.EqualError(t, err, "receiver gone")
	select {
	case <-fed:
	case <-time.After(5 * time.Second):
		t.Fatal("the source's goroutine is still blocked sending")
	}
}

var writeAll = writeTemp
