package listener

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Checkpoint is where the listener resumes: the block in which the next
// event is expected and, in it, the last transaction handled ("" for
// none). The JSON fields are those of fabric-gateway's file checkpointer,
// so a checkpoint file it wrote is read as it is.
type Checkpoint struct {
	Block uint64 `json:"blockNumber"`
	TxID  string `json:"transactionId"`
}

// BlockNumber and TransactionID make a Checkpoint a fabric-gateway
// client.Checkpoint.
func (c Checkpoint) BlockNumber() uint64   { return c.Block }
func (c Checkpoint) TransactionID() string { return c.TxID }

// ReadCheckpoint reads a checkpoint file; found is false when there is
// none yet.
func ReadCheckpoint(path string) (c Checkpoint, found bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("reading checkpoint %s: %w", path, err)
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, false, fmt.Errorf("checkpoint %s is not a checkpoint (%d bytes): %w", path, len(data), err)
	}
	return c, true, nil
}

// writeTemp writes the new checkpoint into its temporary file; tests
// replace it to play a crash in the middle of the write.
var writeTemp = func(f *os.File, data []byte) error {
	_, err := f.Write(data)
	return err
}

// WriteCheckpoint replaces the checkpoint file as one step, so that a
// crash at any moment leaves either the old checkpoint or the new one,
// never a torn one: the new one is written to a temporary file in the
// same directory and synced, renamed over the old one, and the directory
// synced so that the rename itself survives a power cut.
func WriteCheckpoint(path string, c Checkpoint) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, base+tempSuffix+"*")
	if err != nil {
		return fmt.Errorf("writing checkpoint %s: %w", path, err)
	}
	err = writeTemp(tmp, data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing checkpoint %s: %w", path, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("writing checkpoint %s: syncing its directory: %w", path, err)
	}
	return nil
}

// tempSuffix marks the temporary files of a checkpoint being written.
const tempSuffix = ".tmp-"

// removeTemps removes the temporary files a crash in WriteCheckpoint left
// next to the checkpoint: they were never renamed over it, so they hold
// nothing the listener needs.
func removeTemps(path string) error {
	stale, err := filepath.Glob(globEscape(path) + tempSuffix + "*")
	if err != nil {
		return err
	}
	for _, f := range stale {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// globEscape quotes the characters filepath.Match treats specially.
func globEscape(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch r {
		case '*', '?', '[', '\\':
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
