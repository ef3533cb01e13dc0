package listener

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
)

// IdempotencyKeyHeader carries a delivery's key.
const IdempotencyKeyHeader = "Idempotency-Key"

// SignatureHeader carries a delivery's signature: "t=UNIX,v1=HEX", HEX
// the HMAC-SHA256 under the webhook's secret of "UNIX.BODY", as Stripe
// and GitHub sign theirs. A receiver checks it with VerifySignature and
// refuses anything else: the case system must not take a forged "case
// opened" for the ledger's.
const SignatureHeader = "Judicial-Signature"

// MinSecret is the shortest webhook secret accepted, in bytes.
const MinSecret = 32

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

// WebhookConfig is where and how a webhook posts.
type WebhookConfig struct {
	// URL is https, or http to a loopback address (a receiver on the same
	// host).
	URL string
	// Secret signs every delivery; MinSecret bytes at least.
	Secret []byte
	// DeadLetter is the file (JSON Lines, written 0600) that a delivery
	// the receiver refuses for good goes to, so that the events after it
	// are not held up: a 4xx other than 408 and 429, or a redirect, which
	// is never followed.
	DeadLetter string
	// Metrics counts each attempt (nil counts nothing).
	Metrics *Metrics
}

// webhookRetry spaces the attempts at one delivery.
var webhookRetry = Backoff{Base: 200 * time.Millisecond, Max: 30 * time.Second}

// NewWebhook posts each domain event of a transaction as a signed JSON
// Delivery, in order, each retried with back-off until it is answered 2xx,
// dead-lettered, or ctx ends: the transaction is checkpointed only once
// all are delivered or dead-lettered.
func NewWebhook(ctx context.Context, cfg WebhookConfig) (func(Event) error, error) {
	if err := checkURL(cfg.URL); err != nil {
		return nil, err
	}
	if len(cfg.Secret) < MinSecret {
		return nil, fmt.Errorf("the webhook secret has %d bytes; it needs %d at least, random", len(cfg.Secret), MinSecret)
	}
	if cfg.DeadLetter == "" {
		return nil, errors.New("the webhook needs a dead-letter file for the deliveries its receiver refuses for good")
	}
	w := &webhook{cfg: cfg, now: time.Now, hc: &http.Client{Timeout: 10 * time.Second,
		// A redirect is the receiver's answer, not an address to
		// follow: a signed delivery goes nowhere but where it was
		// configured to.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	return func(e Event) error {
		for _, d := range e.Deliveries() {
			if err := w.post(ctx, d); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// checkURL accepts https, and http only to a loopback address.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("webhook URL %q is not an absolute URL", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if host := u.Hostname(); host == "localhost" || net.ParseIP(host).IsLoopback() {
			return nil
		}
		return fmt.Errorf("webhook URL %q is plain http to another host: use https (http is for a receiver on this host only)", raw)
	}
	return fmt.Errorf("webhook URL %q: the scheme must be https", raw)
}

type webhook struct {
	cfg WebhookConfig
	hc  *http.Client
	now func() time.Time
}

// post delivers d, retrying what may pass later and dead-lettering what
// will not.
func (w *webhook) post(ctx context.Context, d Delivery) error {
	body, err := json.Marshal(d)
	if err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		status, err := w.attempt(ctx, body, d.IdempotencyKey)
		if err == nil {
			return nil
		}
		if permanent(status) {
			return w.deadLetter(d, status, err)
		}
		if sleep(ctx, webhookRetry.Delay(attempt, rand.Float64())) != nil {
			return fmt.Errorf("delivering event %s of transaction %s: %w", d.IdempotencyKey, d.TxID, err)
		}
	}
}

// attempt posts body once, signed now, and reports the answer's status
// (0 for none) and an error unless it was 2xx.
func (w *webhook) attempt(ctx context.Context, body []byte, key string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(IdempotencyKeyHeader, key)
	req.Header.Set(SignatureHeader, Sign(w.cfg.Secret, body, w.now()))
	start := time.Now()
	resp, err := w.hc.Do(req)
	if err != nil {
		w.cfg.Metrics.posted(outcomeFailed, time.Since(start))
		return 0, err
	}
	resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		w.cfg.Metrics.posted(outcomeDelivered, time.Since(start))
		return resp.StatusCode, nil
	}
	w.cfg.Metrics.posted(outcomeFailed, time.Since(start))
	return resp.StatusCode, fmt.Errorf("webhook answered %s", resp.Status)
}

// permanent says whether an answer will be the same however often the
// delivery is tried: a redirect, or a refusal of the request itself.
func permanent(status int) bool {
	switch {
	case status/100 == 3:
		return true
	case status == http.StatusRequestTimeout, status == http.StatusTooManyRequests:
		return false
	}
	return status/100 == 4
}

// deadLetter appends d to the dead-letter file, with why it was refused.
func (w *webhook) deadLetter(d Delivery, status int, cause error) error {
	line, err := json.Marshal(struct {
		Delivery
		Status int    `json:"status"`
		Error  string `json:"error"`
		At     string `json:"at"`
	}{d, status, cause.Error(), w.now().UTC().Format(time.RFC3339)})
	if err != nil {
		return err
	}
	f, err := os.OpenFile(w.cfg.DeadLetter, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("dead-lettering event %s: %w", d.IdempotencyKey, err)
	}
	_, err = f.Write(append(line, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("dead-lettering event %s: %w", d.IdempotencyKey, err)
	}
	w.cfg.Metrics.posted(outcomeDeadLettered, 0)
	return nil
}

// Sign is the SignatureHeader value of body under secret at time at.
func Sign(secret, body []byte, at time.Time) string {
	t := strconv.FormatInt(at.Unix(), 10)
	return "t=" + t + ",v1=" + hex.EncodeToString(mac(secret, t, body))
}

func mac(secret []byte, t string, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(t + "."))
	h.Write(body)
	return h.Sum(nil)
}

// VerifySignature checks a delivery's SignatureHeader value against its
// body, and that it was signed within tolerance of now, so that a
// delivery recorded on the way cannot be replayed later.
func VerifySignature(secret []byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var t, v1 string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			t = v
		case "v1":
			v1 = v
		}
	}
	unix, err := strconv.ParseInt(t, 10, 64)
	if err != nil || v1 == "" {
		return fmt.Errorf("%s %q is not t=UNIX,v1=HEX", SignatureHeader, header)
	}
	got, err := hex.DecodeString(v1)
	if err != nil || !hmac.Equal(got, mac(secret, t, body)) {
		return errors.New("the delivery's signature does not match its body")
	}
	if skew := now.Sub(time.Unix(unix, 0)); skew > tolerance || skew < -tolerance {
		return fmt.Errorf("the delivery was signed %s from now, beyond %s", skew.Round(time.Second), tolerance)
	}
	return nil
}
