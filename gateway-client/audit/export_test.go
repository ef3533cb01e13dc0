package audit_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/courtchain/judicial/gateway-client/audit"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/stretchr/testify/require"
)

func export(tb testing.TB, blocks []*common.Block) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := audit.NewExportWriter(&buf)
	for _, b := range blocks {
		require.NoError(tb, w.WriteBlock(b))
	}
	require.NoError(tb, w.Close())
	return buf.Bytes()
}

// exportLines is an export split into lines, to be edited and re-joined.
type exportLines []string

func linesOf(data []byte) exportLines {
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

func (l exportLines) join() []byte { return []byte(strings.Join(l, "\n") + "\n") }

// block is the 0-based index of block n's line.
func (l exportLines) block(t *testing.T, n int) int {
	t.Helper()
	prefix := fmt.Sprintf(`{"type":"block","number":%d,`, n)
	for i, s := range l {
		if strings.HasPrefix(s, prefix) {
			return i
		}
	}
	t.Fatalf("no line for block %d", n)
	return -1
}

func (l exportLines) edit(t *testing.T, i int, change func(map[string]any)) {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(l[i]), &m))
	change(m)
	out, err := json.Marshal(m)
	require.NoError(t, err)
	l[i] = string(out)
}

func (l exportLines) without(i int) exportLines {
	return append(append(exportLines{}, l[:i]...), l[i+1:]...)
}

func verifyExport(data []byte) error {
	_, err := audit.VerifyExport(bytes.NewReader(data), nil)
	return err
}

func TestExportRoundTrip(t *testing.T) {
	blocks := chain(t)
	data := export(t, blocks)

	var progress []uint64
	report, err := audit.VerifyExport(bytes.NewReader(data), func(n uint64) { progress = append(progress, n) })
	require.NoError(t, err)
	txs := 0
	for _, b := range blocks {
		txs += len(b.Data.Data)
	}
	require.Equal(t, &audit.VerifyReport{
		Blocks: 50, Transactions: txs, First: 0, Last: 49, LastHash: hex.EncodeToString(audit.HeaderHash(blocks[49].Header)),
	}, report)
	require.Len(t, progress, 50)
	require.Equal(t, uint64(49), progress[49])

	l := linesOf(data)
	require.Len(t, l, 50+txs+1)
	require.JSONEq(t, fmt.Sprintf(`{"type":"end","blocks":50,"transactions":%d,"first":0,"last":49,"lastHash":%q}`, txs, report.LastHash), l[len(l)-1])

	var tx map[string]any
	require.NoError(t, json.Unmarshal([]byte(l[l.block(t, 14)+1]), &tx))
	require.Equal(t, "tx", tx["type"])
	require.Equal(t, "ENDORSER_TRANSACTION", tx["txType"])
	require.Equal(t, function, tx["function"])
	require.Equal(t, "judge", tx["creator"].(map[string]any)["role"])
	require.NotContains(t, string(data), caseNo)
}

func TestExportEmpty(t *testing.T) {
	data := export(t, nil)
	report, err := audit.VerifyExport(bytes.NewReader(data), nil)
	require.NoError(t, err)
	require.Equal(t, &audit.VerifyReport{}, report)

	require.EqualError(t, verifyExport(nil), "the export ends before any block without its end line: it is truncated")
}

func TestExportOfBrokenChainFails(t *testing.T) {
	blocks := chain(t)
	blocks[20].Data.Data[0] = editWrite(t, blocks[20].Data.Data[0], []byte(`{}`))
	var buf bytes.Buffer
	w := audit.NewExportWriter(&buf)
	var err error
	for _, b := range blocks {
		if err = w.WriteBlock(b); err != nil {
			break
		}
	}
	requireChainError(t, err, 20, audit.CheckDataHash)
	require.ErrorContains(t, err, "export: block 20: data hash is")
	require.ErrorIs(t, w.Close(), err)
	require.ErrorIs(t, w.WriteBlock(blocks[21]), err)
	// What it leaves behind cannot pass for a complete export.
	require.EqualError(t, verifyExport(buf.Bytes()), "the export ends after block 19 without its end line: it is truncated")
}

