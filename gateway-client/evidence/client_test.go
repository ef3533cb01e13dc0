package evidence_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/clienttest"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
)

const (
	d1   = "1111111111111111111111111111111111111111111111111111111111111111"
	d2   = "2222222222222222222222222222222222222222222222222222222222222222"
	p1   = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	ev1  = "EV20260102" + "0123456789abcdef0123456789abcdef"
	ev2  = "EV20260103" + "fedcba9876543210fedcba9876543210"
	caze = "(2026)J民初1号"

	clerkJSON = `{"mspId":"CourtMSP","enrollmentId":"clerk1","role":"clerk"}`
	judgeJSON = `{"mspId":"CourtMSP","enrollmentId":"judge1","role":"judge"}`
)

var (
	clerk = api.Actor{MSPID: "CourtMSP", EnrollmentID: "clerk1", Role: api.Clerk}
	judge = api.Actor{MSPID: "CourtMSP", EnrollmentID: "judge1", Role: api.Judge}
)

const recordJSON = `{"number":"` + ev1 + `","algorithm":"sha256","digest":"` + d1 + `","kind":"electronic_evidence",
	"caseNumber":"` + caze + `","size":1234567890123,"mediaType":"application/pdf","location":"archive://complaint.pdf",
	"depositor":` + clerkJSON + `,"anchoredAt":"2026-01-02T03:04:05Z","txId":"tx1","status":"superseded",
	"statusChange":{"status":"superseded","reason":"a corrected scan","supersededBy":"` + ev2 + `","by":` + judgeJSON + `,
		"at":"2026-01-03T00:00:00Z","txId":"tx2"}}`

var record = &evidenceapi.Record{Number: ev1, Algorithm: "sha256", Digest: d1, Kind: evidenceapi.KindElectronicEvidence,
	CaseNumber: caze, Size: 1234567890123, MediaType: "application/pdf", Location: "archive://complaint.pdf",
	Depositor: clerk, AnchoredAt: "2026-01-02T03:04:05Z", TxID: "tx1", Status: evidenceapi.StatusSuperseded,
	StatusNote: &evidenceapi.StatusChange{Status: evidenceapi.StatusSuperseded, Reason: "a corrected scan", SupersededBy: ev2, By: judge,
		At: "2026-01-03T00:00:00Z", TxID: "tx2"}}

const serviceJSON = `{"id":"S1","algorithm":"sha256","document":"` + d1 + `","documentNumber":"` + ev1 + `","recipient":"` + p1 + `",
	"method":"electronic","servedAt":"2026-01-05T10:00:00+08:00","recordedBy":` + clerkJSON + `,"recordedAt":"2026-01-05T02:00:01Z","txId":"tx3",
	"acknowledged":{"receipt":"` + d2 + `","receiptNumber":"` + ev2 + `","recordedBy":` + clerkJSON + `,"at":"2026-01-06T00:00:00Z","txId":"tx4"}}`

var service = &evidenceapi.Service{ID: "S1", Algorithm: "sha256", Document: d1, DocumentNumber: ev1, Recipient: p1,
	Method: evidenceapi.MethodElectronic, ServedAt: "2026-01-05T10:00:00+08:00", RecordedBy: clerk, RecordedAt: "2026-01-05T02:00:01Z", TxID: "tx3",
	Acknowledged: &evidenceapi.Ack{Receipt: d2, ReceiptNumber: ev2, RecordedBy: clerk, At: "2026-01-06T00:00:00Z", TxID: "tx4"}}

const publishedJSON = `{"id":"S2","algorithm":"sha256","document":"` + d1 + `","documentNumber":"` + ev1 + `","recipient":"` + p1 + `",
	"method":"publication","servedAt":"2026-01-05T02:00:00Z","deemedServedAt":"2026-02-04T15:59:59.999999999Z",
	"recordedBy":` + clerkJSON + `,"recordedAt":"2026-01-05T02:00:01Z","txId":"tx5"}`

