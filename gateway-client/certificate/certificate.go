// Package certificate proves an anchoring of evidence from signatures
// alone: a certificate carries the committed transaction, its block and
// the signatures over both, and Verify checks them offline, years later,
// against the root certificates a court publishes (a trust file), without
// asking the network anything.
//
// What a valid certificate proves, and how (docs/evidence.md):
//
//   - the record: the transaction's write set holds it, byte for byte
//     (the key is the record's, the value the certificate's record);
//   - who anchored it and when: the transaction's creator signed it, and
//     its channel header carries the time the chaincode checked against
//     the peers' clocks;
//   - the chaincode ran it: its endorsements verify and satisfy the
//     endorsement policy the trust file states (Fabric's signature policy
//     syntax, evaluated as Fabric's cauthdsl does);
//   - it was ordered: the block's data hash is SHA-256 over its envelopes,
//     the transaction is one of them, and a member of an ordering org
//     signed the block header (Fabric's BlockValidation policy, ANY
//     Writers);
//   - it committed as valid: peers of at least two orgs answered qscc
//     GetTransactionByID with validation code VALID and signed their
//     answers (a peer writes the validation codes into block metadata
//     nobody signs, so a signed answer is the only evidence of them);
//   - a batch leaf: its audit path leads to the anchored root (RFC 6962).
//
// Every identity must chain to a root whose SHA-256 fingerprint the trust
// file pins, at the time it signed. A certificate cannot show what
// happened to the record after it was issued (a revocation, a
// superseding record): Report.Unknown says so, and an online check does.
package certificate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/courtchain/judicial/gateway-client/batch"
)

// Format names this certificate format; Verify refuses any other.
const Format = "courtchain/evidence-certificate/1"

// Certificate is self-contained: every byte a verifier checks is in it,
// protobuf messages exactly as the ledger holds them (base64 in JSON).
type Certificate struct {
	Format    string `json:"format"`
	Channel   string `json:"channel"`
	Chaincode string `json:"chaincode"`
	// Number is the evidence record's number; for a batch leaf, the
	// number of the record that anchored the batch root.
	Number string `json:"number"`
	// Record is the record as the anchoring transaction wrote it.
	Record json.RawMessage `json:"record"`
	// Receipt is a batch leaf's audit path up to the anchored root.
	Receipt *batch.Receipt `json:"receipt,omitempty"`
	TxID    string         `json:"txId"`
	Block   Block          `json:"block"`
	// Attestations are peers' signed answers to qscc GetTransactionByID.
	Attestations []Attestation `json:"attestations"`
	// MSPs are the channel's organisations as its configuration, in force
	// at the block, defines them: their CA certificates.
	MSPs []MSP `json:"msps"`
	// IssuedAt is when the certificate was assembled (the issuer's clock,
	// signed by nobody: for the reader only).
	IssuedAt string `json:"issuedAt"`
}

// Block is the block that holds the transaction.
type Block struct {
	Number uint64 `json:"number"`
	// Header is a marshalled common.BlockHeader.
	Header []byte `json:"header"`
	// Envelopes are the block's data, every one: Fabric's data hash is
	// over all of them, with no tree to prove one alone.
	Envelopes [][]byte `json:"envelopes"`
	// Position is the transaction's index among the envelopes.
	Position int `json:"position"`
	// Signatures is the block's marshalled SIGNATURES metadata
	// (common.Metadata): the ordering service's signatures.
	Signatures []byte `json:"signatures"`
}

// Attestation is one peer's signed answer about the transaction. Peer and
// MSPID label it for readers; Verify takes both from the signature.
type Attestation struct {
	Peer  string `json:"peer"`
	MSPID string `json:"mspId"`
	// Proposal is the marshalled peer.Proposal the issuer sent: qscc
	// GetTransactionByID(channel, txId).
	Proposal []byte `json:"proposal"`
	// Response is the peer's marshalled peer.ProposalResponse.
	Response []byte `json:"response"`
}

// MSP is one organisation's CA certificates, PEM-encoded.
type MSP struct {
	ID                string   `json:"id"`
	RootCerts         []string `json:"rootCerts"`
	IntermediateCerts []string `json:"intermediateCerts,omitempty"`
}

// Parse reads a certificate, refusing unknown fields and formats.
func Parse(data []byte) (*Certificate, error) {
	var c Certificate
	if err := strictJSON(data, &c); err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	if c.Format != Format {
		return nil, fmt.Errorf("certificate: format %q, this verifier reads %q", api.Short(c.Format), Format)
	}
	return &c, nil
}

// Load reads a certificate file.
func Load(path string) (*Certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// strictJSON decodes one JSON value with no unknown fields and nothing
// after it.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("data after the JSON value")
	}
	return nil
}
