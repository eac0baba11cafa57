// Checkout orders: a product that asks for the link at Sellauth's checkout is ordered straight
// from the delivery, exactly once per invoice item, and falls back to a code whenever that
// cannot be done safely.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertErrorShape, deliver, startShop } from './support/worker.mjs';

let shop;
before(async () => {
  shop = await startShop({ vars: { PANEL_TIMEOUT_MS: '1500' } });
  const res = await shop.admin.post('/api/admin/products', {
    product_id: 6601, service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers',
    has_refill: true, fulfilment: 'order', link_field: 'Channel',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.deepEqual([res.body.data.product.fulfilment, res.body.data.product.link_field], ['order', 'Channel']);
});
after(async () => { await shop?.stop(); });

let nextInvoice = 880001;
function checkout({ quantity = 3, fields = { ' channel ': 'youtube.com/@CheckoutBuyer?si=share' }, invoice = nextInvoice++ } = {}) {
  return JSON.stringify({
    event: 'INVOICE.ITEM.DELIVER-DYNAMIC', id: invoice, email: 'buyer@example.com',
    item: { id: 1, invoice_id: invoice, product_id: 6601, variant_id: null, quantity, custom_fields: fields, product: { id: 6601, name: 'YouTube subscribers' } },
  });
}
const codeIn = (text) => /#code=([A-Z0-9-]+)/.exec(text)?.[1];
const invoiceOf = (raw) => JSON.parse(raw).id;

test('a delivery with a valid link places one order of N x the quantity, and says where to follow it', async () => {
  const adds = shop.panel.calls('add').length;
  const raw = checkout({ quantity: 3 });
  const res = await deliver(shop, raw);
  assert.equal(res.status, 200, res.text);
  assert.match(res.type, /^text\/plain/);
  const code = codeIn(res.text);
  assert.match(res.text, new RegExp(`^Order (\\d+) placed: 3,000 YouTube subscribers for https://www\\.youtube\\.com/@CheckoutBuyer\\.\\nFollow it: http://[^/]+/#code=${code}$`));
  const calls = shop.panel.calls('add').slice(adds);
  assert.equal(calls.length, 1);
  assert.deepEqual([calls[0].fields.service, calls[0].fields.quantity, calls[0].fields.link], ['101', '3000', 'https://www.youtube.com/@CheckoutBuyer']);
  const rows = await shop.d1(`SELECT code, quantity, status, source FROM codes WHERE invoice_id = '${invoiceOf(raw)}'`);
  assert.deepEqual(rows, [{ code, quantity: 3000, status: 'used', source: 'sellauth' }]);

  // The same delivery again: the same text, no second order.
  const again = await deliver(shop, raw);
  assert.equal(again.text, res.text);
  assert.equal(shop.panel.calls('add').length - adds, 1);

  // The order page and a refill work for the code as for any redeemed code.
  const page = await shop.get(`/api/orders/by-code/${code}`);
  assert.equal(page.status, 200, JSON.stringify(page.body));
  assert.equal(page.body.data.link, 'https://www.youtube.com/@CheckoutBuyer');
  shop.panel.setOrderStatus(page.body.data.order_id, { status: 'Completed', remains: 0 });
  assert.equal((await shop.post('/api/refill', { code })).status, 200);

  // The dashboard's delivery list says an order was placed.
  const list = await shop.admin.get('/api/admin/deliveries');
  const row = list.body.data.deliveries.find((d) => d.invoice_id === String(invoiceOf(raw)));
  assert.equal(row.outcome, 'placed');
});

test('ten concurrent duplicates place one order; each answer names the same code', async () => {
  const adds = shop.panel.calls('add').length;
  shop.panel.fail('add', 'slow', { ms: 500 });
  const raw = checkout({ quantity: 1 });
  const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(shop, raw)));
  assert.ok(answers.every((a) => a.status === 200), answers.map((a) => a.status).join());
  assert.equal(shop.panel.calls('add').length - adds, 1);
  const codes = new Set(answers.map((a) => codeIn(a.text)));
  assert.equal(codes.size, 1, [...codes].join());
  assert.equal(answers.filter((a) => /^Order \d+ placed/.test(a.text)).length, 1, 'the winner names the order');
  for (const a of answers.filter((x) => !/^Order/.test(x.text))) assert.match(a.text, /^Your order is being placed\. Follow it: /);
  // Once placed, a retry names the order too.
  assert.match((await deliver(shop, raw)).text, /^Order \d+ placed/);
});

