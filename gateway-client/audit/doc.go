// Package audit lets an auditor check the channel's ledger without trusting
// the peer that served it: every conclusion is recomputed from the raw
// blocks.
//
// What each check proves:
//
//   - data hash: the header's DataHash is the SHA-256 of the block's
//     envelopes, so the transactions in hand are byte for byte the ones the
//     ordering service cut into that block. Any edit to an envelope, a dropped
//     or an added transaction changes it.
//   - previous hash: each header records the hash of the header before it,
//     and a header hash covers its data hash, so one trusted header hash (the
//     last one, compared with another peer or a published checkpoint) vouches
//     for every block before it. Rewriting a block and its header
//     consistently still breaks the link from the block after it.
//   - number and order: the blocks form one unbroken sequence, none missing,
//     repeated or swapped.
//   - export: the readable lines of an export (transactions, reads, writes)
//     are what the raw blocks embedded in the same export say; the raw blocks
//     are the evidence, the lines only a view of them.
//
// What the hashes do not cover: block metadata, in particular the validation
// code of each transaction, which every peer computes for itself after the
// block is cut, and the ordering service's signatures, which are not checked
// here. A validation code is therefore only as trustworthy as the peer that
// reported it; compare with a second organisation's peer when it matters.
package audit
