// Every paid order ends delivered or made good: an order the panel cannot take now for the
// shop's own reasons is held (`queued`) and placed later, exactly once; an order the panel
// cancels or part-delivers gets exactly one replacement code (core::hold).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { assertErrorShape, mintCodes, redeemedCode, startShop } from './support/worker.mjs';

let shop;
before(async () => { shop = await startShop({ vars: { PANEL_TIMEOUT_MS: '1500' }, panels: ['backup'] }); });
after(async () => { await shop?.stop(); });
beforeEach(() => {
  shop.panel.reset();
  shop.panel.state.balance = 100;
});

const ytSubs = { service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers', has_refill: true };
const statusOf = async (code) => (await shop.d1(`SELECT status FROM codes WHERE code = '${code}'`))[0].status;
/** Every held code is due now (the back-off itself is a core unit test). */
const allDue = () => shop.d1("UPDATE codes SET queue_next_at = '2000-01-01T00:00:00.000Z' WHERE status = 'queued'");
/** Redeems each code while the panel has no funds: each is held. */
async function held(codes, linkOf = (i) => `https://www.youtube.com/@Held${i}`) {
  shop.panel.state.balance = 0;
  for (const [i, code] of codes.entries()) {
    const res = await shop.post('/api/redeem', { code, link: linkOf(i), username: `buyer${i}` });
    assert.equal(res.status, 202, JSON.stringify(res.body));
  }
  shop.panel.state.balance = 100;
}

test('a panel out of funds holds the order: 202 queued, the code kept, placed by the scheduled job once funds are back', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  shop.panel.state.balance = 0;
  const res = await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@HeldOne', username: 'ann' });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal(res.body.success, true);
  const d = res.body.data;
  assert.deepEqual([d.status, d.queued_reason, d.code], ['queued', 'panel_funds', code]);
  assert.doesNotMatch(res.body.message, /balance|funds/i, 'the buyer never hears the shop\'s balance');
  assert.equal(await statusOf(code), 'queued');

  assertErrorShape(assert, await shop.post('/api/validate-code', { code }), 409, 'code_queued');
  assertErrorShape(assert, await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@HeldOne' }), 409, 'code_queued');
  const page = await shop.get(`/api/orders/by-code/${code}`);
  assert.equal(page.status, 200, JSON.stringify(page.body));
  assert.deepEqual([page.body.data.queued, page.body.data.status, page.body.data.queued_reason], [true, 'queued', 'panel_funds']);
  assert.match(page.body.data.queued_since, /^\d{4}-\d\d-\d\dT/);

  const list = await shop.admin.get('/api/admin/queue');
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const row = list.body.data.held.find((h) => h.code === code);
  assert.deepEqual(
    [row.reason, row.panel, row.service_id, row.attempts, row.link],
    ['panel_funds', 'main', 101, 1, 'https://www.youtube.com/@HeldOne'],
  );
  assert.ok(row.next_attempt > row.since, 'the next attempt waits (back-off)');
  const listed = await shop.admin.get(`/api/admin/codes?status=queued&q=${code}`);
  assert.deepEqual(listed.body.data.codes.map((c) => [c.code, c.status, c.queued_reason]), [[code, 'queued', 'panel_funds']]);

  // Not due yet: the scheduled job leaves it alone.
  const before0 = shop.panel.calls('add').length;
  await shop.scheduled();
  assert.equal(shop.panel.calls('add').length, before0);
  // Due, still no funds: asked once, still held, one more attempt counted.
  shop.panel.state.balance = 0;
  await allDue();
  await shop.scheduled();
  assert.equal(await statusOf(code), 'queued');
  assert.equal(shop.panel.calls('add').length, before0 + 1);
  assert.equal((await shop.d1(`SELECT queue_attempts FROM codes WHERE code = '${code}'`))[0].queue_attempts, 2);
  // Funds are back: placed, once, with what the buyer asked for.
  shop.panel.state.balance = 100;
  await allDue();
  await shop.scheduled();
  assert.equal(await statusOf(code), 'used');
  assert.equal(shop.panel.calls('add').length, before0 + 2);
  const placed = await shop.get(`/api/orders/by-code/${code}`);
  assert.equal(placed.status, 200, JSON.stringify(placed.body));
  assert.equal(placed.body.data.order_id, shop.panel.state.nextOrder - 1);
  assert.equal(placed.body.data.queued, undefined);
  const [history] = await shop.d1(`SELECT username, link FROM redemption_history WHERE code = '${code}'`);
  assert.deepEqual(history, { username: 'ann', link: 'https://www.youtube.com/@HeldOne' });
  const [hold] = await shop.d1(`SELECT queued_reason, queued_at, pending_request FROM codes WHERE code = '${code}'`);
  assert.deepEqual(hold, { queued_reason: null, queued_at: null, pending_request: null });
});

test('an active order on the link and a switched-off service are held too; a wrong link goes back to the buyer', async () => {
  const codes = await mintCodes(shop, { ...ytSubs, count: 3 });
  const cases = [
    ['You have active order with this link. Please wait until order being completed.', 202, 'link_busy'],
    ['Service is disabled', 202, 'service_unavailable'],
    ['Incorrect link', 502, null],
  ];
  for (const [i, [said, status, reason]] of cases.entries()) {
    shop.panel.fail('add', 'error', { message: said });
    const res = await shop.post('/api/redeem', { code: codes[i], link: `https://www.youtube.com/@Case${i}` });
    assert.equal(res.status, status, JSON.stringify(res.body));
    if (reason) assert.equal(res.body.data.queued_reason, reason);
    else assertErrorShape(assert, res, 502, 'panel_rejected');
  }
  assert.deepEqual(await Promise.all(codes.map(statusOf)), ['queued', 'queued', 'unused']);
  // The wrong link's page says what the panel said, in words the buyer can act on.
  const back = await shop.post('/api/validate-code', { code: codes[2] });
  assert.equal(back.body.data.returned.reason, 'refused');
  assert.match(back.body.data.returned.message, /could not use this link/);
});

test('with several panels, a first choice out of funds and a second refusing the quantity still holds the order', async () => {
  const { service_id: _, ...template } = ytSubs;
  const [code] = await mintCodes(shop, { ...template, services: [{ panel: 'main', service_id: 101 }, { panel: 'backup', service_id: 777 }] });
  shop.panels.backup.fail('add', 'error', { message: 'Quantity less than minimal 5000' });
  shop.panel.state.balance = 0;
  const res = await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@TwoPanels' });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal(res.body.data.queued_reason, 'panel_funds');
  shop.panel.state.balance = 100;
  const retried = await shop.admin.post('/api/admin/queue/retry', { code });
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.equal(retried.body.data.placed, 1);
  assert.equal((await shop.d1(`SELECT panel FROM orders WHERE code = '${code}'`))[0].panel, 'main');
});

test('each held code gets exactly one add however many drains run at once', async () => {
  const codes = await mintCodes(shop, { ...ytSubs, count: 6 });
  await held(codes, (i) => `https://www.youtube.com/@Race${i}`);
  await allDue();
  const raced = () => shop.panel.calls('add').filter((c) => c.fields.link.includes('@Race')).length;
  const adds = raced();
  await Promise.all([
    shop.scheduled(), shop.scheduled(), shop.scheduled(),
    shop.admin.post('/api/admin/queue/retry', {}), shop.admin.post('/api/admin/queue/retry', {}),
  ]);
  assert.deepEqual(await Promise.all(codes.map(statusOf)), codes.map(() => 'used'));
  assert.equal(raced(), adds + codes.length, 'one add per code, not one per drain');
  const orders = await shop.d1(`SELECT code, count(*) AS n FROM orders WHERE code IN (${codes.map((c) => `'${c}'`).join(',')}) GROUP BY code`);
  assert.deepEqual(orders.map((o) => o.n), codes.map(() => 1));
});

test('at a drain, a refusal of the link gives the code back with the words on its page; an unknown outcome goes to review', async () => {
  const [wrong, unsure] = await mintCodes(shop, { ...ytSubs, count: 2 });
  await held([wrong, unsure]);
  shop.panel.fail('add', 'error', { message: 'Incorrect link' });
  const first = await shop.admin.post('/api/admin/queue/retry', { code: wrong });
  assert.deepEqual(first.body.data, { placed: 0, still_held: 0, returned: 1, to_review: 0, expired: 0 });
  assert.equal(await statusOf(wrong), 'unused');
  assertErrorShape(assert, await shop.get(`/api/orders/by-code/${wrong}`), 409, 'order_refused');
  const again = await shop.post('/api/validate-code', { code: wrong });
  assert.equal(again.status, 200);
  assert.equal(again.body.data.returned.reason, 'refused');

  shop.panel.fail('add', 'hang');
  const second = await shop.admin.post('/api/admin/queue/retry', { code: unsure });
  assert.equal(second.body.data.to_review, 1, JSON.stringify(second.body));
  assert.equal(await statusOf(unsure), 'needs_review');
  // An unknown outcome is never retried on its own.
  const adds = shop.panel.calls('add').length;
  await shop.scheduled();
  assert.equal(shop.panel.calls('add').length, adds);

  assertErrorShape(assert, await shop.admin.post('/api/admin/queue/retry', { code: wrong }), 409, 'queue_empty');
  assertErrorShape(assert, await shop.admin.post('/api/admin/queue/retry', { cod: wrong }), 400, 'invalid_request');
});

test('a hold lasts QUEUE_MAX_HOURS (72): then the code goes back unused, keeping its validity, and its page says why', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  await held([code]);
  const [{ expires_at: before0 }] = await shop.d1(`SELECT expires_at FROM codes WHERE code = '${code}'`);
  const longAgo = new Date(Date.now() - 73 * 3600_000).toISOString();
  await shop.d1(`UPDATE codes SET queued_at = '${longAgo}', queue_next_at = '2999-01-01T00:00:00.000Z' WHERE code = '${code}'`);
  const adds = shop.panel.calls('add').length;
  await shop.scheduled();
  assert.equal(shop.panel.calls('add').length, adds, 'an expired hold is not placed');
  assert.equal(await statusOf(code), 'unused');
  const [{ expires_at: after0 }] = await shop.d1(`SELECT expires_at FROM codes WHERE code = '${code}'`);
  assert.ok(after0 > before0, `validity restored: ${before0} -> ${after0}`);
  assertErrorShape(assert, await shop.get(`/api/orders/by-code/${code}`), 409, 'hold_expired');
  const page = await shop.post('/api/validate-code', { code });
  assert.equal(page.body.data.returned.reason, 'hold_expired');
  const [audit] = await shop.d1("SELECT detail FROM audit_log WHERE action = 'queue.expired' ORDER BY id DESC LIMIT 1");
  assert.equal(JSON.parse(audit.detail).codes, 1);
  // Redeemed again, it works, and the note is gone.
  const res = await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@Again' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal((await shop.d1(`SELECT returned_reason FROM codes WHERE code = '${code}'`))[0].returned_reason, null);
});

