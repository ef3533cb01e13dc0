# Shared definitions for the network scripts: where things live, the port
# map, and how a node is started, stopped and checked. Sourced, not run.

NET_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRIPTS=$NET_DIR/scripts
ROOT_DIR=$(cd "$NET_DIR/.." && pwd)
RUN=${JUDICIAL_RUN_DIR:-$NET_DIR/run}
ORGS=$RUN/orgs
LOGS=$RUN/logs
PIDS=$RUN/pids
BIN=${FABRIC_BIN:-$NET_DIR/bin}
CHANNEL=judicial
CC_NAME=judicial
# The chaincode's endorsement policy: the court and one other org. A
# channel admin changes it with `make chaincode-policy POLICY=...`, which
# commits it in a new sequence and keeps it in $RUN/chaincode/policy, so
# that later upgrades carry it on.
CC_DEFAULT_POLICY="AND('CourtMSP.peer', OR('MediationMSP.peer', 'CreditMSP.peer'))"
CC_SIGNATURE_POLICY=$(cat "$RUN/chaincode/policy" 2>/dev/null || echo "$CC_DEFAULT_POLICY")

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

ORG_NAMES=(orderer court mediation credit)
declare -A MSP=([orderer]=OrdererMSP [court]=CourtMSP [mediation]=MediationMSP [credit]=CreditMSP)
ORDERERS=(orderer1 orderer2 orderer3)
PEERS=(peer0.court peer1.court peer0.mediation peer0.credit)
# peer2.court is added by `network.sh snapshot-join` (make peer-from-snapshot);
# once it has joined, it is one of the network's peers.
SNAPSHOT_PEER=peer2.court
[[ -f $RUN/nodes/$SNAPSHOT_PEER/joined ]] && PEERS+=("$SNAPSHOT_PEER")
CAS=(ca.orderer ca.court ca.mediation ca.credit)
# Each application org runs its own chaincode server for its own peers.
CC_ORGS=(court mediation credit)
CC_SERVERS=(chaincode.court chaincode.mediation chaincode.credit)

# Every process the network starts, in start order; down stops them in reverse.
all_nodes() { echo "${CAS[@]}" "${ORDERERS[@]}" "${PEERS[@]}" "${CC_SERVERS[@]}"; }

org_of() { # node name -> org folder name
  case $1 in
    orderer*|ca.orderer) echo orderer ;;
    *.court) echo court ;;
    *.mediation) echo mediation ;;
    *.credit) echo credit ;;
  esac
}

say() { printf '%s\n' "$*"; }
step() { printf '==> %s\n' "$*"; }
fail() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# fail_node NODE STEP: stop with what failed and the log that tells why.
fail_node() {
  local node=$1 what=$2 log=$LOGS/$1.log
  printf 'ERROR: %s: %s failed; read %s\n' "$node" "$what" "$log" >&2
  [[ -f $log ]] && tail -n 15 "$log" | sed 's/^/    /' >&2
  exit 1
}

need_bin() {
  local b
  for b in "$@"; do
    [[ -x $BIN/$b ]] || fail "missing binary $BIN/$b: run 'make fabric-bin' or set FABRIC_BIN to a folder of Fabric release binaries"
  done
}

# Each node runs under a supervisor (supervise.sh) that restarts it when
# it dies: NODE.pid is the node's own process, NODE.sup its supervisor's,
# and run/restarts/NODE counts the restarts.
pid_of() { [[ -f $PIDS/$1.pid ]] && cat "$PIDS/$1.pid"; }
supervisor_of() { [[ -f $PIDS/$1.sup ]] && cat "$PIDS/$1.sup"; }
restarts_of() { cut -d' ' -f1 "$RUN/restarts/$1" 2>/dev/null || echo 0; }

