#!/usr/bin/env bash
# Builds the Fabric and Fabric CA commands from the pinned tools modules into
# network/bin, skipping any that are already there. With FABRIC_BIN set, the
# scripts use those binaries instead and nothing is built.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${BIN_DIR:-$here/bin}

if [[ -n "${FABRIC_BIN:-}" ]]; then
  for cmd in peer orderer configtxgen osnadmin fabric-ca-server fabric-ca-client; do
    [[ -x "$FABRIC_BIN/$cmd" ]] || { echo "FABRIC_BIN=$FABRIC_BIN has no executable $cmd" >&2; exit 1; }
  done
  echo "using Fabric binaries from FABRIC_BIN=$FABRIC_BIN"
  exit 0
fi

mkdir -p "$out"
build() { # module dir, command package
  local mod=$1 pkg=$2 name=${2##*/}
  if [[ -x "$out/$name" ]]; then
    echo "  $name: cached"
    return
  fi
  echo "  $name: building from $(basename "$mod") module ..."
  local start=$SECONDS
  if ! (cd "$mod" && CGO_ENABLED=1 go build -trimpath -o "$out/$name.tmp" "$pkg") >"$out/$name.build.log" 2>&1; then
    echo "building $name failed; read $out/$name.build.log" >&2
    tail -20 "$out/$name.build.log" >&2
    exit 1
  fi
  mv "$out/$name.tmp" "$out/$name"
  rm -f "$out/$name.build.log"
  echo "  $name: built in $((SECONDS - start))s"
}

echo "Fabric binaries -> $out"
for c in peer orderer configtxgen osnadmin; do
  build "$here/tools/fabric" "github.com/hyperledger/fabric/cmd/$c"
done
for c in fabric-ca-server fabric-ca-client; do
  build "$here/tools/fabric-ca" "github.com/hyperledger/fabric-ca/cmd/$c"
done
