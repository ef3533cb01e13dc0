package certificate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/rwset/kvrwset"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
)

// The checks, in the order Verify makes them; an Error names the one
// that failed.
const (
	CheckFormat       = "format"
	CheckRoots        = "root certificates"
	CheckBlock        = "block data hash"
	CheckTransaction  = "transaction signature"
	CheckOrderer      = "ordering service signature"
	CheckEndorsements = "endorsements"
	CheckPolicy       = "endorsement policy"
	CheckRecord       = "record"
	CheckAttestations = "validity attestations"
	CheckMerklePath   = "Merkle path"
	CheckFile         = "file digest"
)

// Error is a failed check.
type Error struct {
	Check string
	Err   error
}

func (e *Error) Error() string { return e.Check + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Report is what a valid certificate proves.
type Report struct {
	Number    string `json:"number"`
	Algorithm string `json:"algorithm"`
	// Digest is the anchored digest: the record's, or for a batch leaf
	// the leaf's.
	Digest      string     `json:"digest"`
	Root        string     `json:"root,omitempty"`
	AnchoredBy  Signer     `json:"anchoredBy"`
	AnchoredAt  time.Time  `json:"anchoredAt"`
	TxID        string     `json:"txId"`
	Block       uint64     `json:"block"`
	Position    int        `json:"position"`
	Endorsers   []Signer   `json:"endorsers"`
	BlockSigner Signer     `json:"blockSigner"`
	Attesters   []Attester `json:"attesters"`
	// FileMatches is set when a file's digest was given and matches.
	FileMatches bool `json:"fileMatches,omitempty"`
	// Checks are the checks passed, in order.
	Checks []string `json:"checks"`
	// Unknown is what an offline verification cannot know.
	Unknown []string `json:"unknown"`
}

// Attester is a peer that attested the transaction valid.
type Attester struct {
	// Peer is the common name of the peer's certificate.
	Peer string `json:"peer"`
	Signer
	At time.Time `json:"at"`
}

// What no certificate can show offline: signatures prove the past.
const (
	UnknownStatus = "whether the record was revoked or superseded after the certificate was issued: check online (judicial evidence verify-certificate --online, or the court's verification page)"
	UnknownKeys   = "whether a signer's key was compromised or its certificate revoked after it signed: the trust file's publisher announces that"
)

// Verify checks a certificate against a trust file. fileDigest, when not
// nil, is the digest of the file the certificate is said to be for,
// computed with the record's algorithm. The first failed check is
// returned as an *Error.
func Verify(c *Certificate, t *Trust, fileDigest []byte) (*Report, error) {
	v := &verification{c: c, t: t, r: &Report{Number: c.Number, TxID: c.TxID, Block: c.Block.Number, Position: c.Block.Position, Unknown: []string{UnknownStatus, UnknownKeys}}}
	for _, step := range []struct {
		name    string
		run     func() error
		applies bool
	}{
		{CheckFormat, v.format, true},
		{CheckRoots, v.roots, true},
		{CheckBlock, v.block, true},
		{CheckTransaction, v.transaction, true},
		{CheckOrderer, v.orderer, true},
		{CheckEndorsements, v.endorsements, true},
		{CheckPolicy, v.policy, true},
		{CheckRecord, v.record, true},
		{CheckAttestations, v.attestations, true},
		{CheckMerklePath, v.merklePath, c.Receipt != nil},
		{CheckFile, func() error { return v.file(fileDigest) }, fileDigest != nil},
	} {
		if !step.applies {
			continue
		}
		if err := step.run(); err != nil {
			return v.r, &Error{Check: step.name, Err: err}
		}
		v.r.Checks = append(v.r.Checks, step.name)
	}
	return v.r, nil
}

// verification carries what one check establishes for the next.
type verification struct {
	c   *Certificate
	t   *Trust
	r   *Report
	ids *identities

	header         *common.BlockHeader
	envelope       *common.Envelope
	at             time.Time // the transaction's time, at which its signers are checked
	endorsedAction *peer.ChaincodeEndorsedAction
	action         *peer.ChaincodeAction
	endorsed       []Signer
	written        struct {
		Number, Algorithm, Digest, AnchoredAt, TxID string
	}
}

func (v *verification) format() error {
	switch {
	case v.c.Format != Format:
		return fmt.Errorf("format %q, this verifier reads %q", api.Short(v.c.Format), Format)
	case v.c.Channel != v.t.Channel || v.c.Chaincode != v.t.Chaincode:
		return fmt.Errorf("the certificate is for chaincode %q on channel %q; the trust file for %q on %q", api.Short(v.c.Chaincode), api.Short(v.c.Channel), v.t.Chaincode, v.t.Channel)
	case v.c.Block.Position < 0 || v.c.Block.Position >= len(v.c.Block.Envelopes):
		return fmt.Errorf("position %d is not one of the block's %d envelopes", v.c.Block.Position, len(v.c.Block.Envelopes))
	}
	return nil
}

func (v *verification) roots() error {
	ids, err := newIdentities(v.c, v.t)
	if err != nil {
		return err
	}
	v.ids = ids
	return nil
}

// block: the envelopes are the block's, by its data hash.
func (v *verification) block() error {
	v.header = &common.BlockHeader{}
	if err := proto.Unmarshal(v.c.Block.Header, v.header); err != nil {
		return fmt.Errorf("the block header is unreadable: %w", err)
	}
	if v.header.GetNumber() != v.c.Block.Number {
		return fmt.Errorf("the header is of block %d, the certificate says block %d", v.header.GetNumber(), v.c.Block.Number)
	}
	if got := audit.DataHash(&common.BlockData{Data: v.c.Block.Envelopes}); !bytes.Equal(got, v.header.GetDataHash()) {
		return fmt.Errorf("the envelopes hash to %x, the header of block %d records %x", got, v.header.GetNumber(), v.header.GetDataHash())
	}
	v.envelope = &common.Envelope{}
	if err := proto.Unmarshal(v.c.Block.Envelopes[v.c.Block.Position], v.envelope); err != nil {
		return fmt.Errorf("envelope %d is unreadable: %w", v.c.Block.Position, err)
	}
	return nil
}

// orderer: a member of an ordering org signed the header, as Fabric's
// block verification does: over the metadata value, the signature
// header and the header's DER bytes.
func (v *verification) orderer() error {
	var md common.Metadata
	if err := proto.Unmarshal(v.c.Block.Signatures, &md); err != nil {
		return fmt.Errorf("the signatures metadata is unreadable: %w", err)
	}
	if len(md.GetSignatures()) == 0 {
		return errors.New("the block carries no signature")
	}
	var errs []error
	for _, sig := range md.GetSignatures() {
		var sh common.SignatureHeader
		if err := proto.Unmarshal(sig.GetSignatureHeader(), &sh); err != nil {
			errs = append(errs, fmt.Errorf("signature header unreadable: %w", err))
			continue
		}
		msg := slices.Concat(md.GetValue(), sig.GetSignatureHeader(), audit.HeaderBytes(v.header))
		// The block was cut right after the transaction: its signer is
		// checked at the transaction's time.
		s, err := v.ids.verify(sh.GetCreator(), msg, sig.GetSignature(), v.at)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !slices.Contains(v.t.OrdererOrgs, s.MSPID) {
			errs = append(errs, fmt.Errorf("%s of %s signed, which is not an ordering org of the trust file (%s)", s.Subject, s.MSPID, strings.Join(v.t.OrdererOrgs, ", ")))
			continue
		}
		v.r.BlockSigner = s
		return nil
	}
	return fmt.Errorf("no signature of block %d by an ordering org verifies: %w", v.header.GetNumber(), errors.Join(errs...))
}

// transaction: the creator signed it, and its ID is theirs.
func (v *verification) transaction() error {
	var p common.Payload
	if err := proto.Unmarshal(v.envelope.GetPayload(), &p); err != nil {
		return fmt.Errorf("the transaction's payload is unreadable: %w", err)
	}
	var ch common.ChannelHeader
	var sh common.SignatureHeader
	if err := proto.Unmarshal(p.GetHeader().GetChannelHeader(), &ch); err != nil {
		return fmt.Errorf("the channel header is unreadable: %w", err)
	}
	if err := proto.Unmarshal(p.GetHeader().GetSignatureHeader(), &sh); err != nil {
		return fmt.Errorf("the signature header is unreadable: %w", err)
	}
	switch {
	case ch.GetType() != int32(common.HeaderType_ENDORSER_TRANSACTION):
		return fmt.Errorf("envelope %d is a %s, not an endorser transaction", v.c.Block.Position, common.HeaderType(ch.GetType()))
	case ch.GetChannelId() != v.t.Channel:
		return fmt.Errorf("the transaction is on channel %q, not %q", api.Short(ch.GetChannelId()), v.t.Channel)
	case ch.GetTxId() != v.c.TxID:
		return fmt.Errorf("envelope %d is transaction %s, the certificate names %s", v.c.Block.Position, api.Short(ch.GetTxId()), api.Short(v.c.TxID))
	}
	sum := sha256.Sum256(slices.Concat(sh.GetNonce(), sh.GetCreator()))
	if hex.EncodeToString(sum[:]) != ch.GetTxId() {
		return errors.New("the transaction ID is not the hash of its nonce and creator")
	}
	v.at = ch.GetTimestamp().AsTime()
	s, err := v.ids.verify(sh.GetCreator(), v.envelope.GetPayload(), v.envelope.GetSignature(), v.at)
	if err != nil {
		return err
	}
	v.r.AnchoredBy, v.r.AnchoredAt = s, v.at.UTC()
	return v.readAction(&p)
}

// readAction reads the endorsed action and checks that its endorsements
// are for this transaction's proposal (validation's proposal hash).
func (v *verification) readAction(p *common.Payload) error {
	var tx peer.Transaction
	if err := proto.Unmarshal(p.GetData(), &tx); err != nil {
		return fmt.Errorf("the transaction is unreadable: %w", err)
	}
	if len(tx.GetActions()) != 1 {
		return fmt.Errorf("the transaction has %d actions; Fabric accepts one", len(tx.GetActions()))
	}
	ap := &peer.ChaincodeActionPayload{}
	if err := proto.Unmarshal(tx.GetActions()[0].GetPayload(), ap); err != nil {
		return fmt.Errorf("the chaincode action is unreadable: %w", err)
	}
	v.endorsedAction = ap.GetAction()
	var prp peer.ProposalResponsePayload
	if err := proto.Unmarshal(ap.GetAction().GetProposalResponsePayload(), &prp); err != nil {
		return fmt.Errorf("the proposal response is unreadable: %w", err)
	}
	hash, err := proposalHash(p.GetHeader().GetChannelHeader(), p.GetHeader().GetSignatureHeader(), ap.GetChaincodeProposalPayload())
	if err != nil {
		return err
	}
	if !bytes.Equal(hash, prp.GetProposalHash()) {
		return errors.New("the endorsed response is not for this transaction's proposal")
	}
	v.action = &peer.ChaincodeAction{}
	if err := proto.Unmarshal(prp.GetExtension(), v.action); err != nil {
		return fmt.Errorf("the chaincode's results are unreadable: %w", err)
	}
	if name := v.action.GetChaincodeId().GetName(); name != v.t.Chaincode {
		return fmt.Errorf("the transaction ran chaincode %q, not %q", api.Short(name), v.t.Chaincode)
	}
	return nil
}

// proposalHash is Fabric's (protoutil.GetProposalHash1): over the
// headers and the proposal payload without its transient data.
func proposalHash(channelHeader, signatureHeader, proposalPayload []byte) ([]byte, error) {
	var cpp peer.ChaincodeProposalPayload
	if err := proto.Unmarshal(proposalPayload, &cpp); err != nil {
		return nil, fmt.Errorf("the proposal payload is unreadable: %w", err)
	}
	forTx, err := proto.Marshal(&peer.ChaincodeProposalPayload{Input: cpp.GetInput()})
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(slices.Concat(channelHeader, signatureHeader, forTx))
	return sum[:], nil
}

// endorsements: each verifies, over the response and its endorser.
func (v *verification) endorsements() error {
	prp := v.endorsedAction.GetProposalResponsePayload()
	if len(v.endorsedAction.GetEndorsements()) == 0 {
		return errors.New("the transaction carries no endorsement")
	}
	for i, e := range v.endorsedAction.GetEndorsements() {
		s, err := v.ids.verify(e.GetEndorser(), slices.Concat(prp, e.GetEndorser()), e.GetSignature(), v.at)
		if err != nil {
			return fmt.Errorf("endorsement %d: %w", i+1, err)
		}
		v.endorsed = append(v.endorsed, s)
	}
	v.r.Endorsers = v.endorsed
	return nil
}

func (v *verification) policy() error {
	pol, err := ParsePolicy(v.t.EndorsementPolicy)
	if err != nil {
		return err
	}
	if !pol.SatisfiedBy(v.endorsed) {
		return fmt.Errorf("the endorsers (%s) do not satisfy %s", signers(v.endorsed), pol)
	}
	return nil
}

func signers(ss []Signer) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.MSPID + "." + s.Role
	}
	return strings.Join(out, ", ")
}

