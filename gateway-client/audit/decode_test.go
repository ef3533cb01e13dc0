package audit_test

import (
	"encoding/hex"
	"encoding/json"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	"testing"

	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/stretchr/testify/require"
)

func TestDecodeTxReadsEveryField(t *testing.T) {
	spec := txSpec{seq: 4, transient: true}
	tx, err := audit.DecodeTx(endorserTx(t, spec), peer.TxValidationCode_VALID, 7, 2)
	require.NoError(t, err)

	require.Equal(t, spec.id(), tx.TxID)
	require.Equal(t, channel, tx.Channel)
	require.Equal(t, "ENDORSER_TRANSACTION", tx.Type)
	require.Equal(t, "2026-03-01T08:00:00.004Z", tx.Timestamp)
	require.Equal(t, uint64(7), tx.Block)
	require.Equal(t, 2, tx.Index)
	require.Equal(t, "VALID", tx.Validation)
	require.Equal(t, audit.Creator{
		MSPID: "CourtMSP", Subject: "CN=judge01,OU=client,O=Court", Issuer: "CN=judge01,OU=client,O=Court", Role: "judge",
	}, tx.Creator)
	require.Equal(t, "judicial", tx.Chaincode)
	require.Equal(t, function, tx.Function)
	require.Equal(t, []audit.ArgDigest{
		{Size: len(caseNo), SHA256: hex.EncodeToString(sum(caseNo))},
		{Size: 64, SHA256: hex.EncodeToString(sum(spec.evidenceArg()))},
	}, tx.Args)

	key := "enforcement~" + caseKey + "~4"
	require.Equal(t, []audit.Read{
		{Namespace: "_lifecycle", Key: "namespaces/fields/judicial/Sequence", Version: "2:0"},
		{Namespace: "judicial", Key: "case~" + caseKey, Version: "3:1"},
		{Namespace: "judicial", Key: key},
	}, tx.Reads)
	require.Equal(t, []audit.RangeRead{{Namespace: "judicial", Start: "enforcement~", End: "enforcement~\U0010FFFF", Exhausted: true}}, tx.RangeReads)
	require.Len(t, tx.Writes, 3)
	require.JSONEq(t, `{"case":"`+caseKey+`","status":"ACTIVE","note":"执行 <b>","seq":4}`, string(tx.Writes[0].Value))
	require.Equal(t, audit.Write{Namespace: "judicial", Key: "blob~" + key, Raw: "/wAE"}, tx.Writes[1])
	require.Equal(t, audit.Write{Namespace: "judicial", Key: "pending~" + key, Delete: true}, tx.Writes[2])
	require.Equal(t, []audit.MetadataWrite{{Namespace: "judicial", Key: key, Names: []string{"VALIDATION_PARAMETER"}}}, tx.MetadataWrites)
	require.Equal(t, []audit.PrivateWrite{
		{Namespace: "judicial", Collection: collName, KeyHash: hex.EncodeToString(sum(evidenceK))},
		{Namespace: "judicial", Collection: collName, KeyHash: hex.EncodeToString(sum("evidence~old")), Delete: true, Purge: true},
	}, tx.PrivateWrites)
	require.Equal(t, "judicial", tx.Event)

	out, err := json.Marshal(tx)
	require.NoError(t, err)
	require.NotContains(t, string(out), caseNo, "an argument leaked in clear")
	require.NotContains(t, string(out), spec.evidenceArg(), "an argument leaked in clear")
	require.NotContains(t, string(out), "TRANSIENT-SECRET", "transient data leaked")
	require.Contains(t, string(out), `"function":"`+string(enforcementapi.Activate.Function)+`"`)
}

func TestDecodeTxCreatorWithoutRole(t *testing.T) {
	cert, err := selfSigned("clerk", "")
	require.NoError(t, err)
	env := rewrapCreator(t, endorserTx(t, txSpec{seq: 1}), &msp.SerializedIdentity{Mspid: "CourtMSP", IdBytes: cert})
	tx, err := audit.DecodeTx(env, peer.TxValidationCode_VALID, 1, 0)
	require.NoError(t, err)
	require.Equal(t, "CN=clerk,OU=client,O=Court", tx.Creator.Subject)
	require.Empty(t, tx.Creator.Role)
	out, err := json.Marshal(tx.Creator)
	require.NoError(t, err)
	require.NotContains(t, string(out), "role")
}

