#!/usr/bin/env bash
# Gossip benchmark of the libp2p transport on 127.0.0.1 (Java <-> Java and Java <-> js-libp2p).
# Usage: integration-tests/libp2p-interop/bench.sh [--java-only] [--latency N] [--messages N]
# Needs `npm ci` in integration-tests/libp2p-interop/js for the JS rows. Not part of the test run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
./mvnw -B -q -ntp -pl integration-tests/libp2p-interop -am install -DskipTests
./mvnw -B -q -ntp -pl integration-tests/libp2p-interop dependency:build-classpath -Dmdep.outputFile="$here/target/classpath.txt" >/dev/null
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
exec java -Xms512m -Xmx2g -Dmero4j.interop.js="$here/js" -cp "$cp" dev.mero4j.interop.libp2p.TransportBenchmark "$@"