func TestVerifyExportCatchesEditedTxLine(t *testing.T) {
	l := linesOf(export(t, chain(t)))
	i := l.block(t, 14) + 2 // transaction 1 of block 14
	l.edit(t, i, func(m map[string]any) {
		m["writes"].([]any)[0].(map[string]any)["value"].(map[string]any)["status"] = "REVOKED"
	})
	err := verifyExport(l.join())
	require.ErrorContains(t, err, fmt.Sprintf("line %d: transaction 1 of block 14 (txId %s) differs from the raw block: "+
		`writes[0].value.status is "REVOKED" in the export, "ACTIVE" in the raw block`, i+1, txIDAt(t, l[i])))

	l = linesOf(export(t, chain(t)))
	l.edit(t, i, func(m map[string]any) { m["validation"] = "ENDORSEMENT_POLICY_FAILURE" })
	require.ErrorContains(t, verifyExport(l.join()), fmt.Sprintf(`line %d: transaction 1 of block 14 (txId %s) differs from the raw block: `+
		`validation is "ENDORSEMENT_POLICY_FAILURE" in the export, "VALID" in the raw block`, i+1, txIDAt(t, l[i])))

	l = linesOf(export(t, chain(t)))
	l.edit(t, i, func(m map[string]any) { m["approvedBy"] = "chief judge" })
	require.ErrorContains(t, verifyExport(l.join()), fmt.Sprintf(`line %d: malformed tx line (transaction 1 of block 14): json: unknown field "approvedBy"`, i+1))
}

func txIDAt(t *testing.T, line string) string {
	var tx struct{ TxID string }
	require.NoError(t, json.Unmarshal([]byte(line), &tx))
	return tx.TxID
}

func TestVerifyExportCatchesEditedBlockLine(t *testing.T) {
	blocks := chain(t)
	l := linesOf(export(t, blocks))
	i := l.block(t, 14)
	forged := strings.Repeat("ab", 32)
	l.edit(t, i, func(m map[string]any) { m["hash"] = forged })
	require.EqualError(t, verifyExport(l.join()), fmt.Sprintf("line %d: block 14: the line's hash is %s, its raw header gives %s",
		i+1, forged, hexOf(audit.HeaderHash(blocks[14].Header))))
}

func TestVerifyExportCatchesTamperedRawBlock(t *testing.T) {
	// Block 20's raw block and its lines forged together, consistently:
	// only block 21's link catches it.
	blocks := chain(t)
	blocks[20].Data.Data[0] = editWrite(t, blocks[20].Data.Data[0], []byte(`{}`))
	blocks[20].Header.DataHash = audit.DataHash(blocks[20].Data)
	forged := linesOf(export(t, blocks[20:21]))
	genuine := linesOf(export(t, chain(t)))
	b20, b21 := genuine.block(t, 20), genuine.block(t, 21)
	l := append(append(append(exportLines{}, genuine[:b20]...), forged[:len(forged)-1]...), genuine[b21:]...)
	err := verifyExport(l.join())
	requireChainError(t, err, 21, audit.CheckPreviousHash)
	require.ErrorContains(t, err, fmt.Sprintf("line %d: block 21: previous hash is", b21+1))
}

func TestVerifyExportCatchesDeletedLines(t *testing.T) {
	l := linesOf(export(t, chain(t)))
	b14, b15 := l.block(t, 14), l.block(t, 15)
	err := verifyExport(l.without(b14 + 3).join())
	require.EqualError(t, err, fmt.Sprintf("line %d: block 15 begins, but block 14 (line %d) has only 2 of its 3 tx lines: lines are missing", b15, b14+1))

	// A line gone from the middle shifts the others onto the wrong transaction.
	err = verifyExport(l.without(b14 + 1).join())
	require.ErrorContains(t, err, fmt.Sprintf("line %d: transaction 0 of block 14 (txId %s) differs from the raw block: ", b14+2, txIDAt(t, l[b14+1])))

	err = verifyExport(l.without(b14).join())
	require.EqualError(t, err, fmt.Sprintf("line %d: block 13 holds 2 transactions, but another tx line follows", b14+1))

	last := len(l) - 2 // the last tx line
	err = verifyExport(l.without(last).join())
	require.EqualError(t, err, fmt.Sprintf("line %d: the end line comes, but block 49 (line %d) has only 1 of its 2 tx lines: lines are missing",
		last+1, l.block(t, 49)+1))
}

func TestVerifyExportCatchesTruncation(t *testing.T) {
	data := export(t, chain(t))
	l := linesOf(data)

	err := verifyExport(l[:len(l)-1].join())
	require.EqualError(t, err, "the export ends after block 49 without its end line: it is truncated")

	i := l.block(t, 30)
	cut := []byte(strings.Join(l[:i], "\n") + "\n" + l[i][:len(l[i])/2])
	err = verifyExport(cut)
	require.ErrorContains(t, err, fmt.Sprintf("line %d is incomplete: the export ends after block 29 without its end line: it is truncated", i+1))

	cut = []byte(strings.Join(l[:i+2], "\n") + "\n" + l[i+2][:20])
	err = verifyExport(cut)
	require.ErrorContains(t, err, fmt.Sprintf("line %d is incomplete: the export ends after block 30 without its end line: it is truncated", i+3))

	// Cut cleanly after a line: no end line either.
	require.EqualError(t, verifyExport(l[:i+1].join()), "the export ends after block 30 without its end line: it is truncated")
}

