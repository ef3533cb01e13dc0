# The `judicial` chaincode's lifecycle: built from chaincode/cmd/judicial,
# packaged as a service (CCaaS), installed on every peer, approved by every
# org and committed; its server runs as a process of the network. Sourced.

CC_DIR=$RUN/chaincode
ENDORSING_PEERS=(peer0.court peer0.mediation peer0.credit)

build_chaincode_server() {
  mkdir -p "$CC_DIR/bin"
  (cd "$ROOT_DIR" && go build -trimpath -o "$CC_DIR/bin/judicial-chaincode" ./chaincode/cmd/judicial) \
    >"$LOGS/chaincode.build.log" 2>&1 || fail_node chaincode.build "go build ./chaincode/cmd/judicial"
}

# package_chaincode LABEL: a ccaas package whose only content is where the
# server listens and the CA that signed its TLS certificate.
package_chaincode() {
  local label=$1 dir=$CC_DIR/pkg/$1
  mkdir -p "$dir"
  local root_cert
  root_cert=$(awk '{printf "%s\\n", $0}' "$ORGS/court/tls-ca.pem")
  cat >"$dir/connection.json" <<EOF
{"address": "$CC_ADDRESS", "dial_timeout": "10s", "tls_required": true, "client_auth_required": false, "root_cert": "$root_cert"}
EOF
  printf '{"type": "ccaas", "label": "%s"}\n' "$label" >"$dir/metadata.json"
  # Reproducible archives: the same label and address give the same package
  # ID, so a lifecycle step that is re-run after a failure approves the same.
  local tarflags=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner)
  tar -C "$dir" "${tarflags[@]}" -cf - connection.json | gzip -n >"$dir/code.tar.gz"
  tar -C "$dir" "${tarflags[@]}" -cf - metadata.json code.tar.gz | gzip -n >"$CC_DIR/$label.tgz"
  FABRIC_CFG_PATH=$RUN/nodes/peer0.court "$BIN/peer" lifecycle chaincode calculatepackageid "$CC_DIR/$label.tgz"
}

start_chaincode_server() {
  local package_id=$1 tls=$ORGS/court/users/chaincode/tls
  # A clean environment: contractapi would turn on client TLS settings it
  # inherits from a peer admin's CORE_PEER_* variables.
  start_node chaincode env -i PATH="$PATH" HOME="$HOME" \
    CHAINCODE_SERVER_ADDRESS="$CC_ADDRESS" \
    CHAINCODE_ID="$package_id" \
    CHAINCODE_TLS_CERT="$tls/server.crt" \
    CHAINCODE_TLS_KEY="$tls/server.key" \
    "$CC_DIR/bin/judicial-chaincode"
  wait_for chaincode "chaincode server listening on $CC_ADDRESS" 30 port_taken "${CC_ADDRESS##*:}"
}

