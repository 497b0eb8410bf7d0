#!/usr/bin/env bash
# Quick start: builds the Mero4j distribution, creates a node home on first use, and runs the node
# in the foreground on embedded defaults (Felix, MapDB). Ctrl-C stops it cleanly.
#   MERO4J_HOME   node home to use (default: runtime-distribution/target/quickstart-home)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
DIST="$ROOT/runtime-distribution/target/mero4j"
NODE_HOME="${MERO4J_HOME:-$ROOT/runtime-distribution/target/quickstart-home}"

echo "Building the Mero4j distribution (the first build downloads dependencies)..."
(cd "$ROOT" && ./mvnw -B -q -ntp install -DskipTests -pl runtime-distribution -am)

if [ ! -f "$NODE_HOME/config.toml" ]; then
  "$DIST/bin/mero4j" init --home "$NODE_HOME"
fi
echo "Running the node; press Ctrl-C to stop it."
exec "$DIST/bin/mero4j" run --home "$NODE_HOME"
