#!/usr/bin/env bash
# Builds the browser package (@shelfwise/browser) into package/wasm/ and packs it into
# build/package/shelfwise-browser-<version>.tgz; copies the package's files into
# www/assets/shelfwise/ for the demo shop's local-only mode. Fails if the wasm outgrows
# its budget.
set -euo pipefail
cd "$(dirname "$0")/.."

# Gzipped size budget for the browser package's wasm (downloaded by every shopper).
BUDGET_GZIP_BYTES=$((272 * 1024))

cargo build --quiet --release --target wasm32-unknown-unknown --lib --no-default-features --features browser
rm -rf package/wasm
wasm-bindgen --target web --out-dir package/wasm --out-name shelfwise \
  target/wasm32-unknown-unknown/release/shelfwise.wasm
node_modules/.bin/wasm-opt -Oz --strip-debug \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  package/wasm/shelfwise_bg.wasm -o package/wasm/shelfwise_bg.wasm
rm -f package/wasm/.gitignore package/wasm/shelfwise_bg.wasm.d.ts

raw=$(wc -c < package/wasm/shelfwise_bg.wasm)
gz=$(gzip -9 -c package/wasm/shelfwise_bg.wasm | wc -c)
printf '[package] package/wasm/shelfwise_bg.wasm: %s bytes, %s gzipped (budget %s)\n' "$raw" "$gz" "$BUDGET_GZIP_BYTES"
if [ "$gz" -gt "$BUDGET_GZIP_BYTES" ]; then
  echo "[package] the browser package's wasm is over its gzipped size budget" >&2
  exit 1
fi

# The guide and the pages it links travel with the package (front-end developers read them
# from node_modules or the registry, not from this repository).
rm -rf package/docs
mkdir -p package/docs
cp docs/npm.md docs/config.md docs/privacy.md docs/cookie-format.md docs/quickstart-site.md package/docs/

mkdir -p build/package
(cd package && npm pack --silent --pack-destination ../build/package >/dev/null)
ls build/package/*.tgz

# The demo shop serves the package like any site would: copied to its static assets.
rm -rf www/assets/shelfwise
mkdir -p www/assets/shelfwise
cp -r package/src package/wasm www/assets/shelfwise/
