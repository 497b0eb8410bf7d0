#!/bin/sh
# Live storage migration benchmark (never part of the test run): MapDB -> RocksDB with N bulk
# entries under kv-store writers, then kv-store write throughput on each storage provider.
#   integration-tests/runtime-benchmarks/run-swap.sh [entries (1000000)] [seconds per provider (20; 0 skips)] [from (mapdb)] [to (rocksdb)]
# Needs app-templates/prebuilt/kv-store.wasm.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  (cd "$here/../.." && ./mvnw -B -q -ntp install -DskipTests -pl integration-tests/runtime-benchmarks -am)
fi
exec java -Xmx4g -Dmero4j.prebuilt="$here/../../app-templates/prebuilt" \
  -cp "$jar" dev.mero4j.bench.runtime.LiveMigrationBenchmark "$@"
