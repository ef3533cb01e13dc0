#!/usr/bin/env bash
# Runs every fuzz target for FUZZTIME (default 10s; make fuzz FUZZTIME=1m),
# one go test -fuzz each. The targets are found, not listed: go test -list
# '^Fuzz' over the packages given, ./chaincode/... ./gateway-client/... by
# default, so a new FuzzX runs as soon as it is written. Each run starts
# from its f.Add seeds and its committed corpus in the package's
# testdata/fuzz/<target>; an input that fails is written there and fails
# the run. docs/reliability.md says what each target checks.
#
# Go 1.26's fuzzing engine may end a run on a busy machine with "context
# deadline exceeded" and no failing input (a race at the end of FUZZTIME,
# go.dev/issue/75804, fixed in Go 1.27): such a run passes.
#
# Every target runs even after one fails; the script then names each that
# failed and exits 1.
#
#   network/scripts/fuzz.sh [-l] [package...]
#     -l  print the targets found ("package target", one a line), run none
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

GO=${GO:-go}
FUZZTIME=${FUZZTIME:-10s}
list_only=0
if [[ ${1:-} == -l ]]; then
  list_only=1
  shift
fi
(($#)) || set -- ./chaincode/... ./gateway-client/...

failed=()
# go test -list prints each package's matching names, then its "ok" line.
# A package whose tests do not build fails the run, its targets unknown.
if ! listing=$("$GO" test -list '^Fuzz' "$@" 2>&1); then
  printf '%s\n' "$listing" | grep -v -e '^Fuzz' -e '^ok ' -e '^? ' >&2
  mapfile -t unlisted < <(awk '$1 == "FAIL" && NF > 1 { print $2 }' <<<"$listing")
  ((${#unlisted[@]})) || unlisted=("$*")
  for pkg in "${unlisted[@]}"; do failed+=("go test -list in $pkg"); done
fi
mapfile -t targets < <(awk '/^Fuzz/ { names[n++] = $1; next } /^ok / { for (i = 0; i < n; i++) print $2, names[i] } { n = 0 }' <<<"$listing")
if ((${#targets[@]} == 0)); then
  echo "no fuzz targets found in $*" >&2
  exit 1
fi

for entry in "${targets[@]}"; do
  pkg=${entry% *} target=${entry#* }
  if ((list_only)); then
    echo "$entry"
    continue
  fi
  echo "== $target $pkg"
  out=$("$GO" test -run '^$' -fuzz "^$target\$" -fuzztime "$FUZZTIME" "$pkg" 2>&1)
  rc=$?
  printf '%s\n' "$out" | tail -3
  if ((rc)) && grep -q 'context deadline exceeded' <<<"$out" && ! grep -q 'Failing input written' <<<"$out"; then
    echo "$target: the engine's deadline race (go.dev/issue/75804), no failing input"
  elif ((rc)); then
    printf '%s\n' "$out"
    failed+=("$target ($pkg)")
  fi
done

if ((${#failed[@]})); then
  printf 'fuzz: FAILED %s\n' "${failed[@]}" >&2
  exit 1
fi
((list_only)) || echo "fuzz: all ${#targets[@]} targets passed for $FUZZTIME each"
