package enforcement

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/chaincode/api/cases"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// LogOperation appends an investigation, valuation, auction, interview,
// credit punishment or archiving step, or one of the steps the conditions
// of termination ask for (an order to report property, a restriction
// order, a listing or the finding that there is no ground for one, a
// missing debtor searched for or the finding that the debtor is not
// missing), to the case's log, with the digest of its document.
func (c *Contract) LogOperation(tx *kernel.Tx, number string, kind string, document string, note string) (*enforcementapi.Operation, error) {
	if !slices.Contains(enforcementapi.Loggable, kind) {
		if slices.Contains(enforcementapi.Sensitive, kind) {
			return nil, kernel.Errorf(api.CodeInvalid, "a %s is not logged directly: request it with RequestMeasure, for a judge's approval and the bank's execution", kind)
		}
		return nil, kernel.Errorf(api.CodeInvalid, "unknown operation kind %q; an officer logs one of: %s", api.Short(kind), strings.Join(enforcementapi.Loggable, ", "))
	}
	if err := input.Digest("document", &document); err != nil {
		return nil, err
	}
	if err := input.Text("note", note, enforcementapi.MaxNote, false); err != nil {
		return nil, err
	}
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	if err := loggable(cs, kind); err != nil {
		return nil, err
	}
	if kind == enforcementapi.OpInvestigation {
		cs.Investigations++
	}
	op, err := appendOp(tx, cs, enforcementapi.Operation{Kind: kind, Officer: tx.Caller, Document: document, Note: note})
	if err != nil {
		return nil, err
	}
	tx.Event(enforcementapi.EventOperationLogged, number, map[string]string{"kind": kind, "seq": strconv.Itoa(op.Seq)})
	return &op, nil
}

// loggable says whether an officer may log an operation of kind in the
// case: once it is active and while it is open; a case that ended, or
// was resumed as another, is only archived.
func loggable(cs *enforcementapi.Case, kind string) error {
	switch {
	case kind == enforcementapi.OpArchiving && cs.State != cases.Filed:
		return nil
	case !cs.Open():
		return kernel.Errorf(api.CodeState, "case %s is %s; only archiving may still be logged", cs.Number, cs.State)
	case len(cs.ResumedAs) > 0:
		return kernel.Errorf(api.CodeState, "case %s was resumed as %s; log there (only archiving may still be logged here)", cs.Number, cs.ResumedAs[len(cs.ResumedAs)-1])
	case cs.State == cases.Filed:
		return kernel.Errorf(api.CodeState, "case %s is filed but not yet active: issue the enforcement notice (Activate) first", cs.Number)
	}
	return nil
}

// LogSearch logs a search of the debtors' property through one of the
// channels the court defines (parameter enforcement.searchChannels): the
// current procedure ends for lack of property only once the log holds a
// search through each (2016 SPC Provisions, art. 1(3)). The note says
// what was found.
func (c *Contract) LogSearch(tx *kernel.Tx, number string, channel string, document string, note string) (*enforcementapi.Operation, error) {
	if err := input.Digest("document", &document); err != nil {
		return nil, err
	}
	if err := input.Text("note", note, enforcementapi.MaxNote, false); err != nil {
		return nil, err
	}
	channels, err := kernel.Channels(tx)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(channels, channel) {
		return nil, kernel.Errorf(api.CodeInvalid, "channel %q is not one the court searches through; parameter %s lists: %s",
			api.Short(channel), system.EnforcementSearchChannels, strings.Join(channels, ", "))
	}
	cs, err := load(tx, number)
	if err != nil {
		return nil, err
	}
	if err := loggable(cs, enforcementapi.OpSearch); err != nil {
		return nil, err
	}
	cs.Investigations++
	op, err := appendOp(tx, cs, enforcementapi.Operation{Kind: enforcementapi.OpSearch, Channel: channel, Officer: tx.Caller, Document: document, Note: note})
	if err != nil {
		return nil, err
	}
	tx.Event(enforcementapi.EventOperationLogged, number, map[string]string{"kind": enforcementapi.OpSearch, "channel": channel, "seq": strconv.Itoa(op.Seq)})
	return &op, nil
}