var published = &evidenceapi.Service{ID: "S2", Algorithm: "sha256", Document: d1, DocumentNumber: ev1, Recipient: p1,
	Method: evidenceapi.MethodPublication, ServedAt: "2026-01-05T02:00:00Z", DeemedServedAt: "2026-02-04T15:59:59.999999999Z",
	RecordedBy: clerk, RecordedAt: "2026-01-05T02:00:01Z", TxID: "tx5"}

const notOnChainJSON = `{"verdict":"not_on_chain","algorithm":"sha256","digest":"` + d2 + `","message":"no record holds this digest"}`

var notOnChain = evidenceapi.Verification{Verdict: evidenceapi.NotOnChain, Algorithm: "sha256", Digest: d2, Message: "no record holds this digest"}

// anchored hands back the record and transaction of an anchoring, or
// what the client returned with its error.
func anchored(a *evidence.Anchored, err error) (any, *gateway.Result, error) {
	if err != nil || a == nil {
		return a, nil, err
	}
	return a.Record, a.Transaction, nil
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestMethods checks that each method makes the call its row below
// describes, through a fake gateway peer: see clienttest.Run.
func TestMethods(t *testing.T) {
	clienttest.Run(t, evidence.New, append(methods(), generated()...), evidenceapi.Namespace, evidenceapi.ServiceNamespace)
}

// method is a row of the table clienttest.Run checks the client against.
type method = clienttest.Method[*evidence.Client]

func methods() []method {
	file := digest.File{Path: "complaint.pdf", Size: 1234567890123, Digest: mustHex(d1)}
	meta := evidence.Metadata{Kind: evidenceapi.KindElectronicEvidence, CaseNumber: caze, MediaType: "application/pdf", Location: "archive://complaint.pdf"}
	anchorReq := evidenceapi.AnchorRequest{Algorithm: "sha256", Digest: d1, Kind: evidenceapi.KindElectronicEvidence, CaseNumber: caze,
		Size: 1234567890123, MediaType: "application/pdf", Location: "archive://complaint.pdf"}
	digests := [][]byte{mustHex(d1), mustHex(d2), mustHex(p1)}
	serviceReq := evidenceapi.ServiceRequest{Algorithm: "sha256", Document: d1, Recipient: p1, Method: evidenceapi.MethodElectronic, ServedAt: "2026-01-05T10:00:00+08:00"}
	publicationReq := evidenceapi.ServiceRequest{Algorithm: "sha256", Document: d1, Recipient: p1, Method: evidenceapi.MethodPublication, ServedAt: "2026-01-05T10:00:00+08:00"}
	bulkReq := evidenceapi.BulkRequest{Algorithm: "sha256", Kind: evidenceapi.KindArchive, SkipAnchored: true,
		Items: []evidenceapi.BulkItem{{Digest: d1, CaseNumber: caze, Size: 10}, {Digest: d2, Location: "archive://2"}}}
	bulkJSON := `{"numbers":["` + ev1 + `","` + ev2 + `"],"existing":[1],"depositor":` + clerkJSON + `,"anchoredAt":"2026-01-02T03:04:05Z","txId":"tx1"}`
	return []method{
		{
			Name: "AnchorFile", Fn: evidenceapi.Anchor.Function, Request: anchorReq, Answer: recordJSON, Want: record,
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				return anchored(c.AnchorFile(ctx, "sha256", file, meta))
			},
		},
		{
			Name: "Anchor", Fn: evidenceapi.Anchor.Function, Answer: recordJSON, Want: record,
			Request: evidenceapi.AnchorRequest{Algorithm: "sm3", Digest: d2, Kind: evidenceapi.KindCaseFile, Size: 0},
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				return anchored(c.Anchor(ctx, evidenceapi.AnchorRequest{Algorithm: "sm3", Digest: d2, Kind: evidenceapi.KindCaseFile}))
			},
		},
		{
			Name: "AnchorBatch", Fn: evidenceapi.AnchorBatch.Function, Answer: recordJSON, Want: record,
			Request: evidenceapi.BatchRequest{Algorithm: "sha256", Root: rootOf(digests), TreeSize: 3, CaseNumber: caze, Description: "photos"},
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				b, err := c.AnchorBatch(ctx, "sha256", digests, caze, "photos")
				if err != nil || b == nil {
					return b, nil, err
				}
				return b.Record, b.Transaction, nil
			},
		},
		{
			Name: "AnchorBulk", Fn: evidenceapi.AnchorBulk.Function, Request: bulkReq, Answer: bulkJSON,
			Want: &evidenceapi.BulkResult{Numbers: []string{ev1, ev2}, Existing: []int{1}, Depositor: api.Actor{MSPID: "CourtMSP", EnrollmentID: "clerk1", Role: "clerk"},
				AnchoredAt: "2026-01-02T03:04:05Z", TxID: "tx1"},
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				b, err := c.AnchorBulk(ctx, bulkReq)
				if err != nil || b == nil {
					return b, nil, err
				}
				return &b.BulkResult, b.Transaction, nil
			},
		},
		{
			Name: "Lookup", Fn: evidenceapi.Verify.Function, Args: []string{"sha256", d2}, Answer: notOnChainJSON, Want: &notOnChain,
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				v, err := c.Lookup(ctx, "sha256", d2)
				return v, nil, err
			},
		},
		{
			Name: "Verify", Fn: evidenceapi.Verify.Function, Args: []string{"sha256", d2}, Answer: notOnChainJSON,
			Want: &evidence.Verdict{Verification: notOnChain},
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				v, err := c.Verify(ctx, "sha256", d2, "")
				return v, nil, err
			},
		},
		{
			Name: "VerifyNumber", Fn: evidenceapi.VerifyNumber.Function, Args: []string{ev1, "sm3", d2},
			Answer: `{"verdict":"mismatch","algorithm":"sm3","digest":"` + d2 + `","number":"` + ev1 + `","record":` + recordJSON + `,"message":"holds another digest"}`,
			Want: &evidence.Verdict{Verification: evidenceapi.Verification{Verdict: evidenceapi.Mismatch, Algorithm: "sm3", Digest: d2, Number: ev1,
				Record: record, Message: "holds another digest"}},
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				v, err := c.Verify(ctx, "sm3", d2, ev1)
				return v, nil, err
			},
		},
		{
			Name: "Show", Fn: evidenceapi.Show.Function, Args: []string{ev1}, Answer: recordJSON, Want: record,
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				v, err := c.Show(ctx, ev1)
				return v, nil, err
			},
		},
		{
			Name: "History", Fn: evidenceapi.History.Function, Args: []string{ev1},
			Answer: `[{"txId":"tx1","timestamp":"2026-01-02T03:04:05Z","record":` + recordJSON + `},{"txId":"tx0","timestamp":"2026-01-01T00:00:00Z","record":null}]`,
			Want:   []*evidenceapi.Version{{TxID: "tx1", Timestamp: "2026-01-02T03:04:05Z", Record: record}, {TxID: "tx0", Timestamp: "2026-01-01T00:00:00Z"}},
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				v, err := c.History(ctx, ev1)
				return v, nil, err
			},
		},
		{
			Name: "Revoke", Fn: evidenceapi.Revoke.Function, Args: []string{ev1, "forged"}, Answer: recordJSON, Want: record,
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				return c.Revoke(ctx, ev1, "forged")
			},
		},
		{
			Name: "Supersede", Fn: evidenceapi.Supersede.Function, Args: []string{ev1, ev2, "a corrected scan"}, Answer: recordJSON, Want: record,
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				return c.Supersede(ctx, ev1, ev2, "a corrected scan")
			},
		},
		{
			Name: "RecordService", Fn: evidenceapi.RecordService.Function, Request: serviceReq, Answer: serviceJSON, Want: service,
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				return c.RecordService(ctx, serviceReq)
			},
		},
		{
			Name: "RecordService by publication", Fn: evidenceapi.RecordService.Function, Request: publicationReq, Answer: publishedJSON, Want: published,
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				return c.RecordService(ctx, publicationReq)
			},
		},
		{
			Name: "Acknowledge", Fn: evidenceapi.Acknowledge.Function, Args: []string{"S1", "sha256", d2}, Answer: serviceJSON, Want: service,
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				return c.Acknowledge(ctx, "S1", "sha256", d2)
			},
		},
		{
			Name: "ServiceStatus", Fn: evidenceapi.ServiceStatus.Function, Args: []string{"sha256", d1}, Answer: `[` + serviceJSON + `]`,
			Want: []*evidenceapi.Service{service},
			Call: func(ctx context.Context, c *evidence.Client) (any, *gateway.Result, error) {
				v, err := c.ServiceStatus(ctx, "sha256", d1)
				return v, nil, err
			},
		},
	}
}

