# shellcheck shell=bash
# A peer that joins the channel from a ledger snapshot (Fabric 2.5,
# docs/network.md): peer0.court takes a snapshot of the channel at its
# last committed block; a new peer of the court, peer2.court, is enrolled
# with the court's CA, started, and joins from that snapshot instead of
# replaying every block; it installs the court's chaincode package and
# catches up with the blocks cut since. Sourced by network.sh.
#
#   network.sh snapshot-join     (make peer-from-snapshot)

SNAPSHOT_SOURCE=peer0.court

snapshot_cmd() { # peer args...: peer snapshot as its org's admin
  local peer=$1; shift
  (peer_admin_env "$(org_of "$peer")" "$peer" && "$BIN/peer" snapshot "$@" -c "$CHANNEL" \
    --peerAddress "$CORE_PEER_ADDRESS" --tlsRootCertFile "$CORE_PEER_TLS_ROOTCERT_FILE")
}

# take_snapshot: requests a snapshot at the last committed block, waits
# until the peer has written it, and prints its folder.
take_snapshot() {
  local src=$SNAPSHOT_SOURCE out dir
  out=$(snapshot_cmd "$src" submitrequest -b 0 2>&1) || fail_node "$src" "peer snapshot submitrequest: $out"
  wait_for "$src" "writing its snapshot of $CHANNEL" 120 snapshot_written "$src"
  local completed=$RUN/nodes/$src/data/snapshots/completed/$CHANNEL
  dir=$completed/$(find "$completed" -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -n | tail -1)
  [[ -f $dir/_snapshot_signable_metadata.json ]] || fail_node "$src" "no completed snapshot of $CHANNEL in $RUN/nodes/$src/data/snapshots/completed"
  echo "$dir"
}

# snapshot_written PEER: no snapshot request of the channel is pending.
snapshot_written() {
  local out
  out=$(snapshot_cmd "$1" listpending 2>&1) || fail_node "$1" "peer snapshot listpending: $out"
  [[ $out =~ \[[[:space:]]*\] ]]
}

# caught_up PEER HEIGHT: the peer's ledger reached HEIGHT.
caught_up() {
  local height
  height=$(channel_height "$1" || true)
  [[ -n $height && $height -ge $2 ]]
}

join_from_snapshot() {
  local new=$SNAPSHOT_PEER dir block target height out seq
  [[ -n ${SNAPSHOT_PEER:-} ]] || fail "the $LAYOUT layout names no peer to join from a snapshot (the judicial layout's is peer2.court)"
  is_running "$SNAPSHOT_SOURCE" || fail "$SNAPSHOT_SOURCE is not running: run 'make network-up' first"
  if [[ -f $RUN/nodes/$new/joined ]]; then
    say "$new already joined from the snapshot at block $(cat "$RUN/nodes/$new/joined")"
    return
  fi
  step "$new: enrolled with the court's CA and started"
  enroll_identity "$(org_of "$new")" "$new" peer ""
  start_peer "$new"
  wait_for "$new" "health check" 60 healthz "$new"
  wait_for "$new" "listening on 127.0.0.1:${PORT[$new]}" 60 port_taken "${PORT[$new]}"

  # A run stopped after the join goes on from there.
  block=$(cat "$RUN/nodes/$new/snapshot" 2>/dev/null || true)
  if [[ -z $block ]]; then
    step "snapshot of channel $CHANNEL on $SNAPSHOT_SOURCE"
    dir=$(take_snapshot)
    block=$(basename "$dir")
    say "  $dir (blocks 0 to $block)"
    step "$new joins channel $CHANNEL from the snapshot"
    out=$(peer_admin_env "$(org_of "$new")" "$new" && "$BIN/peer" channel joinbysnapshot --snapshotpath "$dir" 2>&1) ||
      { echo "$out" >>"$LOGS/$new.log"; fail_node "$new" "peer channel joinbysnapshot: $out"; }
    echo "$block" >"$RUN/nodes/$new/snapshot"
  fi
  # The join returns at once; the peer imports the snapshot, then pulls
  # the blocks cut since from the ordering service.
  target=$(channel_height "$SNAPSHOT_SOURCE")
  wait_for "$new" "catching up with $SNAPSHOT_SOURCE's height $target" 300 caught_up "$new" "$target"
  height=$(channel_height "$new")
  say "  $new: height $height (joined at block $block, caught up with $SNAPSHOT_SOURCE's $target)"

  seq=$(committed_sequence)
  install_on "$new" "$CC_DIR/pkg/$(org_of "$new")/${CC_NAME}_$seq.tgz"
  say "  $new: installed the court's package of $CC_NAME sequence $seq"
  echo "$block" >"$RUN/nodes/$new/joined"
  PEERS+=("$new")
  write_profile
  say "  profile: $RUN/profile.json now lists $new"

  # The new peer works: as the court's gateway it endorses a no-op, which
  # commits in a block it did not get from the snapshot.
  noop_through "$(network_cli)" "${MSP[$(org_of "$new")]}" "$new"
  height=$(channel_height "$new" || true)
  say "  $new: endorsed and committed a no-op through its own gateway; height $height"
}
