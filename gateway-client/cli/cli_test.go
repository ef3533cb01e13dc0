package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	systemapi "github.com/courtchain/judicial/chaincode/api/system"

	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/courtchain/judicial/gateway-client/load"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"
)

var envNames = []string{"JUDICIAL_TZ", "JUDICIAL_PROFILE", "JUDICIAL_ORG", "JUDICIAL_IDENTITY", "JUDICIAL_PEER"}

// clearEnv unsets the variables for the test, whatever the shell has.
func clearEnv(t *testing.T) {
	for _, name := range envNames {
		t.Setenv(name, "")
	}
}

func TestGlobalFlagsAndEnvironment(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want App
	}{
		{
			name: "defaults",
			want: App{Profile: "network/run/profile.json", Org: "CourtMSP", Identity: "admin", TZ: "Asia/Shanghai"},
		},
		{
			name: "environment",
			env:  map[string]string{"JUDICIAL_PROFILE": "/p.json", "JUDICIAL_ORG": "CreditMSP", "JUDICIAL_IDENTITY": "bank1", "JUDICIAL_PEER": "peer1.credit", "JUDICIAL_TZ": "UTC"},
			want: App{Profile: "/p.json", Org: "CreditMSP", Identity: "bank1", Peer: "peer1.credit", TZ: "UTC"},
		},
		{
			name: "flags win over the environment",
			env:  map[string]string{"JUDICIAL_PROFILE": "/p.json", "JUDICIAL_ORG": "CreditMSP", "JUDICIAL_IDENTITY": "bank1", "JUDICIAL_PEER": "peer1.credit", "JUDICIAL_TZ": "UTC"},
			args: []string{"--profile", "q.json", "--org", "MediationMSP", "--identity", "mediator1", "--peer", "peer0.mediation", "--json", "--tz", "Asia/Urumqi"},
			want: App{Profile: "q.json", Org: "MediationMSP", Identity: "mediator1", Peer: "peer0.mediation", JSON: true, TZ: "Asia/Urumqi"},
		},
		{
			name: "an empty variable is unset",
			env:  map[string]string{"JUDICIAL_ORG": ""},
			args: []string{"--identity=judge1"},
			want: App{Profile: "network/run/profile.json", Org: "CourtMSP", Identity: "judge1", TZ: "Asia/Shanghai"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			a := &App{}
			require.NoError(t, a.Root().PersistentFlags().Parse(tc.args))
			require.Equal(t, tc.want, *a)
		})
	}
}

func TestEveryCommandHasHelpWithAnExample(t *testing.T) {
	clearEnv(t)
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			if !sub.Hidden && sub.Name() != "help" && sub.Name() != "completion" {
				walk(sub, append(append([]string(nil), path...), sub.Name()))
			}
		}
	}
	walk((&App{}).Root(), nil)
	require.Greater(t, len(paths), 10)
	for _, path := range paths {
		t.Run(strings.Join(append([]string{"judicial"}, path...), " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main(append(path, "--help"), &out, &errOut)
			require.Equal(t, 0, code, errOut.String())
			require.Contains(t, out.String(), "Examples:")
			require.Contains(t, out.String(), "  judicial ")
			require.Contains(t, out.String(), "--profile", "global flags show on every command")
		})
	}
}

