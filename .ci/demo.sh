#!/usr/bin/env bash
# Runs the demo: the shop's origin on :8788 and the worker (wrangler dev / workerd) in
# front of it on http://127.0.0.1:8787. Ctrl-C stops both.
#   MODE=edge (default)   the worker personalizes pages from the profile cookie
#   MODE=local-only       the browser package personalizes them from localStorage
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_HIDE_BANNER=true

node tests/support/origin.mjs --port 8788 --root www &
origin_pid=$!
trap 'kill "$origin_pid" 2>/dev/null || true' EXIT INT TERM

mode=${MODE:-edge}
case "$mode" in edge | local-only) ;; *) echo "MODE must be edge or local-only, not '$mode'" >&2; exit 2 ;; esac

# The profile-signing secret wrangler dev reads from .dev.vars (a deployed worker gets it
# with `wrangler secret put SHELFWISE_SIGNING_KEY`): made once per checkout, never committed.
if ! grep -qs '^SHELFWISE_SIGNING_KEY=' .dev.vars; then
  printf 'SHELFWISE_SIGNING_KEY=%s\n' "$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))')" >> .dev.vars
fi

echo
echo "  Shelfwise demo shop ($mode mode): http://127.0.0.1:8787/"
echo "  Answer the questions at http://127.0.0.1:8787/preferences/ and watch the home page"
echo "  and http://127.0.0.1:8787/category/all/ change. Ctrl-C stops the demo."
echo
npx wrangler dev --ip 127.0.0.1 --port 8787 --show-interactive-dev-session=false \
  --var "SHELFWISE_MODE:$mode"
