// Package evidence anchors digests of electronic evidence, litigation
// documents, receipts of service and judicial records, one by one or as the
// root of an RFC 6962 Merkle batch, and answers whether a digest is on the
// ledger (Opinions items 7, 9, 10 and 12).
//
// Only digests are anchored: contents stay with the parties and the courts.
// The first anchoring of a digest is the proof of its earliest existence,
// so a digest is never anchored twice, and no record is ever deleted.
package evidence

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/courtchain/judicial/chaincode/access"
)

// Digest algorithms. SM3 (GB/T 32905-2016) is the one Chinese judicial
// chains use; SHA-256 is what browsers and most tools compute.
const (
	SHA256 = "sha256"
	SM3    = "sm3"
)

// Kinds of anchored record.
const (
	KindElectronicEvidence       = "electronic_evidence"
	KindLitigationDocument       = "litigation_document"
	KindServiceReceipt           = "service_receipt"
	KindCaseFile                 = "case_file"
	KindArchive                  = "archive"
	KindStatisticalReport        = "statistical_report"
	KindMediationRecord          = "mediation_record"
	KindCaseStatusSnapshot       = "case_status_snapshot"
	KindMerkleBatch              = "merkle_batch"
	maxCaseNumber                = 64
	maxMediaType                 = 127
	maxLocation                  = 1024
	maxDescription               = 1024
	maxReason                    = 1024
	maxSize                int64 = 1 << 50
	maxTreeSize            int64 = 1 << 32
)

var kinds = []string{
	KindElectronicEvidence, KindLitigationDocument, KindServiceReceipt, KindCaseFile,
	KindArchive, KindStatisticalReport, KindMediationRecord, KindCaseStatusSnapshot,
}

// Record statuses: a record is never deleted, only marked.
const (
	StatusValid      = "valid"
	StatusSuperseded = "superseded"
	StatusRevoked    = "revoked"
)

// Record is one anchored digest.
type Record struct {
	Number     string        `json:"number"`
	Algorithm  string        `json:"algorithm"`
	Digest     string        `json:"digest"`
	Kind       string        `json:"kind"`
	CaseNumber string        `json:"caseNumber,omitempty" metadata:",optional"`
	Size       int64         `json:"size"`
	MediaType  string        `json:"mediaType,omitempty" metadata:",optional"`
	Location   string        `json:"location,omitempty" metadata:",optional"`
	TreeSize   int64         `json:"treeSize,omitempty" metadata:",optional"`
	Note       string        `json:"description,omitempty" metadata:",optional"`
	Depositor  access.Caller `json:"depositor"`
	AnchoredAt string        `json:"anchoredAt"`
	TxID       string        `json:"txId"`
	Status     string        `json:"status"`
	StatusNote *StatusChange `json:"statusChange,omitempty" metadata:",optional"`
}

// StatusChange says who marked a record superseded or revoked, and why.
type StatusChange struct {
	Status       string        `json:"status"`
	Reason       string        `json:"reason"`
	SupersededBy string        `json:"supersededBy,omitempty" metadata:",optional"`
	By           access.Caller `json:"by"`
	At           string        `json:"at"`
	TxID         string        `json:"txId"`
}

// normaliseAlgorithm accepts the usual spellings (SHA-256, sha256, SM3).
func normaliseAlgorithm(a string) (string, error) {
	switch strings.ReplaceAll(strings.ToLower(strings.TrimSpace(a)), "-", "") {
	case SHA256:
		return SHA256, nil
	case SM3:
		return SM3, nil
	case "":
		return "", fmt.Errorf("digest algorithm is missing: use %s or %s", SHA256, SM3)
	}
	return "", fmt.Errorf("unknown digest algorithm %q: use %s or %s", a, SHA256, SM3)
}

// normaliseDigest checks a hex digest for its algorithm and lower-cases it.
func normaliseDigest(algorithm, digest string) (string, error) {
	d := strings.ToLower(strings.TrimSpace(digest))
	if d == "" {
		return "", fmt.Errorf("digest is missing")
	}
	// SHA-256 and SM3 both give 256 bits.
	if len(d) != 64 {
		return "", fmt.Errorf("%s digest must be 64 hex characters (32 bytes), got %d", algorithm, len(d))
	}
	if _, err := hex.DecodeString(d); err != nil {
		return "", fmt.Errorf("digest %q is not hexadecimal", truncate(digest))
	}
	return d, nil
}

var mediaTypePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$`)

func checkMetadata(r *Record) error {
	switch {
	case len(r.CaseNumber) > maxCaseNumber:
		return fmt.Errorf("case number is %d characters long; at most %d", len(r.CaseNumber), maxCaseNumber)
	case r.Size < 0 || r.Size > maxSize:
		return fmt.Errorf("size %d is outside 0 to %d bytes", r.Size, maxSize)
	case len(r.MediaType) > maxMediaType:
		return fmt.Errorf("media type is %d characters long; at most %d", len(r.MediaType), maxMediaType)
	case r.MediaType != "" && !mediaTypePattern.MatchString(r.MediaType):
		return fmt.Errorf("media type %q is not of the form type/subtype (e.g. application/pdf)", truncate(r.MediaType))
	case len(r.Location) > maxLocation:
		return fmt.Errorf("location is %d characters long; at most %d", len(r.Location), maxLocation)
	case len(r.Note) > maxDescription:
		return fmt.Errorf("description is %d characters long; at most %d", len(r.Note), maxDescription)
	}
	return nil
}

func truncate(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