// rootOf is the RFC 6962 SHA-256 root of digests, built here without the
// batch package: a leaf is H(0x00 || d), a node H(0x01 || l || r), the
// left subtree the largest power of two smaller than the tree.
func rootOf(digests [][]byte) string {
	var root func(ds [][]byte) []byte
	root = func(ds [][]byte) []byte {
		if len(ds) == 1 {
			h := sha256.Sum256(append([]byte{0}, ds[0]...))
			return h[:]
		}
		k := 1
		for k*2 < len(ds) {
			k *= 2
		}
		h := sha256.Sum256(slices.Concat([]byte{1}, root(ds[:k]), root(ds[k:])))
		return h[:]
	}
	return hex.EncodeToString(root(digests))
}

// fake is a fake peer and an evidence client connected to it.
type fake = clienttest.Fake[*evidence.Client]

// ledger makes f's peer one whose chaincode answers with answer and whose
// qscc knows which block holds which transaction.
func ledger(f *fake, answer func(fakepeer.Request) string, blocks map[string]uint64) {
	f.Peer.Handle(func(r fakepeer.Request) fakepeer.Response {
		if r.Chaincode == "qscc" {
			n, ok := blocks[r.Args[1]]
			if r.Function != "GetBlockByTxID" || !ok {
				return fakepeer.Response{Err: fakepeer.Refuse(r.Kind, "Failed to get block for txID "+r.Args[1]+": no such transaction ID ["+r.Args[1]+"] in index")}
			}
			b, err := proto.Marshal(&common.Block{Header: &common.BlockHeader{Number: n}})
			if err != nil {
				panic(err)
			}
			return fakepeer.Response{Payload: b}
		}
		return fakepeer.Response{Payload: []byte(answer(r)), Block: clienttest.Block}
	})
}

