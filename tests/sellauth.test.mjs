// Sellauth's dynamic delivery against the real worker: signed over raw bytes, once per item.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertErrorShape, deliver as deliverTo, SECRETS, sign, startShop } from './support/worker.mjs';

let shop;
before(async () => { shop = await startShop(); });
after(async () => { await shop?.stop(); });

const admin = { headers: { 'x-api-key': SECRETS.ADMIN_API_KEY } };

let nextInvoice = 900001;
/** A payload shaped like Sellauth's documented example, serialised the way PHP's json_encode does (`\/`). */
function payload({ productId = 5501, variantId = null, quantity = 2, invoice = nextInvoice++, item = 1 } = {}) {
  const p = {
    event: 'INVOICE.ITEM.DELIVER-DYNAMIC', id: invoice, unique_id: `inv-${invoice}-abcdef`, status: 'completed',
    status_description: null, price: '4.99', paid: '4.99', currency: 'USD', amount: 1, tax_rate: '0.00',
    coupon_discount: '0.00', gateway_fee: '0.00', gateway: 'STRIPE', payment_method_id: null, stripe_pi_id: 'pi_123',
    email: 'buyer@example.com', ip: '203.0.113.7', country_code: 'DE',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36', shop_id: 77, shop_customer_id: 12,
    created_at: '2026-11-25T10:00:00.000000Z', completed_at: '2026-11-25T10:01:00.000000Z', updated_at: '2026-11-25T10:01:00.000000Z',
    customer: { id: 12, shop_id: 77, email: 'buyer@example.com' }, payments: [],
    item: {
      id: item, invoice_id: invoice, product_id: productId, variant_id: variantId, status: 'pending', price: '4.99',
      quantity, total_price: '9.98', custom_fields: { 'Your handle': 'Zoë ☃ @zoe' },
      product: { id: productId, name: 'YouTube 1000 Subscribers' }, variant: variantId ? { id: variantId, name: 'Big' } : null,
    },
  };
  return JSON.stringify(p).replaceAll('/', '\\/');
}

const deliver = (raw, headers) => deliverTo(shop, raw, headers);

const codesOf = (text) => text.split('\n').map((line) => line.split(' ')[0]);

