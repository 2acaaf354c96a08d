#!/usr/bin/env bash
# Sustained create → start → complete throughput of CLIENTS concurrent HTTP clients against the
# real jar (`serve`, fresh data folder, free port), every change durable before it is answered;
# then a restarted server is asked for every acknowledged task.
# Usage: bench/http-load.sh [SECONDS (default 20)] [CLIENTS (default 8)]
#        (build first: ./mvnw -q package -DskipTests)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-20}
clients=${2:-8}
jar="$root/target/auto-dev.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_server() { # sets $server and $port once the server listens
  AUTODEV_HOME="$work/data" SERVER_PORT=0 java -jar "$jar" serve >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 600); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/serve.log" | head -1)
    [ -n "$port" ] && return
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "server did not start" >&2; exit 1
}
stop_server() { kill "$server"; wait "$server" || true; server=""; }
port=

start_server
echo "server: java -jar target/auto-dev.jar serve, port $port, data folder on $(df -P "$work" | awk 'NR==2 {print $1}'), $(nproc) cores"
java "$root/bench/HttpLoad.java" load "$port" "$clients" "$seconds" "$work/acked.txt"
stop_server

start_server
java "$root/bench/HttpLoad.java" verify "$port" "$work/acked.txt"
stop_server
