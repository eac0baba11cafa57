// What the worker promises must hold on Cloudflare, not only under `wrangler dev`: one admin
// gate whatever the path's spelling, refills and redemptions exactly once, a code's history
// its own, caches and the lockout in D1 (the Cache API does nothing on *.workers.dev), public
// catalogue routes throttled, money paths that finish without their client.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertErrorShape, deliver as deliverTo, mintCodes, redeemedCode, randomClientIp, ROOT, SECRETS, startShop } from './support/worker.mjs';

let shop;
before(async () => { shop = await startShop({ vars: { PANEL_TIMEOUT_MS: '1500' } }); });
after(async () => { await shop?.stop(); });

const adminKey = { 'x-api-key': SECRETS.ADMIN_API_KEY };
const from = (ip, headers = {}) => ({ headers: { 'cf-connecting-ip': ip, ...headers } });
const refillable = { service_id: 201, quantity: 100, platform: 'instagram', service_type: 'followers', has_refill: true };

const redeemed = (template = refillable, link = 'https://www.instagram.com/prod.buyer') => redeemedCode(shop, template, link);

test('a locked-out client is refused on every spelling of an admin path and on the admin user lookup', async () => {
  const ip = randomClientIp();
  // Wrong keys until the client is locked out: past 5 in one 10 s window (two windows at most).
  let last;
  for (let i = 0; i < 12 && last !== 429; i++) last = (await shop.get('/api/admin/balance', from(ip, { 'x-api-key': 'wrong' }))).status;
  assert.equal(last, 429);
  for (const p of ['/api/admin/balance', '//api/admin/balance', '/api//admin/balance/', '///api/admin/stats']) {
    assertErrorShape(assert, await shop.get(p, from(ip, adminKey)), 429, 'rate_limited');
  }
  assertErrorShape(assert, await shop.json('/api/user/redemptions', { user_id: 42 }, from(ip, adminKey)), 429, 'rate_limited');
  // Another client, same right key: open.
  assert.equal((await shop.get('//api/admin/balance', from(randomClientIp(), adminKey))).status, 200);
});

test('wrong keys on the admin user lookup count toward the same lockout', async () => {
  const ip = randomClientIp();
  // 401 for each wrong key until more than 5 fall in one 10 s window (two windows at most).
  const statuses = [];
  while (statuses.length < 12 && statuses.at(-1) !== 429) {
    statuses.push((await shop.json('/api/user/redemptions', { user_id: 42 }, from(ip, { 'x-api-key': 'wrong' }))).status);
  }
  assert.equal(statuses.at(-1), 429, statuses.join());
  assert.ok(statuses.slice(0, -1).every((s) => s === 401) && statuses.length >= 6, statuses.join());
  assertErrorShape(assert, await shop.get('/api/admin/balance', from(ip, adminKey)), 429, 'rate_limited');
  // The lockout lives in D1, not in the Cache API (a no-op on *.workers.dev).
  const [row] = await shop.d1(`SELECT count(*) AS n FROM cache_entries WHERE key = 'admin-lockout/${ip}'`);
  assert.equal(row.n, 1);
});

test('six concurrent refills of one completed order send one refill to the panel', async () => {
  const { code, order } = await redeemed();
  shop.panel.setOrderStatus(order, { status: 'Completed', start_count: 10, remains: 0 });
  const before = shop.panel.calls('refill').length;
  shop.panel.fail('refill', 'slow', { ms: 600 });
  const answers = await Promise.all(Array.from({ length: 6 }, () => shop.json('/api/refill', { code })));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409], JSON.stringify(answers.map((a) => a.body)));
  for (const a of answers.filter((x) => x.status === 409)) assertErrorShape(assert, a, 409, 'refill_in_progress');
  assert.equal(shop.panel.calls('refill').length - before, 1);
  const [row] = await shop.d1(`SELECT refill_status, refill_claim FROM orders WHERE order_id = ${order}`);
  assert.deepEqual(row, { refill_status: 'Pending', refill_claim: null });
});

