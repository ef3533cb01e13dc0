package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	creditapi "github.com/courtchain/judicial/chaincode/api/credit"
	enforcementapi "github.com/courtchain/judicial/chaincode/api/enforcement"
	evidenceapi "github.com/courtchain/judicial/chaincode/api/evidence"
	"github.com/courtchain/judicial/chaincode/api/idnumber"
	systemapi "github.com/courtchain/judicial/chaincode/api/system"
	"github.com/courtchain/judicial/gateway-client/credit"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
)

func TestLoadListingsAndScaleRefuseBadFlags(t *testing.T) {
	tests := []struct {
		cmd     string
		args    []string
		wantErr string
	}{
		{"listings", []string{"--people", "0"}, "--people must be at least 1, not 0"},
		{"listings", []string{"--people", "100000000"}, "--people must be at most 91310000, not 100000000"},
		{"listings", []string{"--out", ""}, "--out must name the file"},
		{"listings", []string{"--debtors-per-case", "0"}, "--debtors-per-case must be 1 to 99 (a case has at most 100 parties, one of them the creditor), not 0"},
		{"listings", []string{"--debtors-per-case", "100"}, "--debtors-per-case must be 1 to 99"},
		{"listings", []string{"--parallel", "0"}, "--parallel must be at least 1, not 0"},
		{"listings", []string{"--court", ""}, "--court must be 1 to 32 characters"},
		{"listings", []string{"--court", "J|1"}, "--court must be 1 to 32 characters without '|' or NUL, not \"J|1\""},
		{"listings", []string{"--clerk", ""}, "--clerk must name the identity"},
		{"scale", []string{"--base-records", "0"}, "--base-records must be at least 1"},
		{"scale", []string{"--records", "10000"}, "--records 10000 must be above --base-records 10000"},
		{"scale", []string{"--base-people", "0"}, "--base-people must be at least 1"},
		{"scale", []string{"--people", "499"}, "--people 499 must not be below --base-people 500"},
		{"scale", []string{"--clients", "0"}, "--clients must be at least 1, not 0"},
		{"scale", []string{"--duration", "0s"}, "--duration must be above 0, not 0s"},
		{"scale", []string{"--warmup", "-1s"}, "--warmup must not be negative, not -1s"},
		{"scale", []string{"--sample", "0"}, "--sample must be at least 1, not 0"},
		{"scale", []string{"--anchor-parallel", "0"}, "--anchor-parallel must be at least 1, not 0"},
		{"scale", []string{"--bank", ""}, "--bank and --bank-org must name"},
		{"scale", []string{"--debtors-per-case", "100"}, "--debtors-per-case must be 1 to 99"},
	}
	for _, tc := range tests {
		t.Run(tc.cmd+" "+strings.Join(tc.args, " "), func(t *testing.T) {
			// No profile: a flag checked after connecting would fail here
			// on the profile instead.
			a := &App{Profile: filepath.Join(t.TempDir(), "none.json"), Org: "CourtMSP", Identity: "judge1", Out: io.Discard, Err: io.Discard}
			cmd := map[string]*cobra.Command{"listings": a.loadListingsCommand(), "scale": a.loadScaleCommand()}[tc.cmd]
			err := execute(cmd, tc.args...)
			require.Error(t, err)
			require.True(t, strings.HasPrefix(err.Error(), tc.wantErr), err.Error())
		})
	}
}

// execute runs a command that is not yet in the tree.
func execute(cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.ExecuteContext(context.Background())
}

func TestLoadListingsAndScaleHaveHelpWithAnExample(t *testing.T) {
	clearEnv(t)
	for _, name := range []string{"listings", "scale"} {
		t.Run(name, func(t *testing.T) {
			a := &App{}
			root := a.Root()
			loadCmd, _, err := root.Find([]string{"load"})
			require.NoError(t, err)
			loadCmd.AddCommand(a.loadListingsCommand(), a.loadScaleCommand())
			var out bytes.Buffer
			root.SetArgs([]string{"load", name, "--help"})
			root.SetOut(&out)
			require.NoError(t, root.Execute())
			require.Contains(t, out.String(), "Examples:")
			require.Contains(t, out.String(), "  judicial ")
			require.Contains(t, out.String(), "--profile")
		})
	}
}

