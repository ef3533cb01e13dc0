package evidence

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/chaincode/input"
	"github.com/courtchain/judicial/chaincode/kernel"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// services are the services of documents; the index finds a document's.
var services = kernel.Kind[evidenceapi.Service]{Object: "service"}

const serviceIndex = "service~document"

// ServiceContract records the service of documents and its acknowledgement.
type ServiceContract struct {
	contractapi.Contract
}

// NewService returns the contract with its namespace set.
func NewService() *ServiceContract {
	return &ServiceContract{Contract: kernel.NewContract(evidenceapi.ServiceNamespace)}
}

// Record records that an anchored document was served and, served by
// publication, when it is deemed served.
func (c *ServiceContract) Record(tx *kernel.Tx, request string) (*evidenceapi.Service, error) {
	var req evidenceapi.ServiceRequest
	if err := input.Decode(request, &req); err != nil {
		return nil, err
	}
	alg, doc, err := normalise("document", req.Algorithm, req.Document)
	if err != nil {
		return nil, err
	}
	if err := input.Pseudonym("recipient", req.Recipient); err != nil {
		return nil, err
	}
	if !slices.Contains(evidenceapi.Methods, req.Method) {
		return nil, kernel.Errorf(api.CodeInvalid, "unknown method of service %q; one of: %s", api.Short(req.Method), strings.Join(evidenceapi.Methods, ", "))
	}
	served, err := time.Parse(time.RFC3339, req.ServedAt)
	if err != nil {
		return nil, kernel.Errorf(api.CodeInvalid, "servedAt %q is not an RFC 3339 time (e.g. 2026-01-05T09:00:00+08:00)", api.Short(req.ServedAt))
	}
	if served.After(tx.Now) {
		return nil, kernel.Errorf(api.CodeTime, "servedAt %s is later than this transaction (%s): service cannot be recorded in advance", req.ServedAt, tx.Now.Format(time.RFC3339))
	}
	record, err := findByDigest(tx, alg, doc)
	if err != nil {
		return nil, err
	}
	if record == nil {
		return nil, kernel.Errorf(api.CodeNotFound, "document %s digest %s is not anchored: anchor it before recording its service", alg, doc)
	}
	var deemed string
	if req.Method == evidenceapi.MethodPublication {
		// CPL 2023 art. 95: service by publication is deemed made once 30
		// days have passed since publication.
		cal, err := kernel.Calendar(tx)
		if err != nil {
			return nil, err
		}
		deemed = cal.DeemedServed(served).Format(time.RFC3339Nano)
	}
	s := &evidenceapi.Service{
		ID:             kernel.MintID("SV", tx.Now, tx.TxID()+":"+doc+":"+req.Recipient, 8),
		Algorithm:      alg,
		Document:       doc,
		DocumentNumber: record.Number,
		Recipient:      req.Recipient,
		Method:         req.Method,
		ServedAt:       served.UTC().Format(time.RFC3339),
		DeemedServedAt: deemed,
		RecordedBy:     tx.Caller,
		RecordedAt:     tx.At(),
		TxID:           tx.TxID(),
	}
	if err := services.Put(tx, s, s.ID); err != nil {
		return nil, err
	}
	idx, err := tx.GetStub().CreateCompositeKey(serviceIndex, []string{alg, doc, s.ID})
	if err != nil {
		return nil, err
	}
	if err := tx.GetStub().PutState(idx, []byte{0}); err != nil {
		return nil, fmt.Errorf("writing the service index: %w", err)
	}
	return s, nil
}

// Acknowledge records the recipient's receipt and anchors its digest, in
// the same transaction.
func (c *ServiceContract) Acknowledge(tx *kernel.Tx, serviceID string, algorithm string, receipt string) (*evidenceapi.Service, error) {
	s, err := services.Must(tx, serviceID)
	if err != nil {
		return nil, err
	}
	if s.Acknowledged != nil {
		return nil, kernel.Errorf(api.CodeState, "service %s was already acknowledged at %s with receipt %s", s.ID, s.Acknowledged.At, s.Acknowledged.ReceiptNumber)
	}
	r := &evidenceapi.Record{Kind: evidenceapi.KindServiceReceipt}
	if _, err := anchor(tx, algorithm, receipt, r); err != nil {
		return nil, err
	}
	s.Acknowledged = &evidenceapi.Ack{Receipt: r.Digest, ReceiptNumber: r.Number, RecordedBy: tx.Caller, At: r.AnchoredAt, TxID: r.TxID}
	return s, nil
}

// Status lists the services of a document, oldest first.
func (c *ServiceContract) Status(tx *kernel.Tx, algorithm string, document string) ([]*evidenceapi.Service, error) {
	alg, doc, err := normalise("document", algorithm, document)
	if err != nil {
		return nil, err
	}
	it, err := tx.GetStub().GetStateByPartialCompositeKey(serviceIndex, []string{alg, doc})
	if err != nil {
		return nil, fmt.Errorf("reading the service index: %w", err)
	}
	defer it.Close()
	out := []*evidenceapi.Service{}
	for it.HasNext() && len(out) < evidenceapi.MaxServices {
		kv, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("reading the service index: %w", err)
		}
		_, parts, err := tx.GetStub().SplitCompositeKey(kv.Key)
		if err != nil || len(parts) != 3 {
			return nil, kernel.Errorf(api.CodeCorrupt, "service index key %q is malformed", kv.Key)
		}
		s, err := services.Must(tx, parts[2])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b *evidenceapi.Service) int { return strings.Compare(a.RecordedAt, b.RecordedAt) })
	return out, nil
}
