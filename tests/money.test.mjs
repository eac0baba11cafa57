// The money view: templates priced from the panel's catalogue, what each Sellauth item sold
// for, what each order cost (the panel's charge once known, the estimate until then), and how
// long the balance lasts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SECRETS, assertErrorShape, deliver, startShop } from './support/worker.mjs';

let shop;
before(async () => { shop = await startShop(); });
after(async () => { await shop?.stop(); });

const sale = (invoice, { price = '12.50', total = '12.50', quantity = 1, currency = 'USD', product = 4242 } = {}) => JSON.stringify({
  event: 'INVOICE.ITEM.DELIVER-DYNAMIC', id: invoice, currency, price: total, email: 'buyer@example.com',
  item: { id: 1, invoice_id: invoice, product_id: product, variant_id: null, price, total_price: total, quantity, product: { id: product, name: '1000 Followers' } },
});
const codeIn = (text) => /#code=([A-Z0-9-]+)/.exec(text)?.[1];
const money = async (days = 7) => {
  const res = await shop.admin.get(`/api/admin/money?days=${days}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data;
};

test('a quantity outside the service range is refused before anything is saved, and a template is priced', async () => {
  const codesBefore = (await shop.d1('SELECT count(*) AS n FROM codes'))[0].n;
  const low = await shop.admin.post('/api/admin/codes', { count: 3, service_id: 201, quantity: 10, platform: 'instagram', service_type: 'followers' });
  assertErrorShape(assert, low, 400, 'quantity_out_of_range');
  assert.match(low.body.message, /between 50 and 50000/);
  // Not even a confirmed mismatch lets it through: the panel would refuse every order.
  const high = await shop.admin.post('/api/admin/codes', { count: 1, service_id: 201, quantity: 60000, platform: 'instagram', service_type: 'followers', confirm_mismatch: true });
  assertErrorShape(assert, high, 400, 'quantity_out_of_range');
  const product = await shop.admin.post('/api/admin/products', { product_id: 4243, service_id: 201, quantity: 5, platform: 'instagram', service_type: 'followers' });
  assertErrorShape(assert, product, 400, 'quantity_out_of_range');
  assert.equal((await shop.d1('SELECT count(*) AS n FROM codes'))[0].n, codesBefore, 'no code was minted');
  assert.equal((await shop.d1('SELECT count(*) AS n FROM products'))[0].n, 0, 'no mapping was saved');

  // Rate 1.20 per 1,000 x 100 = 0.12 per code, stored with the template.
  const ok = await shop.admin.post('/api/admin/codes', { count: 1, service_id: 201, quantity: 100, platform: 'instagram', service_type: 'followers' });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.data.unit_cost, '0.12');
  const [row] = await shop.d1(`SELECT unit_cost_micros FROM codes WHERE code = '${ok.body.data.codes[0]}'`);
  assert.equal(row.unit_cost_micros, 120000);
});

test('the picker finds services by name with their rate, limits and flags', async () => {
  const res = await shop.admin.get('/api/admin/services?q=instagram%20followers');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const d = res.body.data;
  assert.equal(d.currency, 'USD');
  assert.deepEqual(d.services.map((s) => s.id), [201]);
  assert.deepEqual([d.services[0].rate, d.services[0].min, d.services[0].max, d.services[0].refill, d.services[0].cancel], ['1.20', 50, 50000, true, true]);
  assert.equal((await shop.admin.get('/api/admin/services')).body.data.matches, 17, 'the fake panel\'s whole catalogue');
  assertErrorShape(assert, await shop.admin.get('/api/admin/services?panel=nowhere'), 400, 'unknown_panel');
  assertErrorShape(assert, await shop.get('/api/admin/services'), 401, 'unauthorized');
});

test('revenue 12.50, an order charged 0.27819: margin 12.22181; until the charge is known the estimate counts, and says so', async () => {
  const mapped = await shop.admin.post('/api/admin/products', { product_id: 4242, service_id: 201, quantity: 100, platform: 'instagram', service_type: 'followers' });
  assert.equal(mapped.status, 201, JSON.stringify(mapped.body));
  assert.equal(mapped.body.data.product.unit_cost, '0.12');

  const res = await deliver(shop, sale(710001));
  assert.equal(res.status, 200, res.text);
  const code = codeIn(res.text);
  const redeemed = await shop.post('/api/redeem', { code, link: 'https://www.instagram.com/money.buyer' });
  assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
  const order = redeemed.body.data.order_id;

  // Not refreshed yet: the order counts at its estimate (0.12), marked as such.
  let m = await money();
  let usd = m.per_currency.find((c) => c.currency === 'USD');
  assert.deepEqual([usd.revenue, usd.cost, usd.margin, usd.cost_estimated, usd.estimated_orders], ['12.50', '0.12', '12.38', '0.12', 1]);
  const product = m.per_product.find((p) => p.product_id === '4242');
  assert.deepEqual([product.name, product.source, product.sales, product.revenue, product.estimated_orders], ['1000 Followers', 'sellauth', 1, '12.50', 1]);
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(m.per_day.length, 7, 'every day of the period');
  assert.equal(m.per_day.at(-1).day, today);
  assert.equal(m.per_day.at(-1).revenue, '12.50');

  // The scheduled refresh brings the panel's charge: it replaces the estimate.
  shop.panel.setOrderStatus(order, { status: 'Completed', remains: 0, charge: 0.27819 });
  await shop.scheduled();
  const [stored] = await shop.d1(`SELECT charge_micros, charge_currency FROM orders WHERE order_id = ${order}`);
  assert.deepEqual([stored.charge_micros, stored.charge_currency], [278190, 'USD']);
  m = await money();
  usd = m.per_currency.find((c) => c.currency === 'USD');
  assert.deepEqual([usd.revenue, usd.cost, usd.margin, usd.cost_charged, usd.cost_estimated, usd.estimated_orders], ['12.50', '0.27819', '12.22181', '0.27819', '0.00', 0]);
  assert.equal(Math.round(Number(usd.margin) * 100) / 100, 12.22);

  // A refunded invoice is no revenue.
  await deliver(shop, sale(710002, { price: '5', total: '10.00', quantity: 2 }));
  assert.equal((await money()).per_currency.find((c) => c.currency === 'USD').revenue, '22.50');
  assert.equal((await shop.admin.post('/api/admin/invoices/710002/void', {})).status, 200);
  assert.equal((await money()).per_currency.find((c) => c.currency === 'USD').revenue, '12.50');
});

test('the balance forecast divides the balance by the last 7 days of spending', async () => {
  const stats = (await shop.admin.get('/api/admin/stats')).body.data;
  const balance = Number(stats.balance.balance);
  const spent = Number(stats.balance_forecast.spent_7_days);
  assert.ok(spent > 0.27 && spent < 0.5, `spent ${spent}`);
  assert.equal(stats.balance_forecast.days_left, Math.floor((balance * 7) / spent));
  assert.match(stats.balance_forecast.text, /lasts about \d+ days/);
  const f = (await money()).forecast.find((p) => p.panel === 'main');
  assert.equal(f.days_left, stats.balance_forecast.days_left);
});

test('a manual order is estimated from the catalogue; the CSV holds the per-product table', async () => {
  const placed = await shop.admin.post('/api/admin/order', { service_id: 202, link: 'https://www.instagram.com/p/CxYz123AbC/', quantity: 1000 });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const manual = (await money()).per_product.find((p) => p.source === 'manual');
  assert.deepEqual([manual.name, manual.cost, manual.estimated_orders], ['Manual orders', '0.30', 1]);

  const csv = await shop.fetch('/api/admin/money.csv?days=7', { headers: { 'x-api-key': SECRETS.ADMIN_API_KEY } });
  assert.equal(csv.status, 200);
  const lines = (await csv.text()).trim().split('\r\n');
  assert.equal(lines[0], 'product,source,product_id,currency,revenue,cost,margin,cost_charged,cost_estimated,sales,orders,estimated_orders,unpriced_orders');
  assert.ok(lines.includes('1000 Followers,sellauth,4242,USD,12.50,0.27819,12.22181,0.27819,0.00,1,1,0,0'), lines.join('\n'));
  assertErrorShape(assert, await shop.admin.get('/api/admin/money?days=0'), 400, 'invalid_filter');
  assertErrorShape(assert, await shop.admin.get('/api/admin/money.csv?by=week'), 400, 'invalid_filter');
});
