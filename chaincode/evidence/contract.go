package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/state"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Name is the contract's namespace: evidence:Anchor, evidence:Verify, ...
const Name = "evidence"

const (
	recordObject = "evidence"
	digestIndex  = "evidence~digest"
	maxHistory   = 200
)

// Roles that may anchor: everyone who produces judicial data. Auditors only read.
var depositors = []access.Role{access.Judge, access.Clerk, access.EnforcementOfficer, access.Mediator, access.BankOfficer}

// Roles that may mark a record superseded or revoked: the court's.
var markers = []access.Role{access.Judge, access.Clerk}

// Contract is the evidence contract.
type Contract struct {
	contractapi.Contract
}

// New returns the contract with its namespace set.
func New() *Contract {
	return &Contract{Contract: contractapi.Contract{Name: Name}}
}

// AnchorRequest is what a depositor says about one digest; who and when come
// from the transaction.
type AnchorRequest struct {
	Algorithm  string `json:"algorithm"`
	Digest     string `json:"digest"`
	Kind       string `json:"kind"`
	CaseNumber string `json:"caseNumber,omitempty"`
	Size       int64  `json:"size"`
	MediaType  string `json:"mediaType,omitempty"`
	Location   string `json:"location,omitempty"`
}

// BatchRequest anchors the root of an RFC 6962 Merkle tree over many digests.
type BatchRequest struct {
	Algorithm   string `json:"algorithm"`
	Root        string `json:"root"`
	TreeSize    int64  `json:"treeSize"`
	CaseNumber  string `json:"caseNumber,omitempty"`
	Description string `json:"description,omitempty"`
}

// AlreadyAnchoredError refuses a second anchoring and points at the first.
type AlreadyAnchoredError struct {
	Existing Record
}

func (e *AlreadyAnchoredError) Error() string {
	r := e.Existing
	return fmt.Sprintf("%s digest %s is already anchored as %s at %s by %s (transaction %s)",
		r.Algorithm, r.Digest, r.Number, r.AnchoredAt, r.Depositor, r.TxID)
}

// Anchor records one digest and returns its evidence record.
func (c *Contract) Anchor(ctx contractapi.TransactionContextInterface, request string) (*Record, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":Anchor", depositors...)
	if err != nil {
		return nil, err
	}
	var req AnchorRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, fmt.Errorf("anchor request: %w", err)
	}
	if !slices.Contains(kinds, req.Kind) {
		return nil, fmt.Errorf("unknown kind %q; one of: %s", truncate(req.Kind), strings.Join(kinds, ", "))
	}
	r := &Record{Kind: req.Kind, CaseNumber: req.CaseNumber, Size: req.Size, MediaType: req.MediaType, Location: req.Location}
	return anchor(ctx, caller, req.Algorithm, req.Digest, r)
}

// AnchorBatch records the Merkle root of a batch; each item's receipt (its
// audit path to this root) is kept by the client that built the tree.
func (c *Contract) AnchorBatch(ctx contractapi.TransactionContextInterface, request string) (*Record, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":AnchorBatch", depositors...)
	if err != nil {
		return nil, err
	}
	var req BatchRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, fmt.Errorf("batch request: %w", err)
	}
	if req.TreeSize < 1 || req.TreeSize > maxTreeSize {
		return nil, fmt.Errorf("tree size %d is outside 1 to %d", req.TreeSize, maxTreeSize)
	}
	r := &Record{Kind: KindMerkleBatch, CaseNumber: req.CaseNumber, TreeSize: req.TreeSize, Note: req.Description}
	return anchor(ctx, caller, req.Algorithm, req.Root, r)
}

func anchor(ctx contractapi.TransactionContextInterface, caller access.Caller, algorithm, digest string, r *Record) (*Record, error) {
	var err error
	if r.Algorithm, err = normaliseAlgorithm(algorithm); err != nil {
		return nil, err
	}
	if r.Digest, err = normaliseDigest(r.Algorithm, digest); err != nil {
		return nil, err
	}
	if err := checkMetadata(r); err != nil {
		return nil, err
	}
	stub := ctx.GetStub()
	existing, err := findByDigest(ctx, r.Algorithm, r.Digest)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		return nil, &AlreadyAnchoredError{Existing: *existing}
	}
	at, err := txTime(ctx)
	if err != nil {
		return nil, err
	}
	r.Number = number(at, r.Algorithm, r.Digest)
	r.Depositor = caller
	r.AnchoredAt = at.Format(time.RFC3339Nano)
	r.TxID = stub.GetTxID()
	r.Status = StatusValid
	if err := putRecord(ctx, r); err != nil {
		return nil, err
	}
	idx, err := stub.CreateCompositeKey(digestIndex, []string{r.Algorithm, r.Digest})
	if err != nil {
		return nil, err
	}
	if err := stub.PutState(idx, []byte(r.Number)); err != nil {
		return nil, fmt.Errorf("writing the digest index: %w", err)
	}
	return r, nil
}

