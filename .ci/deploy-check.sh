#!/usr/bin/env bash
# Builds, for each environment, the exact bundle `wrangler deploy` would upload (offline,
# with --dry-run) and checks it: the wasm is there, the upload is within budget, and no
# test-only code is in it.
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_HIDE_BANNER=true

# Gzipped upload budget (the free plan allows 3 MB).
BUDGET_GZIP_KIB=640

for env in "" staging production; do
  out="build/dist/${env:-default}"
  rm -rf "$out"
  log=$(npx wrangler deploy --dry-run --outdir "$out" ${env:+--env "$env"} 2>&1)
  gzip_kib=$(printf '%s\n' "$log" | sed -n 's/.*gzip: \([0-9.]*\) KiB.*/\1/p' | head -n 1)
  [ -n "$gzip_kib" ] || { printf '%s\n' "$log" >&2; echo "[deploy] ${env:-default}: no upload size reported" >&2; exit 1; }
  ls "$out"/*.wasm >/dev/null 2>&1 || { echo "[deploy] ${env:-default}: the bundle has no wasm" >&2; exit 1; }
  if grep -q "fault injected by a test" "$out"/*.wasm || grep -q "worker-faults" "$out"/worker.js; then
    echo "[deploy] ${env:-default}: the bundle contains test-only code" >&2
    exit 1
  fi
  awk -v size="$gzip_kib" -v budget="$BUDGET_GZIP_KIB" 'BEGIN { exit !(size <= budget) }' ||
    { echo "[deploy] ${env:-default}: ${gzip_kib} KiB gzipped is over the ${BUDGET_GZIP_KIB} KiB budget" >&2; exit 1; }
  echo "[deploy] ${env:-default}: bundle ok, ${gzip_kib} KiB gzipped (budget ${BUDGET_GZIP_KIB} KiB)"
done
