package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
)

// Contract is the evidence contract.
type Contract struct {
	contractapi.Contract
}

// New returns the contract with its namespace set.
func New() *Contract {
	return &Contract{Contract: kernel.NewContract(evidenceapi.Namespace)}
}

// AlreadyAnchoredError refuses a second anchoring and points at the first.
type AlreadyAnchoredError struct {
	Existing evidenceapi.Record
}

func (e *AlreadyAnchoredError) Error() string {
	r := e.Existing
	return (&api.Error{Code: api.CodeExists, Message: fmt.Sprintf("%s digest %s is already anchored as %s at %s by %s (transaction %s)",
		r.Algorithm, r.Digest, r.Number, r.AnchoredAt, r.Depositor, r.TxID)}).Error()
}

// Anchor records one digest and returns its evidence record.
func (c *Contract) Anchor(tx *kernel.Tx, request string) (*evidenceapi.Record, error) {
	var req evidenceapi.AnchorRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if !slices.Contains(evidenceapi.Kinds, req.Kind) {
		return nil, kernel.Errorf(api.CodeInvalid, "unknown kind %q; one of: %s", api.Short(req.Kind), strings.Join(evidenceapi.Kinds, ", "))
	}
	r := &evidenceapi.Record{Kind: req.Kind, CaseNumber: req.CaseNumber, Size: req.Size, MediaType: req.MediaType, Location: req.Location}
	return anchor(tx, req.Algorithm, req.Digest, r)
}

// AnchorBatch records the Merkle root of a batch; each item's receipt (its
// audit path to this root) is kept by the client that built the tree.
func (c *Contract) AnchorBatch(tx *kernel.Tx, request string) (*evidenceapi.Record, error) {
	var req evidenceapi.BatchRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	if req.TreeSize < 1 || req.TreeSize > evidenceapi.MaxTreeSize {
		return nil, kernel.Errorf(api.CodeInvalid, "tree size %d is outside 1 to %d", req.TreeSize, evidenceapi.MaxTreeSize)
	}
	r := &evidenceapi.Record{Kind: evidenceapi.KindMerkleBatch, CaseNumber: req.CaseNumber, TreeSize: req.TreeSize, Note: req.Description}
	return anchor(tx, req.Algorithm, req.Root, r)
}

// anchor completes r with its digest, number and stamp and writes it,
// unless the digest is anchored already.
func anchor(t *kernel.Tx, algorithm, digest string, r *evidenceapi.Record) (*evidenceapi.Record, error) {
	if err := complete(t, algorithm, digest, r); err != nil {
		return nil, err
	}
	return r, records.Put(t, r, r.Number)
}

// complete checks a new record and fills in its digest, number and stamp,
// reading only: a refusal must leave nothing written, and a bulk
// anchoring completes every record before it writes the first.
func complete(t *kernel.Tx, algorithm, digest string, r *evidenceapi.Record) error {
	var err error
	if r.Algorithm, r.Digest, err = normalise("", algorithm, digest); err != nil {
		return err
	}
	if err := checkMetadata(r); err != nil {
		return err
	}
	existing, err := findByDigest(t, r.Algorithm, r.Digest)
	if err != nil {
		return err
	}
	if existing != nil {
		return &AlreadyAnchoredError{Existing: *existing}
	}
	r.Number = Number(r.Algorithm, r.Digest)
	r.Depositor = t.Caller
	r.AnchoredAt = t.At()
	r.TxID = t.TxID()
	r.Status = evidenceapi.StatusValid
	return nil
}

// Number is the evidence number of a digest: EV and 128 bits of the hash
// of the algorithm and the digest, in upper-case hex. It is the record's
// key, so finding a digest is one read and anchoring one read and one
// write, each a round trip between chaincode and peer; every endorser
// computes the same. Different digests share a number only if 128-bit
// hashes collide (for 10^12 records, a chance below 10^-14), and the
// contract refuses such a collision rather than overwrite.
func Number(algorithm, digest string) string {
	h := sha256.Sum256([]byte(algorithm + ":" + digest))
	return "EV" + strings.ToUpper(hex.EncodeToString(h[:16]))
}

// Verify looks a digest up.
func (c *Contract) Verify(tx *kernel.Tx, algorithm string, digest string) (*evidenceapi.Verification, error) {
	alg, d, err := normalise("", algorithm, digest)
	if err != nil {
		return nil, err
	}
	r, err := findByDigest(tx, alg, d)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return &evidenceapi.Verification{Verdict: evidenceapi.NotOnChain, Algorithm: alg, Digest: d,
			Message: fmt.Sprintf("no record of %s digest %s is on the ledger", alg, d)}, nil
	}
	return anchoredVerdict(r), nil
}

