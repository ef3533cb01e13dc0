package credit

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
)

// Personal data leaves the chaincode only sealed to a one-time key of the
// caller's: a response can end up in a block (a caller may submit a query),
// and a block is read by every org and never purged. Sealed, the answer is
// useless to anyone without the private key the caller made for this one
// call and then forgets.
//
// The scheme is ECIES over X25519 (RFC 7748): the chaincode makes an
// ephemeral key pair, derives a 256-bit key with HKDF-SHA256 (RFC 5869)
// from the shared secret, binding both public keys and the listing, and
// encrypts with AES-256-GCM, the listing's ID as additional data.

// SealAlgorithm names the scheme in a SealedPerson.
const SealAlgorithm = "X25519-HKDF-SHA256-AES256GCM"

// TransientPublicKey is the transient field that carries the caller's
// one-time X25519 public key (32 bytes) to PersonalData.
const TransientPublicKey = "publicKey"

// SealedPerson is a Person sealed to the caller's one-time key.
type SealedPerson struct {
	Listing      string `json:"listing"`
	Algorithm    string `json:"algorithm"`
	EphemeralKey []byte `json:"ephemeralKey"`
	Nonce        []byte `json:"nonce"`
	Ciphertext   []byte `json:"ciphertext"`
}

// Seal encrypts plaintext for the holder of the private key behind
// recipient (an X25519 public key); random supplies the ephemeral key and
// the nonce.
func Seal(recipient []byte, listing string, plaintext []byte, random io.Reader) (*SealedPerson, error) {
	pub, err := ecdh.X25519().NewPublicKey(recipient)
	if err != nil {
		return nil, fmt.Errorf("the one-time public key must be 32 bytes of X25519: %w", err)
	}
	eph, err := ecdh.X25519().GenerateKey(random)
	if err != nil {
		return nil, err
	}
	aead, err := sealKey(eph, pub, eph.PublicKey().Bytes(), recipient, listing)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := io.ReadFull(random, nonce); err != nil {
		return nil, err
	}
	return &SealedPerson{Listing: listing, Algorithm: SealAlgorithm, EphemeralKey: eph.PublicKey().Bytes(), Nonce: nonce,
		Ciphertext: aead.Seal(nil, nonce, plaintext, []byte(listing))}, nil
}

// Open decrypts a SealedPerson with the private key whose public key it
// was sealed to.
func Open(private *ecdh.PrivateKey, s *SealedPerson) ([]byte, error) {
	if s.Algorithm != SealAlgorithm {
		return nil, fmt.Errorf("sealed with %q; this client opens %s", s.Algorithm, SealAlgorithm)
	}
	eph, err := ecdh.X25519().NewPublicKey(s.EphemeralKey)
	if err != nil {
		return nil, fmt.Errorf("the sealed answer's ephemeral key: %w", err)
	}
	aead, err := sealKey(private, eph, s.EphemeralKey, private.PublicKey().Bytes(), s.Listing)
	if err != nil {
		return nil, err
	}
	if len(s.Nonce) != aead.NonceSize() {
		return nil, errors.New("the sealed answer's nonce has the wrong size")
	}
	plain, err := aead.Open(nil, s.Nonce, s.Ciphertext, []byte(s.Listing))
	if err != nil {
		return nil, errors.New("the sealed answer does not open with this key: it was sealed to another, or altered")
	}
	return plain, nil
}

// sealKey is AES-256-GCM under the key both sides derive from their
// shared secret.
func sealKey(own *ecdh.PrivateKey, other *ecdh.PublicKey, ephemeral, recipient []byte, listing string) (cipher.AEAD, error) {
	shared, err := own.ECDH(other)
	if err != nil {
		return nil, err
	}
	info := append(append(append([]byte(SealAlgorithm+"|"+listing+"|"), ephemeral...), '|'), recipient...)
	key, err := hkdf.Key(sha256.New, shared, nil, string(info), 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
