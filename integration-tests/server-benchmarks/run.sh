#!/usr/bin/env bash
# Load harness of the client API: JSON-RPC execute of kv-store `set`, 16 concurrent clients on
# loopback. Usage: integration-tests/server-benchmarks/run.sh [--runtime fake|real] [--storage memory|mapdb]
#                  [--clients 16] [--warmup 10] [--seconds 30]
# Builds this module (not the reactor) and runs the harness in one JVM with the server.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
mvn -B -q -f "$here/pom.xml" package -DskipTests
exec java -Xms512m -Xmx1g -XX:-DontCompileHugeMethods -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  dev.mero4j.server.benchmarks.ExecuteLoad --wasm "$root/app-templates/prebuilt/kv-store.wasm" "$@"
