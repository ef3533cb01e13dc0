# fabric-samples' test-network, reproduced on native processes
# (JUDICIAL_LAYOUT=test-network, make test-network-up): one Raft orderer of
# OrdererMSP, Org1MSP and Org2MSP with one peer each, a CA per org, channel
# `mychannel`, test-network's ports, and its `organizations/` folder in the
# run folder, so that test-network-config/profile.json and
# register-users.sh are used unchanged. What this does and does not prove:
# test-network-config/README.md. Sourced by lib.sh.
# shellcheck shell=bash
# A layout only sets variables, read by lib.sh and the scripts that
# source it: shellcheck, reading this file alone, would call each unused.
# shellcheck disable=SC2034

CHANNEL=mychannel
# The policy test-network-config/README.md tells a channel admin to deploy with.
CC_DEFAULT_POLICY="AND('Org1MSP.peer','Org2MSP.peer')"
CONFIGTX_TEMPLATE=$NET_DIR/config/configtx-test-network.yaml
CONFIGTX_PROFILE=ChannelUsingRaft
COLLECTIONS=$ROOT_DIR/test-network-config/collections.json
# test-network's own batch settings.
DEFAULT_BATCH_TIMEOUT=2s
DEFAULT_BATCH_MAX_COUNT=10
# The role mapping test-network-config/README.md describes: Org1 is the
# court, Org2 both the mediation centre and the credit org.
CC_ENV=(JUDICIAL_COURT_MSP=Org1MSP JUDICIAL_MEDIATION_MSP=Org2MSP JUDICIAL_CREDIT_MSP=Org2MSP)

# test-network's ports (its compose files); chaincode servers and pprof,
# which test-network runs in containers or not at all, take the judicial
# network's.
declare -A PORT=(
  [ca.org1]=7054 [ca.org2]=8054 [ca.orderer]=9054
  [orderer.example.com]=7050
  [peer0.org1.example.com]=7051 [peer0.org2.example.com]=9051
  [chaincode.org1]=9999 [chaincode.org2]=9998
)
declare -A OPS_PORT=(
  [ca.org1]=17054 [ca.org2]=18054 [ca.orderer]=19054
  [orderer.example.com]=9443
  [peer0.org1.example.com]=9444 [peer0.org2.example.com]=9445
)
declare -A PPROF_PORT=(
  [peer0.org1.example.com]=16061 [peer0.org2.example.com]=16261
  [chaincode.org1]=19999 [chaincode.org2]=19998
)
declare -A ADMIN_PORT=([orderer.example.com]=7053)
declare -A CC_PORT=([peer0.org1.example.com]=7052 [peer0.org2.example.com]=9052)

APP_ORGS=(org1 org2)
declare -A MSP=([orderer]=OrdererMSP [org1]=Org1MSP [org2]=Org2MSP)
# test-network's CA names, which register-users.sh passes as --caname.
declare -A CA_NAME=([orderer]=ca-orderer [org1]=ca-org1 [org2]=ca-org2)
ORDERERS=(orderer.example.com)
PEERS=(peer0.org1.example.com peer0.org2.example.com)

# Nodes, admins and each org's chaincode server; the role identities the
# profile names (judge1, mediator1, ...) come from register-users.sh.
declare -A IDENTITIES=(
  [orderer]="orderer.example.com:orderer: admin:admin:"
  [org1]="peer0.org1.example.com:peer: admin:admin: chaincode:client: ccpeer:client:"
  [org2]="peer0.org2.example.com:peer: admin:admin: chaincode:client: ccpeer:client:"
)

org_of() { # node name -> org folder name
  case $1 in
    orderer*|ca.orderer) echo orderer ;;
    *.org1.example.com|*.org1) echo org1 ;;
    *.org2.example.com|*.org2) echo org2 ;;
  esac
}