# is_running NODE: the node runs, or its supervisor is bringing it back.
is_running() {
  local pid
  pid=$(supervisor_of "$1") && [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && return 0
  pid=$(pid_of "$1") || return 1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

# The checks below capture output before matching: with pipefail, `grep -q`
# closing a pipe early makes the writer die of SIGPIPE and the test fail.
port_taken() { [[ -n $(ss -Htln "sport = :$1" 2>/dev/null) ]]; }

# start_node NODE CMD...: runs CMD in its own session with the log and pid
# files of NODE, after checking that NODE's ports are free.
start_node() {
  local node=$1; shift
  if is_running "$node"; then
    say "  $node: already running (pid $(pid_of "$node"))"
    return
  fi
  local p
  for p in ${PORT[$node]:-} ${OPS_PORT[$node]:-} ${ADMIN_PORT[$node]:-} ${CC_PORT[$node]:-} ${PPROF_PORT[$node]:-}; do
    port_taken "$p" && fail "$node: port 127.0.0.1:$p is taken by another process ($(ss -Htlnp "sport = :$p" | awk '{print $NF}' | head -1)); stop it or run 'make network-down'"
  done
  mkdir -p "$LOGS" "$PIDS" "$RUN/restarts"
  rm -f "$PIDS/$node.pid" "$RUN/restarts/$node"
  setsid "$SCRIPTS/supervise.sh" "$node" "$PIDS/$node.pid" "$RUN/restarts/$node" "$@" >>"$LOGS/$node.log" 2>&1 < /dev/null &
  echo $! >"$PIDS/$node.sup"
  local i
  for i in $(seq 1 50); do [[ -s $PIDS/$node.pid ]] && break; sleep 0.1; done
  say "  $node: started (pid $(pid_of "$node"), log $LOGS/$node.log)"
}

stop_node() {
  local node=$1 pid sup
  # The supervisor first, which stops the node and does not bring it back.
  if sup=$(supervisor_of "$node") && [[ -n $sup ]] && kill -0 "$sup" 2>/dev/null; then
    kill "$sup" 2>/dev/null || true
    local j
    for j in $(seq 1 75); do kill -0 "$sup" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$PIDS/$node.sup"
  pid=$(pid_of "$node") || return 0
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
      say "  $node: killed (pid $pid did not stop in 10s)"
    else
      say "  $node: stopped (pid $pid)"
    fi
  fi
  rm -f "$PIDS/$node.pid"
}

# healthz NODE: the node's operations endpoint answers OK.
healthz() {
  [[ $(curl -fsS --max-time 2 "http://127.0.0.1:${OPS_PORT[$1]}/healthz" 2>/dev/null) == *'"OK"'* ]]
}

# wait_for NODE WHAT SECONDS CHECK...: polls CHECK until it passes, and stops
# with the node's log if the process died or the time ran out.
wait_for() {
  local node=$1 what=$2 secs=$3; shift 3
  local deadline=$((SECONDS + secs))
  until "$@"; do
    is_running "$node" || fail_node "$node" "$what (process exited)"
    ((SECONDS < deadline)) || fail_node "$node" "$what (not ready after ${secs}s)"
    sleep 0.5
  done
}

# Peer CLI environment for acting as an org's admin against one peer.
peer_admin_env() {
  local org=$1 peer=$2
  export FABRIC_CFG_PATH=$RUN/nodes/$peer
  export CORE_PEER_LOCALMSPID=${MSP[$org]}
  export CORE_PEER_MSPCONFIGPATH=$ORGS/$org/users/admin/msp
  export CORE_PEER_ADDRESS=127.0.0.1:${PORT[$peer]}
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE=$ORGS/$org/tls-ca.pem
  export CORE_PEER_TLS_CLIENTAUTHREQUIRED=false
}

ORDERER_TLS_CA() { echo "$ORGS/orderer/tls-ca.pem"; }

# network_cli: builds network.sh's own copy of the gateway client (for
# its checks through the orgs' gateways) into $RUN/bin and prints its path.
network_cli() {
  local cli=$RUN/bin/judicial
  mkdir -p "$RUN/bin"
  (cd "$ROOT_DIR" && go build -o "$cli" ./gateway-client/cmd/judicial) >"$LOGS/client.build.log" 2>&1 ||
    fail_node client "go build ./gateway-client/cmd/judicial (see $LOGS/client.build.log)"
  echo "$cli"
}
