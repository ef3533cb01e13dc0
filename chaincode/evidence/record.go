// Package evidence anchors digests of electronic evidence, litigation
// documents, receipts of service and judicial records, one by one or as the
// root of an RFC 6962 Merkle batch, and answers whether a digest is on the
// ledger (Opinions items 7, 9, 10 and 12). Its wire contract, with the
// limits on every field, is api/evidence.
//
// Only digests are anchored: contents stay with the parties and the courts.
// The first anchoring of a digest is the proof of its earliest existence,
// so a digest is never anchored twice, and no record is ever deleted.
package evidence

import (
	"regexp"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/chaincode/kernel"
)

// records are the anchored records, each under its evidence number.
var records = kernel.Kind[evidenceapi.Record]{Object: evidenceapi.RecordObject, Noun: "evidence number"}

var mediaTypePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$`)

func checkMetadata(r *evidenceapi.Record) error {
	invalid := func(format string, args ...any) error { return kernel.Errorf(api.CodeInvalid, format, args...) }
	switch {
	case len(r.CaseNumber) > evidenceapi.MaxCaseNumber:
		return invalid("case number is %d characters long; at most %d", len(r.CaseNumber), evidenceapi.MaxCaseNumber)
	case r.Size < 0 || r.Size > evidenceapi.MaxSize:
		return invalid("size %d is outside 0 to %d bytes", r.Size, evidenceapi.MaxSize)
	case len(r.MediaType) > evidenceapi.MaxMediaType:
		return invalid("media type is %d characters long; at most %d", len(r.MediaType), evidenceapi.MaxMediaType)
	case r.MediaType != "" && !mediaTypePattern.MatchString(r.MediaType):
		return invalid("media type %q is not of the form type/subtype (e.g. application/pdf)", api.Short(r.MediaType))
	case len(r.Location) > evidenceapi.MaxLocation:
		return invalid("location is %d characters long; at most %d", len(r.Location), evidenceapi.MaxLocation)
	case len(r.Note) > evidenceapi.MaxDescription:
		return invalid("description is %d characters long; at most %d", len(r.Note), evidenceapi.MaxDescription)
	}
	return nil
}

// normalise checks an algorithm and a digest by the api's rules; field
// names the digest in errors ("" for "<algorithm> digest").
func normalise(field, algorithm, digest string) (string, string, error) {
	alg, err := api.NormaliseAlgorithm(algorithm)
	if err != nil {
		return "", "", err
	}
	if field == "" {
		field = alg + " digest"
	}
	d, err := api.NormaliseDigest(field, digest)
	return alg, d, err
}

// findByDigest reads the record of a digest, under its number.
func findByDigest(t *kernel.Tx, algorithm, digest string) (*evidenceapi.Record, error) {
	r, err := getRecord(t, Number(algorithm, digest))
	if err != nil || r == nil {
		return nil, err
	}
	if r.Algorithm != algorithm || r.Digest != digest {
		return nil, kernel.Errorf(api.CodeExists, "%s digest %s and the digest of evidence %s share an evidence number (a 128-bit hash collision): it cannot be anchored",
			algorithm, digest, r.Number)
	}
	return r, nil
}

func getRecord(t *kernel.Tx, number string) (*evidenceapi.Record, error) {
	if number == "" {
		return nil, kernel.Errorf(api.CodeInvalid, "evidence number is missing")
	}
	return records.Get(t, number)
}
