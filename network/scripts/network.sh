#!/usr/bin/env bash
# The judicial network on native processes: network.sh up|down|status|clean|upgrade.
# Every node listens on 127.0.0.1; state, logs and pid files live in network/run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/ca.sh"
source "$here/nodes.sh"
source "$here/chaincode.sh"
source "$here/snapshot.sh"

all_running() {
  local n
  for n in $(all_nodes); do is_running "$n" || return 1; done
}

up() {
  need_bin peer orderer configtxgen osnadmin fabric-ca-server fabric-ca-client
  if all_running && [[ $(committed_sequence) -gt 0 ]]; then
    say "The network is already running (layout $LAYOUT, run dir $RUN); 'network.sh status' shows its health."
    ensure_chaincode
    return
  fi
  mkdir -p "$RUN" "$LOGS" "$PIDS"
  # A run folder made before the umask, or by an older script, is closed
  # as well: no other local user lists or reads what is in it.
  chmod 700 "$RUN"
  local org n

  step "certificate authorities"
  for org in "${ORG_NAMES[@]}"; do start_ca "$org"; done
  for org in "${ORG_NAMES[@]}"; do wait_for "ca.$org" "health check" 60 healthz "ca.$org"; done
  step "identities (registered and enrolled once; kept in $ORGS)"
  for org in "${ORG_NAMES[@]}"; do setup_org "$org"; done
  layout_identities

  step "orderers (Raft)"
  for n in "${ORDERERS[@]}"; do start_orderer "$n"; done
  for n in "${ORDERERS[@]}"; do
    wait_for "$n" "health check" 60 healthz "$n"
    wait_for "$n" "admin endpoint on 127.0.0.1:${ADMIN_PORT[$n]}" 60 port_taken "${ADMIN_PORT[$n]}"
  done
  create_genesis_block
  join_orderers
  elect_raft_leader

  step "peers"
  for n in "${PEERS[@]}"; do start_peer "$n"; done
  # /healthz answers before the peer's gRPC port listens: wait for both.
  for n in "${PEERS[@]}"; do
    wait_for "$n" "health check" 60 healthz "$n"
    wait_for "$n" "listening on 127.0.0.1:${PORT[$n]}" 60 port_taken "${PORT[$n]}"
  done
  for n in "${PEERS[@]}"; do join_peer "$n"; done

  ensure_chaincode
  write_profile
  wait_for_endorsement
  step "ready"
  status
}

