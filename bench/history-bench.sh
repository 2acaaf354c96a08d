#!/usr/bin/env bash
# The history benchmark: a realistic history of N archived tasks (default 1,000,000) in compressed
# segments, then the real query code timed on it in a JVM limited to 256 MiB of heap.
#
#   bench/history-bench.sh [DATA_DIR] [RECORDS] [RUNS]
#
# DATA_DIR (default /tmp/autodev-bench-1m) is generated once and reused; delete it to regenerate.
# Prints the on-disk sizes (compressed, sidecars, and the same records plain) and, per query, the
# first run and the median of RUNS further runs (default 5), with the peak heap in use (including
# garbage not yet collected) while it ran. A GC log goes to target/bench-gc.log.
set -euo pipefail

DATA_DIR=${1:-/tmp/autodev-bench-1m}
RECORDS=${2:-1000000}
RUNS=${3:-5}
HEAP=${BENCH_HEAP:--Xmx256m}

cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"

if [ ! -d "$DATA_DIR/tasks/history" ]; then
  java "$HEAP" -cp "$CP" dev.autodev.history.HistoryBench generate "$DATA_DIR" "$RECORDS"
fi
java "$HEAP" -Xlog:gc:file=target/bench-gc.log -cp "$CP" \
  dev.autodev.history.HistoryBench run "$DATA_DIR" "$RUNS"
