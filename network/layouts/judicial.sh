# The judicial network (the default layout): three Raft orderers, the court
# with two peers, the mediation centre and the credit org with one each, a
# CA per org, channel `judicial`. Sourced by lib.sh; docs/network.md draws it.
# shellcheck shell=bash
# A layout only sets variables, read by lib.sh and the scripts that
# source it: shellcheck, reading this file alone, would call each unused.
# shellcheck disable=SC2034

CHANNEL=judicial
# The chaincode's endorsement policy: the court and one other org. A
# channel admin changes it with `make chaincode-policy POLICY=...`, which
# commits it in a new sequence and keeps it in $RUN/chaincode/policy, so
# that later upgrades carry it on.
CC_DEFAULT_POLICY="AND('CourtMSP.peer', OR('MediationMSP.peer', 'CreditMSP.peer'))"
CONFIGTX_TEMPLATE=$NET_DIR/config/configtx.yaml
CONFIGTX_PROFILE=JudicialChannel
COLLECTIONS=$NET_DIR/config/collections.json
# 250 ms and 200: measured against 100 ms and 1 s, and 500, in
# docs/performance.md.
DEFAULT_BATCH_TIMEOUT=250ms
DEFAULT_BATCH_MAX_COUNT=200
# The chaincode reads its own MSP names by default (chaincode/access).
CC_ENV=()

# The port map (docs/network.md repeats it). Operations endpoints serve
# /healthz and /metrics over plain HTTP on loopback.
#   node              listen  admin/cc  operations
declare -A PORT=(
  [ca.orderer]=6054 [ca.court]=7054 [ca.mediation]=8054 [ca.credit]=9054
  [orderer1]=7050 [orderer2]=7150 [orderer3]=7250
  [peer0.court]=7051 [peer1.court]=7151 [peer0.mediation]=8051 [peer0.credit]=9051
  [peer2.court]=7251
  [chaincode.court]=9999 [chaincode.mediation]=9998 [chaincode.credit]=9997
)
declare -A OPS_PORT=(
  [ca.orderer]=16054 [ca.court]=17054 [ca.mediation]=18054 [ca.credit]=19054
  [orderer1]=17050 [orderer2]=17150 [orderer3]=17250
  [peer0.court]=17051 [peer1.court]=17151 [peer0.mediation]=18051 [peer0.credit]=19051
  [peer2.court]=17251
)
# Go profiles (pprof) of peers and chaincode servers, loopback only, for
# docs/performance.md's profiling.
declare -A PPROF_PORT=(
  [peer0.court]=16061 [peer1.court]=16161 [peer0.mediation]=16261 [peer0.credit]=16361 [peer2.court]=16461
  [chaincode.court]=19999 [chaincode.mediation]=19998 [chaincode.credit]=19997
)
declare -A ADMIN_PORT=([orderer1]=7053 [orderer2]=7153 [orderer3]=7253)
declare -A CC_PORT=([peer0.court]=7052 [peer1.court]=7152 [peer0.mediation]=8052 [peer0.credit]=9052 [peer2.court]=7252)

# Org folders under $ORGS; the first application org is the one whose
# admin commits chaincode definitions.
APP_ORGS=(court mediation credit)
declare -A MSP=([orderer]=OrdererMSP [court]=CourtMSP [mediation]=MediationMSP [credit]=CreditMSP)
declare -A CA_NAME=([orderer]=ca.orderer [court]=ca.court [mediation]=ca.mediation [credit]=ca.credit)
ORDERERS=(orderer1 orderer2 orderer3)
PEERS=(peer0.court peer1.court peer0.mediation peer0.credit)
# peer2.court is added by `network.sh snapshot-join` (make peer-from-snapshot);
# once it has joined, it is one of the network's peers.
SNAPSHOT_PEER=peer2.court
[[ -f $RUN/nodes/$SNAPSHOT_PEER/joined ]] && PEERS+=("$SNAPSHOT_PEER")

# The identities registered at each org's CA: name:type:role (role empty for
# nodes and admins). user1 has no role, rogue1 is a mediation identity that
# claims the court's judge role: the tests use both to show refusals.
# chaincode is the org's chaincode server, ccpeer the TLS client identity
# its peers present to that server.
declare -A IDENTITIES=(
  [orderer]="orderer1:orderer: orderer2:orderer: orderer3:orderer: admin:admin:"
  [court]="peer0.court:peer: peer1.court:peer: admin:admin: judge1:client:judge judge2:client:judge clerk1:client:clerk officer1:client:enforcement_officer auditor:client:auditor courtadmin1:client:court_admin user1:client: chaincode:client: ccpeer:client:"
  [mediation]="peer0.mediation:peer: admin:admin: mediator1:client:mediator auditor:client:auditor rogue1:client:judge chaincode:client: ccpeer:client:"
  [credit]="peer0.credit:peer: admin:admin: bank1:client:bank_officer auditor:client:auditor chaincode:client: ccpeer:client:"
)

org_of() { # node name -> org folder name
  case $1 in
    orderer*|ca.orderer) echo orderer ;;
    *.court) echo court ;;
    *.mediation) echo mediation ;;
    *.credit) echo credit ;;
  esac
}

# Nothing beyond the org folders: the profile is written from them.
layout_identities() { :; }
PROFILE_SOURCE=
