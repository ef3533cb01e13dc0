//go:build js && wasm

// Command certificate-wasm is package certificate's verifier compiled to
// WebAssembly for the public verification page: a certificate is checked
// in the browser against the trust file the court publishes, by the same
// code as `judicial evidence verify-certificate`, and neither the
// certificate nor the file leaves the computer.
//
// It defines judicialVerifyCertificate(certificateJSON, trustJSON,
// fileDigestHex) → the JSON of a certificate.Outcome; fileDigestHex is ""
// when no file is checked.
package main

import (
	"encoding/hex"
	"encoding/json"
	"syscall/js"

	"github.com/courtchain/judicial/gateway-client/certificate"
)

func main() {
	js.Global().Set("judicialVerifyCertificate", js.FuncOf(verify))
	select {}
}

func verify(_ js.Value, args []js.Value) any {
	if len(args) != 3 {
		return answer(certificate.Outcome{Verdict: "invalid", Reason: "judicialVerifyCertificate(certificate, trust, fileDigestHex) takes 3 arguments"})
	}
	var digest []byte
	if h := args[2].String(); h != "" {
		d, err := hex.DecodeString(h)
		if err != nil {
			return answer(certificate.Outcome{Verdict: "invalid", Failed: certificate.CheckFile, Reason: "the file digest is not hex"})
		}
		digest = d
	}
	return answer(certificate.VerifyJSON([]byte(args[0].String()), []byte(args[1].String()), digest))
}

func answer(o certificate.Outcome) string {
	data, err := json.Marshal(o)
	if err != nil {
		return `{"verdict":"invalid","reason":"the answer could not be written"}`
	}
	return string(data)
}