func TestVerifyFindsTheBlockOfAnAnchoredRecord(t *testing.T) {
	f := clienttest.Start(t, evidence.New)
	ledger(f, func(fakepeer.Request) string {
		return `{"verdict":"anchored","algorithm":"sha256","digest":"` + d1 + `","number":"` + ev1 + `","record":` + recordJSON + `,"message":"anchored"}`
	}, map[string]uint64{"tx1": 1234})

	v, err := f.Client.Verify(t.Context(), "sha256", d1, "")
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Anchored, v.Verdict)
	require.Equal(t, record, v.Record)
	require.Equal(t, uint64(1234), v.Block, "the block comes from the ledger, not the chaincode")

	reqs := f.Peer.Requests()
	require.Len(t, reqs, 2)
	require.Equal(t, string(evidenceapi.Verify.Function), reqs[0].Function)
	require.Equal(t, "evaluate", reqs[1].Kind)
	require.Equal(t, "qscc", reqs[1].Chaincode)
	require.Equal(t, "GetBlockByTxID", reqs[1].Function)
	require.Equal(t, []string{fakepeer.Channel, "tx1"}, reqs[1].Args, "the record's own transaction")
}

func TestLookupDoesNotReadTheLedger(t *testing.T) {
	f := clienttest.Start(t, evidence.New)
	ledger(f, func(fakepeer.Request) string {
		return `{"verdict":"anchored","algorithm":"sha256","digest":"` + d1 + `","record":` + recordJSON + `,"message":"anchored"}`
	}, nil)
	v, err := f.Client.Lookup(t.Context(), "sha256", d1)
	require.NoError(t, err)
	require.Equal(t, record, v.Record)
	require.Len(t, f.Peer.Requests(), 1)
}

