package evidence

import (
	"context"

	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/judicial"
)

// ServiceResult is a committed service record.
type ServiceResult struct {
	Service     *evidenceapi.Service `json:"service"`
	Transaction *judicial.Result     `json:"transaction"`
}

// RecordService records that an anchored document was served.
func (e *Client) RecordService(ctx context.Context, req evidenceapi.ServiceRequest) (*ServiceResult, error) {
	s, res, err := judicial.SubmitRequest[evidenceapi.Service](ctx, e.c, evidenceapi.RecordService.Function, req)
	if err != nil {
		return nil, err
	}
	return &ServiceResult{Service: s, Transaction: res}, nil
}

// Acknowledge records the recipient's receipt of a service.
func (e *Client) Acknowledge(ctx context.Context, serviceID, algorithm, receiptDigest string) (*ServiceResult, error) {
	s, res, err := judicial.SubmitAs[evidenceapi.Service](ctx, e.c, evidenceapi.Acknowledge.Function, serviceID, algorithm, receiptDigest)
	if err != nil {
		return nil, err
	}
	return &ServiceResult{Service: s, Transaction: res}, nil
}

// ServiceStatus lists the services of a document.
func (e *Client) ServiceStatus(ctx context.Context, algorithm, document string) ([]*evidenceapi.Service, error) {
	return judicial.Query[[]*evidenceapi.Service](ctx, e.c, judicial.Call{Function: evidenceapi.ServiceStatus.Function, Args: []string{algorithm, document}})
}
