// What every command needs: the repository root, the tools' paths (the pinned ones under
// node_modules, the Rust ones under ~/.cargo/bin), and running a tool with them, on Linux,
// macOS and Windows alike. No shell: arguments go to the tool exactly as given.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WINDOWS = process.platform === 'win32';
const EXE = WINDOWS ? '.exe' : '';
const BIN = path.join(ROOT, 'node_modules/.bin');
export const CARGO_BIN = path.join(process.env.CARGO_HOME ?? path.join(homedir(), '.cargo'), 'bin');

/** The pinned Node (devDependency `node`; wrangler needs 22.12 or newer), else the one running
 *  this script. Looked up when asked: on a fresh clone it appears only after setup's npm ci. */
export function node() {
  const pinned = path.join(ROOT, 'node_modules/node/bin', WINDOWS ? 'node.exe' : 'node');
  return existsSync(pinned) ? pinned : process.execPath;
}
/** wrangler, run by that Node, so no shell shim is needed on any system: [program, script]. */
export const wrangler = () => [node(), path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js')];

/** The environment the tools run in: the build (and worker-build, if run by hand) stays offline with these. */
export function toolEnv(extra = {}) {
  const shim = (name) => path.join(BIN, WINDOWS ? `${name}.cmd` : name);
  return {
    ...process.env,
    PATH: [BIN, CARGO_BIN, process.env.PATH ?? ''].join(path.delimiter),
    WASM_BINDGEN_BIN: path.join(CARGO_BIN, `wasm-bindgen${EXE}`),
    ESBUILD_BIN: shim('esbuild'),
    WASM_OPT_BIN: shim('wasm-opt'),
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    ...extra,
  };
}

export function say(text) {
  process.stderr.write(`\x1b[1m[redeem-edge]\x1b[0m ${text}\n`);
}

/** Runs a tool to its end, its output on ours; exits with its code when it fails. */
/** `toStderr`: the tool's output goes to our stderr (a command whose stdout is data).
 *  `shell`: only for Windows' .cmd shims (npm.cmd), which Node runs through cmd.exe. */
export function run(cmd, args = [], { env, quiet = false, allowFail = false, toStderr = false, shell = false } = {}) {
  const stdio = quiet ? ['ignore', 'pipe', 'pipe'] : toStderr ? ['inherit', 2, 2] : 'inherit';
  const r = spawnSync(cmd, args, { cwd: ROOT, env: env ?? toolEnv(), stdio, shell });
  if (r.error) {
    if (allowFail) return r;
    say(`could not run ${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0 && !allowFail) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    say(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
  return r;
}

/** The text a tool prints, or null when it cannot be run. */
export function output(cmd, args = []) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: toolEnv(), encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Starts a long-running tool; the caller waits for it or stops it. */
export function start(cmd, args = [], { env } = {}) {
  return spawn(cmd, args, { cwd: ROOT, env: env ?? toolEnv(), stdio: 'inherit' });
}

/** A Rust tool from ~/.cargo/bin (or the PATH). */
export const cargoTool = (name) => {
  const local = path.join(CARGO_BIN, `${name}${EXE}`);
  return existsSync(local) ? local : name;
};
