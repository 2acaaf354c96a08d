#!/usr/bin/env bash
# From commit to every open event stream: SUBSCRIBERS clients on /api/events of `serve`, ROUNDS
# one-shot `task create` commands in their own JVMs on the same data folder; for each change, the
# time from its commit (the journal entry's "at") to its arrival on the first and on every stream.
# Usage: bench/event-latency.sh [ROUNDS (default 20)] [SUBSCRIBERS (default 100)]
#        (build first: ./mvnw -q package -DskipTests)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-20}
subscribers=${2:-100}
jar="$root/target/auto-dev.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

AUTODEV_HOME="$work/data" SERVER_PORT=0 java -jar "$jar" serve >"$work/serve.log" 2>&1 &
server=$!
port=
for _ in $(seq 600); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/serve.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "server did not start" >&2; exit 1; }
echo "server: java -jar target/auto-dev.jar serve, port $port, $(nproc) cores"
java "$root/bench/EventLatency.java" "$port" "$subscribers" "$rounds" \
  java -XX:TieredStopAtLevel=1 -Dautodev.home="$work/data" -jar "$jar" task create
