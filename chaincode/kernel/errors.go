package kernel

import (
	"fmt"

	"github.com/courtchain/judicial/chaincode/api"
)

// Errorf is a refusal with its code (api.Code); the message is for people
// and must not carry personal data.
func Errorf(code api.Code, format string, args ...any) error {
	return &api.Error{Code: code, Message: fmt.Sprintf(format, args...)}
}
