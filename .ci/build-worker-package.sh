#!/usr/bin/env bash
# Packs the worker package (@shelfwise/worker) into build/worker-package/: the worker wasm
# built by .ci/build-worker.sh (same bytes, same size check), the request handling around it
# (src/edge/create-worker.mjs), the config's JSON Schema and the starter.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f build/worker/shelfwise_bg.wasm ] || { echo "[worker-package] run .ci/build-worker.sh first" >&2; exit 1; }
crate=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
package=$(node -p 'require("./worker-package/package.json").version')
if [ "$crate" != "$package" ]; then
  echo "[worker-package] version $package differs from the crate's $crate" >&2
  exit 1
fi

rm -rf worker-package/wasm worker-package/lib
mkdir -p worker-package/wasm worker-package/lib
cp -r build/worker/shelfwise.js build/worker/shelfwise_bg.wasm build/worker/snippets worker-package/wasm/
cp src/edge/create-worker.mjs worker-package/lib/
cp docs/config.schema.json worker-package/config.schema.json

mkdir -p build/worker-package
rm -f build/worker-package/*.tgz
(cd worker-package && npm pack --silent --pack-destination ../build/worker-package >/dev/null)
tarball=$(ls build/worker-package/*.tgz)
printf '[worker-package] %s: %s bytes\n' "$tarball" "$(wc -c < "$tarball")"
