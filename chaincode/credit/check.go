package credit

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/idnumber"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// CheckResult answers a bank's check of one person: listed or not, and
// each listing in force with its restrictions, case and term. It names
// the person by neither name nor number.
type CheckResult struct {
	Listed    bool       `json:"listed"`
	Listings  []*Listing `json:"listings"`
	CheckedAt string     `json:"checkedAt"`
}

// Check tells whether the person whose ID number comes as transient
// "idNumber" is listed now. Bank officers and court roles; it reads the
// pseudonym key, so it runs on a court or credit peer.
func (c *Contract) Check(ctx contractapi.TransactionContextInterface) (*CheckResult, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":Check", access.BankOfficer, access.Judge, access.Clerk, access.EnforcementOfficer); err != nil {
		return nil, err
	}
	id, err := transient(ctx, "idNumber")
	if err != nil {
		return nil, err
	}
	key, err := cachedKey(ctx)
	if err != nil {
		return nil, err
	}
	person, err := idnumber.Pseudonym(key, string(id))
	if err != nil {
		return nil, fmt.Errorf("transient idNumber: %w", err)
	}
	now, err := deadline.Now(ctx)
	if err != nil {
		return nil, err
	}
	active, err := activeOf(ctx, person)
	if err != nil {
		return nil, err
	}
	listings := []*Listing{}
	for _, l := range active {
		if covers(l, now) {
			listings = append(listings, l)
		}
	}
	return &CheckResult{Listed: len(listings) > 0, Listings: listings, CheckedAt: now.Format(time.RFC3339)}, nil
}

var readers = []access.Role{access.Auditor, access.BankOfficer, access.Judge, access.Clerk, access.EnforcementOfficer}

// Get reads a listing's public record. Auditors, banks and court roles.
func (c *Contract) Get(ctx contractapi.TransactionContextInterface, id string) (*Listing, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":Get", readers...); err != nil {
		return nil, err
	}
	return getListing(ctx, id)
}

// Page is a page of active listings and where the next one starts.
type Page struct {
	Listings []*Listing `json:"listings"`
	Bookmark string     `json:"bookmark"`
}

// Page lists the active listings of one court and kind, a page at a time
// (pageSize 1 to 200; bookmark empty for the first page). Auditors, banks
// and court roles.
func (c *Contract) Page(ctx contractapi.TransactionContextInterface, court string, kind string, pageSize int, bookmark string) (*Page, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":Page", readers...); err != nil {
		return nil, err
	}
	if kind != Dishonest && kind != Consumption {
		return nil, fmt.Errorf("kind %q: one of %s, %s", input.Short(kind), Dishonest, Consumption)
	}
	if pageSize < 1 || pageSize > maxPerScan {
		return nil, fmt.Errorf("pageSize must be 1 to %d, got %d", maxPerScan, pageSize)
	}
	it, meta, err := ctx.GetStub().GetStateByPartialCompositeKeyWithPagination(activeIndex, []string{court, kind}, int32(pageSize), bookmark)
	if err != nil {
		return nil, fmt.Errorf("reading active listings: %w", err)
	}
	defer it.Close()
	page := &Page{Listings: []*Listing{}, Bookmark: meta.GetBookmark()}
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		_, parts, err := ctx.GetStub().SplitCompositeKey(kv.Key)
		if err != nil || len(parts) != 3 {
			return nil, fmt.Errorf("listing index key %q is malformed", kv.Key)
		}
		l, err := getListing(ctx, parts[2])
		if err != nil {
			return nil, err
		}
		page.Listings = append(page.Listings, l)
	}
	if len(page.Listings) < pageSize {
		page.Bookmark = ""
	}
	return page, nil
}

// Version is one committed version of a listing.
type Version struct {
	TxID      string   `json:"txId"`
	Timestamp string   `json:"timestamp"`
	Listing   *Listing `json:"listing"`
}

// History lists every committed version of a listing, newest first: its
// listing and its removal. Auditors, banks and court roles.
func (c *Contract) History(ctx contractapi.TransactionContextInterface, id string) ([]Version, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":History", readers...); err != nil {
		return nil, err
	}
	key, err := listingKey(ctx, id)
	if err != nil {
		return nil, err
	}
	it, err := ctx.GetStub().GetHistoryForKey(key)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	out := []Version{}
	for it.HasNext() {
		m, err := it.Next()
		if err != nil {
			return nil, err
		}
		v := Version{TxID: m.GetTxId(), Timestamp: m.GetTimestamp().AsTime().UTC().Format(time.RFC3339Nano)}
		if !m.GetIsDelete() {
			v.Listing = &Listing{}
			if err := json.Unmarshal(m.GetValue(), v.Listing); err != nil {
				return nil, fmt.Errorf("a version of listing %s is unreadable: %w", id, err)
			}
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("listing %q is not on the ledger", input.Short(id))
	}
	return out, nil
}

// Count is the number of active listings of one court and kind.
type Count struct {
	Court  string `json:"court"`
	Kind   string `json:"kind"`
	Active int64  `json:"active"`
}

// Stats counts active listings by court and kind ("" for every court),
// from the sharded counters. Auditors and judges.
func (c *Contract) Stats(ctx contractapi.TransactionContextInterface, court string) ([]Count, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":Stats", access.Auditor, access.Judge); err != nil {
		return nil, err
	}
	var attrs []string
	if court != "" {
		attrs = []string{court}
	}
	it, err := ctx.GetStub().GetStateByPartialCompositeKey(statsObject, attrs)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	out := []Count{}
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		_, parts, err := ctx.GetStub().SplitCompositeKey(kv.Key)
		if err != nil || len(parts) != 3 {
			return nil, fmt.Errorf("listing counter key %q is malformed", kv.Key)
		}
		n, err := strconv.ParseInt(string(kv.Value), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("listing counter %q is unreadable", kv.Key)
		}
		// Keys come in court, kind order: shards of one pair are adjacent.
		if last := len(out) - 1; last >= 0 && out[last].Court == parts[0] && out[last].Kind == parts[1] {
			out[last].Active += n
		} else {
			out = append(out, Count{Court: parts[0], Kind: parts[1], Active: n})
		}
	}
	return out, nil
}

// PersonalData reads the name and ID number behind an active listing, for
// the court's own case system. Judges; on a court peer.
func (c *Contract) PersonalData(ctx contractapi.TransactionContextInterface, id string) (*Person, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":PersonalData", access.Judge); err != nil {
		return nil, err
	}
	l, err := getListing(ctx, id)
	if err != nil {
		return nil, err
	}
	data, err := ctx.GetStub().GetPrivateData(Collection, personalKey+id)
	if err != nil {
		return nil, fmt.Errorf("reading the personal data of listing %s: %w", id, err)
	}
	if data == nil {
		if l.State == Removed {
			return nil, fmt.Errorf("the personal data of listing %s was purged when it was removed (%s, %s)", id, l.RemovedHow, l.RemovedAt)
		}
		return nil, fmt.Errorf("this peer holds no personal data for listing %s: ask a court peer", id)
	}
	var p Person
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("the personal data of listing %s is unreadable: %w", id, err)
	}
	return &p, nil
}
