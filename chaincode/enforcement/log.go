package enforcement

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/deadline"
	"github.com/courtchain/judicial/chaincode/distribution"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Operation kinds. Officers log the first group themselves; the contract
// logs the rest as the functions that perform them run.
const (
	OpInvestigation    = "investigation"
	OpValuation        = "valuation"
	OpAuction          = "auction"
	OpInterview        = "interview"
	OpCreditPunishment = "credit_punishment"
	OpArchiving        = "archiving"

	OpNotice       = "notice"
	OpFreeze       = "freeze"
	OpSeizure      = "seizure"
	OpDeduction    = "deduction"
	OpClue         = "property_clue"
	OpCollection   = "collection"
	OpDistribution = "distribution"
	OpTermination  = "termination"
	OpResumption   = "resumption"
	OpSettlement   = "settlement"
	OpConclusion   = "conclusion"
)

// loggable are the kinds an officer records with LogOperation; the
// sensitive ones (freeze, seizure, deduction) only go through the
// request–approval–execution loop.
var loggable = []string{OpInvestigation, OpValuation, OpAuction, OpInterview, OpCreditPunishment, OpArchiving}

const (
	opObject = "case~op"
	// kindIndex keys are simple, not composite, so that an auditor's time
	// range is a key range: ~op|KIND|NANOSECONDS|CASE|SEQ.
	kindIndex = "~op|"
	// maxPage bounds a page of any listing.
	maxPage = 200
)

// Operation is one entry of a case's log.
type Operation struct {
	Case     string `json:"case"`
	Seq      int    `json:"seq"`
	Kind     string `json:"kind"`
	Step     string `json:"step,omitempty" metadata:",optional"`
	Officer  string `json:"officer"`
	At       string `json:"at"`
	Document string `json:"document,omitempty" metadata:",optional"`
	Note     string `json:"note,omitempty" metadata:",optional"`
	Amount   int64  `json:"amount,omitempty" metadata:",optional"`
	// Measure names the freeze, seizure or deduction a step belongs to.
	Measure string               `json:"measure,omitempty" metadata:",optional"`
	Shares  []distribution.Share `json:"shares,omitempty" metadata:",optional"`
	TxID    string               `json:"txId"`
}

// OperationPage is one page of a listing and where the next one starts.
type OperationPage struct {
	Operations []Operation `json:"operations"`
	// Bookmark is empty after the last page.
	Bookmark string `json:"bookmark"`
}

// appendOp stamps op and appends it to the case's log, returning the
// entry as written; the caller saves the case, whose counter numbers the
// entries.
func appendOp(ctx contractapi.TransactionContextInterface, c *Case, op Operation) (Operation, error) {
	now, err := deadline.Now(ctx)
	if err != nil {
		return op, err
	}
	op.Case, op.Seq, op.At, op.TxID = c.Number, c.Operations, now.Format(time.RFC3339Nano), ctx.GetStub().GetTxID()
	key, err := opKey(ctx, c.Number, op.Seq)
	if err != nil {
		return op, err
	}
	data, err := json.Marshal(op)
	if err != nil {
		return op, err
	}
	if err := ctx.GetStub().PutState(key, data); err != nil {
		return op, err
	}
	if err := access.RequireCourtEndorsement(ctx.GetStub(), key); err != nil {
		return op, err
	}
	idx, err := kindKey(op.Kind, now, c.Number, op.Seq)
	if err != nil {
		return op, err
	}
	c.Operations++
	return op, ctx.GetStub().PutState(idx, []byte{1})
}

func opKey(ctx contractapi.TransactionContextInterface, number string, seq int) (string, error) {
	return ctx.GetStub().CreateCompositeKey(opObject, []string{number, fmt.Sprintf("%010d", seq)})
}

func kindKey(kind string, at time.Time, number string, seq int) (string, error) {
	if strings.Contains(number, "|") {
		return "", fmt.Errorf("case number %q holds '|'", number)
	}
	return fmt.Sprintf("%s%s|%020d|%s|%010d", kindIndex, kind, at.UnixNano(), number, seq), nil
}

// LogOperation appends an investigation, valuation, auction, interview,
// credit punishment or archiving step to the case's log, with the digest
// of its document. Enforcement officers only.
func (c *Contract) LogOperation(ctx contractapi.TransactionContextInterface, number string, kind string, document string, note string) (*Operation, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":LogOperation", access.EnforcementOfficer)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(loggable, kind) {
		if slices.Contains([]string{OpFreeze, OpSeizure, OpDeduction}, kind) {
			return nil, fmt.Errorf("a %s is not logged directly: request it with RequestMeasure, for a judge's approval and the bank's execution", kind)
		}
		return nil, fmt.Errorf("unknown operation kind %q; an officer logs one of: %s", kind, strings.Join(loggable, ", "))
	}
	if err := input.Digest("document", document); err != nil {
		return nil, err
	}
	if len(note) > 1000 {
		return nil, fmt.Errorf("note is %d characters; at most 1000", len(note))
	}
	cs, err := load(ctx, number)
	if err != nil {
		return nil, err
	}
	if !cs.open() {
		if kind != OpArchiving {
			return nil, fmt.Errorf("case %s is concluded; only archiving may still be logged", number)
		}
	} else if cs.State == Filed {
		return nil, fmt.Errorf("case %s is filed but not yet active: issue the enforcement notice (Activate) first", number)
	}
	if kind == OpInvestigation {
		cs.Investigations++
	}
	op, err := appendOp(ctx, cs, Operation{Kind: kind, Officer: caller.String(), Document: document, Note: note})
	if err != nil {
		return nil, err
	}
	events := &deadline.Events{}
	events.Add("operation.logged", number, map[string]string{"kind": kind, "seq": strconv.Itoa(op.Seq)})
	return &op, finish(ctx, cs, events)
}

