#!/usr/bin/env bash
# Rebuilds prebuilt/<template>.wasm from every template with Debian's Rust toolchain
# (rustc 1.63, cargo 1.65, libstd-rust-dev-wasm32, crates from /usr/share/cargo/registry).
# The output is byte-for-byte reproducible from any checkout location: the templates and the SDK
# form one Cargo workspace (so crate hashes only depend on paths relative to it), and the
# workspace's absolute path, which rustc records for panic locations, is remapped to /app.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd -P)"
export PATH="/usr/bin:$PATH"
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR

install_hint="apt-get install rustc cargo libstd-rust-dev-wasm32 librust-serde-dev librust-serde-json-dev librust-serde-derive-dev librust-syn-dev librust-quote-dev librust-proc-macro2-dev"
if [ ! -x /usr/bin/cargo ] || [ ! -x /usr/bin/rustc ] || ! ls /usr/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib >/dev/null 2>&1; then
  echo "error: Debian's Rust toolchain for wasm32 is missing; install it with: $install_hint" >&2
  exit 2
fi

templates=(kv-store collab-editor counter event-handlers)
if [ "$#" -gt 0 ]; then templates=("$@"); fi

export RUSTFLAGS="--remap-path-prefix=$here=/app"
mkdir -p "$here/prebuilt"
for t in "${templates[@]}"; do
  echo "building $t" >&2
  (cd "$here/templates/$t" && cargo build --release --locked --target wasm32-unknown-unknown)
  cp "$here/target/wasm32-unknown-unknown/release/${t//-/_}.wasm" "$here/prebuilt/$t.wasm"
  printf '%-16s %8d bytes  %s\n' "$t" "$(stat -c %s "$here/prebuilt/$t.wasm")" "$(sha256sum "$here/prebuilt/$t.wasm" | cut -c1-16)"
done
