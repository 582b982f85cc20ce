#!/usr/bin/env bash
# Installs everything Shelfwise needs, from the package registries only. Idempotent: a
# second run checks versions and returns in seconds.
#   .ci/setup.sh            Rust toolchain + wasm target, wasm-bindgen CLI, npm packages
#                           (all that `make demo` needs)
#   .ci/setup.sh --browser  also Debian's chromium and chromium-driver (for browser tests)
#   .ci/setup.sh --fuzz     also a nightly toolchain and cargo-fuzz (for the fuzz targets)
# The flags combine: the test command uses `--browser --fuzz`.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=false
fuzz=false
for flag in "$@"; do
  case "$flag" in
    --browser) browser=true ;;
    --fuzz) fuzz=true ;;
    *) echo "setup: unknown flag $flag (expected --browser or --fuzz)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Keep wrangler and Miniflare on this machine: no telemetry, no remote lookups.
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_HIDE_BANNER=true

# 1. The Rust toolchain pinned in rust-toolchain.toml, with the wasm target.
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
  say "installing Rust $toolchain"
  rustup toolchain install "$toolchain" --profile minimal --component rustfmt,clippy
fi
if ! rustup target list --installed --toolchain "$toolchain" | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown --toolchain "$toolchain"
fi

# 2. The wasm-bindgen CLI, exactly the version of the wasm-bindgen crate in Cargo.lock.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (takes a few minutes the first time)"
  # Not --locked: the CLI's own lock file pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# 3. Fuzzing (tests only): a nightly toolchain (for the sanitizer flags) and cargo-fuzz.
if [ "$fuzz" = true ]; then
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    say "installing a nightly Rust toolchain for fuzzing"
    rustup toolchain install nightly --profile minimal
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz (takes a few minutes the first time)"
    cargo install cargo-fuzz
  fi
fi

# 4. npm packages (wrangler, workerd, Miniflare, the test tooling), exactly as locked.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

# 5. Headless Chromium and its driver, from Debian.
if [ "$browser" = true ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing chromium and chromium-driver"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
say "ready"
