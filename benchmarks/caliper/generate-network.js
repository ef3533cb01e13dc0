#!/usr/bin/env node
'use strict';

// Writes Caliper 0.6.0's Fabric network configuration (networks/network.yaml)
// and one common connection profile per organization (networks/<mspid>.yaml)
// from the project's own connection profile (network/run/profile.json, which
// `make network-up` writes).
//
//   node generate-network.js [profile.json] [--out DIR] [--identity MSP:name ...]
//
// Without --identity, the identities the workloads use are loaded:
// CourtMSP clerk1 (noop, anchor), CourtMSP auditor (verify) and CreditMSP
// bank1 (check). The first organization is Caliper's default one, so its
// identities are named without invokerMspId; the others need it.
//
// Every path written is absolute. A private key must be a FILE for Caliper
// (IdentityManager reads clientPrivateKey.path with fs.readFile), while the
// profile names an MSP keystore DIRECTORY: it is resolved to the one key file
// in it, and more or fewer than one is an error.

const fs = require('fs');
const path = require('path');

const DEFAULT_IDENTITIES = [
    ['CourtMSP', 'clerk1'],
    ['CourtMSP', 'auditor'],
    ['CreditMSP', 'bank1'],
];

function usage(message) {
    if (message) {
        process.stderr.write(`generate-network: ${message}\n`);
    }
    process.stderr.write('usage: node generate-network.js [profile.json] [--out DIR] [--identity MSP:name ...]\n');
    process.exit(2);
}

function parseArgs(argv) {
    const opts = {
        profile: path.resolve(__dirname, '..', '..', 'network', 'run', 'profile.json'),
        out: path.join(__dirname, 'networks'),
        identities: [],
    };
    let profileGiven = false;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--out' || a === '--identity') {
            const v = argv[++i];
            if (v === undefined) {
                usage(`${a} needs a value`);
            }
            if (a === '--out') {
                opts.out = path.resolve(v);
            } else {
                const m = /^([^:]+):(.+)$/.exec(v);
                if (!m) {
                    usage(`--identity wants MSP:name, not ${v}`);
                }
                opts.identities.push([m[1], m[2]]);
            }
        } else if (a === '-h' || a === '--help') {
            usage();
        } else if (a.startsWith('-')) {
            usage(`unknown option ${a}`);
        } else if (!profileGiven) {
            opts.profile = path.resolve(a);
            profileGiven = true;
        } else {
            usage(`unexpected argument ${a}`);
        }
    }
    if (opts.identities.length === 0) {
        opts.identities = DEFAULT_IDENTITIES;
    }
    return opts;
}

function fail(message) {
    process.stderr.write(`generate-network: ${message}\n`);
    process.exit(1);
}

// A path from the profile, relative to the profile's folder unless absolute.
function fromProfile(profileDir, p, what) {
    if (typeof p !== 'string' || p === '') {
        fail(`${what}: no path in the profile`);
    }
    return path.resolve(profileDir, p);
}

// The PEM file at p, or the one regular file in the folder p (an MSP
// keystore or signcerts folder).
function pemFile(p, what) {
    let st;
    try {
        st = fs.statSync(p);
    } catch (err) {
        fail(`${what}: ${p} does not exist`);
    }
    let file = p;
    if (st.isDirectory()) {
        const files = fs.readdirSync(p)
            .filter(n => !n.startsWith('.'))
            .map(n => path.join(p, n))
            .filter(f => fs.statSync(f).isFile());
        if (files.length !== 1) {
            fail(`${what}: ${p} is a folder with ${files.length} files; it must hold exactly one`);
        }
        file = files[0];
    } else if (!st.isFile()) {
        fail(`${what}: ${p} is neither a file nor a folder`);
    }
    const head = fs.readFileSync(file, 'utf8').slice(0, 11);
    if (head !== '-----BEGIN ') {
        fail(`${what}: ${file} is not a PEM file`);
    }
    return file;
}

function endpointURL(endpoint, what) {
    if (typeof endpoint !== 'string' || !/^[^\s/]+:\d+$/.test(endpoint)) {
        fail(`${what}: endpoint must be HOST:PORT, not ${JSON.stringify(endpoint)}`);
    }
    return `grpcs://${endpoint}`;
}

