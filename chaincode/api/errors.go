package api

import (
	"errors"
	"strings"
)

// Code classifies a refusal so that applications can act on it without
// parsing prose. It travels at the end of the error message, in brackets:
// "case X is concluded; ... [state]".
type Code string

// The codes.
const (
	// CodeDenied: the caller's role, org or identity may not do this.
	CodeDenied Code = "denied"
	// CodeInvalid: an argument or request is malformed or out of bounds.
	CodeInvalid Code = "invalid"
	// CodeNotFound: the record named is not on the ledger.
	CodeNotFound Code = "not_found"
	// CodeExists: the record exists already (a digest anchored before, a
	// judgment recorded twice); the message names the first.
	CodeExists Code = "exists"
	// CodeState: the record's state does not allow the step.
	CodeState Code = "state"
	// CodeTime: the transaction's time does not allow it: the proposal's
	// timestamp is outside the window, or a period has not yet run.
	CodeTime Code = "time"
	// CodeLimit: a bound on what one transaction may do was reached.
	CodeLimit Code = "limit"
	// CodeCorrupt: a stored record cannot be read.
	CodeCorrupt Code = "corrupt"
)

// Error is a refusal with its code. Its message is for people and must
// not contain personal data.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return e.Message + " [" + string(e.Code) + "]" }

// CodeOf reads the code at the end of an error message, or "" if there is
// none.
func CodeOf(message string) Code {
	message = strings.TrimSpace(message)
	if !strings.HasSuffix(message, "]") {
		return ""
	}
	i := strings.LastIndex(message, " [")
	if i < 0 {
		return ""
	}
	code := message[i+2 : len(message)-1]
	for _, r := range code {
		if (r < 'a' || r > 'z') && r != '_' {
			return ""
		}
	}
	return Code(code)
}

// StripCode removes the trailing code from a message, for people.
func StripCode(message string) string {
	if CodeOf(message) == "" {
		return message
	}
	return strings.TrimSpace(message[:strings.LastIndex(message, " [")])
}

// Is reports whether err carries code, as an *Error in its chain or at the
// end of its message (an error that crossed the wire).
func Is(err error, code Code) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.Code == code
	}
	return err != nil && CodeOf(err.Error()) == code
}
