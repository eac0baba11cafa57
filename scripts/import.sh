#!/usr/bin/env bash
# npm run import -- path/to/redeem_codes.db [options]: see scripts/import.mjs.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash scripts/setup.sh >&2
bash scripts/build.sh
exec node --disable-warning=ExperimentalWarning scripts/import.mjs "$@"
