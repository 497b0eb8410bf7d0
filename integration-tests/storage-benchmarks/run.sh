#!/bin/sh
# Runs the storage JMH benchmarks (never part of the test run). Any arguments go to JMH, e.g.
#   integration-tests/storage-benchmarks/run.sh -wi 2 -i 3 -f 1 -w 2s -r 3s StorageBenchmark.get
# Without arguments it runs everything with short settings. Builds the uber jar when missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  (cd "$here/../.." && mvn -B -q -pl integration-tests/storage-benchmarks package -DskipTests)
fi
if [ $# -eq 0 ]; then
  set -- -wi 2 -i 3 -f 1 -w 2s -r 3s
fi
exec java -jar "$jar" "$@"
