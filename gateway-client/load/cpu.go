package load

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CPU is the processor time a measured run cost, per successful call: in
// the network's peers, orderers, chaincode servers and CAs, and in this
// load client. On one host shared by every node, throughput only says the
// cores were full; this says where a call's cost went, and it moves far
// less between runs than the rate does.
type CPU struct {
	Peers     time.Duration `json:"peers"`
	Orderers  time.Duration `json:"orderers"`
	Chaincode time.Duration `json:"chaincode"`
	CAs       time.Duration `json:"cas"`
	Client    time.Duration `json:"client"`
	Total     time.Duration `json:"total"`
}

func (c CPU) String() string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
	return fmt.Sprintf("CPU a call: %s in all; peers %s, orderers %s, chaincode servers %s, CAs %s, this client %s",
		ms(c.Total), ms(c.Peers), ms(c.Orderers), ms(c.Chaincode), ms(c.CAs), ms(c.Client))
}

// clockTicks is Linux's USER_HZ, the unit of /proc/PID/stat's times: 100
// on every architecture Go supports there.
const clockTicks = 100

// cpuSample is the processor time each kind of node, and this process,
// had used when it was read.
type cpuSample map[string]time.Duration

// sampleCPU reads the processor time of the nodes whose pid files are in
// the pids folder beside nodes (network/scripts' layout: network/run/pids
// beside network/run/nodes), by kind of node, from procRoot (/proc), and
// this process's own. It is nil when there are no pid files to read: a
// network on other hosts.
func sampleCPU(nodes, procRoot string) cpuSample {
	if nodes == "" {
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Clean(nodes)), "pids", "*.pid"))
	if len(files) == 0 {
		return nil
	}
	s := cpuSample{}
	for _, file := range files {
		node := strings.TrimSuffix(filepath.Base(file), ".pid")
		if kind := nodeKind(node); kind != "" {
			s[kind] += processCPU(file, procRoot)
		}
	}
	var self syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &self) == nil {
		s["client"] = time.Duration(self.Utime.Nano() + self.Stime.Nano())
	}
	return s
}

// nodeKind is the kind of a node by its name (peer0.court, orderer1,
// chaincode.credit, ca.court).
func nodeKind(node string) string {
	for _, kind := range []string{"peer", "orderer", "chaincode", "ca"} {
		if strings.HasPrefix(node, kind) {
			return kind
		}
	}
	return ""
}

// processCPU is the user and system time of the process a pid file
// names; 0 if it is not running.
func processCPU(pidFile, procRoot string) time.Duration {
	data, err := os.ReadFile(pidFile)
	if err != nil {
		return 0
	}
	stat, err := os.ReadFile(filepath.Join(procRoot, strings.TrimSpace(string(data)), "stat"))
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: the fields
	// counted are those after it (utime and stime are the 14th and 15th
	// of the whole line, proc(5)).
	text := string(stat)
	fields := strings.Fields(text[strings.LastIndexByte(text, ')')+1:])
	if len(fields) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// perCall divides what each kind used since before by calls.
func (s cpuSample) perCall(before cpuSample, calls int) *CPU {
	if s == nil || before == nil || calls == 0 {
		return nil
	}
	each := func(kind string) time.Duration { return (s[kind] - before[kind]) / time.Duration(calls) }
	c := &CPU{Peers: each("peer"), Orderers: each("orderer"), Chaincode: each("chaincode"), CAs: each("ca"), Client: each("client")}
	c.Total = c.Peers + c.Orderers + c.Chaincode + c.CAs + c.Client
	return c
}
