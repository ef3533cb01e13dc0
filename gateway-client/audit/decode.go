package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
)

// Creator is who submitted a transaction, as its signature header names it.
type Creator struct {
	MSPID   string `json:"mspId"`
	Subject string `json:"subject"`
	Issuer  string `json:"issuer"`
	Role    string `json:"role,omitempty"`
}

// ArgDigest stands for an invocation argument: arguments carry case data,
// so an audit trail shows only enough to match them against a known copy.
type ArgDigest struct {
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// Read is a key the transaction read; Version is "block:tx" of the write it
// saw, "" if the key did not exist.
type Read struct {
	Namespace string `json:"namespace"`
	Key       string `json:"key"`
	Version   string `json:"version,omitempty"`
}

// RangeRead is a range query the transaction ran.
type RangeRead struct {
	Namespace string `json:"namespace"`
	Start     string `json:"start"`
	End       string `json:"end"`
	Exhausted bool   `json:"exhausted"`
}

// Write is a key the transaction wrote or deleted. Value holds a JSON value
// as JSON so that it stays readable; any other value is in Raw, base64.
type Write struct {
	Namespace string          `json:"namespace"`
	Key       string          `json:"key"`
	Delete    bool            `json:"delete,omitempty"`
	Value     json.RawMessage `json:"value,omitempty"`
	Raw       string          `json:"raw,omitempty"`
}

// MetadataWrite is a change to a key's metadata, such as its
// VALIDATION_PARAMETER (key-level endorsement policy).
type MetadataWrite struct {
	Namespace string   `json:"namespace"`
	Key       string   `json:"key"`
	Names     []string `json:"names"`
}

// PrivateWrite is a write to a private data collection: the ledger holds
// only hashes, so only the key's hash can be shown.
type PrivateWrite struct {
	Namespace  string `json:"namespace"`
	Collection string `json:"collection"`
	KeyHash    string `json:"keyHash"`
	Delete     bool   `json:"delete,omitempty"`
	Purge      bool   `json:"purge,omitempty"`
}

// Tx is one committed transaction as an auditor reads it.
type Tx struct {
	TxID           string          `json:"txId"`
	Channel        string          `json:"channel"`
	Type           string          `json:"type"`
	Timestamp      string          `json:"timestamp"`
	Block          uint64          `json:"block"`
	Index          int             `json:"index"`
	Validation     string          `json:"validation"`
	Creator        Creator         `json:"creator"`
	Chaincode      string          `json:"chaincode,omitempty"`
	Function       string          `json:"function,omitempty"`
	Args           []ArgDigest     `json:"args,omitempty"`
	Reads          []Read          `json:"reads,omitempty"`
	RangeReads     []RangeRead     `json:"rangeReads,omitempty"`
	Writes         []Write         `json:"writes,omitempty"`
	MetadataWrites []MetadataWrite `json:"metadataWrites,omitempty"`
	PrivateWrites  []PrivateWrite  `json:"privateWrites,omitempty"`
	Event          string          `json:"event,omitempty"`
}

// DecodeTx decodes one envelope of a block.
//
// A transaction the peers rejected (validation other than VALID) is still
// on the ledger however malformed it is; its validation code already says
// why it does not count, so what can be read of it is returned rather than
// an error. A VALID transaction that does not decode is an error.
func DecodeTx(env *common.Envelope, validation peer.TxValidationCode, block uint64, index int) (*Tx, error) {
	tx := &Tx{Block: block, Index: index, Validation: validation.String()}
	return settle(tx, decodeEnvelope(tx, env, nil), validation)
}

// DecodeBlock decodes every transaction of a block with the validation code
// the peer recorded for it in the block metadata.
func DecodeBlock(b *common.Block) ([]*Tx, error) {
	return decodeBlock(b, nil)
}

func decodeBlock(b *common.Block, ids creators) ([]*Tx, error) {
	if b.GetHeader() == nil {
		return nil, errors.New("block has no header")
	}
	number := b.GetHeader().GetNumber()
	data := b.GetData().GetData()
	codes := validationCodes(b)
	if len(codes) != len(data) {
		return nil, fmt.Errorf("block %d: the transactions filter has %d validation codes for %d transactions (was the block validated by a peer?)",
			number, len(codes), len(data))
	}
	txs := make([]*Tx, len(data))
	for i, raw := range data {
		code := peer.TxValidationCode(codes[i])
		tx := &Tx{Block: number, Index: i, Validation: code.String()}
		env := &common.Envelope{}
		err := proto.Unmarshal(raw, env)
		if err != nil {
			err = fmt.Errorf("envelope: %w", err)
		} else {
			err = decodeEnvelope(tx, env, ids)
		}
		if txs[i], err = settle(tx, err, code); err != nil {
			return nil, err
		}
	}
	return txs, nil
}

func validationCodes(b *common.Block) []byte {
	md := b.GetMetadata().GetMetadata()
	if len(md) <= int(common.BlockMetadataIndex_TRANSACTIONS_FILTER) {
		return nil
	}
	return md[common.BlockMetadataIndex_TRANSACTIONS_FILTER]
}

func settle(tx *Tx, err error, validation peer.TxValidationCode) (*Tx, error) {
	if err == nil || validation != peer.TxValidationCode_VALID {
		return tx, nil
	}
	return nil, fmt.Errorf("block %d, transaction %d (valid): %w", tx.Block, tx.Index, err)
}

func decodeEnvelope(tx *Tx, env *common.Envelope, ids creators) error {
	if env == nil {
		return errors.New("no envelope")
	}
	payload := &common.Payload{}
	if err := proto.Unmarshal(env.GetPayload(), payload); err != nil {
		return fmt.Errorf("payload: %w", err)
	}
	if payload.GetHeader() == nil {
		return errors.New("payload has no header")
	}
	ch := &common.ChannelHeader{}
	if err := proto.Unmarshal(payload.GetHeader().GetChannelHeader(), ch); err != nil {
		return fmt.Errorf("channel header: %w", err)
	}
	tx.TxID = ch.GetTxId()
	tx.Channel = ch.GetChannelId()
	tx.Type = common.HeaderType(ch.GetType()).String()
	if ts := ch.GetTimestamp(); ts != nil {
		tx.Timestamp = ts.AsTime().UTC().Format(time.RFC3339Nano)
	}
	sh := &common.SignatureHeader{}
	if err := proto.Unmarshal(payload.GetHeader().GetSignatureHeader(), sh); err != nil {
		return fmt.Errorf("signature header: %w", err)
	}
	creator, err := ids.decode(sh.GetCreator())
	if err != nil {
		return fmt.Errorf("creator: %w", err)
	}
	tx.Creator = creator
	if ch.GetType() != int32(common.HeaderType_ENDORSER_TRANSACTION) {
		// Config and other system transactions invoke no chaincode.
		return nil
	}
	return decodeEndorserTx(tx, payload.GetData())
}

func decodeEndorserTx(tx *Tx, data []byte) error {
	t := &peer.Transaction{}
	if err := proto.Unmarshal(data, t); err != nil {
		return fmt.Errorf("transaction: %w", err)
	}
	// Fabric v2 validation rejects any other number of actions.
	if n := len(t.GetActions()); n != 1 {
		return fmt.Errorf("transaction has %d actions, Fabric supports exactly one", n)
	}
	ap := &peer.ChaincodeActionPayload{}
	if err := proto.Unmarshal(t.GetActions()[0].GetPayload(), ap); err != nil {
		return fmt.Errorf("chaincode action payload: %w", err)
	}
	if err := decodeInvocation(tx, ap.GetChaincodeProposalPayload()); err != nil {
		return err
	}
	if ap.GetAction() == nil {
		return errors.New("transaction has no endorsed action")
	}
	prp := &peer.ProposalResponsePayload{}
	if err := proto.Unmarshal(ap.GetAction().GetProposalResponsePayload(), prp); err != nil {
		return fmt.Errorf("proposal response payload: %w", err)
	}
	act := &peer.ChaincodeAction{}
	if err := proto.Unmarshal(prp.GetExtension(), act); err != nil {
		return fmt.Errorf("chaincode action: %w", err)
	}
	if tx.Chaincode == "" {
		tx.Chaincode = act.GetChaincodeId().GetName()
	}
	if err := decodeResults(tx, act.GetResults()); err != nil {
		return err
	}
	if len(act.GetEvents()) > 0 {
		ev := &peer.ChaincodeEvent{}
		if err := proto.Unmarshal(act.GetEvents(), ev); err != nil {
			return fmt.Errorf("chaincode event: %w", err)
		}
		tx.Event = ev.GetEventName()
	}
	return nil
}

// decodeInvocation reads what was invoked. The proposal payload's
// TransientMap is never read: Fabric strips it before ordering, and were one
// present it would be exactly the data that must not leak into an audit.
func decodeInvocation(tx *Tx, proposalPayload []byte) error {
	cpp := &peer.ChaincodeProposalPayload{}
	if err := proto.Unmarshal(proposalPayload, cpp); err != nil {
		return fmt.Errorf("chaincode proposal payload: %w", err)
	}
	cis := &peer.ChaincodeInvocationSpec{}
	if err := proto.Unmarshal(cpp.GetInput(), cis); err != nil {
		return fmt.Errorf("chaincode invocation spec: %w", err)
	}
	spec := cis.GetChaincodeSpec()
	tx.Chaincode = spec.GetChaincodeId().GetName()
	args := spec.GetInput().GetArgs()
	if len(args) == 0 {
		return nil
	}
	tx.Function = string(args[0])
	for _, a := range args[1:] {
		sum := sha256.Sum256(a)
		tx.Args = append(tx.Args, ArgDigest{Size: len(a), SHA256: hex.EncodeToString(sum[:])})
	}
	return nil
}
