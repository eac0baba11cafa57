// A buyer follows their order and asks for refills, against the real worker and fake panel.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertErrorShape, mintCodes, redeemedCode, startShop } from './support/worker.mjs';

let shop;
before(async () => { shop = await startShop(); });
after(async () => { await shop?.stop(); });

const refillable = { service_id: 201, quantity: 100, platform: 'instagram', service_type: 'followers', has_refill: true };

const redeemed = (template = refillable, link = 'https://www.instagram.com/tracked.buyer') => redeemedCode(shop, template, link);

test('a buyer with a used code sees the panel status of the order, briefly cached', async () => {
  const { code, order } = await redeemed();
  shop.panel.setOrderStatus(order, { status: 'In progress', start_count: 1200, remains: 40 });
  shop.panel.reset();
  const res = await shop.json(`/api/orders/by-code/${code.toLowerCase()}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const d = res.body.data;
  assert.deepEqual([d.order_id, d.status, d.start_count, d.remains, d.link, d.quantity, d.has_refill],
    [order, 'In progress', 1200, 40, 'https://www.instagram.com/tracked.buyer', 100, true]);
  assert.match(d.placed_at, /^\d{4}-\d\d-\d\dT/);
  assert.ok(!JSON.stringify(res.body).includes('charge'), 'the panel charge stays private');
  assert.equal(d.refill.available, false);
  assert.match(d.refill.why_not, /completed/);
  await shop.json(`/api/orders/by-code/${code}`);
  assert.equal(shop.panel.calls('status').length, 1, 'the second look came from the cache');
});

test('a code that was not redeemed has no order to show', async () => {
  const [code] = await mintCodes(shop, refillable);
  assertErrorShape(assert, await shop.json(`/api/orders/by-code/${code}`), 409, 'no_order_yet');
  assertErrorShape(assert, await shop.json('/api/orders/by-code/SMM-AAAA-BBBB-CCCC-DDDD'), 404, 'code_not_found');
  assertErrorShape(assert, await shop.json('/api/orders/by-code/bad%20code!'), 400, 'invalid_code_format');
});

test('refill is refused until the order completes, then placed once, then refused while it runs', async () => {
  const { code, order } = await redeemed();
  assertErrorShape(assert, await shop.json('/api/refill', { code }), 409, 'order_not_completed');
  shop.panel.setOrderStatus(order, { status: 'Completed', remains: 0 });
  shop.panel.reset();
  const ok = await shop.json('/api/refill', { code });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.ok(ok.body.data.refill_id > 0);
  assert.deepEqual(shop.panel.calls('refill').map((c) => c.fields.order), [String(order)]);
  const again = await shop.json('/api/refill', { code });
  assertErrorShape(assert, again, 409, 'refill_in_progress');
  assert.equal(shop.panel.calls('refill').length, 1);
  const view = await shop.json(`/api/orders/by-code/${code}`);
  assert.deepEqual([view.body.data.refill.id, view.body.data.refill.status], [ok.body.data.refill_id, 'Pending']);

  // Once the panel finishes that refill, another may be asked for.
  shop.panel.state.refills.get(ok.body.data.refill_id).status = 'Completed';
  assert.equal((await shop.json('/api/refill', { code })).status, 200);
});

test('refill is refused for services without refill and after the refill window', async () => {
  const plain = await redeemed({ ...refillable, has_refill: false }, 'https://www.instagram.com/no.refill');
  shop.panel.setOrderStatus(plain.order, { status: 'Completed' });
  assertErrorShape(assert, await shop.json('/api/refill', { code: plain.code }), 409, 'refill_not_included');

  const old = await redeemed(refillable, 'https://www.instagram.com/old.order');
  shop.panel.setOrderStatus(old.order, { status: 'Completed' });
  const longAgo = new Date(Date.now() - 40 * 86400e3).toISOString();
  await shop.d1(`UPDATE orders SET placed_at = '${longAgo}' WHERE order_id = ${old.order}`);
  const res = await shop.json('/api/refill', { code: old.code });
  assertErrorShape(assert, res, 409, 'refill_window_over');
  assert.match(res.body.message, /30 days/);
  assertErrorShape(assert, await shop.json('/api/refill', {}), 400, 'invalid_request');
});

test('an order that arrives after the sweep moved its code to review still settles the code', async () => {
  const [code] = await mintCodes(shop, refillable);
  shop.panel.fail('add', 'slow', { ms: 4000 });
  const redeeming = shop.json('/api/redeem', { code, link: 'https://www.instagram.com/slow.panel' });
  await new Promise((r) => setTimeout(r, 1500));
  // What the scheduled job does to a reservation it believes lost (it keeps the token).
  await shop.d1(`UPDATE codes SET status = 'needs_review', review_reason = 'swept' WHERE code = '${code}' AND status = 'reserved'`);
  const res = await redeeming;
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const [row] = await shop.d1(`SELECT status, order_id, review_reason, (SELECT count(*) FROM redemption_history WHERE code = '${code}') AS history FROM codes WHERE code = '${code}'`);
  assert.deepEqual(row, { status: 'used', order_id: res.body.data.order_id, review_reason: null, history: 1 });
});

test('an order that arrives after support settled the code writes nothing twice', async () => {
  const [code] = await mintCodes(shop, refillable);
  shop.panel.fail('add', 'slow', { ms: 4000 });
  const redeeming = shop.json('/api/redeem', { code, link: 'https://www.instagram.com/settled.meanwhile' });
  await new Promise((r) => setTimeout(r, 1500));
  await shop.d1(`UPDATE codes SET status = 'used', order_id = 1, reservation_id = NULL WHERE code = '${code}'`);
  const res = await redeeming;
  assert.equal(res.status, 200, 'the order exists, so the buyer hears so');
  const [row] = await shop.d1(`SELECT order_id, (SELECT count(*) FROM redemption_history WHERE code = '${code}') AS history, (SELECT count(*) FROM orders WHERE code = '${code}') AS orders FROM codes WHERE code = '${code}'`);
  assert.deepEqual(row, { order_id: 1, history: 0, orders: 0 }, 'the late batch did not write history or order rows');
});