// fakeChaincode answers the system contract like the judicial chaincode.
func fakeChaincode(r fakepeer.Request) fakepeer.Response {
	switch r.Function {
	case string(systemapi.Ping.Function):
		return fakepeer.Response{Payload: []byte(`{"chaincode":"judicial","contract":"system","version":"1.4.0"}`)}
	case string(systemapi.WhoAmI.Function):
		return fakepeer.Response{Payload: []byte(`{"mspId":"CourtMSP","id":"x509::CN=judge1,OU=client::CN=ca.court","enrollmentId":"judge1","role":"judge"}`)}
	case string(systemapi.GetParameter.Function):
		return fakepeer.Response{Payload: []byte(`{"name":"` + r.Args[0] + `","value":"7","doc":"how long a filing waits for review","default":true}`)}
	case string(systemapi.ListParameters.Function):
		return fakepeer.Response{Payload: []byte(`[{"name":"filing.reviewDays","value":"7","updatedBy":{"mspId":"CourtMSP","enrollmentId":"judge1","role":"judge"},"updatedAt":"2026-01-05T10:00:00Z","txId":"ab12"},{"name":"time.window","value":"5m","default":true}]`)}
	case string(systemapi.SetParameter.Function):
		if len(r.Args) == 2 && r.Args[1] == "forbidden" {
			return fakepeer.Response{Err: fakepeer.Refuse(r.Kind, `caller MediationMSP/mediator1 has role "mediator"; system:SetParameter needs judge (CourtMSP) [denied]`)}
		}
		if len(r.EndorsingOrgs) == 1 && r.EndorsingOrgs[0] == "MediationMSP" {
			return fakepeer.Response{Code: peer.TxValidationCode_ENDORSEMENT_POLICY_FAILURE, Block: 8}
		}
		return fakepeer.Response{Payload: []byte(`{"name":"` + r.Args[0] + `","value":"` + r.Args[1] + `","updatedBy":{"mspId":"CourtMSP","enrollmentId":"judge1","role":"judge"},"updatedAt":"2026-01-05T10:00:00Z"}`), Block: 12}
	case "echo:Text":
		return fakepeer.Response{Payload: []byte(strings.Join(r.Args, " ")), Block: 13}
	case "echo:Transient":
		doc, _ := json.Marshal(map[string]string{"doc": string(r.Transient["doc"]), "note": string(r.Transient["note"])})
		return fakepeer.Response{Payload: doc, Block: 14}
	}
	return fakepeer.Response{Err: fakepeer.Refuse(r.Kind, "unknown function "+r.Function)}
}

// run runs the command line against a fake peer through the environment,
// as a user who exported JUDICIAL_PROFILE would.
func run(t *testing.T, fp *fakepeer.Peer, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	clearEnv(t)
	t.Setenv("JUDICIAL_PROFILE", fp.ProfilePath)
	t.Setenv("JUDICIAL_IDENTITY", fakepeer.Identity)
	var out, errOut bytes.Buffer
	code = Main(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestCommandsHumanOutput(t *testing.T) {
	fp := fakepeer.Start(t, fakeChaincode)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ping"}, "chaincode judicial 1.4.0 answers on judicial through peer0.court (" + fp.Endpoint + ")\n"},
		{[]string{"whoami"}, "msp:        CourtMSP\nenrollment: judge1\nrole:       judge\nid:         x509::CN=judge1,OU=client::CN=ca.court\n"},
		{[]string{"param", "get", "filing.reviewDays"}, "filing.reviewDays      7        set by default\n    how long a filing waits for review\n"},
		{[]string{"param", "list"}, "filing.reviewDays      7        set by CourtMSP/judge1 at 2026-01-05 18:00:00 +08:00\ntime.window            5m       set by default\n"},
		{[]string{"param", "set", "time.window", "7m"}, "time.window            7m       set by CourtMSP/judge1 at 2026-01-05 18:00:00 +08:00\ncommitted in block 12, transaction TXID\n"},
		{[]string{"query", string(systemapi.Ping.Function)}, "{\n  \"chaincode\": \"judicial\",\n  \"contract\": \"system\",\n  \"version\": \"1.4.0\"\n}\n"},
		{[]string{"query", "echo:Text", "plain", "words"}, "plain words\n"},
		{[]string{"invoke", "echo:Text", "hello"}, "hello\ncommitted in block 13, transaction TXID\n"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errOut, code := run(t, fp, tc.args...)
			require.Equal(t, 0, code, errOut)
			require.Empty(t, errOut)
			reqs := fp.Requests()
			require.Equal(t, strings.ReplaceAll(tc.want, "TXID", reqs[len(reqs)-1].TxID), out)
		})
	}
}

