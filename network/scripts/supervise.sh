#!/usr/bin/env bash
# supervise.sh NODE PIDFILE RESTARTS CMD...: runs CMD and runs it again
# whenever it exits, until the supervisor itself is asked to stop (TERM or
# INT), which it passes on to CMD. A crashed node comes back by itself,
# as systemd's Restart=always would bring it back on a court's hosts
# (docs/reliability.md). PIDFILE holds the running CMD's pid; RESTARTS
# counts the restarts and says when the last one was, for network status.
# A node that dies at once is restarted after 1, 2, 4, 8 and then every
# 16 s, so one that cannot start does not spin.
set -u
node=$1 pidfile=$2 restarts=$3
shift 3
child=
stop() {
  if [[ -n $child ]]; then
    kill -TERM "$child" 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  exit 0
}
trap stop TERM INT
delay=1
while true; do
  "$@" &
  child=$!
  echo "$child" >"$pidfile"
  started=$SECONDS
  wait "$child"
  code=$?
  n=$(( $(cut -d' ' -f1 "$restarts" 2>/dev/null || echo 0) + 1 ))
  echo "$n $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$restarts"
  echo "supervise: $node exited with status $code; restart $n in ${delay}s" >&2
  sleep "$delay" &
  wait $!
  if (( SECONDS - started > 60 )); then delay=1; else delay=$(( delay < 16 ? delay * 2 : 16 )); fi
done