test('a canceled order gets exactly one replacement code however many look at once, and it redeems like the original', async () => {
  const { code, order } = await redeemedCode(shop, ytSubs, 'https://www.youtube.com/@Canceled');
  shop.panel.setOrderStatus(order, { status: 'Canceled', remains: 1000 });
  const views = Array.from({ length: 10 }, () => shop.get(`/api/orders/by-code/${code}`));
  await Promise.all([...views, shop.scheduled(), shop.scheduled()]);
  const minted = await shop.d1(`SELECT code, quantity, platform, service_type, service_id, has_refill, source, expires_at FROM codes WHERE replaces = '${code}'`);
  assert.equal(minted.length, 1, JSON.stringify(minted));
  const [r] = minted;
  assert.deepEqual([r.quantity, r.platform, r.service_type, r.service_id, r.has_refill, r.source], [1000, 'youtube', 'subscribers', 101, 1, 'replacement']);
  assert.ok(r.expires_at > new Date(Date.now() + 29 * 86400_000).toISOString(), 'valid as long as the original was');

  const page = await shop.get(`/api/orders/by-code/${code}`);
  assert.deepEqual(page.body.data.replacement, { code: r.code, quantity: 1000 });
  assert.equal(page.body.data.make_good, 'replaced');
  const view = await shop.admin.get(`/api/admin/codes/${code}`);
  assert.deepEqual(view.body.data.replaced_by, { code: r.code, quantity: 1000 });
  const back = await shop.admin.get(`/api/admin/codes/${r.code}`);
  assert.equal(back.body.data.replaces, code);

  const redeemed = await shop.post('/api/redeem', { code: r.code, link: 'https://www.youtube.com/@Canceled' });
  assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
  assert.equal(shop.panel.calls('add').at(-1).fields.quantity, '1000');
});

