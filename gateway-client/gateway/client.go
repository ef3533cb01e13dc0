// Package judicial connects to an org's Fabric gateway peers as one
// enrolled identity from a connection profile and calls the judicial
// chaincode. It follows fabric-gateway's pkg/client (Gateway → Network →
// Contract), adds the profile, typed errors that put the chaincode's own
// message first, retries of transactions that lost an MVCC race, and
// rides through the failure of one node (failover.go): another of the
// org's peers, a busy gateway waited out, a lost envelope submitted
// again, within a bound.
package gateway

import (
	"context"
	"crypto/x509"
	"errors"
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

// Client is a gateway connection as one identity of one org: to each of
// the org's peers, or to the one WithPeer names.
type Client struct {
	peers    []*gatewayPeer
	gateway  *client.Gateway
	network  *client.Network
	contract *client.Contract
	tx       transactor
	mspID    string
	identity string
	// signer signs what goes to a peer directly (SignedQuery).
	signer *identity.X509Identity
	sign   identity.Sign
	// peer is the first peer, which ledger reads and events use.
	peer     profile.Peer
	failover *failover
	settings settings
	// sleep waits out a back-off; tests replace it to see the delays.
	sleep func(context.Context, time.Duration) error
}

type settings struct {
	peer               string
	channel, chaincode string
	timeouts           timeouts
	attempts           int
	baseDelay          time.Duration
	bound, statusWait  time.Duration
	cooldown           time.Duration
}

// timeouts bound each step of a call. fabric-gateway applies its own
// WithEvaluateTimeout & co. only to calls made without a context, so calls
// that take the caller's context bound their steps themselves.
type timeouts struct {
	evaluate, endorse, submit, commitStatus time.Duration
}

// Defaults: a chaincode call that has not answered in half a minute is
// stuck, while a commit waits for the orderer to cut a block, which on a
// loaded network can take a while longer.
const (
	DefaultEvaluateTimeout     = 30 * time.Second
	DefaultEndorseTimeout      = 30 * time.Second
	DefaultSubmitTimeout       = 30 * time.Second
	DefaultCommitStatusTimeout = 2 * time.Minute
	DefaultAttempts            = 5
	DefaultBaseDelay           = 100 * time.Millisecond
)

// Option configures Connect.
type Option func(*settings)

// WithPeer pins the client to one of the org's gateway peers, by name: no
// failover, for what must be asked of that peer (its height, its blocks).
// By default the client uses all the org's peers, the first in the
// profile while it answers.
func WithPeer(name string) Option { return func(s *settings) { s.peer = name } }

// WithChannel overrides the profile's channel.
func WithChannel(name string) Option { return func(s *settings) { s.channel = name } }

// WithChaincode overrides the profile's chaincode.
func WithChaincode(name string) Option { return func(s *settings) { s.chaincode = name } }

// WithTimeouts sets the per-step timeouts; a zero keeps that step's default.
func WithTimeouts(evaluate, endorse, submit, commitStatus time.Duration) Option {
	return func(s *settings) {
		set := func(d *time.Duration, v time.Duration) {
			if v > 0 {
				*d = v
			}
		}
		set(&s.timeouts.evaluate, evaluate)
		set(&s.timeouts.endorse, endorse)
		set(&s.timeouts.submit, submit)
		set(&s.timeouts.commitStatus, commitStatus)
	}
}

// WithRetry sets how often a transaction that failed with an MVCC or
// phantom read conflict is tried in all (1: never again), and the first
// back-off delay, which doubles on each further try.
func WithRetry(maxAttempts int, baseDelay time.Duration) Option {
	return func(s *settings) { s.attempts, s.baseDelay = max(maxAttempts, 1), max(baseDelay, 0) }
}

// ConnectError is a failure to reach the gateway peer as the identity:
// a profile entry, certificate or key that cannot be used, or a peer that
// cannot be dialled or whose TLS certificate does not match. gRPC dials
// lazily, so an unreachable peer shows up at the first call, also as a
// ConnectError.
type ConnectError struct {
	Org, Identity string
	// Peer is the endpoint; empty when the profile has no usable peer.
	Peer string
	Err  error
}

func (e *ConnectError) Error() string {
	peer, as := e.Peer, ""
	if peer == "" {
		peer = "the gateway"
	}
	if e.Org != "" || e.Identity != "" {
		as = fmt.Sprintf(" as %s/%s", e.Org, e.Identity)
	}
	return fmt.Sprintf("connecting to %s%s: %s", peer, as, plain(e.Err))
}

func (e *ConnectError) Unwrap() error { return e.Err }

// Connect opens a gateway connection for identity of org, as the profile
// describes them.
func Connect(p *profile.Profile, org, identityName string, opts ...Option) (*Client, error) {
	s := settings{
		channel: p.Channel, chaincode: p.Chaincode,
		timeouts:  timeouts{DefaultEvaluateTimeout, DefaultEndorseTimeout, DefaultSubmitTimeout, DefaultCommitStatusTimeout},
		attempts:  DefaultAttempts,
		baseDelay: DefaultBaseDelay,
		bound:     DefaultCallBound, statusWait: DefaultStatusWait, cooldown: DefaultPeerCooldown,
	}
	for _, o := range opts {
		o(&s)
	}
	c := &Client{mspID: org, identity: identityName, settings: s, sleep: sleepCtx}
	fail := func(err error) (*Client, error) {
		c.Close()
		return nil, &ConnectError{Org: org, Identity: identityName, Peer: c.peer.Endpoint, Err: err}
	}
	o, err := p.Org(org)
	if err != nil {
		return fail(err)
	}
	if c.peer, err = o.Peer(s.peer); err != nil {
		return fail(err)
	}
	peers := []profile.Peer{c.peer}
	if s.peer == "" {
		peers = o.Peers
	}
	id, err := o.Identity(identityName)
	if err != nil {
		return fail(err)
	}
	x509ID, sign, err := loadIdentity(org, id)
	if err != nil {
		return fail(fmt.Errorf("%s: organizations.%s.identities.%s.%w", p.Path, org, identityName, err))
	}
	c.signer, c.sign = x509ID, sign
	for _, peer := range peers {
		gp, err := connectPeer(peer, x509ID, sign, s)
		if err != nil {
			return fail(fmt.Errorf("%s: organizations.%s, peer %q: %w", p.Path, org, peer.Name, err))
		}
		c.peers = append(c.peers, gp)
	}
	c.gateway, c.contract = c.peers[0].gateway, c.peers[0].contract
	c.network = c.gateway.GetNetwork(s.channel)
	c.failover = &failover{peers: c.peers, timeouts: s.timeouts, bound: s.bound, statusWait: s.statusWait, cooldown: s.cooldown,
		sleep: sleepCtx, now: time.Now, downUntil: make([]time.Time, len(c.peers))}
	c.tx = c.failover
	return c, nil
}

// connectPeer dials one gateway peer (lazily: gRPC connects at the first
// call) and opens the gateway on it.
func connectPeer(peer profile.Peer, id *identity.X509Identity, sign identity.Sign, s settings) (*gatewayPeer, error) {
	conn, err := dial(peer)
	if err != nil {
		return nil, err
	}
	gw, err := client.Connect(id,
		client.WithSign(sign),
		client.WithHash(hash.SHA256),
		client.WithClientConnection(conn),
		// For callers of Contract() that use the context-free methods.
		client.WithEvaluateTimeout(s.timeouts.evaluate),
		client.WithEndorseTimeout(s.timeouts.endorse),
		client.WithSubmitTimeout(s.timeouts.submit),
		client.WithCommitStatusTimeout(s.timeouts.commitStatus),
	)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return &gatewayPeer{peer: peer, conn: conn, gateway: gw, contract: gw.GetNetwork(s.channel).GetContract(s.chaincode)}, nil
}

func loadIdentity(msp string, id profile.Identity) (*identity.X509Identity, identity.Sign, error) {
	certPEM, err := os.ReadFile(id.Cert)
	if err != nil {
		return nil, nil, fmt.Errorf("cert: %w", err)
	}
	cert, err := identity.CertificateFromPEM(certPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("cert %s: %w", id.Cert, err)
	}
	x509ID, err := identity.NewX509Identity(msp, cert)
	if err != nil {
		return nil, nil, fmt.Errorf("cert %s: %w", id.Cert, err)
	}
	keyFile, err := id.KeyFile()
	if err != nil {
		return nil, nil, fmt.Errorf("key: %w", err)
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, nil, fmt.Errorf("key: %w", err)
	}
	key, err := identity.PrivateKeyFromPEM(keyPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("key %s: %w", keyFile, err)
	}
	sign, err := identity.NewPrivateKeySign(key)
	if err != nil {
		return nil, nil, fmt.Errorf("key %s: %w", keyFile, err)
	}
	return x509ID, sign, nil
}

func dial(peer profile.Peer) (*grpc.ClientConn, error) {
	caPEM, err := os.ReadFile(peer.TLSCACert)
	if err != nil {
		return nil, fmt.Errorf("tlsCACert: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return nil, fmt.Errorf("tlsCACert %s holds no PEM certificate", peer.TLSCACert)
	}
	creds := credentials.NewClientTLSFromCert(pool, peer.HostOverride)
	return grpc.NewClient(peer.Endpoint, grpc.WithTransportCredentials(creds))
}

// Close closes the gateways and their connections.
func (c *Client) Close() error {
	var errs []error
	for _, p := range c.peers {
		p.gateway.Close()
		errs = append(errs, p.conn.Close())
	}
	c.peers = nil
	return errors.Join(errs...)
}

// locate says who could not connect when err is an unreachable peer: wrap
// sees only the gRPC error, which does not say.
func (c *Client) locate(err error) error {
	var ce *ConnectError
	if errors.As(err, &ce) {
		ce.Org, ce.Identity, ce.Peer = c.mspID, c.identity, c.Peer().Endpoint
	}
	return err
}

// MSPID is the org the client acts for.
func (c *Client) MSPID() string { return c.mspID }

// Identity is the identity's name in the profile.
func (c *Client) Identity() string { return c.identity }

// Peer is the gateway peer that answered the client last (the first
// until a call was made).
func (c *Client) Peer() profile.Peer {
	if c.failover == nil {
		return c.peer
	}
	return c.failover.active()
}

// Peers are the gateway peers the client may use, in order.
func (c *Client) Peers() []profile.Peer {
	out := make([]profile.Peer, len(c.peers))
	for i, p := range c.peers {
		out[i] = p.peer
	}
	return out
}

// Channel is the channel's name.
func (c *Client) Channel() string { return c.settings.channel }

// Chaincode is the chaincode's name.
func (c *Client) Chaincode() string { return c.settings.chaincode }

// Gateway is fabric-gateway's gateway, for proposals signed elsewhere
// (NewSignedProposal) and other low-level calls.
func (c *Client) Gateway() *client.Gateway { return c.gateway }

// Network is fabric-gateway's network, for events and system chaincodes.
func (c *Client) Network() *client.Network { return c.network }

// Contract is fabric-gateway's contract for the chaincode.
func (c *Client) Contract() *client.Contract { return c.contract }
