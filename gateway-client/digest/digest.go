// Package digest hashes files locally, so that only digests ever leave the
// machine: SHA-256 (FIPS 180-4) or SM3 (GB/T 32905-2016).
package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"strings"

	"github.com/courtchain/judicial/chaincode/api"
	"github.com/emmansun/gmsm/sm3"
)

// New returns a hash for the algorithm, named as the chaincode's rules
// accept it (api.NormaliseAlgorithm: sha256, SHA-256, sm3, ...).
func New(algorithm string) (hash.Hash, error) {
	alg, err := api.NormaliseAlgorithm(algorithm)
	if err != nil {
		return nil, errors.New(api.StripCode(err.Error()))
	}
	if alg == api.SM3 {
		return sm3.New(), nil
	}
	return sha256.New(), nil
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
