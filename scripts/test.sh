#!/usr/bin/env bash
# npm test: the pure core natively, then the end-to-end suite against the built worker.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash scripts/setup.sh
say "cargo test (pure core, native)"
cargo test --lib --quiet
bash scripts/build.sh
say "end-to-end tests (real worker in workerd, local D1, fake panel)"
node --test --test-concurrency=1 'tests/*.test.mjs'