down() {
  local nodes n
  read -ra nodes <<<"$(all_nodes)"
  step "stopping the network's processes (by pid file in $PIDS)"
  # All at once: each node keeps its own state as it stops and none needs
  # another to stop first, and one at a time took half a minute.
  for ((n = ${#nodes[@]} - 1; n >= 0; n--)); do stop_node "${nodes[n]}" & done
  wait
}

status() {
  local n state height bad=0
  printf '%-24s %-8s %-22s %-10s %-7s %s\n' NODE PID ADDRESS HEALTH HEIGHT RESTARTS
  for n in $(all_nodes); do
    state=down height=-
    if is_running "$n"; then
      state=running
      if [[ -n ${OPS_PORT[$n]:-} ]]; then
        if healthz "$n"; then state=OK; else state=UNHEALTHY; bad=1; fi
      elif chaincode_healthy "$(org_of "$n")"; then
        state=OK
      else
        state=UNHEALTHY bad=1
      fi
    else
      bad=1
    fi
    if [[ $state == OK ]]; then
      case $n in
        peer*) height=$(channel_height "$n") ;;
        orderer*) height=$(osnadmin_cmd "$n" channel list --channelID "$CHANNEL" 2>/dev/null | sed -n 's/.*"height": *\([0-9]*\).*/\1/p') ;;
      esac
    fi
    printf '%-24s %-8s %-22s %-10s %-7s %s\n' "$n" "$(pid_of "$n" || echo -)" "127.0.0.1:${PORT[$n]}" "$state" "${height:--}" "$(restarts_of "$n")"
  done
  local committed
  committed=$( (peer_admin_env "$ADMIN_ORG" "$(first_peer "$ADMIN_ORG")" && "$BIN/peer" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" 2>/dev/null) | tail -n +2 || true)
  say "chaincode $CC_NAME on $CHANNEL: ${committed:-not committed}"
  say "client profile: $RUN/profile.json"
  return $bad
}

clean() {
  down
  step "removing $RUN (ledgers, identities, logs)"
  rm -rf "$RUN"
}

# wait_for_endorsement: every org's gateway can gather a cross-org
# endorsement. Right after peers start, gossip has not yet told them about
# the other orgs' peers, and discovery answers "no combination of peers can
# be derived"; a no-op submit through each org proves the network usable.
wait_for_endorsement() {
  step "cross-org endorsement through each org's gateway"
  local cli org
  cli=$(network_cli)
  for org in "${APP_ORGS[@]}"; do
    noop_through "$cli" "${MSP[$org]}"
    say "  ${MSP[$org]}: endorsed and committed"
  done
}

# noop_through CLI MSP [PEER]: submits a no-op as the org's admin through
# its gateway (PEER's, if named) until it is endorsed and committed, for
# up to 90 s.
noop_through() {
  local cli=$1 msp=$2 peer=${3:-} args=() deadline=$((SECONDS + 90))
  [[ -n $peer ]] && args=(--peer "$peer")
  until "$cli" --profile "$RUN/profile.json" --org "$msp" --identity admin "${args[@]}" invoke system:Noop >"$LOGS/endorsement-check.log" 2>&1; do
    ((SECONDS < deadline)) || fail_node endorsement-check "a no-op submit through ${peer:-$msp}'s gateway (90s)"
    sleep 1
  done
}

# write_profile: the connection profile the gateway client reads; paths are
# relative to the profile, so the run folder can be moved or copied. A
# layout may bring its own (PROFILE_SOURCE), which is copied unchanged.
write_profile() {
  local org first=1 entry name type role peer
  if [[ -n $PROFILE_SOURCE ]]; then
    cp "$PROFILE_SOURCE" "$RUN/profile.json"
    return
  fi
  {
    printf '{\n  "channel": "%s",\n  "chaincode": "%s",\n  "organizations": {\n' "$CHANNEL" "$CC_NAME"
    for org in "${APP_ORGS[@]}"; do
      ((first)) || printf ',\n'
      first=0
      printf '    "%s": {\n      "peers": [' "${MSP[$org]}"
      local sep=""
      for peer in "${PEERS[@]}"; do
        [[ $(org_of "$peer") == "$org" ]] || continue
        printf '%s\n        {"name": "%s", "endpoint": "127.0.0.1:%s", "tlsCACert": "orgs/%s/tls-ca.pem"}' "$sep" "$peer" "${PORT[$peer]}" "$org"
        sep=,
      done
      printf '\n      ],\n      "identities": {'
      sep=""
      for entry in ${IDENTITIES[$org]}; do
        IFS=: read -r name type role <<<"$entry"
        [[ ($type == client || $type == admin) && $name != chaincode && $name != ccpeer ]] || continue
        printf '%s\n        "%s": {"cert": "orgs/%s/users/%s/msp/signcerts/cert.pem", "key": "orgs/%s/users/%s/msp/keystore"}' "$sep" "$name" "$org" "$name" "$org" "$name"
        sep=,
      done
      printf '\n      }\n    }'
    done
    printf '\n  }\n}\n'
  } >"$RUN/profile.json"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  # stop NODE: stops one node and its supervisor, so that it stays down
  # until the next up (a crash, by contrast, is restarted by itself).
  stop) [[ -n ${2:-} ]] || { echo "usage: $0 stop NODE" >&2; exit 2; }; stop_node "$2" ;;
  clean) clean ;;
  upgrade) upgrade_chaincode ;;
  # policy POLICY: a new sequence of the definition with this endorsement
  # policy (docs/network.md).
  policy) change_policy "${2:-}" ;;
  profile) write_profile && say "$RUN/profile.json" ;;
  # snapshot-join: peer2.court joins the channel from a snapshot of
  # peer0.court's ledger (docs/network.md).
  snapshot-join) join_from_snapshot ;;
  *) echo "usage: $0 up|down|status|stop NODE|clean|upgrade|policy POLICY|profile|snapshot-join" >&2; exit 2 ;;
esac
