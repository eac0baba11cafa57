import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertErrorShape, SECRETS, startShop } from './support/worker.mjs';

// A shop that has configured nothing yet: no admin key, no panel key, no webhook secret.
let shop;
before(async () => { shop = await startShop({ vars: { ADMIN_API_KEY: '', PANEL_API_KEY: '', SELLAUTH_WEBHOOK_SECRET: '' } }); });
after(async () => { await shop?.stop(); });

test('health answers ok after a real D1 query', async () => {
  const res = await shop.json('/api/health');
  assert.equal(res.status, 200);
  assert.equal(res.body.success, true);
  assert.equal(res.body.data.status, 'ok');
  assert.equal(res.body.data.db, 'ok');
  assert.match(res.body.data.version, /^\d+\.\d+\.\d+$/);
  assert.match(res.headers.get('content-type'), /application\/json/);
});

test('an unknown API address is a 404 in the one error shape', async () => {
  assertErrorShape(assert, await shop.json('/api/nope'), 404, 'not_found');
  assertErrorShape(assert, await shop.json('/api/health/extra'), 404, 'not_found');
});

test('a wrong method is a 405 in the one error shape', async () => {
  assertErrorShape(assert, await shop.json('/api/health', {}), 405, 'method_not_allowed');
  assertErrorShape(assert, await shop.get('/api/health', { method: 'DELETE' }), 405, 'method_not_allowed');
});

test('the redemption page is served at /', async () => {
  const res = await shop.fetch('/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  const html = await res.text();
  assert.match(html, /<form[^>]*id="code-form"/);
  assert.match(html, /<script src="\/app\.[0-9a-f]{10}\.js"/);
});

test('the admin dashboard is served at /admin', async () => {
  const res = await shop.fetch('/admin');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /id="login-form"/);
  assert.match(html, /<script src="\/admin\.[0-9a-f]{10}\.js"/);
});

test('pages load nothing from other origins', async () => {
  for (const page of ['/', '/admin']) {
    const html = await (await shop.fetch(page)).text();
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, `${page} references another origin`);
  }
});

test('admin stays closed, not open, while no admin key is configured', async () => {
  const body = { count: 1, service_id: 1, quantity: 100, platform: 'youtube', service_type: 'views' };
  for (const key of [undefined, '', SECRETS.ADMIN_API_KEY]) {
    const res = await shop.json('/api/admin/codes', body, key === undefined ? {} : { headers: { 'x-api-key': key } });
    assertErrorShape(assert, res, 503, 'admin_not_configured');
  }
});

test('redeeming without a configured panel says so and spends nothing', async () => {
  const res = await shop.json('/api/redeem', { code: 'SMM-AAAA-BBBB-CCCC-DDDD', link: 'https://www.youtube.com/@x' });
  assertErrorShape(assert, res, 404, 'code_not_found');
  const services = await shop.json('/api/services');
  assertErrorShape(assert, services, 503, 'not_configured');
});

test('the Sellauth webhook refuses everything while no secret is configured', async () => {
  const res = await shop.json('/webhook/sellauth', { event: 'INVOICE.ITEM.DELIVER-DYNAMIC', id: 1 }, { headers: { 'x-signature': 'a'.repeat(64) } });
  assertErrorShape(assert, res, 503, 'not_configured');
});

test('scripts and styles are cached for a year under content-hashed names; pages for a minute with validators', async () => {
  const html = await (await shop.fetch('/')).text();
  const assets = [...html.matchAll(/(?:src|href)="(\/[a-z-]+\.[0-9a-f]{10}\.(?:js|css))"/g)].map((m) => m[1]);
  assert.ok(assets.length >= 2, `hashed assets referenced: ${assets}`);
  for (const a of assets) {
    const res = await shop.fetch(a);
    assert.equal(res.status, 200, a);
    assert.match(res.headers.get('cache-control'), /max-age=31536000.*immutable/, a);
  }
  for (const page of ['/', '/admin']) {
    const res = await shop.fetch(page);
    assert.match(res.headers.get('cache-control'), /max-age=60/, page);
    const etag = res.headers.get('etag');
    assert.ok(etag, `${page} has a validator`);
    const again = await shop.fetch(page, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304, `${page} revalidates`);
  }
  assert.equal((await shop.fetch('/app.js')).status, 404, 'only hashed names are served');
});
