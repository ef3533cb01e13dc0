# shellcheck shell=bash
# Shared definitions for the network scripts: the layout in force (its
# nodes, orgs and port map: network/layouts), where things live, and how a
# node is started, stopped and checked. Sourced, not run.

# Everything the scripts and the nodes they start write is the owner's
# alone: keys, enrolment and chaincode packages, CA databases, ledgers and
# logs (docs/security.md). The nodes inherit this umask.
umask 077

NET_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRIPTS=$NET_DIR/scripts
ROOT_DIR=$(cd "$NET_DIR/.." && pwd)
# The layout: which nodes, orgs, ports and channel (network/layouts).
# The judicial network by default; JUDICIAL_LAYOUT=test-network reproduces
# fabric-samples' test-network, in a run folder of its own.
LAYOUT=${JUDICIAL_LAYOUT:-judicial}
if [[ $LAYOUT == judicial ]]; then
  RUN=${JUDICIAL_RUN_DIR:-$NET_DIR/run}
else
  RUN=${JUDICIAL_RUN_DIR:-$NET_DIR/run-$LAYOUT}
fi
ORGS=$RUN/orgs
LOGS=$RUN/logs
PIDS=$RUN/pids
BIN=${FABRIC_BIN:-$NET_DIR/bin}
# shellcheck disable=SC2034 # read by chaincode.sh, network.sh and snapshot.sh
CC_NAME=judicial
[[ -f $NET_DIR/layouts/$LAYOUT.sh ]] || {
  printf 'ERROR: JUDICIAL_LAYOUT=%s: no such layout; there are: %s\n' "$LAYOUT" "$(cd "$NET_DIR/layouts" && for f in *.sh; do printf '%s ' "${f%.sh}"; done)" >&2
  exit 2
}
# shellcheck source=../layouts/judicial.sh
source "$NET_DIR/layouts/$LAYOUT.sh"
# shellcheck disable=SC2034 # read by chaincode.sh
CC_SIGNATURE_POLICY=$(cat "$RUN/chaincode/policy" 2>/dev/null || echo "$CC_DEFAULT_POLICY")

# What follows from the layout. The orderer org's folder is always
# `orderer`; each application org runs a CA and its own chaincode server.
ORG_NAMES=(orderer "${APP_ORGS[@]}")
CAS=() CC_SERVERS=()
for _org in "${ORG_NAMES[@]}"; do CAS+=("ca.$_org"); done
for _org in "${APP_ORGS[@]}"; do CC_SERVERS+=("chaincode.$_org"); done
unset _org
# shellcheck disable=SC2034 # read by chaincode.sh
CC_ORGS=("${APP_ORGS[@]}")
# The org whose admin queries and commits the chaincode's definition.
# shellcheck disable=SC2034 # read by chaincode.sh and network.sh
ADMIN_ORG=${APP_ORGS[0]}

# Every process the network starts, in start order; down stops them in reverse.
all_nodes() { echo "${CAS[@]}" "${ORDERERS[@]}" "${PEERS[@]}" "${CC_SERVERS[@]}"; }

# first_peer ORG: the org's first peer: its gossip bootstrap, the one its
# admin runs lifecycle commands on.
first_peer() {
  local p
  for p in "${PEERS[@]}"; do [[ $(org_of "$p") == "$1" ]] && { echo "$p"; return; }; done
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
  for _ in $(seq 1 50); do [[ -s $PIDS/$node.pid ]] && break; sleep 0.1; done
  say "  $node: started (pid $(pid_of "$node"), log $LOGS/$node.log)"
}

stop_node() {
  local node=$1 pid sup
  # The supervisor first, which stops the node and does not bring it back.
  if sup=$(supervisor_of "$node") && [[ -n $sup ]] && kill -0 "$sup" 2>/dev/null; then
    kill "$sup" 2>/dev/null || true
    for _ in $(seq 1 75); do kill -0 "$sup" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$PIDS/$node.sup"
  pid=$(pid_of "$node") || return 0
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
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