func TestCommandsJSONOutput(t *testing.T) {
	fp := fakepeer.Start(t, fakeChaincode)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ping"}, `{"chaincode":"judicial","contract":"system","version":"1.4.0"}`},
		{[]string{"whoami"}, `{"mspId":"CourtMSP","id":"x509::CN=judge1,OU=client::CN=ca.court","enrollmentId":"judge1","role":"judge"}`},
		{[]string{"param", "get", "time.window"}, `{"name":"time.window","value":"7","doc":"how long a filing waits for review","default":true}`},
		{[]string{"param", "list"}, `[{"name":"filing.reviewDays","value":"7","doc":"","updatedBy":{"mspId":"CourtMSP","enrollmentId":"judge1","role":"judge"},"updatedAt":"2026-01-05T10:00:00Z","txId":"ab12"},{"name":"time.window","value":"5m","doc":"","default":true}]`},
		{[]string{"param", "set", "time.window", "7m"}, `{"parameter":{"name":"time.window","value":"7m","doc":"","updatedBy":{"mspId":"CourtMSP","enrollmentId":"judge1","role":"judge"},"updatedAt":"2026-01-05T10:00:00Z"},"transaction":{"txId":"TXID","block":12,"attempts":1,"submits":1,"peer":"peer0.court"}}`},
		{[]string{"query", string(systemapi.Ping.Function)}, `{"chaincode":"judicial","contract":"system","version":"1.4.0"}`},
		{[]string{"query", "echo:Text", "plain", "words"}, `"plain words"`},
		{[]string{"invoke", "echo:Text", "hello"}, `{"txId":"TXID","block":13,"attempts":1,"payload":"hello"}`},
		{[]string{"invoke", string(systemapi.SetParameter.Function), "time.window", "7m"}, `{"txId":"TXID","block":12,"attempts":1,"payload":{"name":"time.window","value":"7m","updatedBy":{"mspId":"CourtMSP","enrollmentId":"judge1","role":"judge"},"updatedAt":"2026-01-05T10:00:00Z"}}`},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errOut, code := run(t, fp, append([]string{"--json"}, tc.args...)...)
			require.Equal(t, 0, code, errOut)
			reqs := fp.Requests()
			require.JSONEq(t, strings.ReplaceAll(tc.want, "TXID", reqs[len(reqs)-1].TxID), out)
			dec := json.NewDecoder(strings.NewReader(out))
			var v any
			require.NoError(t, dec.Decode(&v))
			require.False(t, dec.More(), "one JSON document")
		})
	}
}

