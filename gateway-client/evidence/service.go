package evidence

import (
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
)

// ServiceResult is a committed service record.
type ServiceResult struct {
	Service     *evidenceapi.Service `json:"service"`
	Transaction *gateway.Result      `json:"transaction"`
}
