// The worker's build, step for step what `worker-build --release` 0.8.7 does for this crate,
// without compiling worker-build itself (its HTTP client, TLS and CLI crates were most of a
// first start): cargo for wasm32, the wasm-bindgen CLI, wasm-opt with the crate's flags, then
// the shim (scripts/lib/worker-shim.js) bundled by esbuild. Output as before: build/index.js,
// build/index_bg.wasm, build/worker/shim.mjs.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cargoTool, ROOT, run, toolEnv } from './env.mjs';

const OUT = path.join(ROOT, 'build');
// The worker-build release this build stands for (its shim, its flags, its producers entry).
export const WORKER_BUILD = '0.8.7';
const WASM = path.join(ROOT, 'target/wasm32-unknown-unknown/release/redeem_edge.wasm');
// The exports wasm-bindgen adds for the shim's own use, never handlers.
const SYSTEM_FNS = ['__wbg_reset_state', '__worker_init_state'];
// What workerd runs: rustc's wasm32 defaults and wasm-bindgen's exception handling, named one
// by one so wasm-opt never emits an encoding the runtime does not know yet (worker-build's list).
const FEATURES = ['mutable-globals', 'sign-ext', 'nontrapping-float-to-int', 'bulk-memory', 'multivalue', 'reference-types', 'exception-handling'];

/** The crate's wasm-opt flags: `[package.metadata.wasm-pack.profile.release] wasm-opt`. */
function wasmOptFlags() {
  const toml = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const section = /\[package\.metadata\.wasm-pack\.profile\.release\]\s*\nwasm-opt\s*=\s*\[([^\]]*)\]/.exec(toml);
  return section ? [...section[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]) : ['-O'];
}

/** `export …` declarations of the wasm-bindgen glue, at a statement boundary. */
function exportDecls(js) {
  const out = [];
  for (const m of js.matchAll(/export /g)) {
    const before = js[m.index - 1];
    if (m.index === 0 || /[\s;}]/.test(before)) out.push(js.slice(m.index));
  }
  return out;
}

/** The Entrypoint's methods: one per exported function (fetch and scheduled here). */
function handlers(js) {
  const names = [];
  for (const decl of exportDecls(js)) {
    let m = /^export (?:async )?function\s*([\w$]+)\s*\(/.exec(decl);
    if (!m) m = /^export \{[^}]*? as ([\w$]+)\s*\}/.exec(decl);
    if (m && !SYSTEM_FNS.includes(m[1])) names.push(m[1]);
  }
  return names.map((f) => (['fetch', 'queue', 'scheduled', 'email', 'connect'].includes(f)
    ? `Entrypoint.prototype.${f} = function ${f} (arg) {\n  return exports.${f}.call(this, arg, this.env, this.ctx);\n}\n`
    : `Entrypoint.prototype.${f} = exports.${f};\n`)).join('');
}

/** Exported classes, re-exported through the shim's proxy (a reset instance is rebuilt). */
function classExports(js) {
  const names = [];
  for (const decl of exportDecls(js)) {
    let m = /^export class ([\w$]+)\s*\{/.exec(decl);
    if (!m) m = /^export var ([\w$]+)\s*=\s*class/.exec(decl);
    if (m) names.push(m[1]);
  }
  return names.map((c) => `export const ${c} = new Proxy(exports.${c}, classProxyHooks);\n`).join('');
}

const leb = (n) => { const out = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return Buffer.from(out); };
const str = (t) => Buffer.concat([leb(Buffer.byteLength(t)), Buffer.from(t)]);

/** Adds `sdk: workers-rs <version>` to the module's `producers` section, as worker-build does
 *  (the runtime's metadata of which SDK built a Worker). */
function addSdkProducer(file, version) {
  const buf = readFileSync(file);
  let p = 8;
  const u32 = () => { let r = 0, sh = 0, b; do { b = buf[p++]; r |= (b & 0x7f) << sh; sh += 7; } while (b & 0x80); return r >>> 0; };
  const parts = [buf.subarray(0, 8)];
  while (p < buf.length) {
    const head = p;
    const id = buf[p++];
    const size = u32();
    const start = p;
    const end = start + size;
    let name = null;
    if (id === 0) { const n = u32(); name = buf.subarray(p, p + n).toString(); p += n; }
    if (name === 'producers') {
      const fields = u32();
      const payload = Buffer.concat([str('producers'), leb(fields + 1), buf.subarray(p, end), str('sdk'), leb(1), str('workers-rs'), str(version)]);
      parts.push(Buffer.from([0]), leb(payload.length), payload);
    } else {
      parts.push(buf.subarray(head, end));
    }
    p = end;
  }
  writeFileSync(file, Buffer.concat(parts));
}

export function bundleWorker() {
  const env = toolEnv();
  run(cargoTool('cargo'), ['build', '--lib', '--release', '--target', 'wasm32-unknown-unknown'], { env: { ...env, WASM_BINDGEN_USE_JS_SYS: '1' } });
  const stage = path.join(OUT, '.stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  run(env.WASM_BINDGEN_BIN, [WASM, '--out-dir', stage, '--no-typescript', '--target', 'module', '--out-name', 'index',
    '--experimental-reset-state-function', '--force-enable-abort-handler'], { env });
  const wasm = path.join(stage, 'index_bg.wasm');
  run(env.WASM_OPT_BIN, [wasm, '-o', `${wasm}.opt`, ...wasmOptFlags(), ...FEATURES.map((f) => `--enable-${f}`), '--debuginfo'], { env });
  renameSync(`${wasm}.opt`, wasm);
  addSdkProducer(wasm, WORKER_BUILD);
  const glue = readFileSync(path.join(stage, 'index.js'), 'utf8');
  const template = readFileSync(path.join(ROOT, 'scripts/lib/worker-shim.js'), 'utf8').replace(/^(\/\/.*\n)+/, '');
  writeFileSync(path.join(stage, 'shim.js'), template.replace('$HANDLERS', handlers(glue)) + classExports(glue));
  const index = path.join(stage, 'index.js');
  run(env.ESBUILD_BIN, ['--external:./index_bg.wasm', '--external:cloudflare:*', '--format=esm', '--bundle', path.join(stage, 'shim.js'),
    `--outfile=${index}`, '--allow-overwrite', '--minify', '--log-level=warning'], { env });
  writeFileSync(index, readFileSync(index, 'utf8').replaceAll('import source ', 'import '));
  rmSync(path.join(stage, 'shim.js'));
  rmSync(path.join(stage, 'snippets'), { recursive: true, force: true });
  // Everything in place at once: a running `wrangler dev` never sees half a build.
  mkdirSync(path.join(OUT, 'worker'), { recursive: true });
  writeFileSync(path.join(OUT, 'worker/shim.mjs'), "// Use index.js directly, this file provided for backwards compat\n// with former shim.mjs only.\nexport * from '../index.js';\nexport { default } from '../index.js';\n");
  for (const f of readdirSync(stage)) {
    if (existsSync(path.join(OUT, f)) && f !== 'index.js' && f !== 'index_bg.wasm') continue;
    renameSync(path.join(stage, f), path.join(OUT, f));
  }
  rmSync(stage, { recursive: true, force: true });
}
