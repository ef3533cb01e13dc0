// Package judicial connects to a Fabric gateway peer as one enrolled
// identity from a connection profile and calls the judicial chaincode.
// It follows fabric-gateway's pkg/client (Gateway → Network → Contract),
// adds the profile, typed errors that put the chaincode's own message first,
// and retries of transactions that lost an MVCC race.
package judicial

import (
	"crypto/x509"
	"fmt"
	"os"
	"time"

	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-gateway/pkg/hash"
	"github.com/hyperledger/fabric-gateway/pkg/identity"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// Client is a gateway connection as one identity of one org.
type Client struct {
	conn     *grpc.ClientConn
	gateway  *client.Gateway
	network  *client.Network
	contract *client.Contract
	mspID    string
	identity string
	peer     profile.Peer
	settings settings
}

type settings struct {
	peer                                    string
	channel, chaincode                      string
	evaluate, endorse, submit, commitStatus time.Duration
	attempts                                int
	baseDelay                               time.Duration
}

// Option configures Connect.
type Option func(*settings)

// WithPeer picks the org's gateway peer by name (default: the first).
func WithPeer(name string) Option { return func(s *settings) { s.peer = name } }

// WithChannel overrides the profile's channel.
func WithChannel(name string) Option { return func(s *settings) { s.channel = name } }

// WithChaincode overrides the profile's chaincode.
func WithChaincode(name string) Option { return func(s *settings) { s.chaincode = name } }

// WithTimeouts sets the gateway's per-step timeouts.
func WithTimeouts(evaluate, endorse, submit, commitStatus time.Duration) Option {
	return func(s *settings) {
		s.evaluate, s.endorse, s.submit, s.commitStatus = evaluate, endorse, submit, commitStatus
	}
}

// WithRetry sets how often a transaction that failed with an MVCC or
// phantom read conflict is tried in all, and the first back-off delay.
func WithRetry(attempts int, baseDelay time.Duration) Option {
	return func(s *settings) { s.attempts, s.baseDelay = attempts, baseDelay }
}

// ConnectError says which step of connecting failed.
type ConnectError struct {
	Org, Identity, Peer string
	Err                 error
}

func (e *ConnectError) Error() string {
	return fmt.Sprintf("connecting to %s as %s/%s: %v", e.Peer, e.Org, e.Identity, e.Err)
}

func (e *ConnectError) Unwrap() error { return e.Err }

// Connect opens a gateway connection for identity of org, as the profile
// describes them.
func Connect(p *profile.Profile, org, identityName string, opts ...Option) (*Client, error) {
	s := settings{
		channel: p.Channel, chaincode: p.Chaincode,
		evaluate: 30 * time.Second, endorse: 30 * time.Second, submit: 30 * time.Second, commitStatus: 2 * time.Minute,
		attempts: 5, baseDelay: 100 * time.Millisecond,
	}
	for _, o := range opts {
		o(&s)
	}
	c := &Client{mspID: org, identity: identityName, settings: s}
	fail := func(err error) (*Client, error) {
		return nil, &ConnectError{Org: org, Identity: identityName, Peer: c.peer.Endpoint, Err: err}
	}
	o, err := p.Org(org)
	if err != nil {
		return fail(err)
	}
	if c.peer, err = o.Peer(s.peer); err != nil {
		return fail(err)
	}
	id, err := o.Identity(identityName)
	if err != nil {
		return fail(err)
	}
	x509ID, sign, err := loadIdentity(org, id)
	if err != nil {
		return fail(err)
	}
	if c.conn, err = dial(c.peer); err != nil {
		return fail(err)
	}
	c.gateway, err = client.Connect(x509ID,
		client.WithSign(sign),
		client.WithHash(hash.SHA256),
		client.WithClientConnection(c.conn),
		client.WithEvaluateTimeout(s.evaluate),
		client.WithEndorseTimeout(s.endorse),
		client.WithSubmitTimeout(s.submit),
		client.WithCommitStatusTimeout(s.commitStatus),
	)
	if err != nil {
		c.conn.Close()
		return fail(err)
	}
	c.network = c.gateway.GetNetwork(s.channel)
	c.contract = c.network.GetContract(s.chaincode)
	return c, nil
}

func loadIdentity(msp string, id profile.Identity) (*identity.X509Identity, identity.Sign, error) {
	certPEM, err := os.ReadFile(id.Cert)
	if err != nil {
		return nil, nil, fmt.Errorf("certificate: %w", err)
	}
	cert, err := identity.CertificateFromPEM(certPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("certificate %s: %w", id.Cert, err)
	}
	x509ID, err := identity.NewX509Identity(msp, cert)
	if err != nil {
		return nil, nil, err
	}
	keyFile, err := id.KeyFile()
	if err != nil {
		return nil, nil, err
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, nil, fmt.Errorf("private key: %w", err)
	}
	key, err := identity.PrivateKeyFromPEM(keyPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("private key %s: %w", keyFile, err)
	}
	sign, err := identity.NewPrivateKeySign(key)
	if err != nil {
		return nil, nil, fmt.Errorf("private key %s: %w", keyFile, err)
	}
	return x509ID, sign, nil
}

func dial(peer profile.Peer) (*grpc.ClientConn, error) {
	caPEM, err := os.ReadFile(peer.TLSCACert)
	if err != nil {
		return nil, fmt.Errorf("TLS CA certificate: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("TLS CA certificate %s holds no PEM certificate", peer.TLSCACert)
	}
	creds := credentials.NewClientTLSFromCert(pool, peer.HostOverride)
	return grpc.NewClient(peer.Endpoint, grpc.WithTransportCredentials(creds))
}

// Close closes the gateway and its connection.
func (c *Client) Close() error {
	c.gateway.Close()
	return c.conn.Close()
}

// MSPID is the org the client acts for.
func (c *Client) MSPID() string { return c.mspID }

// Identity is the identity's name in the profile.
func (c *Client) Identity() string { return c.identity }

// Peer is the gateway peer the client talks to.
func (c *Client) Peer() profile.Peer { return c.peer }

// Channel is the channel's name.
func (c *Client) Channel() string { return c.settings.channel }

// Chaincode is the chaincode's name.
func (c *Client) Chaincode() string { return c.settings.chaincode }

// Network is fabric-gateway's network, for events and system chaincodes.
func (c *Client) Network() *client.Network { return c.network }

// Contract is fabric-gateway's contract for the chaincode.
func (c *Client) Contract() *client.Contract { return c.contract }
