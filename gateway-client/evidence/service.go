package evidence

import (
	"context"
	"encoding/json"
	"fmt"

	cc "github.com/courtchain/judicial/chaincode/evidence"
	"github.com/courtchain/judicial/gateway-client/judicial"
)

// ServiceResult is a committed service record.
type ServiceResult struct {
	Service     *cc.Service      `json:"service"`
	Transaction *judicial.Result `json:"transaction"`
}

// RecordService records that an anchored document was served.
func (e *Client) RecordService(ctx context.Context, req cc.ServiceRequest) (*ServiceResult, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	return e.submitService(ctx, "service:Record", string(body))
}

// Acknowledge records the recipient's receipt of a service.
func (e *Client) Acknowledge(ctx context.Context, serviceID, algorithm, receiptDigest string) (*ServiceResult, error) {
	return e.submitService(ctx, "service:Acknowledge", serviceID, algorithm, receiptDigest)
}

// ServiceStatus lists the services of a document.
func (e *Client) ServiceStatus(ctx context.Context, algorithm, document string) ([]*cc.Service, error) {
	var out []*cc.Service
	return out, e.evaluateInto(ctx, &out, "service:Status", algorithm, document)
}

func (e *Client) submitService(ctx context.Context, fn string, args ...string) (*ServiceResult, error) {
	res, err := e.c.Submit(ctx, fn, args...)
	if err != nil {
		return nil, err
	}
	var s cc.Service
	if err := json.Unmarshal(res.Payload, &s); err != nil {
		return nil, fmt.Errorf("%s answered an unreadable service record: %w", fn, err)
	}
	return &ServiceResult{Service: &s, Transaction: res}, nil
}
