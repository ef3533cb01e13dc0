package load

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// NodeUsage is what the network's processes hold: the resident memory of
// each peer and chaincode server, and each peer's ledger on disk.
type NodeUsage struct {
	Processes []ProcessUsage `json:"processes,omitempty"`
	Ledgers   []LedgerUsage  `json:"ledgers,omitempty"`
	Note      string         `json:"note,omitempty"`
}

// ProcessUsage is one node's process and its resident memory.
type ProcessUsage struct {
	Node    string `json:"node"`
	PID     int    `json:"pid"`
	Command string `json:"command,omitempty"`
	RSS     int64  `json:"rssBytes"`
	Error   string `json:"error,omitempty"`
}

// LedgerUsage is a peer's ledger on disk, in bytes (the files' lengths,
// as du -b counts them): the state database, the history database, the
// block files and the private data store.
type LedgerUsage struct {
	Peer    string `json:"peer"`
	State   int64  `json:"stateBytes"`
	History int64  `json:"historyBytes"`
	Blocks  int64  `json:"blocksBytes"`
	Private int64  `json:"privateBytes"`
}

// readUsage reads what the network holds as network/scripts lays it out: a
// node's pid file is NODE.pid in the pids folder beside nodes, and a
// peer's ledger is under nodes/PEER/data/ledgersData. Memory comes from
// procRoot (/proc). A network that is not there is a note, not an error:
// the figures the run measured stand without it.
func readUsage(nodes, procRoot string) NodeUsage {
	if nodes == "" {
		return NodeUsage{Note: "--nodes not given: memory and ledger sizes not read"}
	}
	entries, err := os.ReadDir(nodes)
	if err != nil {
		return NodeUsage{Note: fmt.Sprintf("--nodes %s: %v; memory and ledger sizes not read", nodes, errors.Unwrap(err))}
	}
	var u NodeUsage
	for _, e := range entries {
		ledger := filepath.Join(nodes, e.Name(), "data", "ledgersData")
		if _, err := os.Stat(ledger); err != nil {
			continue
		}
		size := func(db string) int64 { return dirSize(filepath.Join(ledger, db)) }
		u.Ledgers = append(u.Ledgers, LedgerUsage{Peer: e.Name(), State: size("stateLeveldb"), History: size("historyLeveldb"),
			Blocks: size("chains"), Private: size("pvtdataStore")})
	}
	pids := filepath.Join(filepath.Dir(filepath.Clean(nodes)), "pids")
	files, _ := filepath.Glob(filepath.Join(pids, "*.pid"))
	for _, file := range files {
		node := strings.TrimSuffix(filepath.Base(file), ".pid")
		if strings.HasPrefix(node, "peer") || strings.HasPrefix(node, "chaincode") {
			u.Processes = append(u.Processes, readProcess(node, file, procRoot))
		}
	}
	if len(u.Ledgers) == 0 && len(u.Processes) == 0 {
		u.Note = fmt.Sprintf("no peer ledgers under %s and no peer or chaincode pid files in %s", nodes, pids)
	}
	return u
}

// readProcess reads a node's pid file and its process's VmRSS.
func readProcess(node, pidFile, procRoot string) ProcessUsage {
	p := ProcessUsage{Node: node}
	data, err := os.ReadFile(pidFile)
	if err != nil {
		p.Error = err.Error()
		return p
	}
	if p.PID, err = strconv.Atoi(strings.TrimSpace(string(data))); err != nil {
		p.Error = fmt.Sprintf("%s does not hold a pid", pidFile)
		return p
	}
	f, err := os.Open(filepath.Join(procRoot, strconv.Itoa(p.PID), "status"))
	if err != nil {
		p.Error = fmt.Sprintf("pid %d is not running", p.PID)
		return p
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, _ := strings.Cut(sc.Text(), ":")
		value = strings.TrimSpace(value)
		switch key {
		case "Name":
			p.Command = value
		case "VmRSS":
			kb, err := strconv.ParseInt(strings.TrimSuffix(value, " kB"), 10, 64)
			if err != nil {
				p.Error = fmt.Sprintf("pid %d: VmRSS %q", p.PID, value)
				return p
			}
			p.RSS = kb * 1024
			return p
		}
	}
	// A zombie, or a kernel thread, has no VmRSS.
	p.Error = fmt.Sprintf("pid %d has no VmRSS", p.PID)
	return p
}

// dirSize is the length of every file under dir; 0 if there is none.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			// LevelDB deletes files as it compacts: skip what went.
			return nil
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// ResourceRow is one figure of one node at each point of the run, and its
// growth per million records anchored (from the base size to the end of
// anchoring) and per 100,000 listings (from there to the full size). The
// sizes are read after each phase's measurement and straight after
// anchoring, so memory's split between the two is rougher than the
// disk's: it was read after reads in one case and after writes in the
// other.
type ResourceRow struct {
	Node                       string  `json:"node"`
	What                       string  `json:"what"`
	Base                       int64   `json:"base"`
	AfterAnchoring             int64   `json:"afterAnchoring"`
	Full                       int64   `json:"full"`
	PerMillionRecords          float64 `json:"perMillionRecords"`
	PerHundredThousandListings float64 `json:"perHundredThousandListings"`
}

// The figures of a node, in the order they are printed.
var resourceKinds = []string{"memory", "state", "history", "blocks", "private"}

// figure names one figure of one node: the node, and one of resourceKinds.
type figure [2]string

func usageFigures(u NodeUsage) map[figure]int64 {
	out := map[figure]int64{}
	for _, p := range u.Processes {
		if p.Error == "" {
			out[figure{p.Node, "memory"}] = p.RSS
		}
	}
	for _, l := range u.Ledgers {
		out[figure{l.Peer, "state"}] = l.State
		out[figure{l.Peer, "history"}] = l.History
		out[figure{l.Peer, "blocks"}] = l.Blocks
		out[figure{l.Peer, "private"}] = l.Private
	}
	return out
}

// resourceRows sets the figures read at the three points side by side; a
// figure missing at the base or full size (a process that was not
// running) has no row.
func resourceRows(base, anchored, full NodeUsage, records, listings int) []ResourceRow {
	b, a, f := usageFigures(base), usageFigures(anchored), usageFigures(full)
	var keys []figure
	for k := range f {
		if _, ok := b[k]; ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y figure) int {
		if c := strings.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return slices.Index(resourceKinds, x[1]) - slices.Index(resourceKinds, y[1])
	})
	var out []ResourceRow
	for _, k := range keys {
		r := ResourceRow{Node: k[0], What: k[1], Base: b[k], Full: f[k]}
		if mid, ok := a[k]; ok {
			r.AfterAnchoring = mid
			if records > 0 {
				r.PerMillionRecords = float64(mid-r.Base) / float64(records) * 1e6
			}
			if listings > 0 {
				r.PerHundredThousandListings = float64(r.Full-mid) / float64(listings) * 1e5
			}
		}
		out = append(out, r)
	}
	return out
}