// Operations reads a case's log in order, a page at a time (pageSize 1 to
// 200; bookmark empty for the first page).
func (c *Contract) Operations(tx *kernel.Tx, number string, pageSize int, bookmark string) (*enforcementapi.OperationPage, error) {
	if err := checkPage(pageSize); err != nil {
		return nil, err
	}
	if _, err := load(tx, number); err != nil {
		return nil, err
	}
	if bookmark != "" {
		first, err := operations.Key(tx, number, seqID(0))
		if err != nil {
			return nil, err
		}
		if prefix := strings.TrimSuffix(first, fmt.Sprintf("%010d\x00", 0)); !strings.HasPrefix(bookmark, prefix) {
			return nil, kernel.Errorf(api.CodeInvalid, "bookmark does not belong to the log of case %s", number)
		}
	}
	it, meta, err := tx.GetStub().GetStateByPartialCompositeKeyWithPagination(opObject, []string{number}, int32(pageSize), bookmark)
	if err != nil {
		return nil, fmt.Errorf("reading the log of %s: %w", number, err)
	}
	defer it.Close()
	page := &enforcementapi.OperationPage{Operations: []enforcementapi.Operation{}, Bookmark: meta.GetBookmark()}
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		var op enforcementapi.Operation
		if err := json.Unmarshal(kv.Value, &op); err != nil {
			return nil, kernel.Errorf(api.CodeCorrupt, "an entry of the log of %s is unreadable: %v", number, err)
		}
		page.Operations = append(page.Operations, op)
	}
	if len(page.Operations) < pageSize {
		page.Bookmark = ""
	}
	return page, nil
}

// OperationsByKind lists the operations of one kind across all cases
// with a time from from (inclusive) to to (exclusive), RFC 3339, in time
// order, a page at a time.
func (c *Contract) OperationsByKind(tx *kernel.Tx, kind string, from string, to string, pageSize int, bookmark string) (*enforcementapi.OperationPage, error) {
	if err := checkPage(pageSize); err != nil {
		return nil, err
	}
	if strings.ContainsAny(kind, "|\x00") || kind == "" {
		return nil, kernel.Errorf(api.CodeInvalid, "operation kind %q is not valid", api.Short(kind))
	}
	start, err := time.Parse(time.RFC3339, from)
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "from %q is not an RFC 3339 time", api.Short(from))
	}
	end, err := time.Parse(time.RFC3339, to)
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "to %q is not an RFC 3339 time", api.Short(to))
	}
	if !end.After(start) || start.UnixNano() < 0 {
		return nil, kernel.Errorf(api.CodeInvalid, "the range %s to %s is empty or before 1970", from, to)
	}
	lo := fmt.Sprintf("%s%s|%020d|", kindIndex, kind, start.UnixNano())
	hi := fmt.Sprintf("%s%s|%020d|", kindIndex, kind, end.UnixNano())
	if bookmark != "" && (bookmark < lo || bookmark >= hi) {
		return nil, kernel.Errorf(api.CodeInvalid, "bookmark does not belong to this listing")
	}
	it, meta, err := tx.GetStub().GetStateByRangeWithPagination(lo, hi, int32(pageSize), bookmark)
	if err != nil {
		return nil, fmt.Errorf("reading the operation index: %w", err)
	}
	defer it.Close()
	page := &enforcementapi.OperationPage{Operations: []enforcementapi.Operation{}, Bookmark: meta.GetBookmark()}
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		parts := strings.Split(strings.TrimPrefix(kv.Key, kindIndex), "|")
		if len(parts) != 4 {
			return nil, kernel.Errorf(api.CodeCorrupt, "operation index key %q is malformed", kv.Key)
		}
		seq, err := strconv.Atoi(parts[3])
		if err != nil {
			return nil, kernel.Errorf(api.CodeCorrupt, "operation index key %q is malformed", kv.Key)
		}
		op, err := getOp(tx, parts[2], seq)
		if err != nil {
			return nil, err
		}
		page.Operations = append(page.Operations, *op)
	}
	if len(page.Operations) < pageSize {
		page.Bookmark = ""
	}
	return page, nil
}

func getOp(t *kernel.Tx, number string, seq int) (*enforcementapi.Operation, error) {
	op, err := operations.Get(t, number, seqID(seq))
	if err == nil && op == nil {
		err = kernel.Errorf(api.CodeCorrupt, "operation %d of case %s is not on the ledger", seq, number)
	}
	return op, err
}

func checkPage(size int) error {
	if size < 1 || size > enforcementapi.MaxPage {
		return kernel.Errorf(api.CodeInvalid, "pageSize must be 1 to %d, got %d", enforcementapi.MaxPage, size)
	}
	return nil
}
