#!/usr/bin/env bash
# Builds the worker bundle inputs into build/worker/: the release wasm (optimized with
# binaryen's wasm-opt from npm) and its JS bindings. Fails if the wasm outgrows its budget.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/worker-wasm.sh

# Gzipped size budget for the worker's wasm (the platform's free-plan limit is 3 MB).
BUDGET_GZIP_BYTES=$((624 * 1024))

worker_cargo_build --target-dir "$WORKER_TARGET_DIR" --lib --no-default-features --features edge
mkdir -p build/worker
wasm-bindgen --target web --out-dir build/worker "$WORKER_TARGET_DIR/wasm32-unknown-unknown/release/shelfwise.wasm"
worker_wasm_opt build/worker/shelfwise_bg.wasm
# The site config the repository's entry (src/edge/worker.mjs) bundles and hands over: the
# demo shop's, or the file SHELFWISE_CONFIG names, compacted; the worker validates it when
# it first needs it (`shelfwise config check` does before). The wasm carries no config.
node -e '
  const fs = require("fs");
  const [file] = process.argv.slice(1);
  let config;
  try {
    config = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    console.error(`[build] the site config ${file} is not JSON: ${error.message}`);
    process.exit(1);
  }
  fs.writeFileSync("build/worker/site-config.json", JSON.stringify(config));
' "${SHELFWISE_CONFIG:-www/shelfwise.config.json}"

raw=$(wc -c < build/worker/shelfwise_bg.wasm)
gz=$(gzip -9 -c build/worker/shelfwise_bg.wasm | wc -c)
printf '[build] build/worker/shelfwise_bg.wasm: %s bytes, %s gzipped (budget %s)\n' "$raw" "$gz" "$BUDGET_GZIP_BYTES"
if grep -q "fault injected by a test" build/worker/shelfwise_bg.wasm; then
  echo "[build] the deployable worker contains test-only fault injection" >&2
  exit 1
fi
if [ "$gz" -gt "$BUDGET_GZIP_BYTES" ]; then
  echo "[build] the worker's wasm is over its gzipped size budget" >&2
  exit 1
fi