// VerifyNumber checks that evidence number holds this digest: anchored,
// not on chain (no such number), or mismatch (the number holds another
// digest: the file is not the one that was anchored).
func (c *Contract) VerifyNumber(tx *kernel.Tx, number string, algorithm string, digest string) (*evidenceapi.Verification, error) {
	alg, d, err := normalise("", algorithm, digest)
	if err != nil {
		return nil, err
	}
	r, err := getRecord(tx, number)
	if err != nil {
		return nil, err
	}
	switch {
	case r == nil:
		return &evidenceapi.Verification{Verdict: evidenceapi.NotOnChain, Algorithm: alg, Digest: d, Number: number,
			Message: fmt.Sprintf("evidence number %s is not on the ledger", api.Short(number))}, nil
	case r.Algorithm != alg || r.Digest != d:
		return &evidenceapi.Verification{Verdict: evidenceapi.Mismatch, Algorithm: alg, Digest: d, Number: number, Record: r,
			Message: fmt.Sprintf("evidence %s holds %s digest %s, not %s %s: the content differs from what was anchored", number, r.Algorithm, r.Digest, alg, d)}, nil
	}
	return anchoredVerdict(r), nil
}

func anchoredVerdict(r *evidenceapi.Record) *evidenceapi.Verification {
	msg := fmt.Sprintf("anchored as %s at %s by %s", r.Number, r.AnchoredAt, r.Depositor)
	if r.Status != evidenceapi.StatusValid {
		msg += fmt.Sprintf("; marked %s: %s", r.Status, r.StatusNote.Reason)
	}
	return &evidenceapi.Verification{Verdict: evidenceapi.Anchored, Algorithm: r.Algorithm, Digest: r.Digest, Number: r.Number, Record: r, Message: msg}
}

// Show returns the record of an evidence number.
func (c *Contract) Show(tx *kernel.Tx, number string) (*evidenceapi.Record, error) {
	return records.Must(tx, number)
}

// History returns every version of a record, oldest first.
func (c *Contract) History(tx *kernel.Tx, number string) ([]*evidenceapi.Version, error) {
	key, err := records.Key(tx, number)
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "evidence number %q: %v", api.Short(number), err)
	}
	var out []*evidenceapi.Version
	err = kernel.History(tx, key, "evidence number "+api.Short(number), func(m *queryresult.KeyModification) error {
		var r evidenceapi.Record
		if err := json.Unmarshal(m.Value, &r); err != nil {
			return kernel.Errorf(api.CodeCorrupt, "a version of %s in transaction %s is unreadable: %v", number, m.TxId, err)
		}
		out = append(out, &evidenceapi.Version{TxID: m.TxId, Timestamp: m.Timestamp.AsTime().UTC().Format(time.RFC3339Nano), Record: &r})
		return nil
	})
	// The peer returns the newest version first.
	slices.Reverse(out)
	return out, err
}

// Supersede marks a record replaced by a newer one, with a reason.
func (c *Contract) Supersede(tx *kernel.Tx, number string, by string, reason string) (*evidenceapi.Record, error) {
	return mark(tx, number, evidenceapi.StatusSuperseded, by, reason)
}

// Revoke marks a record revoked, with a reason. The record stays readable.
func (c *Contract) Revoke(tx *kernel.Tx, number string, reason string) (*evidenceapi.Record, error) {
	return mark(tx, number, evidenceapi.StatusRevoked, "", reason)
}

func mark(t *kernel.Tx, number, status, by, reason string) (*evidenceapi.Record, error) {
	reason = strings.TrimSpace(reason)
	if err := input.Text("reason", reason, evidenceapi.MaxReason, true); err != nil {
		return nil, err
	}
	r, err := records.Must(t, number)
	if err != nil {
		return nil, err
	}
	if r.Status != evidenceapi.StatusValid {
		return nil, kernel.Errorf(api.CodeState, "evidence %s is already %s (%s); a record changes status once", number, r.Status, r.StatusNote.Reason)
	}
	if status == evidenceapi.StatusSuperseded {
		if by == number {
			return nil, kernel.Errorf(api.CodeInvalid, "evidence %s cannot supersede itself", number)
		}
		if newer, err := getRecord(t, by); err != nil {
			return nil, err
		} else if newer == nil {
			return nil, kernel.Errorf(api.CodeNotFound, "superseding evidence number %s is not on the ledger", api.Short(by))
		}
	}
	r.Status = status
	r.StatusNote = &evidenceapi.StatusChange{Status: status, Reason: reason, SupersededBy: by, By: t.Caller, At: t.At(), TxID: t.TxID()}
	return r, nil
}
