#!/usr/bin/env bash
# Registers and enrolls judicial role identities at fabric-samples'
# test-network CAs (started with `./network.sh up createChannel -ca`).
# Run from the test-network folder. cryptogen certificates carry no
# attributes, so role-checked functions need identities from these CAs.
set -euo pipefail
: "${FABRIC_CA_CLIENT:=fabric-ca-client}"
org_dir=organizations/peerOrganizations
enroll() { # org port caname name role
  local org=$1 port=$2 ca=$3 name=$4 role=$5
  export FABRIC_CA_CLIENT_HOME=$PWD/$org_dir/$org.example.com
  local tls=$PWD/organizations/fabric-ca/${org}/ca-cert.pem
  "$FABRIC_CA_CLIENT" register --caname "$ca" --id.name "$name" --id.secret "${name}pw" \
    --id.type client --id.attrs "role=$role:ecert" --tls.certfiles "$tls" || true
  local msp=$PWD/$org_dir/$org.example.com/users/$name@$org.example.com/msp
  "$FABRIC_CA_CLIENT" enroll -u "https://$name:${name}pw@localhost:$port" --caname "$ca" \
    -M "$msp" --tls.certfiles "$tls"
  cp "$PWD/$org_dir/$org.example.com/msp/config.yaml" "$msp/config.yaml"
}
enroll org1 7054 ca-org1 judge1 judge
enroll org1 7054 ca-org1 clerk1 clerk
enroll org1 7054 ca-org1 officer1 enforcement_officer
enroll org2 8054 ca-org2 mediator1 mediator
enroll org2 8054 ca-org2 bank1 bank_officer
