package credit_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/courtchain/judicial/chaincode/api"
	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/gateway"
	"github.com/courtchain/judicial/gateway-client/internal/clienttest"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/stretchr/testify/require"
)

const (
	// idNumber is a valid resident ID number (GB 11643) and name the
	// shared ledger must never see.
	idNumber = "11010519491231002X"
	name     = "张三丰"
	number   = "(2026)J执1a2b3c4d5e号"
	pseudo   = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

	judgeJSON = `{"mspId":"CourtMSP","enrollmentId":"judge1","role":"judge"}`
)

var judge = api.Actor{MSPID: "CourtMSP", EnrollmentID: "judge1", Role: api.Judge}

const listingJSON = `{"id":"L1","kind":"consumption","subject":"individual","person":"` + pseudo + `","case":"` + number + `","court":"J0491","ground":0,
	"basis":"ruling (2026)J执1号","restrictions":["travel_and_holidays","high_premium_insurance_and_wealth_products"],"with":"L2",
	"start":"2026-01-01T00:00:00Z","state":"removed","listedBy":` + judgeJSON + `,"listedAt":"2026-01-01T00:00:00Z",
	"removal":{"ground":"security_given","by":` + judgeJSON + `,"at":"2026-02-01T00:00:00Z","document":"sha256:aa","txId":"tx9"},"txId":"tx1"}`

var listing = &creditapi.Listing{ID: "L1", Kind: creditapi.Consumption, Subject: creditapi.Individual, Person: pseudo, Case: number, Court: "J0491",
	Basis: "ruling (2026)J执1号", Restrictions: []string{"travel_and_holidays", "high_premium_insurance_and_wealth_products"}, With: "L2",
	Start: "2026-01-01T00:00:00Z", State: creditapi.Removed, ListedBy: judge, ListedAt: "2026-01-01T00:00:00Z",
	Removal: &creditapi.Removal{Ground: creditapi.GroundSecurity, By: judge, At: "2026-02-01T00:00:00Z", Document: "sha256:aa", TxID: "tx9"}, TxID: "tx1"}

const dishonestJSON = `{"id":"L2","kind":"dishonest","subject":"individual","person":"` + pseudo + `","case":"` + number + `","court":"J0491","ground":3,
	"basis":"art. 1(3)","aggravation":{"kind":"repeated","years":1,"document":"sha256:bb"},"with":"L1",
	"start":"2026-01-01T00:00:00Z","end":"2029-01-01T00:00:00Z","removeBy":"2029-01-04T15:59:59Z","state":"active","listedBy":` + judgeJSON + `,
	"listedAt":"2026-01-01T00:00:00Z","txId":"tx2"}`

var dishonest = &creditapi.Listing{ID: "L2", Kind: creditapi.Dishonest, Subject: creditapi.Individual, Person: pseudo, Case: number, Court: "J0491", Ground: 3,
	Basis: "art. 1(3)", Aggravation: &creditapi.Aggravation{Kind: creditapi.Repeated, Years: 1, Document: "sha256:bb"}, With: "L1",
	Start: "2026-01-01T00:00:00Z", End: "2029-01-01T00:00:00Z", RemoveBy: "2029-01-04T15:59:59Z", State: creditapi.Active, ListedBy: judge,
	ListedAt: "2026-01-01T00:00:00Z", TxID: "tx2"}

var listRequest = creditapi.ListRequest{Kinds: []string{creditapi.Dishonest, creditapi.Consumption}, Court: "J0491", Ground: 3,
	Basis: "art. 1(3)", Aggravation: &creditapi.Aggravation{Kind: creditapi.Repeated, Years: 1, Document: "sha256:bb"}}

var (
	removal    = creditapi.RemovalRequest{Ground: creditapi.GroundSecurity, Document: "sha256:aa", Note: "bank guarantee"}
	approval   = creditapi.ApprovalRequest{Restriction: "flights_sleepers_upper_ship_cabins", Purpose: "surgery", Until: "2026-03-01T00:00:00Z", Document: "sha256:cc"}
	correction = creditapi.CorrectionRequest{Reason: "paid before listing", Document: "sha256:dd"}
	decision   = creditapi.CorrectionDecision{Uphold: true, Reason: "receipt checked", Document: "sha256:ee"}
)

