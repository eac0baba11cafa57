// A shop owner's first day, and the buyer's: what broke or confused when tried as a new user.
// Orders that share a number, codes that sell something else, refusals the owner never heard
// of, wholesale prices in public, codes typed with spaces, products named as Sellauth names
// them, a demo panel whose orders move on.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WRANGLER } from '../scripts/local-worker.mjs';
import { startDiscord } from './support/discord.mjs';
import { startFakePanel } from './support/fake-panel.mjs';
import { assertErrorShape, mintCodes, ROOT, SECRETS, startShop } from './support/worker.mjs';

const SUPPORT = 'https://discord.gg/myshop';
let shop;
let discord;
before(async () => {
  discord = await startDiscord();
  shop = await startShop({
    vars: { SUPPORT_CONTACT: SUPPORT, PUBLIC_PRICE_MULTIPLIER: '1.5', DISCORD_WEBHOOK_URL: discord.url, SHOP_NAME: 'Zoë’s Growth Shop' },
  });
});
after(async () => {
  await shop?.stop();
  await discord?.close();
});

const admin = { headers: { 'x-api-key': SECRETS.ADMIN_API_KEY } };
const ytSubs = { service_id: 101, quantity: 100, platform: 'youtube', service_type: 'subscribers', has_refill: true };

async function redeem(code, link) {
  const res = await shop.json('/api/redeem', { code, link });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.order_id;
}

test('two orders with the same panel number each keep their own buyer, link and row', async () => {
  const [a, b] = await mintCodes(shop, { ...ytSubs, count: 2 });
  const first = await redeem(a, 'https://www.youtube.com/@FirstBuyer');
  // The panel restarts its numbering (the demo panel does; so does a shop that changes PANEL_URL).
  shop.panel.state.nextOrder = first;
  const second = await redeem(b, 'https://www.youtube.com/@SecondBuyer');
  assert.equal(second, first);
  const rows = await shop.d1(`SELECT code, link FROM orders WHERE order_id = ${first} ORDER BY id`);
  assert.deepEqual(rows, [{ code: a, link: 'https://www.youtube.com/@FirstBuyer' }, { code: b, link: 'https://www.youtube.com/@SecondBuyer' }]);
  const viewA = await shop.json(`/api/orders/by-code/${a}`);
  const viewB = await shop.json(`/api/orders/by-code/${b}`);
  assert.equal(viewA.body.data.link, 'https://www.youtube.com/@FirstBuyer');
  assert.equal(viewB.body.data.link, 'https://www.youtube.com/@SecondBuyer');
});

