// Package profile reads connection profiles: which channel and chaincode to
// use, and per org its gateway peers and its identities. The same format
// serves the judicial network (network/run/profile.json) and
// fabric-samples' test-network (test-network-config/profile.json).
package profile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
)

// Profile is a parsed connection profile. Paths in it are absolute once
// loaded: relative ones are resolved against the profile's folder.
type Profile struct {
	Path          string         `json:"-"`
	Channel       string         `json:"channel"`
	Chaincode     string         `json:"chaincode"`
	Organizations map[string]Org `json:"organizations"`
}

// Org is one organisation: its MSP ID is its key in the profile.
type Org struct {
	MSPID      string              `json:"-"`
	Peers      []Peer              `json:"peers"`
	Identities map[string]Identity `json:"identities"`
}

// Peer is a gateway peer.
type Peer struct {
	Name     string `json:"name"`
	Endpoint string `json:"endpoint"`
	// HostOverride is the TLS server name when the endpoint's host is not in
	// the peer's certificate (test-network: localhost vs peer0.org1.example.com).
	HostOverride string `json:"hostOverride,omitempty"`
	TLSCACert    string `json:"tlsCACert"`
}

// Identity is an enrolled identity's certificate and private key; Key may
// name the key file or a keystore folder holding exactly one key.
type Identity struct {
	Cert string `json:"cert"`
	Key  string `json:"key"`
}

// Load reads and checks a profile.
func Load(path string) (*Profile, error) {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("connection profile: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Profile
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("connection profile %s: %w", path, err)
	}
	p.Path = path
	if err := p.resolve(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("connection profile %s: %w", path, err)
	}
	return &p, nil
}

func (p *Profile) resolve(dir string) error {
	if p.Channel == "" {
		return fmt.Errorf(`"channel" is missing`)
	}
	if p.Chaincode == "" {
		return fmt.Errorf(`"chaincode" is missing`)
	}
	if len(p.Organizations) == 0 {
		return fmt.Errorf(`"organizations" is empty`)
	}
	abs := func(f string) string {
		if filepath.IsAbs(f) {
			return f
		}
		return filepath.Join(dir, f)
	}
	// In name order, so that a profile with several mistakes always
	// reports the same one first.
	for _, msp := range p.OrgNames() {
		org := p.Organizations[msp]
		org.MSPID = msp
		if len(org.Peers) == 0 {
			return fmt.Errorf(`organizations.%s: "peers" is empty; an org needs a gateway peer`, msp)
		}
		seen := make(map[string]bool, len(org.Peers))
		for i := range org.Peers {
			peer := &org.Peers[i]
			at := fmt.Sprintf("organizations.%s.peers[%d]", msp, i)
			if peer.Name == "" {
				return fmt.Errorf(`%s: "name" is missing`, at)
			}
			if seen[peer.Name] {
				return fmt.Errorf(`%s: name %q is used twice`, at, peer.Name)
			}
			seen[peer.Name] = true
			if peer.Endpoint == "" {
				return fmt.Errorf(`%s (%s): "endpoint" is missing`, at, peer.Name)
			}
			if host, port, err := net.SplitHostPort(peer.Endpoint); err != nil || host == "" || port == "" {
				return fmt.Errorf(`%s (%s): "endpoint" %q is not host:port`, at, peer.Name, peer.Endpoint)
			}
			if peer.TLSCACert == "" {
				return fmt.Errorf(`%s (%s): "tlsCACert" is missing`, at, peer.Name)
			}
			peer.TLSCACert = abs(peer.TLSCACert)
		}
		for _, name := range sortedKeys(org.Identities) {
			id := org.Identities[name]
			at := fmt.Sprintf("organizations.%s.identities.%s", msp, name)
			if id.Cert == "" {
				return fmt.Errorf(`%s: "cert" is missing`, at)
			}
			if id.Key == "" {
				return fmt.Errorf(`%s: "key" is missing`, at)
			}
			org.Identities[name] = Identity{Cert: abs(id.Cert), Key: abs(id.Key)}
		}
		p.Organizations[msp] = org
	}
	return nil
}

// Org returns the organisation with this MSP ID.
func (p *Profile) Org(msp string) (Org, error) {
	org, ok := p.Organizations[msp]
	if !ok {
		return Org{}, fmt.Errorf("organization %q is not in %s; it has %v", msp, p.Path, p.OrgNames())
	}
	return org, nil
}

// OrgNames lists the organisations in name order.
func (p *Profile) OrgNames() []string { return sortedKeys(p.Organizations) }

// Peer returns the named peer, or the first one when name is empty.
func (o Org) Peer(name string) (Peer, error) {
	if len(o.Peers) == 0 {
		return Peer{}, fmt.Errorf("organization %s has no peers", o.MSPID)
	}
	if name == "" {
		return o.Peers[0], nil
	}
	for _, p := range o.Peers {
		if p.Name == name {
			return p, nil
		}
	}
	return Peer{}, fmt.Errorf("peer %q is not in organization %s; it has %v", name, o.MSPID, o.PeerNames())
}

// PeerNames lists the org's peers in profile order, the default first.
func (o Org) PeerNames() []string {
	names := make([]string, len(o.Peers))
	for i, p := range o.Peers {
		names[i] = p.Name
	}
	return names
}

// IdentityNames lists the org's identities in name order.
func (o Org) IdentityNames() []string { return sortedKeys(o.Identities) }

// Identity returns the named identity.
func (o Org) Identity(name string) (Identity, error) {
	id, ok := o.Identities[name]
	if !ok {
		return Identity{}, fmt.Errorf("identity %q is not in organization %s; it has %v", name, o.MSPID, o.IdentityNames())
	}
	return id, nil
}

// KeyFile resolves Key to a file. Fabric CA and cryptogen write the key
// into a keystore folder under a name derived from it (…_sk, priv_sk), so
// a folder is accepted when it holds exactly one file.
func (id Identity) KeyFile() (string, error) {
	info, err := os.Stat(id.Key)
	if err != nil {
		return "", err
	}
	if !info.IsDir() {
		return id.Key, nil
	}
	entries, err := os.ReadDir(id.Key)
	if err != nil {
		return "", err
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() {
			files = append(files, filepath.Join(id.Key, e.Name()))
		}
	}
	if len(files) != 1 {
		return "", fmt.Errorf("keystore folder %s holds %d files; name the key file instead", id.Key, len(files))
	}
	return files[0], nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
