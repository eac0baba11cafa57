#!/usr/bin/env bash
# Installs what the project needs, idempotently: about a second when everything is there.
# First run on a fresh machine compiles two CLIs from crates.io (~15 minutes on 2 cores).
set -euo pipefail
source "$(dirname "$0")/env.sh"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(worker-build --version 2>/dev/null)" != "0.8.7" ]; then
  say "compiling worker-build 0.8.7 (first time only: ~8 minutes)"
  cargo install worker-build --version 0.8.7
fi

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WB=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB" ]; then
  say "compiling wasm-bindgen-cli $WB (first time only: ~6 minutes)"
  cargo install wasm-bindgen-cli --version "$WB"
fi

# The browser the end-to-end browser tests drive (playwright-core never downloads one).
if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the browser tests (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

# npm ci only when package-lock.json changed since the last install.
H=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$H" ] || [ ! -x node_modules/.bin/node ]; then
  say "installing npm packages (wrangler, Node 22, esbuild, binaryen, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$H" > node_modules/.lock-hash
fi
for tool in "$WASM_BINDGEN_BIN" "$ESBUILD_BIN" "$WASM_OPT_BIN" node_modules/.bin/node /usr/bin/chromium; do
  [ -x "$tool" ] || { say "missing after setup: $tool"; exit 1; }
done