// fakeCourt answers what the load commands call, and keeps what a court
// would: the key, the cases, who is listed, what is anchored.
type fakeCourt struct {
	mu       sync.Mutex
	key      []byte
	cases    map[string][]string // number: debtors
	opened   []enforcementapi.OpenRequest
	active   map[string]bool
	listed   map[string]bool // pseudonyms
	ids      []string        // ID numbers listed, as sent
	names    []string
	anchored map[string]bool
	pages    map[string]int // bookmark asked for: times
}

func newFakeCourt() *fakeCourt {
	return &fakeCourt{cases: map[string][]string{}, active: map[string]bool{}, listed: map[string]bool{}, anchored: map[string]bool{}, pages: map[string]int{}}
}

// handle answers one call as the court would.
func (f *fakeCourt) handle(r fakepeer.Request) fakepeer.Response {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Chaincode == "qscc" && r.Function == "GetChainInfo" {
		b, _ := proto.Marshal(&common.BlockchainInfo{Height: 77})
		return fakepeer.Response{Payload: b}
	}
	switch r.Function {
	case string(systemapi.Ping.Function):
		return answer(systemapi.Info{Chaincode: "judicial"})
	case string(creditapi.SetPseudonymKey.Function):
		f.key = r.Transient[creditapi.TransientKey]
		return answer(creditapi.KeyInfo{Fingerprint: "f1", Changed: true})
	case string(enforcementapi.OpenCase.Function):
		return f.openCase(r)
	case string(enforcementapi.Activate.Function):
		if _, ok := f.cases[r.Args[0]]; !ok {
			return refuse(r, "no case %s", r.Args[0])
		}
		f.active[r.Args[0]] = true
		return answer(enforcementapi.Case{})
	case string(creditapi.List.Function):
		return f.list(r)
	case string(evidenceapi.AnchorBulk.Function):
		return f.anchorBulk(r)
	case string(evidenceapi.Verify.Function):
		v := evidenceapi.Verification{Verdict: evidenceapi.NotOnChain}
		if f.anchored[r.Args[1]] {
			v.Verdict = evidenceapi.Anchored
		}
		return answer(v)
	case string(creditapi.Check.Function):
		p, err := idnumber.Pseudonym(f.key, string(r.Transient[creditapi.TransientIDNumber]))
		if err != nil {
			return refuse(r, "idNumber: %v", err)
		}
		return answer(creditapi.CheckResult{Listed: f.listed[p]})
	case string(creditapi.Page.Function):
		f.pages[r.Args[3]]++
		next := map[string]string{"": "b1", "b1": "b2", "b2": ""}[r.Args[3]]
		return answer(creditapi.ListingPage{Listings: []*creditapi.Listing{}, Bookmark: next})
	case string(creditapi.Stats.Function):
		return answer([]creditapi.Count{{Court: "J0491", Kind: creditapi.Dishonest, Active: int64(len(f.listed))}})
	}
	return refuse(r, "unknown function %s", r.Function)
}

// answer is a call's answer, committed (for a submit) in block 5.
func answer(v any) fakepeer.Response {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return fakepeer.Response{Payload: b, Block: 5}
}

// refuse is the chaincode's refusal of a call.
func refuse(r fakepeer.Request, format string, args ...any) fakepeer.Response {
	return fakepeer.Response{Err: fakepeer.Refuse(r.Kind, fmt.Sprintf(format, args...))}
}

