#!/bin/sh
# Launches an assembled Mero4j node (made by 'mero4j assemble'). 'bin/mero4j run' without --home
# runs the node in NODE/home, created on first run from config/node.toml with a fresh identity.
# JAVA_HOME selects the JDK (17 or newer); MERO4J_OPTS adds JVM options.
set -e
DIST=$(cd "$(dirname "$0")/.." && pwd -P)
if [ -n "$JAVA_HOME" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
if ! command -v "$JAVA" >/dev/null 2>&1; then
  echo "error: java not found; install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME" >&2
  exit 2
fi
mero4j() {
  "$JAVA" -Xshare:auto $MERO4J_OPTS -Dmero4j.dist="$DIST" -cp "$DIST/lib/*" dev.mero4j.cli.Main "$@"
}
if [ "$1" = run ]; then
  case " $* " in
    *" --home"*) ;;
    *)
      shift
      NODE_HOME="$DIST/home"
      if [ ! -f "$NODE_HOME/config.toml" ]; then
        mero4j init --home "$NODE_HOME" >/dev/null
        cp "$DIST/config/node.toml" "$NODE_HOME/config.toml"
        echo "Created the node home $NODE_HOME from config/node.toml" >&2
      fi
      set -- run --home "$NODE_HOME" "$@"
      ;;
  esac
fi
# -XX:-DontCompileHugeMethods: Chicory compiles each WASM function to one JVM method, and HotSpot
# never JIT-compiles methods over 8,000 bytes by default, so large app methods would stay interpreted.
exec "$JAVA" -Xshare:auto -XX:-DontCompileHugeMethods $MERO4J_OPTS -Dmero4j.dist="$DIST" -cp "$DIST/lib/*" dev.mero4j.cli.Main "$@"
