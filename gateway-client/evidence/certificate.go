package evidence

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/courtchain/judicial/gateway-client/batch"
	"github.com/courtchain/judicial/gateway-client/certificate"
	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/hyperledger/fabric-gateway/pkg/client"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer/lifecycle"
	"google.golang.org/protobuf/proto"
)

// Attester is a peer asked to attest a transaction's validity.
type Attester struct {
	MSPID string
	Peer  profile.Peer
}

// Attesters are the peers of every org of a profile, each org's in the
// profile's order: Certificate takes the first that answers in each.
func Attesters(p *profile.Profile) []Attester {
	var out []Attester
	for _, org := range p.OrgNames() {
		o, _ := p.Org(org)
		for _, peer := range o.Peers {
			out = append(out, Attester{MSPID: org, Peer: peer})
		}
	}
	return out
}

// Certificate assembles the evidence certificate of record number, or
// with a receipt of the batch leaf the receipt proves: the record as its
// transaction wrote it, the transaction's block with the ordering
// service's signature, the channel's CA certificates in force at that
// block, and signed attestations of validity from one peer of each org
// among attesters that answers (at least certificate.MinAttestingOrgs).
func (e *Client) Certificate(ctx context.Context, number string, receipt *batch.Receipt, attesters []Attester) (*certificate.Certificate, error) {
	rec, err := e.Show(ctx, number)
	if err != nil {
		return nil, err
	}
	if receipt != nil {
		if receipt.EvidenceNumber != number || receipt.TxID != rec.TxID {
			return nil, fmt.Errorf("the receipt is of record %s (transaction %s), not of %s", receipt.EvidenceNumber, receipt.TxID, number)
		}
		if err := receipt.VerifyOffline(); err != nil {
			return nil, fmt.Errorf("the receipt: %w", err)
		}
	}
	block, err := e.c.BlockByTxID(ctx, rec.TxID)
	if err != nil {
		return nil, err
	}
	cert := &certificate.Certificate{Format: certificate.Format, Channel: e.c.Channel(), Chaincode: e.c.Chaincode(), Number: number,
		Receipt: receipt, TxID: rec.TxID, IssuedAt: time.Now().UTC().Format(time.RFC3339)}
	if err := e.addBlock(cert, block); err != nil {
		return nil, err
	}
	if cert.Record, err = certificate.RecordIn(cert.Block.Envelopes[cert.Block.Position], cert.Chaincode, number); err != nil {
		return nil, err
	}
	if cert.Record == nil {
		return nil, fmt.Errorf("transaction %s does not write record %s: the ledger and the record disagree", rec.TxID, number)
	}
	if cert.MSPs, _, err = e.channelMSPs(ctx, block); err != nil {
		return nil, err
	}
	if cert.Attestations, err = e.attest(ctx, rec.TxID, attesters); err != nil {
		return nil, err
	}
	return cert, nil
}

func (e *Client) addBlock(cert *certificate.Certificate, b *common.Block) error {
	header, err := proto.Marshal(b.GetHeader())
	if err != nil {
		return err
	}
	cert.Block = certificate.Block{Number: b.GetHeader().GetNumber(), Header: header, Envelopes: b.GetData().GetData(), Position: -1}
	if md := b.GetMetadata().GetMetadata(); len(md) > int(common.BlockMetadataIndex_SIGNATURES) {
		cert.Block.Signatures = md[common.BlockMetadataIndex_SIGNATURES]
	}
	for i, env := range cert.Block.Envelopes {
		if id, err := txIDOf(env); err == nil && id == cert.TxID {
			cert.Block.Position = i
			return nil
		}
	}
	return fmt.Errorf("block %d does not hold transaction %s", cert.Block.Number, cert.TxID)
}

func txIDOf(envelope []byte) (string, error) {
	var env common.Envelope
	var p common.Payload
	var ch common.ChannelHeader
	if err := proto.Unmarshal(envelope, &env); err != nil {
		return "", err
	}
	if err := proto.Unmarshal(env.GetPayload(), &p); err != nil {
		return "", err
	}
	if err := proto.Unmarshal(p.GetHeader().GetChannelHeader(), &ch); err != nil {
		return "", err
	}
	return ch.GetTxId(), nil
}

// channelMSPs reads the CA certificates of every org from the channel
// configuration in force at block b (the last configuration block its
// signature metadata names), and which orgs order.
func (e *Client) channelMSPs(ctx context.Context, b *common.Block) ([]certificate.MSP, []string, error) {
	var md common.Metadata
	var obm common.OrdererBlockMetadata
	meta := b.GetMetadata().GetMetadata()
	if len(meta) <= int(common.BlockMetadataIndex_SIGNATURES) {
		return nil, nil, fmt.Errorf("block %d has no signatures metadata", b.GetHeader().GetNumber())
	}
	if err := proto.Unmarshal(meta[common.BlockMetadataIndex_SIGNATURES], &md); err != nil {
		return nil, nil, fmt.Errorf("block %d: signatures metadata: %w", b.GetHeader().GetNumber(), err)
	}
	if err := proto.Unmarshal(md.GetValue(), &obm); err != nil {
		return nil, nil, fmt.Errorf("block %d: orderer metadata: %w", b.GetHeader().GetNumber(), err)
	}
	cb, err := e.c.Block(ctx, obm.GetLastConfig().GetIndex())
	if err != nil {
		return nil, nil, err
	}
	var env common.Envelope
	var p common.Payload
	var ce common.ConfigEnvelope
	if len(cb.GetData().GetData()) != 1 {
		return nil, nil, fmt.Errorf("configuration block %d holds %d envelopes", cb.GetHeader().GetNumber(), len(cb.GetData().GetData()))
	}
	if err := proto.Unmarshal(cb.GetData().GetData()[0], &env); err != nil {
		return nil, nil, err
	}
	if err := proto.Unmarshal(env.GetPayload(), &p); err != nil {
		return nil, nil, err
	}
	if err := proto.Unmarshal(p.GetData(), &ce); err != nil {
		return nil, nil, fmt.Errorf("configuration block %d: %w", cb.GetHeader().GetNumber(), err)
	}
	var out []certificate.MSP
	var orderers []string
	for _, section := range []string{"Application", "Orderer"} {
		orgs := ce.GetConfig().GetChannelGroup().GetGroups()[section].GetGroups()
		names := make([]string, 0, len(orgs))
		for name := range orgs {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			m, err := mspOf(orgs[name])
			if err != nil {
				return nil, nil, fmt.Errorf("configuration block %d, %s org %s: %w", cb.GetHeader().GetNumber(), section, name, err)
			}
			out = append(out, m)
			if section == "Orderer" {
				orderers = append(orderers, m.ID)
			}
		}
	}
	return out, orderers, nil
}

