// The built worker in workerd with a local D1 (migrations applied), through wrangler's
// programmatic API. Shared by the tests, the benchmark and the Flask importer.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unstable_dev } from 'wrangler';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** wrangler's own script, run by this Node: no shell shim, on any system. */
export const WRANGLER = path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js');

/** Runs `wrangler d1 ...` against the local database in `persistTo`; returns stdout. */
export function d1Local(args, persistTo) {
  return execFileSync(process.execPath, [WRANGLER, 'd1', ...args, '--local', '--persist-to', persistTo], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
}

/** Starts the worker on 127.0.0.1 (a free port). `vars` override .dev.vars and [vars]. */
export async function startLocalWorker({ persistTo, vars = {}, logLevel = 'warn' }) {
  d1Local(['migrations', 'apply', 'DB'], persistTo);
  const worker = await unstable_dev(path.join(ROOT, 'src/entry.mjs'), {
    config: path.join(ROOT, 'wrangler.toml'),
    persistTo,
    ip: '127.0.0.1',
    vars,
    logLevel,
    // GET /__scheduled?cron=... runs the Cron Trigger's handler (local only).
    testScheduled: true,
    experimental: { disableExperimentalWarning: true, testMode: true },
  });
  return { worker, base: `http://${worker.address}:${worker.port}` };
}
