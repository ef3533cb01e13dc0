package load

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// writeNodes lays out a fake network as network/scripts does: a pid file
// per node beside the nodes folder, and /proc/PID/stat with the node's
// user and system time in ticks.
func writeNodes(t *testing.T, root string, ticks map[string][2]int) (nodes, proc string) {
	nodes, proc = filepath.Join(root, "run", "nodes"), filepath.Join(root, "proc")
	pids := filepath.Join(root, "run", "pids")
	require.NoError(t, os.MkdirAll(nodes, 0o755))
	require.NoError(t, os.MkdirAll(pids, 0o755))
	pid := 100
	for node, tk := range ticks {
		pid++
		dir := filepath.Join(proc, strconv.Itoa(pid))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		// The command, in parentheses, may hold spaces and parentheses.
		stat := strconv.Itoa(pid) + " (peer (node) x) S 1 1 1 0 -1 4194560 100 0 0 0 " +
			strconv.Itoa(tk[0]) + " " + strconv.Itoa(tk[1]) + " 0 0 20 0 30 0\n"
		require.NoError(t, os.WriteFile(filepath.Join(dir, "stat"), []byte(stat), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(pids, node+".pid"), []byte(strconv.Itoa(pid)+"\n"), 0o644))
	}
	return nodes, proc
}

func TestCPUPerCallByKindOfNode(t *testing.T) {
	root := t.TempDir()
	nodes, proc := writeNodes(t, root, map[string][2]int{
		"peer0.court": {100, 50}, "peer0.credit": {10, 0}, "orderer1": {20, 0}, "chaincode.court": {5, 5}, "ca.court": {1, 0}, "supervise": {999, 0},
	})
	before := sampleCPU(nodes, proc)
	require.Equal(t, 1600*time.Millisecond, before["peer"])
	require.Equal(t, 200*time.Millisecond, before["orderer"])
	require.Equal(t, 100*time.Millisecond, before["chaincode"])
	require.Equal(t, 10*time.Millisecond, before["ca"])
	require.NotContains(t, before, "supervise", "only the network's nodes count")

	// 100 calls later: the peers used 2 s more, the orderer 0.5 s.
	writeNodes(t, root, map[string][2]int{
		"peer0.court": {200, 100}, "peer0.credit": {60, 0}, "orderer1": {70, 0}, "chaincode.court": {5, 5}, "ca.court": {1, 0},
	})
	after := sampleCPU(nodes, proc)
	after["client"] = before["client"] + 30*time.Millisecond
	c := after.perCall(before, 100)
	require.Equal(t, 20*time.Millisecond, c.Peers)
	require.Equal(t, 5*time.Millisecond, c.Orderers)
	require.Zero(t, c.Chaincode)
	require.Equal(t, 300*time.Microsecond, c.Client)
	require.Equal(t, 25300*time.Microsecond, c.Total)
	require.Contains(t, c.String(), "25.30 ms in all; peers 20.00 ms")
}

func TestCPUIsNotReadWithoutANetworkHere(t *testing.T) {
	require.Nil(t, sampleCPU("", "/proc"))
	require.Nil(t, sampleCPU(filepath.Join(t.TempDir(), "nodes"), "/proc"), "no pid files: a network on other hosts")
	require.Nil(t, cpuSample(nil).perCall(cpuSample{}, 10))
	require.Nil(t, cpuSample{}.perCall(cpuSample{}, 0), "no call succeeded")
}