// number is deterministic, so every endorser computes the same one: EV,
// the anchoring date, and 128 bits of the hash of the digest. A digest is
// anchored once, so numbers of different records differ unless 128-bit
// hashes of different digests collide (for 10^12 records, a chance below
// 10^-14); this spares every anchoring a read of the number's key, which
// on a peer is a round trip.
func number(at time.Time, algorithm, digest string) string {
	h := sha256.Sum256([]byte(algorithm + ":" + digest))
	return "EV" + at.Format("20060102") + "-" + strings.ToUpper(hex.EncodeToString(h[:16]))
}

// Verdicts of a verification.
const (
	Anchored   = "anchored"
	NotOnChain = "not_on_chain"
	Mismatch   = "mismatch"
)

// Verification answers whether a digest is on the ledger.
type Verification struct {
	Verdict   string  `json:"verdict"`
	Algorithm string  `json:"algorithm"`
	Digest    string  `json:"digest"`
	Number    string  `json:"number,omitempty" metadata:",optional"`
	Record    *Record `json:"record,omitempty" metadata:",optional"`
	Message   string  `json:"message"`
}

// Verify looks a digest up.
func (c *Contract) Verify(ctx contractapi.TransactionContextInterface, algorithm string, digest string) (*Verification, error) {
	alg, d, err := normalise(algorithm, digest)
	if err != nil {
		return nil, err
	}
	r, err := findByDigest(ctx, alg, d)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return &Verification{Verdict: NotOnChain, Algorithm: alg, Digest: d,
			Message: fmt.Sprintf("no record of %s digest %s is on the ledger", alg, d)}, nil
	}
	return anchoredVerdict(r), nil
}

// VerifyNumber checks that evidence number holds this digest: anchored,
// not on chain (no such number), or mismatch (the number holds another
// digest: the file is not the one that was anchored).
func (c *Contract) VerifyNumber(ctx contractapi.TransactionContextInterface, number string, algorithm string, digest string) (*Verification, error) {
	alg, d, err := normalise(algorithm, digest)
	if err != nil {
		return nil, err
	}
	r, err := getRecord(ctx, number)
	if err != nil {
		return nil, err
	}
	switch {
	case r == nil:
		return &Verification{Verdict: NotOnChain, Algorithm: alg, Digest: d, Number: number,
			Message: fmt.Sprintf("evidence number %s is not on the ledger", truncate(number))}, nil
	case r.Algorithm != alg || r.Digest != d:
		return &Verification{Verdict: Mismatch, Algorithm: alg, Digest: d, Number: number, Record: r,
			Message: fmt.Sprintf("evidence %s holds %s digest %s, not %s %s: the content differs from what was anchored", number, r.Algorithm, r.Digest, alg, d)}, nil
	}
	return anchoredVerdict(r), nil
}

func anchoredVerdict(r *Record) *Verification {
	msg := fmt.Sprintf("anchored as %s at %s by %s", r.Number, r.AnchoredAt, r.Depositor)
	if r.Status != StatusValid {
		msg += fmt.Sprintf("; marked %s: %s", r.Status, r.StatusNote.Reason)
	}
	return &Verification{Verdict: Anchored, Algorithm: r.Algorithm, Digest: r.Digest, Number: r.Number, Record: r, Message: msg}
}

// Show returns the record of an evidence number.
func (c *Contract) Show(ctx contractapi.TransactionContextInterface, number string) (*Record, error) {
	r, err := getRecord(ctx, number)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, fmt.Errorf("evidence number %s is not on the ledger", truncate(number))
	}
	return r, nil
}

// Version is one state of a record in its history.
type Version struct {
	TxID      string  `json:"txId"`
	Timestamp string  `json:"timestamp"`
	Record    *Record `json:"record"`
}