func (f *fakeCourt) openCase(r fakepeer.Request) fakepeer.Response {
	var req enforcementapi.OpenRequest
	if err := json.Unmarshal([]byte(r.Args[0]), &req); err != nil {
		return refuse(r, "request: %v", err)
	}
	number := fmt.Sprintf("(2026)J执%d号", len(f.cases)+1)
	f.cases[number] = req.Debtors
	f.opened = append(f.opened, req)
	var cs enforcementapi.Case
	cs.Number = number
	return answer(cs)
}

// list lists a debtor of an active case, as the credit contract does.
func (f *fakeCourt) list(r fakepeer.Request) fakepeer.Response {
	var s creditapi.Subject
	if err := json.Unmarshal(r.Transient[creditapi.TransientPerson], &s); err != nil {
		return refuse(r, "person: %v", err)
	}
	if len(r.Transient[creditapi.TransientSalt]) != creditapi.SaltSize {
		return refuse(r, "salt")
	}
	p, err := idnumber.Pseudonym(f.key, s.IDNumber)
	if err != nil {
		return refuse(r, "idNumber: %v", err)
	}
	if !f.active[r.Args[0]] || !slices.Contains(f.cases[r.Args[0]], p) {
		return refuse(r, "the person is not a debtor of active case %s", r.Args[0])
	}
	f.listed[p] = true
	f.ids = append(f.ids, s.IDNumber)
	f.names = append(f.names, s.Name)
	return answer([]creditapi.Listing{{ID: "CR1", Kind: creditapi.Dishonest}, {ID: "CR2", Kind: creditapi.Consumption}})
}

func (f *fakeCourt) anchorBulk(r fakepeer.Request) fakepeer.Response {
	var req evidenceapi.BulkRequest
	if err := json.Unmarshal([]byte(r.Args[0]), &req); err != nil {
		return refuse(r, "request: %v", err)
	}
	res := evidenceapi.BulkResult{}
	for i, it := range req.Items {
		f.anchored[it.Digest] = true
		res.Numbers = append(res.Numbers, fmt.Sprintf("EV%d", i))
	}
	return answer(res)
}

// fakeApp acts as the fake peer's one identity, which stands for the
// clerk and the bank too.
func fakeApp(t *testing.T, fp *fakepeer.Peer) (*App, *bytes.Buffer, *bytes.Buffer) {
	clearEnv(t)
	t.Setenv("JUDICIAL_PSEUDONYM_KEY", "")
	var out, errOut bytes.Buffer
	return &App{Profile: fp.ProfilePath, Org: fakepeer.MSPID, Identity: fakepeer.Identity, Out: &out, Err: &errOut}, &out, &errOut
}

func TestLoadListingsOpensCasesAndListsEveryDebtor(t *testing.T) {
	court := newFakeCourt()
	fp := fakepeer.Start(t, court.handle)
	a, out, errOut := fakeApp(t, fp)
	file := filepath.Join(t.TempDir(), "ids.txt")

	err := execute(a.loadListingsCommand(), "--people", "23", "--debtors-per-case", "5", "--parallel", "4", "--clerk", fakepeer.Identity, "--out", file)
	require.NoError(t, err, errOut.String())

	key, err := credit.LoadKey(filepath.Join(filepath.Dir(fp.ProfilePath), credit.KeyFileName))
	require.NoError(t, err, "the key file beside the profile was made")
	require.Equal(t, key, court.key, "and stored on the channel")
	require.Len(t, court.opened, 5, "23 debtors, 5 a case")
	var debtors []string
	for _, req := range court.opened {
		require.LessOrEqual(t, len(req.Debtors), 5)
		require.Len(t, req.Creditors, 1)
		require.Equal(t, "judgment", req.Basis.Type)
		debtors = append(debtors, req.Debtors...)
	}
	require.Len(t, court.active, 5)

	data, err := os.ReadFile(file)
	require.NoError(t, err)
	ids := strings.Fields(string(data))
	require.ElementsMatch(t, court.ids, ids, "--out holds exactly the ID numbers listed")
	var pseudonyms []string
	for _, id := range ids {
		require.NoError(t, idnumber.AdultAt(id, time.Now()))
		p, err := idnumber.Pseudonym(key, id)
		require.NoError(t, err)
		pseudonyms = append(pseudonyms, p)
	}
	require.ElementsMatch(t, debtors, pseudonyms, "the cases' debtors are the pseudonyms of the people listed")
	info, err := os.Stat(file)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	for _, name := range court.names {
		require.True(t, strings.HasPrefix(name, "测试"), name)
	}

	require.Contains(t, out.String(), "23 people listed (46 listings) in 5 cases, 33 transactions in ")
	require.Contains(t, out.String(), "(4 in flight), 0 retried for a conflict; ID numbers in "+file+"\n")
	for _, id := range ids {
		require.NotContains(t, out.String()+errOut.String(), id, "no ID number outside --out")
	}
}