// record: the transaction wrote the certificate's record under the
// record's key, and the record is of this transaction and its time.
func (v *verification) record() error {
	written, err := writtenRecord(v.action, v.t.Chaincode, v.c.Number)
	if err != nil {
		return err
	}
	if written == nil {
		return fmt.Errorf("transaction %s did not write record %s", v.c.TxID, api.Short(v.c.Number))
	}
	if field, same := sameJSON(written, v.c.Record); !same {
		return fmt.Errorf("the certificate's record differs from the one transaction %s wrote, at %s", v.c.TxID, field)
	}
	if err := json.Unmarshal(written, &v.written); err != nil {
		return fmt.Errorf("the written record is unreadable: %w", err)
	}
	anchored, err := time.Parse(time.RFC3339Nano, v.written.AnchoredAt)
	switch {
	case v.written.Number != v.c.Number:
		return fmt.Errorf("the written record is number %s, not %s", api.Short(v.written.Number), api.Short(v.c.Number))
	case v.written.TxID != v.c.TxID:
		return fmt.Errorf("the written record names transaction %s", api.Short(v.written.TxID))
	case err != nil || !anchored.Equal(v.at):
		return fmt.Errorf("the record says it was anchored at %s, its transaction is of %s", api.Short(v.written.AnchoredAt), v.at.UTC().Format(time.RFC3339Nano))
	}
	v.r.Algorithm, v.r.Digest = v.written.Algorithm, v.written.Digest
	return nil
}

