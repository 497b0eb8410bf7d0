#!/usr/bin/env bash
# Runs Mero4j, Yjs and Loro on the same workloads and the same traces (test-data/editing-traces)
# in one sitting, RUNS rounds (default 3) of the three engines in turn, and prints the medians
# with Mero4j's ratio to each. Documented in docs/benchmarks.md (## CRDT engine).
# Usage: integration-tests/crdt-benchmarks/compare.sh        (RUNS=1 for a quick look; WORKLOADS="…" for a subset)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${RUNS:-3}
cd "$root"
./mvnw -B -q -ntp -pl integration-tests/crdt-benchmarks -am package -DskipTests
(cd "$here/js" && npm ci --no-audit --no-fund --prefer-offline --silent)
jar="$here/target/crdt-benchmarks.jar"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), Node.js $(node --version)"
# Each workload of each engine runs in a process of its own: what earlier workloads left in
# one Loro process slowed its map sets 15 times over when they shared it.
# WORKLOADS="keystrokes memory" (environment) runs a subset, e.g. without the long causal replays.
read -r -a workloads <<< "${WORKLOADS:-keystrokes oneTransaction load merge friendsforever clownschool mapSets memory}"
for round in $(seq 1 "$runs"); do
  echo "round $round of $runs: load average $(loadavg)"
  ONLY=ed25519 java -cp "$jar" dev.mero4j.crdt.benchmarks.Compare | tee -a "$out/results.jsonl"
  for w in "${workloads[@]}"; do
    # keystrokes, mapSets and the causal replays also run as WORKLOAD-framed (16 ms frames)
    ONLY="$w,$w-unverified,$w-framed" java -Xmx6g -cp "$jar" dev.mero4j.crdt.benchmarks.Compare | tee -a "$out/results.jsonl"
    for engine in yjs loro; do
      node=(node --expose-gc --max-old-space-size=6144 "$here/js/bench.mjs" "$engine")
      if [ "$w" = memory ]; then
        "${node[@]}" snapshot "$out/$engine.snapshot"
        "${node[@]}" memory "$out/$engine.snapshot" | tee -a "$out/results.jsonl"
      else
        ONLY="$w" "${node[@]}" time | tee -a "$out/results.jsonl"
      fi
    done
  done
done
echo "load average at the end: $(loadavg)"
node "$here/js/table.mjs" "$out/results.jsonl"
