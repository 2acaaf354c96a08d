#!/usr/bin/env bash
# Median wall time of a one-shot `task create`, plain `java -jar` and through bin/auto-dev
# (extracted jar + CDS archive + AOT-processed context + C1), on a fresh data folder.
# Usage: bench/oneshot-startup.sh [RUNS (default 11)]   (build first: ./mvnw -q package -DskipTests)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # label, command...
  local label=$1; shift
  for i in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    "$@" task create "Startup bench $i" >/dev/null
    e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
  done | median | xargs printf "%-48s %6s ms (median of $runs)\n" "$label"
}

"$root/bin/auto-dev" task list >/dev/null   # extracts the jar and records the CDS archive
measure "plain: java -jar target/auto-dev.jar" java -jar "$root/target/auto-dev.jar"
measure "plain + C1 only (-XX:TieredStopAtLevel=1)" java -XX:TieredStopAtLevel=1 -jar "$root/target/auto-dev.jar"
measure "bin/auto-dev (CDS + AOT + C1 + lazy)" "$root/bin/auto-dev"
s=$(date +%s%N); java -Xshare:auto -version >/dev/null 2>&1; e=$(date +%s%N)
printf "%-48s %6s ms\n" "JVM floor: java -version" $(( (e - s) / 1000000 ))