// RecordIn reads evidence record number as the transaction in envelope
// wrote it (nil if it did not): what a certificate holds as its record.
func RecordIn(envelope []byte, chaincode, number string) ([]byte, error) {
	var env common.Envelope
	var p common.Payload
	var tx peer.Transaction
	if err := unmarshal("envelope", envelope, &env); err != nil {
		return nil, err
	}
	if err := unmarshal("payload", env.GetPayload(), &p); err != nil {
		return nil, err
	}
	if err := unmarshal("transaction", p.GetData(), &tx); err != nil {
		return nil, err
	}
	if len(tx.GetActions()) != 1 {
		return nil, fmt.Errorf("the transaction has %d actions; Fabric accepts one", len(tx.GetActions()))
	}
	var ap peer.ChaincodeActionPayload
	var prp peer.ProposalResponsePayload
	var act peer.ChaincodeAction
	if err := unmarshal("chaincode action", tx.GetActions()[0].GetPayload(), &ap); err != nil {
		return nil, err
	}
	if err := unmarshal("proposal response", ap.GetAction().GetProposalResponsePayload(), &prp); err != nil {
		return nil, err
	}
	if err := unmarshal("chaincode's results", prp.GetExtension(), &act); err != nil {
		return nil, err
	}
	return writtenRecord(&act, chaincode, number)
}

