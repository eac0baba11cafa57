// The shop owner's API, against the real worker and the fake panel.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { assertErrorShape, mintCodes, ROOT, SECRETS, startShop } from './support/worker.mjs';

let shop;
before(async () => { shop = await startShop({ vars: { PANEL_TIMEOUT_MS: '1500', LOW_BALANCE_THRESHOLD: '50' } }); });
after(async () => { await shop?.stop(); });

const admin = { headers: { 'x-api-key': SECRETS.ADMIN_API_KEY } };
const get = (path) => shop.get(path, admin);
const post = (path, body = {}) => shop.json(path, body, admin);
const ytViews = { service_id: 102, quantity: 500, platform: 'youtube', service_type: 'views' };

// Every admin route of the route table: assets/openapi.json is generated from it
// (src/bin/openapi.rs; npm test checks the committed one is the generated one).
const SPEC = JSON.parse(readFileSync(path.join(ROOT, 'assets/openapi.json'), 'utf8'));
const SAMPLE = { code: 'SMM-AAAA-BBBB-CCCC-DDDD', order: '1', product_id: '1', invoice: '1' };
const ROUTES = Object.entries(SPEC.paths).filter(([p]) => p.startsWith('/api/admin/')).flatMap(([p, item]) =>
  ['get', 'post', 'put', 'delete'].filter((m) => item[m]).map((m) => [m.toUpperCase(), p.replace(/\{(\w+)\}/g, (_, n) => SAMPLE[n])]));

test('every admin route refuses a missing or wrong key, and answers the right one', async () => {
  assert.ok(ROUTES.length >= 22, `${ROUTES.length} admin routes`);
  for (const [method, path] of ROUTES) {
    const init = (headers) => ({ method, headers: { 'content-type': 'application/json', ...headers }, ...(method === 'GET' ? {} : { body: '{}' }) });
    for (const headers of [{}, { 'x-api-key': 'wrong-key' }, { 'x-api-key': `${SECRETS.ADMIN_API_KEY}x` }]) {
      const res = await shop.fetch(path, init(headers));
      assert.equal(res.status, 401, `${method} ${path} ${JSON.stringify(headers)}`);
      const body = await res.json();
      assert.equal(body.error.code, 'unauthorized');
    }
    const ok = await shop.fetch(path, init({ 'x-api-key': SECRETS.ADMIN_API_KEY }));
    assert.notEqual(ok.status, 401, `${method} ${path} with the right key`);
    assert.ok(ok.status < 500, `${method} ${path} -> ${ok.status}`);
  }
});

test('the balance comes from the panel, with the low-balance flag', async () => {
  const res = await get('/api/admin/balance');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.data.currency, 'USD');
  assert.match(res.body.data.balance, /^\d+\.\d+$/);
  assert.equal(res.body.data.low, Number(res.body.data.balance) < 50);
  await get('/api/admin/balance');
  assert.equal(shop.panel.calls('balance').length, 1, 'cached');
});