func TestVerifyFailsWhenTheAnchoringBlockIsMissing(t *testing.T) {
	f := clienttest.Start(t, evidence.New)
	ledger(f, func(fakepeer.Request) string {
		return `{"verdict":"anchored","algorithm":"sha256","digest":"` + d1 + `","record":` + recordJSON + `,"message":"anchored"}`
	}, map[string]uint64{})
	v, err := f.Client.Verify(t.Context(), "sha256", d1, "")
	require.ErrorIs(t, err, gateway.ErrNotFound)
	require.ErrorContains(t, err, "tx1")
	require.Nil(t, v)
}

func TestAnchorBatchGivesAReceiptPerDigest(t *testing.T) {
	for _, alg := range []string{"sha256", "sm3"} {
		t.Run(alg, func(t *testing.T) {
			f := clienttest.Start(t, evidence.New)
			var got evidenceapi.BatchRequest
			f.Peer.Handle(func(r fakepeer.Request) fakepeer.Response {
				if err := json.Unmarshal([]byte(r.Args[0]), &got); err != nil {
					panic(err)
				}
				return fakepeer.Response{Block: 99, Payload: []byte(`{"number":"` + ev2 + `","algorithm":"` + alg + `","digest":"` + got.Root +
					`","kind":"merkle_batch","treeSize":` + strconv.FormatInt(got.TreeSize, 10) + `,"txId":"` + r.TxID + `","status":"valid"}`)}
			})
			var digests [][]byte
			for i := range 7 {
				d := sha256.Sum256([]byte(fmt.Sprint("photo ", i)))
				digests = append(digests, d[:])
			}
			b, err := f.Client.AnchorBatch(t.Context(), alg, digests, caze, "site photos")
			require.NoError(t, err)

			reqs := f.Peer.Requests()
			require.Len(t, reqs, 1)
			require.Equal(t, "endorse", reqs[0].Kind)
			require.Equal(t, string(evidenceapi.AnchorBatch.Function), reqs[0].Function)
			require.Equal(t, alg, got.Algorithm)
			require.Equal(t, int64(7), got.TreeSize)
			require.Equal(t, caze, got.CaseNumber)
			require.Equal(t, "site photos", got.Description)
			if alg == "sha256" {
				require.Equal(t, rootOf(digests), got.Root, "the RFC 6962 root")
			}

			require.Equal(t, ev2, b.Record.Number)
			require.Equal(t, reqs[0].TxID, b.Transaction.TxID)
			require.Equal(t, uint64(99), b.Transaction.Block)
			require.Len(t, b.Receipts, len(digests))
			for i, r := range b.Receipts {
				require.NoError(t, r.VerifyOffline(), "receipt %d", i)
				require.True(t, r.Covers(digests[i]), "receipt %d is for digest %d", i, i)
				require.Equal(t, uint64(i), r.Index)
				require.Equal(t, uint64(7), r.TreeSize)
				require.Equal(t, got.Root, r.Root)
				require.Equal(t, alg, r.Algorithm)
				require.Equal(t, batch.Anchoring{Channel: fakepeer.Channel, Chaincode: fakepeer.Chaincode, EvidenceNumber: ev2, TxID: reqs[0].TxID, Block: 99},
					batch.Anchoring{Channel: r.Channel, Chaincode: r.Chaincode, EvidenceNumber: r.EvidenceNumber, TxID: r.TxID, Block: r.Block})
			}
		})
	}
}

func TestAnchorBatchRefusesBeforeCallingThePeer(t *testing.T) {
	f := clienttest.Start(t, evidence.New)
	f.Answer(recordJSON)
	_, err := f.Client.AnchorBatch(t.Context(), "md5", [][]byte{mustHex(d1)}, "", "")
	require.ErrorContains(t, err, "md5")
	_, err = f.Client.AnchorBatch(t.Context(), "sha256", nil, "", "")
	require.ErrorContains(t, err, "at least one digest")
	require.Empty(t, f.Peer.Requests())
}

