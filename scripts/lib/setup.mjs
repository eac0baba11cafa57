// Installs what the project needs, idempotently: about a second when everything is there.
// The first run on a machine compiles the wasm-bindgen CLI from crates.io (a few minutes on
// 2 cores); the rest of what worker-build did is scripts/lib/bundle.mjs, which needs no install.
// Never needs root and never installs a browser (only `npm test` wants one: chrome.mjs).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkOrExit } from './check.mjs';
import { cargoTool, output, ROOT, run, say, WINDOWS } from './env.mjs';

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
  // What is missing, then all of it at once (scripts/lib/together.mjs): the wasm-bindgen CLI,
  // npm ci, and, on a first run, the worker's own release build, whose dependencies take as
  // long again. A tool already there is never compiled again.
  const wb = wasmBindgenVersion();
  const missing = [];
  if (output(cargoTool('wasm-bindgen'), ['--version']) !== `wasm-bindgen ${wb}`) missing.push(`wasm-bindgen-cli@${wb}`);
  const hash = createHash('sha256').update(readFileSync(path.join(ROOT, 'package-lock.json'))).digest('hex');
  const stamp = path.join(ROOT, 'node_modules/.lock-hash');
  const pinnedNode = path.join(ROOT, 'node_modules/node/bin', WINDOWS ? 'node.exe' : 'node');
  const npmCi = !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== hash || !existsSync(pinnedNode);
  const jobs = [];
  if (missing.length) {
    say(`compiling ${missing.join(' and ')} and the worker's dependencies (first time only: a few minutes on 2 cores)`);
    jobs.push({
      label: 'cargo install', cmd: cargoTool('cargo'),
      args: ['install', '--force', '--target-dir', path.join(ROOT, 'target', 'tools'), ...missing],
      // Build tools run for seconds: opt-level 1 compiles them in far less time than 3.
      env: { CARGO_PROFILE_RELEASE_OPT_LEVEL: '1' },
    });
    // The worker's own build (what scripts/lib/bundle.mjs runs, with its environment), alongside.
    jobs.push({
      label: 'cargo build (the worker)', cmd: cargoTool('cargo'),
      args: ['build', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '--quiet'],
      env: { WASM_BINDGEN_USE_JS_SYS: '1' },
    });
  }
  if (npmCi) {
    say('installing npm packages (wrangler, Node 22, esbuild, binaryen, playwright-core)');
    jobs.push({ label: 'npm ci', cmd: WINDOWS ? 'npm.cmd' : 'npm', args: ['ci', '--no-audit', '--no-fund', '--loglevel=error'], shell: WINDOWS });
  }
  if (jobs.length === 1 && jobs[0].label === 'npm ci') {
    run(jobs[0].cmd, jobs[0].args, { env: process.env, toStderr, shell: WINDOWS });
  } else if (jobs.length) {
    run(process.execPath, [path.join(ROOT, 'scripts/lib/together.mjs'), JSON.stringify(jobs)], { env: process.env, toStderr });
  }
  if (npmCi) writeFileSync(stamp, `${hash}\n`);
}
