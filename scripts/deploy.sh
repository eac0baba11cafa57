#!/usr/bin/env bash
# npm run deploy [-- --dry-run]: apply pending D1 migrations to the remote database, then
# deploy the worker. Needs `npx wrangler login` (or CLOUDFLARE_API_TOKEN) and the database id
# in wrangler.toml (npm run setup:cloudflare does both first-time steps).
# --dry-run prints the exact commands and changes nothing.
set -euo pipefail
source "$(dirname "$0")/env.sh"
DRY=false
[ "${1:-}" = "--dry-run" ] && DRY=true

run() {
  if $DRY; then printf '%s\n' "$*"; else say "$*"; "$@"; fi
}

if ! $DRY; then
  bash scripts/setup.sh
  if grep -q '^database_id = "00000000-0000-0000-0000-000000000000"' wrangler.toml; then
    say "wrangler.toml still has the placeholder database_id: run 'npm run setup:cloudflare' first."
    exit 1
  fi
  if ! wrangler whoami >/dev/null 2>&1; then
    say "not logged in to Cloudflare (or it is unreachable): run 'npx wrangler login' first."
    exit 1
  fi
fi
$DRY && echo "wrangler whoami"
run bash scripts/build.sh
run wrangler d1 migrations apply DB --remote
run wrangler deploy
