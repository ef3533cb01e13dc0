package gateway

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/courtchain/judicial/gateway-client/profile"
	"github.com/hyperledger/fabric-protos-go-apiv2/common"
	"github.com/hyperledger/fabric-protos-go-apiv2/msp"
	"github.com/hyperledger/fabric-protos-go-apiv2/peer"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// SignedQuery asks one peer, of any org, to run a query and sign its
// answer: the proposal goes straight to the peer's endorser, not through
// the gateway, whose evaluate answers are unsigned. It returns the
// marshalled proposal and the peer's response, which together prove what
// that peer said (an evidence certificate's attestations).
func (c *Client) SignedQuery(ctx context.Context, target profile.Peer, chaincode string, args ...string) ([]byte, *peer.ProposalResponse, error) {
	proposal, err := c.proposal(chaincode, args)
	if err != nil {
		return nil, nil, err
	}
	digest := sha256.Sum256(proposal)
	sig, err := c.sign(digest[:])
	if err != nil {
		return nil, nil, fmt.Errorf("signing the query: %w", err)
	}
	conn, err := dial(target)
	if err != nil {
		return nil, nil, fmt.Errorf("peer %s: %w", target.Name, err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, c.settings.timeouts.evaluate)
	defer cancel()
	resp, err := peer.NewEndorserClient(conn).ProcessProposal(ctx, &peer.SignedProposal{ProposalBytes: proposal, Signature: sig})
	if err != nil {
		return nil, nil, fmt.Errorf("peer %s (%s): %w", target.Name, target.Endpoint, err)
	}
	if st := resp.GetResponse().GetStatus(); st != 200 {
		return nil, nil, fmt.Errorf("peer %s answered %s %v: status %d: %s", target.Name, chaincode, args[0], st, resp.GetResponse().GetMessage())
	}
	if resp.GetEndorsement() == nil {
		return nil, nil, fmt.Errorf("peer %s answered %s %v unsigned", target.Name, chaincode, args[0])
	}
	return proposal, resp, nil
}

// proposal builds a proposal as the client's identity, on the client's
// channel, with a fresh nonce and the transaction ID Fabric derives from
// it.
func (c *Client) proposal(chaincode string, args []string) ([]byte, error) {
	creator, err := proto.Marshal(&msp.SerializedIdentity{Mspid: c.signer.MspID(), IdBytes: c.signer.Credentials()})
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, 24)
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	txID := sha256.Sum256(slices.Concat(nonce, creator))
	ext, err := proto.Marshal(&peer.ChaincodeHeaderExtension{ChaincodeId: &peer.ChaincodeID{Name: chaincode}})
	if err != nil {
		return nil, err
	}
	channelHeader, err := proto.Marshal(&common.ChannelHeader{Type: int32(common.HeaderType_ENDORSER_TRANSACTION), ChannelId: c.settings.channel,
		TxId: hex.EncodeToString(txID[:]), Timestamp: timestamppb.New(time.Now()), Extension: ext})
	if err != nil {
		return nil, err
	}
	signatureHeader, err := proto.Marshal(&common.SignatureHeader{Creator: creator, Nonce: nonce})
	if err != nil {
		return nil, err
	}
	header, err := proto.Marshal(&common.Header{ChannelHeader: channelHeader, SignatureHeader: signatureHeader})
	if err != nil {
		return nil, err
	}
	input := make([][]byte, len(args))
	for i, a := range args {
		input[i] = []byte(a)
	}
	spec, err := proto.Marshal(&peer.ChaincodeInvocationSpec{ChaincodeSpec: &peer.ChaincodeSpec{Type: peer.ChaincodeSpec_GOLANG,
		ChaincodeId: &peer.ChaincodeID{Name: chaincode}, Input: &peer.ChaincodeInput{Args: input}}})
	if err != nil {
		return nil, err
	}
	payload, err := proto.Marshal(&peer.ChaincodeProposalPayload{Input: spec})
	if err != nil {
		return nil, err
	}
	return proto.Marshal(&peer.Proposal{Header: header, Payload: payload})
}
