#!/usr/bin/env bash
# npm run setup:cloudflare [-- --dry-run]: the first-time steps of a deploy, scripted.
#   1. check the Cloudflare login, 2. create the D1 database and put its id in wrangler.toml,
#   3. set each secret (you are asked for the values), 4. say where Sellauth should call.
# --dry-run prints the exact commands and changes nothing.
set -euo pipefail
source "$(dirname "$0")/env.sh"
DRY=false
[ "${1:-}" = "--dry-run" ] && DRY=true
DB_NAME=$(awk -F'"' '/^database_name/ {print $2; exit}' wrangler.toml)
SECRETS=(ADMIN_API_KEY PANEL_API_KEY SELLAUTH_WEBHOOK_SECRET DISCORD_WEBHOOK_URL)

if $DRY; then
  echo "wrangler whoami"
  echo "wrangler d1 create $DB_NAME"
  echo "# then: database_id = \"<id printed above>\" in wrangler.toml"
  for s in "${SECRETS[@]}"; do echo "wrangler secret put $s"; done
  echo "bash scripts/deploy.sh"
  exit 0
fi

bash scripts/setup.sh
if ! wrangler whoami >/dev/null 2>&1; then
  say "not logged in to Cloudflare (or it is unreachable): run 'npx wrangler login', then this again."
  exit 1
fi
if grep -q '^database_id = "00000000-0000-0000-0000-000000000000"' wrangler.toml; then
  say "creating the D1 database $DB_NAME"
  out=$(wrangler d1 create "$DB_NAME")
  echo "$out"
  id=$(printf '%s' "$out" | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' | head -n1)
  [ -n "$id" ] || { say "could not read the new database's id above; put it in wrangler.toml by hand"; exit 1; }
  sed -i "s/^database_id = \"00000000-0000-0000-0000-000000000000\"/database_id = \"$id\"/" wrangler.toml
  say "wrote database_id = \"$id\" to wrangler.toml (commit it)"
fi
for s in "${SECRETS[@]}"; do
  say "secret $s (DISCORD_WEBHOOK_URL is optional: press Ctrl-D to skip)"
  wrangler secret put "$s" || true
done
bash scripts/deploy.sh
say "done. In Sellauth, set dynamic delivery to https://<your-worker>/webhook/sellauth"
