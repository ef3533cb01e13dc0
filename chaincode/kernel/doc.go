// Package kernel is what every contract of the judicial chaincode stands
// on: a transaction as the contracts see it (who called, when, which
// events it causes), the clock and its freshness check, channel
// parameters, minted identifiers, bounded history reads, coded errors and
// the deadline index that lets cases move on by themselves.
//
// The capability packages (evidence, mediation, enforcement, credit,
// deadline, system) are siblings over this kernel and never import one
// another.
package kernel
