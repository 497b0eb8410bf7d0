#!/usr/bin/env bash
# Builds and runs the CRDT engine benchmarks; results feed docs/benchmarks.md (## CRDT engine).
# Usage: integration-tests/crdt-benchmarks/run.sh [JMH args, e.g. a benchmark regex]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
./mvnw -B -q -pl integration-tests/crdt-benchmarks -am package -DskipTests
jar="$here/target/crdt-benchmarks.jar"

if [ "${1:-}" = "memory" ]; then
  exec java -Xmx4g -cp "$jar" dev.mero4j.crdt.benchmarks.MemoryFootprint
fi
exec java -Xmx6g -jar "$jar" -jvmArgs "-Xmx6g" "$@"