func TestLoadListingsNamesTheFlagOfAFailingIdentity(t *testing.T) {
	fp := fakepeer.Start(t, newFakeCourt().handle)
	a, _, _ := fakeApp(t, fp)
	err := execute(a.loadListingsCommand(), "--people", "1", "--clerk", "clerk9", "--out", filepath.Join(t.TempDir(), "ids.txt"))
	require.ErrorContains(t, err, "--clerk: ")
	require.ErrorContains(t, err, "clerk9")
}

func TestLoadScaleMeasuresBothSizesAgainstAFakePeer(t *testing.T) {
	court := newFakeCourt()
	fp := fakepeer.Start(t, court.handle)
	a, out, errOut := fakeApp(t, fp)
	a.JSON = true

	err := execute(a.loadScaleCommand(), "--base-records", "30", "--records", "2500", "--base-people", "3", "--people", "7",
		"--debtors-per-case", "2", "--parallel", "3", "--anchor-parallel", "2", "--clients", "2", "--duration", "20ms", "--warmup", "0",
		"--sample", "100", "--nodes", "", "--clerk", fakepeer.Identity, "--bank", fakepeer.Identity, "--bank-org", fakepeer.MSPID)
	require.NoError(t, err, errOut.String())

	var r load.ScaleReport
	require.NoError(t, json.Unmarshal(out.Bytes(), &r), out.String())
	require.Equal(t, 30, r.Base.Records)
	require.Equal(t, 3, r.Base.People)
	require.Equal(t, 6, r.Base.Listings)
	require.Equal(t, 2500, r.Full.Records)
	require.Equal(t, 7, r.Full.People)
	require.Equal(t, 14, r.Full.Listings)
	require.Len(t, court.anchored, 2500)
	require.Equal(t, 3, r.Full.Anchoring.Transactions, "2,470 more records: 1,000 a transaction")
	require.EqualValues(t, 77, r.Full.Height)
	require.Equal(t, []creditapi.Count{{Court: "J0491", Kind: creditapi.Dishonest, Active: 7}}, r.Full.InForce)
	for _, phase := range []load.ScalePhase{r.Base, r.Full} {
		var names []string
		for _, s := range phase.Workloads {
			names = append(names, s.Name)
			// A verify of a digest not anchored, or a check answered
			// wrongly, would be an error.
			require.Zero(t, s.Errors, "%s: %s", s.Name, s.FirstError)
			require.Positive(t, s.Calls, s.Name)
		}
		require.Equal(t, []string{"ping", "verify", "check", "page"}, names)
		require.Contains(t, phase.Usage.Note, "--nodes not given")
	}
	require.Len(t, r.Comparison, 4)
	require.Empty(t, r.Resources)
	require.Positive(t, court.pages[""], "paging starts at the first page")
	for _, id := range court.ids {
		require.NotContains(t, out.String()+errOut.String(), id, "no ID number is printed")
	}
}
