#!/usr/bin/env bash
# Builds the worker bundle inputs into build/worker/: the release wasm and its JS bindings.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --target wasm32-unknown-unknown --lib --no-default-features --features edge
mkdir -p build/worker
wasm-bindgen --target web --out-dir build/worker target/wasm32-unknown-unknown/release/shelfwise.wasm
printf '[build] build/worker/shelfwise_bg.wasm: %s bytes, %s gzipped\n' \
  "$(wc -c < build/worker/shelfwise_bg.wasm)" "$(gzip -9 -c build/worker/shelfwise_bg.wasm | wc -c)"
