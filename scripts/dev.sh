#!/usr/bin/env bash
# npm start: serve the worker on http://localhost:8787 with a local D1.
# npm run demo (--demo): the same, beside the fake SMM panel, so every flow works offline.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash scripts/setup.sh

if [ ! -f .dev.vars ]; then
  rand() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
  cat > .dev.vars <<VARS
# Written by npm start with random local values; edit freely, never commit.
ADMIN_API_KEY=$(rand)
PANEL_API_KEY=$(rand)
SELLAUTH_WEBHOOK_SECRET=$(rand)
VARS
  say "wrote .dev.vars with fresh local secrets"
fi
ADMIN_KEY=$(sed -n 's/^ADMIN_API_KEY=//p' .dev.vars | tail -n1)

bash scripts/build.sh
say "applying D1 migrations to the local database"
wrangler d1 migrations apply DB --local >/dev/null

# --test-scheduled: GET /__scheduled runs the Cron Trigger's jobs by hand (README, Operating).
args=(--port 8787 --ip 127.0.0.1 --show-interactive-dev-session=false --test-scheduled)
if [ "${1:-}" = "--demo" ]; then
  PANEL_PORT=${PANEL_PORT:-8788}
  PANEL_KEY=$(sed -n 's/^PANEL_API_KEY=//p' .dev.vars | tail -n1)
  # --progress: demo orders move Pending -> In progress -> Completed over about a minute and a
  # half, so tracking and refills can be tried.
  node tests/support/fake-panel.mjs --port "$PANEL_PORT" --key "$PANEL_KEY" --progress &
  PANEL_PID=$!
  trap 'kill $PANEL_PID 2>/dev/null' EXIT
  args+=(--var "PANEL_URL:http://127.0.0.1:$PANEL_PORT/api/v2")
  say "fake SMM panel on http://127.0.0.1:$PANEL_PORT/api/v2"
  node scripts/demo-seed.mjs "http://localhost:8787" "$ADMIN_KEY" &
fi

say "redemption page: http://localhost:8787/"
say "admin dashboard: http://localhost:8787/admin   (admin key: $ADMIN_KEY)"
say "health:          http://localhost:8787/api/health"
wrangler dev "${args[@]}"
