'use strict';

// Helpers shared by the workload modules (this file is not a workload).

const crypto = require('crypto');

// The chaincode id: networks/network.yaml lists the profile's chaincode under
// this contract id (the same, as generate-network.js writes it).
const DEFAULT_CONTRACT_ID = 'judicial';

// Round arguments (benchmark.yaml's workload.arguments) with defaults.
function settings(roundArguments, defaults) {
    return Object.assign({ contractId: DEFAULT_CONTRACT_ID }, defaults, roundArguments || {});
}

// 64 lower-case hex characters, a fresh random SHA-256-sized digest.
function randomDigest() {
    return crypto.randomBytes(32).toString('hex');
}

// The one argument of evidence:Anchor (evidence.AnchorRequest, decoded
// strictly by the chaincode: no other fields).
function anchorRequest(digest) {
    return JSON.stringify({ algorithm: 'sha256', digest, kind: 'electronic_evidence', size: 1 });
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKS = '10X98765432';

// The GB 11643-1999 check character of the first 17 digits.
function checkCharacter(first17) {
    let sum = 0;
    for (let i = 0; i < 17; i++) {
        sum += Number(first17[i]) * WEIGHTS[i];
    }
    return CHECKS[sum % 11];
}

function randomInt(n) {
    return crypto.randomInt(n);
}

// A valid 18-character resident ID number of an adult registered in
// Beijing's Chaoyang district (110105): born 1950-2000 (so 18 or older for
// any listing date from 2019 on), any 3-digit sequence, and its check
// character. Random people are not listed; a check reads the same either way.
function residentIDNumber() {
    const year = 1950 + randomInt(51);
    const month = 1 + randomInt(12);
    const day = 1 + randomInt(28);
    const seq = randomInt(1000);
    const first17 = '110105' + String(year) + String(month).padStart(2, '0') + String(day).padStart(2, '0') + String(seq).padStart(3, '0');
    return first17 + checkCharacter(first17);
}

// Throws unless the connector reported the transaction as successful.
function mustSucceed(status, what) {
    const s = Array.isArray(status) ? status : [status];
    const failed = s.filter(x => !x.IsCommitted());
    if (failed.length > 0) {
        throw new Error(`${what}: ${failed.length} of ${s.length} failed (see the connector's error above)`);
    }
    return status;
}

// The JSON result of a transaction (a Uint8Array or Buffer from the peer
// gateway connector).
function resultJSON(status) {
    const r = status.GetResult();
    return JSON.parse(Buffer.from(r).toString('utf8'));
}

module.exports = { settings, randomDigest, anchorRequest, checkCharacter, residentIDNumber, mustSucceed, resultJSON };
