#!/bin/sh
# Rebuilds the ABI probe with Debian's Rust toolchain (apt-get install rustc cargo libstd-rust-dev-wasm32 librust-serde-json-dev).
set -e
cd "$(dirname "$0")"
PATH=/usr/bin:$PATH cargo build --release --target wasm32-unknown-unknown
cp target/wasm32-unknown-unknown/release/abi_probe.wasm ../../../../../../test-data/wasm/abi-probe.wasm
