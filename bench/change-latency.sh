#!/usr/bin/env bash
# Median / p99 latency of one durable change through TaskTracker in-process, next to the floor of
# one durable atomic save on the same disk, measured in the same run.
# Usage: bench/change-latency.sh [DIR (default /tmp/auto-dev-bench)] [ROUNDS (default 500)]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile -Dspotless.check.skip=true
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.autodev.bench.ChangeLatencyBench "${1:-/tmp/auto-dev-bench}" "${2:-500}"
