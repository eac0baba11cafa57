#!/usr/bin/env bash
# Builds the worker to build/ unless it is already newer than every source.
# Also wrangler's [build] command, so `wrangler dev` and the tests reuse a fresh build.
set -euo pipefail
source "$(dirname "$0")/env.sh"
out=build/index_bg.wasm
if [ -f "$out" ] && [ -f build/worker/shim.mjs ] && [ -z "$(find src Cargo.toml Cargo.lock -newer "$out" -print -quit)" ]; then
  exit 0
fi
say "building the worker (cargo, wasm-bindgen, wasm-opt)"
worker-build --release >&2
