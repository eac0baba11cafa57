// Abuse and browser security: rate limits, CORS, security headers, body limits.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertErrorShape, mintCodes, SECRETS, startShop } from './support/worker.mjs';

let shop;
before(async () => { shop = await startShop({ vars: { CORS_ALLOWED_ORIGINS: 'https://store.example, https://other.example/' } }); });
after(async () => { await shop?.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Waits for the start of the next 10-second rate-limit window (windows follow the clock). */
const nextWindow = () => sleep(10_000 - (Date.now() % 10_000) + 300);

test('every answer carries the security headers, pages and API alike', async () => {
  const html = await (await shop.fetch('/')).text();
  const [script, style] = ['app', 'style'].map((n) => html.match(new RegExp(`/${n}\\.[0-9a-f]{10}\\.(js|css)`))[0]);
  const paths = [['GET', '/'], ['GET', '/admin'], ['GET', script], ['GET', style], ['GET', '/api/health'],
    ['GET', '/api/nope'], ['POST', '/api/validate-code'], ['GET', '/api/admin/codes'], ['POST', '/webhook/sellauth']];
  for (const [method, path] of paths) {
    const res = await shop.fetch(path, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
    await res.arrayBuffer();
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/, `${method} ${path}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/, `${method} ${path}: ${csp}`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${method} ${path}`);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer', `${method} ${path}`);
  }
  const page = await shop.fetch('/');
  assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
});

test('a storefront on an allowed origin may call the public API; others, and admin, may not', async () => {
  const preflight = (path, origin) => shop.fetch(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
  const ok = await preflight('/api/validate-code', 'https://store.example');
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), 'https://store.example');
  assert.match(ok.headers.get('access-control-allow-methods'), /POST/);
  assert.equal((await preflight('/api/redeem', 'https://other.example')).status, 204);
  for (const [path, origin] of [['/api/validate-code', 'https://evil.example'], ['/api/admin/codes', 'https://store.example'], ['/webhook/sellauth', 'https://store.example']]) {
    const res = await preflight(path, origin);
    assert.equal(res.status, 403, `${path} from ${origin}`);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    assert.equal((await res.json()).error.code, 'cross_origin_refused');
  }
  const real = await shop.fetch('/api/health', { headers: { origin: 'https://store.example' } });
  assert.equal(real.headers.get('access-control-allow-origin'), 'https://store.example');
  const foreign = await shop.fetch('/api/health', { headers: { origin: 'https://evil.example' } });
  assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  const adminFromStore = await shop.fetch('/api/admin/codes', { headers: { origin: 'https://store.example', 'x-api-key': SECRETS.ADMIN_API_KEY } });
  assert.equal(adminFromStore.headers.get('access-control-allow-origin'), null);
});

test('one client guessing codes is slowed down, others are not, and it recovers', async () => {
  await nextWindow();
  const me = { 'cf-connecting-ip': '198.51.100.7' };
  const statuses = [];
  for (let i = 0; i < 12; i++) statuses.push((await shop.json('/api/validate-code', { code: `SMM-GUES-SING-${String(i).padStart(4, '2')}` }, { headers: me })).status);
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(404));
  const limited = await shop.json('/api/validate-code', { code: 'SMM-ONE-MORE' }, { headers: me });
  assertErrorShape(assert, limited, 429, 'rate_limited');
  assert.equal(limited.headers.get('retry-after'), '10');
  assert.equal((await shop.json('/api/validate-code', { code: 'SMM-SOMEONE-ELSE' })).status, 404, 'another client is unaffected');
  await nextWindow();
  assert.equal((await shop.json('/api/validate-code', { code: 'SMM-AFTER-WAIT' }, { headers: me })).status, 404);
});

test('redeem and refill have their own, tighter limit', async () => {
  await nextWindow();
  const me = { 'cf-connecting-ip': '198.51.100.8' };
  const [code] = await mintCodes(shop, { service_id: 101, quantity: 100, platform: 'youtube', service_type: 'subscribers' });
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }, { headers: me })).status);
  assert.deepEqual(statuses, [422, 422, 422, 422, 429]);
});

test('a client that keeps guessing the admin key is locked out, even if it then guesses right', async () => {
  await nextWindow();
  const from = (ip, key) => ({ headers: { 'cf-connecting-ip': ip, 'x-api-key': key } });
  const statuses = [];
  for (let i = 0; i < 6; i++) statuses.push((await shop.get('/api/admin/codes', from('198.51.100.9', `guess-${i}`))).status);
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  const locked = await shop.get('/api/admin/codes', from('198.51.100.9', SECRETS.ADMIN_API_KEY));
  assertErrorShape(assert, locked, 429, 'rate_limited');
  assert.equal(locked.headers.get('retry-after'), '60');
  assert.equal((await shop.get('/api/admin/codes', from('198.51.100.10', SECRETS.ADMIN_API_KEY))).status, 200, 'the shop owner elsewhere is unaffected');
});

test('an IPv6 client counts as its whole /64', async () => {
  await nextWindow();
  const statuses = [];
  for (let i = 0; i < 11; i++) {
    const ip = `2001:db8:77:1:${(i + 1).toString(16)}::${i + 7}`;
    statuses.push((await shop.json('/api/validate-code', { code: 'SMM-ROTA-TING-ADDR-ESS2' }, { headers: { 'cf-connecting-ip': ip } })).status);
  }
  assert.deepEqual(statuses, [...Array(10).fill(404), 429]);
});

test('oversized bodies are refused before they are read', async () => {
  const big = JSON.stringify({ code: 'x'.repeat(17 * 1024) });
  assertErrorShape(assert, await shop.json('/api/validate-code', big), 413, 'payload_too_large');
  assertErrorShape(assert, await shop.json('/api/refill', big), 413, 'payload_too_large');
  // A redemption may carry a comment per unit: 4 MiB, and not a byte more.
  const huge = JSON.stringify({ code: 'x', link: 'x', comments: 'x'.repeat(4 * 1024 * 1024) });
  assertErrorShape(assert, await shop.json('/api/redeem', huge), 413, 'payload_too_large');
});
