# shellcheck shell=bash
# Certificate authorities and identities. Sourced by network.sh.
#
# Each org runs one Fabric CA that issues both its enrollment (MSP) and its TLS
# certificates. Client identities carry a `role` attribute in the enrollment
# certificate, which the chaincode reads with the cid library.

# The identities each org's CA registers are the layout's IDENTITIES
# (network/layouts).

ca_home() { echo "$RUN/ca/$1"; }
ca_url() { echo "127.0.0.1:${PORT[ca.$1]}"; }

start_ca() {
  local org=$1 node=ca.$1 home
  home=$(ca_home "$org")
  mkdir -p "$home"
  [[ -f $home/fabric-ca-server-config.yaml ]] || init_ca "$org"
  forget_bootstrap "$home/fabric-ca-server-config.yaml"
  start_node "$node" env -i PATH="$PATH" HOME="$HOME" \
    FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS="127.0.0.1:${OPS_PORT[$node]}" \
    "$BIN/fabric-ca-server" start "${CA_FLAGS[@]}" --home "$home" --port "${PORT[$node]}" \
    --ca.name "${CA_NAME[$org]}" --csr.cn "$node" --csr.hosts 127.0.0.1,localhost,"$node"
}

CA_FLAGS=(--address 127.0.0.1 --tls.enabled)

# init_ca ORG: the CA's first start, without serving: its key and
# certificate, and its database with the registrar as bootstrap identity.
# The registrar's secret goes through the environment, never a command
# line that any local user reads in /proc.
init_ca() {
  local org=$1 node=ca.$1 home
  home=$(ca_home "$org")
  FABRIC_CA_SERVER_BOOT="registrar:$(registrar_secret "$org")" \
    "$BIN/fabric-ca-server" init "${CA_FLAGS[@]}" --home "$home" \
    --ca.name "${CA_NAME[$org]}" --csr.cn "$node" --csr.hosts 127.0.0.1,localhost,"$node" \
    >>"$LOGS/$node.log" 2>&1 || fail_node "$node" "fabric-ca-server init"
}

# forget_bootstrap CONFIG: Fabric CA writes the bootstrap identity, its
# password in clear, into the configuration it generates; the database
# holds the registrar from the first start on, so the list is emptied.
forget_bootstrap() {
  local config=$1
  [[ -f $config ]] || return 0
  awk '
    /^[^ #]/ { registry = /^registry:/ }
    registry && /^  identities:/ { print "  identities: []"; skipping = 1; next }
    skipping && /^   / { next }
    { skipping = 0; print }
  ' "$config" >"$config.tmp" && mv "$config.tmp" "$config"
}

# The registrar's secret is made once per network and kept with the CA
# (mode 0600), so that the registrar can enrol again if its certificate is
# lost; the registrar's enrolment is what registers identities.
registrar_secret() {
  local f
  f=$(ca_home "$1")/registrar.secret
  if [[ ! -s $f ]]; then
    mkdir -p "$(dirname "$f")"
    head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$f"
  fi
  cat "$f"
}

# ca_client ORG ARGS...: fabric-ca-client as the org's registrar. Secrets
# reach it through the environment (FABRIC_CA_CLIENT_URL,
# FABRIC_CA_CLIENT_ID_SECRET), and the password register echoes is kept
# out of the log.
ca_client() {
  local org=$1 out rc
  shift
  out=$("$BIN/fabric-ca-client" "$@" --caname "${CA_NAME[$org]}" \
    --tls.certfiles "$(ca_home "$org")/ca-cert.pem" -H "$(ca_home "$org")/registrar" 2>&1)
  rc=$?
  grep -v '^Password:' <<<"$out" >>"$LOGS/ca.$org.client.log"
  ((rc == 0)) || fail_node "ca.$org" "fabric-ca-client ${1:-} (see also $LOGS/ca.$org.client.log)"
}

node_ou_config() { # msp dir: NodeOUs classify identities by certificate OU
  cat >"$1/config.yaml" <<EOF
NodeOUs:
  Enable: true
  ClientOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: client}
  PeerOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: peer}
  AdminOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: admin}
  OrdererOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: orderer}
EOF
}

# tidy_msp DIR: one predictable name for the CA certificate, as config.yaml expects.
tidy_msp() {
  local dir=$1 f
  for f in "$dir"/cacerts/*.pem; do [[ $f == */ca.pem ]] || mv "$f" "$dir/cacerts/ca.pem"; done
  rm -rf "$dir/IssuerPublicKey" "$dir/IssuerRevocationPublicKey" "$dir/user"
  node_ou_config "$dir"
}

# enroll_identity ORG NAME TYPE ROLE: registered with a random secret that
# enrols as many times as the identity needs certificates (its MSP
# certificate, and a TLS one for nodes, admins, the chaincode server and
# its peers' client identity) and never again.
enroll_identity() {
  local org=$1 name=$2 type=$3 role=$4 kind=users secret attrs=() tls=0
  case $type in peer|orderer) kind=nodes ;; esac
  local dir=$ORGS/$org/$kind/$name
  [[ -f $dir/msp/signcerts/cert.pem ]] && return
  [[ $kind == nodes || $type == admin || $name == chaincode || $name == ccpeer ]] && tls=1
  secret=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  [[ -n $role ]] && attrs=(--id.attrs "role=$role:ecert")
  FABRIC_CA_CLIENT_URL="https://$(ca_url "$org")" FABRIC_CA_CLIENT_ID_SECRET=$secret \
    ca_client "$org" register --id.name "$name" --id.type "$type" --id.maxenrollments $((1 + tls)) "${attrs[@]}"
  local hosts=127.0.0.1,localhost,$name
  FABRIC_CA_CLIENT_URL="https://$name:$secret@$(ca_url "$org")" \
    ca_client "$org" enroll -M "$dir/msp" --csr.hosts "$hosts" --csr.names "C=CN,O=${MSP[$org]}"
  tidy_msp "$dir/msp"
  if ((tls)); then
    FABRIC_CA_CLIENT_URL="https://$name:$secret@$(ca_url "$org")" \
      ca_client "$org" enroll -M "$dir/tls" --enrollment.profile tls --csr.hosts "$hosts"
    cp "$dir"/tls/keystore/*_sk "$dir/tls/server.key"
    cp "$dir/tls/signcerts/cert.pem" "$dir/tls/server.crt"
    cp "$dir"/tls/tlscacerts/*.pem "$dir/tls/ca.crt"
  fi
}

# setup_org ORG: the org's MSP folder for the channel, and every identity.
setup_org() {
  local org=$1 home entry
  home=$(ca_home "$org")
  if [[ ! -f $home/registrar/msp/signcerts/cert.pem ]]; then
    FABRIC_CA_CLIENT_URL="https://registrar:$(registrar_secret "$org")@$(ca_url "$org")" ca_client "$org" enroll
  fi
  mkdir -p "$ORGS/$org/msp/cacerts" "$ORGS/$org/msp/tlscacerts"
  cp "$home/ca-cert.pem" "$ORGS/$org/msp/cacerts/ca.pem"
  cp "$home/ca-cert.pem" "$ORGS/$org/msp/tlscacerts/ca.pem"
  cp "$home/ca-cert.pem" "$ORGS/$org/tls-ca.pem"
  node_ou_config "$ORGS/$org/msp"
  for entry in ${IDENTITIES[$org]}; do
    IFS=: read -r name type role <<<"$entry"
    enroll_identity "$org" "$name" "$type" "$role"
  done
  say "  $org: $(wc -w <<<"${IDENTITIES[$org]}") identities enrolled"
}