func unmarshal(what string, data []byte, into proto.Message) error {
	if err := proto.Unmarshal(data, into); err != nil {
		return fmt.Errorf("the %s is unreadable: %w", what, err)
	}
	return nil
}

// writtenRecord finds the value the action wrote under a record's key.
func writtenRecord(action *peer.ChaincodeAction, chaincode, number string) ([]byte, error) {
	var rws rwset.TxReadWriteSet
	if err := proto.Unmarshal(action.GetResults(), &rws); err != nil {
		return nil, fmt.Errorf("the transaction's write set is unreadable: %w", err)
	}
	key := compositeKey(evidenceapi.RecordObject, number)
	var written []byte
	for _, ns := range rws.GetNsRwset() {
		if ns.GetNamespace() != chaincode {
			continue
		}
		var kv kvrwset.KVRWSet
		if err := proto.Unmarshal(ns.GetRwset(), &kv); err != nil {
			return nil, fmt.Errorf("the write set of %s is unreadable: %w", chaincode, err)
		}
		for _, w := range kv.GetWrites() {
			if w.GetKey() == key && !w.GetIsDelete() {
				written = w.GetValue()
			}
		}
	}
	return written, nil
}

// compositeKey is the shim's composite key, which the record is stored
// under (object type, then each attribute, each after a zero byte).
func compositeKey(object string, attrs ...string) string {
	return "\x00" + object + "\x00" + strings.Join(attrs, "\x00") + "\x00"
}