// private fails if personal data appears in any argument: only the
// transient data may carry it.
func private(t *testing.T, r fakepeer.Request) {
	t.Helper()
	for _, a := range r.Args {
		require.NotContains(t, a, idNumber, "the ID number is in argument %q", a)
		require.NotContains(t, a, idNumber[:17], "part of the ID number is in argument %q", a)
		require.NotContains(t, a, name, "the name is in argument %q", a)
	}
}

// TestMethods checks that each method makes the call its row below
// describes, through a fake gateway peer: see clienttest.Run.
func TestMethods(t *testing.T) {
	clienttest.Run(t, credit.New, append(methods(), generated()...), creditapi.Namespace)
}

// method is a row of the table clienttest.Run checks the client against.
type method = clienttest.Method[*credit.Client]

func methods() []method {
	key := bytes.Repeat([]byte{0xa5}, idnumber.KeySize)
	return []method{
		{
			Name: "SetKey", Fn: creditapi.SetPseudonymKey.Function, Answer: `{"fingerprint":"9f86d081","changed":true}`,
			Want: &creditapi.KeyInfo{Fingerprint: "9f86d081", Changed: true},
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				return c.SetPseudonymKey(ctx, key)
			},
			Check: func(t *testing.T, r fakepeer.Request) {
				require.Equal(t, map[string][]byte{creditapi.TransientKey: key}, r.Transient, "the key travels only as transient data")
				for _, a := range r.Args {
					require.NotContains(t, a, hex.EncodeToString(key))
				}
			},
		},
		{
			Name: "KeyFingerprint", Fn: creditapi.KeyFingerprint.Function, Answer: `{"fingerprint":"9f86d081","changed":false}`,
			Want: &creditapi.KeyInfo{Fingerprint: "9f86d081"},
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				v, err := c.KeyFingerprint(ctx)
				return v, nil, err
			},
		},
		{
			Name: "List", Fn: creditapi.List.Function, Args: []string{number}, Request: listRequest,
			Answer: `[` + dishonestJSON + `,` + listingJSON + `]`,
			Want:   []*creditapi.Listing{dishonest, listing},
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				return c.List(ctx, number, listRequest, creditapi.Subject{Name: name, IDNumber: idNumber})
			},
			Check: func(t *testing.T, r fakepeer.Request) {
				require.Len(t, r.Transient, 2)
				var person creditapi.Subject
				require.NoError(t, json.Unmarshal(r.Transient[creditapi.TransientPerson], &person))
				require.Equal(t, creditapi.Subject{Name: name, IDNumber: idNumber}, person)
				require.Len(t, r.Transient[creditapi.TransientSalt], creditapi.SaltSize, "a fresh salt for the private record")
				private(t, r)
			},
		},
		{
			Name: "Remove", Fn: creditapi.Remove.Function, Args: []string{"L1"}, Request: removal, Answer: listingJSON, Want: listing,
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				return c.Remove(ctx, "L1", removal)
			},
		},
		{
			Name: "ApproveConsumption", Fn: creditapi.ApproveConsumption.Function, Args: []string{"L1"}, Request: approval, Answer: listingJSON, Want: listing,
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				return c.ApproveConsumption(ctx, "L1", approval)
			},
		},
		{
			Name: "ApplyCorrection", Fn: creditapi.ApplyCorrection.Function, Args: []string{"L2"}, Request: correction, Answer: dishonestJSON, Want: dishonest,
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				return c.ApplyCorrection(ctx, "L2", correction)
			},
		},
		{
			Name: "DecideCorrection", Fn: creditapi.DecideCorrection.Function, Args: []string{"L2", "K1"}, Request: decision, Answer: dishonestJSON, Want: dishonest,
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				return c.DecideCorrection(ctx, "L2", "K1", decision)
			},
		},
		{
			Name: "CheckEntity", Fn: creditapi.CheckEntity.Function,
			Answer: `{"listed":true,"listings":[],"asLinked":[{"role":"legal_representative","listing":` + listingJSON + `}],"checkedAt":"2026-03-01T00:00:00Z"}`,
			Want: &creditapi.CheckResult{Listed: true, Listings: []*creditapi.Listing{}, AsLinked: []creditapi.LinkedHit{{Role: creditapi.LegalRepresentative, Listing: listing}},
				CheckedAt: "2026-03-01T00:00:00Z"},
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				v, err := c.CheckEntity(ctx, "91350100M000100Y43")
				return v, nil, err
			},
			Check: func(t *testing.T, r fakepeer.Request) {
				require.Equal(t, map[string][]byte{creditapi.TransientCreditCode: []byte("91350100M000100Y43")}, r.Transient)
				require.Empty(t, r.Args)
			},
		},
		{
			Name: "Check", Fn: creditapi.Check.Function,
			Answer: `{"listed":true,"listings":[` + dishonestJSON + `],"checkedAt":"2026-03-01T00:00:00Z"}`,
			Want:   &creditapi.CheckResult{Listed: true, Listings: []*creditapi.Listing{dishonest}, CheckedAt: "2026-03-01T00:00:00Z"},
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				v, err := c.Check(ctx, idNumber)
				return v, nil, err
			},
			Check: func(t *testing.T, r fakepeer.Request) {
				require.Equal(t, map[string][]byte{creditapi.TransientIDNumber: []byte(idNumber)}, r.Transient)
				require.Empty(t, r.Args)
				private(t, r)
			},
		},
		{
			Name: "Listing", Fn: creditapi.Get.Function, Args: []string{"L1"}, Answer: listingJSON, Want: listing,
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				v, err := c.Get(ctx, "L1")
				return v, nil, err
			},
		},
		{
			Name: "Page", Fn: creditapi.Page.Function, Args: []string{"J0491", creditapi.Dishonest, "50", ""},
			Answer: `{"listings":[` + dishonestJSON + `],"bookmark":"g1AAA"}`,
			Want:   &creditapi.ListingPage{Listings: []*creditapi.Listing{dishonest}, Bookmark: "g1AAA"},
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				v, err := c.Page(ctx, "J0491", creditapi.Dishonest)
				return v, nil, err
			},
		},
		{
			Name: "PageWithOptions", Fn: creditapi.Page.Function, Args: []string{"J0491", creditapi.Consumption, "200", "g1AAA"},
			Answer: `{"listings":[],"bookmark":""}`,
			Want:   &creditapi.ListingPage{Listings: []*creditapi.Listing{}},
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				v, err := c.Page(ctx, "J0491", creditapi.Consumption, gateway.WithPageSize(creditapi.MaxPerPerson), gateway.WithBookmark("g1AAA"))
				return v, nil, err
			},
		},
		{
			Name: "History", Fn: creditapi.History.Function, Args: []string{"L1"},
			Answer: `[{"txId":"tx9","timestamp":"2026-02-01T00:00:00Z","listing":` + listingJSON + `},
				{"txId":"tx1","timestamp":"2026-01-01T00:00:00Z","listing":null}]`,
			Want: []creditapi.Version{{TxID: "tx9", Timestamp: "2026-02-01T00:00:00Z", Listing: listing}, {TxID: "tx1", Timestamp: "2026-01-01T00:00:00Z"}},
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				v, err := c.History(ctx, "L1")
				return v, nil, err
			},
		},
		{
			Name: "Stats", Fn: creditapi.Stats.Function, Args: []string{""},
			Answer: `[{"court":"J0491","kind":"dishonest","active":12345678901},{"court":"J0491","kind":"consumption","active":0}]`,
			Want:   []creditapi.Count{{Court: "J0491", Kind: creditapi.Dishonest, Active: 12345678901}, {Court: "J0491", Kind: creditapi.Consumption}},
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				v, err := c.Stats(ctx, "")
				return v, nil, err
			},
		},
		{
			// The chaincode seals the answer to the one-time key the call
			// sends; the client opens it.
			Name: "PersonalData", Fn: creditapi.PersonalData.Function, Args: []string{"L2"},
			Respond: func(r fakepeer.Request) string {
				sealed, err := creditapi.Seal(r.Transient[creditapi.TransientPublicKey], "L2", []byte(`{"name":"`+name+`","idNumber":"`+idNumber+`"}`), rand.Reader)
				if err != nil {
					return err.Error()
				}
				b, _ := json.Marshal(sealed)
				return string(b)
			},
			Want: &creditapi.Subject{Name: name, IDNumber: idNumber},
			Call: func(ctx context.Context, c *credit.Client) (any, *gateway.Result, error) {
				v, err := c.PersonalData(ctx, "L2")
				return v, nil, err
			},
			Check: func(t *testing.T, r fakepeer.Request) {
				require.Len(t, r.Transient[creditapi.TransientPublicKey], 32, "a one-time X25519 public key")
				private(t, r)
			},
		},
	}
}

