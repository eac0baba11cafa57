// Builds build/: the worker (skipped when build/index_bg.wasm is newer than every Rust
// source) and the pages (build/public, content-hashed, always: it takes milliseconds).
// Also wrangler's [build] command, so `wrangler dev` and the tests reuse a fresh build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorker } from './bundle.mjs';
import { node, ROOT, run, say } from './env.mjs';

const OUT = path.join(ROOT, 'build/index_bg.wasm');

/** The newest modification time under these files and folders. */
function newest(paths) {
  let max = 0;
  const visit = (p) => {
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else max = Math.max(max, s.mtimeMs);
  };
  for (const p of paths) if (existsSync(p)) visit(p);
  return max;
}

export function build() {
  const sources = ['src', 'Cargo.toml', 'Cargo.lock'].map((p) => path.join(ROOT, p));
  const stale = !existsSync(OUT) || !existsSync(path.join(ROOT, 'build/worker/shim.mjs')) || newest(sources) > statSync(OUT).mtimeMs;
  if (stale) {
    say('building the worker (cargo, wasm-bindgen, wasm-opt, esbuild)');
    bundleWorker();
    run(node(), [path.join(ROOT, 'scripts/strip-names.mjs'), OUT]);
  }
  run(node(), [path.join(ROOT, 'scripts/build-assets.mjs')]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) build();