// sameJSON compares two JSON objects value by value, numbers as written
// (a float64 would take 9007199254740993 for 9007199254740992), and names
// the first field that differs.
func sameJSON(a, b []byte) (string, bool) {
	x, xerr := jsonObject(a)
	y, yerr := jsonObject(b)
	if xerr != nil || yerr != nil {
		return "the top (not a JSON object)", bytes.Equal(a, b)
	}
	keys := make([]string, 0, len(x)+len(y))
	for k := range x {
		keys = append(keys, k)
	}
	for k := range y {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		xa, _ := json.Marshal(x[k])
		ya, _ := json.Marshal(y[k])
		if !bytes.Equal(xa, ya) {
			return "field " + k, false
		}
	}
	return "", true
}

func jsonObject(doc []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v map[string]any
	return v, dec.Decode(&v)
}

// attestations: peers of enough orgs signed that the transaction is in
// their ledger as valid, answering a query for exactly it.
func (v *verification) attestations() error {
	orgs := map[string]bool{} // lookups only
	var errs []error
	for i, a := range v.c.Attestations {
		at, err := v.attestation(a)
		if err != nil {
			errs = append(errs, fmt.Errorf("attestation %d (%s): %w", i+1, api.Short(a.Peer), err))
			continue
		}
		orgs[at.MSPID] = true
		v.r.Attesters = append(v.r.Attesters, at)
	}
	if len(orgs) < v.t.AttestingOrgs {
		return fmt.Errorf("peers of %d orgs attest the transaction valid; the trust file asks for %d: %w", len(orgs), v.t.AttestingOrgs, errors.Join(errs...))
	}
	return nil
}