func TestTheIDNumberIsValid(t *testing.T) {
	// The tests' ID number is one the chaincode would take, so that the
	// privacy assertions look for a realistic value.
	require.NoError(t, idnumber.Validate(idNumber))
}

func TestPersonalDataStaysOutOfTheProposalArguments(t *testing.T) {
	f := clienttest.Start(t, credit.New)
	f.Answer(`[]`)
	// Names and ID numbers with characters JSON escapes still travel
	// unchanged, and only in the transient field.
	person := creditapi.Subject{Name: `O'Brien "Jr" <x>`, IDNumber: " " + strings.ToLower(idNumber) + " "}
	_, _, err := f.Client.List(t.Context(), number, creditapi.ListRequest{Kinds: []string{creditapi.Dishonest}, Ground: 1}, person)
	require.NoError(t, err)
	r := f.Peer.Requests()[0]
	require.Equal(t, "endorse", r.Kind)
	require.Len(t, r.Args, 2)
	var sent creditapi.Subject
	require.NoError(t, json.Unmarshal(r.Transient[creditapi.TransientPerson], &sent))
	require.Equal(t, person, sent)
	for _, a := range r.Args {
		require.NotContains(t, strings.ToUpper(a), idNumber[:17])
		require.NotContains(t, a, "O'Brien")
	}
	var req map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.Args[1]), &req))
	require.NotContains(t, req, "person")
	require.NotContains(t, req, "name")
	require.NotContains(t, req, "idNumber")
}

