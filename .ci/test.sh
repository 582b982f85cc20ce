#!/usr/bin/env bash
# The whole test suite: native Rust tests, the demo shop's generated pages, the worker in
# workerd, and the core compiled to wasm in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_HIDE_BANNER=true
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "native unit, integration, golden and doc tests"
cargo test --quiet

step "demo shop pages match the catalog; the identity corpus and the consent vectors match their generators"
node www/generate.mjs --check
node tests/data/identity/generate.mjs --check
node tests/consent/generate.mjs --check

step "fuzz smoke run: each target for ${FUZZ_SECONDS:=15} seconds"
for target in cookie_decode config_load rewrite_html consent_decode; do
  cargo +nightly fuzz run --fuzz-dir fuzz "$target" -- -max_total_time="$FUZZ_SECONDS" 2>&1 | tail -n 2
done

step "worker build (and its test-only fault-injection variant)"
bash .ci/build-fault-worker.sh
bash .ci/build-worker.sh

step "the worker package, packed; a shop made from its starter runs its own test (no Rust on the PATH)"
bash .ci/build-worker-package.sh
node --test tests/starter/

step "the deployable bundle of each environment (wrangler deploy --dry-run)"
bash .ci/deploy-check.sh

step "the browser package, packed (npm pack) and tested from the tarball in headless Chromium"
bash .ci/build-package.sh
node --test tests/package/

step "the docs: the config schema matches the configs; every documented command runs or is tested"
node --test tests/docs/

step "worker inside workerd (Miniflare) against the demo origin"
node --test tests/worker/

step "a shopper's visit in headless Chromium, through the worker in workerd, in both modes"
node --test tests/e2e/

step "core compiled to wasm, in headless Chromium"
CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)} \
  cargo test --target wasm32-unknown-unknown --no-default-features --features browser --test browser --test browser_engine

step "the privacy reviewer's command"
make privacy-check
