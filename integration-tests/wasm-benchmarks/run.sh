#!/usr/bin/env bash
# Runs the WASM engine JMH benchmarks. Extra arguments go to JMH, e.g. ./run.sh SpiCall -p engine=chicory
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
mvn -B -q -pl bundles/wasm-api,bundles/wasm-metering,bundles/wasm-tck,providers/wasm-chicory,providers/wasm-wasmtime,integration-tests/wasm-benchmarks install -DskipTests
cd "$here"
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -cp "target/classes:$(cat target/classpath.txt)" org.openjdk.jmh.Main \
  -f 1 -wi 3 -w 1s -i 5 -r 1s -tu ns -bm avgt "${@:-.*}"
