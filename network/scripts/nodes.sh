# shellcheck shell=bash
# Orderer and peer processes. Sourced by network.sh.
#
# Their configuration is Fabric's own sample core.yaml and orderer.yaml (from
# the pinned module, or from FABRIC_CFG_SRC / the release's config folder),
# with the few file edits environment variables cannot make, and everything
# node-specific passed as CORE_* / ORDERER_* variables.

sample_config_dir() {
  if [[ -n ${FABRIC_CFG_SRC:-} ]]; then
    echo "$FABRIC_CFG_SRC"
  elif [[ -n ${FABRIC_BIN:-} && -f $FABRIC_BIN/../config/core.yaml ]]; then
    echo "$FABRIC_BIN/../config"
  else
    local dir
    dir=$(cd "$NET_DIR/tools/fabric" && go mod download github.com/hyperledger/fabric &&
      go list -m -f '{{.Dir}}' github.com/hyperledger/fabric) || fail "cannot locate the Fabric module's sampleconfig"
    echo "$dir/sampleconfig"
  fi
}

write_peer_config() {
  local peer=$1 src dir=$RUN/nodes/$1
  src=$(sample_config_dir)
  mkdir -p "$dir/data"
  # vm.endpoint must be empty in the file (an empty variable is ignored) or
  # the peer registers a Docker health check; the external builder is ours.
  sed -e 's|^\(\s*endpoint:\) unix:///var/run/docker.sock|\1|' \
    -e "s|name: ccaas_builder|name: judicial_ccaas|" \
    -e "s|path: /opt/hyperledger/ccaas_builder|path: $NET_DIR/builders/ccaas|" \
    "$src/core.yaml" >"$dir/core.yaml"
  grep -q "path: $NET_DIR/builders/ccaas" "$dir/core.yaml" || fail "$peer: could not set the external builder in $dir/core.yaml"
}

start_peer() {
  local peer=$1 org node_dir tls bootstrap
  org=$(org_of "$peer")
  node_dir=$ORGS/$org/nodes/$peer
  tls=$node_dir/tls
  [[ -f $RUN/nodes/$peer/core.yaml ]] || write_peer_config "$peer"
  # Every peer learns its org through the org's first peer, which points
  # at itself.
  bootstrap=127.0.0.1:${PORT[$(first_peer "$org")]}
  start_node "$peer" env -i PATH="$PATH" HOME="$HOME" \
    FABRIC_CFG_PATH="$RUN/nodes/$peer" \
    FABRIC_LOGGING_SPEC="${PEER_LOGGING:-INFO}" \
    CORE_PEER_ID="$peer" \
    CORE_PEER_ADDRESS="127.0.0.1:${PORT[$peer]}" \
    CORE_PEER_LISTENADDRESS="127.0.0.1:${PORT[$peer]}" \
    CORE_PEER_CHAINCODEADDRESS="127.0.0.1:${CC_PORT[$peer]}" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:${CC_PORT[$peer]}" \
    CORE_PEER_GOSSIP_BOOTSTRAP="$bootstrap" \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:${PORT[$peer]}" \
    CORE_PEER_LOCALMSPID="${MSP[$org]}" \
    CORE_PEER_MSPCONFIGPATH="$node_dir/msp" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_CERT_FILE="$tls/server.crt" \
    CORE_PEER_TLS_KEY_FILE="$tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$tls/ca.crt" \
    CORE_PEER_FILESYSTEMPATH="$RUN/nodes/$peer/data" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$RUN/nodes/$peer/data/snapshots" \
    CORE_LEDGER_STATE_STATEDATABASE=goleveldb \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:${OPS_PORT[$peer]}" \
    CORE_PEER_PROFILE_ENABLED=true \
    CORE_PEER_PROFILE_LISTENADDRESS="127.0.0.1:${PPROF_PORT[$peer]}" \
    CORE_METRICS_PROVIDER=prometheus \
    CORE_CHAINCODE_EXECUTETIMEOUT=30s \
    CORE_PEER_GATEWAY_BROADCASTTIMEOUT=2s \
    CORE_PEER_KEEPALIVE_DELIVERYCLIENT_INTERVAL=2s \
    CORE_PEER_KEEPALIVE_DELIVERYCLIENT_TIMEOUT=2s \
    "$BIN/peer" node start
}

start_orderer() {
  local o=$1 src dir=$RUN/nodes/$1 node_dir=$ORGS/orderer/nodes/$1
  src=$(sample_config_dir)
  mkdir -p "$dir/data"
  [[ -f $dir/orderer.yaml ]] || cp "$src/orderer.yaml" "$dir/orderer.yaml"
  local tls=$node_dir/tls
  start_node "$o" env -i PATH="$PATH" HOME="$HOME" \
    FABRIC_CFG_PATH="$dir" \
    FABRIC_LOGGING_SPEC="${ORDERER_LOGGING:-INFO}" \
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 \
    ORDERER_GENERAL_LISTENPORT="${PORT[$o]}" \
    ORDERER_GENERAL_LOCALMSPID=OrdererMSP \
    ORDERER_GENERAL_LOCALMSPDIR="$node_dir/msp" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
    ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_PRIVATEKEY="$tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$tls/server.crt" \
    ORDERER_GENERAL_TLS_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$tls/server.crt" \
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$tls/server.key" \
    ORDERER_GENERAL_CLUSTER_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_FILELEDGER_LOCATION="$dir/data/ledger" \
    ORDERER_CONSENSUS_WALDIR="$dir/data/etcdraft/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$dir/data/etcdraft/snapshot" \
    ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:${ADMIN_PORT[$o]}" \
    ORDERER_ADMIN_TLS_ENABLED=true \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$tls/server.key" \
    ORDERER_ADMIN_TLS_CERTIFICATE="$tls/server.crt" \
    ORDERER_ADMIN_TLS_ROOTCAS="[$tls/ca.crt]" \
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$tls/ca.crt]" \
    ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:${OPS_PORT[$o]}" \
    ORDERER_METRICS_PROVIDER=prometheus \
    ORDERER_GENERAL_KEEPALIVE_SERVERMININTERVAL=1s \
    "$BIN/orderer"
}