func mspOf(g *common.ConfigGroup) (certificate.MSP, error) {
	var mc msp.MSPConfig
	var fc msp.FabricMSPConfig
	if err := proto.Unmarshal(g.GetValues()["MSP"].GetValue(), &mc); err != nil {
		return certificate.MSP{}, err
	}
	if err := proto.Unmarshal(mc.GetConfig(), &fc); err != nil {
		return certificate.MSP{}, err
	}
	m := certificate.MSP{ID: fc.GetName()}
	for _, c := range fc.GetRootCerts() {
		m.RootCerts = append(m.RootCerts, string(c))
	}
	for _, c := range fc.GetIntermediateCerts() {
		m.IntermediateCerts = append(m.IntermediateCerts, string(c))
	}
	return m, nil
}

// attest asks one peer of each org for its signed answer about the
// transaction, going on to the org's next peer when one does not answer.
func (e *Client) attest(ctx context.Context, txID string, attesters []Attester) ([]certificate.Attestation, error) {
	var out []certificate.Attestation
	var errs []error
	done := map[string]bool{} // lookups only
	for _, a := range attesters {
		if done[a.MSPID] {
			continue
		}
		proposal, resp, err := e.c.SignedQuery(ctx, a.Peer, "qscc", "GetTransactionByID", e.c.Channel(), txID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		data, err := proto.Marshal(resp)
		if err != nil {
			return nil, err
		}
		out = append(out, certificate.Attestation{Peer: a.Peer.Name, MSPID: a.MSPID, Proposal: proposal, Response: data})
		done[a.MSPID] = true
	}
	if len(done) < certificate.MinAttestingOrgs {
		return nil, fmt.Errorf("peers of %d orgs attested transaction %s; a certificate needs %d: %w", len(done), txID, certificate.MinAttestingOrgs, errors.Join(errs...))
	}
	return out, nil
}

// Trust writes the trust file a court publishes, from the channel as its
// own peer sees it now: every org's roots in the latest configuration,
// and the chaincode's endorsement policy as its definition states it
// (policy, in Fabric's syntax, when the definition refers to a channel
// policy instead). The court checks the roots against its own CA files
// before it publishes.
func (e *Client) Trust(ctx context.Context, policy string) (*certificate.Trust, error) {
	height, err := e.c.Height(ctx)
	if err != nil {
		return nil, err
	}
	last, err := e.c.Block(ctx, height-1)
	if err != nil {
		return nil, err
	}
	msps, orderers, err := e.channelMSPs(ctx, last)
	if err != nil {
		return nil, err
	}
	if policy == "" {
		if policy, err = e.endorsementPolicy(ctx); err != nil {
			return nil, err
		}
	}
	return certificate.NewTrust(&certificate.Certificate{Channel: e.c.Channel(), Chaincode: e.c.Chaincode(), MSPs: msps}, policy, orderers)
}

// endorsementPolicy reads the chaincode's signature policy from its
// committed definition.
func (e *Client) endorsementPolicy(ctx context.Context) (string, error) {
	args, err := proto.Marshal(&lifecycle.QueryChaincodeDefinitionArgs{Name: e.c.Chaincode()})
	if err != nil {
		return "", err
	}
	data, err := e.c.Network().GetContract("_lifecycle").EvaluateWithContext(ctx, "QueryChaincodeDefinition", client.WithBytesArguments(args))
	if err != nil {
		return "", fmt.Errorf("reading the definition of chaincode %s: %w", e.c.Chaincode(), err)
	}
	var def lifecycle.QueryChaincodeDefinitionResult
	var ap peer.ApplicationPolicy
	if err := proto.Unmarshal(data, &def); err != nil {
		return "", err
	}
	if err := proto.Unmarshal(def.GetValidationParameter(), &ap); err != nil {
		return "", err
	}
	if ap.GetSignaturePolicy() == nil {
		return "", fmt.Errorf("chaincode %s's endorsement policy is the channel policy %q: state it in signature policy syntax (--policy)", e.c.Chaincode(), ap.GetChannelConfigPolicyReference())
	}
	p, err := certificate.PolicyFromEnvelope(ap.GetSignaturePolicy())
	if err != nil {
		return "", fmt.Errorf("chaincode %s's endorsement policy: %w", e.c.Chaincode(), err)
	}
	return p.String(), nil
}
