//go:build integration

package integration

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/courtchain/judicial/chaincode/api/calendar"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/digest"
	"github.com/courtchain/judicial/gateway-client/evidence"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/system"
	"github.com/stretchr/testify/require"
)

func ev(t *testing.T, org, id string) *evidence.Client {
	return evidence.New(as(t, org, id))
}

func fileOf(d []byte) digest.File { return digest.File{Path: "x", Size: 10, Digest: d} }

var meta = evidence.Metadata{Kind: evidenceapi.KindElectronicEvidence, CaseNumber: "(2026)京0491民初1号", MediaType: "application/pdf"}

func TestAnchorByEveryDepositorRoleAndRefusals(t *testing.T) {
	for _, who := range [][2]string{{"CourtMSP", "judge1"}, {"CourtMSP", "clerk1"}, {"CourtMSP", "officer1"}, {"MediationMSP", "mediator1"}, {"CreditMSP", "bank1"}} {
		a, err := ev(t, who[0], who[1]).AnchorFile(ctx(t), "sha256", fileOf(freshDigest(t)), meta)
		require.NoError(t, err, who)
		require.Equal(t, who[0]+"/"+who[1], a.Record.Depositor.String())
		require.Positive(t, a.Transaction.Block)
	}
	for _, who := range [][2]string{{"CourtMSP", "auditor"}, {"MediationMSP", "rogue1"}, {"CourtMSP", "user1"}} {
		_, err := ev(t, who[0], who[1]).AnchorFile(ctx(t), "sha256", fileOf(freshDigest(t)), meta)
		require.ErrorContains(t, err, "access denied: evidence:Anchor", who)
	}
}

func TestAnchorVerifyAndDuplicate(t *testing.T) {
	d := freshDigest(t)
	clerk := ev(t, "CourtMSP", "clerk1")
	a, err := clerk.AnchorFile(ctx(t), "sha256", fileOf(d), meta)
	require.NoError(t, err)

	_, err = ev(t, "MediationMSP", "mediator1").AnchorFile(ctx(t), "sha256", fileOf(d), meta)
	var ee *gateway.EndorseError
	require.True(t, errors.As(err, &ee), "%v", err)
	require.Contains(t, ee.Message, "is already anchored as "+a.Record.Number)
	require.Contains(t, ee.Message, "by CourtMSP/clerk1")
	synced(t, a.Transaction.Block)

	public := ev(t, "CreditMSP", "auditor")
	v, err := public.Verify(ctx(t), "sha256", hex.EncodeToString(d), "")
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Anchored, v.Verdict)
	require.Equal(t, a.Transaction.Block, v.Block, "the block comes from the ledger")
	require.Equal(t, a.Transaction.TxID, v.Record.TxID)

	v, err = public.Verify(ctx(t), "sha256", hex.EncodeToString(freshDigest(t)), "")
	require.NoError(t, err)
	require.Equal(t, evidenceapi.NotOnChain, v.Verdict)

	v, err = public.Verify(ctx(t), "sha256", hex.EncodeToString(freshDigest(t)), a.Record.Number)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Mismatch, v.Verdict)

	_, err = public.Verify(ctx(t), "md5", hex.EncodeToString(d), "")
	require.ErrorContains(t, err, `unknown digest algorithm "md5"`)
}

func TestBatchReceiptsVerifyOfflineAndOnline(t *testing.T) {
	digests := make([][]byte, 25)
	for i := range digests {
		digests[i] = freshDigest(t)
	}
	b, err := ev(t, "CourtMSP", "clerk1").AnchorBatch(ctx(t), "sm3", digests, "", "integration batch")
	require.NoError(t, err)
	require.Len(t, b.Receipts, 25)
	require.EqualValues(t, 25, b.Record.TreeSize)
	synced(t, b.Transaction.Block)

	auditor := ev(t, "MediationMSP", "auditor")
	for _, i := range []int{0, 12, 24} {
		r := b.Receipts[i]
		require.NoError(t, r.VerifyOffline())
		v, err := auditor.CheckReceipt(ctx(t), r)
		require.NoError(t, err)
		require.Equal(t, evidenceapi.Anchored, v.Verdict, v.Message)
		require.Equal(t, b.Transaction.Block, v.Block)
	}

	tampered := *b.Receipts[3]
	tampered.Leaf = hex.EncodeToString(freshDigest(t))
	v, err := auditor.CheckReceipt(ctx(t), &tampered)
	require.NoError(t, err)
	require.Equal(t, evidence.Invalid, v.Verdict)

	other := *b.Receipts[3]
	other.Channel = "mychannel"
	v, err = auditor.CheckReceipt(ctx(t), &other)
	require.NoError(t, err)
	require.Equal(t, evidence.WrongNetwork, v.Verdict)

	_, err = ev(t, "CourtMSP", "clerk1").AnchorBatch(ctx(t), "sm3", digests, "", "again")
	require.ErrorContains(t, err, "is already anchored as "+b.Record.Number, "a root anchored twice is refused")
}

