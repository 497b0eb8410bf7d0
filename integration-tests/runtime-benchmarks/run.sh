#!/bin/sh
# Runtime benchmarks (never part of the test run). Arguments go to JMH, e.g.
#   integration-tests/runtime-benchmarks/run.sh -wi 3 -i 5 -f 1 KvStoreBenchmark
# Without arguments: short settings for every benchmark. Needs app-templates/prebuilt/kv-store.wasm.
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