func (v *verification) attestation(a Attestation) (Attester, error) {
	var prop peer.Proposal
	var resp peer.ProposalResponse
	if err := proto.Unmarshal(a.Proposal, &prop); err != nil {
		return Attester{}, fmt.Errorf("the query is unreadable: %w", err)
	}
	if err := proto.Unmarshal(a.Response, &resp); err != nil {
		return Attester{}, fmt.Errorf("the answer is unreadable: %w", err)
	}
	var hdr common.Header
	var ch common.ChannelHeader
	if err := proto.Unmarshal(prop.GetHeader(), &hdr); err != nil {
		return Attester{}, fmt.Errorf("the query's header is unreadable: %w", err)
	}
	if err := proto.Unmarshal(hdr.GetChannelHeader(), &ch); err != nil {
		return Attester{}, fmt.Errorf("the query's channel header is unreadable: %w", err)
	}
	if err := queryIs(prop.GetPayload(), "qscc", "GetTransactionByID", v.t.Channel, v.c.TxID); err != nil {
		return Attester{}, err
	}
	if ch.GetChannelId() != v.t.Channel {
		return Attester{}, fmt.Errorf("the query is on channel %q", api.Short(ch.GetChannelId()))
	}
	asked := ch.GetTimestamp().AsTime()
	e := resp.GetEndorsement()
	s, err := v.ids.verify(e.GetEndorser(), slices.Concat(resp.GetPayload(), e.GetEndorser()), e.GetSignature(), asked)
	if err != nil {
		return Attester{}, err
	}
	if s.Role != "peer" {
		return Attester{}, fmt.Errorf("%s of %s is not a peer", s.Subject, s.MSPID)
	}
	var prp peer.ProposalResponsePayload
	var act peer.ChaincodeAction
	if err := proto.Unmarshal(resp.GetPayload(), &prp); err != nil {
		return Attester{}, fmt.Errorf("the signed answer is unreadable: %w", err)
	}
	if err := proto.Unmarshal(prp.GetExtension(), &act); err != nil {
		return Attester{}, fmt.Errorf("the signed answer is unreadable: %w", err)
	}
	hash, err := proposalHash(hdr.GetChannelHeader(), hdr.GetSignatureHeader(), prop.GetPayload())
	if err != nil {
		return Attester{}, err
	}
	switch {
	case !bytes.Equal(hash, prp.GetProposalHash()):
		return Attester{}, errors.New("the signed answer is to another query")
	case act.GetChaincodeId().GetName() != "qscc":
		return Attester{}, fmt.Errorf("the answer comes from chaincode %q, not the peer's qscc", api.Short(act.GetChaincodeId().GetName()))
	case act.GetResponse().GetStatus() != 200:
		return Attester{}, fmt.Errorf("the peer answered status %d: %s", act.GetResponse().GetStatus(), api.Short(act.GetResponse().GetMessage()))
	}
	var pt peer.ProcessedTransaction
	if err := proto.Unmarshal(act.GetResponse().GetPayload(), &pt); err != nil {
		return Attester{}, fmt.Errorf("the processed transaction is unreadable: %w", err)
	}
	if !bytes.Equal(pt.GetTransactionEnvelope().GetPayload(), v.envelope.GetPayload()) ||
		!bytes.Equal(pt.GetTransactionEnvelope().GetSignature(), v.envelope.GetSignature()) {
		return Attester{}, errors.New("the peer's transaction is not the block's")
	}
	if code := peer.TxValidationCode(pt.GetValidationCode()); code != peer.TxValidationCode_VALID {
		return Attester{}, fmt.Errorf("the peer marks the transaction %s", code)
	}
	// The peer's name is its certificate's, not the certificate file's
	// label, which nobody signed.
	return Attester{Peer: s.Name, Signer: s, At: asked.UTC()}, nil
}

// queryIs checks a proposal payload invokes chaincode with exactly args.
func queryIs(payload []byte, chaincode string, args ...string) error {
	var cpp peer.ChaincodeProposalPayload
	var cis peer.ChaincodeInvocationSpec
	if err := proto.Unmarshal(payload, &cpp); err != nil {
		return fmt.Errorf("the query's payload is unreadable: %w", err)
	}
	if err := proto.Unmarshal(cpp.GetInput(), &cis); err != nil {
		return fmt.Errorf("the query's input is unreadable: %w", err)
	}
	got := cis.GetChaincodeSpec().GetInput().GetArgs()
	if cis.GetChaincodeSpec().GetChaincodeId().GetName() != chaincode || len(got) != len(args) {
		return fmt.Errorf("the query is not %s %s", chaincode, args[0])
	}
	for i, a := range args {
		if string(got[i]) != a {
			return fmt.Errorf("the query is not %s %s: argument %d is %q", chaincode, strings.Join(args, " "), i, api.Short(string(got[i])))
		}
	}
	return nil
}

// merklePath: a batch leaf's path leads to the anchored root.
func (v *verification) merklePath() error {
	rc := v.c.Receipt
	switch {
	case rc.Root != v.written.Digest:
		return fmt.Errorf("the receipt's root %s is not the anchored digest %s", api.Short(rc.Root), v.written.Digest)
	case rc.Algorithm != v.written.Algorithm:
		return fmt.Errorf("the receipt is %s, the record %s", api.Short(rc.Algorithm), v.written.Algorithm)
	case rc.EvidenceNumber != v.c.Number || rc.TxID != v.c.TxID:
		return fmt.Errorf("the receipt names record %s in transaction %s", api.Short(rc.EvidenceNumber), api.Short(rc.TxID))
	}
	if err := rc.VerifyOffline(); err != nil {
		return err
	}
	v.r.Root, v.r.Digest = rc.Root, rc.Leaf
	return nil
}

// file: the file is the one whose digest was anchored.
func (v *verification) file(digest []byte) error {
	if got := hex.EncodeToString(digest); got != v.r.Digest {
		return fmt.Errorf("the file's %s digest is %s; the certificate proves %s", v.r.Algorithm, got, v.r.Digest)
	}
	v.r.FileMatches = true
	return nil
}