func TestRevokeSupersedeAndHistory(t *testing.T) {
	clerk := ev(t, "CourtMSP", "clerk1")
	old, err := clerk.AnchorFile(ctx(t), "sha256", fileOf(freshDigest(t)), meta)
	require.NoError(t, err)
	newer, err := clerk.AnchorFile(ctx(t), "sha256", fileOf(freshDigest(t)), meta)
	require.NoError(t, err)

	for _, who := range [][2]string{{"MediationMSP", "mediator1"}, {"CreditMSP", "bank1"}, {"CourtMSP", "officer1"}, {"CourtMSP", "auditor"}} {
		_, _, err := ev(t, who[0], who[1]).Revoke(ctx(t), old.Record.Number, "no")
		require.ErrorContains(t, err, "access denied: evidence:Revoke", who)
	}
	_, sup, err := ev(t, "CourtMSP", "judge1").Supersede(ctx(t), old.Record.Number, newer.Record.Number, "corrected copy filed")
	require.NoError(t, err)
	synced(t, sup.Block)
	_, _, err = ev(t, "CourtMSP", "judge1").Revoke(ctx(t), newer.Record.Number, "")
	require.ErrorContains(t, err, "reason is required")

	h, err := ev(t, "CreditMSP", "auditor").History(ctx(t), old.Record.Number)
	require.NoError(t, err)
	require.Len(t, h, 2)
	require.Equal(t, evidenceapi.StatusValid, h[0].Record.Status)
	require.Equal(t, evidenceapi.StatusSuperseded, h[1].Record.Status)
	require.Equal(t, newer.Record.Number, h[1].Record.StatusNote.SupersededBy)
}

func TestServiceOfDocuments(t *testing.T) {
	doc := freshDigest(t)
	clerk := ev(t, "CourtMSP", "clerk1")
	_, err := clerk.AnchorFile(ctx(t), "sha256", fileOf(doc), evidence.Metadata{Kind: evidenceapi.KindLitigationDocument})
	require.NoError(t, err)
	recipient := hex.EncodeToString(freshDigest(t))
	req := evidenceapi.ServiceRequest{Algorithm: "sha256", Document: hex.EncodeToString(doc), Recipient: recipient,
		Method: "electronic", ServedAt: time.Now().Add(-time.Hour).Format(time.RFC3339)}

	_, _, err = ev(t, "MediationMSP", "mediator1").RecordService(ctx(t), req)
	require.ErrorContains(t, err, "access denied: service:Record")

	s, _, err := clerk.RecordService(ctx(t), req)
	require.NoError(t, err)
	receipt := freshDigest(t)
	acked, ackedTx, err := clerk.Acknowledge(ctx(t), s.ID, "sha256", hex.EncodeToString(receipt))
	require.NoError(t, err)
	require.NotNil(t, acked.Acknowledged)
	synced(t, ackedTx.Block)

	list, err := ev(t, "CreditMSP", "auditor").ServiceStatus(ctx(t), "sha256", hex.EncodeToString(doc))
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, acked.Acknowledged.ReceiptNumber, list[0].Acknowledged.ReceiptNumber)

	bad := req
	bad.Recipient = "11010519491231002X"
	_, _, err = clerk.RecordService(ctx(t), bad)
	require.ErrorContains(t, err, "recipient is not a pseudonym")
	require.NotContains(t, err.Error(), "11010519491231002X", "an ID number is never echoed")

	// Served by publication: deemed served when 30 days have passed since
	// publication (CPL 2023 art. 95), counted on the courts' calendar.
	published := req
	published.Method, published.Recipient = evidenceapi.MethodPublication, hex.EncodeToString(freshDigest(t))
	s, _, err = clerk.RecordService(ctx(t), published)
	require.NoError(t, err)
	record, err := system.New(as(t, "CourtMSP", "auditor")).GetCalendar(ctx(t))
	require.NoError(t, err)
	var holidays, workdays []string
	for _, y := range record.Years {
		holidays, workdays = append(holidays, y.Holidays...), append(workdays, y.Workdays...)
	}
	courts, err := calendar.Parse(holidays, workdays)
	require.NoError(t, err)
	at, err := time.Parse(time.RFC3339, published.ServedAt)
	require.NoError(t, err)
	require.Equal(t, courts.DeemedServed(at).Format(time.RFC3339Nano), s.DeemedServedAt)
	require.Empty(t, list[0].DeemedServedAt, "served electronically: no deemed time")
}

