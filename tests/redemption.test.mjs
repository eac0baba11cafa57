// A buyer redeems codes against the real worker; the fake panel records what it was asked.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { assertErrorShape, mintCodes, startShop } from './support/worker.mjs';

let shop;
before(async () => { shop = await startShop({ vars: { PANEL_TIMEOUT_MS: '1500' } }); });
after(async () => { await shop?.stop(); });
beforeEach(() => shop.panel.reset());

const ytSubs = { service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers', has_refill: true };

test('a buyer checks a code and sees what it buys', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  assert.match(code, /^SMM(-[2-9A-HJKMNP-Z]{4}){4}$/);
  const typed = `  ${code.toLowerCase().replaceAll('-', ' - ')} `;
  const res = await shop.json('/api/validate-code', { code: typed });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.success, true);
  const d = res.body.data;
  assert.equal(d.code, code);
  assert.equal(d.platform, 'youtube');
  assert.equal(d.service_type, 'subscribers');
  assert.equal(d.service_id, 101);
  assert.equal(d.quantity, 1000);
  assert.equal(d.has_refill, true);
  assert.equal(d.status, 'unused');
  assert.match(d.expires_at, /^\d{4}-\d\d-\d\dT/);
  assert.match(d.link_hint, /YouTube/);
});

test('two codes minted together are different', async () => {
  const codes = await mintCodes(shop, { ...ytSubs, count: 50 });
  assert.equal(new Set(codes).size, 50);
});