func TestRefusedBatchGivesNoReceipts(t *testing.T) {
	f := clienttest.Start(t, evidence.New)
	f.Refuse("digest " + d1 + " is anchored already as " + ev1 + " [exists]")
	b, err := f.Client.AnchorBatch(t.Context(), "sha256", [][]byte{mustHex(d1), mustHex(d2)}, "", "")
	require.Nil(t, b)
	require.Equal(t, api.CodeExists, gateway.CodeOf(err))
	require.Equal(t, "digest "+d1+" is anchored already as "+ev1, gateway.ChaincodeMessage(err))
}

// receipts anchors a batch of three on f and returns its receipts.
func receipts(t *testing.T, f *fake) []*batch.Receipt {
	t.Helper()
	f.Peer.Handle(func(r fakepeer.Request) fakepeer.Response {
		return fakepeer.Response{Block: 5, Payload: []byte(`{"number":"` + ev2 + `","txId":"` + r.TxID + `"}`)}
	})
	b, err := f.Client.AnchorBatch(t.Context(), "sha256", [][]byte{mustHex(d1), mustHex(d2), mustHex(p1)}, "", "")
	require.NoError(t, err)
	return b.Receipts
}

func TestCheckReceipt(t *testing.T) {
	f := clienttest.Start(t, evidence.New)
	rs := receipts(t, f)
	r := rs[1]
	batchRecord := func(kind string, size int64, txID string) string {
		return `{"number":"` + ev2 + `","algorithm":"sha256","digest":"` + r.Root + `","kind":"` + kind + `","treeSize":` + strconv.FormatInt(size, 10) +
			`,"txId":"` + txID + `","anchoredAt":"2026-01-02T03:04:05Z","status":"valid"}`
	}
	verification := func(verdict, record string) string {
		return `{"verdict":"` + verdict + `","algorithm":"sha256","digest":"` + r.Root + `","number":"` + ev2 + `","record":` + record + `,"message":"said the chaincode"}`
	}

	for _, c := range []struct {
		name, answer, verdict, message string
	}{
		{"anchored", verification(evidenceapi.Anchored, batchRecord(evidenceapi.KindMerkleBatch, 3, r.TxID)),
			evidenceapi.Anchored, "leaf 2 of 3 is in the batch anchored as " + ev2 + " at 2026-01-02T03:04:05Z"},
		{"not on chain", `{"verdict":"not_on_chain","message":"no evidence ` + ev2 + `"}`,
			evidenceapi.NotOnChain, "the receipt's audit path is sound, but its root is not on the ledger: no evidence " + ev2},
		{"another root", verification(evidenceapi.Mismatch, batchRecord(evidenceapi.KindMerkleBatch, 3, r.TxID)),
			evidence.Invalid, "evidence " + ev2 + " anchors another root: said the chaincode"},
		{"not a batch", verification(evidenceapi.Anchored, batchRecord(evidenceapi.KindElectronicEvidence, 3, r.TxID)),
			evidence.Invalid, "the root is anchored as " + ev2 + " (electronic_evidence, 3 leaves, transaction " + r.TxID + "), which does not match the receipt (3 leaves, transaction " + r.TxID + ")"},
		{"another size", verification(evidenceapi.Anchored, batchRecord(evidenceapi.KindMerkleBatch, 4, r.TxID)),
			evidence.Invalid, "the root is anchored as " + ev2 + " (merkle_batch, 4 leaves, transaction " + r.TxID + "), which does not match the receipt (3 leaves, transaction " + r.TxID + ")"},
		{"another transaction", verification(evidenceapi.Anchored, batchRecord(evidenceapi.KindMerkleBatch, 3, "tx-other")),
			evidence.Invalid, "the root is anchored as " + ev2 + " (merkle_batch, 3 leaves, transaction tx-other), which does not match the receipt (3 leaves, transaction " + r.TxID + ")"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ledger(f, func(fakepeer.Request) string { return c.answer }, map[string]uint64{r.TxID: 5, "tx-other": 6})
			n := len(f.Peer.Requests())
			v, err := f.Client.CheckReceipt(t.Context(), r)
			require.NoError(t, err)
			require.Equal(t, c.verdict, v.Verdict)
			require.Equal(t, c.message, v.Message)
			require.Same(t, r, v.Receipt)
			reqs := f.Peer.Requests()[n:]
			require.Equal(t, string(evidenceapi.VerifyNumber.Function), reqs[0].Function)
			require.Equal(t, []string{ev2, "sha256", r.Root}, reqs[0].Args, "the root, against the evidence number the receipt names")
			if c.verdict == evidenceapi.Anchored {
				require.Equal(t, uint64(5), v.Block)
				require.Equal(t, ev2, v.Record.Number)
			}
		})
	}
}