// The CLI hashes files locally, batches several, writes receipts, and tells
// an altered file from an anchored one.
func TestCLIAnchorsFilesAndVerifies(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i, body := range []string{"complaint", "evidence photo", "bank statement"} {
		name := filepath.Join(dir, []string{"a.txt", "b.txt", "c.txt"}[i])
		require.NoError(t, os.WriteFile(name, []byte(body+" "+t.Name()+time.Now().String()), 0o600))
		names = append(names, name)
	}
	out, code := cli(t, dir, append([]string{"--identity", "clerk1", "--json", "evidence", "anchor", "--receipts", "rc"}, names...)...)
	require.Equal(t, 0, code, out)
	receipts, err := filepath.Glob(filepath.Join(dir, "rc", "*.receipt.json"))
	require.NoError(t, err)
	require.Len(t, receipts, 3)
	var anchored struct{ Transaction gateway.Result }
	require.NoError(t, json.Unmarshal([]byte(out), &anchored), out)
	synced(t, anchored.Transaction.Block)

	out, code = cli(t, dir, "--org", "CreditMSP", "--identity", "auditor", "evidence", "verify-receipt", "--online", "--file", names[1], receiptFor(t, receipts, "b.txt"))
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "ANCHORED")

	out, code = cli(t, dir, "--identity", "clerk1", "evidence", "anchor", names[0])
	require.Equal(t, 0, code, out)
	out, code = cli(t, dir, "--identity", "auditor", "evidence", "verify", names[0])
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "ANCHORED")

	require.NoError(t, os.WriteFile(names[0], []byte("altered"), 0o600))
	out, code = cli(t, dir, "--identity", "auditor", "evidence", "verify", names[0])
	require.Equal(t, 2, code, out)
	require.Contains(t, out, "NOT ON CHAIN")

	var r batch.Receipt
	data, err := os.ReadFile(receiptFor(t, receipts, "c.txt"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &r))
	r.AuditPath[0] = strings.Repeat("0", 64)
	data, _ = json.Marshal(r)
	tampered := filepath.Join(dir, "tampered.json")
	require.NoError(t, os.WriteFile(tampered, data, 0o600))
	out, code = cli(t, dir, "evidence", "verify-receipt", tampered)
	require.Equal(t, 1, code)
	require.Contains(t, out, "receipt does not verify")
}

func receiptFor(t *testing.T, receipts []string, name string) string {
	for _, r := range receipts {
		if strings.HasSuffix(r, name+".receipt.json") {
			return r
		}
	}
	t.Fatalf("no receipt for %s in %v", name, receipts)
	return ""
}

func TestShowAndWrongRolesForBatchAndAcknowledge(t *testing.T) {
	a, err := ev(t, "CourtMSP", "officer1").AnchorFile(ctx(t), "sha256", fileOf(freshDigest(t)), meta)
	require.NoError(t, err)
	r, err := ev(t, "CourtMSP", "auditor").Show(ctx(t), a.Record.Number)
	require.NoError(t, err)
	require.Equal(t, a.Record, r)
	_, err = ev(t, "CourtMSP", "auditor").Show(ctx(t), "EV20990101-NOPE")
	require.ErrorContains(t, err, "evidence number EV20990101-NOPE is not on the ledger")

	_, err = ev(t, "CreditMSP", "auditor").AnchorBatch(ctx(t), "sha256", [][]byte{freshDigest(t)}, "", "")
	require.ErrorContains(t, err, "access denied: evidence:AnchorBatch")

	_, _, err = ev(t, "CreditMSP", "bank1").Acknowledge(ctx(t), "SV20260101-0000", "sha256", hex.EncodeToString(freshDigest(t)))
	require.ErrorContains(t, err, "access denied: service:Acknowledge")
}
