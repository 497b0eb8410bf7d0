#!/bin/sh
# Runtime benchmarks (never part of the test run). Arguments go to JMH, e.g.
#   integration-tests/runtime-benchmarks/run.sh -wi 3 -i 5 -f 1 KvStoreBenchmark
# Without arguments: short settings for every benchmark. Needs app-templates/prebuilt/kv-store.wasm.
# Load harnesses (plain main classes in the same jar, results in docs/benchmarks.md), e.g.
#   java -Dmero4j.prebuilt=app-templates/prebuilt -cp integration-tests/runtime-benchmarks/target/benchmarks.jar \
#     dev.mero4j.bench.runtime.ReplicationHarness 500 10000          (three libp2p nodes, one context)
#     dev.mero4j.bench.runtime.MultiContextReplicationHarness 10 200 500   (the same, ten contexts at once)
#     dev.mero4j.bench.runtime.ContextMemoryHarness 20 1000          (heap per context of 1,000 deltas; -Xmx2g)
#     dev.mero4j.bench.runtime.JoinHarness 20 3                      (join by invitation with app fetch, p50 of 20)
#     dev.mero4j.bench.runtime.TimeTravelHarness 100000 10000 21   (read at a delta 10,000 back, p50 of 20)
#   java -XX:-DontCompileHugeMethods ... dev.mero4j.bench.runtime.KvCallCpuHarness mapdb set 20000 7
#                                                  (KvStoreBenchmark's calls in thread CPU time, median round)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  (cd "$here/../.." && ./mvnw -B -q -ntp install -DskipTests -pl integration-tests/runtime-benchmarks -am)
fi
if [ $# -eq 0 ]; then
  set -- -wi 3 -i 5 -w 2s -r 3s -f 1
fi
exec java -Dmero4j.prebuilt="$here/../../app-templates/prebuilt" -jar "$jar" "$@"
