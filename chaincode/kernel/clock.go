package kernel

import (
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/system"
)

// ServerClock is this chaincode server's wall clock. It is read only to
// refuse endorsing a proposal whose timestamp is implausible; it never
// reaches the ledger, so endorsers may disagree about it without breaking
// determinism (they then simply fail to endorse). Tests replace it.
var ServerClock = time.Now

func txTime(t *Tx) (time.Time, error) {
	ts, err := t.GetStub().GetTxTimestamp()
	if err != nil {
		return time.Time{}, Errorf(api.CodeInvalid, "reading the transaction timestamp: %v", err)
	}
	return ts.AsTime().UTC(), nil
}

// checkFresh refuses a proposal whose timestamp is more than the channel's
// time.window from this server's clock. Fabric up to 2.5.9 does not check
// proposal timestamps (CVE-2024-45244), so without this a client could
// backdate an anchoring or postdate a proposal past a deadline. It runs
// once a transaction: in the boundary for a function that writes, and
// before the first write of any other (stub.go).
func (t *Tx) checkFresh() error {
	if t.fresh {
		return nil
	}
	// Read in every transaction, never cached: the read is part of the
	// transaction's read set, which every endorser must produce alike.
	window, err := Duration(t, system.TimestampWindow)
	if err != nil {
		return err
	}
	server := ServerClock().UTC()
	if skew := t.Now.Sub(server); skew > window || skew < -window {
		return Errorf(api.CodeTime, "the proposal's timestamp %s is %s from this chaincode server's clock %s, beyond the window of %s (parameter %s): refusing to endorse %s",
			t.Now.Format(time.RFC3339), skew.Round(time.Second), server.Format(time.RFC3339), window, system.TimestampWindow, t.Function())
	}
	t.fresh = true
	return nil
}