test('a partial order is made good for what remains; a completed one never; below the minimum no code is minted', async () => {
  const cases = [
    [{ status: 'Partial', remains: 400 }, 'replaced', 400],
    [{ status: 'Completed', remains: 0 }, undefined, null],
    [{ status: 'Partial', remains: 20 }, 'below_minimum', null],
    [{ status: 'Refunded', remains: 0 }, 'replaced', 1000],
  ];
  for (const [i, [fields, makeGood, quantity]] of cases.entries()) {
    const { code, order } = await redeemedCode(shop, ytSubs, `https://www.youtube.com/@Short${i}`);
    shop.panel.setOrderStatus(order, fields);
    await shop.scheduled();
    const page = (await shop.get(`/api/orders/by-code/${code}`)).body.data;
    assert.equal(page.make_good, makeGood, `${fields.status} ${fields.remains}`);
    assert.equal(page.replacement?.quantity ?? null, quantity, `${fields.status} ${fields.remains}`);
    const minted = await shop.d1(`SELECT count(*) AS n FROM codes WHERE replaces = '${code}'`);
    assert.equal(minted[0].n, quantity === null ? 0 : 1);
  }
});

test('MAKE_GOOD=off mints nothing', async () => {
  const other = await startShop({ vars: { MAKE_GOOD: 'off' } });
  try {
    const { code, order } = await redeemedCode(other, ytSubs, 'https://www.youtube.com/@NoMakeGood');
    other.panel.setOrderStatus(order, { status: 'Canceled', remains: 1000 });
    await other.scheduled();
    const page = (await other.get(`/api/orders/by-code/${code}`)).body.data;
    assert.equal(page.status, 'Canceled');
    assert.equal(page.replacement, undefined);
    assert.equal((await other.d1(`SELECT count(*) AS n FROM codes WHERE replaces = '${code}'`))[0].n, 0);
  } finally {
    await other.stop();
  }
});

