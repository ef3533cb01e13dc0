// Package evidence is the wire contract of evidence anchoring and the
// service of documents (Opinions items 7, 9, 10 and 12): only digests are
// anchored, one by one or as the root of an RFC 6962 Merkle batch; the
// first anchoring of a digest is the proof of its earliest existence, so
// a digest is anchored once, and no record is ever deleted.
package evidence

import "github.com/courtchain/judicial/chaincode/api"

// Namespace is the evidence contract's name.
const Namespace = "evidence"

// RecordObject is the object type of the composite key (RecordObject,
// number) a record is stored under: what an evidence certificate finds in
// its transaction's write set.
const RecordObject = "evidence"

// Functions.
var (
	Anchor = api.Declare[*Record](api.Spec{Function: Namespace + ":Anchor", Submit: true, Roles: Depositors,
		Args: []api.Arg{api.JSON[AnchorRequest]("request")},
		Doc:  "Anchors one digest. A digest anchored before is refused with a reference to the first record [exists]."})
	AnchorBatch = api.Declare[*Record](api.Spec{Function: Namespace + ":AnchorBatch", Submit: true, Roles: Depositors,
		Args: []api.Arg{api.JSON[BatchRequest]("request")},
		Doc:  "Anchors the root of an RFC 6962 Merkle tree; the client that built the tree keeps each item's receipt."})
	AnchorBulk = api.Declare[*BulkResult](api.Spec{Function: Namespace + ":AnchorBulk", Submit: true, Roles: Depositors,
		Args: []api.Arg{api.JSON[BulkRequest]("request").Within(1 << 20)},
		Doc:  "Anchors up to 1,000 digests in one transaction, each as its own record with its own evidence number, verifiable one by one like any single anchoring (Opinions item 9: case files, archives, statistics). A digest anchored before is refused [exists], or reported and left as it is with skipAnchored; all items are anchored or none."})
	Verify = api.Declare[*Verification](api.Spec{Function: Namespace + ":Verify", Anyone: true,
		Args: []api.Arg{api.String("algorithm"), api.Digest("digest")},
		Doc:  "Is this digest on the ledger? Verdict anchored or not_on_chain. Anyone."})
	VerifyNumber = api.Declare[*Verification](api.Spec{Function: Namespace + ":VerifyNumber", Anyone: true,
		Args: []api.Arg{api.String("number"), api.String("algorithm"), api.Digest("digest")},
		Doc:  "Does evidence number hold this digest? anchored, not_on_chain (no such number) or mismatch (the number holds another digest). Anyone."})
	Show = api.Declare[*Record](api.Spec{Function: Namespace + ":Show", Anyone: true,
		Args: []api.Arg{api.String("number")},
		Doc:  "The record of an evidence number. Anyone."})
	History = api.Declare[[]*Version](api.Spec{Function: Namespace + ":History", Anyone: true,
		Args: []api.Arg{api.String("number")},
		Doc:  "Every version of a record, oldest first (at most 200). Anyone."})
	Supersede = api.Declare[*Record](api.Spec{Function: Namespace + ":Supersede", Submit: true, Roles: Markers,
		Args: []api.Arg{api.String("number"), api.String("by"), api.String("reason")},
		Doc:  "Marks a record replaced by a newer anchored one, with a reason. A record changes status once."})
	Revoke = api.Declare[*Record](api.Spec{Function: Namespace + ":Revoke", Submit: true, Roles: Markers,
		Args: []api.Arg{api.String("number"), api.String("reason")},
		Doc:  "Marks a record revoked, with a reason; it stays readable."})
)

// Depositors may anchor: everyone who produces judicial data. Auditors
// only read.
var Depositors = []api.Role{api.Judge, api.Clerk, api.EnforcementOfficer, api.Mediator, api.BankOfficer}

// Markers may mark a record superseded or revoked: the court.
var Markers = []api.Role{api.Judge, api.Clerk}

// Capability is the evidence and service contracts' place in the
// chaincode.
var Capability = api.DeclareCapability(api.Capability{Name: "evidence", Order: 2,
	Title:      "Evidence anchored singly, in Merkle batches or in bulk, and verified; the service of documents",
	Namespaces: []string{Namespace, ServiceNamespace}})

// Kinds of anchored record.
const (
	KindElectronicEvidence = "electronic_evidence"
	KindLitigationDocument = "litigation_document"
	KindServiceReceipt     = "service_receipt"
	KindCaseFile           = "case_file"
	KindArchive            = "archive"
	KindStatisticalReport  = "statistical_report"
	KindMediationRecord    = "mediation_record"
	KindCaseStatusSnapshot = "case_status_snapshot"
	// KindMerkleBatch is the kind of an anchored batch root; a client
	// cannot ask for it with Anchor.
	KindMerkleBatch = "merkle_batch"
)

