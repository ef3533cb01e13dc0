package evidence_test

import (
	"testing"
	"time"

	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/chaincode/internal/ledgertest"
	"github.com/stretchr/testify/require"
)

const recipient = "3b9f0c7e5d2a41f8a6b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9"

func serviceReq(document string) evidenceapi.ServiceRequest {
	return evidenceapi.ServiceRequest{Algorithm: "sha256", Document: document, Recipient: recipient,
		Method: "electronic", ServedAt: "2026-01-05T08:30:00+08:00"}
}

func TestServiceRecordAcknowledgeStatus(t *testing.T) {
	l := newLedger()
	doc := anchored(t, l, clerk, digestA)

	tx := l.Tx(clerk)
	served, err := ledgertest.Call(tx, evidenceapi.RecordService, request(t, serviceReq(digestA)))
	require.NoError(t, err)
	tx.Commit()
	require.Equal(t, doc.Number, served.DocumentNumber)
	require.Equal(t, "2026-01-05T00:30:00Z", served.ServedAt)
	require.Nil(t, served.Acknowledged)

	l.Now = l.Now.Add(2 * time.Hour)
	tx = l.Tx(clerk)
	acked, err := ledgertest.Call(tx, evidenceapi.Acknowledge, served.ID, "sha256", digestB)
	require.NoError(t, err)
	tx.Commit()
	require.NotNil(t, acked.Acknowledged)
	require.Equal(t, digestB, acked.Acknowledged.Receipt)

	// The receipt is itself anchored evidence of kind service_receipt.
	v, err := ledgertest.Call(l.Tx(auditor), evidenceapi.Verify, "sha256", digestB)
	require.NoError(t, err)
	require.Equal(t, evidenceapi.Anchored, v.Verdict)
	require.Equal(t, evidenceapi.KindServiceReceipt, v.Record.Kind)

	_, err = ledgertest.Call(l.Tx(clerk), evidenceapi.Acknowledge, served.ID, "sha256", digestB)
	require.ErrorContains(t, err, "already acknowledged")

	status, err := ledgertest.Call(l.Tx(auditor), evidenceapi.ServiceStatus, "sha256", digestA)
	require.NoError(t, err)
	require.Len(t, status, 1)
	require.Equal(t, served.ID, status[0].ID)
	require.Equal(t, acked.Acknowledged, status[0].Acknowledged)

	none, err := ledgertest.Call(l.Tx(auditor), evidenceapi.ServiceStatus, "sha256", digestB)
	require.NoError(t, err)
	require.Empty(t, none)
}

func TestServiceRejectsBadInput(t *testing.T) {
	mut := func(f func(*evidenceapi.ServiceRequest)) evidenceapi.ServiceRequest {
		r := serviceReq(digestA)
		f(&r)
		return r
	}
	cases := []struct {
		name string
		who  ledgertest.Identity
		req  evidenceapi.ServiceRequest
		want string
	}{
		{"mediator", mediator, serviceReq(digestA), "access denied: service:Record"},
		{"bank", bank, serviceReq(digestA), "access denied"},
		{"not anchored", clerk, serviceReq(digestB), "is not anchored: anchor it before recording its service"},
		{"ID number as recipient", clerk, mut(func(r *evidenceapi.ServiceRequest) { r.Recipient = "11010519491231002X" }), "recipient is not a pseudonym"},
		{"unknown method", clerk, mut(func(r *evidenceapi.ServiceRequest) { r.Method = "pigeon" }), `unknown method of service "pigeon"`},
		{"bad time", clerk, mut(func(r *evidenceapi.ServiceRequest) { r.ServedAt = "yesterday" }), "is not an RFC 3339 time"},
		{"future time", clerk, mut(func(r *evidenceapi.ServiceRequest) { r.ServedAt = "2026-01-06T00:00:00Z" }), "cannot be recorded in advance"},
		{"bad digest", clerk, mut(func(r *evidenceapi.ServiceRequest) { r.Document = "00" }), "document must be a 64-character hex"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := newLedger()
			anchored(t, l, clerk, digestA)
			tx := l.Tx(tc.who)
			_, err := ledgertest.Call(tx, evidenceapi.RecordService, request(t, tc.req))
			require.ErrorContains(t, err, tc.want)
			require.Empty(t, tx.Writes())
		})
	}
	_, err := ledgertest.Call(newLedger().Tx(clerk), evidenceapi.Acknowledge, "SV-unknown", "sha256", digestB)
	require.ErrorContains(t, err, "service SV-unknown is not on the ledger")
}

// Service by publication is deemed made when 30 days have passed since
// publication (CPL 2023 art. 95): the end of the 30th day after the day
// of publication, in Beijing, moved to the next working day's end when
// that day is off (art. 85), on the courts' calendar; other methods record
// no deemed time.
func TestServiceByPublicationIsDeemedServedAfter30Days(t *testing.T) {
	admin := ledgertest.Identity{MSPID: "CourtMSP", Name: "courtadmin1", Role: "court_admin"}
	for _, tc := range []struct {
		name      string
		method    string
		published string
		holidays  []string
		want      string
	}{
		// Monday 5 January + 30 days: Wednesday 4 February.
		{"published on a Monday", evidenceapi.MethodPublication, "2026-01-05T08:30:00+08:00", nil, "2026-02-04T15:59:59.999999999Z"},
		// Late on 4 January in UTC is already 5 January in Beijing.
		{"published late in the evening (UTC)", evidenceapi.MethodPublication, "2026-01-04T17:00:00Z", nil, "2026-02-04T15:59:59.999999999Z"},
		// Thursday 1 January + 30 days: Saturday 31 January, so Monday 2 February.
		{"the 30th day a Saturday", evidenceapi.MethodPublication, "2026-01-01T10:00:00+08:00", nil, "2026-02-02T15:59:59.999999999Z"},
		{"the 30th day a declared holiday", evidenceapi.MethodPublication, "2026-01-05T08:30:00+08:00", []string{"2026-02-04"}, "2026-02-05T15:59:59.999999999Z"},
		{"holidays inside the 30 days count", evidenceapi.MethodPublication, "2026-01-05T08:30:00+08:00", []string{"2026-01-20", "2026-01-21"}, "2026-02-04T15:59:59.999999999Z"},
		{"served electronically", evidenceapi.MethodElectronic, "2026-01-05T08:30:00+08:00", nil, ""},
		{"served in person", evidenceapi.MethodInPerson, "2026-01-05T08:30:00+08:00", []string{"2026-02-04"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLedger()
			if tc.holidays != nil {
				req := systemapi.HolidaysRequest{Holidays: tc.holidays, Basis: "a test arrangement"}
				ledgertest.Must(t, l, admin, func(tx *ledgertest.Tx) (*systemapi.Calendar, error) {
					return ledgertest.Call(tx, systemapi.SetHolidays, 2026, request(t, req))
				})
			}
			anchored(t, l, clerk, digestA)
			req := serviceReq(digestA)
			req.Method, req.ServedAt = tc.method, tc.published
			s := ledgertest.Must(t, l, clerk, func(tx *ledgertest.Tx) (*evidenceapi.Service, error) {
				return ledgertest.Call(tx, evidenceapi.RecordService, request(t, req))
			})
			require.Equal(t, tc.want, s.DeemedServedAt)
			status, err := ledgertest.Call(l.Tx(auditor), evidenceapi.ServiceStatus, "sha256", digestA)
			require.NoError(t, err)
			require.Equal(t, tc.want, status[0].DeemedServedAt, "on the record")
		})
	}
}
