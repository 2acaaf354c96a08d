#!/usr/bin/env bash
# The corruption matrix: a seeded store (open, finished and failed tasks, memory, two ended
# sessions, a plain and a gzip history segment, index.json), then every file kind damaged every
# way — truncated to 0 bytes, to 1 byte, to half, one byte short (a JSON file's closing brace, a
# line file's last newline), a flipped bit in the middle, all NULs, invalid UTF-8, valid JSON of
# the wrong shape, a newer schema_version — each on a fresh copy. For each: is it detected by
# store verify, what did start-up recovery + store repair make of it (recovered / refused /
# problems left), and how many acknowledged changes were altered and lost.
# Then every single-bit flip at every byte of current.json, memory.json and their backups that
# leaves valid JSON: detected by store verify, and acknowledged changes altered or lost in the
# state the automatic recovery would load.
# Usage: bench/corruption-matrix.sh [--details]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
./mvnw -B -q test-compile -Dspotless.check.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -Xmx256m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.autodev.storecheck.CorruptionMatrix "$work" "$@"