test('the migration gives back the orders that numbering overlaps dropped', () => {
  // A database as it was before migration 0005, holding the damage: two used codes with the
  // same order number and only one order row.
  const dir = mkdtempSync(path.join(tmpdir(), 'redeem-edge-migrate-'));
  try {
    cpSync(path.join(ROOT, 'migrations'), path.join(dir, 'migrations'), { recursive: true });
    const later = readdirSync(path.join(dir, 'migrations')).filter((f) => f >= '0005');
    for (const f of later) rmSync(path.join(dir, 'migrations', f));
    writeFileSync(path.join(dir, 'wrangler.toml'), 'name = "m"\ncompatibility_date = "2026-11-01"\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "m"\ndatabase_id = "00000000-0000-0000-0000-000000000000"\nmigrations_dir = "migrations"\n');
    const d1 = (...args) => execFileSync(process.execPath, [WRANGLER, 'd1', ...args, '--local', '--persist-to', path.join(dir, 'state'), '--config', path.join(dir, 'wrangler.toml')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    d1('migrations', 'apply', 'DB');
    const t = '2026-11-20T10:00:00.000Z';
    d1('execute', 'DB', '--command', [
      `INSERT INTO codes (code, service_id, quantity, platform, service_type, status, created_date, order_id) VALUES ('OLD-A', 101, 100, 'youtube', 'subscribers', 'used', '${t}', 23501), ('OLD-B', 101, 100, 'youtube', 'subscribers', 'used', '${t}', 23501)`,
      `INSERT INTO redemption_history (code, user_id, username, service_id, quantity, link, order_id, redeemed_date) VALUES ('OLD-A', 'web', 'a', 101, 100, 'https://www.youtube.com/@A', 23501, '${t}'), ('OLD-B', 'web', 'b', 101, 100, 'https://www.youtube.com/@B', 23501, '2026-11-21T10:00:00.000Z')`,
      `INSERT INTO orders (order_id, code, source, service_id, quantity, link, placed_at) VALUES (23501, 'OLD-A', 'redeem', 101, 100, 'https://www.youtube.com/@A', '${t}')`,
    ].join('; '));
    for (const f of later) cpSync(path.join(ROOT, 'migrations', f), path.join(dir, 'migrations', f));
    d1('migrations', 'apply', 'DB');
    const rows = JSON.parse(d1('execute', 'DB', '--json', '--command', 'SELECT code, order_id, link FROM orders ORDER BY code'))[0].results;
    assert.deepEqual(rows, [
      { code: 'OLD-A', order_id: 23501, link: 'https://www.youtube.com/@A' },
      { code: 'OLD-B', order_id: 23501, link: 'https://www.youtube.com/@B' },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a code whose label contradicts its panel service is refused, naming the service, unless confirmed', async () => {
  const wrong = { count: 1, service_id: 302, quantity: 100, platform: 'youtube', service_type: 'subscribers' };
  const refused = await shop.json('/api/admin/codes', wrong, admin);
  assertErrorShape(assert, refused, 400, 'service_mismatch');
  assert.match(refused.body.message, /302 is "TikTok Views"/);
  assert.equal((await shop.json('/api/admin/codes', { ...wrong, confirm_mismatch: true }, admin)).status, 201);
  const product = { product_id: 4401, service_id: 302, quantity: 100, platform: 'youtube', service_type: 'subscribers' };
  assertErrorShape(assert, await shop.json('/api/admin/products', product, admin), 400, 'service_mismatch');
  assert.equal((await shop.d1("SELECT count(*) AS n FROM products WHERE product_id = '4401'"))[0].n, 0);
  // What fits passes without a word.
  assert.equal((await shop.json('/api/admin/codes', { count: 1, ...ytSubs }, admin)).status, 201);
});

test('a refusal the shop caused is listed for the owner, alerted once per reason, and the buyer is told whom to ask', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  discord.messages.length = 0;
  for (let i = 0; i < 2; i++) {
    shop.panel.fail('add', 'error', { message: 'Invalid API key' });
    const res = await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@Unlucky' });
    assertErrorShape(assert, res, 502, 'panel_rejected');
    assert.equal(res.body.error.support, SUPPORT);
  }
  const list = await shop.get('/api/admin/failures?days=7', admin);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const row = list.body.data.failures.find((f) => f.code === code);
  assert.deepEqual([row.reason, row.attempts], ['Invalid API key', 2]);
  assert.equal(discord.messages.filter((m) => /refused a redemption/.test(m.content)).length, 1, 'once per reason per hour');
  shop.panel.fail('add', 'error', { message: 'Quantity more than maximal 100' });
  assert.equal((await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@Unlucky' })).status, 502);
  assert.equal(discord.messages.filter((m) => /refused a redemption/.test(m.content)).length, 2, 'another reason, another alert');
  assert.equal((await shop.json('/api/validate-code', { code })).status, 200, 'the buyer kept the code');
  const health = await shop.json('/api/health');
  assert.deepEqual([health.body.data.shop, health.body.data.support], ['Zoë’s Growth Shop', SUPPORT]);
});

test('the public catalogue never shows the wholesale rate; the shop publishes its own price', async () => {
  const res = await shop.json('/api/services');
  const yt = res.body.data.services.find((s) => s.service === 101);
  assert.equal(yt.rate, '3.60', 'the fake panel charges 2.40; x1.5 is 3.60');
  assert.ok(!JSON.stringify(res.body).includes('"2.40"'));
  const cheap = await shop.json('/api/search', { query: 'youtube', max_price: 1.5 });
  assert.deepEqual(cheap.body.data.services.map((s) => [s.service, s.rate]), [[102, '1.35'], [103, '0.75']]);
});

test('a code typed with spaces or without dashes is the same code', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  for (const typed of [code.replaceAll('-', ' '), code.replaceAll('-', ''), ` ${code.toLowerCase()} `]) {
    const v = await shop.json('/api/validate-code', { code: typed });
    assert.equal(v.status, 200, `${typed}: ${JSON.stringify(v.body)}`);
    assert.equal(v.body.data.code, code);
  }
  await redeem(code.replaceAll('-', ' '), 'https://www.youtube.com/@Spaced');
  assert.equal((await shop.d1(`SELECT status FROM codes WHERE code = '${code}'`))[0].status, 'used');
  assert.equal((await shop.json(`/api/orders/by-code/${code.replaceAll('-', '')}`)).status, 200);
  assert.equal((await shop.get(`/api/admin/codes/${code.replaceAll('-', '')}`, admin)).body.data.code.code, code);
});

test('an imported code that equals another once dashes are ignored is a conflict, never merged', async () => {
  const row = (code) => ({ code, service_id: 101, quantity: 100, platform: 'youtube', service_type: 'subscribers', status: 'unused', created_date: '2026-11-01 10:00:00' });
  const res = await shop.json('/api/admin/import', { codes: [row('PROMO-2026-AB'), row('PROMO2026AB'), row('PROMO-2026A-B')] }, admin);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const { imported, conflicts } = res.body.data.codes;
  assert.equal(imported, 1);
  assert.deepEqual(conflicts.map((c) => [c.code, c.same_as]), [['PROMO2026AB', 'PROMO-2026-AB'], ['PROMO-2026A-B', 'PROMO-2026-AB']]);
  assert.equal((await shop.d1("SELECT count(*) AS n FROM codes WHERE code_key = 'PROMO2026AB'"))[0].n, 1);
});

test('product mappings are addressed by the Sellauth product and variant ids the owner knows', async () => {
  const base = { product_id: 12345, service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers' };
  assert.equal((await shop.json('/api/admin/products', base, admin)).status, 201);
  assert.equal((await shop.json('/api/admin/products', { ...base, variant_id: 678, quantity: 2000 }, admin)).status, 201);
  const put = await shop.json('/api/admin/products/12345', { ...base, quantity: 1500 }, { ...admin, method: 'PUT' });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.deepEqual([put.body.data.product.variant_id, put.body.data.product.quantity], ['', 1500]);
  const variant = await shop.json('/api/admin/products/12345?variant_id=678', { ...base, variant_id: 678, quantity: 2500 }, { ...admin, method: 'PUT' });
  assert.deepEqual([variant.status, variant.body.data.product.quantity], [200, 2500]);
  assertErrorShape(assert, await shop.json('/api/admin/products/99999', { ...base }, { ...admin, method: 'PUT' }), 404, 'product_not_found');
  const del = await shop.fetch('/api/admin/products/12345?variant_id=678', { method: 'DELETE', headers: admin.headers });
  assert.equal(del.status, 200);
  assert.deepEqual(await shop.d1("SELECT variant_id, quantity FROM products WHERE product_id = '12345'"), [{ variant_id: '', quantity: 1500 }]);
});

test('the live link hint is the server\'s own rule', async () => {
  const [views] = await mintCodes(shop, { service_id: 102, quantity: 500, platform: 'youtube', service_type: 'views' });
  const ok = await shop.json('/api/check-link', { code: views, link: 'youtu.be/dQw4w9WgXcQ' });
  assert.deepEqual([ok.status, ok.body.data.link], [200, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ']);
  // A channel is a YouTube link, but not what a views code is for.
  assertErrorShape(assert, await shop.json('/api/check-link', { code: views, link: 'https://www.youtube.com/@SomeChannel' }), 422, 'invalid_link');
});

test("the demo panel's orders move from Pending through In progress to Completed", async () => {
  const panel = await startFakePanel({ progress: { pending: 300, running: 600 } });
  try {
    const ask = async (fields) => (await fetch(panel.url, { method: 'POST', body: new URLSearchParams({ key: 'k', ...fields }) })).json();
    const { order } = await ask({ action: 'add', service: '101', link: 'https://www.youtube.com/@Demo', quantity: '100' });
    const seen = [];
    for (let i = 0; i < 12 && seen.at(-1) !== 'Completed'; i++) {
      const s = await ask({ action: 'status', order: String(order) });
      if (seen.at(-1) !== s.status) seen.push(s.status);
      await sleep(100);
    }
    assert.deepEqual(seen, ['Pending', 'In progress', 'Completed']);
    const done = await ask({ action: 'status', order: String(order) });
    assert.equal(done.remains, '0');
    assert.ok(Number(done.start_count) > 0);
  } finally {
    await panel.close();
  }
});
