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
  start_node "$node" env -i PATH="$PATH" HOME="$HOME" \
    FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS="127.0.0.1:${OPS_PORT[$node]}" \
    "$BIN/fabric-ca-server" start \
    --home "$home" --address 127.0.0.1 --port "${PORT[$node]}" \
    --ca.name "${CA_NAME[$org]}" --csr.cn "$node" --csr.hosts 127.0.0.1,localhost,"$node" \
    --tls.enabled -b "registrar:$(registrar_secret "$org")"
}

# The registrar's secret is made once per network and kept with the CA, so a
# restarted network can still register new identities.
registrar_secret() {
  local f
  f=$(ca_home "$1")/registrar.secret
  if [[ ! -s $f ]]; then
    mkdir -p "$(dirname "$f")"
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$f")
  fi
  cat "$f"
}

ca_client() { # org, args...: fabric-ca-client as the org's registrar
  local org=$1; shift
  "$BIN/fabric-ca-client" "$@" --caname "${CA_NAME[$org]}" \
    --tls.certfiles "$(ca_home "$org")/ca-cert.pem" -H "$(ca_home "$org")/registrar" \
    >>"$LOGS/ca.$org.client.log" 2>&1 || fail_node "ca.$org" "fabric-ca-client ${1:-} (see also $LOGS/ca.$org.client.log)"
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

enroll_identity() { # org name type role
  local org=$1 name=$2 type=$3 role=$4 kind=users secret attrs=()
  case $type in peer|orderer) kind=nodes ;; esac
  local dir=$ORGS/$org/$kind/$name
  [[ -f $dir/msp/signcerts/cert.pem ]] && return
  secret=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  [[ -n $role ]] && attrs=(--id.attrs "role=$role:ecert")
  ca_client "$org" register -u "https://$(ca_url "$org")" \
    --id.name "$name" --id.secret "$secret" --id.type "$type" "${attrs[@]}"
  local hosts=127.0.0.1,localhost,$name
  ca_client "$org" enroll -u "https://$name:$secret@$(ca_url "$org")" -M "$dir/msp" --csr.hosts "$hosts" \
    --csr.names "C=CN,O=${MSP[$org]}"
  tidy_msp "$dir/msp"
  # Nodes, admins (osnadmin, peer CLI), the chaincode server and its
  # peers' client identity need TLS certificates.
  if [[ $kind == nodes || $type == admin || $name == chaincode || $name == ccpeer ]]; then
    ca_client "$org" enroll -u "https://$name:$secret@$(ca_url "$org")" -M "$dir/tls" \
      --enrollment.profile tls --csr.hosts "$hosts"
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
    ca_client "$org" enroll -u "https://registrar:$(registrar_secret "$org")@$(ca_url "$org")"
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