func TestRefusedCheckDoesNotRepeatTheIDNumber(t *testing.T) {
	// What the chaincode says is passed on as is; the client adds nothing
	// of the ID number to the error.
	f := clienttest.Start(t, credit.New)
	f.Refuse("the ID number fails the GB 11643 check character: it is mistyped [invalid]")
	res, err := f.Client.Check(t.Context(), "110105194912310021")
	require.Nil(t, res)
	require.Equal(t, api.CodeInvalid, gateway.CodeOf(err))
	require.NotContains(t, err.Error(), "110105194912310021")
	require.Equal(t, "credit:Check: evaluate: chaincode refused: the ID number fails the GB 11643 check character: it is mistyped", err.Error())
}

func TestLoadOrCreateKeyWritesAPrivateKeyOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "org", credit.KeyFileName)
	key, created, err := credit.LoadOrCreateKey(path)
	require.NoError(t, err)
	require.True(t, created)
	require.Len(t, key, idnumber.KeySize)
	require.NotEqual(t, make([]byte, idnumber.KeySize), key, "a random key")

	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "only its owner reads the key")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, hex.EncodeToString(key)+"\n", string(data))

	again, created, err := credit.LoadOrCreateKey(path)
	require.NoError(t, err)
	require.False(t, created)
	require.Equal(t, key, again)

	loaded, err := credit.LoadKey(path)
	require.NoError(t, err)
	require.Equal(t, key, loaded)
}

func TestLoadKeyAcceptsSpacesAndUpperCase(t *testing.T) {
	path := filepath.Join(t.TempDir(), credit.KeyFileName)
	key := bytes.Repeat([]byte{0xab, 0x01}, idnumber.KeySize/2)
	require.NoError(t, os.WriteFile(path, []byte("  "+strings.ToUpper(hex.EncodeToString(key))+"\r\n"), 0o600))
	got, err := credit.LoadKey(path)
	require.NoError(t, err)
	require.Equal(t, key, got)
}

func TestBadKeyFilesAreRefusedAndKept(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"short":   strings.Repeat("ab", idnumber.KeySize-1),
		"long":    strings.Repeat("ab", idnumber.KeySize+1),
		"not hex": strings.Repeat("zz", idnumber.KeySize),
		"empty":   "",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
			require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
			_, err := credit.LoadKey(path)
			require.EqualError(t, err, "pseudonym key "+path+" must hold 64 hex characters")

			// A bad key is never replaced by a new one: the channel's key
			// would no longer match what the org keeps.
			_, created, err := credit.LoadOrCreateKey(path)
			require.Error(t, err)
			require.False(t, created)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, content, string(data))
		})
	}
}

func TestMissingKeyFile(t *testing.T) {
	_, err := credit.LoadKey(filepath.Join(t.TempDir(), "none", credit.KeyFileName))
	require.ErrorIs(t, err, os.ErrNotExist, "LoadOrCreateKey tells a missing file from a bad one by this")
}
