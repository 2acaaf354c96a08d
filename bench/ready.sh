#!/usr/bin/env bash
# `task ready` over 10,000 open tasks with random dependencies, in-process: builds the store once
# through the real write protocol, then prints median / p99 / max of many ready computations.
# Usage: bench/ready.sh [tasks] [runs] [max dependencies per task]   (defaults: 10000 200 3)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile -Dspotless.check.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.autodev.bench.ReadyBench "$@"