test('a panel that refuses a refill frees the claim for the next try', async () => {
  const { code, order } = await redeemed();
  shop.panel.setOrderStatus(order, { status: 'Completed', remains: 0 });
  shop.panel.fail('refill', 'error', { message: 'Order not eligible for refill.' });
  assertErrorShape(assert, await shop.json('/api/refill', { code }), 409, 'refill_refused');
  assert.equal((await shop.json('/api/refill', { code })).status, 200);
});

let nextInvoice = 770001;
function delivery({ productId = 8801, quantity = 2, invoice = nextInvoice++ } = {}) {
  return JSON.stringify({
    event: 'INVOICE.ITEM.DELIVER-DYNAMIC', id: invoice, email: 'reseller@example.com',
    item: { id: 1, invoice_id: invoice, product_id: productId, variant_id: null, quantity, product: { id: productId, name: 'IG followers' } },
  });
}
const deliver = (raw) => deliverTo(shop, raw);
let mapped = false;
async function mapProduct() {
  if (mapped) return;
  const res = await shop.json('/api/admin/products', { product_id: 8801, ...refillable }, { headers: adminKey });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  mapped = true;
}

test("a code shows its own redemption only, never another code's of the same invoice", async () => {
  await mapProduct();
  const res = await deliver(delivery({ quantity: 2 }));
  assert.equal(res.status, 200, res.text);
  const [mine, theirs] = res.text.split('\n').map((l) => l.split(' ')[0]);
  const r = await shop.json('/api/redeem', { code: theirs, link: 'https://www.instagram.com/someone.else', username: 'their customer' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const seen = await shop.json('/api/user/redemptions', { code: mine });
  assert.equal(seen.status, 200);
  assert.deepEqual([seen.body.data.count, JSON.stringify(seen.body).includes('someone.else')], [0, false]);
  const own = await shop.json('/api/user/redemptions', { code: theirs });
  assert.deepEqual(own.body.data.redemptions.map((x) => [x.code, x.link]), [[theirs, 'https://www.instagram.com/someone.else']]);
});

test('caches live in D1: 20 order-page views make one status call, 20 catalogue reads one services call', async () => {
  const { code } = await redeemed();
  const statusBefore = shop.panel.calls('status').length;
  for (let i = 0; i < 20; i++) assert.equal((await shop.json(`/api/orders/by-code/${code}`)).status, 200);
  assert.equal(shop.panel.calls('status').length - statusBefore, 1);
  const servicesBefore = shop.panel.calls('services').length;
  for (let i = 0; i < 20; i++) assert.equal((await shop.json('/api/services')).status, 200);
  assert.ok(shop.panel.calls('services').length - servicesBefore <= 1);
  // Whatever ran before, the copies are D1 rows: nothing here depends on the Cache API.
  const keys = (await shop.d1("SELECT DISTINCT key FROM cache_entries WHERE key IN ('panel/services/main') OR key LIKE 'order-status/%'")).map((r) => r.key);
  assert.ok(keys.includes('panel/services/main'), keys.join());
  assert.ok(keys.some((k) => k.startsWith('order-status/')), keys.join());
  // Taking the rows away takes the cache away: the next read asks the panel again.
  await shop.d1("DELETE FROM cache_entries WHERE key = 'panel/services/main'");
  const n = shop.panel.calls('services').length;
  assert.equal((await shop.json('/api/services')).status, 200);
  assert.equal(shop.panel.calls('services').length - n, 1);
});

test('nothing in the worker relies on the Cache API, which does nothing on *.workers.dev', () => {
  // workerd here has a working Cache API, so the D1 test above would also pass on a cache that
  // lived there; this keeps every cache and the lockout on the store that works everywhere.
  const files = readdirSync(path.join(ROOT, 'src'), { recursive: true }).filter((f) => /\.(rs|mjs)$/.test(f));
  const users = files.filter((f) => /\bCache::default\b|\bcaches\.default\b|\bworker::Cache\b/.test(readFileSync(path.join(ROOT, 'src', f), 'utf8')));
  assert.deepEqual(users, []);
});

test('the public catalogue routes are limited per client like the other lookups', async () => {
  for (const [p, body] of [['/api/services', undefined], ['/api/search', { query: 'youtube' }]]) {
    const ip = randomClientIp();
    const statuses = [];
    for (let i = 0; i < 25; i++) statuses.push((await shop.json(p, body, from(ip))).status);
    assert.ok(statuses.includes(429), `${p}: ${statuses.join()}`);
    assert.equal(statuses[0], 200);
  }
});

test('a code back from review gets back the validity it had left when it was reserved', async () => {
  const [code] = await mintCodes(shop, { ...refillable, expiry_days: 2 });
  shop.panel.fail('add', 'hang');
  assertErrorShape(assert, await shop.json('/api/redeem', { code, link: 'https://www.instagram.com/waited.long' }), 504, 'panel_unreachable');
  // Support took a week: reserved with a day left, and that day passed long ago.
  await shop.d1(`UPDATE codes SET reserved_at = '2026-01-01T00:00:00.000Z', expires_at = '2026-01-02T00:00:00.000Z' WHERE code = '${code}'`);
  const resolved = await shop.json(`/api/admin/codes/${code}/resolve`, { back_to_unused: true }, { headers: adminKey });
  assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
  const valid = await shop.json('/api/validate-code', { code });
  assert.equal(valid.status, 200, JSON.stringify(valid.body));
  const left = Date.parse(valid.body.data.expires_at) - Date.now();
  assert.ok(left > 23 * 3600e3 && left <= 24 * 3600e3, `${left} ms left`);
});

test('an invoice voided before delivery stays voided: a later delivery hands out nothing redeemable', async () => {
  await mapProduct();
  const invoice = nextInvoice++;
  const voided = await shop.json(`/api/admin/invoices/${invoice}/void`, {}, { headers: adminKey });
  assert.equal(voided.status, 200, JSON.stringify(voided.body));
  assert.equal(voided.body.data.codes, 0);
  const res = await deliver(delivery({ invoice }));
  assert.equal(res.status, 410, res.text);
  assert.equal(JSON.parse(res.text).error.code, 'invoice_voided');
  assert.equal((await shop.d1(`SELECT count(*) AS n FROM codes WHERE invoice_id = '${invoice}'`))[0].n, 0);
  const failed = await shop.get('/api/admin/deliveries?status=failed', { headers: adminKey });
  const row = failed.body.data.deliveries.find((d) => d.invoice_id === String(invoice));
  assert.ok(row, JSON.stringify(failed.body.data));
  assert.match(row.error, /voided/);
});

// Cloudflare cancels a request's own work when its client disconnects; `wrangler dev` does
// not, so this passes locally with or without `waitUntil`. It proves the outcome a buyer who
// closes the tab must get; the structure (`Ctx::finish_regardless`) carries it to production.
test('a buyer who gives up during the panel call still has a settled code and one order', async () => {
  const [code] = await mintCodes(shop, refillable);
  const adds = shop.panel.calls('add').length;
  shop.panel.fail('add', 'slow', { ms: 800 });
  await assert.rejects(shop.fetch('/api/redeem', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, link: 'https://www.instagram.com/gave.up' }), signal: AbortSignal.timeout(200),
  }));
  await sleep(1500);
  const [row] = await shop.d1(`SELECT status, order_id IS NOT NULL AS has_order FROM codes WHERE code = '${code}'`);
  assert.deepEqual(row, { status: 'used', has_order: 1 });
  assert.equal(shop.panel.calls('add').length - adds, 1);
  assert.equal((await shop.d1(`SELECT count(*) AS n FROM redemption_history WHERE code = '${code}'`))[0].n, 1);
});