test('redeeming places exactly one panel order with the canonical link', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  const res = await shop.json('/api/redeem', { code, link: 'http://youtube.com/@SomeChannel?si=tracking123', username: 'ann' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const d = res.body.data;
  assert.equal(d.code, code);
  assert.equal(d.link, 'https://www.youtube.com/@SomeChannel');
  assert.equal(d.quantity, 1000);
  assert.equal(d.service_id, 101);
  assert.equal(d.has_refill, true);
  const adds = shop.panel.calls('add');
  assert.equal(adds.length, 1);
  assert.equal(adds[0].contentType, 'application/x-www-form-urlencoded');
  assert.deepEqual(
    { key: adds[0].fields.key, service: adds[0].fields.service, quantity: adds[0].fields.quantity, link: adds[0].fields.link },
    { key: 'test-panel-key-abcdef', service: '101', quantity: '1000', link: 'https://www.youtube.com/@SomeChannel' },
  );
  assert.equal(d.order_id, shop.panel.state.nextOrder - 1);
  assert.ok(!JSON.stringify(res.body).includes('test-panel-key'), 'the panel key never reaches a response');

  assertErrorShape(assert, await shop.json('/api/validate-code', { code }), 409, 'code_already_used');
  assertErrorShape(assert, await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@SomeChannel' }), 409, 'code_already_used');
  assert.equal(shop.panel.calls('add').length, 1);

  const [row] = await shop.d1(`SELECT status, order_id, used_date, reservation_id FROM codes WHERE code = '${code}'`);
  assert.deepEqual({ ...row, used_date: typeof row.used_date }, { status: 'used', order_id: d.order_id, used_date: 'string', reservation_id: null });
  const [order] = await shop.d1(`SELECT code, source, service_id, quantity, link FROM orders WHERE order_id = ${d.order_id}`);
  assert.deepEqual(order, { code, source: 'redeem', service_id: 101, quantity: 1000, link: 'https://www.youtube.com/@SomeChannel' });

  const hist = await shop.json('/api/user/redemptions', { code });
  assert.equal(hist.status, 200);
  assert.equal(hist.body.data.count, 1);
  assert.equal(hist.body.data.redemptions[0].username, 'ann');
  assert.equal(hist.body.data.redemptions[0].order_id, d.order_id);
});

test('each platform gets the link its service needs', async () => {
  const cases = [
    [{ service_id: 202, quantity: 100, platform: 'Instagram', service_type: 'likes' }, 'https://instagram.com/p/CxYz123AbC/?igsh=abc', 'https://www.instagram.com/p/CxYz123AbC'],
    [{ service_id: 301, quantity: 100, platform: 'tiktok', service_type: 'followers' }, 'https://www.tiktok.com/@dancer.one?lang=en', 'https://www.tiktok.com/@dancer.one'],
    [{ service_id: 102, quantity: 500, platform: 'YouTube ', service_type: 'views' }, 'https://youtu.be/dQw4w9WgXcQ?t=42', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    [{ service_id: 701, quantity: 200, platform: 'telegram', service_type: 'members' }, 't.me/shopchannel', 'https://t.me/shopchannel'],
    [{ service_id: 401, quantity: 100, platform: 'twitter', service_type: 'followers' }, 'https://twitter.com/jack', 'https://x.com/jack'],
  ];
  for (const [template, typed, canonical] of cases) {
    const [code] = await mintCodes(shop, template);
    shop.panel.reset();
    const res = await shop.json('/api/redeem', { code, link: typed });
    assert.equal(res.status, 200, `${typed}: ${JSON.stringify(res.body)}`);
    const adds = shop.panel.calls('add');
    assert.equal(adds.length, 1);
    assert.equal(adds[0].fields.link, canonical);
    assert.equal(adds[0].fields.service, String(template.service_id));
    assert.equal(adds[0].fields.quantity, String(template.quantity));
  }
});

test('a link that does not fit the service is refused and the code stays unused', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  for (const link of ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.instagram.com/someone', 'javascript:alert(1)', 'https://youtube.com.evil.io/@x', 'x'.repeat(10_000)]) {
    const res = await shop.json('/api/redeem', { code, link });
    assertErrorShape(assert, res, 422, 'invalid_link');
  }
  const wrongKind = await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' });
  assert.match(wrongKind.body.message, /YouTube channel/);
  assert.equal(shop.panel.calls('add').length, 0);
  assert.equal((await shop.json('/api/validate-code', { code })).status, 200);
});

test('a buyer who double-clicks redeem 20 times gets exactly one order', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  const results = await Promise.all(Array.from({ length: 20 }, () =>
    shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@Twenty' })));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 409).length, 19, statuses.join(','));
  for (const r of results.filter((x) => x.status === 409)) assert.match(r.body.error.code, /^code_(already_used|in_progress)$/);
  assert.equal(shop.panel.calls('add').length, 1);
});

test('a panel refusal gives the code back, and it works once the panel recovers', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  // A refusal no wait fixes (held orders, for the shop's own trouble, are tests/held-orders).
  shop.panel.fail('add', 'error', { message: 'Quantity more than maximal 100' });
  const refused = await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@Broke' });
  assertErrorShape(assert, refused, 502, 'panel_rejected');
  assert.match(refused.body.message, /not used/i);
  assert.doesNotMatch(refused.body.message, /balance/i);
  assert.equal((await shop.json('/api/validate-code', { code })).body.data.status, 'unused');

  const retry = await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@Broke' });
  assert.equal(retry.status, 200, JSON.stringify(retry.body));
  assert.equal(shop.panel.calls('add').length, 2);
});

for (const mode of ['hang', 'close', 'garbage']) {
  test(`a panel that ${mode === 'hang' ? 'hangs' : mode === 'close' ? 'drops the connection' : 'answers garbage'} puts the code on hold for support`, async () => {
    const [code] = await mintCodes(shop, ytSubs);
    shop.panel.fail('add', mode);
    const res = await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@Unsure' });
    assertErrorShape(assert, res, 504, 'panel_unreachable');
    assert.match(res.body.message, /support/);
    assertErrorShape(assert, await shop.json('/api/validate-code', { code }), 409, 'code_under_review');
    assertErrorShape(assert, await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@Unsure' }), 409, 'code_under_review');
    assert.equal(shop.panel.calls('add').length, 1, 'never re-sent');
  });
}

test('bad input is a 4xx in the one error shape and changes nothing', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  const snapshot = () => shop.d1('SELECT (SELECT count(*) FROM codes) AS codes, (SELECT count(*) FROM redemption_history) AS history, (SELECT group_concat(status) FROM codes) AS statuses');
  const beforeBad = await snapshot();
  const bad = [
    ['/api/redeem', '{not json', 400, 'invalid_json'],
    ['/api/redeem', '', 400, 'invalid_json'],
    ['/api/redeem', { code }, 400, 'invalid_request'],
    ['/api/redeem', { code: 42, link: 'x' }, 400, 'invalid_request'],
    ['/api/redeem', { code: ['a'], link: 'x' }, 400, 'invalid_request'],
    ['/api/redeem', { code: 'A'.repeat(10_000), link: 'https://www.youtube.com/@x' }, 400, 'invalid_code_format'],
    ['/api/redeem', { code: "x' OR 1=1; DROP TABLE codes;--", link: 'https://www.youtube.com/@x' }, 400, 'invalid_code_format'],
    ['/api/redeem', { code: 'КОД-ЮНИКОД', link: 'https://www.youtube.com/@x' }, 400, 'invalid_code_format'],
    ['/api/redeem', { code, link: 'https://www.youtube.com/@x', username: 'u'.repeat(10_000) }, 400, 'invalid_username'],
    ['/api/redeem', { code: 'SMM-NOPE-NOPE-NOPE-NOPE', link: 'https://www.youtube.com/@x' }, 404, 'code_not_found'],
    ['/api/validate-code', { code: '' }, 400, 'invalid_code_format'],
    ['/api/validate-code', [], 400, 'invalid_request'],
    ['/api/validate-code', 'null', 400, 'invalid_request'],
    ['/api/validate-code', { code: 'x'.repeat(20_000) }, 413, 'payload_too_large'],
  ];
  for (const [path, body, status, errCode] of bad) {
    const res = await shop.json(path, body);
    assertErrorShape(assert, res, status, errCode);
  }
  assert.equal(shop.panel.calls('add').length, 0);
  assert.deepEqual(await snapshot(), beforeBad, 'the database is unchanged');
  const still = await shop.json('/api/validate-code', { code });
  assert.equal(still.body.data.status, 'unused');
});

test('the code lookup by redemption history needs a real code', async () => {
  assertErrorShape(assert, await shop.json('/api/user/redemptions', { code: 'SMM-AAAA-BBBB-CCCC-DDDD' }), 404, 'code_not_found');
  assertErrorShape(assert, await shop.json('/api/user/redemptions', {}), 400, 'invalid_request');
});

test('minting codes needs the admin key', async () => {
  const body = { count: 1, ...ytSubs };
  assertErrorShape(assert, await shop.json('/api/admin/codes', body), 401, 'unauthorized');
  assertErrorShape(assert, await shop.json('/api/admin/codes', body, { headers: { 'x-api-key': 'wrong' } }), 401, 'unauthorized');
});

test('the service list comes from the panel once, then from the cache', async () => {
  // Minting already read the catalogue (to check each code's service); start from no copy.
  await shop.d1("DELETE FROM cache_entries WHERE key = 'panel/services/main'");
  const calls = shop.panel.calls('services').length;
  const first = await shop.json('/api/services');
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.ok(first.body.data.count > 5);
  const s = first.body.data.services[0];
  // No wholesale rate: the shop sets PUBLIC_PRICE_MULTIPLIER to publish prices (tests/shop-setup.test.mjs).
  assert.deepEqual(Object.keys(s).sort(), ['cancel', 'category', 'max', 'min', 'name', 'refill', 'service', 'type']);
  const second = await shop.json('/api/services');
  assert.deepEqual(second.body.data, first.body.data);
  const search = await shop.json('/api/search', { query: 'youtube', refill_only: true });
  assert.equal(search.status, 200);
  assert.deepEqual(search.body.data.services.map((x) => x.service), [101, 777]);
  assert.equal(shop.panel.calls('services').length - calls, 1);
  assert.ok(!JSON.stringify(first.body).includes('test-panel-key'));
});
