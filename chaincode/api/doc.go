// Package api is the judicial chaincode's published wire contract, the part
// shared by every capability: how functions are named and described, who
// acted, the event envelope, error codes, digest rules and the roles
// certificates carry. Each capability's own functions, requests, records,
// states and kinds are in a package of its own below this one
// (api/evidence, api/mediation, ...).
//
// Nothing here imports Fabric: the chaincode and the gateway client both
// import these packages, and a court's own application written in another
// language can be written from them and from docs/api.md, which is
// generated from them.
//
// # Calling a function
//
// A function is called by its namespaced name ("evidence:Anchor") with
// positional string arguments, as Fabric's contract API expects. Numbers
// are decimal strings; requests are JSON objects, decoded strictly
// (unknown fields are refused). Personal data is never an argument: it
// travels as transient data under the field names each function lists.
//
// # Values
//
// Amounts are whole numbers of fen (1/100 yuan). Times are RFC 3339
// strings; those a contract records from the transaction's timestamp are
// in UTC with nanoseconds. Digests are 64 lower-case hexadecimal
// characters (upper case is accepted and lowered). People appear only by
// pseudonym: 64 lower-case hexadecimal characters (package idnumber).
// Indexes into a record's lists (an agreement's obligations, a report)
// count from 0. Limits on text are in bytes of UTF-8.
//
// # Answers and errors
//
// A function answers a JSON document (its Returns type). A refusal is an
// error message for people, ending in a machine-readable code in
// brackets, for example "access denied: ... [denied]"; see Code.
package api
