#!/usr/bin/env bash
# Compares the worker's gzipped wasm with the floor: a hello-world workers-rs worker plus
# lol_html (benches/size-floor/), built with the same profile, code-generation and wasm-opt flags
# (.ci/worker-wasm.sh) and wasm-bindgen. Run `make worker` first.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/worker-wasm.sh

worker_cargo_build --manifest-path benches/size-floor/Cargo.toml
out=benches/size-floor/target/bindgen
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" benches/size-floor/target/wasm32-unknown-unknown/release/size_floor.wasm
worker_wasm_opt "$out/size_floor_bg.wasm"

floor=$(gzip -9 -c "$out/size_floor_bg.wasm" | wc -c)
ours=$(gzip -9 -c build/worker/shelfwise_bg.wasm | wc -c)
printf 'floor (hello-world worker + lol_html): %s bytes raw, %s gzipped\n' "$(wc -c < "$out/size_floor_bg.wasm")" "$floor"
printf 'Shelfwise worker:                      %s bytes raw, %s gzipped\n' "$(wc -c < build/worker/shelfwise_bg.wasm)" "$ours"
awk -v a="$ours" -v b="$floor" 'BEGIN { printf "Shelfwise is %.1f%% over the floor (goal: within 15%%)\n", (a / b - 1) * 100 }'
