#!/usr/bin/env bash
# Rebuilds ../../resources/dev/mero4j/wasm/tck/corpus/rust_app.wasm with Debian's rustc 1.63
# (apt-get install rustc cargo libstd-rust-dev-wasm32). The .wasm is committed: tests never build it.
set -euo pipefail
cd "$(dirname "$0")"
export PATH=/usr/bin:$PATH
cargo build --release --target wasm32-unknown-unknown --offline
cp target/wasm32-unknown-unknown/release/tck_app.wasm ../../resources/dev/mero4j/wasm/tck/corpus/rust_app.wasm