func TestInvokeTransientAndEndorsingOrgs(t *testing.T) {
	fp := fakepeer.Start(t, fakeChaincode)
	file := filepath.Join(t.TempDir(), "claim.json")
	require.NoError(t, os.WriteFile(file, []byte("from a file"), 0o600))

	out, errOut, code := run(t, fp, "--json", "invoke", "--transient", "doc=@"+file, "--transient", "note=a=b", "--endorsing-orgs", "CourtMSP,CreditMSP", "echo:Transient")
	require.Equal(t, 0, code, errOut)
	var got struct {
		Payload map[string]string `json:"payload"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Equal(t, map[string]string{"doc": "from a file", "note": "a=b"}, got.Payload)
	last := fp.Requests()[len(fp.Requests())-1]
	require.Equal(t, []string{"CourtMSP", "CreditMSP"}, last.EndorsingOrgs)
	require.Empty(t, last.Args)

	out, errOut, code = run(t, fp, "query", "--transient", "doc=x", "echo:Transient")
	require.Equal(t, 0, code, errOut)
	require.JSONEq(t, `{"doc":"x","note":""}`, out)
}

func TestParseTransient(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "doc.bin")
	require.NoError(t, os.WriteFile(file, []byte{0, 1, 2}, 0o600))
	tests := []struct {
		name    string
		pairs   []string
		want    map[string][]byte
		wantErr string
	}{
		{name: "none", pairs: nil, want: nil},
		{name: "value", pairs: []string{"k=v"}, want: map[string][]byte{"k": []byte("v")}},
		{name: "value with equals", pairs: []string{"k=a=b"}, want: map[string][]byte{"k": []byte("a=b")}},
		{name: "empty value", pairs: []string{"k="}, want: map[string][]byte{"k": {}}},
		{name: "file", pairs: []string{"doc=@" + file, "k=v"}, want: map[string][]byte{"doc": {0, 1, 2}, "k": []byte("v")}},
		{name: "no equals", pairs: []string{"k"}, wantErr: `--transient "k": use key=value or key=@file`},
		{name: "no key", pairs: []string{"=v"}, wantErr: `--transient "=v": use key=value or key=@file`},
		{name: "twice", pairs: []string{"k=1", "k=2"}, wantErr: "--transient k is given twice"},
		{name: "missing file", pairs: []string{"doc=@" + filepath.Join(dir, "none")}, wantErr: "--transient doc: open " + filepath.Join(dir, "none")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseTransient(tc.pairs)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestEmitPayload(t *testing.T) {
	tests := []struct {
		name    string
		json    bool
		payload string
		want    string
	}{
		{"JSON is indented", false, `{"a":[1,2]}`, "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n"},
		{"text as is", false, "hello", "hello\n"},
		{"nothing for nothing", false, "", ""},
		{"JSON stays JSON", true, `{"a":1}`, "{\n  \"a\": 1\n}\n"},
		{"text becomes a JSON string", true, "hello \"you\"", "\"hello \\\"you\\\"\"\n"},
		{"nothing becomes an empty string", true, "", "\"\"\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			(&App{JSON: tc.json, Out: &out}).emitPayload([]byte(tc.payload))
			require.Equal(t, tc.want, out.String())
		})
	}
}

func TestLoadRefusesFlagsTheModeWouldIgnore(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--rate", "300", "--saturate"}, "--rate does not apply to --saturate"},
		{[]string{"--rate", "0"}, "--rate must be above 0 calls per second, not 0"},
		{[]string{"--rate", "-5"}, "--rate must be above 0"},
		{[]string{"--rate", "300", "--clients", "8"}, "--clients does not apply to --rate"},
		{[]string{"--rate", "300", "--p99", "1s"}, "--p99 does not apply to --rate"},
		{[]string{"--rate", "300", "--max-in-flight", "0"}, "--max-in-flight must be at least 1"},
		{[]string{"--saturate", "--duration", "5s"}, "--duration does not apply to --saturate"},
		{[]string{"--saturate", "--p99", "0s"}, "--p99 must be above 0, not 0s"},
		{[]string{"--saturate", "--start-rate", "0"}, "--start-rate must be above 0"},
		{[]string{"--saturate", "--max-rate", "40"}, "--max-rate 40 is below --start-rate 50"},
		{[]string{"--saturate", "--steps", "-1"}, "--steps must not be negative"},
		{[]string{"--saturate", "--step-duration", "0s"}, "--step-duration must be above 0"},
		{[]string{"--p99", "1s"}, "--p99 does not apply to a closed-loop run; give --rate or --saturate"},
		{[]string{"--max-in-flight", "10"}, "--max-in-flight does not apply to a closed-loop run"},
		{[]string{"--clients", "0"}, "--clients must be at least 1"},
		{[]string{"--warmup", "-1s"}, "--warmup must not be negative"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			clearEnv(t)
			var out, errOut bytes.Buffer
			code := Main(append(append([]string{"load"}, tc.args...), "noop"), &out, &errOut)
			require.Equal(t, 1, code)
			require.True(t, strings.HasPrefix(errOut.String(), "error: "+tc.wantErr), errOut.String())
		})
	}
}

func TestLoadOpenLoopAndSaturationAgainstAFakePeer(t *testing.T) {
	fp := fakepeer.Start(t, fakeChaincode)

	out, errOut, code := run(t, fp, "--json", "load", "--rate", "2000", "--duration", "10ms", "--warmup", "0", "ping", "ping")
	require.Equal(t, 0, code, errOut)
	var runs []load.Stats
	require.NoError(t, json.Unmarshal([]byte(out), &runs))
	require.Len(t, runs, 2)
	for _, s := range runs {
		require.Equal(t, "open", s.Mode)
		require.EqualValues(t, 2000, s.Rate)
		require.Equal(t, 20, s.Calls+s.Errors)
	}

	// Whether a step passes depends on the machine; the shape does not.
	out, errOut, code = run(t, fp, "--json", "load", "--saturate", "--start-rate", "1000", "--max-rate", "2000", "--steps", "1",
		"--step-duration", "10ms", "--warmup", "0", "ping")
	require.Equal(t, 0, code, errOut)
	var searches []load.Saturation
	require.NoError(t, json.Unmarshal([]byte(out), &searches))
	require.Len(t, searches, 1)
	require.Equal(t, "ping", searches[0].Name)
	require.Equal(t, 2*time.Second, searches[0].Search.P99)
	require.NotEmpty(t, searches[0].Steps)
	require.EqualValues(t, 1000, searches[0].Steps[0].Rate)
	require.Equal(t, len(searches[0].Steps), strings.Count(errOut, "\n"), "a progress line a step")
}

// audit consistency reads each org as its auditor, as its admin where the
// profile has no auditor (test-network's), or as the identity named.
func TestConsistencyReaderOfEachOrg(t *testing.T) {
	id := profile.Identity{Cert: "c", Key: "k"}
	judicialOrg := profile.Org{Identities: map[string]profile.Identity{"auditor": id, "admin": id, "judge1": id}}
	testNetworkOrg := profile.Org{Identities: map[string]profile.Identity{"admin": id, "judge1": id}}
	require.Equal(t, "auditor", readerOf(judicialOrg, ""))
	require.Equal(t, "admin", readerOf(testNetworkOrg, ""))
	require.Equal(t, "judge1", readerOf(testNetworkOrg, "judge1"))
	require.Equal(t, "auditor", readerOf(profile.Org{}, ""), "an org with neither: the error names auditor")
}