const mapping = { product_id: 5501, service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers', has_refill: true };

test('a signed delivery answers one redeemable code per unit, one per line', async () => {
  const created = await shop.json('/api/admin/products', mapping, admin);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const raw = payload({ quantity: 3 });
  const res = await deliver(raw);
  assert.equal(res.status, 200, res.text);
  assert.match(res.type, /^text\/plain; charset=utf-8/);
  const lines = res.text.split('\n');
  assert.equal(lines.length, 3);
  for (const line of lines) assert.match(line, /^SMM(-[2-9A-HJKMNP-Z]{4}){4} - redeem at http:\/\/127\.0\.0\.1:\d+\/#code=SMM/);
  for (const code of codesOf(res.text)) {
    const v = await shop.json('/api/validate-code', { code });
    assert.equal(v.status, 200);
    assert.deepEqual([v.body.data.service_id, v.body.data.quantity, v.body.data.platform, v.body.data.has_refill], [101, 1000, 'youtube', true]);
  }
  const [row] = await shop.d1(`SELECT count(*) AS n, min(buyer_email) AS email, min(source) AS source FROM codes WHERE invoice_id = '${JSON.parse(raw).id}'`);
  assert.deepEqual(row, { n: 3, email: 'buyer@example.com', source: 'sellauth' });
});

test('the same delivery again, or ten at once, hands out the same codes', async () => {
  const raw = payload({ quantity: 2 });
  const first = await deliver(raw);
  assert.equal(first.status, 200);
  const again = await deliver(raw);
  assert.equal(again.text, first.text);

  const racing = payload({ quantity: 4 });
  const all = await Promise.all(Array.from({ length: 10 }, () => deliver(racing)));
  assert.deepEqual(new Set(all.map((r) => r.status)), new Set([200]));
  assert.equal(new Set(all.map((r) => r.text)).size, 1, 'every duplicate saw the same codes');
  const [row] = await shop.d1(`SELECT count(*) AS n FROM codes WHERE invoice_id = '${JSON.parse(racing).id}'`);
  assert.equal(row.n, 4);
});

test('the signature covers the raw bytes, not a re-serialised body', async () => {
  const raw = payload();
  const signed = sign(raw);
  const reserialised = JSON.stringify(JSON.parse(raw)); // `/` no longer escaped
  assert.notEqual(reserialised, raw);
  const refused = await deliver(reserialised, { 'x-signature': signed });
  assertErrorShape(assert, { status: refused.status, body: JSON.parse(refused.text) }, 401, 'invalid_signature');
  const ok = await deliver(raw, { 'x-signature': `sha256=${signed.toUpperCase()}` });
  assert.equal(ok.status, 200, ok.text);
});

test('a wrong, missing or truncated signature is 401 and writes nothing', async () => {
  const raw = payload();
  const id = JSON.parse(raw).id;
  for (const headers of [{ 'x-signature': sign(raw, 'wrong-secret') }, {}, { 'x-signature': sign(raw).slice(0, 40) }, { 'x-signature': 'zz'.repeat(32) }]) {
    const res = await deliver(raw, headers);
    assert.equal(res.status, 401, res.text);
    assert.equal(JSON.parse(res.text).error.code, 'invalid_signature');
  }
  const tampered = raw.replace('"quantity":2', '"quantity":200');
  assert.equal((await deliver(tampered, { 'x-signature': sign(raw) })).status, 401);
  const [row] = await shop.d1(`SELECT (SELECT count(*) FROM codes WHERE invoice_id = '${id}') + (SELECT count(*) FROM webhook_deliveries WHERE invoice_id = '${id}') AS n`);
  assert.equal(row.n, 0);
});

test('an unmapped product fails visibly, and the retry after mapping it delivers', async () => {
  const raw = payload({ productId: 6601, variantId: 3, quantity: 1 });
  const failed = await deliver(raw);
  assert.equal(failed.status, 422, failed.text);
  assert.equal(JSON.parse(failed.text).error.code, 'unmapped_product');
  const list = await shop.get('/api/admin/deliveries?status=failed', admin);
  assert.ok(list.body.data.deliveries.some((d) => d.product_id === '6601' && /not mapped/.test(d.error)));
  const [audit] = await shop.d1(`SELECT count(*) AS n FROM audit_log WHERE action = 'delivery.unmapped_product'`);
  assert.ok(audit.n >= 1);

  const mapped = await shop.json('/api/admin/products', { ...mapping, product_id: '6601', variant_id: 3, service_id: 202, quantity: 50, platform: 'instagram', service_type: 'likes' }, admin);
  assert.equal(mapped.status, 201, JSON.stringify(mapped.body));
  const retry = await deliver(raw);
  assert.equal(retry.status, 200, retry.text);
  const v = await shop.json('/api/validate-code', { code: codesOf(retry.text)[0] });
  assert.deepEqual([v.body.data.service_id, v.body.data.platform], [202, 'instagram']);
});

test('other events are acknowledged and recorded; junk is refused', async () => {
  const note = JSON.stringify({ event: 'NOTIFICATION.SHOP_INVOICE_CREATED', data: { invoice_id: 1218 }, shop_id: 1 });
  const res = await deliver(note);
  assert.equal(res.status, 200, res.text);
  const [row] = await shop.d1(`SELECT count(*) AS n FROM webhook_events WHERE invoice_id = '1218'`);
  assert.equal(row.n, 1);
  assert.equal((await deliver('{nope')).status, 400);
  const noItem = JSON.stringify({ event: 'INVOICE.ITEM.DELIVER-DYNAMIC', id: 5 });
  assert.equal((await deliver(noItem)).status, 400);
  const huge = payload({ quantity: 5000 });
  const tooMany = await deliver(huge);
  assert.equal(tooMany.status, 422);
  assert.equal(JSON.parse(tooMany.text).error.code, 'quantity_too_large');
  const big = 'x'.repeat(1024 * 1024 + 10);
  assert.equal((await deliver(big)).status, 413);
});

test('voiding an invoice stops its unredeemed codes and leaves redeemed ones alone', async () => {
  const raw = payload({ quantity: 2 });
  const [first, second] = codesOf((await deliver(raw)).text);
  const redeemed = await shop.json('/api/redeem', { code: first, link: 'https://www.youtube.com/@Refunded' });
  assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
  const history = await shop.json('/api/user/redemptions', { code: second });
  assert.equal(history.body.data.count, 0, "a code never shows another code's redemption");
  assert.equal((await shop.json('/api/user/redemptions', { code: first })).body.data.count, 1);
  const id = JSON.parse(raw).id;
  assertErrorShape(assert, await shop.json(`/api/admin/invoices/${id}/void`, {}), 401, 'unauthorized');
  const voided = await shop.json(`/api/admin/invoices/${id}/void`, {}, admin);
  assert.equal(voided.status, 200, JSON.stringify(voided.body));
  assert.deepEqual([voided.body.data.voided, voided.body.data.codes], [1, 2]);
  assertErrorShape(assert, await shop.json('/api/validate-code', { code: second }), 410, 'code_void');
  assertErrorShape(assert, await shop.json('/api/validate-code', { code: first }), 409, 'code_already_used');
  // An invoice with no codes yet is remembered as voided (tests/cloudflare.test.mjs follows it).
  const early = await shop.json('/api/admin/invoices/424242/void', {}, admin);
  assert.deepEqual([early.status, early.body.data.codes], [200, 0]);
});

test('a refunded invoice stays refunded even for a code that was waiting for review', async () => {
  const raw = payload({ quantity: 1 });
  const [code] = codesOf((await deliver(raw)).text);
  shop.panel.fail('add', 'garbage');
  assert.equal((await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@Unsure' })).status, 504);
  const id = JSON.parse(raw).id;
  const voided = await shop.json(`/api/admin/invoices/${id}/void`, {}, admin);
  assert.deepEqual([voided.body.data.voided, voided.body.data.codes], [0, 1]);
  // Support finds no panel order and gives the code "back": for a refunded invoice that means void.
  const resolved = await shop.json(`/api/admin/codes/${code}/resolve`, { back_to_unused: true }, admin);
  assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
  assertErrorShape(assert, await shop.json('/api/validate-code', { code }), 410, 'code_void');
});

test('product mappings are listed, changed, validated and deleted', async () => {
  const created = await shop.json('/api/admin/products', { ...mapping, product_id: 7701 }, admin);
  const id = created.body.data.product.id;
  assertErrorShape(assert, await shop.json('/api/admin/products', { ...mapping, product_id: 7701 }, admin), 409, 'product_already_mapped');
  assertErrorShape(assert, await shop.json('/api/admin/products', { ...mapping, product_id: 7702, platform: 'myspace' }, admin), 422, 'invalid_template');
  assertErrorShape(assert, await shop.json('/api/admin/products', { ...mapping, product_id: 7702, quantity: 0 }, admin), 422, 'invalid_template');
  // Addressed by the Sellauth product id the owner knows (the product-wide mapping).
  const put = await shop.json('/api/admin/products/7701', { ...mapping, product_id: 7701, quantity: 2000 }, { method: 'PUT', ...admin });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.data.product.quantity, 2000);
  const list = await shop.get('/api/admin/products', admin);
  assert.ok(list.body.data.products.some((p) => p.id === id && p.quantity === 2000));
  assert.equal((await shop.get('/api/admin/products/7701', { method: 'DELETE', ...admin })).status, 200);
  assertErrorShape(assert, await shop.get('/api/admin/products/7701', { method: 'DELETE', ...admin }), 404, 'product_not_found');
  assertErrorShape(assert, await shop.get('/api/admin/products'), 401, 'unauthorized');
});
