// Starts the real built worker in workerd (wrangler's programmatic API) with a fresh local D1
// (migrations applied) and a fake SMM panel, one per test file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unstable_dev } from 'wrangler';
import { startFakePanel } from './fake-panel.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SECRETS = {
  ADMIN_API_KEY: 'test-admin-key-0123456789',
  PANEL_API_KEY: 'test-panel-key-abcdef',
  SELLAUTH_WEBHOOK_SECRET: 'test-webhook-secret',
};

/** { worker, panel, fetch(path, init), json(path, init), d1(sql), stop() } */
export async function startShop({ vars = {}, panelBalance } = {}) {
  const panel = await startFakePanel({ key: SECRETS.PANEL_API_KEY, balance: panelBalance });
  const persistTo = mkdtempSync(path.join(tmpdir(), 'redeem-edge-d1-'));
  const wrangler = path.join(ROOT, 'node_modules/.bin/wrangler');
  execFileSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], {
    cwd: ROOT, stdio: 'pipe',
  });
  const worker = await unstable_dev(path.join(ROOT, 'src/entry.mjs'), {
    config: path.join(ROOT, 'wrangler.toml'),
    persistTo,
    ip: '127.0.0.1',
    // Test secrets and the fake panel override .dev.vars and [vars].
    vars: { ...SECRETS, PANEL_URL: panel.url, ...vars },
    logLevel: 'warn',
    experimental: { disableExperimentalWarning: true, testMode: true },
  });
  const base = `http://${worker.address}:${worker.port}`;
  const fetchIt = (p, init) => fetch(base + p, init);
  return {
    worker,
    panel,
    base,
    fetch: fetchIt,
    /** POST (or GET without body) and parse the JSON envelope: { status, body, headers }. */
    async json(p, body, init = {}) {
      const res = await fetchIt(p, body === undefined ? init : {
        method: 'POST', headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body), ...init,
      });
      const text = await res.text();
      let parsed;
      try { parsed = JSON.parse(text); } catch { parsed = { unparsable: text }; }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    /** Runs SQL on the worker's local D1 (a separate process, same files). */
    d1(sql) {
      const out = execFileSync(wrangler, ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', sql], {
        cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      });
      return JSON.parse(out.toString())[0].results;
    },
    async stop() {
      await worker.stop();
      await panel.close();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

/** Every error answer has this one shape. */
export function assertErrorShape(assert, res, status, code) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.success, false);
  assert.equal(res.body.error.code, code);
  assert.equal(typeof res.body.message, 'string');
  assert.ok(res.body.message.length > 0);
  assert.equal(res.body.error.message, res.body.message);
}

/** Mints codes through the admin API, as a shop owner would. Returns the code strings. */
export async function mintCodes(shop, template) {
  const res = await shop.json('/api/admin/codes', { count: 1, expiry_days: 30, ...template }, {
    headers: { 'x-api-key': SECRETS.ADMIN_API_KEY },
  });
  if (res.status !== 201) throw new Error(`minting failed: ${JSON.stringify(res.body)}`);
  return res.body.data.codes;
}
