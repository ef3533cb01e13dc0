# shellcheck shell=bash
# The `judicial` chaincode's lifecycle: built from chaincode/cmd/judicial and
# run as a service (CCaaS) by each org for its own peers. Each org packages
# where its server listens and the client certificate its peers present
# (mutual TLS), installs that package on its peers and approves it; the
# definition is committed once. Sourced.

CC_DIR=$RUN/chaincode
# One peer of each org approves; the commit gathers their endorsements.
ENDORSING_PEERS=()
for _org in "${APP_ORGS[@]}"; do ENDORSING_PEERS+=("$(first_peer "$_org")"); done
unset _org

cc_address() { echo "127.0.0.1:${PORT[chaincode.$1]}"; }

build_chaincode_server() {
  mkdir -p "$CC_DIR/bin"
  (cd "$ROOT_DIR" && go build -trimpath -o "$CC_DIR/bin/judicial-chaincode" ./chaincode/cmd/judicial) \
    >"$LOGS/chaincode.build.log" 2>&1 || fail_node chaincode.build "go build ./chaincode/cmd/judicial"
}

pem_json() { awk '{printf "%s\\n", $0}' "$1"; }

# package_chaincode ORG LABEL: the org's ccaas package, whose only content
# is where its server listens, the CA that signed the server's TLS
# certificate, and the certificate and key its peers present to it.
package_chaincode() {
  local org=$1 label=$2 dir=$CC_DIR/pkg/$1/$2 client=$ORGS/$1/users/ccpeer/tls
  mkdir -p "$dir"
  cat >"$dir/connection.json" <<EOF
{"address": "$(cc_address "$org")", "dial_timeout": "10s", "tls_required": true, "client_auth_required": true,
 "root_cert": "$(pem_json "$ORGS/$org/tls-ca.pem")",
 "client_cert": "$(pem_json "$client/server.crt")",
 "client_key": "$(pem_json "$client/server.key")"}
EOF
  chmod 600 "$dir/connection.json"
  printf '{"type": "ccaas", "label": "%s"}\n' "$label" >"$dir/metadata.json"
  # Reproducible archives: the same label and content give the same package
  # ID, so a lifecycle step that is re-run after a failure approves the same.
  local tarflags=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner)
  # Both archives hold the peers' client key: written 0600 from the start.
  (
    umask 077
    tar -C "$dir" "${tarflags[@]}" -cf - connection.json | gzip -n >"$dir/code.tar.gz"
    tar -C "$dir" "${tarflags[@]}" -cf - metadata.json code.tar.gz | gzip -n >"$dir.tgz"
  )
  chmod 600 "$dir/code.tar.gz" "$dir.tgz"
  FABRIC_CFG_PATH=$RUN/nodes/$(first_peer "$ADMIN_ORG") "$BIN/peer" lifecycle chaincode calculatepackageid "$dir.tgz"
}