committed_sequence() { # prints the committed sequence, or 0
  local out
  out=$(peer_admin_env court peer0.court && "$BIN/peer" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" 2>/dev/null) || { echo 0; return; }
  sed -n 's/.*Sequence: \([0-9]*\),.*/\1/p' <<<"$out" | head -1
}

install_everywhere() {
  local pkg=$1 package_id=$2 peer org out
  for peer in "${PEERS[@]}"; do
    org=$(org_of "$peer")
    out=$(peer_admin_env "$org" "$peer" && "$BIN/peer" lifecycle chaincode queryinstalled 2>/dev/null) || true
    if [[ $out == *"$package_id"* ]]; then
      say "  $peer: package already installed"
      continue
    fi
    out=$(peer_admin_env "$org" "$peer" && "$BIN/peer" lifecycle chaincode install "$pkg" 2>&1) ||
      { echo "$out" >>"$LOGS/$peer.log"; fail_node "$peer" "chaincode install: $out"; }
    say "  $peer: installed $package_id"
  done
}

lifecycle_args() { # sequence
  echo -C "$CHANNEL" -n "$CC_NAME" --version "$1" --sequence "$1" \
    -o 127.0.0.1:7050 --tls --cafile "$(ORDERER_TLS_CA)"
}

approve_everywhere() {
  local seq=$1 package_id=$2 peer org out
  for peer in "${ENDORSING_PEERS[@]}"; do
    org=$(org_of "$peer")
    # shellcheck disable=SC2046
    out=$(peer_admin_env "$org" "$peer" && "$BIN/peer" lifecycle chaincode approveformyorg $(lifecycle_args "$seq") \
      --package-id "$package_id" --signature-policy "$CC_SIGNATURE_POLICY" \
      --collections-config "$NET_DIR/config/collections.json" --waitForEvent 2>&1) ||
      grep -q 'unchanged content' <<<"$out" ||
      { echo "$out" >>"$LOGS/$peer.log"; fail_node "$peer" "chaincode approveformyorg (sequence $seq): $out"; }
    say "  ${MSP[$org]}: approved sequence $seq"
  done
}

commit_definition() {
  local seq=$1 peers=() peer org out
  for peer in "${ENDORSING_PEERS[@]}"; do
    org=$(org_of "$peer")
    peers+=(--peerAddresses "127.0.0.1:${PORT[$peer]}" --tlsRootCertFiles "$ORGS/$org/tls-ca.pem")
  done
  # shellcheck disable=SC2046
  out=$(peer_admin_env court peer0.court && "$BIN/peer" lifecycle chaincode commit $(lifecycle_args "$seq") \
    --signature-policy "$CC_SIGNATURE_POLICY" --collections-config "$NET_DIR/config/collections.json" \
    "${peers[@]}" --waitForEvent 2>&1) ||
    { echo "$out" >>"$LOGS/peer0.court.log"; fail_node peer0.court "chaincode commit (sequence $seq): $out"; }
  say "  committed $CC_NAME sequence $seq"
}

# deploy_chaincode SEQUENCE: the whole lifecycle for one sequence. Ledger data
# is untouched: a new sequence only changes the definition and the package.
deploy_chaincode() {
  local seq=$1 label=${CC_NAME}_$1 package_id
  step "chaincode $CC_NAME sequence $seq"
  build_chaincode_server
  package_id=$(package_chaincode "$label") || fail_node peer0.court "calculatepackageid"
  install_everywhere "$CC_DIR/$label.tgz" "$package_id"
  approve_everywhere "$seq" "$package_id"
  commit_definition "$seq"
  # Only a committed sequence's package may serve: if a step above failed,
  # the running server still matches the definition in force.
  echo "$package_id" >"$CC_DIR/package_id.$seq"
  stop_node chaincode
  start_chaincode_server "$package_id"
}

# chaincode_healthy: a peer reaches the server and system:Ping answers.
chaincode_healthy() {
  (peer_admin_env court peer0.court &&
    timeout 10 "$BIN/peer" chaincode query -C "$CHANNEL" -n "$CC_NAME" -c '{"Args":["system:Ping"]}') >/dev/null 2>&1
}

ensure_chaincode() {
  local seq
  seq=$(committed_sequence)
  if [[ ${seq:-0} -eq 0 ]]; then
    deploy_chaincode 1
  elif ! is_running chaincode; then
    step "chaincode server (sequence $seq)"
    [[ -f $CC_DIR/package_id.$seq ]] || fail "no package ID recorded for sequence $seq in $CC_DIR; run 'make chaincode-upgrade'"
    [[ -x $CC_DIR/bin/judicial-chaincode ]] || build_chaincode_server
    start_chaincode_server "$(cat "$CC_DIR/package_id.$seq")"
  fi
  wait_for chaincode "system:Ping through peer0.court" 60 chaincode_healthy
}

upgrade_chaincode() {
  local seq
  seq=$(committed_sequence)
  [[ ${seq:-0} -gt 0 ]] || fail "no $CC_NAME definition is committed yet: run 'make network-up' first"
  deploy_chaincode $((seq + 1))
  wait_for chaincode "system:Ping through peer0.court" 60 chaincode_healthy
}
