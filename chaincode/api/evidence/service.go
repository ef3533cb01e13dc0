package evidence

import "github.com/courtchain/judicial/chaincode/api"

// ServiceNamespace is the service-of-documents contract's name.
const ServiceNamespace = "service"

// Servers serve documents and record acknowledgements: the court.
var Servers = []api.Role{api.Judge, api.Clerk}

// Functions of the service contract.
var (
	RecordService = api.Declare[*Service](api.Spec{Function: ServiceNamespace + ":Record", Submit: true, Roles: Servers,
		Args: []api.Arg{api.JSON[ServiceRequest]("request")},
		Doc:  "Records that an anchored document was served on a recipient (by pseudonym), how and when; served by publication, it records when the document is deemed served: 30 days after publication, counted on the courts' calendar (CPL 2023 art. 95)."})
	Acknowledge = api.Declare[*Service](api.Spec{Function: ServiceNamespace + ":Acknowledge", Submit: true, Roles: Servers,
		Args: []api.Arg{api.String("serviceId"), api.String("algorithm"), api.Digest("receipt")},
		Doc:  "Records the recipient's acknowledgement and anchors the receipt's digest in the same transaction."})
	ServiceStatus = api.Declare[[]*Service](api.Spec{Function: ServiceNamespace + ":Status", Anyone: true,
		Args: []api.Arg{api.String("algorithm"), api.Digest("document")},
		Doc:  "The services of a document, oldest first (at most 100). Anyone."})
)

// Methods of service (CPL 2023, chapter 7 section 2).
const (
	MethodElectronic      = "electronic"
	MethodInPerson        = "in_person"
	MethodLeftAtResidence = "left_at_residence"
	MethodEntrusted       = "entrusted"
	MethodPost            = "post"
	MethodPublication     = "publication"
)

// Methods lists the methods of service.
var Methods = []string{MethodElectronic, MethodInPerson, MethodLeftAtResidence, MethodEntrusted, MethodPost, MethodPublication}

// MaxServices bounds the services ServiceStatus returns for one document.
const MaxServices = 100

// ServiceRequest says which anchored document was served on whom, how and
// when.
type ServiceRequest struct {
	Algorithm string `json:"algorithm"`
	Document  string `json:"document"`
	Recipient string `json:"recipient"`
	Method    string `json:"method"`
	// ServedAt is when the document was served, RFC 3339; served by
	// publication, when it was published.
	ServedAt string `json:"servedAt"`
}

// Service is one service of a document.
type Service struct {
	ID             string `json:"id"`
	Algorithm      string `json:"algorithm"`
	Document       string `json:"document"`
	DocumentNumber string `json:"documentNumber"`
	Recipient      string `json:"recipient"`
	Method         string `json:"method"`
	ServedAt       string `json:"servedAt"`
	// DeemedServedAt is set for service by publication: the document is
	// deemed served when 30 days have passed since publication (CPL 2023
	// art. 95), that is at the end of the 30th day after the day of
	// publication, moved to the next working day's end when that day is
	// off (art. 85), on the courts' calendar as it stood when the
	// service was recorded. A period the document starts runs from then.
	DeemedServedAt string    `json:"deemedServedAt,omitempty"`
	RecordedBy     api.Actor `json:"recordedBy"`
	RecordedAt     string    `json:"recordedAt"`
	TxID           string    `json:"txId"`
	Acknowledged   *Ack      `json:"acknowledged,omitempty"`
}

// Ack is the recipient's acknowledgement: the digest of the signed
// receipt, itself anchored as a service_receipt evidence record.
type Ack struct {
	Receipt       string    `json:"receipt"`
	ReceiptNumber string    `json:"receiptNumber"`
	RecordedBy    api.Actor `json:"recordedBy"`
	At            string    `json:"at"`
	TxID          string    `json:"txId"`
}
