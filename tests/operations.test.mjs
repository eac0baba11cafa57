// Running the shop: one log line per request, request ids, the scheduled jobs, Discord alerts,
// and the deploy scripts' dry runs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { startDiscord } from './support/discord.mjs';
import { assertErrorShape, mintCodes, ROOT, SECRETS, startShop } from './support/worker.mjs';

const run = promisify(execFile);
let shop;
let discord;
let messages = [];

before(async () => {
  discord = await startDiscord();
  messages = discord.messages;
  shop = await startShop({
    panelBalance: 4.5,
    vars: { DISCORD_WEBHOOK_URL: discord.url, LOW_BALANCE_THRESHOLD: '10', PANEL_TIMEOUT_MS: '1500' },
  });
});
after(async () => {
  await shop?.stop();
  await discord?.close();
});

const admin = { headers: { 'x-api-key': SECRETS.ADMIN_API_KEY } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The worker's console lines, as the harness captured them.
const logs = () => shop.logs();
const logLine = (requestId) => logs().map((l) => { try { return JSON.parse(l.slice(l.indexOf('{'))); } catch { return null; } })
  .find((l) => l?.request_id === requestId && l.route);
const scheduled = async () => {
  const result = await shop.scheduled();
  assert.equal(result.outcome, 'ok', JSON.stringify(result));
};

test('every request writes one JSON log line with its route pattern, never the code', async () => {
  const [code] = await mintCodes(shop, { service_id: 101, quantity: 100, platform: 'youtube', service_type: 'subscribers' });
  const res = await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@Logged' });
  assert.equal(res.status, 200);
  const id = res.headers.get('x-request-id');
  assert.match(id, /^[0-9a-f]{16}$/);
  let line;
  for (let i = 0; i < 20 && !line; i++) { await sleep(100); line = logLine(id); }
  assert.ok(line, `a log line for ${id}`);
  assert.deepEqual([line.method, line.route, line.status, line.panel_calls], ['POST', '/api/redeem', 200, 1]);
  assert.ok(line.d1_queries >= 3, `d1_queries ${line.d1_queries}`);
  assert.equal(typeof line.ms, 'number');
  const all = logs().join('\n');
  assert.ok(!all.includes(code), 'the full code never reaches the log');
  assert.ok(!all.includes(SECRETS.PANEL_API_KEY) && !all.includes(SECRETS.ADMIN_API_KEY), 'no secrets in the log');
});

test('the request id is in the header and in every error body', async () => {
  const res = await shop.json('/api/validate-code', { code: 'SMM-NOPE-NOPE-NOPE-NOPE' });
  assertErrorShape(assert, res, 404, 'code_not_found');
  assert.equal(res.body.error.request_id, res.headers.get('x-request-id'));
  const ok = await shop.fetch('/api/health');
  assert.match(ok.headers.get('x-request-id'), /^[0-9a-f]{16}$/);
});

test('the scheduled job sweeps stuck reservations, refreshes orders, and warns about the balance once an hour', async () => {
  messages.length = 0;
  const [stuck, placed] = await mintCodes(shop, { count: 2, service_id: 101, quantity: 100, platform: 'youtube', service_type: 'subscribers' });
  const old = new Date(Date.now() - 10 * 60e3).toISOString();
  await shop.d1(`UPDATE codes SET status = 'reserved', reserved_at = '${old}', reservation_id = 'lost', pending_link = 'https://www.youtube.com/@Lost' WHERE code = '${stuck}'`);
  const redeemed = await shop.json('/api/redeem', { code: placed, link: 'https://www.youtube.com/@Fresh' });
  const order = redeemed.body.data.order_id;
  shop.panel.setOrderStatus(order, { status: 'Completed', start_count: 10, remains: 0 });
  shop.panel.reset();

  await scheduled();
  const detail = await shop.get(`/api/admin/codes/${stuck}`, admin);
  assert.equal(detail.body.data.code.status, 'needs_review');
  assert.match(detail.body.data.code.review_reason, /swept/);
  const [row] = await shop.d1(`SELECT status, remains, status_checked_at FROM orders WHERE order_id = ${order}`);
  assert.deepEqual([row.status, row.remains], ['Completed', 0]);
  const multi = shop.panel.calls('status').filter((c) => c.fields.orders);
  assert.equal(multi.length, 1, 'one multi-status call');
  assert.ok(multi[0].fields.orders.split(',').includes(String(order)));

  const texts = messages.map((m) => m.content);
  assert.ok(texts.some((t) => /Low balance on SMM panel main: 4\.\d+ USD \(warning below 10\)/.test(t)), texts.join(' | '));
  // How urgent: the last 7 days' spending on that panel says how long the balance lasts.
  assert.ok(texts.some((t) => /Low balance on SMM panel main: .*; at the last 7 days' pace the balance lasts about \d+ days?\./.test(t)), texts.join(' | '));
  assert.ok(texts.some((t) => /wait for review/.test(t)), texts.join(' | '));
  assert.ok(messages.every((m) => JSON.stringify(m.allowed_mentions) === '{"parse":[]}'));
  assert.ok(!texts.join(' ').includes(stuck), 'codes are not spelled out in alerts');

  const before = messages.length;
  await scheduled();
  assert.equal(messages.length, before, 'each condition at most once per hour');
  assert.equal((await shop.d1("SELECT count(*) AS n FROM alerts"))[0].n >= 2, true);
});

test('a failed Sellauth delivery is reported on Discord', async () => {
  messages.length = 0;
  const { createHmac } = await import('node:crypto');
  const raw = JSON.stringify({ event: 'INVOICE.ITEM.DELIVER-DYNAMIC', id: 5150, email: 'b@example.com', item: { id: 1, product_id: 999, quantity: 1 } });
  const res = await shop.fetch('/webhook/sellauth', { method: 'POST', headers: { 'x-signature': createHmac('sha256', SECRETS.SELLAUTH_WEBHOOK_SECRET).update(raw).digest('hex') }, body: raw });
  assert.equal(res.status, 422);
  assert.equal(messages.length, 1);
  assert.match(messages[0].content, /Sellauth delivery failed: Sellauth product 999/);
  assert.ok(!messages[0].content.includes('b@example.com'), 'no buyer email in alerts');
});

test('deploy and first-time setup print their exact commands in a dry run', async () => {
  const deploy = await run(process.execPath, ['scripts/tasks.mjs', 'deploy', '--dry-run'], { cwd: ROOT });
  assert.deepEqual(deploy.stdout.trim().split('\n'), ['wrangler whoami', 'npm run build', 'wrangler d1 migrations apply DB --remote', 'wrangler deploy']);
  const setup = await run(process.execPath, ['scripts/tasks.mjs', 'setup-cloudflare', '--dry-run'], { cwd: ROOT });
  const lines = setup.stdout.trim().split('\n');
  assert.equal(lines[0], 'wrangler whoami');
  assert.equal(lines[1], 'wrangler d1 create redeem-edge');
  for (const s of ['ADMIN_API_KEY', 'PANEL_API_KEY', 'SELLAUTH_WEBHOOK_SECRET', 'DISCORD_WEBHOOK_URL', 'DISCORD_PUBLIC_KEY']) assert.ok(lines.includes(`wrangler secret put ${s}`), s);
  assert.equal(lines.at(-1), 'npm run deploy');
});
