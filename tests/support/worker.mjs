// Starts the real built worker in workerd with a fresh local D1 (migrations applied) and a fake
// SMM panel, one per test file, through wrangler's `createTestHarness()`: D1 is reached
// in-process (`getEnv()`), migrations with `applyD1Migrations`, the Cron Trigger with
// `scheduled()`, and the worker's log lines with `getLogs()`. Requests go over real HTTP to
// the harness's address, as a browser's would.
import { createHmac } from 'node:crypto';
import { createTestHarness } from 'wrangler';
import { d1Local, ROOT, startLocalWorker } from '../../scripts/local-worker.mjs';
import { startFakePanel } from './fake-panel.mjs';

export { ROOT };

export const SECRETS = {
  ADMIN_API_KEY: 'test-admin-key-0123456789',
  PANEL_API_KEY: 'test-panel-key-abcdef',
  SELLAUTH_WEBHOOK_SECRET: 'test-webhook-secret',
};

/** The worker: createTestHarness, or (with `persistTo`, where `npm run import` must see the
 *  same D1 files) wrangler's `unstable_dev`, which keeps its D1 on disk. */
async function startWorker(settings, persistTo) {
  if (persistTo) {
    const { worker, base } = await startLocalWorker({ persistTo, vars: settings });
    return {
      base,
      d1: async (sql) => JSON.parse(d1Local(['execute', 'DB', '--json', '--command', sql], persistTo))[0].results,
      scheduled: (cron) => fetch(`${base}/__scheduled?cron=${encodeURIComponent(cron)}`),
      logs: () => [],
      stop: () => worker.stop(),
    };
  }
  // Test settings are passed as secrets: they override [vars] and a developer's .dev.vars.
  const server = createTestHarness({ root: ROOT, workers: [{ configPath: 'wrangler.toml', secrets: settings }] });
  const { url } = await server.listen();
  const worker = server.getWorker();
  await worker.applyD1Migrations('DB');
  const env = await worker.getEnv();
  return {
    base: String(url).replace(/\/$/, ''),
    d1: async (sql) => (await env.DB.prepare(sql).all()).results,
    scheduled: (cron) => worker.scheduled({ cron }),
    logs: () => server.getLogs().map((l) => l.message ?? l.text ?? JSON.stringify(l)),
    stop: () => server.close(),
  };
}

/** { panel, base, fetch, get, post, json, admin, d1, scheduled, logs, stop } */
/** `panels: ['backup']` starts more fake panels, as PANEL_BACKUP_URL / PANEL_BACKUP_API_KEY
 *  (`shop.panels.backup`); `shop.panel` is always `main`. */
export async function startShop({ vars = {}, panelBalance, panelProgress = false, persistTo, panels = [] } = {}) {
  const panel = await startFakePanel({ key: SECRETS.PANEL_API_KEY, balance: panelBalance, progress: panelProgress });
  const others = {};
  const settings = { ...SECRETS, PANEL_URL: panel.url };
  for (const name of panels) {
    const key = `test-${name}-key-0123`;
    others[name] = await startFakePanel({ key });
    Object.assign(settings, { [`PANEL_${name.toUpperCase()}_URL`]: others[name].url, [`PANEL_${name.toUpperCase()}_API_KEY`]: key });
  }
  const worker = await startWorker({ ...settings, ...vars }, persistTo);
  // Each request comes from its own buyer (a fresh CF-Connecting-IP, as Cloudflare would set
  // it), so per-client rate limits only bite in tests that pin one address on purpose.
  const fetchIt = (p, init = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', randomClientIp());
    return fetch(worker.base + p, { ...init, headers });
  };
  /** Sends and parses the JSON envelope: { status, body, headers }. */
  const send = async (p, init) => {
    const res = await fetchIt(p, init);
    const text = await res.text();
    let parsed;
    try { parsed = JSON.parse(text); } catch { parsed = { unparsable: text }; }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  /** A JSON body (an object, or raw text) with the caller's headers merged in, never replaced. */
  const withBody = (body, init = {}) => ({
    method: 'POST', ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const adminHeaders = (init = {}) => ({ ...init, headers: { 'x-api-key': SECRETS.ADMIN_API_KEY, ...(init.headers ?? {}) } });
  const shop = {
    panel,
    panels: { main: panel, ...others },
    base: worker.base,
    fetch: fetchIt,
    /** GET (or another method without a body). */
    get: (p, init = {}) => send(p, init),
    /** POST (or PUT, with `{ method }`) a JSON body. */
    post: (p, body, init = {}) => send(p, withBody(body, init)),
    /** The older form: a body means POST, `undefined` means GET. */
    json: (p, body, init = {}) => send(p, body === undefined ? init : withBody(body, init)),
    /** The same with the admin key: `admin.get(p)`, `admin.post(p, body)`. */
    admin: {
      get: (p, init = {}) => send(p, adminHeaders(init)),
      post: (p, body, init = {}) => send(p, withBody(body, adminHeaders(init))),
    },
    /** Runs one SQL statement on the worker's D1; the rows it returns. */
    d1: (sql) => worker.d1(sql),
    /** Runs the Cron Trigger's handler once. */
    scheduled: (cron = '*/5 * * * *') => worker.scheduled(cron),
    /** The worker's console lines so far. */
    logs: () => worker.logs(),
    async stop() {
      await worker.stop();
      await panel.close();
      for (const p of Object.values(others)) await p.close();
    },
  };
  return shop;
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
  const res = await shop.admin.post('/api/admin/codes', { count: 1, expiry_days: 30, ...template });
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

/** Sellauth's signature over the raw bytes: hex(HMAC-SHA256(secret, raw)). */
export const sign = (raw, secret = SECRETS.SELLAUTH_WEBHOOK_SECRET) => createHmac('sha256', secret).update(raw).digest('hex');

/** A signed Sellauth delivery: { status, type, text }. */
export async function deliver(shop, raw, headers = { 'x-signature': sign(raw) }) {
  const res = await shop.fetch('/webhook/sellauth', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}
