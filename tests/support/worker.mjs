// Starts the real built worker in workerd (wrangler's programmatic API) with a fresh local D1
// (migrations applied) and a fake SMM panel, one per test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { d1Local, ROOT, startLocalWorker } from '../../scripts/local-worker.mjs';
import { startFakePanel } from './fake-panel.mjs';

export { ROOT };

export const SECRETS = {
  ADMIN_API_KEY: 'test-admin-key-0123456789',
  PANEL_API_KEY: 'test-panel-key-abcdef',
  SELLAUTH_WEBHOOK_SECRET: 'test-webhook-secret',
};

/** { worker, panel, fetch(path, init), json(path, init), d1(sql), stop() } */
export async function startShop({ vars = {}, panelBalance, panelProgress = false, persistTo, logLevel } = {}) {
  const panel = await startFakePanel({ key: SECRETS.PANEL_API_KEY, balance: panelBalance, progress: panelProgress });
  const ownsDb = !persistTo;
  persistTo ??= mkdtempSync(path.join(tmpdir(), 'redeem-edge-d1-'));
  // Test secrets and the fake panel override .dev.vars and [vars].
  const { worker, base } = await startLocalWorker({ persistTo, logLevel, vars: { ...SECRETS, PANEL_URL: panel.url, ...vars } });
  // Each request comes from its own buyer (a fresh CF-Connecting-IP, as Cloudflare would set
  // it), so per-client rate limits only bite in tests that pin one address on purpose.
  const fetchIt = (p, init = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', randomClientIp());
    return fetch(base + p, { ...init, headers });
  };
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
      return JSON.parse(d1Local(['execute', 'DB', '--json', '--command', sql], persistTo))[0].results;
    },
    async stop() {
      await worker.stop();
      await panel.close();
      if (ownsDb) rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

/** An address from the benchmarking range 198.18.0.0/15: a header value, never a network target. */
export function randomClientIp() {
  const n = Math.floor(Math.random() * 0x20000);
  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
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

/** A code of `template` redeemed for `link`, as a buyer would: { code, order }. */
export async function redeemedCode(shop, template, link) {
  const [code] = await mintCodes(shop, template);
  const res = await shop.json('/api/redeem', { code, link });
  if (res.status !== 200) throw new Error(`redeeming failed: ${JSON.stringify(res.body)}`);
  return { code, order: res.body.data.order_id };
}