// History returns every version of a record, oldest first.
func (c *Contract) History(ctx contractapi.TransactionContextInterface, number string) ([]*Version, error) {
	key, err := ctx.GetStub().CreateCompositeKey(recordObject, []string{number})
	if err != nil {
		return nil, err
	}
	it, err := ctx.GetStub().GetHistoryForKey(key)
	if err != nil {
		return nil, fmt.Errorf("reading the history of %s: %w", number, err)
	}
	defer it.Close()
	var out []*Version
	for it.HasNext() && len(out) < maxHistory {
		m, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("reading the history of %s: %w", number, err)
		}
		var r Record
		if err := json.Unmarshal(m.Value, &r); err != nil {
			return nil, fmt.Errorf("a version of %s in transaction %s is unreadable: %w", number, m.TxId, err)
		}
		out = append(out, &Version{TxID: m.TxId, Timestamp: m.Timestamp.AsTime().UTC().Format(time.RFC3339Nano), Record: &r})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("evidence number %s is not on the ledger", truncate(number))
	}
	// The peer returns the newest version first.
	slices.Reverse(out)
	return out, nil
}

// Supersede marks a record replaced by a newer one, with a reason.
func (c *Contract) Supersede(ctx contractapi.TransactionContextInterface, number string, by string, reason string) (*Record, error) {
	return mark(ctx, "Supersede", number, StatusSuperseded, by, reason)
}

// Revoke marks a record revoked, with a reason. The record stays readable.
func (c *Contract) Revoke(ctx contractapi.TransactionContextInterface, number string, reason string) (*Record, error) {
	return mark(ctx, "Revoke", number, StatusRevoked, "", reason)
}

func mark(ctx contractapi.TransactionContextInterface, fn, number, status, by, reason string) (*Record, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), Name+":"+fn, markers...)
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fmt.Errorf("a reason is required to mark %s %s", number, status)
	}
	if len(reason) > maxReason {
		return nil, fmt.Errorf("reason is %d characters long; at most %d", len(reason), maxReason)
	}
	r, err := getRecord(ctx, number)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, fmt.Errorf("evidence number %s is not on the ledger", truncate(number))
	}
	if r.Status != StatusValid {
		return nil, fmt.Errorf("evidence %s is already %s (%s); a record changes status once", number, r.Status, r.StatusNote.Reason)
	}
	if status == StatusSuperseded {
		if by == number {
			return nil, fmt.Errorf("evidence %s cannot supersede itself", number)
		}
		if newer, err := getRecord(ctx, by); err != nil {
			return nil, err
		} else if newer == nil {
			return nil, fmt.Errorf("superseding evidence number %s is not on the ledger", truncate(by))
		}
	}
	at, err := txTime(ctx)
	if err != nil {
		return nil, err
	}
	r.Status = status
	r.StatusNote = &StatusChange{Status: status, Reason: reason, SupersededBy: by, By: caller,
		At: at.Format(time.RFC3339Nano), TxID: ctx.GetStub().GetTxID()}
	if err := putRecord(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

func normalise(algorithm, digest string) (string, string, error) {
	alg, err := normaliseAlgorithm(algorithm)
	if err != nil {
		return "", "", err
	}
	d, err := normaliseDigest(alg, digest)
	return alg, d, err
}

func findByDigest(ctx contractapi.TransactionContextInterface, algorithm, digest string) (*Record, error) {
	idx, err := ctx.GetStub().CreateCompositeKey(digestIndex, []string{algorithm, digest})
	if err != nil {
		return nil, err
	}
	num, err := ctx.GetStub().GetState(idx)
	if err != nil {
		return nil, fmt.Errorf("reading the digest index: %w", err)
	}
	if num == nil {
		return nil, nil
	}
	r, err := getRecord(ctx, string(num))
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, fmt.Errorf("digest index points at evidence %s, which is missing", num)
	}
	return r, nil
}

func getRecord(ctx contractapi.TransactionContextInterface, number string) (*Record, error) {
	if number == "" {
		return nil, errors.New("evidence number is missing")
	}
	var r Record
	found, err := state.Get(ctx, recordObject, number, &r)
	if err != nil || !found {
		return nil, err
	}
	return &r, nil
}

func putRecord(ctx contractapi.TransactionContextInterface, r *Record) error {
	return state.Put(ctx, recordObject, r.Number, r)
}

func txTime(ctx contractapi.TransactionContextInterface) (time.Time, error) {
	ts, err := ctx.GetStub().GetTxTimestamp()
	if err != nil {
		return time.Time{}, fmt.Errorf("reading the transaction timestamp: %w", err)
	}
	return ts.AsTime().UTC(), nil
}
