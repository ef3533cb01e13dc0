// Package digest hashes files locally, so that only digests ever leave the
// machine: SHA-256 (FIPS 180-4) or SM3 (GB/T 32905-2016).
package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"strings"

	"github.com/emmansun/gmsm/sm3"
)

// Algorithms, spelled as the chaincode records them.
const (
	SHA256 = "sha256"
	SM3    = "sm3"
)

// New returns a hash for the algorithm.
func New(algorithm string) (hash.Hash, error) {
	switch algorithm {
	case SHA256:
		return sha256.New(), nil
	case SM3:
		return sm3.New(), nil
	}
	return nil, fmt.Errorf("unknown digest algorithm %q: use %s or %s", algorithm, SHA256, SM3)
}

// File is a hashed file.
type File struct {
	Path   string
	Size   int64
	Digest []byte
}

// Hex is the digest in lower-case hex, as the ledger holds it.
func (f File) Hex() string { return hex.EncodeToString(f.Digest) }

// HashFile streams a file through the algorithm.
func HashFile(algorithm, path string) (File, error) {
	h, err := New(algorithm)
	if err != nil {
		return File{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return File{}, err
	}
	if info.IsDir() {
		return File{}, fmt.Errorf("%s is a directory; name the files to hash", path)
	}
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, fmt.Errorf("reading %s: %w", path, err)
	}
	return File{Path: path, Size: n, Digest: h.Sum(nil)}, nil
}

// LooksLikeDigest tells a 64-character hex string (a digest typed on the
// command line) from a file name.
func LooksLikeDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(strings.ToLower(s))
	return err == nil
}
