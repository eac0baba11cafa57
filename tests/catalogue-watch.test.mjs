// The catalogue watch (core::watch): a provider that drops, reprices or changes a service is
// found before a buyer's redemption fails, alerted once, and fixed in one step (retarget).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startDiscord } from './support/discord.mjs';
import { assertErrorShape, mintCodes, startShop } from './support/worker.mjs';

let shop;
let discord;
before(async () => {
  discord = await startDiscord();
  // The catalogue is not cached between looks here, so each check sees the panel as it is now.
  shop = await startShop({ vars: { SERVICES_CACHE_SECONDS: '0', DISCORD_WEBHOOK_URL: discord.url }, panels: ['backup'] });
});
after(async () => { await shop?.stop(); await discord?.close(); });
beforeEach(() => shop.panel.reset());

const check = async () => {
  const res = await shop.admin.post('/api/admin/attention/check', {});
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
};
const findingsOf = (data, id) => data.findings.filter((f) => f.service_id === id);

test('a dropped service is found once and alerted once; a redemption skips it and is held; one retarget moves everything and places the held order', async () => {
  const ytSubs = { service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers', has_refill: true };
  const codes = await mintCodes(shop, { ...ytSubs, count: 3 });
  const product = await shop.admin.post('/api/admin/products', { product_id: 7101, ...ytSubs });
  assert.equal(product.status, 201, JSON.stringify(product.body));
  assert.deepEqual(findingsOf(await check(), 101), [], 'the first look only remembers');

  shop.panel.setService(101, null);
  discord.messages.length = 0;
  const found = findingsOf(await check(), 101);
  assert.equal(found.length, 1, JSON.stringify(found));
  const [gone] = found;
  assert.deepEqual(
    [gone.kind, gone.panel, gone.old, gone.unused_codes, gone.products, gone.quantities],
    ['gone', 'main', 'YouTube Subscribers [Refill 30 days]', 3, ['7101'], [1000]],
  );
  const again = findingsOf(await check(), 101);
  assert.deepEqual(again.map((f) => [f.kind, f.since]), [['gone', gone.since]], 'each finding once, its first sighting kept');
  assert.equal(discord.messages.filter((m) => /service 101 \(gone\)/.test(m.content)).length, 1, 'alerted once');

  // A buyer redeems meanwhile: the dead service is not asked; the order is held, not bounced.
  const redeemed = await shop.post('/api/redeem', { code: codes[0], link: 'https://www.youtube.com/@Renumbered' });
  assert.equal(redeemed.status, 202, JSON.stringify(redeemed.body));
  assert.equal(redeemed.body.data.queued_reason, 'service_unavailable');
  assert.equal(shop.panel.calls('add').length, 0, 'no add for a service the watch saw gone');

  const moved = await shop.admin.post('/api/admin/codes/retarget', {
    from: { panel: 'main', service_id: 101 },
    to: [{ panel: 'main', service_id: 777 }, { panel: 'backup', service_id: 101 }],
  });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.deepEqual(moved.body.data, { codes: 3, products: 1, placed: 1 });
  assert.equal(shop.panel.calls('add').at(-1).fields.service, '777');
  assert.equal((await shop.d1(`SELECT status FROM codes WHERE code = '${codes[0]}'`))[0].status, 'used');
  const [row] = await shop.d1(`SELECT service_id, services, unit_cost_micros FROM codes WHERE code = '${codes[1]}'`);
  assert.deepEqual(JSON.parse(row.services), [{ panel: 'main', service_id: 777 }, { panel: 'backup', service_id: 101 }]);
  assert.deepEqual([row.service_id, row.unit_cost_micros], [777, 2_900_000], 'priced on the new first choice');
  const [mapped] = (await shop.admin.get('/api/admin/products')).body.data.products.filter((p) => p.product_id === '7101');
  assert.equal(mapped.service_id, 777);
  assert.deepEqual(findingsOf((await shop.admin.get('/api/admin/attention')).body.data, 101), [], 'fixed: it leaves the list');
  const [audit] = await shop.d1("SELECT target, detail FROM audit_log WHERE action = 'codes.retarget' ORDER BY id DESC LIMIT 1");
  assert.equal(audit.target, 'main:101');
  assert.equal(JSON.parse(audit.detail).codes, 3);
});

test('a reprice, a narrower range, a dropped refill and a new type are found; the panel reverting them clears them', async () => {
  await mintCodes(shop, { service_id: 201, quantity: 1000, platform: 'instagram', service_type: 'followers', has_refill: true, count: 2 });
  await check();
  shop.panel.setService(201, { rate: '2.00', min: '2000', refill: false, type: 'Package' });
  const found = findingsOf(await check(), 201);
  assert.deepEqual(found.map((f) => f.kind).sort(), ['out_of_range', 'rate_changed', 'refill_dropped', 'type_changed']);
  const rate = found.find((f) => f.kind === 'rate_changed');
  assert.deepEqual([rate.old, rate.new], ['1.20 a code', '2.00 a code (rate 2.00)']);
  assert.equal(found.find((f) => f.kind === 'out_of_range').new, '2000-50000; 1000 is not in it');
  shop.panel.setService(201, { rate: '1.20', min: '50', refill: true, type: 'Default' });
  assert.deepEqual(findingsOf(await check(), 201), []);
});

test('the scheduled job asks a panel for its catalogue at most once an hour; an outage changes no finding', async () => {
  await mintCodes(shop, { service_id: 301, quantity: 1000, platform: 'tiktok', service_type: 'followers' });
  await check();
  shop.panel.setService(301, { max: '500' });
  assert.deepEqual(findingsOf(await check(), 301).map((f) => f.kind), ['out_of_range']);
  const asked = () => shop.panel.calls('services').length;
  const before0 = asked();
  await shop.scheduled();
  await shop.scheduled();
  await shop.scheduled();
  assert.ok(asked() - before0 <= 1, `asked ${asked() - before0} times in three runs`);
  // The panel is down: its findings stay as they were, nothing is called gone.
  shop.panel.fail('services', 'garbage');
  const during = await check();
  assert.ok(during.report.unavailable.includes('main'), JSON.stringify(during.report));
  assert.deepEqual(findingsOf(during, 301).map((f) => f.kind), ['out_of_range']);
  assert.equal(during.findings.filter((f) => f.kind === 'gone' && f.panel === 'main').length, 0);
  shop.panel.setService(301, { max: '50000' });
  assert.deepEqual(findingsOf(await check(), 301), []);
});

test('a retarget is checked like a new template: the range must cover, the label must fit unless confirmed, the inputs must stay', async () => {
  await mintCodes(shop, { service_id: 302, quantity: 100, platform: 'tiktok', service_type: 'views', count: 2 });
  const move = (to, extra = {}) => shop.admin.post('/api/admin/codes/retarget', { from: { panel: 'main', service_id: 302 }, to, ...extra });
  assertErrorShape(assert, await move([{ panel: 'main', service_id: 601 }]), 400, 'quantity_out_of_range');
  assertErrorShape(assert, await move([{ panel: 'main', service_id: 202 }]), 400, 'service_mismatch');
  assertErrorShape(assert, await move([{ panel: 'main', service_id: 99999 }]), 400, 'unknown_service');
  assertErrorShape(assert, await move([{ panel: 'nowhere', service_id: 601 }]), 400, 'unknown_panel');
  assertErrorShape(assert, await move([]), 400, 'invalid_request');
  // Codes sold asking for the link alone cannot move to a service that needs usernames.
  const other = await move([{ panel: 'main', service_id: 207 }], { confirm_mismatch: true });
  assertErrorShape(assert, other, 400, 'order_input_mismatch');
  assert.equal((await shop.d1("SELECT count(*) AS n FROM codes WHERE service_id = 302 AND status = 'unused'"))[0].n, 2, 'a refused move moves nothing');
  const confirmed = await move([{ panel: 'main', service_id: 202 }], { confirm_mismatch: true });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.data.codes, 2);
  assertErrorShape(assert, await move([{ panel: 'main', service_id: 202 }]), 404, 'nothing_on_service');
});