test('an invalid link, a missing field or a refusing panel buys nothing; the buyer gets the code and why', async () => {
  const cases = [
    [{ Channel: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }, null, /YouTube channel link/],
    [{ Link: 'https://www.youtube.com/@Elsewhere' }, null, /"Channel" field was empty/],
    [{ Channel: 'https://www.youtube.com/@Refused' }, 'Quantity more than maximal 100', /quantity of this order/],
  ];
  for (const [fields, refusal, why] of cases) {
    const adds = shop.panel.calls('add').length;
    if (refusal) shop.panel.fail('add', 'error', { message: refusal });
    const raw = checkout({ fields });
    const res = await deliver(shop, raw);
    assert.equal(res.status, 200, res.text);
    const code = codeIn(res.text);
    const [first, second] = res.text.split('\n');
    assert.match(first, /^We could not place your order: /);
    assert.match(first, why);
    assert.equal(second, `Your code: ${code} - redeem it with a correct link at ${shop.base}/#code=${code}`);
    assert.equal(shop.panel.calls('add').length - adds, refusal ? 1 : 0);
    assert.equal((await shop.d1(`SELECT status FROM codes WHERE code = '${code}'`))[0].status, 'unused');
    const row = (await shop.admin.get('/api/admin/deliveries')).body.data.deliveries.find((d) => d.invoice_id === String(invoiceOf(raw)));
    assert.equal(row.outcome, 'fell_back');
    assert.equal((await deliver(shop, raw)).text, res.text, 'a retry answers the same');
  }
  // The buyer redeems the code on the page with a correct link: one order, as for any code.
  const raw = checkout({ fields: { Channel: 'not a link' } });
  const code = codeIn((await deliver(shop, raw)).text);
  const redeemed = await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@Fixed' });
  assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
  assert.equal(redeemed.body.data.quantity, 3000);
});

test('a panel that does not answer holds the code for review and tells the buyer it is being checked', async () => {
  shop.panel.fail('add', 'hang');
  const raw = checkout({ fields: { Channel: 'https://www.youtube.com/@Unsure' } });
  const res = await deliver(shop, raw);
  assert.equal(res.status, 200, res.text);
  const code = codeIn(res.text);
  assert.match(res.text, /^Your order is being checked with our supplier/);
  assert.equal((await shop.d1(`SELECT status FROM codes WHERE code = '${code}'`))[0].status, 'needs_review');
  const row = (await shop.admin.get('/api/admin/deliveries')).body.data.deliveries.find((d) => d.invoice_id === String(invoiceOf(raw)));
  assert.equal(row.outcome, 'review');
});

test('a mapping orders only with a link field to read', async () => {
  const base = { product_id: 6602, service_id: 101, quantity: 100, platform: 'youtube', service_type: 'subscribers' };
  assertErrorShape(assert, await shop.admin.post('/api/admin/products', { ...base, fulfilment: 'order' }), 422, 'invalid_template');
  assertErrorShape(assert, await shop.admin.post('/api/admin/products', { ...base, fulfilment: 'instant' }), 422, 'invalid_template');
  const plain = await shop.admin.post('/api/admin/products', base);
  assert.deepEqual([plain.status, plain.body.data.product.fulfilment, plain.body.data.product.link_field], [201, 'code', null]);
});

test('a delivery whose first attempt died before placing is taken over by a retry, still once', async () => {
  // As if the first attempt claimed the item and died before reaching the panel.
  shop.panel.fail('add', 'error', { message: 'Quantity more than maximal 100' });
  const raw = checkout({ quantity: 1, fields: { Channel: 'https://www.youtube.com/@TakenOver' } });
  const first = await deliver(shop, raw);
  const code = codeIn(first.text);
  await shop.d1(`UPDATE webhook_deliveries SET outcome = 'placing', answer = NULL WHERE invoice_id = '${invoiceOf(raw)}'`);
  const adds = shop.panel.calls('add').length;
  const retry = await deliver(shop, raw);
  assert.match(retry.text, /^Order \d+ placed: 1,000 YouTube subscribers for https:\/\/www\.youtube\.com\/@TakenOver\./);
  assert.equal(codeIn(retry.text), code);
  const again = await deliver(shop, raw);
  assert.equal(again.text, retry.text);
  assert.equal(shop.panel.calls('add').length - adds, 1);
});

test('the Overview lists each delivery with what it came to', async () => {
  const { launchBrowser, openAdmin, screenshot, seeText } = await import('./support/browser.mjs');
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await openAdmin(page, shop.base);
    const results = await seeText(page, '#deliveries-body', /Order placed/);
    for (const want of ['Fell back to a code', 'Order being checked']) assert.ok(results.includes(want), results);
    await screenshot(page, 'admin-11-deliveries');
  } finally {
    await browser.close();
  }
});