test('bulk-created codes can be listed, filtered, paged and exported', async () => {
  const created = await post('/api/admin/codes', { count: 7, ...ytViews, prefix: 'bulk' });
  assert.equal(created.status, 201);
  const codes = created.body.data.codes;
  assert.equal(codes.length, 7);
  assert.ok(codes.every((c) => c.startsWith('BULK-')));

  const seen = [];
  let cursor = '';
  for (let i = 0; i < 5; i++) {
    const page = await get(`/api/admin/codes?q=BULK-&limit=3&cursor=${cursor}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    seen.push(...page.body.data.codes.map((c) => c.code));
    cursor = page.body.data.next_cursor;
    if (!cursor) break;
  }
  assert.deepEqual(seen.sort(), [...codes].sort(), 'three pages of 3, 3, 1 cover every code once');

  const filtered = await get('/api/admin/codes?status=unused&platform=YouTube&q=bulk-');
  assert.equal(filtered.body.data.codes.length, 7);
  assert.equal((await get('/api/admin/codes?status=used&q=BULK-')).body.data.codes.length, 0);
  assertErrorShape(assert, await get('/api/admin/codes?status=spent'), 400, 'invalid_filter');
  assertErrorShape(assert, await get('/api/admin/codes?limit=501'), 400, 'invalid_filter');
  assertErrorShape(assert, await get('/api/admin/codes?cursor=nothex'), 400, 'invalid_filter');

  const csv = await shop.fetch('/api/admin/codes.csv?q=BULK-', admin);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="codes-\d{4}-\d\d-\d\d\.csv"/);
  const lines = (await csv.text()).trim().split('\r\n');
  assert.equal(lines[0].split(',')[0], 'code');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]).sort(), [...codes].sort());
  // Every cell as the list says it: numbers as written, NULL empty, has_refill as yes/no.
  const listed = (await get(`/api/admin/codes/${codes[0]}`)).body.data.code;
  const cells = lines.find((l) => l.startsWith(`${codes[0]},`)).split(',');
  assert.deepEqual(Object.fromEntries(lines[0].split(',').map((h, i) => [h, cells[i]])), {
    code: codes[0], status: 'unused', platform: 'youtube', service_type: 'views', service_id: '102', quantity: '500',
    has_refill: 'no', created_date: listed.created_date, expires_at: listed.expires_at, used_date: '', order_id: '',
    invoice_id: '', buyer_email: '', source: 'admin',
  });
});

test('a voided code cannot be redeemed; a used one cannot be voided', async () => {
  const [a, b] = await mintCodes(shop, { ...ytViews, count: 2 });
  const voided = await post(`/api/admin/codes/${a}/void`);
  assert.equal(voided.status, 200);
  assertErrorShape(assert, await shop.json('/api/redeem', { code: a, link: 'https://youtu.be/dQw4w9WgXcQ' }), 410, 'code_void');
  assert.equal((await shop.json('/api/redeem', { code: b, link: 'https://youtu.be/dQw4w9WgXcQ' })).status, 200);
  assertErrorShape(assert, await post(`/api/admin/codes/${b}/void`), 409, 'code_not_voidable');
  assertErrorShape(assert, await post('/api/admin/codes/SMM-ZZZZ-ZZZZ-ZZZZ-ZZZZ/void'), 404, 'code_not_found');
  const detail = await get(`/api/admin/codes/${b}`);
  assert.equal(detail.body.data.code.status, 'used');
  assert.equal(detail.body.data.redemptions.length, 1);
  assert.equal(detail.body.data.order.order_id, detail.body.data.code.order_id);
});

test('the review queue is settled both ways', async () => {
  const [placed, none] = await mintCodes(shop, { ...ytViews, count: 2 });
  for (const code of [placed, none]) {
    shop.panel.fail('add', 'hang');
    assert.equal((await shop.json('/api/redeem', { code, link: 'https://youtu.be/dQw4w9WgXcQ' })).status, 504);
  }
  const queue = await get('/api/admin/codes?status=needs_review');
  const inQueue = queue.body.data.codes.filter((c) => c.code === placed || c.code === none);
  assert.equal(inQueue.length, 2);
  assert.equal(inQueue[0].pending_link, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  assert.match(inQueue[0].review_reason, /no answer within 1500 ms/);

  assertErrorShape(assert, await post(`/api/admin/codes/${placed}/resolve`, {}), 422, 'invalid_resolution');
  const r1 = await post(`/api/admin/codes/${placed}/resolve`, { order_id: 777001 });
  assert.equal(r1.status, 200, JSON.stringify(r1.body));
  const d1 = await get(`/api/admin/codes/${placed}`);
  assert.deepEqual([d1.body.data.code.status, d1.body.data.code.order_id], ['used', 777001]);
  assert.equal(d1.body.data.redemptions.length, 1);
  assert.equal(d1.body.data.redemptions[0].link, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');

  const r2 = await post(`/api/admin/codes/${none}/resolve`, { back_to_unused: true });
  assert.equal(r2.status, 200);
  assert.equal((await shop.json('/api/validate-code', { code: none })).body.data.status, 'unused');
  assertErrorShape(assert, await post(`/api/admin/codes/${none}/resolve`, { back_to_unused: true }), 409, 'code_not_in_review');
});

test('a manual order reaches the panel once and is recorded', async () => {
  shop.panel.reset();
  const res = await post('/api/admin/order', { service_id: 201, link: 'instagram.com/shop.owner', quantity: 100 });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const adds = shop.panel.calls('add');
  assert.equal(adds.length, 1);
  assert.deepEqual([adds[0].fields.service, adds[0].fields.link, adds[0].fields.quantity], ['201', 'https://www.instagram.com/shop.owner', '100']);
  const id = res.body.data.order_id;
  assertErrorShape(assert, await post('/api/admin/order', { service_id: 201, link: 'https://www.instagram.com/p/CxYz123AbC/', quantity: 100 }), 422, 'invalid_link');
  assertErrorShape(assert, await post('/api/admin/order', { service_id: 201, link: 'instagram.com/shop.owner', quantity: 1 }), 400, 'quantity_out_of_range');
  assert.equal(shop.panel.calls('add').length, 1, 'refused orders never reach the panel');

  const status = await get(`/api/admin/orders/${id}`);
  assert.equal(status.status, 200);
  assert.equal(status.body.data.panel.status, 'Pending');
  assert.equal(status.body.data.order.source, 'admin');
  assertErrorShape(assert, await post(`/api/admin/orders/${id}/refill`), 502, 'panel_rejected');
  shop.panel.setOrderStatus(id, { status: 'Completed' });
  const refill = await post(`/api/admin/orders/${id}/refill`);
  assert.equal(refill.status, 200, JSON.stringify(refill.body));
  assert.ok(refill.body.data.refill_id > 0);
  assertErrorShape(assert, await get('/api/admin/orders/99999999'), 404, 'order_not_found');
});

test('redemptions are listed by date and exported', async () => {
  const all = await get('/api/admin/redemptions?limit=500');
  assert.equal(all.status, 200);
  assert.ok(all.body.data.redemptions.length >= 2);
  const today = new Date().toISOString().slice(0, 10);
  const todays = await get(`/api/admin/redemptions?from=${today}&to=${today}`);
  assert.equal(todays.body.data.redemptions.length, all.body.data.redemptions.length);
  assert.equal((await get('/api/admin/redemptions?to=2000-01-01')).body.data.redemptions.length, 0);
  assertErrorShape(assert, await get('/api/admin/redemptions?from=someday'), 400, 'invalid_filter');
  const csv = await (await shop.fetch('/api/admin/redemptions.csv', admin)).text();
  assert.equal(csv.trim().split('\r\n').length, all.body.data.redemptions.length + 1);
});

test('stats add up to what the lists say', async () => {
  const s = await get('/api/admin/stats?days=7');
  assert.equal(s.status, 200, JSON.stringify(s.body));
  const d = s.body.data;
  assert.equal(d.redemptions_per_day.length, 7);
  const redemptions = (await get('/api/admin/redemptions?limit=500')).body.data.redemptions;
  assert.equal(d.redemptions_today, redemptions.length);
  assert.equal(d.redemptions_per_day.at(-1).count, redemptions.length);
  const used = (await get('/api/admin/codes?status=used&limit=500')).body.data.codes.length;
  assert.equal(d.codes.used, used);
  assert.ok(d.units_per_platform.some((p) => p.platform === 'youtube'));
  assert.equal(d.balance.currency, 'USD');
  assert.equal(typeof d.low_balance, 'boolean');
  assertErrorShape(assert, await get('/api/admin/stats?days=0'), 400, 'invalid_filter');
});

test('state-changing admin calls leave an audit trail with the key fingerprint, never the key', async () => {
  const rows = await shop.d1("SELECT actor, action FROM audit_log WHERE actor LIKE 'admin:%'");
  const actions = new Set(rows.map((r) => r.action));
  for (const a of ['codes.create', 'code.void', 'code.resolve', 'order.create', 'order.refill']) assert.ok(actions.has(a), a);
  assert.ok(rows.every((r) => /^admin:[0-9a-f]{8}$/.test(r.actor)));
  const all = JSON.stringify(await shop.d1('SELECT * FROM audit_log'));
  assert.ok(!all.includes(SECRETS.ADMIN_API_KEY));
});