test('soak: a faulty panel leaves no code queued once it recovers, and no code with two orders', async () => {
  const codes = await mintCodes(shop, { ...ytSubs, count: 12 });
  const faults = [
    () => shop.panel.fail('add', 'error', { message: 'Not enough funds on balance' }),
    () => shop.panel.fail('add', 'error', { message: 'You have active order with this link. Please wait until order being completed.' }),
    () => shop.panel.fail('add', 'error', { message: 'Service is inactive' }),
    () => {},
  ];
  const first = await Promise.all(codes.map((code, i) => {
    faults[i % faults.length]();
    return shop.post('/api/redeem', { code, link: `https://www.youtube.com/@Soak${i}` });
  }));
  assert.ok(first.every((r) => [200, 202].includes(r.status)), first.map((r) => r.status).join(','));
  // Still faulty for a while: half the drains' adds are refused for funds.
  for (let i = 0; i < 3; i++) {
    shop.panel.fail('add', 'error', { message: 'Not enough funds on balance' });
    await allDue();
    await shop.scheduled();
  }
  // Recovered: every held code is placed within a few runs.
  for (let i = 0; i < 4 && (await shop.d1("SELECT 1 FROM codes WHERE status = 'queued'")).length; i++) {
    await allDue();
    await shop.scheduled();
  }
  assert.deepEqual(await Promise.all(codes.map(statusOf)), codes.map(() => 'used'));
  const orders = await shop.d1(`SELECT count(*) AS n, count(DISTINCT code) AS codes FROM orders WHERE code IN (${codes.map((c) => `'${c}'`).join(',')})`);
  assert.deepEqual(orders[0], { n: 12, codes: 12 });
});
