package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	deadlineapi "github.com/courtchain/judicial/chaincode/api/deadline"
	"github.com/courtchain/judicial/gateway-client/internal/fakepeer"
	"github.com/stretchr/testify/require"
)

// The long-running commands stop on SIGTERM, a service manager's stop, as
// they do on Ctrl-C: a clean exit, where the keeper's next start sweeps
// what it did not commit and the listener resumes from its checkpoint.
func TestLongRunningCommandsStopOnSIGTERM(t *testing.T) {
	fp := fakepeer.Start(t, func(r fakepeer.Request) fakepeer.Response {
		if r.Function == string(deadlineapi.Due.Function) {
			return fakepeer.Response{Payload: []byte(`[]`)}
		}
		return fakepeer.Response{Err: fakepeer.Refuse(r.Kind, "unknown function "+r.Function)}
	})
	clearEnv(t)
	t.Setenv("JUDICIAL_PROFILE", fp.ProfilePath)
	t.Setenv("JUDICIAL_IDENTITY", fakepeer.Identity)
	checkpoint := filepath.Join(t.TempDir(), "events.checkpoint")
	checkpoint2 := filepath.Join(t.TempDir(), "metered.checkpoint")
	asked := 0 // the requests before the case started
	tests := []struct {
		name    string
		args    []string
		running func() bool
	}{
		// Listening for SIGTERM once it asked what is due.
		{"keeper run", []string{"keeper", "run", "--interval", "1h"}, func() bool { return len(fp.Requests()) > asked }},
		// The fake peer serves no events: the listener waits to reconnect,
		// having written its checkpoint.
		{"events follow", []string{"events", "follow", "--checkpoint", checkpoint}, func() bool {
			_, err := os.Stat(checkpoint)
			return err == nil
		}},
		// With their endpoints on a port of the system's choosing, which
		// they close on the way out.
		{"keeper run --status", []string{"keeper", "run", "--interval", "1h", "--status", "127.0.0.1:0"}, func() bool { return len(fp.Requests()) > asked }},
		{"events follow --metrics", []string{"events", "follow", "--checkpoint", checkpoint2, "--metrics", "127.0.0.1:0"}, func() bool {
			_, err := os.Stat(checkpoint2)
			return err == nil
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			asked = len(fp.Requests())
			done := make(chan int, 1)
			var stderr bytes.Buffer
			go func() { done <- Main(tc.args, &bytes.Buffer{}, &stderr) }()
			require.Eventually(t, tc.running, 10*time.Second, 10*time.Millisecond)
			require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
			select {
			case code := <-done:
				require.Equal(t, 0, code, stderr.String())
			case <-time.After(10 * time.Second):
				t.Fatalf("%s did not stop on SIGTERM", tc.name)
			}
		})
	}
}
