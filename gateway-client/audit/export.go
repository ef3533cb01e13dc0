package audit

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"google.golang.org/protobuf/proto"
)

// An export is JSON Lines: for each block a "block" line carrying the raw
// block, then one "tx" line per transaction of that block in order, and a
// final "end" line with the totals. The raw blocks are the evidence; the
// other fields are a readable view that VerifyExport re-derives from them.
const (
	kindBlock = "block"
	kindTx    = "tx"
	kindEnd   = "end"
)

type blockLine struct {
	Type         string `json:"type"`
	Number       uint64 `json:"number"`
	Hash         string `json:"hash"`
	PreviousHash string `json:"previousHash"`
	DataHash     string `json:"dataHash"`
	TxCount      int    `json:"txCount"`
	Raw          []byte `json:"raw"` // base64 (standard) of proto.Marshal(block)
}

// txLine flattens a Tx into a line. The line's "type" is the line kind, so
// the transaction's own header type moves to "txType" (the outer field
// shadows Tx.Type in encoding/json).
type txLine struct {
	Type   string `json:"type"`
	TxType string `json:"txType"`
	*Tx
}

type endLine struct {
	Type string `json:"type"`
	VerifyReport
}

// VerifyReport is what an export holds, as its end line states and
// VerifyExport confirms.
type VerifyReport struct {
	Blocks       int    `json:"blocks"`
	Transactions int    `json:"transactions"`
	First        uint64 `json:"first"`
	Last         uint64 `json:"last"`
	LastHash     string `json:"lastHash"`
}

// lineEncoder marshals lines the same way for writing and for comparing.
type lineEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func newLineEncoder() *lineEncoder {
	e := &lineEncoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false) // values are read by people and jq, not embedded in HTML
	return e
}

// encode returns the line with its newline; valid until the next call.
func (e *lineEncoder) encode(v any) ([]byte, error) {
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return nil, err
	}
	return e.buf.Bytes(), nil
}

func (r *VerifyReport) add(number uint64, hash []byte, txs int) {
	if r.Blocks == 0 {
		r.First = number
	}
	r.Blocks++
	r.Transactions += txs
	r.Last = number
	r.LastHash = hex.EncodeToString(hash)
}

// ExportWriter streams blocks to an export, holding one block at a time.
type ExportWriter struct {
	w        *bufio.Writer
	lines    *lineEncoder
	verifier *Verifier
	ids      creators
	report   VerifyReport
	err      error // sticky: after a failure no end line is written
	closed   bool
}

// NewExportWriter writes an export to w, buffered.
func NewExportWriter(w io.Writer) *ExportWriter {
	return &ExportWriter{w: bufio.NewWriterSize(w, 1<<16), lines: newLineEncoder(), verifier: NewVerifier(), ids: creators{}}
}

// WriteBlock verifies the block against the ones written before it and
// appends it. Blocks must come in ascending order; a broken chain fails with
// a *ChainError before anything of the offending block is written.
func (e *ExportWriter) WriteBlock(b *common.Block) error {
	if e.err != nil {
		return e.err
	}
	if e.closed {
		return errors.New("export: WriteBlock after Close")
	}
	if err := e.writeBlock(b); err != nil {
		e.err = fmt.Errorf("export: %w", err) // err names the block
		return e.err
	}
	return nil
}

func (e *ExportWriter) writeBlock(b *common.Block) error {
	txs, err := decodeBlock(b, e.ids)
	if err != nil {
		return err
	}
	raw, err := proto.Marshal(b)
	if err != nil {
		return fmt.Errorf("block %d: %w", b.GetHeader().GetNumber(), err)
	}
	if err := e.verifier.Add(b); err != nil {
		return err
	}
	h := b.GetHeader()
	_, hash, _ := e.verifier.Last()
	if err := e.put(blockLine{
		Type: kindBlock, Number: h.GetNumber(), Hash: hex.EncodeToString(hash),
		PreviousHash: hex.EncodeToString(h.GetPreviousHash()), DataHash: hex.EncodeToString(h.GetDataHash()),
		TxCount: len(txs), Raw: raw,
	}); err != nil {
		return err
	}
	for _, tx := range txs {
		if err := e.put(txLine{Type: kindTx, TxType: tx.Type, Tx: tx}); err != nil {
			return err
		}
	}
	e.report.add(h.GetNumber(), hash, len(txs))
	return nil
}

func (e *ExportWriter) put(v any) error {
	line, err := e.lines.encode(v)
	if err != nil {
		return err
	}
	_, err = e.w.Write(line)
	return err
}

// Close writes the end line and flushes; it does not close the underlying
// writer. After a failed WriteBlock it only flushes and returns that error,
// so the export left behind is visibly truncated rather than complete.
func (e *ExportWriter) Close() error {
	if e.closed {
		return e.err
	}
	e.closed = true
	if e.err == nil {
		e.err = e.put(endLine{Type: kindEnd, VerifyReport: e.report})
	}
	if err := e.w.Flush(); err != nil && e.err == nil {
		e.err = err
	}
	return e.err
}
