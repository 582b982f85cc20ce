# How the worker's wasm is compiled and optimized. Sourced (not run) by the worker build,
# its test-only variant and the benchmarks that must measure exactly what is deployed.
#
# - WebAssembly SIMD: lol_html finds tag and attribute boundaries with memchr, which has a
#   128-bit SIMD path on wasm; V8 (workerd) runs the rewrite about 8 % faster with it
#   (BENCHMARKS.md, "Worker wasm build"). The browser package is built without it, so it
#   still loads in browsers that lack SIMD; the worker therefore builds in its own target
#   directory, and the two builds do not undo each other's cache.
# - wasm-opt -Os: as small as -Oz within a kilobyte, and its output runs faster.

WORKER_TARGET_DIR=target/edge
WORKER_RUSTFLAGS="-C target-feature=+simd128"
WORKER_WASM_OPT_FLAGS=(-Os --strip-debug
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd)

# `cargo build --release --target wasm32-unknown-unknown` with the worker's code-generation
# flags; extra arguments are passed on.
worker_cargo_build() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$WORKER_RUSTFLAGS" \
    cargo build --quiet --release --target wasm32-unknown-unknown "$@"
}

# Optimizes the wasm file $1 in place.
worker_wasm_opt() {
  node_modules/.bin/wasm-opt "${WORKER_WASM_OPT_FLAGS[@]}" "$1" -o "$1"
}