# The profile is test-network-config/profile.json itself, copied beside
# the organizations/ folder as its README tells a test-network user to.
PROFILE_SOURCE=$ROOT_DIR/test-network-config/profile.json

# layout_identities: test-network's organizations/ folder (as its
# registerEnroll.sh leaves it) over the identities enrolled above, then
# register-users.sh as a test-network user runs it.
layout_identities() {
  local tree=$RUN/organizations org
  step "test-network's organizations/ folder ($tree) and register-users.sh"
  for org in "${APP_ORGS[@]}"; do
    organizations_org "$tree/peerOrganizations/$org.example.com" "$tree/fabric-ca/$org" "$org" "$org.example.com"
    mkdir -p "$tree/peerOrganizations/$org.example.com/peers"
    ln -sfnr "$ORGS/$org/nodes/peer0.$org.example.com" "$tree/peerOrganizations/$org.example.com/peers/peer0.$org.example.com"
  done
  organizations_org "$tree/ordererOrganizations/example.com" "$tree/fabric-ca/ordererOrg" orderer example.com
  mkdir -p "$tree/ordererOrganizations/example.com/orderers"
  ln -sfnr "$ORGS/orderer/nodes/orderer.example.com" "$tree/ordererOrganizations/example.com/orderers/orderer.example.com"
  if [[ ! -f $tree/peerOrganizations/org2.example.com/users/mediator1@org2.example.com/msp/signcerts/cert.pem ]]; then
    (cd "$RUN" && FABRIC_CA_CLIENT=$BIN/fabric-ca-client "$ROOT_DIR/test-network-config/register-users.sh") \
      >>"$LOGS/register-users.log" 2>&1 || fail_node register-users "test-network-config/register-users.sh"
  fi
  say "  judge1, clerk1, officer1 (Org1MSP), mediator1, bank1 (Org2MSP): enrolled by register-users.sh"
}

# organizations_org DIR CAHOME ORG DOMAIN: one org's folder as
# registerEnroll.sh makes it. Its msp/ is the home of the CA's registrar,
# which register-users.sh registers with, and the cacerts file name that
# fabric-ca-client gives (localhost-PORT-CANAME.pem) is what config.yaml
# names, as test-network's does.
organizations_org() {
  local dir=$1 cahome=$2 org=$3 domain=$4 port cacert
  port=${PORT[ca.$org]}
  cacert=localhost-$port-${CA_NAME[$org]//./-}.pem
  mkdir -p "$cahome" "$dir/ca" "$dir/tlsca" "$dir/users"
  cp "$(ca_home "$org")/ca-cert.pem" "$cahome/ca-cert.pem"
  if [[ ! -f $dir/msp/signcerts/cert.pem ]]; then
    FABRIC_CA_CLIENT_HOME=$dir FABRIC_CA_CLIENT_URL="https://registrar:$(registrar_secret "$org")@localhost:$port" \
      "$BIN/fabric-ca-client" enroll --caname "${CA_NAME[$org]}" \
      --tls.certfiles "$cahome/ca-cert.pem" >>"$LOGS/ca.$org.client.log" 2>&1 ||
      fail_node "ca.$org" "enrolling the registrar into $dir/msp"
  fi
  cat >"$dir/msp/config.yaml" <<YAML
NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: cacerts/$cacert
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    Certificate: cacerts/$cacert
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    Certificate: cacerts/$cacert
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    Certificate: cacerts/$cacert
    OrganizationalUnitIdentifier: orderer
YAML
  mkdir -p "$dir/msp/tlscacerts"
  cp "$cahome/ca-cert.pem" "$dir/msp/tlscacerts/ca.crt"
  cp "$cahome/ca-cert.pem" "$dir/tlsca/tlsca.$domain-cert.pem"
  cp "$cahome/ca-cert.pem" "$dir/ca/ca.$domain-cert.pem"
  ln -sfnr "$ORGS/$org/users/admin" "$dir/users/Admin@$domain"
}
