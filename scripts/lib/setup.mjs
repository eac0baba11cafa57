// Installs what the project needs, idempotently: about a second when everything is there.
// The first run on a machine compiles two CLIs from crates.io (5 to 15 minutes on 2 cores).
// Never needs root and never installs a browser (only `npm test` wants one: chrome.mjs).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkOrExit } from './check.mjs';
import { cargoTool, output, ROOT, run, say, WINDOWS } from './env.mjs';

const WORKER_BUILD = '0.8.7';

/** The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly. */
function wasmBindgenVersion() {
  const lock = readFileSync(path.join(ROOT, 'Cargo.lock'), 'utf8');
  return /\[\[package\]\]\r?\nname = "wasm-bindgen"\r?\nversion = "([^"]+)"/.exec(lock)?.[1];
}

/** `toStderr`: keep stdout for the command's own output (npm run import). */
export function setup({ toStderr = false } = {}) {
  checkOrExit();
  const rustup = cargoTool('rustup');
  if (!(output(rustup, ['target', 'list', '--installed']) ?? '').split(/\r?\n/).includes('wasm32-unknown-unknown')) {
    say('adding the Rust target wasm32-unknown-unknown');
    run(rustup, ['target', 'add', 'wasm32-unknown-unknown'], { toStderr });
  }
  if (output(cargoTool('worker-build'), ['--version']) !== WORKER_BUILD) {
    say(`compiling worker-build ${WORKER_BUILD} (first time only: about 8 minutes)`);
    run(cargoTool('cargo'), ['install', 'worker-build', '--version', WORKER_BUILD], { toStderr });
  }
  const wb = wasmBindgenVersion();
  if (output(cargoTool('wasm-bindgen'), ['--version']) !== `wasm-bindgen ${wb}`) {
    say(`compiling wasm-bindgen-cli ${wb} (first time only: about 6 minutes)`);
    run(cargoTool('cargo'), ['install', 'wasm-bindgen-cli', '--version', wb], { toStderr });
  }
  // npm ci only when package-lock.json changed since the last install.
  const hash = createHash('sha256').update(readFileSync(path.join(ROOT, 'package-lock.json'))).digest('hex');
  const stamp = path.join(ROOT, 'node_modules/.lock-hash');
  const pinnedNode = path.join(ROOT, 'node_modules/node/bin', WINDOWS ? 'node.exe' : 'node');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== hash || !existsSync(pinnedNode)) {
    say('installing npm packages (wrangler, Node 22, esbuild, binaryen, playwright-core)');
    run(WINDOWS ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { env: process.env, toStderr, shell: WINDOWS });
    writeFileSync(stamp, `${hash}\n`);
  }
}
