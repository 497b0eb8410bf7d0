#!/usr/bin/env bash
# Quick start: builds the Mero4j distribution, then runs the demo: three nodes on 127.0.0.1 (real
# libp2p, MapDB files, the Chicory WASM engine) install kv-store, share one context, write on every
# node and print each node's view converging, with measured propagation times.
#   bash runtime-distribution/quickstart.sh          the demo
#   bash runtime-distribution/quickstart.sh node     one node in Apache Felix until Ctrl-C
#   MERO4J_HOME   node home for "node" (default: runtime-distribution/target/quickstart-home)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
DIST="$ROOT/runtime-distribution/target/mero4j"

echo "Building the Mero4j distribution (the first build downloads dependencies)..."
(cd "$ROOT" && ./mvnw -B -q -ntp install -DskipTests -pl runtime-distribution -am)

if [ "${1:-demo}" = "node" ]; then
  NODE_HOME="${MERO4J_HOME:-$ROOT/runtime-distribution/target/quickstart-home}"
  if [ ! -f "$NODE_HOME/config.toml" ]; then
    "$DIST/bin/mero4j" init --home "$NODE_HOME"
  fi
  echo "Running the node; press Ctrl-C to stop it."
  exec "$DIST/bin/mero4j" run --home "$NODE_HOME"
fi
exec "$DIST/bin/mero4j" demo --dir "$(mktemp -d "${TMPDIR:-/tmp}/mero4j-demo.XXXXXX")"
