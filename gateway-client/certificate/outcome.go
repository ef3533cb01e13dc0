package certificate

import "errors"

// Outcome is a verification's answer as a script or a page reads it.
type Outcome struct {
	// Verdict is valid or invalid.
	Verdict string `json:"verdict"`
	// Failed names the check that failed, and Reason says why.
	Failed string  `json:"failedCheck,omitempty"`
	Reason string  `json:"reason,omitempty"`
	Report *Report `json:"report,omitempty"`
}

// OutcomeOf is Verify's answer as an Outcome.
func OutcomeOf(r *Report, err error) Outcome {
	if err == nil {
		return Outcome{Verdict: "valid", Report: r}
	}
	out := Outcome{Verdict: "invalid", Reason: err.Error(), Report: r}
	var ce *Error
	if errors.As(err, &ce) {
		out.Failed, out.Reason = ce.Check, ce.Err.Error()
	}
	return out
}

// VerifyJSON reads a certificate and a trust file and verifies one
// against the other: what the verification page's WebAssembly runs.
func VerifyJSON(certificate, trust, fileDigest []byte) Outcome {
	c, err := Parse(certificate)
	if err != nil {
		return Outcome{Verdict: "invalid", Failed: CheckFormat, Reason: err.Error()}
	}
	t, err := ParseTrust(trust)
	if err != nil {
		return Outcome{Verdict: "invalid", Failed: "trust file", Reason: err.Error()}
	}
	return OutcomeOf(Verify(c, t, fileDigest))
}