func TestVerifyExportCatchesSwappedBlockLines(t *testing.T) {
	l := linesOf(export(t, chain(t)))
	i, j := l.block(t, 20), l.block(t, 21)
	l[i], l[j] = l[j], l[i]
	err := verifyExport(l.join())
	requireChainError(t, err, 21, audit.CheckNumber)
	require.EqualError(t, err, fmt.Sprintf("line %d: block 21 arrived where block 20 was expected: blocks are missing or out of order", i+1))
}

func TestVerifyExportRejectsMalformedLines(t *testing.T) {
	l := linesOf(export(t, chain(t)[:5]))
	replace := func(i int, line string) exportLines {
		out := append(exportLines{}, l...)
		out[i] = line
		return out
	}
	insert := func(i int, line string) exportLines {
		return append(append(append(exportLines{}, l[:i]...), line), l[i:]...)
	}
	for _, c := range []struct {
		name  string
		lines exportLines
		want  string
	}{
		{"garbage", replace(3, "this is not JSON"), "line 4: malformed JSON: invalid character 'h' in literal true (expecting 'r')"},
		{"cut object", replace(3, `{"type":"tx", "txId":`), "line 4: malformed tx line (transaction 0 of block 1): unexpected EOF"},
		{"trailing data", replace(3, l[3]+` {}`), "line 4: malformed tx line (transaction 0 of block 1): data after the JSON object"},
		{"no type", replace(3, `{"number":3}`), `line 4: a line without a "type"`},
		{"unknown type", replace(3, `{"type":"comment","text":"ok"}`), `line 4: unknown line type "comment" (expected block, tx or end)`},
		{"tx first", insert(0, l[1]), "line 1: a tx line before any block line"},
		{"after end", insert(len(l), l[1]), fmt.Sprintf("line %d: content after the end line", len(l)+1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.EqualError(t, verifyExport(c.lines.join()), c.want)
		})
	}
}

func TestVerifyExportChecksEndLine(t *testing.T) {
	l := linesOf(export(t, chain(t)[:5]))
	end := len(l) - 1
	l.edit(t, end, func(m map[string]any) { m["blocks"] = 6 })
	require.EqualError(t, verifyExport(l.join()), fmt.Sprintf("line %d: the end line says blocks 6, the export holds 5", end+1))
}

func TestVerifyExportAcceptsReformattedLines(t *testing.T) {
	// jq -c style rewrites (other key order, HTML escapes) change no content.
	l := linesOf(export(t, chain(t)[:5]))
	for i := range l {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l[i]), &m))
		out, err := json.Marshal(m) // sorted keys, "<" escaped as \u003c
		require.NoError(t, err)
		l[i] = string(out)
	}
	require.NoError(t, verifyExport(l.join()))
}

func TestChainErrorIsReachable(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", &audit.ChainError{Block: 3, Check: audit.CheckOrder, Expected: "4", Found: "3"})
	var ce *audit.ChainError
	require.True(t, errors.As(err, &ce))
}

func TestExportLargeBlockWithRejectedGarbage(t *testing.T) {
	// A 3 MiB envelope the peers rejected: longer than the reader's buffer,
	// and not a transaction at all, yet on the ledger and in the export.
	blocks := chain(t)[:3]
	garbage := &common.Envelope{Payload: bytes.Repeat([]byte{0xff}, 3<<20)}
	prev := audit.HeaderHash(blocks[2].Header)
	blocks = append(blocks, seal(t, 3, prev, []*common.Envelope{endorserTx(t, txSpec{seq: 99}), garbage},
		[]peer.TxValidationCode{peer.TxValidationCode_VALID, peer.TxValidationCode_BAD_PAYLOAD}))

	txs, err := audit.DecodeBlock(blocks[3])
	require.NoError(t, err)
	require.Equal(t, &audit.Tx{Block: 3, Index: 1, Validation: "BAD_PAYLOAD"}, txs[1])

	data := export(t, blocks)
	require.Greater(t, len(data), 4<<20)
	report, err := audit.VerifyExport(bytes.NewReader(data), nil)
	require.NoError(t, err)
	require.Equal(t, 4, report.Blocks)

	l := linesOf(data)
	i := l.block(t, 3)
	cut := []byte(strings.Join(l[:i], "\n") + "\n" + l[i][:len(l[i])/2])
	require.ErrorContains(t, verifyExport(cut), fmt.Sprintf("line %d is incomplete: the export ends after block 2 without its end line: it is truncated", i+1))
}
