#!/usr/bin/env bash
# Registers and enrolls judicial role identities at fabric-samples'
# test-network CAs (started with `./network.sh up createChannel -ca`).
# Run from the test-network folder. cryptogen certificates carry no
# attributes, so role-checked functions need identities from these CAs.
set -euo pipefail
: "${FABRIC_CA_CLIENT:=fabric-ca-client}"
org_dir=organizations/peerOrganizations
# Each identity gets a random secret that enrols once, passed through the
# environment (no other local user reads it in /proc) and kept nowhere:
# the enrolment certificate and key are the credential. What is written
# is the owner's alone.
umask 077
enroll() { # org port caname name role
  local org=$1 port=$2 ca=$3 name=$4 role=$5 secret
  export FABRIC_CA_CLIENT_HOME=$PWD/$org_dir/$org.example.com
  local tls=$PWD/organizations/fabric-ca/${org}/ca-cert.pem
  local msp=$PWD/$org_dir/$org.example.com/users/$name@$org.example.com/msp
  [[ -f $msp/signcerts/cert.pem ]] && return
  secret=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  local out
  out=$(FABRIC_CA_CLIENT_ID_SECRET=$secret "$FABRIC_CA_CLIENT" register --caname "$ca" --id.name "$name" \
    --id.type client --id.maxenrollments 1 --id.attrs "role=$role:ecert" --tls.certfiles "$tls" 2>&1) ||
    { grep -v '^Password:' <<<"$out" >&2; return 1; }
  grep -v '^Password:' <<<"$out" || true
  FABRIC_CA_CLIENT_URL="https://$name:$secret@localhost:$port" "$FABRIC_CA_CLIENT" enroll --caname "$ca" \
    -M "$msp" --tls.certfiles "$tls"
  cp "$PWD/$org_dir/$org.example.com/msp/config.yaml" "$msp/config.yaml"
}
enroll org1 7054 ca-org1 judge1 judge
enroll org1 7054 ca-org1 clerk1 clerk
enroll org1 7054 ca-org1 officer1 enforcement_officer
enroll org2 8054 ca-org2 mediator1 mediator
enroll org2 8054 ca-org2 bank1 bank_officer