// Kinds a depositor may give in an AnchorRequest.
var Kinds = []string{
	KindElectronicEvidence, KindLitigationDocument, KindServiceReceipt, KindCaseFile,
	KindArchive, KindStatisticalReport, KindMediationRecord, KindCaseStatusSnapshot,
}

// Limits on what one record carries, in bytes.
const (
	MaxCaseNumber  = 64
	MaxMediaType   = 127
	MaxLocation    = 1024
	MaxDescription = 1024
	MaxReason      = 1024
	// MaxSize is the largest content size a record may state, in bytes.
	MaxSize int64 = 1 << 50
	// MaxTreeSize is the most leaves a batch may have.
	MaxTreeSize int64 = 1 << 32
	// MaxBulk is the most digests one AnchorBulk anchors. Each costs the
	// endorsing peers one read and one write and the block about 400
	// bytes, so a full request makes a transaction of about 400 KB, within
	// the channel's PreferredMaxBytes (2 MB) with room for four others.
	MaxBulk = 1000
	// MaxHistory bounds the versions History returns.
	MaxHistory = 200
)

// Record statuses: a record is never deleted, only marked.
const (
	StatusValid      = "valid"
	StatusSuperseded = "superseded"
	StatusRevoked    = "revoked"
)

// AnchorRequest is what a depositor says about one digest; who and when
// come from the transaction.
type AnchorRequest struct {
	Algorithm  string `json:"algorithm"`
	Digest     string `json:"digest"`
	Kind       string `json:"kind"`
	CaseNumber string `json:"caseNumber,omitempty"`
	Size       int64  `json:"size"`
	MediaType  string `json:"mediaType,omitempty"`
	Location   string `json:"location,omitempty"`
}

// BatchRequest anchors the root of an RFC 6962 Merkle tree over many
// digests.
type BatchRequest struct {
	Algorithm   string `json:"algorithm"`
	Root        string `json:"root"`
	TreeSize    int64  `json:"treeSize"`
	CaseNumber  string `json:"caseNumber,omitempty"`
	Description string `json:"description,omitempty"`
}

// BulkRequest anchors many digests of one algorithm and kind, each as its
// own record.
type BulkRequest struct {
	Algorithm string     `json:"algorithm"`
	Kind      string     `json:"kind"`
	Items     []BulkItem `json:"items"`
	// SkipAnchored leaves a digest anchored before as it is and reports
	// it, instead of refusing the request: a loader that resumes after a
	// crash sends its last request again.
	SkipAnchored bool `json:"skipAnchored,omitempty"`
}

// BulkItem is one digest of a bulk anchoring, with what a single
// anchoring would say about it.
type BulkItem struct {
	Digest     string `json:"digest"`
	CaseNumber string `json:"caseNumber,omitempty"`
	Size       int64  `json:"size"`
	MediaType  string `json:"mediaType,omitempty"`
	Location   string `json:"location,omitempty"`
}

// BulkResult is the outcome of a bulk anchoring: the evidence number of
// every item, in request order, and which of them were anchored before
// (SkipAnchored); the rest share this transaction's depositor and time.
type BulkResult struct {
	Numbers    []string  `json:"numbers"`
	Existing   []int     `json:"existing,omitempty"`
	Depositor  api.Actor `json:"depositor"`
	AnchoredAt string    `json:"anchoredAt"`
	TxID       string    `json:"txId"`
}

// Record is one anchored digest. Its number is "EV" and 128 bits of
// SHA-256 of "algorithm:digest" in upper-case hex: a digest's number can
// be computed before asking.
type Record struct {
	Number     string        `json:"number"`
	Algorithm  string        `json:"algorithm"`
	Digest     string        `json:"digest"`
	Kind       string        `json:"kind"`
	CaseNumber string        `json:"caseNumber,omitempty"`
	Size       int64         `json:"size"`
	MediaType  string        `json:"mediaType,omitempty"`
	Location   string        `json:"location,omitempty"`
	TreeSize   int64         `json:"treeSize,omitempty"`
	Note       string        `json:"description,omitempty"`
	Depositor  api.Actor     `json:"depositor"`
	AnchoredAt string        `json:"anchoredAt"`
	TxID       string        `json:"txId"`
	Status     string        `json:"status"`
	StatusNote *StatusChange `json:"statusChange,omitempty"`
}

// StatusChange says who marked a record superseded or revoked, and why.
type StatusChange struct {
	Status       string    `json:"status"`
	Reason       string    `json:"reason"`
	SupersededBy string    `json:"supersededBy,omitempty"`
	By           api.Actor `json:"by"`
	At           string    `json:"at"`
	TxID         string    `json:"txId"`
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
	Number    string  `json:"number,omitempty"`
	Record    *Record `json:"record,omitempty"`
	Message   string  `json:"message"`
}

// Version is one state of a record in its history.
type Version struct {
	TxID      string  `json:"txId"`
	Timestamp string  `json:"timestamp"`
	Record    *Record `json:"record"`
}
