// Several SMM panels: a code buys from an ordered list of (panel, service) choices; a definite
// refusal fails over to the next, an unknown outcome never does; tracking and refills go to
// the panel that placed the order.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertErrorShape, mintCodes, startShop } from './support/worker.mjs';

let shop;
let main;
let backup;
before(async () => {
  shop = await startShop({ panels: ['backup'], vars: { PANEL_TIMEOUT_MS: '1500' } });
  ({ main, backup } = shop.panels);
});
after(async () => { await shop?.stop(); });

const twoPanels = {
  services: [{ panel: 'main', service_id: 101 }, { panel: 'backup', service_id: 777 }],
  quantity: 100, platform: 'youtube', service_type: 'subscribers', has_refill: true,
};
const counts = () => [main.calls('add').length, backup.calls('add').length];

test('a refusal on the first panel places the order on the second, with its own service id', async () => {
  const [code] = await mintCodes(shop, twoPanels);
  const [m0, b0] = counts();
  main.fail('add', 'error', { message: 'Not enough funds on balance' });
  const res = await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@FailedOver' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.data.panel, 'backup');
  assert.equal(res.body.data.service_id, 777);
  const [m1, b1] = counts();
  assert.deepEqual([m1 - m0, b1 - b0], [1, 1], 'one add on each panel');
  assert.equal(backup.calls('add').at(-1).fields.service, '777');
  const [history] = await shop.d1(`SELECT panel, service_id FROM redemption_history WHERE code = '${code}'`);
  assert.deepEqual(history, { panel: 'backup', service_id: 777 });
  const [order] = await shop.d1(`SELECT panel, service_id FROM orders WHERE code = '${code}'`);
  assert.deepEqual(order, { panel: 'backup', service_id: 777 });

  // Tracking and refills reach the panel that placed the order, never the other.
  const mainStatus = main.calls('status').length;
  const page = await shop.get(`/api/orders/by-code/${code}`);
  assert.equal(page.status, 200, JSON.stringify(page.body));
  assert.equal(page.body.data.live, true);
  backup.setOrderStatus(page.body.data.order_id, { status: 'Completed', remains: 0 });
  const refill = await shop.post('/api/refill', { code });
  assert.equal(refill.status, 200, JSON.stringify(refill.body));
  assert.equal(backup.calls('refill').length, 1);
  assert.equal(main.calls('refill').length, 0);
  assert.equal(main.calls('status').length, mainStatus, 'main was never asked');
});

test('an unknown outcome on the first panel never fails over: 504, the code held, no order on the second', async () => {
  const [code] = await mintCodes(shop, twoPanels);
  const [, b0] = counts();
  main.fail('add', 'hang');
  assertErrorShape(assert, await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@Unsure' }), 504, 'panel_unreachable');
  assert.equal(backup.calls('add').length, b0, 'the first panel may have the order');
  assert.equal((await shop.d1(`SELECT status FROM codes WHERE code = '${code}'`))[0].status, 'needs_review');
});

test('a failed-over order that the second panel does not confirm is reviewed against that panel', async () => {
  const [code] = await mintCodes(shop, twoPanels);
  main.fail('add', 'error', { message: 'Not enough funds on balance' });
  backup.fail('add', 'hang');
  assertErrorShape(assert, await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@Checked' }), 504, 'panel_unreachable');
  const held = (await shop.admin.get(`/api/admin/codes/${code}`)).body.data.code;
  assert.deepEqual([held.status, held.pending_panel, held.pending_service_id], ['needs_review', 'backup', 777]);
  assert.match(held.review_reason, /^panel backup \(service 777\)/);
  // Support found the order on backup: it is recorded there, with backup's service.
  const resolved = await shop.admin.post(`/api/admin/codes/${code}/resolve`, { order_id: 424242 });
  assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
  const [order] = await shop.d1(`SELECT panel, service_id FROM orders WHERE code = '${code}'`);
  assert.deepEqual(order, { panel: 'backup', service_id: 777 });
});

test('when every panel refuses for reasons no wait fixes, the code goes back with the last refusal', async () => {
  const [code] = await mintCodes(shop, twoPanels);
  main.fail('add', 'error', { message: 'Quantity more than maximal 100' });
  backup.fail('add', 'error', { message: 'Quantity less than minimal 500' });
  const res = await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@NoLuck' });
  assertErrorShape(assert, res, 502, 'panel_rejected');
  assert.equal((await shop.d1(`SELECT status FROM codes WHERE code = '${code}'`))[0].status, 'unused');
});

test('a template naming a panel the shop does not have is refused; the old single service_id still works', async () => {
  const unknown = await shop.admin.post('/api/admin/codes', { count: 1, ...twoPanels, services: [{ panel: 'nowhere', service_id: 1 }] });
  assertErrorShape(assert, unknown, 400, 'unknown_panel');
  assert.match(unknown.body.message, /main, backup/);
  const product = await shop.admin.post('/api/admin/products', { product_id: 9901, ...twoPanels, services: [{ panel: 'nowhere', service_id: 1 }] });
  assertErrorShape(assert, product, 400, 'unknown_panel');
  const [code] = await mintCodes(shop, { service_id: 101, quantity: 100, platform: 'youtube', service_type: 'subscribers' });
  const [m0, b0] = counts();
  const res = await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@Plain' });
  assert.deepEqual([res.status, res.body.data.panel], [200, 'main']);
  assert.deepEqual(counts(), [m0 + 1, b0]);
});

test('the admin sees every panel with its balance, and each panel\'s catalogue', async () => {
  backup.state.balance = 3.5;
  const res = await shop.admin.get('/api/admin/panels');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const byName = Object.fromEntries(res.body.data.panels.map((p) => [p.name, p]));
  assert.deepEqual(Object.keys(byName), ['main', 'backup']);
  assert.equal(byName.backup.answers, true);
  assert.equal(Number(byName.backup.balance), 3.5);
  assert.equal(byName.backup.low, true);
  const catalogue = await shop.get('/api/services?panel=backup');
  assert.equal(catalogue.status, 200);
  assert.ok(catalogue.body.data.services.some((s) => s.service === 777));
  assertErrorShape(assert, await shop.get('/api/services?panel=nowhere'), 400, 'unknown_panel');
  // A manual order on the backup panel.
  const placed = await shop.admin.post('/api/admin/order', { panel: 'backup', service_id: 777, quantity: 100, link: 'https://www.youtube.com/@Manual' });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  assert.equal(backup.calls('add').at(-1).fields.link, 'https://www.youtube.com/@Manual');
});

test('the dashboard shows a balance card per panel and which panel took a failed-over order', async () => {
  const { launchBrowser, openAdmin, screenshot, seeText } = await import('./support/browser.mjs');
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await openAdmin(page, shop.base);
    await seeText(page, '.stat.panel-extra[data-panel=backup]', /Panel backup/);
    await seeText(page, '#stat-balance .label', /Panel main/);
    await seeText(page, '#low-panels', /Low balance on panel backup/);
    await page.locator('#tabs a[data-tab=redemptions]').click();
    await seeText(page, '#redemptions-body', /\(backup\)/);
    await screenshot(page, 'admin-10-panels');
  } finally {
    await browser.close();
  }
});