func TestCheckReceiptOfflineFailuresAskNoPeer(t *testing.T) {
	f := clienttest.Start(t, evidence.New)
	rs := receipts(t, f)
	n := len(f.Peer.Requests())

	tampered := *rs[0]
	tampered.Leaf = d2
	v, err := f.Client.CheckReceipt(t.Context(), &tampered)
	require.NoError(t, err)
	require.Equal(t, evidence.Invalid, v.Verdict)
	require.Contains(t, v.Message, "does not verify")

	elsewhere := *rs[0]
	elsewhere.Channel = "otherchannel"
	v, err = f.Client.CheckReceipt(t.Context(), &elsewhere)
	require.NoError(t, err)
	require.Equal(t, evidence.WrongNetwork, v.Verdict)
	require.Equal(t, "the receipt is for chaincode judicial on channel otherchannel; this client reads judicial on judicial", v.Message)

	require.Len(t, f.Peer.Requests(), n, "no call for a receipt that cannot be right")
}

func TestCheckReceiptPassesOnErrors(t *testing.T) {
	f := clienttest.Start(t, evidence.New)
	rs := receipts(t, f)
	f.Refuse("too many requests [limit]")
	v, err := f.Client.CheckReceipt(t.Context(), rs[0])
	require.Nil(t, v)
	require.Equal(t, api.CodeLimit, gateway.CodeOf(err))
}

func TestAnchorFileSendsWhatWasHashed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "complaint.pdf")
	content := bytes.Repeat([]byte("%PDF-1.7 "), 1000)
	require.NoError(t, os.WriteFile(path, content, 0o600))
	file, err := digest.HashFile("sha256", path)
	require.NoError(t, err)

	f := clienttest.Start(t, evidence.New)
	f.Answer(recordJSON)
	_, err = f.Client.AnchorFile(t.Context(), "sha256", file, evidence.Metadata{Kind: evidenceapi.KindLitigationDocument})
	require.NoError(t, err)
	var req evidenceapi.AnchorRequest
	require.NoError(t, json.Unmarshal([]byte(f.Peer.Requests()[0].Args[0]), &req))
	sum := sha256.Sum256(content)
	require.Equal(t, evidenceapi.AnchorRequest{Algorithm: "sha256", Digest: hex.EncodeToString(sum[:]), Kind: evidenceapi.KindLitigationDocument,
		Size: int64(len(content))}, req)
	require.NotContains(t, f.Peer.Requests()[0].Args[0], "complaint.pdf", "the file's name stays on this machine")
}

func TestAnchoredKeepsItsJSONNames(t *testing.T) {
	// Command-line output and portal answers print Anchored as JSON.
	f := clienttest.Start(t, evidence.New)
	f.Answer(recordJSON)
	a, err := f.Client.Anchor(t.Context(), evidenceapi.AnchorRequest{Algorithm: "sha256", Digest: d1, Kind: evidenceapi.KindCaseFile})
	require.NoError(t, err)
	out, err := json.Marshal(a)
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(out, &m))
	require.ElementsMatch(t, []string{"record", "transaction"}, slices.Collect(maps.Keys(m)))
	require.JSONEq(t, `{"txId":"`+a.Transaction.TxID+`","block":`+strconv.Itoa(clienttest.Block)+`,"attempts":1,"submits":1,"peer":"peer0.court"}`, string(m["transaction"]))
}