// Operations reads a case's log in order, a page at a time (pageSize 1 to
// 200; bookmark empty for the first page). Court roles and auditors.
func (c *Contract) Operations(ctx contractapi.TransactionContextInterface, number string, pageSize int, bookmark string) (*OperationPage, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":Operations", access.Judge, access.Clerk, access.EnforcementOfficer, access.Auditor); err != nil {
		return nil, err
	}
	if err := checkPage(pageSize); err != nil {
		return nil, err
	}
	if _, err := load(ctx, number); err != nil {
		return nil, err
	}
	it, meta, err := ctx.GetStub().GetStateByPartialCompositeKeyWithPagination(opObject, []string{number}, int32(pageSize), bookmark)
	if err != nil {
		return nil, fmt.Errorf("reading the log of %s: %w", number, err)
	}
	defer it.Close()
	page := &OperationPage{Operations: []Operation{}, Bookmark: meta.GetBookmark()}
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		var op Operation
		if err := json.Unmarshal(kv.Value, &op); err != nil {
			return nil, fmt.Errorf("an entry of the log of %s is unreadable: %w", number, err)
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
// order, a page at a time. Auditors and judges.
func (c *Contract) OperationsByKind(ctx contractapi.TransactionContextInterface, kind string, from string, to string, pageSize int, bookmark string) (*OperationPage, error) {
	if _, err := access.Require(ctx.GetClientIdentity(), Name+":OperationsByKind", access.Auditor, access.Judge); err != nil {
		return nil, err
	}
	if err := checkPage(pageSize); err != nil {
		return nil, err
	}
	if strings.ContainsAny(kind, "|\x00") || kind == "" {
		return nil, fmt.Errorf("operation kind %q is not valid", input.Short(kind))
	}
	start, err := time.Parse(time.RFC3339, from)
	if err != nil {
		return nil, fmt.Errorf("from %q is not an RFC 3339 time", input.Short(from))
	}
	end, err := time.Parse(time.RFC3339, to)
	if err != nil {
		return nil, fmt.Errorf("to %q is not an RFC 3339 time", input.Short(to))
	}
	if !end.After(start) || start.UnixNano() < 0 {
		return nil, fmt.Errorf("the range %s to %s is empty or before 1970", from, to)
	}
	lo := fmt.Sprintf("%s%s|%020d|", kindIndex, kind, start.UnixNano())
	hi := fmt.Sprintf("%s%s|%020d|", kindIndex, kind, end.UnixNano())
	if bookmark != "" && (bookmark < lo || bookmark >= hi) {
		return nil, fmt.Errorf("bookmark does not belong to this listing")
	}
	it, meta, err := ctx.GetStub().GetStateByRangeWithPagination(lo, hi, int32(pageSize), bookmark)
	if err != nil {
		return nil, fmt.Errorf("reading the operation index: %w", err)
	}
	defer it.Close()
	page := &OperationPage{Operations: []Operation{}, Bookmark: meta.GetBookmark()}
	for it.HasNext() {
		kv, err := it.Next()
		if err != nil {
			return nil, err
		}
		parts := strings.Split(strings.TrimPrefix(kv.Key, kindIndex), "|")
		if len(parts) != 4 {
			return nil, fmt.Errorf("operation index key %q is malformed", kv.Key)
		}
		seq, err := strconv.Atoi(parts[3])
		if err != nil {
			return nil, fmt.Errorf("operation index key %q is malformed", kv.Key)
		}
		op, err := getOp(ctx, parts[2], seq)
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

func getOp(ctx contractapi.TransactionContextInterface, number string, seq int) (*Operation, error) {
	key, err := opKey(ctx, number, seq)
	if err != nil {
		return nil, err
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil {
		return nil, err
	}
	if data == nil {
		return nil, fmt.Errorf("operation %d of case %s is not on the ledger", seq, number)
	}
	var op Operation
	if err := json.Unmarshal(data, &op); err != nil {
		return nil, fmt.Errorf("operation %d of case %s is unreadable: %w", seq, number, err)
	}
	return &op, nil
}

func checkPage(size int) error {
	if size < 1 || size > maxPage {
		return fmt.Errorf("pageSize must be 1 to %d, got %d", maxPage, size)
	}
	return nil
}
