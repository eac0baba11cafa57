import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertErrorShape, startShop } from './support/worker.mjs';

let shop;
before(async () => { shop = await startShop(); });
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
  assertErrorShape(assert, await shop.json('/api/health', undefined, { method: 'DELETE' }), 405, 'method_not_allowed');
});

test('the redemption page is served at /', async () => {
  const res = await shop.fetch('/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  const html = await res.text();
  assert.match(html, /<form[^>]*id="code-form"/);
  assert.match(html, /<script src="\/app\.js"/);
});

test('the admin dashboard is served at /admin', async () => {
  const res = await shop.fetch('/admin');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /id="login-form"/);
  assert.match(html, /<script src="\/admin\.js"/);
});

test('pages load nothing from other origins', async () => {
  for (const page of ['/', '/admin']) {
    const html = await (await shop.fetch(page)).text();
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, `${page} references another origin`);
  }
});
