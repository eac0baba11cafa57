#!/usr/bin/env bash
# Builds build/: the worker (skipped when build/index_bg.wasm is newer than every Rust source)
# and the pages (build/public, content-hashed, always: it takes milliseconds).
# Also wrangler's [build] command, so `wrangler dev` and the tests reuse a fresh build.
set -euo pipefail
source "$(dirname "$0")/env.sh"
out=build/index_bg.wasm
if [ ! -f "$out" ] || [ ! -f build/worker/shim.mjs ] || [ -n "$(find src Cargo.toml Cargo.lock -newer "$out" -print -quit)" ]; then
  say "building the worker (cargo, wasm-bindgen, wasm-opt)"
  worker-build --release >&2
  node scripts/strip-names.mjs "$out"
fi
node scripts/build-assets.mjs
