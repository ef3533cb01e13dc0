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

// maxLine bounds one line: Fabric caps a block at 99 MB, whose base64 is
// about 132 MB. Anything longer is not an export, and reading it whole would
// only exhaust memory.
const maxLine = 256 << 20

// VerifyExport re-verifies a chain from an export alone, in one pass and in
// memory bounded by the largest block: each block line against its raw
// block, the raw blocks as a chain (Verifier), each tx line against what
// DecodeBlock derives from the raw block, and the end line's totals.
// progress, if not nil, is called with each block's number once the block
// and its tx lines have been checked.
func VerifyExport(r io.Reader, progress func(block uint64)) (*VerifyReport, error) {
	v := &exportCheck{verifier: NewVerifier(), ids: creators{}, lines: newLineEncoder(), progress: progress}
	in := &lineReader{r: bufio.NewReaderSize(r, 1<<20)}
	for {
		line, complete, err := in.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading line %d: %w", in.n+1, err)
		}
		if len(line) == 0 {
			continue
		}
		if err := v.check(in.n, line); err != nil {
			if !complete {
				return nil, fmt.Errorf("line %d is incomplete: %s without its end line: it is truncated (%w)", in.n, v.endsAfter(), err)
			}
			return nil, err
		}
	}
	if !v.ended {
		return nil, fmt.Errorf("%s without its end line: it is truncated", v.endsAfter())
	}
	return &v.report, nil
}

// lineReader yields lines with their surrounding space trimmed, noting
// whether the last one ended with a newline: a missing one on a bad line
// means the file was cut there.
type lineReader struct {
	r   *bufio.Reader
	buf []byte
	n   int
}

func (l *lineReader) next() (line []byte, complete bool, err error) {
	frag, err := l.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		// A long line: gather it in a buffer reused from line to line.
		l.buf = append(l.buf[:0], frag...)
		for err == bufio.ErrBufferFull {
			if len(l.buf) > maxLine {
				return nil, false, fmt.Errorf("line longer than %d MiB", maxLine>>20)
			}
			frag, err = l.r.ReadSlice('\n')
			l.buf = append(l.buf, frag...)
		}
		frag = l.buf
	}
	if err != nil && err != io.EOF {
		return nil, false, err
	}
	if err == io.EOF && len(frag) == 0 {
		return nil, false, io.EOF
	}
	l.n++
	return bytes.TrimSpace(frag), err == nil, nil
}

type exportCheck struct {
	verifier *Verifier
	ids      creators
	lines    *lineEncoder
	progress func(uint64)
	report   VerifyReport
	ended    bool

	// The block whose tx lines are being read.
	inBlock   bool
	number    uint64
	blockLine int
	want      []*Tx
	seen      int
}

func (v *exportCheck) endsAfter() string {
	if v.report.Blocks == 0 {
		return "the export ends before any block"
	}
	return fmt.Sprintf("the export ends after block %d", v.report.Last)
}

func (v *exportCheck) check(n int, line []byte) error {
	if v.ended {
		return fmt.Errorf("line %d: content after the end line", n)
	}
	kind, err := lineKind(line)
	if err != nil {
		return fmt.Errorf("line %d: %w", n, err)
	}
	switch kind {
	case kindBlock:
		return v.block(n, line)
	case kindTx:
		return v.tx(n, line)
	case kindEnd:
		return v.end(n, line)
	}
	return fmt.Errorf("line %d: unknown line type %q (expected block, tx or end)", n, kind)
}

// lineKind reads the "type" of a line. Lines as written start with it, which
// spares parsing a multi-megabyte block line twice; any other layout is
// parsed in full.
func lineKind(line []byte) (string, error) {
	for _, k := range []string{kindBlock, kindTx, kindEnd} {
		if bytes.HasPrefix(line, []byte(`{"type":"`+k+`",`)) || bytes.HasPrefix(line, []byte(`{"type":"`+k+`"}`)) {
			return k, nil
		}
	}
	var head struct {
		Type *string `json:"type"`
	}
	if err := json.Unmarshal(line, &head); err != nil {
		return "", fmt.Errorf("malformed JSON: %w", err)
	}
	if head.Type == nil {
		return "", errors.New(`a line without a "type"`)
	}
	return *head.Type, nil
}

// decodeStrict refuses unknown fields and trailing data: anything in an
// export that verification would ignore could mislead a reader.
func decodeStrict(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON object")
	}
	return nil
}

// closeBlock ends the current block: all its tx lines must have been seen.
func (v *exportCheck) closeBlock(n int, next string) error {
	if !v.inBlock {
		return nil
	}
	if v.seen < len(v.want) {
		return fmt.Errorf("line %d: %s, but block %d (line %d) has only %d of its %d tx lines: lines are missing",
			n, next, v.number, v.blockLine, v.seen, len(v.want))
	}
	v.inBlock, v.want = false, nil
	if v.progress != nil {
		v.progress(v.number)
	}
	return nil
}