osnadmin_cmd() { # orderer, args...
  local o=$1; shift
  local admin=$ORGS/orderer/users/admin/tls
  "$BIN/osnadmin" "$@" -o "127.0.0.1:${ADMIN_PORT[$o]}" \
    --ca-file "$(ORDERER_TLS_CA)" --client-cert "$admin/server.crt" --client-key "$admin/server.key"
}

# join_orderers: each orderer joins the channel from the genesis block.
join_orderers() {
  local o out
  for o in "${ORDERERS[@]}"; do
    # osnadmin exits 0 whatever the HTTP status: read the status line.
    out=$(osnadmin_cmd "$o" channel list --channelID "$CHANNEL" 2>&1) || true
    if [[ $out == "Status: 200"* ]]; then
      say "  $o: already in channel $CHANNEL"
      continue
    fi
    out=$(osnadmin_cmd "$o" channel join --channelID "$CHANNEL" --config-block "$RUN/channel/$CHANNEL.block" 2>&1) || true
    [[ $out == "Status: 201"* ]] || { echo "$out" >>"$LOGS/$o.log"; fail_node "$o" "osnadmin channel join: $out"; }
    say "  $o: joined channel $CHANNEL"
  done
}

# elect_raft_leader waits for a Raft leader, restarting the orderers when
# none comes. Fabric 2.5.0's orderer can deadlock at start while it replays
# the channel's Raft configuration changes (hyperledger/fabric#4199, fixed in
# later 2.5 releases): whether it does depends on a race between two of its
# goroutines, so a start that elects nobody is tried again. Frequent Raft
# snapshots (SnapshotIntervalSize in configtx.yaml) keep later restarts from
# replaying those entries at all.
elect_raft_leader() {
  local attempt n deadline
  for attempt in 1 2 3; do
    deadline=$((SECONDS + 20))
    until raft_has_leader || ((SECONDS >= deadline)); do sleep 0.5; done
    raft_has_leader && return 0
    say "  no Raft leader after 20s (start $attempt): restarting the orderers (hyperledger/fabric#4199)"
    for n in "${ORDERERS[@]}"; do stop_node "$n"; done
    for n in "${ORDERERS[@]}"; do start_orderer "$n"; done
    for n in "${ORDERERS[@]}"; do wait_for "$n" "health check" 60 healthz "$n"; done
  done
  fail_node "${ORDERERS[0]}" "Raft leader election on $CHANNEL (no leader after 3 starts; see hyperledger/fabric#4199 and docs/network.md)"
}

# raft_has_leader: some orderer reports itself Raft leader of the channel
# (its metrics say so); until then the ordering service refuses transactions.
raft_has_leader() {
  local o metrics
  for o in "${ORDERERS[@]}"; do
    metrics=$(curl -fsS --max-time 2 "http://127.0.0.1:${OPS_PORT[$o]}/metrics" 2>/dev/null) || continue
    [[ $metrics == *"consensus_etcdraft_is_leader{channel=\"$CHANNEL\"} 1"* ]] && return 0
  done
  return 1
}

# channel_height PEER: the block height the peer reports, or nothing.
channel_height() {
  local peer=$1 org
  org=$(org_of "$peer")
  (peer_admin_env "$org" "$peer" && "$BIN/peer" channel getinfo -c "$CHANNEL" 2>/dev/null) |
    sed -n 's/.*"height":\([0-9]*\).*/\1/p'
}

join_peer() {
  local peer=$1 org out
  org=$(org_of "$peer")
  if [[ -n $(channel_height "$peer") ]]; then
    say "  $peer: already in channel $CHANNEL"
    return
  fi
  out=$(peer_admin_env "$org" "$peer" && "$BIN/peer" channel join -b "$RUN/channel/$CHANNEL.block" 2>&1) ||
    [[ $out == *"already exists"* ]] ||
    { echo "$out" >>"$LOGS/$peer.log"; fail_node "$peer" "peer channel join: $out"; }
  say "  $peer: joined channel $CHANNEL"
}

create_genesis_block() {
  local f=$RUN/channel/$CHANNEL.block
  [[ -f $f ]] && return
  mkdir -p "$RUN/channel"
  # The batch settings can be set for a new channel, to measure others
  # (docs/performance.md): JUDICIAL_BATCH_TIMEOUT, JUDICIAL_BATCH_MAX_COUNT.
  # shellcheck disable=SC2016 # envsubst's list of variables to replace, not to expand here
  ORGS=$ORGS BATCH_TIMEOUT=${JUDICIAL_BATCH_TIMEOUT:-$DEFAULT_BATCH_TIMEOUT} \
    BATCH_MAX_COUNT=${JUDICIAL_BATCH_MAX_COUNT:-$DEFAULT_BATCH_MAX_COUNT} \
    envsubst '${ORGS} ${BATCH_TIMEOUT} ${BATCH_MAX_COUNT}' <"$CONFIGTX_TEMPLATE" >"$RUN/channel/configtx.yaml"
  FABRIC_CFG_PATH=$RUN/channel "$BIN/configtxgen" -profile "$CONFIGTX_PROFILE" -channelID "$CHANNEL" \
    -outputBlock "$f" >>"$LOGS/configtxgen.log" 2>&1 || fail_node configtxgen "creating the genesis block"
  say "  genesis block of channel $CHANNEL: $f"
}
