package deadline

import (
	"fmt"
	"time"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Now is the transaction's time: the only clock that writes may use.
func Now(ctx contractapi.TransactionContextInterface) (time.Time, error) {
	ts, err := ctx.GetStub().GetTxTimestamp()
	if err != nil {
		return time.Time{}, fmt.Errorf("reading the transaction timestamp: %w", err)
	}
	return ts.AsTime().UTC(), nil
}

// PeerClock is the endorsing peer's wall clock. It is read only to refuse
// endorsing a proposal whose timestamp is implausible; it never reaches the
// ledger, so endorsers may disagree about it without breaking determinism
// (they then simply fail to endorse). Tests replace it.
var PeerClock = time.Now

// CheckFresh refuses a time-driven proposal whose timestamp is more than
// window away from the endorsing peer's clock. Fabric up to 2.5.9 does not
// check proposal timestamps (CVE-2024-45244), so without this a client
// could backdate or postdate a proposal to make a deadline pass.
func CheckFresh(ctx contractapi.TransactionContextInterface, window time.Duration) (time.Time, error) {
	now, err := Now(ctx)
	if err != nil {
		return time.Time{}, err
	}
	peer := PeerClock().UTC()
	if skew := now.Sub(peer); skew > window || skew < -window {
		return time.Time{}, fmt.Errorf("proposal timestamp %s is %s from this peer's clock %s, beyond the allowed window of %s: refusing a time-driven transition",
			now.Format(time.RFC3339), skew.Round(time.Second), peer.Format(time.RFC3339), window)
	}
	return now, nil
}
