#!/usr/bin/env bash
# Runs the Caliper 0.6.0 benchmark (benchmark.yaml) against the network that
# `make network-up` started, over the Fabric peer gateway.
#
#   benchmarks/caliper/run.sh [more caliper flags]
#
#   PROFILE    the project's connection profile (default network/run/profile.json)
#   BENCHMARK  the benchmark configuration (default benchmark.yaml here)
#   REPORT     the HTML report (default report.html here)
#   IDENTITIES the identities to load, as MSP:name words (default: the
#              workloads' own, CourtMSP:clerk1 CourtMSP:auditor CreditMSP:bank1)
#
# Writes networks/ (generated), report.html and caliper.log here, and prints
# Caliper's log and its summary table to stdout.
set -euo pipefail

# Paths given in the environment are taken from the caller's folder.
absolute() { if [[ $1 = /* ]]; then echo "$1"; else echo "$PWD/$1"; fi; }
[[ -z ${PROFILE:-} ]] || PROFILE=$(absolute "$PROFILE")
[[ -z ${BENCHMARK:-} ]] || BENCHMARK=$(absolute "$BENCHMARK")
[[ -z ${REPORT:-} ]] || REPORT=$(absolute "$REPORT")

cd "$(dirname "${BASH_SOURCE[0]}")"

PROFILE=${PROFILE:-$PWD/../../network/run/profile.json}
BENCHMARK=${BENCHMARK:-$PWD/benchmark.yaml}
REPORT=${REPORT:-$PWD/report.html}

# The fabric:fabric-gateway binding's packages (@hyperledger/fabric-gateway,
# @grpc/grpc-js) are direct dependencies in package.json, pinned to the
# versions `caliper bind` would install: never bind here, not even through
# the environment (launch manager runs `npm install` when a bind SUT is set).
unset CALIPER_BIND_SUT CALIPER_BIND_CWD CALIPER_BIND_ARGS CALIPER_BIND_FILE

# Install exactly what package-lock.json says, when node_modules is missing
# or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

if [[ ! -f $PROFILE ]]; then
  echo "run.sh: no connection profile at $PROFILE; start the network first (make network-up)" >&2
  exit 1
fi
identity_args=()
for id in ${IDENTITIES:-}; do
  identity_args+=(--identity "$id")
done
node generate-network.js "$PROFILE" "${identity_args[@]}"

# The connector is chosen by what is installed: with @hyperledger/fabric-gateway
# (and no fabric-network) caliper-fabric 0.6.0 loads its peer gateway
# connector; --caliper-fabric-gateway-enabled only concerns fabric-network 1.4.
# --caliper-flow-only-test: the network and chaincode are the project's, so
# Caliper skips its start, init, install and end phases.
status=0
npx --no -- caliper launch manager \
  --caliper-workspace . \
  --caliper-networkconfig networks/network.yaml \
  --caliper-benchconfig "$BENCHMARK" \
  --caliper-report-path "$REPORT" \
  --caliper-flow-only-test \
  "$@" 2>&1 | tee caliper.log || status=$?

# Caliper's summary table once more, without the log around it.
summary=$(sed -e 's/\x1b\[[0-9;]*m//g' caliper.log | awk '
  /### All test results ###/ { on = 1; next }
  on && /^[+|]/ { print; seen = 1; next }
  on && seen { exit }')
if [[ -n $summary ]]; then
  echo
  echo "Summary (the report: $REPORT)"
  echo "$summary"
fi
exit "$status"
