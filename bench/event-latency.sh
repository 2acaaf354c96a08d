#!/usr/bin/env bash
# From commit to every open event stream: SUBSCRIBERS clients on /api/events of one `serve`; ROUNDS
# changes made by other processes on the same data folder — one-shot `task create` commands (a JVM
# each), then POSTs to a second `serve` — and for each, the time from its commit (the journal
# entry's "at") to its arrival on the first and on every stream.
# Usage: bench/event-latency.sh [ROUNDS (default 20)] [SUBSCRIBERS (default 100)]
#        (build first: ./mvnw -q package -DskipTests)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-20}
subscribers=${2:-100}
jar="$root/target/auto-dev.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
start_server() { # $1: log file; sets $started to the port once the server listens
  AUTODEV_HOME="$work/data" SERVER_PORT=0 java -jar "$jar" serve >"$1" 2>&1 &
  local pid=$!
  servers+=("$pid")
  started=
  for _ in $(seq 600); do
    started=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\).*|\1|p' "$1" | head -1)
    [ -n "$started" ] && return
    kill -0 "$pid" 2>/dev/null || { cat "$1" >&2; exit 1; }
    sleep 0.1
  done
  echo "server did not start" >&2; exit 1
}
start_server "$work/serve.log"; port=$started
start_server "$work/other.log"; other=$started
echo "servers: java -jar target/auto-dev.jar serve on ports $port (streams) and $other (writes), one data folder, $(nproc) cores"
java "$root/bench/EventLatency.java" "$port" "$other" "$subscribers" "$rounds" \
  java -XX:TieredStopAtLevel=1 -Dautodev.home="$work/data" -jar "$jar" task create
