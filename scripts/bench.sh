#!/usr/bin/env bash
# npm run bench: build, then load the local worker (see scripts/bench.mjs).
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash scripts/setup.sh
bash scripts/build.sh
node scripts/bench.mjs "$@"
