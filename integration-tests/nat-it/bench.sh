#!/usr/bin/env bash
# Join and replication times across the real NATs of nat-it: a relay on the public network, A and
# B behind endpoint-independent NATs (their connection becomes direct by hole punching), C behind
# a symmetric NAT (its connection to A stays relayed). See ThreeHomes and NatJoinBenchmark.
# Reports replication latency (write -> read, and the round trip) over the direct path (A <-> B)
# and the relayed path (A <-> C) per run and as the median of the runs' medians.
# Needs root, ip and nft. Builds what nat-it needs (offline, no install), so run it on a quiet
# machine with no other build going on.
# Usage: integration-tests/nat-it/bench.sh [RUNS] [ROUNDS] [SAMPLES]
#   (defaults: 3 fresh topologies, 10 joins per pair, 50 latency samples per path)
# Not part of the test run; prints target/nat-benchmark.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
./mvnw -B -ntp -q -o -pl integration-tests/nat-it -am verify -Dtest=NatJoinBenchmark \
  -Dcheckstyle.skip -Dspotless.check.skip -Derrorprone.moduleFlags=-XepDisableAllChecks \
  -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmero4j.bench.runs="${1:-3}" -Dmero4j.bench.rounds="${2:-10}" \
  -Dmero4j.bench.samples="${3:-50}"
cat "$here/target/nat-benchmark.txt"