func (v *exportCheck) block(n int, line []byte) error {
	var bl blockLine
	if err := decodeStrict(line, &bl); err != nil {
		return fmt.Errorf("line %d: malformed block line: %w", n, err)
	}
	if bl.Type != kindBlock { // a repeated "type" key
		return fmt.Errorf("line %d: a block line whose type is also %q", n, bl.Type)
	}
	if err := v.closeBlock(n, fmt.Sprintf("block %d begins", bl.Number)); err != nil {
		return err
	}
	b := &common.Block{}
	if err := proto.Unmarshal(bl.Raw, b); err != nil {
		return fmt.Errorf("line %d: block %d: raw is not a block: %w", n, bl.Number, err)
	}
	h := b.GetHeader()
	if h == nil {
		return fmt.Errorf("line %d: block %d: raw block has no header", n, bl.Number)
	}
	if h.GetNumber() != bl.Number {
		return fmt.Errorf("line %d: the line says block %d, its raw block is block %d", n, bl.Number, h.GetNumber())
	}
	hash := HeaderHash(h)
	for _, f := range []struct{ name, line, raw string }{
		{"hash", bl.Hash, hex.EncodeToString(hash)},
		{"previousHash", bl.PreviousHash, hex.EncodeToString(h.GetPreviousHash())},
		{"dataHash", bl.DataHash, hex.EncodeToString(h.GetDataHash())},
	} {
		if f.line != f.raw {
			return fmt.Errorf("line %d: block %d: the line's %s is %s, its raw header gives %s",
				n, bl.Number, f.name, orNone(f.line), orNone(f.raw))
		}
	}
	if got := len(b.GetData().GetData()); bl.TxCount != got {
		return fmt.Errorf("line %d: block %d: the line's txCount is %d, its raw block holds %d transactions", n, bl.Number, bl.TxCount, got)
	}
	if err := v.verifier.Add(b); err != nil {
		return fmt.Errorf("line %d: %w", n, err)
	}
	txs, err := decodeBlock(b, v.ids)
	if err != nil {
		return fmt.Errorf("line %d: %w", n, err)
	}
	v.inBlock, v.number, v.blockLine, v.want, v.seen = true, bl.Number, n, txs, 0
	v.report.add(bl.Number, hash, 0)
	return nil
}

func (v *exportCheck) tx(n int, line []byte) error {
	if !v.inBlock {
		if v.report.Blocks == 0 {
			return fmt.Errorf("line %d: a tx line before any block line", n)
		}
		return fmt.Errorf("line %d: a tx line after block %d was closed", n, v.report.Last)
	}
	if v.seen == len(v.want) {
		return fmt.Errorf("line %d: block %d holds %d transactions, but another tx line follows", n, v.number, len(v.want))
	}
	want := v.want[v.seen]
	got := txLine{Tx: &Tx{}}
	if err := decodeStrict(line, &got); err != nil {
		return fmt.Errorf("line %d: malformed tx line (transaction %d of block %d): %w", n, want.Index, v.number, err)
	}
	got.Tx.Type = got.TxType
	gotJSON, err := v.lines.encode(got)
	if err != nil {
		return fmt.Errorf("line %d: %w", n, err)
	}
	gotJSON = bytes.Clone(gotJSON)
	wantJSON, err := v.lines.encode(txLine{Type: kindTx, TxType: want.Type, Tx: want})
	if err != nil {
		return fmt.Errorf("line %d: %w", n, err)
	}
	if !bytes.Equal(gotJSON, wantJSON) {
		// Values are JSON kept as written, so a reformatted line can differ
		// in bytes only.
		if d, differs := firstDiff(gotJSON, wantJSON); differs {
			return fmt.Errorf("line %d: transaction %d of block %d (txId %s) differs from the raw block: %s",
				n, want.Index, v.number, want.TxID, d)
		}
	}
	v.want[v.seen] = nil
	v.seen++
	v.report.Transactions++
	return nil
}

func (v *exportCheck) end(n int, line []byte) error {
	if err := v.closeBlock(n, "the end line comes"); err != nil {
		return err
	}
	var el endLine
	if err := decodeStrict(line, &el); err != nil {
		return fmt.Errorf("line %d: malformed end line: %w", n, err)
	}
	if el.Type != kindEnd {
		return fmt.Errorf("line %d: an end line whose type is also %q", n, el.Type)
	}
	for _, f := range []struct {
		name      string
		said, was any
	}{
		{"blocks", el.Blocks, v.report.Blocks},
		{"transactions", el.Transactions, v.report.Transactions},
		{"first", el.First, v.report.First},
		{"last", el.Last, v.report.Last},
		{"lastHash", el.LastHash, v.report.LastHash},
	} {
		if f.said != f.was {
			return fmt.Errorf("line %d: the end line says %s %v, the export holds %v", n, f.name, f.said, f.was)
		}
	}
	v.ended = true
	return nil
}