// js-yaml comes with Caliper (caliper-core uses it); JSON is YAML too, so
// without it the files are written as JSON.
function serializer() {
    let yaml;
    try {
        yaml = require('js-yaml');
    } catch (err) {
        return obj => JSON.stringify(obj, null, 2) + '\n';
    }
    const dump = yaml.dump || yaml.safeDump;
    return obj => dump(obj, { noRefs: true, lineWidth: -1 });
}

function main() {
    const opts = parseArgs(process.argv.slice(2));
    let profile;
    try {
        profile = JSON.parse(fs.readFileSync(opts.profile, 'utf8'));
    } catch (err) {
        fail(`cannot read the profile ${opts.profile}: ${err.message} (is the network up? make network-up)`);
    }
    const profileDir = path.dirname(opts.profile);
    const channel = profile.channel;
    const chaincode = profile.chaincode;
    if (!channel || !chaincode) {
        fail(`${opts.profile} names no channel or chaincode`);
    }
    const orgs = profile.organizations || {};

    // Organizations in the order of their first identity: the first is
    // Caliper's default organization.
    const byOrg = new Map();
    for (const [msp, name] of opts.identities) {
        if (!orgs[msp]) {
            fail(`organization ${msp} is not in ${opts.profile}`);
        }
        const id = (orgs[msp].identities || {})[name];
        if (!id) {
            fail(`identity ${name} of ${msp} is not in ${opts.profile}`);
        }
        if (!byOrg.has(msp)) {
            byOrg.set(msp, []);
        }
        if (!byOrg.get(msp).includes(name)) {
            byOrg.get(msp).push(name);
        }
    }

    const dump = serializer();
    fs.mkdirSync(opts.out, { recursive: true });

    const organizations = [];
    for (const [msp, names] of byOrg) {
        const org = orgs[msp];
        const peers = org.peers || [];
        if (peers.length === 0) {
            fail(`organization ${msp} has no peers in ${opts.profile}`);
        }

        const ccp = {
            name: `judicial-${msp}`,
            version: '1.0.0',
            client: { organization: msp },
            organizations: { [msp]: { mspid: msp, peers: [] } },
            peers: {},
            channels: { [channel]: { peers: {} } },
        };
        for (const p of peers) {
            const what = `${msp} peer ${p.name}`;
            if (!p.name) {
                fail(`${msp}: a peer has no name`);
            }
            if (ccp.peers[p.name]) {
                fail(`${what} is listed twice`);
            }
            const entry = {
                url: endpointURL(p.endpoint, what),
                tlsCACerts: { path: pemFile(fromProfile(profileDir, p.tlsCACert, `${what} tlsCACert`), `${what} tlsCACert`) },
            };
            if (p.hostOverride) {
                entry.grpcOptions = { 'ssl-target-name-override': p.hostOverride };
            }
            ccp.peers[p.name] = entry;
            ccp.organizations[msp].peers.push(p.name);
            ccp.channels[channel].peers[p.name] = {};
        }
        const ccpFile = path.join(opts.out, `${msp}.yaml`);
        fs.writeFileSync(ccpFile, dump(ccp));

        const certificates = names.map(name => {
            const id = org.identities[name];
            const what = `${msp} identity ${name}`;
            return {
                name,
                clientPrivateKey: { path: pemFile(fromProfile(profileDir, id.key, `${what} key`), `${what} key`) },
                clientSignedCert: { path: pemFile(fromProfile(profileDir, id.cert, `${what} cert`), `${what} cert`) },
            };
        });
        organizations.push({
            mspid: msp,
            identities: { certificates },
            connectionProfile: { path: ccpFile, discover: true },
        });
    }

    const network = {
        name: 'judicial',
        version: '2.0.0',
        caliper: { blockchain: 'fabric' },
        channels: [{ channelName: channel, contracts: [{ id: chaincode }] }],
        organizations,
    };
    const networkFile = path.join(opts.out, 'network.yaml');
    fs.writeFileSync(networkFile, dump(network));

    const who = opts.identities.map(([m, n]) => `${m}:${n}`).join(', ');
    process.stdout.write(`generate-network: ${networkFile} (channel ${channel}, contract ${chaincode}; identities ${who})\n`);
}

main();