func rewrapCreator(t *testing.T, env *common.Envelope, id *msp.SerializedIdentity) *common.Envelope {
	payload := &common.Payload{}
	unmarshal(t, env.Payload, payload)
	payload.Header.SignatureHeader = marshal(t, &common.SignatureHeader{Creator: marshal(t, id)})
	return &common.Envelope{Payload: marshal(t, payload)}
}

func TestDecodeTxMalformed(t *testing.T) {
	garbage := &common.Envelope{Payload: []byte("not a payload at all")}

	_, err := audit.DecodeTx(garbage, peer.TxValidationCode_VALID, 9, 1)
	require.ErrorContains(t, err, "block 9, transaction 1 (valid): payload")

	// Peers commit what they reject: the audit must still read the block.
	tx, err := audit.DecodeTx(garbage, peer.TxValidationCode_BAD_PAYLOAD, 9, 1)
	require.NoError(t, err)
	require.Equal(t, &audit.Tx{Block: 9, Index: 1, Validation: "BAD_PAYLOAD"}, tx)
}

func TestDecodeBlockUsesValidationCodes(t *testing.T) {
	blocks := buildChain(t, 6)

	txs, err := audit.DecodeBlock(blocks[0])
	require.NoError(t, err)
	require.Len(t, txs, 1)
	require.Equal(t, "CONFIG", txs[0].Type)
	require.Equal(t, channel, txs[0].Channel)
	require.Empty(t, txs[0].Function)
	require.Equal(t, audit.Creator{}, txs[0].Creator)

	// Blocks 1..5 hold 2,3,1,2,3 transactions; every fifth is a conflict.
	txs, err = audit.DecodeBlock(blocks[2])
	require.NoError(t, err)
	require.Len(t, txs, 3)
	require.Equal(t, []string{"VALID", "VALID", "MVCC_READ_CONFLICT"},
		[]string{txs[0].Validation, txs[1].Validation, txs[2].Validation})
	for i, tx := range txs {
		require.Equal(t, uint64(2), tx.Block)
		require.Equal(t, i, tx.Index)
		require.Equal(t, function, tx.Function)
		require.Equal(t, "judge", tx.Creator.Role)
	}

	noFilter := blocks[3]
	noFilter.Metadata.Metadata[common.BlockMetadataIndex_TRANSACTIONS_FILTER] = nil
	_, err = audit.DecodeBlock(noFilter)
	require.ErrorContains(t, err, "block 3: the transactions filter has 0 validation codes for 1 transactions")
}

func TestSummarise(t *testing.T) {
	blocks := buildChain(t, 3)
	s, err := audit.Summarise(blocks[2])
	require.NoError(t, err)
	require.Equal(t, uint64(2), s.Number)
	require.Equal(t, hex.EncodeToString(audit.HeaderHash(blocks[2].Header)), s.Hash)
	require.Equal(t, hex.EncodeToString(audit.HeaderHash(blocks[1].Header)), s.PreviousHash)
	require.Equal(t, hex.EncodeToString(audit.DataHash(blocks[2].Data)), s.DataHash)
	require.Equal(t, 3, s.TxCount)
	require.Len(t, s.Transactions, 3)
	require.Equal(t, audit.TxSummary{Index: 2, TxID: txSpec{seq: 5}.id(), Type: "ENDORSER_TRANSACTION",
		Function: function, Validation: "MVCC_READ_CONFLICT"}, s.Transactions[2])

	g, err := audit.Summarise(blocks[0])
	require.NoError(t, err)
	require.Empty(t, g.PreviousHash)
	out, err := json.Marshal(g)
	require.NoError(t, err)
	require.Contains(t, string(out), `"transactions":[{"index":0,"txId":"","type":"CONFIG","validation":"VALID"}]`)
}
