#!/usr/bin/env bash
# Join and replication times across the real NATs of nat-it: a relay on the public network, A and
# B behind endpoint-independent NATs, C behind a symmetric NAT (see ThreeHomes, NatJoinBenchmark).
# Needs root, ip and nft, and the distribution built first:
#   ./mvnw -pl runtime-distribution -am package -DskipTests
# Usage: integration-tests/nat-it/bench.sh [ROUNDS] [SAMPLES]   (default 10 joins, 50 writes)
# Not part of the test run; prints target/nat-benchmark.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
./mvnw -B -ntp -q -pl integration-tests/nat-it verify -Dtest=NatJoinBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmero4j.bench.rounds="${1:-10}" -Dmero4j.bench.samples="${2:-50}"
cat "$here/target/nat-benchmark.txt"
