package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/access"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/state"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// ServiceName is the namespace of the service-of-documents contract.
const ServiceName = "service"

const (
	serviceObject = "service"
	serviceIndex  = "service~document"
	maxServices   = 100
)

// Methods of service (Civil Procedure Law, chapter on service).
var serviceMethods = []string{"electronic", "in_person", "left_at_residence", "entrusted", "post", "publication"}

// Only the court serves documents and records acknowledgements.
var servers = []access.Role{access.Judge, access.Clerk}

// ServiceContract records the service of documents and its acknowledgement.
type ServiceContract struct {
	contractapi.Contract
}

// NewService returns the contract with its namespace set.
func NewService() *ServiceContract {
	return &ServiceContract{Contract: contractapi.Contract{Name: ServiceName}}
}

// ServiceRequest says which anchored document was served on whom, how and when.
type ServiceRequest struct {
	Algorithm string `json:"algorithm"`
	Document  string `json:"document"`
	Recipient string `json:"recipient"`
	Method    string `json:"method"`
	ServedAt  string `json:"servedAt"`
}

// Service is one service of a document.
type Service struct {
	ID             string        `json:"id"`
	Algorithm      string        `json:"algorithm"`
	Document       string        `json:"document"`
	DocumentNumber string        `json:"documentNumber"`
	Recipient      string        `json:"recipient"`
	Method         string        `json:"method"`
	ServedAt       string        `json:"servedAt"`
	RecordedBy     access.Caller `json:"recordedBy"`
	RecordedAt     string        `json:"recordedAt"`
	TxID           string        `json:"txId"`
	Acknowledged   *Ack          `json:"acknowledged,omitempty" metadata:",optional"`
}

// Ack is the recipient's acknowledgement: the digest of the signed receipt,
// itself anchored as a service_receipt evidence record.
type Ack struct {
	Receipt       string        `json:"receipt"`
	ReceiptNumber string        `json:"receiptNumber"`
	RecordedBy    access.Caller `json:"recordedBy"`
	At            string        `json:"at"`
	TxID          string        `json:"txId"`
}

// Record records that an anchored document was served.
func (c *ServiceContract) Record(ctx contractapi.TransactionContextInterface, request string) (*Service, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), ServiceName+":Record", servers...)
	if err != nil {
		return nil, err
	}
	var req ServiceRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, fmt.Errorf("service request: %w", err)
	}
	alg, doc, err := normalise(req.Algorithm, req.Document)
	if err != nil {
		return nil, fmt.Errorf("document: %w", err)
	}
	if err := input.Pseudonym("recipient", req.Recipient); err != nil {
		return nil, err
	}
	if !slices.Contains(serviceMethods, req.Method) {
		return nil, fmt.Errorf("unknown method of service %q; one of: %s", truncate(req.Method), strings.Join(serviceMethods, ", "))
	}
	now, err := txTime(ctx)
	if err != nil {
		return nil, err
	}
	served, err := time.Parse(time.RFC3339, req.ServedAt)
	if err != nil {
		return nil, fmt.Errorf("servedAt %q is not an RFC 3339 time (e.g. 2026-01-05T09:00:00+08:00)", truncate(req.ServedAt))
	}
	if served.After(now) {
		return nil, fmt.Errorf("servedAt %s is later than this transaction (%s): service cannot be recorded in advance", req.ServedAt, now.Format(time.RFC3339))
	}
	record, err := findByDigest(ctx, alg, doc)
	if err != nil {
		return nil, err
	}
	if record == nil {
		return nil, fmt.Errorf("document %s digest %s is not anchored: anchor it before recording its service", alg, doc)
	}
	stub := ctx.GetStub()
	h := sha256.Sum256([]byte(stub.GetTxID() + ":" + doc + ":" + req.Recipient))
	s := &Service{
		ID:             "SV" + now.Format("20060102") + "-" + strings.ToUpper(hex.EncodeToString(h[:8])),
		Algorithm:      alg,
		Document:       doc,
		DocumentNumber: record.Number,
		Recipient:      req.Recipient,
		Method:         req.Method,
		ServedAt:       served.UTC().Format(time.RFC3339),
		RecordedBy:     caller,
		RecordedAt:     now.Format(time.RFC3339Nano),
		TxID:           stub.GetTxID(),
	}
	if err := putService(ctx, s); err != nil {
		return nil, err
	}
	idx, err := stub.CreateCompositeKey(serviceIndex, []string{alg, doc, s.ID})
	if err != nil {
		return nil, err
	}
	if err := stub.PutState(idx, []byte{0}); err != nil {
		return nil, fmt.Errorf("writing the service index: %w", err)
	}
	return s, nil
}

// Acknowledge records the recipient's receipt and anchors its digest, in
// the same transaction.
func (c *ServiceContract) Acknowledge(ctx contractapi.TransactionContextInterface, serviceID string, algorithm string, receipt string) (*Service, error) {
	caller, err := access.Require(ctx.GetClientIdentity(), ServiceName+":Acknowledge", servers...)
	if err != nil {
		return nil, err
	}
	s, err := getService(ctx, serviceID)
	if err != nil {
		return nil, err
	}
	if s.Acknowledged != nil {
		return nil, fmt.Errorf("service %s was already acknowledged at %s with receipt %s", s.ID, s.Acknowledged.At, s.Acknowledged.ReceiptNumber)
	}
	r := &Record{Kind: KindServiceReceipt}
	if _, err := anchor(ctx, caller, algorithm, receipt, r); err != nil {
		return nil, fmt.Errorf("receipt: %w", err)
	}
	s.Acknowledged = &Ack{Receipt: r.Digest, ReceiptNumber: r.Number, RecordedBy: caller, At: r.AnchoredAt, TxID: r.TxID}
	if err := putService(ctx, s); err != nil {
		return nil, err
	}
	return s, nil
}

// Status lists the services of a document, oldest first.
func (c *ServiceContract) Status(ctx contractapi.TransactionContextInterface, algorithm string, document string) ([]*Service, error) {
	alg, doc, err := normalise(algorithm, document)
	if err != nil {
		return nil, err
	}
	it, err := ctx.GetStub().GetStateByPartialCompositeKey(serviceIndex, []string{alg, doc})
	if err != nil {
		return nil, fmt.Errorf("reading the service index: %w", err)
	}
	defer it.Close()
	out := []*Service{}
	for it.HasNext() && len(out) < maxServices {
		kv, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("reading the service index: %w", err)
		}
		_, parts, err := ctx.GetStub().SplitCompositeKey(kv.Key)
		if err != nil || len(parts) != 3 {
			return nil, fmt.Errorf("service index key %q is malformed", kv.Key)
		}
		s, err := getService(ctx, parts[2])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b *Service) int { return strings.Compare(a.RecordedAt, b.RecordedAt) })
	return out, nil
}

func getService(ctx contractapi.TransactionContextInterface, id string) (*Service, error) {
	var s Service
	return &s, state.MustGet(ctx, serviceObject, id, &s)
}

func putService(ctx contractapi.TransactionContextInterface, s *Service) error {
	return state.Put(ctx, serviceObject, s.ID, s)
}
