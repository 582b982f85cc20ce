#!/usr/bin/env bash
# Builds a test-only variant of the worker into build/worker-faults/, with the
# `fault-injection` feature (a request header makes it panic). Used by
# tests/worker/panic.test.mjs to prove the worker fails open and recovers. Never deployed.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/worker-wasm.sh
worker_cargo_build --target-dir "$WORKER_TARGET_DIR" --lib --no-default-features --features fault-injection
mkdir -p build/worker-faults
wasm-bindgen --target web --out-dir build/worker-faults "$WORKER_TARGET_DIR/wasm32-unknown-unknown/release/shelfwise.wasm"
# The same entry module, importing this variant's bindings.
sed -e 's#build/worker/#build/worker-faults/#' -e 's#"./create-worker.mjs"#"../../src/edge/create-worker.mjs"#' src/edge/worker.mjs > build/worker-faults/entry.mjs
node -e 'const fs = require("fs"); fs.writeFileSync("build/worker-faults/site-config.json", JSON.stringify(JSON.parse(fs.readFileSync("www/shelfwise.config.json", "utf8"))))'
echo "[build] build/worker-faults/ (test-only fault-injection variant)"