# pseudonym_fingerprint prints the fingerprint of the channel's pseudonym
# key, the file beside the profile that `judicial credit key init` stores
# on the channel, made here if there is none: a chaincode server caches
# the key only under the fingerprint it is given (chaincode/credit), and
# a bank's check then reads one key instead of two. The fingerprint is
# credit:KeyFingerprint's: the first 8 bytes of SHA-256 over
# "judicial pseudonym key|" and the key.
pseudonym_fingerprint() {
  local f=$RUN/pseudonym.key hex bytes="" i
  [[ -s $f ]] || { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; echo; } >"$f"
  hex=$(tr -d '[:space:]' <"$f")
  for ((i = 0; i < ${#hex}; i += 2)); do bytes+="\\x${hex:i:2}"; done
  { printf 'judicial pseudonym key|'; printf '%b' "$bytes"; } | sha256sum | cut -c1-16
}

# start_chaincode_server ORG PACKAGE_ID: the org's server, which accepts
# only its org's peers: clients whose certificate its own TLS CA issued and
# is the one the org's package gives its peers (ccpeer's), pinned
# (chaincode/serve/peers.go).
start_chaincode_server() {
  local org=$1 package_id=$2 tls=$ORGS/$1/users/chaincode/tls
  # A clean environment: contractapi would turn on client TLS settings it
  # inherits from a peer admin's CORE_PEER_* variables. This is a test
  # network: its servers run with test periods, so that a walkthrough or a
  # test can shorten periods the law fixes (a filing docketed at once, a
  # case terminated without waiting 3 months). A court's servers never
  # set JUDICIAL_TEST_PERIODS; system:Ping tells which kind answers. The
  # layout's CC_ENV maps the court, mediation and credit roles to its MSPs.
  start_node "chaincode.$org" env -i PATH="$PATH" HOME="$HOME" JUDICIAL_TEST_PERIODS=1 "${CC_ENV[@]}" \
    CHAINCODE_SERVER_ADDRESS="$(cc_address "$org")" \
    CHAINCODE_ID="$package_id" \
    CHAINCODE_TLS_CERT="$tls/server.crt" \
    CHAINCODE_TLS_KEY="$tls/server.key" \
    CHAINCODE_TLS_CLIENT_CA="$ORGS/$org/tls-ca.pem" \
    CHAINCODE_TLS_CLIENT_CERTS="$ORGS/$org/users/ccpeer/tls/server.crt" \
    JUDICIAL_PSEUDONYM_KEY_FINGERPRINT="$(pseudonym_fingerprint)" \
    CHAINCODE_PPROF_ADDRESS="127.0.0.1:${PPROF_PORT[chaincode.$org]}" \
    "$CC_DIR/bin/judicial-chaincode"
  wait_for "chaincode.$org" "chaincode server listening on $(cc_address "$org")" 30 port_taken "${PORT[chaincode.$org]}"
}

committed_sequence() { # prints the committed sequence, or 0
  local out
  out=$(peer_admin_env "$ADMIN_ORG" "$(first_peer "$ADMIN_ORG")" && "$BIN/peer" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" 2>/dev/null) || { echo 0; return; }
  sed -n 's/.*Sequence: \([0-9]*\),.*/\1/p' <<<"$out" | head -1
}

# install_everywhere LABEL: each peer installs its own org's package.
install_everywhere() {
  local label=$1 peer org out package_id
  # shellcheck disable=SC2153 # PEERS is the layout's (lib.sh), not a misspelt peers
  for peer in "${PEERS[@]}"; do
    org=$(org_of "$peer")
    package_id=${PACKAGE_IDS[$org]}
    out=$(peer_admin_env "$org" "$peer" && "$BIN/peer" lifecycle chaincode queryinstalled 2>/dev/null) || true
    if [[ $out == *"$package_id"* ]]; then
      say "  $peer: package already installed"
      continue
    fi
    install_on "$peer" "$CC_DIR/pkg/$org/$label.tgz"
    say "  $peer: installed $package_id"
  done
}

# install_on PEER PACKAGE: installs a package on a peer as its org's admin.
install_on() {
  local peer=$1 pkg=$2 out
  out=$(peer_admin_env "$(org_of "$peer")" "$peer" && "$BIN/peer" lifecycle chaincode install "$pkg" 2>&1) ||
    [[ $out == *"already successfully installed"* ]] ||
    { echo "$out" >>"$LOGS/$peer.log"; fail_node "$peer" "chaincode install: $out"; }
}

# lifecycle_args SEQUENCE: the arguments approve and commit share, one a
# line for mapfile: the orderer's CA file is a path, which may hold spaces.
lifecycle_args() {
  printf '%s\n' -C "$CHANNEL" -n "$CC_NAME" --version "$1" --sequence "$1" \
    -o "127.0.0.1:${PORT[${ORDERERS[0]}]}" --tls --cafile "$(ORDERER_TLS_CA)"
}

approve_everywhere() {
  local seq=$1 peer org out args
  mapfile -t args < <(lifecycle_args "$seq")
  for peer in "${ENDORSING_PEERS[@]}"; do
    org=$(org_of "$peer")
    out=$(peer_admin_env "$org" "$peer" && "$BIN/peer" lifecycle chaincode approveformyorg "${args[@]}" \
      --package-id "${PACKAGE_IDS[$org]}" --signature-policy "$CC_SIGNATURE_POLICY" \
      --collections-config "$COLLECTIONS" --waitForEvent 2>&1) ||
      grep -q 'unchanged content' <<<"$out" ||
      { echo "$out" >>"$LOGS/$peer.log"; fail_node "$peer" "chaincode approveformyorg (sequence $seq): $out"; }
    say "  ${MSP[$org]}: approved sequence $seq"
  done
}

commit_definition() {
  local seq=$1 peers=() peer org out args admin_peer
  for peer in "${ENDORSING_PEERS[@]}"; do
    org=$(org_of "$peer")
    peers+=(--peerAddresses "127.0.0.1:${PORT[$peer]}" --tlsRootCertFiles "$ORGS/$org/tls-ca.pem")
  done
  mapfile -t args < <(lifecycle_args "$seq")
  admin_peer=$(first_peer "$ADMIN_ORG")
  out=$(peer_admin_env "$ADMIN_ORG" "$admin_peer" && "$BIN/peer" lifecycle chaincode commit "${args[@]}" \
    --signature-policy "$CC_SIGNATURE_POLICY" --collections-config "$COLLECTIONS" \
    "${peers[@]}" --waitForEvent 2>&1) ||
    { echo "$out" >>"$LOGS/$admin_peer.log"; fail_node "$admin_peer" "chaincode commit (sequence $seq): $out"; }
  say "  committed $CC_NAME sequence $seq"
}

# deploy_chaincode SEQUENCE: the whole lifecycle for one sequence. Ledger data
# is untouched: a new sequence only changes the definition and the packages.
declare -A PACKAGE_IDS
deploy_chaincode() {
  local seq=$1 label=${CC_NAME}_$1 org
  step "chaincode $CC_NAME sequence $seq"
  build_chaincode_server
  for org in "${CC_ORGS[@]}"; do
    PACKAGE_IDS[$org]=$(package_chaincode "$org" "$label") || fail_node "chaincode.$org" "calculatepackageid"
  done
  install_everywhere "$label"
  approve_everywhere "$seq"
  commit_definition "$seq"
  # Only a committed sequence's packages may serve: if a step above failed,
  # the running servers still match the definition in force.
  for org in "${CC_ORGS[@]}"; do
    echo "${PACKAGE_IDS[$org]}" >"$CC_DIR/package_id.$seq.$org"
    stop_node "chaincode.$org"
    start_chaincode_server "$org" "${PACKAGE_IDS[$org]}"
  done
}

# chaincode_healthy ORG: the org's peer reaches its server and system:Ping
# answers.
chaincode_healthy() {
  local org=$1
  (peer_admin_env "$org" "$(first_peer "$org")" &&
    timeout 10 "$BIN/peer" chaincode query -C "$CHANNEL" -n "$CC_NAME" -c '{"Args":["system:Ping"]}') >/dev/null 2>&1
}

ensure_chaincode() {
  local seq org
  seq=$(committed_sequence)
  if [[ ${seq:-0} -eq 0 ]]; then
    deploy_chaincode 1
  else
    # A ccaas package holds no code, so a server started from a binary
    # built before the sources changed would serve other rules than its
    # siblings and their endorsements would differ: the binary is rebuilt
    # (a no-op when nothing changed) and, if it changed, every server
    # restarts on it.
    local before after
    before=$(sha256sum "$CC_DIR/bin/judicial-chaincode" 2>/dev/null || true)
    build_chaincode_server
    after=$(sha256sum "$CC_DIR/bin/judicial-chaincode")
    for org in "${CC_ORGS[@]}"; do
      if is_running "chaincode.$org"; then
        [[ $before == "$after" ]] && continue
        say "  chaincode.$org: the chaincode's sources changed since it started; restarting it on the new build"
        stop_node "chaincode.$org"
      fi
      step "chaincode server of $org (sequence $seq)"
      [[ -f $CC_DIR/package_id.$seq.$org ]] || fail "no package ID recorded for sequence $seq of $org in $CC_DIR; run 'make chaincode-upgrade'"
      start_chaincode_server "$org" "$(cat "$CC_DIR/package_id.$seq.$org")"
    done
  fi
  for org in "${CC_ORGS[@]}"; do
    wait_for "chaincode.$org" "system:Ping through $(first_peer "$org")" 60 chaincode_healthy "$org"
  done
}

upgrade_chaincode() {
  local seq org
  seq=$(committed_sequence)
  [[ ${seq:-0} -gt 0 ]] || fail "no $CC_NAME definition is committed yet: run 'make network-up' first"
  deploy_chaincode $((seq + 1))
  for org in "${CC_ORGS[@]}"; do
    wait_for "chaincode.$org" "system:Ping through $(first_peer "$org")" 60 chaincode_healthy "$org"
  done
}

# change_policy POLICY: commits the chaincode's definition again, in the
# next sequence, with POLICY as its endorsement policy (Fabric's signature
# policy syntax), and keeps POLICY for later upgrades. Every org's admin
# approves it, as any definition; the packages and the ledger are
# unchanged, and a transaction endorsed under the old policy but validated
# after the commit is refused (ENDORSEMENT_POLICY_FAILURE), as Fabric does.
change_policy() {
  local policy=$1 seq
  [[ -n $policy ]] || fail "usage: network.sh policy POLICY (Fabric's signature policy syntax; now: $CC_SIGNATURE_POLICY)"
  seq=$(committed_sequence)
  [[ ${seq:-0} -gt 0 ]] || fail "no $CC_NAME definition is committed yet: run 'make network-up' first"
  CC_SIGNATURE_POLICY=$policy
  deploy_chaincode $((seq + 1))
  mkdir -p "$CC_DIR"
  printf '%s\n' "$policy" >"$CC_DIR/policy"
  for org in "${CC_ORGS[@]}"; do
    wait_for "chaincode.$org" "system:Ping through $(first_peer "$org")" 60 chaincode_healthy "$org"
  done
  say "endorsement policy of $CC_NAME, sequence $((seq + 1)): $policy"
}
