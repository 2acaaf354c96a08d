#!/usr/bin/env bash
# The crash matrix: TRIALS child JVMs (default 210), spread evenly over the points — halted
# (Runtime.halt, no shutdown hooks) after a snapshot's temp write, after its fsync, after the
# rename, after the journal append, in the middle of a history append, during a compaction — and
# SIGKILLed after a random number of acknowledged changes. After each: open the store (automatic
# recovery), look for every change the child acknowledged, run store verify.
# Prints per point: trials, children that died as planned, acknowledged changes checked, losses
# (must be 0) and clean verifies; then any trial that lost a change or did not verify clean.
# Usage: bench/crash-matrix.sh [TRIALS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
./mvnw -B -q test-compile -Dspotless.check.skip=true
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# absolute: the child JVMs run in other folders and inherit this class path
cp="$root/target/test-classes:$root/target/classes:$(cat target/bench.classpath)"
java -Xmx256m -cp "$cp" dev.autodev.storecheck.CrashMatrix \
  "$work" "${1:-210}" "${2:-6}"
