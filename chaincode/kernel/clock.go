package kernel

import (
	"sync"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/system"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// ServerClock is this chaincode server's wall clock. It is read only to
// refuse endorsing a proposal whose timestamp is implausible; it never
// reaches the ledger, so endorsers may disagree about it without breaking
// determinism (they then simply fail to endorse). Tests replace it.
var ServerClock = time.Now

func txTime(ctx contractapi.TransactionContextInterface) (time.Time, error) {
	ts, err := ctx.GetStub().GetTxTimestamp()
	if err != nil {
		return time.Time{}, Errorf(api.CodeInvalid, "reading the transaction timestamp: %v", err)
	}
	return ts.AsTime().UTC(), nil
}

// checkFresh refuses a proposal whose timestamp is more than the channel's
// time.window from this server's clock. Fabric up to 2.5.9 does not check
// proposal timestamps (CVE-2024-45244), so without this a client could
// backdate an anchoring or postdate a proposal past a deadline.
func (t *Tx) checkFresh() error {
	window, err := timeWindow(t)
	if err != nil {
		return err
	}
	server := ServerClock().UTC()
	if skew := t.Now.Sub(server); skew > window || skew < -window {
		return Errorf(api.CodeTime, "the proposal's timestamp %s is %s from this chaincode server's clock %s, beyond the window of %s (parameter %s): refusing to endorse %s",
			t.Now.Format(time.RFC3339), skew.Round(time.Second), server.Format(time.RFC3339), window, system.TimestampWindow, t.Function)
	}
	return nil
}

// windows caches each channel's time.window for windowTTL: reading it from
// the ledger in every transaction costs a round trip to the peer, and the
// check it feeds decides only whether this server endorses, never what a
// transaction writes. A court's change of the window reaches every server
// within windowTTL; the server that endorses the change applies it at once.
var windows sync.Map // channel ID: cachedWindow

type cachedWindow struct {
	window time.Duration
	until  time.Time
}

const windowTTL = time.Minute

func timeWindow(t *Tx) (time.Duration, error) {
	channel, now := t.GetStub().GetChannelID(), ServerClock()
	if w, ok := windows.Load(channel); ok && now.Before(w.(cachedWindow).until) {
		return w.(cachedWindow).window, nil
	}
	d, err := Duration(t, system.TimestampWindow)
	if err != nil {
		return 0, err
	}
	windows.Store(channel, cachedWindow{window: d, until: now.Add(windowTTL)})
	return d, nil
}
